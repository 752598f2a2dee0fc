//! The browser app (wasm32 only): fetches the data, runs the engine, shows
//! the Customers dashboard, the Adoption page and Customer insights. Built
//! by Trunk; the engine is the `partner-insights` library, compiled for
//! speed while this crate is compiled for size (see the workspace's
//! Cargo.toml).

#[macro_use]
mod i18n;
mod adoption;
mod controls;
mod customer;
mod data;
mod download;
mod echarts;
mod format;
mod geography;
mod lang;
mod loading;
mod perf;
mod products;
mod sections;
mod state;
mod summary;
mod theme;

use leptos::prelude::*;
use partner_insights::{charts, dataset, export, ingest, metrics, model, route};

use crate::i18n::{msg, t};
use crate::route::{Page, Route};
use state::{use_dashboard, Dashboard};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Sets the document title: the parts, then the app's name. A title is
/// text, whatever a file put in a name.
pub fn set_title(parts: &[&str]) {
    let mut title = parts.join(" · ");
    title.push_str(if title.is_empty() {
        "Partner Insights"
    } else {
        " · Partner Insights"
    });
    document().set_title(&title);
}

/// Goes to a route: a new history entry, so Back returns.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.to_fragment());
}

/// The route signal follows the URL fragment (links, Back, Forward,
/// reload); the listener goes with the component that asked for it.
fn follow_hash(route: RwSignal<Route>) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    on_cleanup(move || handle.remove());
}

#[component]
fn App() -> impl IntoView {
    let route = RwSignal::new(current_route());
    follow_hash(route);
    theme::provide();
    lang::provide(route);
    let app = loading::AppState::new();
    provide_context(app);
    app.start();
    let page = move || route.with(|r| r.page.clone());
    // Links keep the view's parameters (range, filters, ...): the filters
    // are the page-level filters of every page.
    let nav = move |target: Page, label: &'static str| {
        let for_current = target.clone();
        // A customer's page is reached from Adoption's list: that link
        // stays marked, as the section the page belongs to.
        let current = move || match (page(), &for_current) {
            (Page::Dashboard, Page::Dashboard) | (Page::Adoption, Page::Adoption) => Some("page"),
            (Page::Customer(_), Page::Adoption) => Some("true"),
            _ => None,
        };
        let href = move || {
            Route {
                page: target.clone(),
                params: route.with(|r| r.params.clone()),
            }
            .to_fragment()
        };
        view! { <a href=href aria-current=current>{msg(label)}</a> }
    };
    // The dashboard's state (and its figures' caches) lives as long as the
    // data: a new language or theme re-renders texts and charts in place.
    // It is made again only when new data arrive (the memo reads nothing else).
    let dashboard = Memo::new_with_compare(
        move |_| {
            let model = app.model.get();
            untrack(|| model.map(|model| Dashboard::new(model, route)))
        },
        |_, _| true,
    );
    view! {
            <header class="top">
                <div class="brand">
                    <h1>"Partner Insights"</h1>
                    <p class="tagline">{msg("app.tagline")}</p>
                </div>
                <nav aria-label=msg("nav.label")>
                    {nav(Page::Dashboard, "nav.customers")}
                    {nav(Page::Adoption, "nav.adoption")}
                </nav>
                <div class="header-tools">
                    <lang::LanguagePicker route/>
                    <theme::ThemeToggle/>
                </div>
            </header>
            <main>
                <loading::DropZone/>
                <loading::ProgressBar/>
                {move || match (dashboard.get(), app.fatal.get()) {
                    (Some(dashboard), _) => {
                        provide_context(dashboard);
                        view! { <Shell/> }.into_any()
                    }
                    // Nothing to show: the reason, and what can be loaded instead.
                    (None, Some(message)) => view! {
                        <div class="state error">
                            <p role="alert">{move || tr!("app.load_failed", message = message.text())}</p>
                            <loading::OpenFiles/>
                        </div>
                    }.into_any(),
                    (None, None) => view! {
                        <div class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>{msg("app.loading")}</div>
                    }.into_any(),
                }}
            </main>
    }
}

/// Source, range and filters above whichever page is open.
#[component]
fn Shell() -> impl IntoView {
    let d = use_dashboard();
    let (name, loaded, rejected) = (
        d.model.name.clone(),
        d.model.summary.loaded,
        d.model.summary.rejected,
    );
    let source = move || {
        tr!(
            "source.line",
            name = loading::source_name(&name),
            loaded = trn!("source.loaded", loaded),
            rejected = trn!("source.rejected", rejected)
        )
    };
    let route = d.route;
    let page = Memo::new(move |_| route.with(|r| r.page.clone()));
    // The tab's title names the page (a customer's page sets its own).
    Effect::new(move |_| match page.get() {
        Page::Dashboard => set_title(&[t("nav.customers")]),
        Page::Adoption => set_title(&[t("nav.adoption")]),
        Page::Customer(_) => {}
    });
    view! {
        <div class="toolbar">
            <div class="source-line">
                <p class="source" data-testid="source">{source}</p>
                <loading::OpenFiles/>
            </div>
            <controls::RangeControl/>
        </div>
        <loading::ValidationReport/>
        <controls::FilterBar/>
        {move || match page.get() {
            Page::Dashboard => view! { <DashboardPage/> }.into_any(),
            Page::Adoption => view! { <adoption::AdoptionPage/> }.into_any(),
            Page::Customer(id) => view! { <customer::CustomerPage id/> }.into_any(),
        }}
    }
}

#[component]
fn DashboardPage() -> impl IntoView {
    let d = use_dashboard();
    let report = d.report;
    let filters = d.filters;
    // Sections are created once and follow the report; only a change of
    // status (error, nothing selected, figures) rebuilds the page body.
    let status = Memo::new(move |_| match report.get() {
        Err(e) => Status::Error(e),
        Ok(r)
            if r.summary.customers.trend.iter().all(|p| p.value == Some(0))
                && r.summary.customers_churned.value == 0 =>
        {
            Status::Empty
        }
        Ok(_) => Status::Ready,
    });
    view! {
        {move || match status.get() {
            Status::Error(e) => view! { <div class="state error" role="alert">{e}</div> }.into_any(),
            Status::Empty => view! {
                <div class="state empty" data-testid="empty">
                    <p>{msg("dashboard.empty")}</p>
                    <button class="primary" on:click=move |_| filters.set(Default::default())>{msg("dashboard.clear_filters")}</button>
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
