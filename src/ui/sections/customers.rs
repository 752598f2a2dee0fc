//! The customer list: every customer of the range under the filters,
//! searchable, sortable, a page of rows at a time, each opening its
//! Customer insights page, and downloadable as CSV.

use std::cmp::Ordering;
use std::sync::Arc;

use leptos::prelude::*;

use crate::export;
use crate::format;
use crate::i18n::{msg, t};
use crate::metrics::{CustomerLine, Standing};
use crate::model::Month;
use crate::route::{Page, Route};

use crate::bridge::download;
use crate::state::use_dashboard;
use crate::widgets::frame::{page_of, Pager, Section, SortHeader, PAGE_ROWS};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Customer,
    Status,
    Market,
    Segment,
    Products,
    Subscriptions,
    Seats,
    Deployment,
    Usage,
    Added,
    Churned,
}

/// Column, sort key, message key of the header, and whether the first
/// click sorts largest first.
const COLUMNS: [(Column, &str, &str, bool); 11] = [
    (Column::Customer, "customer", "low.customer", false),
    (Column::Status, "status", "list.status", false),
    (Column::Market, "market", "dimension.market", false),
    (Column::Segment, "segment", "dimension.segment", false),
    (Column::Products, "products", "list.products", true),
    (
        Column::Subscriptions,
        "subscriptions",
        "list.subscriptions",
        true,
    ),
    (Column::Seats, "seats", "list.seats", true),
    (
        Column::Deployment,
        "deployment",
        "adoption.deployment_pct",
        false,
    ),
    (Column::Usage, "usage", "adoption.usage_pct", false),
    (Column::Added, "added", "list.added", true),
    (Column::Churned, "churned", "list.churned", true),
];

/// The list of the current range and filters, with each customer's
/// lower-case name and id for search and sort (made once per list).
#[derive(Clone, Default)]
struct Listed {
    lines: Arc<Vec<CustomerLine>>,
    names: Arc<Vec<String>>,
    /// The filters and range it was made for: scrolling away and back
    /// makes it again only if they changed meanwhile.
    made_for: Option<(crate::metrics::Filters, Option<Month>, Option<Month>)>,
}

impl PartialEq for Listed {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.lines, &other.lines)
    }
}

/// Compares two customers by a column. An unknown or undefined figure
/// sorts after every known one whichever the direction (`descending`),
/// so a column sorted either way starts with customers it says something of.
fn compare(
    l: &Listed,
    markets: &std::collections::HashMap<&str, String>,
    a: usize,
    b: usize,
    column: Column,
    descending: bool,
) -> Ordering {
    let (x, y) = (&l.lines[a], &l.lines[b]);
    let known_last = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => {
            let o = x.total_cmp(&y);
            if descending {
                o.reverse()
            } else {
                o
            }
        }
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let month = |m: Option<Month>| m.map(|m| f64::from(m.0));
    let count = |n: Option<u64>| n.map(|n| n as f64);
    let o = match column {
        Column::Customer => l.names[a].cmp(&l.names[b]),
        Column::Status => x.standing.cmp(&y.standing),
        Column::Market => markets.get(&*x.market).cmp(&markets.get(&*y.market)),
        Column::Segment => x.segment.cmp(&y.segment),
        Column::Products => x
            .products
            .len()
            .cmp(&y.products.len())
            .then_with(|| x.products.cmp(&y.products)),
        Column::Subscriptions => x.subscriptions.cmp(&y.subscriptions),
        Column::Seats => {
            return known_last(count(x.figures.entitlements), count(y.figures.entitlements))
        }
        Column::Deployment => {
            return known_last(x.figures.deployment_pct, y.figures.deployment_pct)
        }
        Column::Usage => return known_last(x.figures.usage_pct, y.figures.usage_pct),
        Column::Added => return known_last(month(x.added), month(y.added)),
        Column::Churned => return known_last(month(x.churned), month(y.churned)),
    };
    if descending {
        o.reverse()
    } else {
        o
    }
}

fn standing_text(s: Standing) -> &'static str {
    t(match s {
        Standing::Active => "list.standing.active",
        Standing::Inactive => "list.standing.inactive",
        Standing::Customer => "list.standing.customer",
        Standing::Churned => "list.standing.churned",
    })
}

fn month_text(m: Option<Month>) -> String {
    m.map(format::month).unwrap_or_default()
}

/// A row's cells after its name, in the language in force: class, text
/// and hint. A churned customer's holdings are those of its last month
/// as a customer, which the hint of those cells says.
fn cells(
    c: &CustomerLine,
    known: crate::dataset::KnownPcts,
) -> [(&'static str, String, String); 10] {
    let held = if c.standing == Standing::Churned {
        tr!("list.held_in", month = format::month(c.as_of))
    } else {
        String::new()
    };
    let products: Vec<&str> = c.products.iter().map(|p| &**p).collect();
    [
        (
            "standing",
            standing_text(c.standing).to_string(),
            String::new(),
        ),
        ("wrap", format::country(&c.market, c.iso2), String::new()),
        ("wrap", c.segment.to_string(), String::new()),
        ("products", products.join(", "), held.clone()),
        (
            "num",
            format::count(u64::from(c.subscriptions)),
            held.clone(),
        ),
        (
            "num",
            format::count_or_unknown(c.figures.entitlements),
            held,
        ),
        (
            "num",
            format::pct_text(c.figures.deployment_pct, known.deployment),
            String::new(),
        ),
        (
            "num",
            format::pct_text(c.figures.usage_pct, known.usage),
            String::new(),
        ),
        ("", month_text(c.added), String::new()),
        ("", month_text(c.churned), String::new()),
    ]
}

/// Sets `near` while `target` is within a screen's height of the viewport
/// (an IntersectionObserver, disconnected with the component).
fn watch_near(target: NodeRef<leptos::html::Div>, near: RwSignal<bool>) {
    use wasm_bindgen::{closure::Closure, JsCast};
    let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // Several changes can come at once: the last one holds.
        let last = entries.length().saturating_sub(1);
        if let Ok(entry) = entries
            .get(last)
            .dyn_into::<web_sys::IntersectionObserverEntry>()
        {
            near.set(entry.is_intersecting());
        }
    });
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin("100% 0px 100% 0px");
    let observer = web_sys::IntersectionObserver::new_with_options(
        on_change.as_ref().unchecked_ref(),
        &options,
    )
    .ok();
    let kept = StoredValue::new_local((on_change, observer.clone()));
    Effect::new(move |_| {
        if let (Some(element), Some(observer)) = (target.get(), &observer) {
            observer.observe(&element);
        } else if observer.is_none() {
            // No observer in this browser: the list is always made.
            near.set(true);
        }
    });
    on_cleanup(move || {
        kept.with_value(|(_, observer)| {
            if let Some(observer) = observer {
                observer.disconnect();
            }
        })
    });
}

#[component]
pub fn CustomerList() -> impl IntoView {
    let d = use_dashboard();
    let route = d.route;
    let known = d.model.dataset.measures().known_pcts();
    let model = d.model.clone();
    let dashboard = d.clone();
    // The list is made while the section is on screen or near it (a pass
    // over the selected rows, and every customer's name for search and
    // sort): a click higher up the page does not wait for it, and the list
    // catches up when the partner scrolls to it.
    let near = RwSignal::new(false);
    let section = NodeRef::<leptos::html::Div>::new();
    watch_near(section, near);
    let listed = Memo::new(move |previous: Option<&Listed>| {
        if !near.get() {
            return previous.cloned().unwrap_or_default();
        }
        let query = dashboard.query();
        let Ok(prepared) = dashboard.prepared.get() else {
            return Listed::default();
        };
        let made_for = Some((query.filters.clone(), query.from, query.to));
        if let Some(previous) = previous.filter(|p| p.made_for == made_for) {
            return previous.clone();
        }
        crate::perf::mark("pi:customers:start");
        let lines = prepared
            .0
            .customer_list(&model.dataset, &query)
            .unwrap_or_default();
        let names = lines
            .iter()
            .map(|l| format!("{}\u{1}{}", l.name.to_lowercase(), l.customer_id))
            .collect();
        crate::perf::measure("pi:customers", "pi:customers:start");
        Listed {
            lines: Arc::new(lines),
            names: Arc::new(names),
            made_for,
        }
    });
    let search = RwSignal::new(String::new());
    let status = RwSignal::new(None::<Standing>);
    let sort = RwSignal::new((Column::Customer, false));
    let page = RwSignal::new(0usize);
    // The rows matching the search and status, in the chosen order (as
    // positions in the list).
    let order = Memo::new(move |_| {
        let l = listed.get();
        let needle = search.get().trim().to_lowercase();
        let wanted = status.get();
        let (column, descending) = sort.get();
        let mut at: Vec<usize> = (0..l.lines.len())
            .filter(|&i| wanted.is_none_or(|s| l.lines[i].standing == s))
            .filter(|&i| needle.is_empty() || l.names[i].contains(&needle))
            .collect();
        // Markets by their names as shown (one name per market, not per
        // customer: the browser names them).
        let mut markets = std::collections::HashMap::new();
        if column == Column::Market {
            for line in l.lines.iter() {
                markets
                    .entry(&*line.market)
                    .or_insert_with(|| format::country(&line.market, line.iso2).to_lowercase());
            }
        }
        partner_insights::order::sort_by(&mut at, |&a, &b| {
            compare(&l, &markets, a, b, column, descending).then_with(|| a.cmp(&b))
        });
        at
    });
    // A new list, search, status or order starts at its first page.
    Effect::new(move |_| {
        order.track();
        page.set(0);
    });
    let pages = move || order.with(|o| o.len().div_ceil(PAGE_ROWS).max(1));
    // Rows are made anew in another language (their cells are text).
    let language = crate::i18n::signal();
    let shown = move || {
        let l = listed.get();
        let p = page.get();
        let lang = language.get();
        order.with(|o| {
            page_of(o, p)
                .into_iter()
                .map(|i| (lang, l.lines[i].clone()))
                .collect::<Vec<_>>()
        })
    };
    let export = move |_| {
        let l = listed.get_untracked();
        let rows: Vec<CustomerLine> = order
            .get_untracked()
            .into_iter()
            .map(|i| l.lines[i].clone())
            .collect();
        let table = export::tables::customer_list(&rows, known);
        download::save_csv("customer-list.csv", &table.to_csv());
    };
    let counts = move || {
        let total = listed.with(|l| l.lines.len());
        let matching = order.with(Vec::len);
        let first = (page.get() * PAGE_ROWS + 1).min(matching);
        let last = ((page.get() + 1) * PAGE_ROWS).min(matching);
        tr!(
            "list.count",
            first = format::count(first as u64),
            last = format::count(last as u64),
            matching = format::count(matching as u64),
            total = format::count(total as u64)
        )
    };
    let set_status = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        status.set(Standing::ALL.into_iter().find(|s| s.key() == value));
    };
    view! {
        <div node_ref=section>
        <Section id="customer-list" title=msg("list.title") description=msg("list.description")>
            <div class="table-tools">
                <input type="search" class="search" placeholder=msg("list.search") aria-label=msg("list.search") data-testid="list-search"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                <label class="select">{msg("list.status")}" "
                    <select data-testid="list-status" on:change=set_status>
                        <option value="" selected=move || status.get().is_none()>{msg("list.all_statuses")}</option>
                        {Standing::ALL.into_iter().map(|s| view! {
                            <option value=s.key() selected=move || status.get() == Some(s)>{move || standing_text(s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <button class="secondary" data-testid="export-list" on:click=export>{msg("common.download_csv")}</button>
            </div>
            <p class="count-note" data-testid="list-count" aria-live="polite">{counts}</p>
            <div class="table-wrap">
                <table class="grid" data-testid="customer-list">
                    <thead><tr>
                        {COLUMNS.into_iter().map(|(column, key, label, descending_first)| {
                            let numeric = matches!(column, Column::Subscriptions | Column::Seats | Column::Deployment | Column::Usage);
                            view! { <SortHeader sort column key label=msg(label) numeric descending_first/> }
                        }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {move || shown().into_iter().map(|(_, c)| {
                            let id = c.customer_id.to_string();
                            let link = move || Route { page: Page::Customer(id.clone()), params: route.with(|r| r.params.clone()) }.to_fragment();
                            view! {
                                <tr data-customer=c.customer_id.clone() data-standing=c.standing.key()>
                                    <th scope="row"><a href=link>{c.name.clone()}</a></th>
                                    {cells(&c, known).into_iter().map(|(class, text, hint)| view! { <td class=class title=hint>{text}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
                {move || order.with(Vec::is_empty).then(|| view! { <p class="hint">{msg("low.no_match")}</p> })}
            </div>
            <Pager page pages=Signal::derive(pages) label=msg("list.pages") testid="list"/>
        </Section>
        </div>
    }
}
