//! The Summary section: one tile per KPI.

use leptos::prelude::*;

use crate::format;
use crate::metrics::{Entry, Kpi, Report};

/// Whether a rise is good news (customers) or bad (churn).
#[derive(Clone, Copy)]
enum Direction {
    UpIsGood,
    UpIsBad,
}

fn change_class(change: Option<f64>, direction: Direction) -> &'static str {
    match (change.map(|c| (c * 10.0).round()), direction) {
        (None, _) => "change none",
        (Some(c), _) if c == 0.0 => "change flat",
        (Some(c), Direction::UpIsGood) if c > 0.0 => "change up good",
        (Some(_), Direction::UpIsGood) => "change down bad",
        (Some(c), Direction::UpIsBad) if c > 0.0 => "change up bad",
        (Some(_), Direction::UpIsBad) => "change down good",
    }
}

#[component]
fn Tile(id: &'static str, title: &'static str, kpi: Kpi, direction: Direction, #[prop(optional)] extra: Option<String>) -> impl IntoView {
    let arrow = match kpi.change_pct.map(|c| (c * 10.0).round()) {
        Some(c) if c > 0.0 => "▲ ",
        Some(c) if c < 0.0 => "▼ ",
        _ => "",
    };
    view! {
        <article class="tile" data-kpi=id>
            <h3>{title}</h3>
            <p class="value">{format::count(kpi.value)}</p>
            <p class=change_class(kpi.change_pct, direction)>
                <span class="change-value">{format!("{arrow}{}", format::change(kpi.change_pct))}</span>
                {extra.map(|e| view! { <span class="extra">{e}</span> })}
            </p>
        </article>
    }
}

#[component]
pub fn Summary(report: Report) -> impl IntoView {
    let s = report.summary;
    let churned = Kpi { value: s.customers_churned.value, change_pct: s.customers_churned.change_pct, trend: s.customers_churned.trend };
    let churn = format!("churn {}", format::percent(s.customers_churned.churn_pct));
    let range = format!("{} – {}", report.range.from, report.range.to);
    view! {
        <section class="summary" aria-labelledby="summary-title">
            <h2 id="summary-title">"Summary"</h2>
            <p class="description">{format!("Key figures of your customers, {range}.")}</p>
            <div class="tiles">
                <Tile id="customers" title="Customers" kpi=s.customers direction=Direction::UpIsGood/>
                <Tile id="active_customers" title="Active customers" kpi=s.active_customers direction=Direction::UpIsGood/>
                <Tile id="subscriptions" title="Subscriptions" kpi=s.subscriptions direction=Direction::UpIsGood/>
                <Tile id="customers_added" title="Customers added" kpi=s.customers_added direction=Direction::UpIsGood/>
                <Tile id="customers_churned" title="Customers churned" kpi=churned direction=Direction::UpIsBad extra=churn/>
                <article class="tile" data-kpi="customers_by_product">
                    <h3>"Customers by product"</h3>
                    <ul class="by-product">
                        {s.customers_by_product.into_iter().map(|Entry { key, value }| view! {
                            <li><span class="key">{key}</span><span class="num">{format::count(value)}</span></li>
                        }).collect_view()}
                    </ul>
                </article>
            </div>
        </section>
    }
}
