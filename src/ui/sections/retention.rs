//! Customer retention (spec 5.2): the cohort triangle as a heatmap, and
//! the average retention curve beside it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::retention::{retention, retention_curve};
use crate::format;
use crate::i18n::msg;

use crate::bridge::echarts::{escape_html, get, EChart, Formatter};
use crate::state::use_dashboard;
use crate::widgets::frame::{option_of, Section};

#[component]
pub fn Retention() -> impl IntoView {
    let report = use_dashboard().report;
    let empty =
        Memo::new(move |_| report.with(|r| r.as_ref().map_or(true, |r| r.retention.is_empty())));
    let triangle = option_of(|r| retention(crate::i18n::current(), &r.retention));
    let curve = option_of(|r| retention_curve(crate::i18n::current(), &r.retention));
    // Hovering a cell: the cohort, the month since joining, how many of
    // its customers are still customers and their share.
    let tooltip: Formatter = Arc::new(move |params| {
        let data = get(&params, "data");
        let value = js_sys::Array::from(&get(&data, "value"));
        let (Some(k), Some(row)) = (value.get(0).as_f64(), value.get(1).as_f64()) else {
            return String::new();
        };
        let Some(cohort) = report
            .get_untracked()
            .ok()
            .and_then(|r| r.retention.get(row as usize).cloned())
        else {
            return String::new();
        };
        let k = k as usize;
        format!(
            "<strong>{}</strong><br>{}",
            escape_html(&tr!(
                "retention.tooltip_title",
                month = format::month(cohort.cohort),
                k = format::count(k as u64)
            )),
            escape_html(&tr!(
                "retention.tooltip",
                retained = format::count(cohort.retained.get(k).copied().unwrap_or(0)),
                size = format::count(cohort.size),
                pct = format::percent(cohort.pct(k))
            ))
        )
    });
    let export = move |_| {
        if let Ok(r) = report.get_untracked() {
            let (header, rows) = crate::export::tables::retention(&r.retention);
            let names: Vec<&str> = header.iter().map(String::as_str).collect();
            crate::bridge::download::save_csv("retention.csv", &crate::export::csv(&names, rows));
        }
    };
    view! {
        <Section id="retention" title=msg("retention.title") description=msg("retention.description")>
            <div class="table-tools"><button class="secondary" data-testid="export-retention" on:click=export>{msg("common.download_csv")}</button></div>
            {move || if empty.get() {
                view! { <p class="hint" data-testid="retention-empty">{msg("retention.empty")}</p> }.into_any()
            } else {
                let tooltip = tooltip.clone();
                view! {
                    <div class="pair retention">
                        <EChart option=triangle label=msg("retention.chart") class="tall" tooltip/>
                        <EChart option=curve label=msg("retention.curve")/>
                    </div>
                }.into_any()
            }}
        </Section>
    }
}
