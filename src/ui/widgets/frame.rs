//! The frame every section shares (title, description, actions), its tabs,
//! a sortable column header, and the reading of a chart event's name.

use leptos::prelude::*;
use serde_json::Value;

use crate::i18n::msg;
use crate::metrics::Report;

use crate::bridge::echarts::get;
use crate::state::use_dashboard;

/// A dashboard section: title, one-line description, content.
#[component]
pub fn Section(
    id: &'static str,
    #[prop(into)] title: TextProp,
    #[prop(into)] description: TextProp,
    children: Children,
) -> impl IntoView {
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    view! {
        <section id=id aria-labelledby=labelled_by>
            <h2 id=heading>{move || title.get()}</h2>
            <p class="description">{move || description.get()}</p>
            {children()}
        </section>
    }
}

/// An option derived from the current report.
pub fn option_of(f: impl Fn(&Report) -> Value + Send + Sync + 'static) -> Signal<Value> {
    let report = use_dashboard().report;
    Signal::derive(move || report.get().map(|r| f(&r)).unwrap_or(Value::Null))
}

/// Tab buttons (key, message key of the name); `selected` holds the chosen tab's key.
#[component]
pub fn Tabs(
    tabs: &'static [(&'static str, &'static str)],
    selected: RwSignal<&'static str>,
    #[prop(into)] label: TextProp,
) -> impl IntoView {
    // The ARIA tabs pattern: one Tab stop (the selected tab); the arrow
    // keys, Home and End move the selection and the focus along the tabs.
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let at = tabs
            .iter()
            .position(|(k, _)| *k == selected.get_untracked())
            .unwrap_or(0);
        let last = tabs.len() - 1;
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (at + 1) % tabs.len(),
            "ArrowLeft" | "ArrowUp" => (at + last) % tabs.len(),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        let key = tabs[next].0;
        selected.set(key);
        focus_within(ev.current_target(), &format!("[data-tab=\"{key}\"]"));
    };
    view! {
        <div class="tabs" role="tablist" aria-label=move || label.get() on:keydown=keys>
            {tabs.iter().map(|&(key, name)| view! {
                <button role="tab" data-tab=key aria-selected=move || (selected.get() == key).to_string()
                    tabindex=move || if selected.get() == key { "0" } else { "-1" }
                    class:selected=move || selected.get() == key on:click=move |_| selected.set(key)>{msg(name)}</button>
            }).collect_view()}
        </div>
    }
}

/// "Filter to Germany": makes the value picked in a chart or grid the
/// page's filter of its dimension. Shown while a value is picked (and not
/// already the filter); `shown` is the value as the page names it.
#[component]
pub fn FilterTo(
    dim: crate::model::Dimension,
    /// The value as the filter names it (a market's English name).
    #[prop(into)]
    value: Signal<Option<String>>,
    /// The value as the page shows it, when that differs.
    #[prop(optional, into)]
    shown: Option<Signal<String>>,
) -> impl IntoView {
    let d = use_dashboard();
    let filters = d.filters;
    // A report opened as it is has fixed filters.
    let fixed = d.model.fixed.is_some();
    move || {
        if fixed {
            return None;
        }
        let value = value.get()?;
        let already = filters.with(|f| f[dim] == [value.clone()]);
        (!already).then(|| {
            let name = shown.map_or_else(|| value.clone(), |s| s.get());
            let d = d.clone();
            view! {
                <button class="filter-to" data-testid="filter-to" data-dimension=dim.key()
                    title=move || crate::tr!("filters.filter_to_hint", name = crate::i18n::t(dim.label_key()))
                    on:click=move |_| d.filter_to(dim, value.clone())>
                    {crate::tr!("filters.filter_to", value = name)}
                </button>
            }
        })
    }
}

/// Reads `params.name` of a chart event.
pub fn event_name(params: &wasm_bindgen::JsValue) -> Option<String> {
    get(params, "name").as_string()
}

/// A sortable column header: a click sorts by the column, a second click
/// reverses; the direction shows as an arrow and in `aria-sort`.
#[component]
pub fn SortHeader<C>(
    sort: RwSignal<(C, bool)>,
    column: C,
    key: &'static str,
    #[prop(into)] label: TextProp,
    /// What the column holds, when the label is short.
    #[prop(optional, into)]
    title: TextProp,
    #[prop(optional)] numeric: bool,
    /// Sort largest first on the first click (numbers), else A to Z.
    #[prop(optional)]
    descending_first: bool,
) -> impl IntoView
where
    C: Copy + PartialEq + Send + Sync + 'static,
{
    let state = move || {
        let (c, descending) = sort.get();
        (c == column).then_some(descending)
    };
    let click = move |_| {
        sort.update(|(c, descending)| {
            if *c == column {
                *descending = !*descending;
            } else {
                *c = column;
                *descending = descending_first;
            }
        })
    };
    let hint = {
        let label = label.clone();
        move || {
            let hint = title.get();
            if hint.is_empty() {
                label.get()
            } else {
                hint
            }
        }
    };
    view! {
        <th scope="col" class:num=numeric
            aria-sort=move || match state() { Some(true) => "descending", Some(false) => "ascending", None => "none" }>
            <button class="sort" data-sort=key title=hint on:click=click>{move || label.get()}
                <span class="indicator" aria-hidden="true">{move || match state() { Some(true) => " ▼", Some(false) => " ▲", None => "" }}</span>
            </button>
        </th>
    }
}

/// Focuses the element `selector` finds inside an event's current target
/// (a composite widget moving its focus along its items).
pub fn focus_within(target: Option<web_sys::EventTarget>, selector: &str) {
    use wasm_bindgen::JsCast;
    let found = target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = found {
        let _ = element.focus();
    }
}

/// Rows on one page of a long list: enough to scan, few enough to draw at
/// once whatever the portfolio's size.
pub const PAGE_ROWS: usize = 50;

/// The rows of `page` among `rows`.
pub fn page_of<T: Clone>(rows: &[T], page: usize) -> Vec<T> {
    rows.iter()
        .skip(page * PAGE_ROWS)
        .take(PAGE_ROWS)
        .cloned()
        .collect()
}

/// Previous and Next under a list shown a page at a time, and where it is.
#[component]
pub fn Pager(
    page: RwSignal<usize>,
    /// How many pages the list has (at least one).
    #[prop(into)]
    pages: Signal<usize>,
    /// The accessible name of the pager.
    #[prop(into)]
    label: TextProp,
    /// The prefix of its test ids: `<prefix>-previous`, `-page`, `-next`.
    testid: &'static str,
) -> impl IntoView {
    let step = move |by: isize| {
        let last = pages.get_untracked().max(1) - 1;
        page.update(|p| *p = p.saturating_add_signed(by).min(last));
    };
    let at_last = move || page.get() + 1 >= pages.get();
    view! {
        <nav class="pager" aria-label=move || label.get()>
            <button class="secondary" data-testid=format!("{testid}-previous") disabled=move || page.get() == 0 on:click=move |_| step(-1)>{msg("list.previous")}</button>
            <span data-testid=format!("{testid}-page")>{move || crate::tr!("list.page", page = crate::format::count(page.get() as u64 + 1), pages = crate::format::count(pages.get() as u64))}</span>
            <button class="secondary" data-testid=format!("{testid}-next") disabled=at_last on:click=move |_| step(1)>{msg("list.next")}</button>
        </nav>
    }
}
