//! Customer insights: one customer's subscriptions, deployment and usage
//! over time, workloads, and whether and why its adoption is low.

use leptos::prelude::*;

use crate::charts::adoption as adoption_charts;
use crate::export;
use crate::format;
use crate::i18n::{msg, t};
use crate::metrics::{self, CustomerInsights};
use crate::route::{Page, Route};

use crate::bridge::download;
use crate::bridge::echarts::EChart;
use crate::pages::adoption::{action_text, UsageNote};
use crate::state::{use_dashboard, Usage};
use crate::widgets::frame::Section;

#[component]
pub fn CustomerPage(id: String) -> impl IntoView {
    let d = use_dashboard();
    if d.model.fixed.is_some() {
        return view! {
            <crate::pages::dashboard::NoRows id="customer-trend" title="customer.insights" description="customer.trend_description"/>
        }
        .into_any();
    }
    let route = d.route;
    let tenant = id.clone();
    let model = d.model.clone();
    let dashboard = d.clone();
    let insights = Memo::new(move |_| {
        let query = dashboard.query();
        let usage = model.usage.get();
        metrics::customer_insights(&model.dataset, usage.data(), &tenant, &query)
            .map_err(|e| crate::i18n::Worded::worded(&e))
    });
    let usage = d.model.usage.clone();
    let usage_loading = move || usage.with(Usage::is_loading);
    let title_id = id.clone();
    Effect::new(move |_| match insights.get() {
        Ok(Some(c)) => crate::state::route::set_title(&[&c.name, t("customer.insights")]),
        _ => crate::state::route::set_title(&[&title_id, t("customer.insights")]),
    });
    // Back to where the customer was chosen, or to the Adoption page.
    let back = move |_| {
        let history = window().history().ok();
        if history.as_ref().and_then(|h| h.length().ok()).unwrap_or(0) > 1 {
            let _ = history.map(|h| h.back());
        } else {
            let r = route.get_untracked();
            let target = Route {
                page: Page::Adoption,
                params: r.params,
            };
            crate::state::route::navigate(&target);
        }
    };
    view! {
        <div class="page-head">
            <button class="link back" data-testid="back" on:click=back>{move || format!("← {}", t("customer.back"))}</button>
        </div>
        {move || match insights.get() {
            _ if usage_loading() => view! { <crate::pages::adoption::UsageLoading/> }.into_any(),
            Err(e) => view! { <div class="state error" role="alert">{e}</div> }.into_any(),
            Ok(None) => view! {
                <div class="state empty" role="alert">{let id = id.clone(); move || tr!("customer.not_found", id = id)}</div>
            }.into_any(),
            Ok(Some(c)) => view! { <Insights c/> }.into_any(),
        }}
    }
    .into_any()
}

#[component]
fn Insights(c: CustomerInsights) -> impl IntoView {
    let known = crate::pages::adoption::known_pcts();
    let thresholds = use_dashboard().thresholds;
    let option = {
        let (months, trend) = (c.months.clone(), c.trend.clone());
        Signal::derive(move || {
            adoption_charts::deployment_and_usage(
                crate::i18n::current(),
                &months,
                &trend,
                thresholds.get(),
            )
        })
    };
    let (low, advice, current, month) = (c.low_adoption, c.advice.clone(), c.current, c.month);
    let is_customer = c.is_customer;
    let status = move || {
        if !is_customer {
            // Opened from the customer list: it churned, or holds nothing
            // active under the filters, in the range's last month.
            tr!("customer.none_active", month = format::month(month))
        } else if low {
            let reasons: Vec<String> = advice
                .iter()
                .map(|a| match a {
                    metrics::Advice::LowDeployment => tr!(
                        "customer.deployment_below",
                        value = format::percent(current.deployment_pct),
                        threshold =
                            format::percent(Some(thresholds.get_untracked().deployment_pct))
                    ),
                    metrics::Advice::LowUsage => tr!(
                        "customer.usage_below",
                        value = format::percent(current.usage_pct),
                        threshold = format::percent(Some(thresholds.get_untracked().usage_pct))
                    ),
                })
                .collect();
            tr!(
                "customer.low",
                month = format::month(month),
                reasons = reasons.join(t("customer.and"))
            )
        } else {
            tr!("customer.not_low", month = format::month(month))
        }
    };
    let action = move || action_text(&current, thresholds.get_untracked());
    let over = c.current.usage_pct.is_some_and(|p| p > 100.0)
        || c.workloads
            .iter()
            .any(|w| w.usage_pct.is_some_and(|p| p > 100.0));
    let subscriptions = c.subscriptions.clone();
    let file = format!("subscriptions-{}.csv", c.customer_id);
    let export = move |_| {
        download::save_csv(
            &file,
            &export::tables::subscriptions(&subscriptions).to_csv(),
        );
    };
    let subs = c.subscriptions.clone();
    let workloads = c.workloads.clone();
    let workload_rows = c.workloads.clone();
    let workload_file = format!("workloads-{}.csv", c.customer_id);
    let export_workloads = move |_| {
        let table = export::tables::workloads(&workload_rows);
        download::save_csv(&workload_file, &table.to_csv());
    };
    view! {
        <section id="customer" aria-labelledby="customer-title">
            <h2 id="customer-title" data-testid="customer-name">{c.name.clone()}</h2>
            <p class="description">
                {move || tr!("customer.line", id = c.customer_id, market = crate::format::country(&c.market, crate::model::lookup_country(&c.market).map(|x| x.alpha2)), segment = c.segment)}
            </p>
            <p class=if !c.is_customer { "verdict gone" } else if c.low_adoption { "verdict low" } else { "verdict ok" } data-testid="verdict">{status}</p>
            {move || {
                let action = action();
                (!action.is_empty()).then(|| view! { <p class="advice" data-testid="advice">{tr!("customer.suggested", action = action)}</p> })
            }}
            <div class="tiles">
                <Figure title=msg("adoption.entitlements") text=move || format::count_or_unknown(c.current.entitlements)/>
                <Figure title=msg("adoption.assigned") text=move || format::count_or_unknown(c.current.assigned)/>
                <Figure title=msg("adoption.active_users") text=move || format::count_or_unknown(c.current.active_users)/>
                <Figure title=msg("adoption.deployment_pct") text=move || crate::format::pct_text(c.current.deployment_pct, known.deployment)/>
                <Figure title=msg("adoption.usage_pct") text=move || crate::format::pct_text(c.current.usage_pct, known.usage)/>
            </div>
            {over.then(|| view! { <UsageNote/> })}
        </section>
        <Section id="customer-trend" title=msg("customer.trend_title") description=msg("customer.trend_description")>
            <EChart option label=msg("adoption.chart")/>
        </Section>
        <Section id="customer-subscriptions" title=msg("kpi.subscriptions") description=msg("customer.subscriptions_description")>
            <div class="table-tools"><button class="secondary" data-testid="export-subscriptions" on:click=export>{msg("common.download_csv")}</button></div>
            // A long list scrolls in its frame, which the keyboard can scroll too.
            <div class="table-wrap" tabindex="0" role="region" aria-label=msg("kpi.subscriptions")>
                <table class="grid" data-testid="subscriptions">
                    <thead><tr>
                        <th scope="col">{msg("dimension.product")}</th><th scope="col">{msg("customer.sku")}</th><th scope="col">{msg("customer.status")}</th>
                        <th scope="col" class="num">{msg("customer.seats")}</th><th scope="col" class="num">{msg("adoption.assigned")}</th><th scope="col" class="num">{msg("adoption.active_users")}</th>
                        <th scope="col">{msg("dimension.partner_location")}</th><th scope="col">{msg("customer.attribution")}</th><th scope="col">{msg("customer.subscription")}</th>
                    </tr></thead>
                    <tbody>
                        {subs.into_iter().map(|s| view! {
                            <tr class:inactive=!s.active>
                                <th scope="row">{s.product}</th>
                                <td>{s.sku}</td>
                                <td>{let status = s.status.clone(); move || status_text(&status)}{s.trial.then_some(move || format!(" ({})", t("customer.trial")))}</td>
                                <td class="num">{move || format::count_or_unknown(s.available_seats)}</td>
                                <td class="num">{move || format::count_or_unknown(s.assigned_seats)}</td>
                                <td class="num">{move || format::count_or_unknown(s.active_users)}</td>
                                <td>{s.partner_location}</td>
                                <td>{s.attribution_type}</td>
                                <td class="mono">{if s.subscription_id.is_empty() { "–".to_string() } else { s.subscription_id }}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </Section>
        {(!workloads.is_empty()).then(|| view! {
            <Section id="customer-workloads" title=msg("workloads.title") description=msg("customer.workloads_description")>
                <div class="table-tools"><button class="secondary" data-testid="export-customer-workloads" on:click=export_workloads.clone()>{msg("common.download_csv")}</button></div>
                <div class="compact-wrap"><table class="grid compact" data-testid="customer-workloads">
                    <thead><tr><th scope="col">{msg("workloads.workload")}</th><th scope="col" class="num">{msg("workloads.licences")}</th><th scope="col" class="num">{msg("adoption.active_users")}</th><th scope="col" class="num">{msg("adoption.usage_pct")}</th></tr></thead>
                    <tbody>
                        {workloads.into_iter().map(|w| view! {
                            <tr>
                                <th scope="row">{w.workload}</th>
                                <td class="num">{move || format::count(w.licenses)}</td>
                                <td class="num">{move || format::count(w.active_users)}</td>
                                <td class="num">{move || format::percent(w.usage_pct)}{w.usage_pct.is_some_and(|p| p > 100.0).then_some(" ▲100+")}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </Section>
        })}
    }
}

/// A subscription status in the language in force; a status Partner
/// Center does not document is shown as the file wrote it.
fn status_text(status: &str) -> String {
    let key: String = status
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect::<String>()
        .to_ascii_lowercase();
    let known = match key.as_str() {
        "" | "active" => "customer.active",
        "suspended" => "status.suspended",
        "disabled" => "status.disabled",
        "deprovisioned" => "status.deprovisioned",
        "ingraceperiod" => "status.in_grace_period",
        "churned" => "status.churned",
        "inactive" => "status.inactive",
        "expired" => "status.expired",
        _ => return status.to_string(),
    };
    t(known).to_string()
}

#[component]
fn Figure(#[prop(into)] title: TextProp, #[prop(into)] text: TextProp) -> impl IntoView {
    view! {
        <article class="tile">
            <h3>{move || title.get()}</h3>
            <p class="value">{move || text.get()}</p>
        </article>
    }
}
