//! The Summary section: one tile per KPI, each with its change and a micro chart.

use leptos::prelude::*;

use crate::charts;
use crate::format;
use crate::i18n::msg;
use crate::metrics::{Kpi, Report};

use crate::state::use_dashboard;
use crate::widgets::frame::Section;
use crate::widgets::micro::MicroChart;

/// What a tile's change is against: a stock (customers, subscriptions)
/// against the month before the range, a flow (added, churned) against as
/// many months before it ([`Report::change_basis`]).
#[derive(Clone, Copy, PartialEq)]
enum Basis {
    Stock,
    Flow,
}

/// The basis of a tile's change, as the tile writes it under the change.
fn basis_text(r: &Report, basis: Basis) -> String {
    let (stock, flow) = r.change_basis();
    let earlier = match basis {
        Basis::Stock => stock.map(format::month),
        Basis::Flow => flow.map(|s| format::months(s.from, s.to)),
    };
    match earlier {
        Some(earlier) => crate::tr!("summary.vs", basis = earlier),
        None => crate::i18n::t("summary.no_basis").to_string(),
    }
}

/// Whether a rise is good news (customers) or bad (churn).
#[derive(Clone, Copy)]
enum Direction {
    UpIsGood,
    UpIsBad,
}

fn change_class(change: Option<f64>, direction: Direction) -> &'static str {
    match (change.map(|c| (c * 10.0).round()), direction) {
        (None, _) => "change none",
        (Some(0.0), _) => "change flat",
        (Some(c), Direction::UpIsGood) if c > 0.0 => "change up good",
        (Some(_), Direction::UpIsGood) => "change down bad",
        (Some(c), Direction::UpIsBad) if c > 0.0 => "change up bad",
        (Some(_), Direction::UpIsBad) => "change down good",
    }
}

fn arrow(change: Option<f64>) -> &'static str {
    match change.map(|c| (c * 10.0).round()) {
        Some(c) if c > 0.0 => "▲ ",
        Some(c) if c < 0.0 => "▼ ",
        _ => "",
    }
}

#[component]
fn Tile(
    id: &'static str,
    #[prop(into)] title: TextProp,
    kpi: fn(&Report) -> Kpi,
    direction: Direction,
    basis: Basis,
    color: &'static str,
    #[prop(optional)] extra: Option<fn(&Report) -> String>,
) -> impl IntoView {
    let report = use_dashboard().report;
    let current = Memo::new(move |_| report.get().ok().map(|r| kpi(&r)));
    let value = move || {
        current
            .get()
            .map(|k| format::count_or_unknown(k.value))
            .unwrap_or_default()
    };
    let change = move || current.get().and_then(|k| k.change_pct);
    // The series is named as the tile, so "View as table" heads its
    // column with the figure's name.
    let series_name = title.clone();
    let option = Signal::derive(move || {
        current
            .get()
            .map(|k| {
                charts::micro_trend(crate::i18n::current(), &series_name.get(), &k.trend, color)
            })
            .unwrap_or_default()
    });
    let extra_text = move || extra.and_then(|f| report.get().ok().map(|r| f(&r)));
    let basis = move || report.get().ok().map(|r| basis_text(&r, basis));
    view! {
        <article class="tile" data-kpi=id>
            <h3>{let title = title.clone(); move || title.get()}</h3>
            <p class="value" class:unknown=move || current.get().is_some_and(|k| k.value.is_none())>{value}</p>
            <p class=move || change_class(change(), direction)
                title=msg("summary.change_hint")>
                <span class="change-value">{move || format!("{}{}", arrow(change()), format::change(change()))}</span>
                {move || extra_text().map(|e| view! { <span class="extra">{e}</span> })}
            </p>
            <p class="basis" data-testid="basis">{basis}</p>
            {move || current.get().is_some_and(|k| k.value.is_none()).then(|| view! {
                <p class="unknown-reason" data-testid="unknown-reason">{msg("figure.active_unknown")}</p>
            })}
            <MicroChart option label=move || tr!("summary.micro", title = title.get())/>
        </article>
    }
}

#[component]
pub fn Summary() -> impl IntoView {
    let report = use_dashboard().report;
    let range = move || {
        report
            .get()
            .ok()
            .map(|r| format::months(r.range.from, r.range.to))
            .unwrap_or_default()
    };
    let by_product = move || {
        report
            .get()
            .ok()
            .map(|r| r.summary.customers_by_product.clone())
            .unwrap_or_default()
    };
    view! {
        <Section id="summary" title=msg("summary.title") description=msg("summary.description")>
            <p class="range-note">{range}</p>
            <div class="tiles">
                <Tile id="customers" title=msg("kpi.customers") kpi=|r| r.summary.customers.clone() basis=Basis::Stock direction=Direction::UpIsGood color=charts::NEW/>
                <Tile id="active_customers" title=msg("kpi.active_customers") kpi=|r| r.summary.active_customers.clone() basis=Basis::Stock direction=Direction::UpIsGood color=charts::ACTIVE/>
                <Tile id="subscriptions" title=msg("kpi.subscriptions") kpi=|r| r.summary.subscriptions.clone() basis=Basis::Stock direction=Direction::UpIsGood color=charts::PALETTE[3]/>
                <Tile id="customers_added" title=msg("kpi.customers_added") kpi=|r| r.summary.customers_added.clone() basis=Basis::Flow direction=Direction::UpIsGood color=charts::NEW/>
                <Tile id="customers_churned" title=msg("kpi.customers_churned")
                    kpi=|r| {
                        let c = &r.summary.customers_churned;
                        Kpi { value: Some(c.value), change_pct: c.change_pct, trend: c.trend.clone() }
                    }
                    basis=Basis::Flow direction=Direction::UpIsBad color=charts::CHURNED
                    extra=|r| tr!("summary.churn", pct = format::percent(r.summary.customers_churned.churn_pct))/>
                <article class="tile wide" data-kpi="customers_by_product">
                    <h3>{msg("kpi.customers_by_product")}</h3>
                    <ul class="by-product">
                        <For each=by_product key=|e| (e.key.clone(), e.value) let:entry>
                            <li><span class="key" title=entry.key.clone()>{entry.key.clone()}</span><span class="num">{move || format::count(entry.value)}</span></li>
                        </For>
                    </ul>
                </article>
            </div>
        </Section>
    }
}
