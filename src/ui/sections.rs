//! The chart sections: adds and churns, distribution, distribution trend,
//! active customers trend; and the frame every section shares.

use leptos::prelude::*;
use serde_json::Value;

use crate::charts;
use crate::i18n::msg;
use crate::metrics::{Report, TrendMonth};

use super::echarts::{get, EChart, Formatter};
use super::state::{use_dashboard, DISTRIBUTION_TABS, TREND_TABS};

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
    view! {
        <div class="tabs" role="tablist" aria-label=move || label.get()>
            {tabs.iter().map(|&(key, name)| view! {
                <button role="tab" data-tab=key aria-selected=move || (selected.get() == key).to_string()
                    class:selected=move || selected.get() == key on:click=move |_| selected.set(key)>{msg(name)}</button>
            }).collect_view()}
        </div>
    }
}

/// Values of an axis tooltip without signs: churn is drawn below zero but
/// is a count of customers.
fn absolute_value() -> Formatter {
    std::sync::Arc::new(|v| {
        let n = v.as_f64().unwrap_or(0.0).abs();
        crate::format::count(n.round() as u64)
    })
}

#[component]
pub fn AddsChurns() -> impl IntoView {
    view! {
        <Section id="adds-churns" title=msg("adds.title") description=msg("adds.description")>
            <EChart option=option_of(|r| charts::adds_churns(crate::i18n::current(), &r.adds_churns)) label=msg("adds.chart")
                class="tall" value_formatter=absolute_value()/>
        </Section>
    }
}

#[component]
pub fn Distribution() -> impl IntoView {
    let tab = use_dashboard().distribution_tab;
    let option = option_of(move |r| {
        let d = &r.distribution;
        let entries = match tab.get() {
            "segment" => &d.segment,
            "sales_channel" => &d.sales_channel,
            "pricing_model" => &d.pricing_model,
            "attribution_type" => &d.attribution_type,
            _ => &d.partner_location,
        };
        charts::distribution(entries)
    });
    view! {
        <Section id="distribution" title=msg("distribution.title") description=msg("distribution.description")>
            <Tabs tabs=DISTRIBUTION_TABS selected=tab label=msg("distribution.tabs")/>
            <EChart option label=msg("distribution.title")/>
        </Section>
    }
}

fn trend_of<'a>(r: &'a Report, tab: &str) -> &'a [TrendMonth] {
    let t = &r.distribution_trend;
    match tab {
        "segment" => &t.segment,
        "partner_location" => &t.partner_location,
        "product" => &t.product,
        _ => &t.market,
    }
}

#[component]
pub fn DistributionTrend() -> impl IntoView {
    let tab = use_dashboard().trend_tab;
    let option = option_of(move |r| {
        charts::distribution_trend(crate::i18n::current(), trend_of(r, tab.get()))
    });
    view! {
        <Section id="distribution-trend" title=msg("trend.title") description=msg("trend.description")>
            <Tabs tabs=TREND_TABS selected=tab label=msg("trend.tabs")/>
            <EChart option label=msg("trend.title") class="tall"/>
        </Section>
    }
}

/// Why active customers are not shown (spec 1.4), while they are unknown.
#[component]
pub fn ActiveUnknown() -> impl IntoView {
    let report = use_dashboard().report;
    let unknown = move || {
        report
            .get()
            .is_ok_and(|r| r.summary.active_customers.value.is_none())
    };
    view! {
        {move || unknown().then(|| view! {
            <p class="unknown-reason" role="note" data-testid="unknown-reason">{msg("figure.active_unknown")}</p>
        })}
    }
}

#[component]
pub fn ActiveTrend() -> impl IntoView {
    view! {
        <Section id="active-trend" title=msg("active.title") description=msg("active.description")>
            <ActiveUnknown/>
            <EChart option=option_of(|r| charts::active_trend(crate::i18n::current(), &r.active_trend)) label=msg("active.chart")/>
        </Section>
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
