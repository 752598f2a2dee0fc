//! License deployment and usage over a range (spec section 6): the
//! portfolio, each product, each workload, each customer, and one customer
//! in detail.

use serde::Serialize;

use crate::dataset::{Dataset, UsageData};
use crate::model::Month;

use super::filters::RowFilter;
use super::pass::{self, CustomerSeats, Seats};
use super::report::{
    usage_customers, workload_figures, CustomerAdoption, MonthSpan, Report, SeatFigures,
    WorkloadFigures,
};
use super::{resolve_range, Query, RangeError, Thresholds};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Adoption {
    pub range: MonthSpan,
    pub months: Vec<Month>,
    /// Per month of the range.
    pub portfolio: Vec<SeatFigures>,
    /// Products with seat data in the range; Office 365 / Microsoft 365 and
    /// Dynamics 365 first.
    pub products: Vec<ProductAdoption>,
    /// Per workload, per month of the range (empty without a usage file,
    /// and when `workloads_apply` is false).
    pub workloads: Vec<WorkloadTrend>,
    /// Whether any selected row of the range has seats or users: false
    /// for a selection of products billed by consumption (Azure), which
    /// have nothing to deploy or use.
    pub seated: bool,
    /// Whether the workload usage (the Office usage report, of Office 365
    /// and Microsoft 365 licences) belongs to the selection: false under a
    /// product filter without those products (docs/decisions.md).
    pub workloads_apply: bool,
    /// Customers with seat data in the last month, sorted by id.
    pub customers: Vec<CustomerAdoption>,
    pub thresholds: Thresholds,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductAdoption {
    pub product: String,
    pub trend: Vec<SeatFigures>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadTrend {
    pub workload: String,
    /// Per month of the range; zeros where the workload has no rows.
    pub trend: Vec<WorkloadFigures>,
}

/// Why a customer is low adoption, and what helps (spec section 6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    LowDeployment,
    LowUsage,
}

impl Advice {
    /// The message key of what helps (`l10n` words it).
    pub fn action_key(self) -> &'static str {
        match self {
            Advice::LowDeployment => "advice.low_deployment",
            Advice::LowUsage => "advice.low_usage",
        }
    }

    /// The advice for a customer's figures: empty when it is not low adoption.
    pub fn for_figures(figures: &SeatFigures, t: Thresholds) -> Vec<Advice> {
        let mut out = Vec::new();
        if figures.deployment_pct.is_some_and(|p| p < t.deployment_pct) {
            out.push(Advice::LowDeployment);
        }
        if figures.usage_pct.is_some_and(|p| p < t.usage_pct) {
            out.push(Advice::LowUsage);
        }
        out
    }
}

/// Products that lead the adoption view: the seat-based productivity suites.
/// Whether a product's licences are those the Office usage report (the
/// workload usage file) counts.
pub fn has_workloads(product: &str) -> bool {
    product.contains("Office 365") || product.contains("Microsoft 365")
}

fn product_rank(name: &str) -> u8 {
    if has_workloads(name) {
        0
    } else if name.contains("Dynamics 365") {
        1
    } else {
        2
    }
}

impl Adoption {
    /// The adoption figures a report holds: those of its last month only
    /// (the report's `licenses` and `workloads`), for a report opened in
    /// the page. The trend of each figure is that one month. Each
    /// customer's low adoption is judged again by `thresholds` (its
    /// figures are all it takes).
    pub fn of_report(report: &Report, thresholds: Thresholds) -> Adoption {
        let l = &report.licenses;
        let chosen = &report.filters[crate::model::Dimension::Product];
        let workloads_apply = chosen.is_empty() || chosen.iter().any(|p| has_workloads(p));
        let seated = |f: &SeatFigures| {
            [f.entitlements, f.assigned, f.active_users]
                .iter()
                .any(|v| v.is_some_and(|v| v > 0))
        };
        let mut products: Vec<ProductAdoption> = l
            .by_product
            .iter()
            .map(|p| ProductAdoption {
                product: p.key.clone(),
                trend: vec![p.figures],
            })
            .collect();
        crate::order::sort_by(&mut products, |x, y| {
            product_rank(&x.product)
                .cmp(&product_rank(&y.product))
                .then_with(|| x.product.cmp(&y.product))
        });
        Adoption {
            range: MonthSpan {
                from: l.month,
                to: l.month,
            },
            months: vec![l.month],
            portfolio: vec![l.portfolio],
            seated: seated(&l.portfolio) || l.by_product.iter().any(|p| seated(&p.figures)),
            products,
            workloads: report
                .workloads
                .iter()
                .flatten()
                .filter(|_| workloads_apply)
                .map(|w| WorkloadTrend {
                    workload: w.workload.clone(),
                    trend: vec![w.clone()],
                })
                .collect(),
            workloads_apply,
            customers: l
                .customers
                .as_deref()
                .unwrap_or_default()
                .iter()
                .map(|c| CustomerAdoption {
                    low_adoption: c.figures.is_low_adoption(thresholds),
                    ..c.clone()
                })
                .collect(),
            thresholds,
        }
    }
}

pub(super) fn customer_adoption(
    ds: &Dataset,
    seats: &[CustomerSeats],
    thresholds: Thresholds,
) -> Vec<CustomerAdoption> {
    // `seats` come in order of tenant id (pass::customer_seats).
    let customers: Vec<CustomerAdoption> = seats
        .iter()
        .map(|c| {
            let figures = SeatFigures::of(&c.seats, ds.measures());
            CustomerAdoption {
                customer_id: ds.customers.shared(c.customer),
                name: ds.display_name_shared(c.attribute_row as usize, c.customer as usize),
                figures,
                low_adoption: figures.is_low_adoption(thresholds),
            }
        })
        .collect();
    debug_assert!(customers.is_sorted_by(|x, y| x.customer_id < y.customer_id));
    customers
}

pub fn adoption(
    ds: &Dataset,
    usage: Option<&UsageData>,
    query: &Query,
) -> Result<Adoption, RangeError> {
    let range = super::range_offsets(ds, query)?;
    let filter = RowFilter::new(&query.filters, ds);
    super::check_size(ds, range.len())?;
    let m = pass::run(ds, &filter, range);
    let known = ds.measures();
    let months: Vec<Month> = range.months().map(|i| ds.month_at(i)).collect();
    let product_count = ds.products.len();
    let mut products: Vec<ProductAdoption> = (0..product_count)
        .filter(|&p| (0..range.len()).any(|w| m.product_seats[w * product_count + p].any))
        .map(|p| ProductAdoption {
            product: ds.products.name(p as u32).to_string(),
            trend: (0..range.len())
                .map(|w| SeatFigures::of(&m.product_seats[w * product_count + p], known))
                .collect(),
        })
        .collect();
    crate::order::sort_by(&mut products, |x, y| {
        product_rank(&x.product)
            .cmp(&product_rank(&y.product))
            .then_with(|| x.product.cmp(&y.product))
    });

    let chosen = &query.filters[crate::model::Dimension::Product];
    let workloads_apply = chosen.is_empty() || chosen.iter().any(|p| has_workloads(p));
    let mut workloads: Vec<WorkloadTrend> = Vec::new();
    if let Some(usage) = usage.filter(|_| workloads_apply) {
        let customers = usage_customers(ds, usage);
        for (w, month) in months.iter().enumerate() {
            for figure in workload_figures(usage, &customers, |c| m.is_present(c, w), *month) {
                let index = match workloads.iter().position(|t| t.workload == figure.workload) {
                    Some(i) => i,
                    None => {
                        let empty = |_| WorkloadFigures {
                            workload: figure.workload.clone(),
                            licenses: 0,
                            active_users: 0,
                            usage_pct: None,
                        };
                        workloads.push(WorkloadTrend {
                            workload: figure.workload.clone(),
                            trend: (0..range.len()).map(empty).collect(),
                        });
                        workloads.len() - 1
                    }
                };
                workloads[index].trend[w] = figure;
            }
        }
        crate::order::sort_by(&mut workloads, |x, y| x.workload.cmp(&y.workload));
    }

    let seated = m.seats.iter().any(|s| s.any);
    Ok(Adoption {
        seated,
        workloads_apply,
        range: MonthSpan {
            from: ds.month_at(range.first),
            to: ds.month_at(range.last),
        },
        months,
        portfolio: m.seats.iter().map(|s| SeatFigures::of(s, known)).collect(),
        products,
        workloads,
        customers: customer_adoption(
            ds,
            &pass::customer_seats(ds, &filter, range.last),
            query.thresholds,
        ),
        thresholds: query.thresholds,
    })
}

/// One subscription of a customer in a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubscriptionLine {
    /// The SubscriptionId, or empty when the file has none for it.
    pub subscription_id: String,
    pub product: String,
    pub sku: String,
    pub status: String,
    pub active: bool,
    pub trial: bool,
    /// `None` where the input has no such column (spec 1.4).
    pub available_seats: Option<u64>,
    pub assigned_seats: Option<u64>,
    pub active_users: Option<u64>,
    pub partner_location: String,
    pub attribution_type: String,
    pub sales_channel: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerInsights {
    pub customer_id: String,
    pub name: String,
    pub market: String,
    pub iso2: Option<&'static str>,
    pub segment: String,
    pub month: Month,
    pub months: Vec<Month>,
    /// Whether it has an active subscription in `month`.
    pub is_customer: bool,
    pub subscriptions: Vec<SubscriptionLine>,
    /// Deployment and usage per month of the range.
    pub trend: Vec<SeatFigures>,
    pub current: SeatFigures,
    pub low_adoption: bool,
    pub advice: Vec<Advice>,
    /// Workloads in `month` (empty without a usage file).
    pub workloads: Vec<WorkloadFigures>,
}

/// One customer over the range, from its selected rows. `None` when the
/// tenant id is not in the data or none of its rows is selected up to the
/// range's last month.
pub fn customer_insights(
    ds: &Dataset,
    usage: Option<&UsageData>,
    tenant: &str,
    query: &Query,
) -> Result<Option<CustomerInsights>, RangeError> {
    let (from, to) = resolve_range(ds, query.from, query.to)?;
    let Some(c) = ds.customers.get(tenant).map(|c| c as usize) else {
        return Ok(None);
    };
    let a = ds
        .month_index(from)
        .expect("resolved months are data months");
    let b = ds.month_index(to).expect("resolved months are data months");
    let filter = RowFilter::new(&query.filters, ds);
    let len = b - a + 1;
    let mut seats = vec![Seats::default(); len];
    let mut attribute_row = None;
    let mut subscriptions = Vec::new();
    let mut is_customer = false;
    let rows = ds.rows_of(c);
    let known = ds.measures();
    for r in rows.clone() {
        let m = ds.month.get(r) as usize;
        if m > b || !filter.selects(r) {
            continue;
        }
        attribute_row = Some(r);
        if m < a {
            continue;
        }
        let group_start = ds.month.partition_point(rows.clone(), |x| (x as usize) < m);
        let group_end = ds
            .month
            .partition_point(rows.clone(), |x| (x as usize) <= m);
        seats[m - a].merge(Seats::of_counted(ds, &filter, r, group_start..group_end));
        if m == b {
            is_customer |= ds.active.get(r);
            let plan = ds.plans[ds.plan.get(r) as usize];
            let id = ds.subscription.value(r);
            subscriptions.push(SubscriptionLine {
                // A key made of tenant, product and SKU is no id to show.
                subscription_id: if id.contains('\u{1f}') {
                    String::new()
                } else {
                    id.to_string()
                },
                product: ds.products.name(plan.product).to_string(),
                sku: ds.skus.name(plan.sku).to_string(),
                status: ds.status.value(r).to_string(),
                active: ds.active.get(r),
                trial: ds.trial.get(r),
                available_seats: known.entitlements.then(|| u64::from(ds.available.get(r))),
                assigned_seats: known.assigned.then(|| u64::from(ds.assigned.get(r))),
                active_users: known
                    .active_users
                    .then(|| u64::from(ds.active_users.get(r))),
                partner_location: ds.partner_location.value(r).to_string(),
                attribution_type: ds.attribution.value(r).to_string(),
                sales_channel: ds.channel.value(r).to_string(),
            });
        }
    }
    let Some(attr) = attribute_row else {
        return Ok(None);
    };
    let trend: Vec<SeatFigures> = seats.iter().map(|s| SeatFigures::of(s, known)).collect();
    let current = trend[len - 1];
    let advice = Advice::for_figures(&current, query.thresholds);
    let present = !subscriptions.is_empty();
    let workloads = usage
        .map(|u| workload_figures(u, &usage_customers(ds, u), |x| x == c && present, to))
        .unwrap_or_default();
    let market = &ds.markets[ds.market.get(attr) as usize];
    Ok(Some(CustomerInsights {
        customer_id: tenant.to_string(),
        name: ds.display_name(attr, c).to_string(),
        market: market.name.clone(),
        iso2: market.iso2,
        segment: ds.segment.value(attr).to_string(),
        month: to,
        months: (0..len).map(|w| ds.month_at(a + w)).collect(),
        is_customer,
        subscriptions,
        trend,
        current,
        low_adoption: !advice.is_empty(),
        advice,
        workloads,
    }))
}
