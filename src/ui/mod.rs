//! The browser app (wasm32 only): fetches the data, runs the engine, shows the figures.

mod data;
mod summary;

use std::rc::Rc;

use leptos::prelude::*;

use crate::metrics::{self, Query, RowCounts};
use data::Source;

pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let loaded = LocalResource::new(|| data::load(Source::Sample));
    view! {
        <header class="top">
            <h1>"Partner Insights"</h1>
            <p class="tagline">"Customers dashboard, computed in your browser"</p>
        </header>
        <main>
            <Suspense fallback=|| view! { <p class="state loading" role="status">"Loading the sample data…"</p> }>
                {move || loaded.get().map(|result| match result {
                    Ok(model) => view! { <Dashboard model/> }.into_any(),
                    Err(message) => view! {
                        <p class="state error" role="alert">{format!("The data could not be loaded: {message}")}</p>
                    }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn Dashboard(model: Rc<data::Model>) -> impl IntoView {
    let rows = RowCounts { loaded: model.summary.loaded, rejected: model.summary.rejected };
    let report = metrics::report(&model.dataset, rows, None, &Query::default());
    let source = format!(
        "{} · {} rows loaded · {} rejected",
        model.name,
        crate::format::count(rows.loaded as u64),
        crate::format::count(rows.rejected as u64)
    );
    view! {
        <p class="source" data-testid="source">{source}</p>
        {match report {
            Ok(report) => view! { <summary::Summary report/> }.into_any(),
            Err(e) => view! { <p class="state error" role="alert">{e.to_string()}</p> }.into_any(),
        }}
    }
}
