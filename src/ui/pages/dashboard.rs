//! The Customers dashboard: its seven sections, or why there is nothing to
//! show for the range and filters.

use leptos::prelude::*;

use crate::i18n::msg;
use crate::state::use_dashboard;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let d = use_dashboard();
    let report = d.report;
    let filters = d.filters;
    let fixed = d.model.fixed.is_some();
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
                <crate::sections::summary::Summary/>
                <crate::sections::geography::Geography/>
                <crate::sections::trends::AddsChurns/>
                <crate::sections::trends::Distribution/>
                <crate::sections::products::Products/>
                <crate::sections::trends::DistributionTrend/>
                <crate::sections::trends::ActiveTrend/>
                <crate::sections::retention::Retention/>
                {if fixed {
                    view! { <NoRows id="customer-list" title="list.title" description="list.description"/> }.into_any()
                } else {
                    view! { <crate::sections::customers::CustomerList/> }.into_any()
                }}
            }.into_any(),
        }}
    }
}

/// A section that needs the rows, for a report opened as it is.
#[component]
pub fn NoRows(id: &'static str, title: &'static str, description: &'static str) -> impl IntoView {
    view! {
        <crate::widgets::frame::Section id title=msg(title) description=msg(description)>
            <p class="state empty" data-testid="no-rows">{msg("report_file.no_rows")}</p>
        </crate::widgets::frame::Section>
    }
}

#[derive(Clone, PartialEq)]
enum Status {
    Error(String),
    Empty,
    Ready,
}
