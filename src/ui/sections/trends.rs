//! The chart sections over months and segments: adds and churns,
//! distribution, distribution trend, active customers trend.

use leptos::prelude::*;

use crate::charts;
use crate::charts::colours::Breakdown;
use crate::i18n::{msg, t};
use crate::metrics::{Report, TrendMonth};
use crate::model::Dimension;

use crate::bridge::echarts::{get, on, EChart, Formatter, Setup};
use crate::state::{use_dashboard, DISTRIBUTION_TABS, TREND_TABS};
use crate::widgets::frame::{option_of, FilterTo, Section, Tabs};

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
    let d = use_dashboard();
    let tab = d.distribution_tab;
    let colours = d.model.colours.clone();
    let option = option_of(move |r| {
        let d = &r.distribution;
        let tab = tab.get();
        let entries = match tab {
            "segment" => &d.segment,
            "sales_channel" => &d.sales_channel,
            "pricing_model" => &d.pricing_model,
            "attribution_type" => &d.attribution_type,
            _ => &d.partner_location,
        };
        let mut option = charts::distribution(crate::i18n::current(), entries);
        colours.paint(&mut option, breakdown(tab), "");
        option
    });
    view! {
        <Section id="distribution" title=msg("distribution.title") description=msg("distribution.description")>
            <TabbedChart tabs=DISTRIBUTION_TABS tab title="distribution.title" tabs_label="distribution.tabs" option class=""/>
        </Section>
    }
}

/// The page filter a tab's values are (none for pricing models).
fn filter_of(tab: &str) -> Option<Dimension> {
    match breakdown(tab) {
        Breakdown::Of(d) => Some(d),
        Breakdown::PricingModel => None,
    }
}

/// The value picked by a click on a bar or stack (its series: the name as
/// the filter knows it, and as shown), forgotten when the tab changes.
fn picking(tab: RwSignal<&'static str>) -> (RwSignal<Option<(String, String)>>, Setup) {
    let picked = RwSignal::new(None::<(String, String)>);
    Effect::new(move |_| {
        tab.track();
        picked.set(None);
    });
    let setup: Setup = std::sync::Arc::new(move |chart| {
        on(chart, "click", move |params| {
            let name = get(&params, "seriesName").as_string().unwrap_or_default();
            let id = get(&params, "seriesId")
                .as_string()
                .filter(|id| !id.contains('\0'));
            // "Other" sums many values: no one filter.
            if name.is_empty() || name == crate::i18n::t("chart.other") {
                return;
            }
            picked.set(Some((id.unwrap_or_else(|| name.clone()), name)));
        })
    });
    (picked, setup)
}

/// A chart broken down by the chosen tab: the tabs, "Filter to ..." for a
/// value picked in it, and the chart, named by its title and tab.
#[component]
fn TabbedChart(
    tabs: &'static [(&'static str, &'static str)],
    tab: RwSignal<&'static str>,
    title: &'static str,
    tabs_label: &'static str,
    option: Signal<serde_json::Value>,
    class: &'static str,
) -> impl IntoView {
    let (picked, setup) = picking(tab);
    view! {
        <Tabs tabs selected=tab label=msg(tabs_label)/>
        <CrossFilter tab picked/>
        <EChart option label=move || by_tab(title, tabs, tab.get()) class setup
            filter=Signal::derive(move || filter_of(tab.get()))/>
    }
}

/// "Filter to ..." for the value picked in a chart of the tab.
#[component]
fn CrossFilter(
    tab: RwSignal<&'static str>,
    picked: RwSignal<Option<(String, String)>>,
) -> impl IntoView {
    let value = Signal::derive(move || picked.get().map(|(v, _)| v));
    let shown = Signal::derive(move || picked.get().map(|(_, s)| s).unwrap_or_default());
    view! {
        <div class="cross-filter">
            {move || filter_of(tab.get()).map(|dim| view! { <FilterTo dim value shown/> })}
        </div>
    }
}

/// The values a tab breaks down by, for their colours.
fn breakdown(tab: &str) -> Breakdown {
    Breakdown::Of(match tab {
        "segment" => Dimension::Segment,
        "sales_channel" => Dimension::SalesChannel,
        "attribution_type" => Dimension::AttributionType,
        "market" => Dimension::Market,
        "product" => Dimension::Product,
        "pricing_model" => return Breakdown::PricingModel,
        _ => Dimension::PartnerLocation,
    })
}

/// A tabbed chart's name: the section's and the tab's ("Customer
/// distribution trend · Market"), so its accessible name and its PNG's
/// title say what it breaks down by.
fn by_tab(title: &str, tabs: &[(&str, &'static str)], tab: &str) -> String {
    let name = tabs.iter().find(|(k, _)| *k == tab).map_or("", |(_, n)| *n);
    format!("{} · {}", t(title), t(name))
}

fn trend_of<'a>(r: &'a Report, tab: &str) -> &'a [TrendMonth] {
    let t = &r.distribution_trend;
    match tab {
        "segment" => &t.segment,
        "partner_location" => &t.partner_location,
        "product" => &t.product,
        "pricing_model" => &t.pricing_model,
        "attribution_type" => &t.attribution_type,
        "sales_channel" => &t.sales_channel,
        _ => &t.market,
    }
}

#[component]
pub fn DistributionTrend() -> impl IntoView {
    let d = use_dashboard();
    let tab = d.trend_tab;
    let colours = d.model.colours.clone();
    let option = option_of(move |r| {
        let tab = tab.get();
        let l = crate::i18n::current();
        let mut option = charts::distribution_trend(l, trend_of(r, tab));
        colours.paint(&mut option, breakdown(tab), l.text("chart.other"));
        // Each stack keeps the value's name as the filter knows it (its id),
        // for "Filter to ..." once the names are translated.
        for series in option["series"].as_array_mut().into_iter().flatten() {
            if series["name"] != l.text("chart.other") {
                series["id"] = series["name"].clone();
            }
        }
        if tab == "market" {
            // Markets by their names in the language in force.
            let shown = |name: &str| {
                crate::model::lookup_country(name).map_or_else(
                    || name.to_string(),
                    |c| crate::format::country(name, Some(c.alpha2)),
                )
            };
            for series in option["series"].as_array_mut().into_iter().flatten() {
                if let Some(name) = series["name"].as_str() {
                    series["name"] = shown(name).into();
                }
            }
            if let Some(names) = option["legend"]["data"].as_array_mut() {
                for name in names {
                    if let Some(n) = name.as_str() {
                        *name = shown(n).into();
                    }
                }
            }
        }
        option
    });
    view! {
        <Section id="distribution-trend" title=msg("trend.title") description=msg("trend.description")>
            <TabbedChart tabs=TREND_TABS tab title="trend.title" tabs_label="trend.tabs" option class="tall"/>
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
