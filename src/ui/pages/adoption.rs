//! The Adoption page: license deployment and usage of the portfolio, per
//! product, per workload, and the customers whose adoption is low.

use std::cmp::Ordering;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::json;
use wasm_bindgen::JsCast;

use crate::charts::{self, adoption as adoption_charts};
use crate::export;
use crate::format;
use crate::i18n::{msg, t};
use crate::metrics::{self, Adoption, Advice, CustomerAdoption, SeatFigures, Thresholds};
use crate::model::Dimension;
use crate::route::{Page, Route};

use crate::bridge::download;
use crate::bridge::echarts::EChart;
use crate::state::{use_dashboard, Dashboard};
use crate::widgets::frame::{page_of, FilterTo, Pager, Section, SortHeader, PAGE_ROWS};
use crate::widgets::micro::MicroChart;

/// Why active users can exceed assigned licences.
#[component]
pub fn UsageNote() -> impl IntoView {
    view! {
        <aside class="note" data-testid="usage-note" role="note">
            <strong>{msg("usage_note.title")}</strong>
            {msg("usage_note.text")}
        </aside>
    }
}

fn above_100(p: Option<f64>) -> bool {
    p.is_some_and(|p| p > 100.0)
}

/// A percentage as shown, with a mark when above 100 %.
fn pct_view(p: Option<f64>) -> impl IntoView {
    view! {
        {move || format::percent(p)}
        {above_100(p).then(|| view! { <span class="over" title=msg("usage_note.mark_hint")>" ▲100+"</span> })}
    }
}

/// Which percentages the file can tell at all (spec 1.4).
pub fn known_pcts() -> crate::dataset::KnownPcts {
    let d = use_dashboard();
    match &d.model.fixed {
        // A report has no columns: a figure it writes as null is unknown.
        Some(report) => {
            let f = report.licenses.portfolio;
            crate::dataset::KnownPcts {
                deployment: f.entitlements.is_some() && f.assigned.is_some(),
                usage: f.assigned.is_some() && f.active_users.is_some(),
            }
        }
        None => d.model.dataset.measures().known_pcts(),
    }
}

fn pct_cell(p: Option<f64>, known: bool) -> impl IntoView {
    view! {
        {move || format::pct_text(p, known)}
        {above_100(p).then(|| view! { <span class="over" title=msg("usage_note.mark_hint")>" ▲100+"</span> })}
    }
}

fn adoption_memo(d: &Dashboard) -> Memo<Result<Arc<Adoption>, String>> {
    let d = d.clone();
    Memo::new(move |_| {
        if let Some(report) = &d.model.fixed {
            return Ok(Arc::new(Adoption::of_report(report, d.thresholds.get())));
        }
        let query = d.query();
        let usage = d.model.usage.get();
        crate::perf::mark("pi:adoption:start");
        let adoption = metrics::adoption(&d.model.dataset, usage.data(), &query);
        crate::perf::measure("pi:adoption", "pi:adoption:start");
        adoption
            .map(Arc::new)
            .map_err(|e| crate::i18n::Worded::worded(&e))
    })
}

#[component]
pub fn AdoptionPage() -> impl IntoView {
    let d = use_dashboard();
    let adoption = adoption_memo(&d);
    let usage = d.model.usage.clone();
    move || {
        let (loading, mut has_usage) = usage.with(|u| (u.is_loading(), u.data().is_some()));
        if let Some(report) = &d.model.fixed {
            has_usage = report.workloads.is_some();
        }
        if loading {
            return view! { <UsageLoading/> }.into_any();
        }
        let one_month = d.model.fixed.as_ref().map(|r| r.licenses.month);
        view! {
            {one_month.map(|month| view! {
                <aside class="note" role="note" data-testid="report-month">
                    {move || tr!("report_file.adoption_month", month = format::month(month))}
                </aside>
            })}
            {move || adoption.get().err().map(|e| view! { <div class="state error" role="alert">{e}</div> })}
            <Portfolio adoption/>
            <ByProduct adoption/>
            {has_usage.then(|| view! { <Workloads adoption/> })}
            <LowAdoption adoption/>
        }
        .into_any()
    }
}

/// Shown instead of a page's figures while the usage file is read.
#[component]
pub fn UsageLoading() -> impl IntoView {
    view! {
        <div class="state loading" role="status" data-testid="usage-loading">{msg("progress.usage")}</div>
    }
}

type AdoptionMemo = Memo<Result<Arc<Adoption>, String>>;

#[component]
fn Portfolio(adoption: AdoptionMemo) -> impl IntoView {
    let last = move || {
        adoption
            .get()
            .ok()
            .and_then(|a| a.portfolio.last().copied())
    };
    let any_over = move || last().is_some_and(|f| above_100(f.usage_pct));
    let range = move || {
        adoption
            .get()
            .ok()
            .map(|a| {
                tr!(
                    "adoption.range",
                    from = format::month(a.range.from),
                    to = format::month(a.range.to)
                )
            })
            .unwrap_or_default()
    };
    let trend_option = Signal::derive(move || {
        adoption
            .get()
            .ok()
            .map(|a| {
                adoption_charts::deployment_and_usage(
                    crate::i18n::current(),
                    &a.months,
                    &a.portfolio,
                    a.thresholds,
                )
            })
            .unwrap_or_default()
    });
    let seated = move || adoption.get().map(|a| a.seated).unwrap_or(true);
    let filters = use_dashboard().filters;
    // Why there is nothing to show, with the products the filter chose.
    let no_seats = move || {
        let products = filters.with(|f| f[Dimension::Product].join(", "));
        if products.is_empty() {
            t("adoption.no_seats").to_string()
        } else {
            tr!("adoption.no_seats_products", products = products)
        }
    };
    view! {
        <Section id="adoption-portfolio" title=msg("adoption.title") description=msg("adoption.description")>
            <p class="range-note">{range}</p>
            <Show when=seated fallback=move || view! { <p class="state empty" data-testid="no-seats">{no_seats}</p> }>
            <div class="tiles">
                <SeatTile adoption id="entitlements" title=msg("adoption.entitlements") pick=|f| f.entitlements.map(|v| v as f64) percent=false/>
                <SeatTile adoption id="assigned" title=msg("adoption.assigned_licences") pick=|f| f.assigned.map(|v| v as f64) percent=false/>
                <SeatTile adoption id="active_users" title=msg("adoption.active_users") pick=|f| f.active_users.map(|v| v as f64) percent=false/>
                <SeatTile adoption id="deployment_pct" title=msg("adoption.deployment_pct") pick=|f| f.deployment_pct percent=true/>
                <SeatTile adoption id="usage_pct" title=msg("adoption.usage_pct") pick=|f| f.usage_pct percent=true/>
            </div>
            {move || any_over().then(|| view! { <UsageNote/> })}
            <EChart option=trend_option label=msg("adoption.chart")/>
            </Show>
        </Section>
    }
}

#[component]
fn SeatTile(
    adoption: AdoptionMemo,
    id: &'static str,
    #[prop(into)] title: TextProp,
    pick: fn(&SeatFigures) -> Option<f64>,
    percent: bool,
) -> impl IntoView {
    let values = Memo::new(move |_| {
        adoption
            .get()
            .ok()
            .map(|a| a.portfolio.iter().map(pick).collect::<Vec<_>>())
            .unwrap_or_default()
    });
    let current = move || values.get().last().copied().flatten();
    let known = known_pcts();
    let text = move || match (current(), percent) {
        (v, true) => format::pct_text(
            v,
            if id == "usage_pct" {
                known.usage
            } else {
                known.deployment
            },
        ),
        (Some(v), false) => format::count(v as u64),
        (None, false) => t("figure.not_available").to_string(),
    };
    let option = Signal::derive(move || {
        let months = adoption
            .get()
            .ok()
            .map(|a| a.months.clone())
            .unwrap_or_default();
        adoption_charts::micro(
            crate::i18n::current(),
            &months,
            &values.get(),
            if percent { charts::ACTIVE } else { charts::NEW },
            percent,
        )
    });
    view! {
        <article class="tile" data-kpi=id>
            <h3>{let title = title.clone(); move || title.get()}</h3>
            <p class="value" class:unknown=move || {
                let last = adoption.get().ok().and_then(|a| a.portfolio.last().copied());
                last.is_some_and(|f| unknown_reason(id, &f).is_some())
            }>{text}{move || (percent && above_100(current())).then(|| view! { <span class="over" title=msg("usage_note.mark")>" ▲100+"</span> })}</p>
            {move || {
                let last = adoption.get().ok().and_then(|a| a.portfolio.last().copied());
                last.and_then(|f| unknown_reason(id, &f)).map(|key| view! {
                    <p class="unknown-reason" data-testid="unknown-reason">{msg(key)}</p>
                })
            }}
            <MicroChart option label=move || tr!("summary.micro", title = title.get())/>
        </article>
    }
}

/// Why a tile's figure is unknown, when a column it needs is missing
/// (spec 1.4); a percentage whose denominator is 0 is undefined, not unknown.
fn unknown_reason(id: &str, f: &SeatFigures) -> Option<&'static str> {
    let entitlements = f
        .entitlements
        .is_none()
        .then_some("figure.entitlements_unknown");
    let assigned = f.assigned.is_none().then_some("figure.assigned_unknown");
    let users = f.active_users.is_none().then_some("figure.users_unknown");
    match id {
        "entitlements" => entitlements,
        "assigned" => assigned,
        "active_users" => users,
        "deployment_pct" => entitlements.or(assigned),
        "usage_pct" => assigned.or(users),
        _ => None,
    }
}

#[component]
fn ByProduct(adoption: AdoptionMemo) -> impl IntoView {
    let known = known_pcts();
    let products = move || {
        adoption
            .get()
            .ok()
            .map(|a| a.products.clone())
            .unwrap_or_default()
    };
    let months = move || {
        adoption
            .get()
            .ok()
            .map(|a| a.months.clone())
            .unwrap_or_default()
    };
    let thresholds = move || {
        adoption
            .get()
            .ok()
            .map(|a| a.thresholds)
            .unwrap_or_default()
    };
    view! {
        <Section id="adoption-products" title=msg("adoption.by_product") description=msg("adoption.by_product_description")>
            {move || products().is_empty().then(|| view! { <p class="state empty" data-testid="no-products">{msg("adoption.no_products")}</p> })}
            <div class="cards">
                <For each=products key=|p| p.product.clone() let:p>
                    {
                        let last = p.trend.last().copied().unwrap_or(SeatFigures {
                            entitlements: None,
                            assigned: None,
                            active_users: None,
                            deployment_pct: None,
                            usage_pct: None,
                        });
                        let name = p.product.clone();
                        let trend = p.trend.clone();
                        let option = Signal::derive(move || adoption_charts::deployment_and_usage(crate::i18n::current(), &months(), &trend, thresholds()));
                        view! {
                            <article class="card" data-product=name.clone()>
                                <div class="cross-filter card-head">
                                    <h3 title=name.clone()>{name.clone()}</h3>
                                    <FilterTo dim=Dimension::Product value=Signal::derive({let name = name.clone(); move || Some(name.clone())})/>
                                </div>
                                <dl class="figures">
                                    <div><dt>{msg("adoption.entitlements")}</dt><dd>{move || format::count_or_unknown(last.entitlements)}</dd></div>
                                    <div><dt>{msg("adoption.assigned")}</dt><dd>{move || format::count_or_unknown(last.assigned)}</dd></div>
                                    <div><dt>{msg("adoption.active_users")}</dt><dd>{move || format::count_or_unknown(last.active_users)}</dd></div>
                                    <div><dt>{msg("adoption.deployment")}</dt><dd>{pct_cell(last.deployment_pct, known.deployment)}</dd></div>
                                    <div><dt>{msg("adoption.usage")}</dt><dd>{pct_cell(last.usage_pct, known.usage)}</dd></div>
                                </dl>
                                <EChart option label={let name = name.clone(); move || tr!("adoption.product_chart", product = name)} class="small"/>
                            </article>
                        }
                    }
                </For>
            </div>
        </Section>
    }
}

#[component]
fn Workloads(adoption: AdoptionMemo) -> impl IntoView {
    let rows = move || {
        adoption
            .get()
            .ok()
            .map(|a| {
                a.workloads
                    .iter()
                    .filter_map(|w| w.trend.last().cloned())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    let any_over = move || rows().iter().any(|w| above_100(w.usage_pct));
    let apply = move || adoption.get().map(|a| a.workloads_apply).unwrap_or(true);
    let option = Signal::derive(move || {
        let Ok(a) = adoption.get() else {
            return json!({});
        };
        let series: Vec<serde_json::Value> = a
            .workloads
            .iter()
            .map(|w| {
                let data: Vec<serde_json::Value> = w
                    .trend
                    .iter()
                    .map(|f| {
                        f.usage_pct.map_or(serde_json::Value::Null, |p| {
                            json!((p * 10.0).round() / 10.0)
                        })
                    })
                    .collect();
                json!({"type": "line", "name": w.workload, "data": data, "symbolSize": 5})
            })
            .collect();
        json!({
            "color": charts::PALETTE,
            "legend": {"bottom": 0},
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 8, "right": 16, "top": 16, "bottom": 36, "containLabel": true},
            "xAxis": {"id": charts::MONTH_AXIS, "type": "category", "data": a.months.iter().map(|m| format::month(*m)).collect::<Vec<_>>()},
            "yAxis": {"type": "value", "min": 0, "axisLabel": {"formatter": "{value}%"}},
            "series": series
        })
    });
    let export = move |_| {
        download::save_csv(
            "workloads.csv",
            &export::tables::workloads(&rows()).to_csv(),
        );
    };
    view! {
        <Section id="adoption-workloads" title=msg("workloads.title") description=msg("workloads.description")>
            <Show when=apply fallback=|| view! { <p class="state empty" data-testid="workloads-not-selected">{msg("workloads.not_selected")}</p> }>
            <div class="table-tools"><button class="secondary" data-testid="export-workloads" on:click=export>{msg("common.download_csv")}</button></div>
            <div class="compact-wrap"><table class="grid compact" data-testid="workloads">
                <thead><tr><th scope="col">{msg("workloads.workload")}</th><th scope="col" class="num">{msg("workloads.licences")}</th><th scope="col" class="num">{msg("adoption.active_users")}</th><th scope="col" class="num">{msg("adoption.usage_pct")}</th></tr></thead>
                <tbody>
                    <For each=rows key=|w| (w.workload.clone(), w.licenses, w.active_users) let:w>
                        <tr>
                            <th scope="row">{w.workload.clone()}</th>
                            <td class="num">{move || format::count(w.licenses)}</td>
                            <td class="num">{move || format::count(w.active_users)}</td>
                            <td class="num">{pct_view(w.usage_pct)}</td>
                        </tr>
                    </For>
                </tbody>
            </table></div>
            {move || any_over().then(|| view! { <UsageNote/> })}
            <EChart option label=msg("workloads.chart")/>
            </Show>
        </Section>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Customer,
    Entitlements,
    Assigned,
    ActiveUsers,
    Deployment,
    Usage,
    Low,
}

/// Column, sort key, message key of the header.
const COLUMNS: [(Column, &str, &str); 7] = [
    (Column::Customer, "customer", "low.customer"),
    (
        Column::Entitlements,
        "entitlements",
        "adoption.entitlements",
    ),
    (Column::Assigned, "assigned", "adoption.assigned"),
    (Column::ActiveUsers, "active_users", "adoption.active_users"),
    (Column::Deployment, "deployment", "adoption.deployment_pct"),
    (Column::Usage, "usage", "adoption.usage_pct"),
    (Column::Low, "low", "low.low_adoption"),
];

/// Compares two customers by a column, in the direction asked. An unknown
/// or undefined figure (a customer with seats on trial only has no
/// deployment %) sorts after every known one in both directions, so the
/// list starts with customers its column says something of.
fn compare(
    a: &CustomerAdoption,
    b: &CustomerAdoption,
    column: Column,
    descending: bool,
) -> Ordering {
    let directed = |o: Ordering| if descending { o.reverse() } else { o };
    let known_last = |x: Option<f64>, y: Option<f64>| match (x, y) {
        (Some(x), Some(y)) => directed(x.total_cmp(&y)),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    let count = |n: Option<u64>| n.map(|n| n as f64);
    let (fa, fb) = (&a.figures, &b.figures);
    match column {
        Column::Customer => directed(a.name.to_lowercase().cmp(&b.name.to_lowercase())),
        Column::Entitlements => known_last(count(fa.entitlements), count(fb.entitlements)),
        Column::Assigned => known_last(count(fa.assigned), count(fb.assigned)),
        Column::ActiveUsers => known_last(count(fa.active_users), count(fb.active_users)),
        Column::Deployment => known_last(fa.deployment_pct, fb.deployment_pct),
        Column::Usage => known_last(fa.usage_pct, fb.usage_pct),
        Column::Low => directed(a.low_adoption.cmp(&b.low_adoption)),
    }
}

/// The suggested action of a customer's figures, in one line.
/// The largest threshold the fields take, in percent.
const MAX_THRESHOLD: f64 = 1000.0;

pub fn action_text(figures: &SeatFigures, thresholds: Thresholds) -> String {
    crate::i18n::current().advice(&Advice::for_figures(figures, thresholds))
}

#[component]
fn LowAdoption(adoption: AdoptionMemo) -> impl IntoView {
    let known = known_pcts();
    let d = use_dashboard();
    let route = d.route;
    let thresholds = d.thresholds;
    let search = RwSignal::new(String::new());
    // "Low adoption only" is the list's default; `list=all` in the address
    // shows every customer with seats, so a shared link and Back keep it.
    let only_low = Memo::new(move |_| route.with(|r| r.param("list") != Some("all")));
    let set_only_low = move |low: bool| {
        let next = route
            .get_untracked()
            .with("list", (!low).then(|| "all".to_string()));
        crate::state::route::navigate(&next);
    };
    let sort = RwSignal::new((Column::Usage, false));
    let rows = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        let (column, descending) = sort.get();
        let only_low = only_low.get();
        let mut rows: Vec<CustomerAdoption> = adoption
            .get()
            .map(|a| a.customers.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|c| !only_low || c.low_adoption)
            .filter(|c| {
                needle.is_empty()
                    || c.name.to_lowercase().contains(&needle)
                    || c.customer_id.to_lowercase().contains(&needle)
            })
            .collect();
        partner_insights::order::sort_by(&mut rows, |a, b| {
            compare(a, b, column, descending).then_with(|| a.customer_id.cmp(&b.customer_id))
        });
        let t = thresholds.get();
        rows.into_iter()
            .map(|c| {
                let action = action_text(&c.figures, t);
                (c, action)
            })
            .collect::<Vec<_>>()
    });
    // A page of the list at a time: a portfolio's low-adoption customers
    // run to thousands, and every row drawn is laid out on every change.
    let page = RwSignal::new(0usize);
    Effect::new(move |_| {
        rows.track();
        page.set(0);
    });
    let pages = Signal::derive(move || rows.with(|r| r.len().div_ceil(PAGE_ROWS).max(1)));
    let shown = move || rows.with(|r| page_of(r, page.get()));
    let any_over = move || {
        rows.get()
            .iter()
            .any(|(c, _)| above_100(c.figures.usage_pct))
    };
    let low_count = move || {
        adoption
            .get()
            .ok()
            .map(|a| a.customers.iter().filter(|c| c.low_adoption).count())
            .unwrap_or(0)
    };
    let total = move || adoption.get().ok().map(|a| a.customers.len()).unwrap_or(0);
    // A threshold is a percentage from 0 to 1000 (the field's bounds): a
    // larger one is taken as 1000, and what is not a number gives the field
    // back its value.
    let set_threshold = move |key: &'static str, ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let current = thresholds.get_untracked();
        let current = if key == "deployment" {
            current.deployment_pct
        } else {
            current.usage_pct
        };
        let wanted =
            crate::format::parse_threshold(input.value().trim()).map(|v| v.min(MAX_THRESHOLD));
        let shown = crate::format::threshold_text(wanted.unwrap_or(current));
        input.set_value(&shown);
        if wanted.is_some_and(|v| v != current) {
            let next = route.get_untracked().with(key, Some(shown));
            crate::state::route::navigate(&next);
        }
    };
    let export = move |_| {
        let shown: Vec<CustomerAdoption> =
            rows.get_untracked().into_iter().map(|(c, _)| c).collect();
        let table = export::tables::customers_adoption(
            &shown,
            known,
            thresholds.get_untracked(),
            crate::i18n::current(),
        );
        download::save_csv("customers-adoption.csv", &table.to_csv());
    };
    view! {
        <Section id="low-adoption" title=msg("low.title") description=msg("low.description")>
            <div class="table-tools">
                <label class="threshold">{msg("low.deployment_below")}
                    <input type="number" min="0" max="1000" step="1" data-testid="deployment-threshold"
                        prop:value=move || crate::format::threshold_text(thresholds.get().deployment_pct)
                        on:change=move |ev| set_threshold("deployment", ev)/>{msg("low.percent_sign")}</label>
                <label class="threshold">{msg("low.usage_below")}
                    <input type="number" min="0" max="1000" step="1" data-testid="usage-threshold"
                        prop:value=move || crate::format::threshold_text(thresholds.get().usage_pct)
                        on:change=move |ev| set_threshold("usage", ev)/>{msg("low.percent_sign")}</label>
                <label class="check"><input type="checkbox" data-testid="only-low" prop:checked=move || only_low.get()
                    on:change=move |ev| set_only_low(event_target_checked(&ev))/>{move || format!(" {}", t("low.only_low"))}</label>
                <input type="search" class="search" placeholder=msg("low.search") aria-label=msg("low.search") data-testid="customer-search"
                    prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                <button class="secondary" data-testid="export-customers" on:click=export>{msg("common.download_csv")}</button>
            </div>
            <p class="count-note" data-testid="low-count">{move || tr!("low.count", low = format::count(low_count() as u64), total = format::count(total() as u64))}</p>
            <div class="table-wrap">
                <table class="grid" data-testid="customers">
                    <thead><tr>
                        {COLUMNS.into_iter().map(|(column, key, label)| {
                            let text_column = matches!(column, Column::Customer);
                            let lowest_first = matches!(column, Column::Customer | Column::Deployment | Column::Usage);
                            view! { <SortHeader sort column key label=msg(label) numeric=!text_column descending_first=!lowest_first/> }
                        }).collect_view()}
                        <th scope="col">{msg("low.suggested_action")}</th>
                    </tr></thead>
                    <tbody>
                        <For each=shown key=|(c, action)| (c.customer_id.clone(), action.clone(), c.figures.assigned, c.figures.active_users) let:row>
                            {
                                let (c, action) = row;
                                let id = c.customer_id.to_string();
                                let link = move || Route { page: Page::Customer(id.clone()), params: route.with(|r| r.params.clone()) }.to_fragment();
                                view! {
                                    <tr data-customer=c.customer_id.clone() class:low=c.low_adoption>
                                        <th scope="row"><a href=link>{c.name.clone()}</a></th>
                                        <td class="num">{move || format::count_or_unknown(c.figures.entitlements)}</td>
                                        <td class="num">{move || format::count_or_unknown(c.figures.assigned)}</td>
                                        <td class="num">{move || format::count_or_unknown(c.figures.active_users)}</td>
                                        <td class="num">{pct_cell(c.figures.deployment_pct, known.deployment)}</td>
                                        <td class="num">{pct_cell(c.figures.usage_pct, known.usage)}</td>
                                        <td class="num">{t(if c.low_adoption { "common.yes" } else { "common.no" })}</td>
                                        <td class="action">{action}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                {move || rows.get().is_empty().then(|| view! { <p class="hint">{msg("low.no_match")}</p> })}
            </div>
            {move || (pages.get() > 1).then(|| view! { <Pager page pages label=msg("low.pages") testid="low"/> })}
            {move || any_over().then(|| view! { <UsageNote/> })}
        </Section>
    }
}
