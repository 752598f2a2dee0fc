//! The report object of spec section 7, assembled from the per-month figures.

use serde::Serialize;

use crate::dataset::{Dataset, Dict, Measures, UsageData};
use crate::model::{Month, Window};

use super::pass::{Grid, Monthly, Seats};
use super::{RowCounts, Thresholds};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub range: MonthSpan,
    pub data_months: DataMonths,
    pub rows: RowCounts,
    /// The filters the report was asked for, every dimension by its key
    /// (an empty list: no filter), so a report read back says what it
    /// shows (docs/decisions.md).
    pub filters: super::Filters,
    /// The low-adoption thresholds of `licenses`.
    pub thresholds: Thresholds,
    pub summary: Summary,
    pub geography: Vec<CountryFigures>,
    pub adds_churns: Vec<AddsChurns>,
    pub distribution: Distribution,
    pub products: Vec<ProductFigures>,
    pub distribution_trend: DistributionTrend,
    pub active_trend: Vec<ActivePoint>,
    /// Retention by cohort (spec 5.2): the range's cohort months, oldest
    /// first, without those of no customer.
    pub retention: Vec<Cohort>,
    pub licenses: Licenses,
    /// Present only when a workload usage file was loaded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workloads: Option<Vec<WorkloadFigures>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonthSpan {
    pub from: Month,
    pub to: Month,
}

impl Report {
    /// What the tiles' change % is against: stocks (customers, active
    /// customers, subscriptions) against the month before the range, flows
    /// (added, churned) against as many months just before it; `None` where
    /// the data has no such months (a range from the first data month).
    pub fn change_basis(&self) -> (Option<Month>, Option<MonthSpan>) {
        let (from, to, first) = (self.range.from, self.range.to, self.data_months.first);
        let months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32 + 1;
        let stock = (from > first).then(|| from.plus(-1));
        let earlier = from.plus(-months);
        let flow = (earlier >= first).then(|| MonthSpan {
            from: earlier,
            to: from.plus(-1),
        });
        (stock, flow)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DataMonths {
    pub first: Month,
    pub last: Month,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub customers: Kpi,
    pub active_customers: Kpi,
    pub subscriptions: Kpi,
    pub customers_added: Kpi,
    pub customers_churned: ChurnKpi,
    pub customers_by_product: Vec<Entry>,
}

/// A KPI tile. `value` (and every trend value) is `None` only where the
/// data cannot tell it (spec 1.4: active customers without an active-user
/// column or a usage file).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Kpi {
    pub value: Option<u64>,
    pub change_pct: Option<f64>,
    pub trend: Vec<Point>,
}

impl Kpi {
    /// The same KPI unknown: every value null (spec 1.4).
    fn unknown(self) -> Kpi {
        Kpi {
            value: None,
            change_pct: None,
            trend: self
                .trend
                .into_iter()
                .map(|p| Point {
                    month: p.month,
                    value: None,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnKpi {
    pub value: u64,
    pub change_pct: Option<f64>,
    pub churn_pct: Option<f64>,
    pub trend: Vec<Point>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Point {
    pub month: Month,
    pub value: Option<u64>,
}

/// One value of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub key: String,
    pub value: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CountryFigures {
    pub country: String,
    pub iso2: Option<&'static str>,
    pub customers: u64,
    /// `None` when active customers are unknown (spec 1.4).
    pub active: Option<u64>,
    pub added: u64,
    pub customers_share_pct: Option<f64>,
    pub active_share_pct: Option<f64>,
    pub added_share_pct: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AddsChurns {
    pub month: Month,
    pub new: u64,
    pub existing: u64,
    pub churned: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Distribution {
    pub partner_location: Vec<Entry>,
    pub segment: Vec<Entry>,
    pub sales_channel: Vec<Entry>,
    pub pricing_model: Vec<Entry>,
    pub attribution_type: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProductFigures {
    pub product: String,
    pub customers: u64,
    pub skus: Vec<Entry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DistributionTrend {
    pub market: Vec<TrendMonth>,
    pub segment: Vec<TrendMonth>,
    pub partner_location: Vec<TrendMonth>,
    pub product: Vec<TrendMonth>,
    pub pricing_model: Vec<TrendMonth>,
    pub attribution_type: Vec<TrendMonth>,
    pub sales_channel: Vec<TrendMonth>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrendMonth {
    pub month: Month,
    pub values: Vec<Entry>,
}

/// The customers new for the first time in one month, and how many of them
/// are customers 0, 1, 2, ... months later, up to the range's last month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cohort {
    pub cohort: Month,
    pub size: u64,
    /// `retained[0]` is `size`.
    pub retained: Vec<u64>,
}

impl Cohort {
    /// Retention % `k` months after joining; `None` past the range.
    pub fn pct(&self, k: usize) -> Option<f64> {
        let kept = *self.retained.get(k)?;
        pct(kept, self.size)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ActivePoint {
    pub month: Month,
    /// `None` when active customers are unknown (spec 1.4).
    pub active: Option<u64>,
    pub customers: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Licenses {
    pub month: Month,
    pub portfolio: SeatFigures,
    pub by_product: Vec<ProductSeatFigures>,
    /// Every customer with seats in the month. Shared: the prepared
    /// figures keep one list per end month and filters
    /// (`metrics::Prepared`), and a range change does not copy it. `None`
    /// when the report was asked for without it
    /// ([`super::report_prepared_without_customers`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customers: Option<std::sync::Arc<[CustomerAdoption]>>,
}

/// Seat sums and their percentages; a sum whose column the input lacks is
/// `None`, and so is a percentage of it (spec 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeatFigures {
    pub entitlements: Option<u64>,
    pub assigned: Option<u64>,
    pub active_users: Option<u64>,
    pub deployment_pct: Option<f64>,
    pub usage_pct: Option<f64>,
}

impl SeatFigures {
    pub fn of(seats: &Seats, known: Measures) -> SeatFigures {
        let entitlements = known.entitlements.then_some(seats.entitlements);
        let assigned = known.assigned.then_some(seats.assigned);
        let active_users = known.active_users.then_some(seats.active_users);
        let share = |part: Option<u64>, whole: Option<u64>| pct(part?, whole?);
        SeatFigures {
            entitlements,
            assigned,
            active_users,
            deployment_pct: share(assigned, entitlements),
            usage_pct: share(active_users, assigned),
        }
    }

    /// Spec section 6: Deployment % below its threshold or Usage % below
    /// its threshold; an undefined percentage is never low.
    pub fn is_low_adoption(&self, t: Thresholds) -> bool {
        self.deployment_pct.is_some_and(|p| p < t.deployment_pct)
            || self.usage_pct.is_some_and(|p| p < t.usage_pct)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProductSeatFigures {
    pub key: String,
    #[serde(flatten)]
    pub figures: SeatFigures,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerAdoption {
    /// Shared with the dataset's dictionaries: a report lists thousands.
    pub customer_id: std::sync::Arc<str>,
    pub name: std::sync::Arc<str>,
    #[serde(flatten)]
    pub figures: SeatFigures,
    pub low_adoption: bool,
}

/// Workload usage in the report month (from the optional usage file).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkloadFigures {
    pub workload: String,
    pub licenses: u64,
    pub active_users: u64,
    pub usage_pct: Option<f64>,
}

/// `part / whole * 100`, undefined when `whole` is 0.
pub fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64 * 100.0)
}

/// Change of `now` against `base`, in percent; undefined without a base or when it is 0.
fn change(now: u64, base: Option<u64>) -> Option<f64> {
    let base = base.filter(|&b| b > 0)?;
    Some((now as f64 - base as f64) / base as f64 * 100.0)
}

/// Sorted by value descending, then key ascending; zero values left out.
pub fn breakdown(values: impl IntoIterator<Item = (String, u64)>) -> Vec<Entry> {
    let mut entries: Vec<Entry> = values
        .into_iter()
        .filter(|(_, v)| *v > 0)
        .map(|(key, value)| Entry { key, value })
        .collect();
    crate::order::sort_by(&mut entries, |x, y| {
        y.value.cmp(&x.value).then_with(|| x.key.cmp(&y.key))
    });
    entries
}

/// Every product's SKUs in one list, largest first: customers per product
/// and SKU. A SKU sold under two products is listed once under each, named
/// `SKU (product)`, never added up: a customer with both would count twice.
pub fn skus_of_all(products: &[ProductFigures]) -> Vec<Entry> {
    // A few dozen SKUs: a count by scanning is enough.
    let shared = |sku: &str| {
        products
            .iter()
            .filter(|p| p.skus.iter().any(|e| e.key == sku))
            .count()
            > 1
    };
    breakdown(products.iter().flat_map(|p| {
        p.skus.iter().map(move |e| {
            let key = if shared(&e.key) {
                format!("{} ({})", e.key, p.product)
            } else {
                e.key.clone()
            };
            (key, e.value)
        })
    }))
}

/// A breakdown of a grid month over a dictionary. Keys that two ids share
/// (never the case for a dictionary) would be listed twice, so they are
/// summed first.
fn dict_breakdown(counts: &[u32], dict: &Dict) -> Vec<Entry> {
    breakdown(
        dict.iter()
            .map(|(id, key)| (key.to_string(), u64::from(counts[id as usize]))),
    )
}

pub(super) fn assemble(
    ds: &Dataset,
    rows: RowCounts,
    usage: Option<&UsageData>,
    m: &Monthly,
    customers: Option<std::sync::Arc<[CustomerAdoption]>>,
    range: Window,
    query: &super::Query,
) -> Report {
    // `range` is in data months; the figures are indexed by their place in
    // the pass's window: `shown` is the range there, `end` its last month.
    let pass = m.window;
    let shown = range.months().map(|i| pass.at(i));
    let end = pass.at(range.last);
    let month = |w: usize| ds.month_at(pass.first + w);
    // The month before the range, when the data has it.
    let before = (range.first > 0).then(|| pass.at(range.first - 1));

    let known = ds.measures();
    let trend = |series: &[u32]| -> Vec<Point> {
        shown
            .clone()
            .map(|w| Point {
                month: month(w),
                value: Some(u64::from(series[w])),
            })
            .collect()
    };
    let stock = |series: &[u32]| Kpi {
        value: Some(u64::from(series[end])),
        change_pct: change(u64::from(series[end]), before.map(|w| u64::from(series[w]))),
        trend: trend(series),
    };
    let sum = |series: &[u32], months: Window| -> u64 {
        months.months().map(|i| u64::from(series[pass.at(i)])).sum()
    };
    // As many months just before the range, when they are all data months.
    let earlier = range.before();
    let flow = |series: &[u32]| Kpi {
        value: Some(sum(series, range)),
        change_pct: earlier.and_then(|e| change(sum(series, range), Some(sum(series, e)))),
        trend: trend(series),
    };

    let added = flow(&m.new);
    let churned = flow(&m.churned);
    let base_customers = before.map(|w| u64::from(m.customers[w]));
    let churned_value = churned.value.unwrap_or_default();
    let churn_pct = base_customers.and_then(|base| pct(churned_value, base));

    let product_breakdown = |w: usize| dict_breakdown(m.product.month(w), &ds.products);
    let summary = Summary {
        customers: stock(&m.customers),
        active_customers: if known.active_customers {
            stock(&m.active)
        } else {
            stock(&m.active).unknown()
        },
        subscriptions: stock(&m.subscriptions),
        customers_added: added,
        customers_churned: ChurnKpi {
            value: churned_value,
            change_pct: churned.change_pct,
            churn_pct,
            trend: churned.trend,
        },
        customers_by_product: product_breakdown(end),
    };

    let markets = ds.markets.len();
    let mut geography: Vec<CountryFigures> = (0..markets)
        .map(|k| {
            let added: u64 = shown
                .clone()
                .map(|w| u64::from(m.market_new.month(w)[k]))
                .sum();
            CountryFigures {
                country: ds.markets[k].name.clone(),
                iso2: ds.markets[k].iso2,
                customers: u64::from(m.market_customers.month(end)[k]),
                active: known
                    .active_customers
                    .then(|| u64::from(m.market_active.month(end)[k])),
                added,
                customers_share_pct: None,
                active_share_pct: None,
                added_share_pct: None,
            }
        })
        .filter(|c| c.customers > 0 || c.active.unwrap_or(0) > 0 || c.added > 0)
        .collect();
    let totals = geography.iter().fold((0, 0, 0), |t, c| {
        (
            t.0 + c.customers,
            t.1 + c.active.unwrap_or(0),
            t.2 + c.added,
        )
    });
    for c in &mut geography {
        c.customers_share_pct = pct(c.customers, totals.0);
        c.active_share_pct = c.active.and_then(|active| pct(active, totals.1));
        c.added_share_pct = pct(c.added, totals.2);
    }
    crate::order::sort_by(&mut geography, |x, y| {
        y.customers
            .cmp(&x.customers)
            .then_with(|| x.country.cmp(&y.country))
    });

    let adds_churns = shown
        .clone()
        .map(|w| AddsChurns {
            month: month(w),
            new: u64::from(m.new[w]),
            existing: u64::from(m.existing[w]),
            churned: u64::from(m.churned[w]),
        })
        .collect();

    let market_breakdown = |grid: &Grid, w: usize| {
        // Two market ids may share a display name only if one has a code
        // and one has not, which normalisation rules out; sum to be safe.
        let mut totals: Vec<(String, u64)> = Vec::new();
        for (k, market) in ds.markets.iter().enumerate() {
            let v = u64::from(grid.month(w)[k]);
            match totals.iter_mut().find(|(name, _)| *name == market.name) {
                Some(t) => t.1 += v,
                None => totals.push((market.name.clone(), v)),
            }
        }
        breakdown(totals)
    };

    let distribution = Distribution {
        partner_location: dict_breakdown(m.partner_location.month(end), &ds.partner_location.dict),
        segment: dict_breakdown(m.segment_customers.month(end), &ds.segment.dict),
        sales_channel: dict_breakdown(m.channel.month(end), &ds.channel.dict),
        pricing_model: dict_breakdown(m.pricing.month(end), &ds.pricing.dict),
        attribution_type: dict_breakdown(m.attribution.month(end), &ds.attribution.dict),
    };

    let plans = m.plan.month(end);
    let products = product_breakdown(end)
        .into_iter()
        .map(|entry| {
            let product = ds
                .products
                .get(&entry.key)
                .expect("a product key comes from the dictionary");
            let skus = breakdown(
                ds.plans
                    .iter()
                    .enumerate()
                    .filter(|(_, plan)| plan.product == product)
                    .map(|(i, plan)| (ds.skus.name(plan.sku).to_string(), u64::from(plans[i]))),
            );
            ProductFigures {
                product: entry.key,
                customers: entry.value,
                skus,
            }
        })
        .collect();

    let trend_of = |f: &dyn Fn(usize) -> Vec<Entry>| -> Vec<TrendMonth> {
        shown
            .clone()
            .map(|w| TrendMonth {
                month: month(w),
                values: f(w),
            })
            .collect()
    };
    let distribution_trend = DistributionTrend {
        market: trend_of(&|w| market_breakdown(&m.market_customers, w)),
        segment: trend_of(&|w| dict_breakdown(m.segment_customers.month(w), &ds.segment.dict)),
        partner_location: trend_of(&|w| {
            dict_breakdown(m.partner_location.month(w), &ds.partner_location.dict)
        }),
        product: trend_of(&product_breakdown),
        pricing_model: trend_of(&|w| dict_breakdown(m.pricing.month(w), &ds.pricing.dict)),
        attribution_type: trend_of(&|w| {
            dict_breakdown(m.attribution.month(w), &ds.attribution.dict)
        }),
        sales_channel: trend_of(&|w| dict_breakdown(m.channel.month(w), &ds.channel.dict)),
    };

    let active_trend = shown
        .clone()
        .map(|w| ActivePoint {
            month: month(w),
            active: known.active_customers.then(|| u64::from(m.active[w])),
            customers: u64::from(m.customers[w]),
        })
        .collect();

    let retention = shown
        .clone()
        .filter_map(|w0| {
            let row = m.retention.month(w0);
            let retained: Vec<u64> = (w0..=end).map(|w| u64::from(row[w])).collect();
            let size = retained[0];
            (size > 0).then(|| Cohort {
                cohort: month(w0),
                size,
                retained,
            })
        })
        .collect();

    let product_count = ds.products.len();
    let mut by_product: Vec<ProductSeatFigures> = (0..product_count)
        .filter_map(|p| {
            let seats = &m.product_seats[end * product_count + p];
            seats.any.then(|| ProductSeatFigures {
                key: ds.products.name(p as u32).to_string(),
                figures: SeatFigures::of(seats, known),
            })
        })
        .collect();
    crate::order::sort_by(&mut by_product, |x, y| x.key.cmp(&y.key));
    let licenses = Licenses {
        month: month(end),
        portfolio: SeatFigures::of(&m.seats[end], known),
        by_product,
        customers,
    };

    let workloads = usage.map(|u| {
        workload_figures(
            u,
            &usage_customers(ds, u),
            |c| m.is_present(c, end),
            month(end),
        )
    });

    Report {
        range: MonthSpan {
            from: month(pass.at(range.first)),
            to: month(end),
        },
        data_months: DataMonths {
            first: ds.first_month.expect("a report needs rows"),
            last: ds.last_month().expect("a report needs rows"),
        },
        rows,
        filters: query.filters.clone(),
        thresholds: query.thresholds,
        summary,
        geography,
        adds_churns,
        distribution,
        products,
        distribution_trend,
        active_trend,
        retention,
        licenses,
        workloads,
    }
}

/// Usage rows of `month` whose customer has a selected row in that month.
///
/// Rows of one customer and one written workload are summed. Workloads
/// written differently that count as one (SharePoint and OneDrive) are the
/// same licences and largely the same people, so per customer the larger
/// licence count and the larger active-user count are taken, not the sum.
pub(super) fn workload_figures(
    usage: &UsageData,
    customers: &[Option<u32>],
    present: impl Fn(usize) -> bool,
    month: Month,
) -> Vec<WorkloadFigures> {
    // The month's rows come sorted by customer and workload: the rows of
    // one customer's workload are summed, its workloads that count as one
    // (OneDrive as SharePoint) give their largest, and each customer's
    // figures are added to the portfolio's, in one walk.
    let reported = usage.reported.len();
    let mut sums = vec![(0u64, 0u64); reported];
    let mut customer_max = vec![(0u64, 0u64); reported];
    let rows = usage.month_rows(month);
    let mut i = 0;
    while i < rows.len() {
        let customer = usage.customer[rows[i] as usize];
        let mut end = i;
        while end < rows.len() && usage.customer[rows[end] as usize] == customer {
            end += 1;
        }
        let known = customers[customer as usize].is_some_and(|c| present(c as usize));
        if known {
            let mut j = i;
            while j < end {
                let workload = usage.workload[rows[j] as usize];
                let (mut licenses, mut users) = (0u64, 0u64);
                while j < end && usage.workload[rows[j] as usize] == workload {
                    let r = rows[j] as usize;
                    licenses += u64::from(usage.licenses[r]);
                    users += u64::from(usage.active_users[r]);
                    j += 1;
                }
                let m = &mut customer_max[usage.counts_as[workload as usize] as usize];
                m.0 = m.0.max(licenses);
                m.1 = m.1.max(users);
            }
            for (sum, m) in sums.iter_mut().zip(customer_max.iter_mut()) {
                sum.0 += m.0;
                sum.1 += m.1;
                *m = (0, 0);
            }
        }
        i = end;
    }
    let mut out: Vec<WorkloadFigures> = usage
        .reported
        .iter()
        .zip(sums)
        .filter(|(_, (licenses, users))| *licenses > 0 || *users > 0)
        .map(|((_, name), (licenses, active_users))| WorkloadFigures {
            workload: name.to_string(),
            licenses,
            active_users,
            usage_pct: pct(active_users, licenses),
        })
        .collect();
    crate::order::sort_by(&mut out, |x, y| x.workload.cmp(&y.workload));
    out
}

/// The dataset's customer of each customer of the usage file (none for a
/// tenant the customers file does not have).
pub(super) fn usage_customers(ds: &Dataset, usage: &UsageData) -> Vec<Option<u32>> {
    usage
        .customers
        .iter()
        .map(|(_, id)| ds.customers.get(id))
        .collect()
}
