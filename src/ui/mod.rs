//! The browser app (wasm32 only): fetches the data, runs the engine, shows the dashboard.

mod controls;
mod data;
mod echarts;
mod geography;
mod products;
mod sections;
mod state;
mod summary;

use leptos::prelude::*;

use crate::format;
use data::Source;
use state::{use_dashboard, Dashboard};

pub fn start() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let loaded = LocalResource::new(|| data::load(Source::Sample));
    view! {
        <header class="top">
            <div class="brand">
                <h1>"Partner Insights"</h1>
                <p class="tagline">"Customers dashboard, computed in your browser"</p>
            </div>
        </header>
        <main>
            <Suspense fallback=|| view! {
                <div class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>"Loading and computing the sample data…"</div>
            }>
                {move || loaded.get().map(|result| match result {
                    Ok(model) => {
                        let dashboard = Dashboard::new(model);
                        provide_context(dashboard);
                        view! { <DashboardPage/> }.into_any()
                    }
                    Err(message) => view! {
                        <div class="state error" role="alert">{format!("The data could not be loaded: {message}")}</div>
                    }.into_any(),
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn DashboardPage() -> impl IntoView {
    let d = use_dashboard();
    let summary = &d.model.summary;
    let source = format!(
        "{} · {} rows loaded · {} rejected",
        d.model.name,
        format::count(summary.loaded as u64),
        format::count(summary.rejected as u64)
    );
    let report = d.report;
    let filters = d.filters;
    // Sections are created once and follow the report; only a change of
    // status (error, nothing selected, figures) rebuilds the page body.
    let status = Memo::new(move |_| match report.get() {
        Err(e) => Status::Error(e),
        Ok(r) if r.summary.customers.trend.iter().all(|p| p.value == 0) && r.summary.customers_churned.value == 0 => Status::Empty,
        Ok(_) => Status::Ready,
    });
    view! {
        <div class="toolbar">
            <p class="source" data-testid="source">{source}</p>
            <controls::RangeControl/>
        </div>
        <controls::FilterBar/>
        {move || match status.get() {
            Status::Error(e) => view! { <div class="state error" role="alert">{e}</div> }.into_any(),
            Status::Empty => view! {
                <div class="state empty" data-testid="empty">
                    <p>"No customers match these filters in the selected months."</p>
                    <button class="primary" on:click=move |_| filters.set(Default::default())>"Clear all filters"</button>
                </div>
            }.into_any(),
            Status::Ready => view! {
                <summary::Summary/>
                <geography::Geography/>
                <sections::AddsChurns/>
                <sections::Distribution/>
                <products::Products/>
                <sections::DistributionTrend/>
                <sections::ActiveTrend/>
            }.into_any(),
        }}
    }
}

#[derive(Clone, PartialEq)]
enum Status {
    Error(String),
    Empty,
    Ready,
}
