//! The app: its route (the address's fragment), the header with the
//! navigation, language and theme, the data source, and the shell of every
//! page (source line, range, filters, validation report).

use leptos::prelude::*;

use crate::i18n::{msg, t};
use crate::route::{Page, Route};
use crate::state::route::{current_route, follow_hash, set_title};
use crate::state::{use_dashboard, Dashboard};

#[component]
pub fn App() -> impl IntoView {
    let route = RwSignal::new(current_route());
    follow_hash(route);
    crate::state::theme::provide();
    crate::state::lang::provide(route);
    let app = crate::load::AppState::new();
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
                    <crate::state::lang::LanguagePicker route/>
                    <crate::state::theme::ThemeToggle/>
                </div>
            </header>
            <main>
                <crate::load::view::DropZone/>
                <crate::load::view::ProgressBar/>
                {move || match (dashboard.get(), app.fatal.get()) {
                    (Some(dashboard), _) => {
                        provide_context(dashboard);
                        view! { <Shell/> }.into_any()
                    }
                    // Nothing to show: the reason, and what can be loaded instead.
                    (None, Some(message)) => {
                        Effect::new(|_| end_first_view());
                        view! {
                        <div class="state error">
                            <p role="alert">{move || tr!("app.load_failed", message = message.text())}</p>
                            <crate::load::view::OpenFiles/>
                        </div>
                    }.into_any()
                    }
                    (None, None) => view! {
                        <div class="state loading" role="status"><span class="spinner" aria-hidden="true"></span>{msg("app.loading")}</div>
                    }.into_any(),
                }}
            </main>
    }
}

/// Ends the first view written at build time, if the page shows it
/// (`#first-view` in index.html, shown by public/first-view.js while the app
/// loads): the app's own view, mounted by then, takes its place in the same
/// frame, so nothing moves.
fn end_first_view() {
    let document = document();
    if let Some(root) = document.document_element() {
        let _ = root.remove_attribute("data-first-view");
    }
    if let Some(first) = document.get_element_by_id("first-view") {
        first.remove();
    }
}

/// Source, range and filters above whichever page is open.
#[component]
fn Shell() -> impl IntoView {
    // Runs once the shell and its page are in the document.
    Effect::new(|_| end_first_view());
    let d = use_dashboard();
    let (name, loaded, rejected) = (
        d.model.name.clone(),
        d.model.summary.loaded,
        d.model.summary.rejected,
    );
    // A report opened as it is was computed elsewhere: its rows were not
    // loaded here.
    let computed = d.model.fixed.is_some();
    let source = move || {
        tr!(
            "source.line",
            name = crate::load::source_name(&name),
            loaded = if computed {
                trn!("source.computed", loaded)
            } else {
                trn!("source.loaded", loaded)
            },
            rejected = trn!("source.rejected", rejected)
        )
    };
    let fixed = d.model.fixed.clone();
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
                <crate::load::view::OpenFiles/>
                <crate::load::view::KeptFiles/>
            </div>
            {fixed.is_none().then(|| view! { <crate::widgets::controls::RangeControl/> })}
        </div>
        <crate::load::view::ValidationReport/>
        {match fixed {
            Some(report) => view! { <crate::widgets::controls::FixedQuery report/> }.into_any(),
            None => view! { <crate::widgets::controls::FilterBar/> }.into_any(),
        }}
        {move || match page.get() {
            Page::Dashboard => view! { <crate::pages::dashboard::DashboardPage/> }.into_any(),
            Page::Adoption => view! { <crate::pages::adoption::AdoptionPage/> }.into_any(),
            Page::Customer(id) => view! { <crate::pages::customer::CustomerPage id/> }.into_any(),
        }}
    }
}
