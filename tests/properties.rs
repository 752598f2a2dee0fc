//! Property tests: on random files the engine agrees with a direct,
//! slow reading of the spec, and the spec's invariants hold.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use partner_insights::ingest;
use partner_insights::metrics::{self, Filters, Query, RowCounts};
use partner_insights::model::Dimension;
use proptest::prelude::*;
use serde_json::Value;

#[derive(Debug, Clone)]
struct Row {
    month: i32,
    customer: usize,
    market: &'static str,
    segment: &'static str,
    product: &'static str,
    sku: &'static str,
    subscription: Option<usize>,
    active: bool,
    users: u32,
    available: u32,
    assigned: u32,
    trial: bool,
}

const MARKETS: &[&str] = &["US", "United States", "DE", "France", "", "Atlantis"];
const SEGMENTS: &[&str] = &["SMB", "Enterprise", ""];
const PRODUCTS: &[&str] = &["Azure", "Office 365", "Dynamics 365"];
const SKUS: &[&str] = &["A", "B"];

fn row() -> impl Strategy<Value = Row> {
    (
        (
            0..8i32,
            0..6usize,
            0..MARKETS.len(),
            0..SEGMENTS.len(),
            0..PRODUCTS.len(),
            0..SKUS.len(),
        ),
        (
            proptest::option::of(0..5usize),
            proptest::bool::weighted(0.75),
            0..3u32,
            0..20u32,
            0..20u32,
            proptest::bool::weighted(0.15),
        ),
    )
        .prop_map(
            |(
                (month, customer, m, s, p, k),
                (subscription, active, users, available, assigned, trial),
            )| Row {
                month,
                customer,
                market: MARKETS[m],
                segment: SEGMENTS[s],
                product: PRODUCTS[p],
                sku: SKUS[k],
                subscription,
                active,
                users,
                available,
                assigned,
                trial,
            },
        )
}

/// The rows with subscription ids of their own customer, keeping the first
/// row of each subscription and month.
fn unique_subscriptions(rows: Vec<Row>) -> Vec<Row> {
    let mut seen = BTreeSet::new();
    rows.into_iter()
        .map(|r| Row {
            subscription: Some(r.customer * 10 + r.subscription.unwrap_or(9)),
            ..r
        })
        .filter(|r| seen.insert((r.subscription, r.month)))
        .collect()
}

fn to_csv(rows: &[Row]) -> String {
    let mut csv = String::from(
        "Month,CustomerTenantId,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,SubscriptionStatus,ActiveUsers,AvailableSeats,AssignedSeats,IsTrial\n",
    );
    for r in rows {
        let (y, m) = (2023 + r.month / 12, r.month % 12 + 1);
        csv.push_str(&format!(
            "{y}-{m:02},c{},{},{},{},{},{},{},{},{},{},{}\n",
            r.customer,
            r.market,
            r.segment,
            r.product,
            r.sku,
            r.subscription.map(|s| format!("s{s}")).unwrap_or_default(),
            if r.active { "Active" } else { "Suspended" },
            r.users,
            r.available,
            r.assigned,
            r.trial
        ));
    }
    csv
}

fn country(market: &str) -> &str {
    match market {
        "US" | "United States" => "United States",
        "DE" => "Germany",
        "" => "Unknown",
        other => other,
    }
}

/// The spec read literally, one figure at a time.
struct Reference<'a> {
    rows: Vec<&'a Row>,
    first: i32,
}

impl<'a> Reference<'a> {
    fn is_customer(&self, c: usize, m: i32) -> bool {
        self.rows
            .iter()
            .any(|r| r.customer == c && r.month == m && r.active)
    }

    fn customers(&self, m: i32) -> BTreeSet<usize> {
        self.rows
            .iter()
            .filter(|r| r.month == m && r.active)
            .map(|r| r.customer)
            .collect()
    }

    fn active(&self, m: i32) -> usize {
        self.customers(m)
            .into_iter()
            .filter(|&c| {
                self.rows
                    .iter()
                    .filter(|r| r.customer == c && r.month == m)
                    .map(|r| r.users)
                    .sum::<u32>()
                    > 0
            })
            .count()
    }

    fn added(&self, m: i32) -> BTreeSet<usize> {
        if m == self.first {
            return BTreeSet::new();
        }
        self.customers(m)
            .into_iter()
            .filter(|&c| !self.is_customer(c, m - 1))
            .collect()
    }

    fn churned(&self, m: i32) -> usize {
        if m == self.first {
            return 0;
        }
        self.customers(m - 1)
            .into_iter()
            .filter(|&c| !self.is_customer(c, m))
            .count()
    }

    /// Attributes as of m: the last row in file order of the latest month <= m with a row.
    fn market_as_of(&self, c: usize, m: i32) -> &'static str {
        let latest = self
            .rows
            .iter()
            .filter(|r| r.customer == c && r.month <= m)
            .map(|r| r.month)
            .max()
            .unwrap();
        country(
            self.rows
                .iter()
                .rfind(|r| r.customer == c && r.month == latest)
                .unwrap()
                .market,
        )
    }

    /// Spec 5.2: the first data month m with new(c, m); none for a
    /// customer of the first data month (docs/decisions.md).
    fn cohort(&self, c: usize) -> Option<i32> {
        if self.is_customer(c, self.first) {
            return None;
        }
        let last = self.rows.iter().map(|r| r.month).max()?;
        (self.first..=last).find(|&m| self.added(m).contains(&c))
    }

    /// Spec 5.2 for the cohorts of [a, b]: (cohort, size, retained).
    fn retention(&self, a: i32, b: i32) -> Vec<(i32, u64, Vec<u64>)> {
        let all: BTreeSet<usize> = self.rows.iter().map(|r| r.customer).collect();
        (a..=b)
            .filter_map(|m0| {
                let cohort: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|&c| self.cohort(c) == Some(m0))
                    .collect();
                let retained: Vec<u64> = (0..=b - m0)
                    .map(|k| {
                        cohort
                            .iter()
                            .filter(|&&c| self.is_customer(c, m0 + k))
                            .count() as u64
                    })
                    .collect();
                (!cohort.is_empty()).then_some((m0, cohort.len() as u64, retained))
            })
            .collect()
    }

    fn subscriptions(&self, m: i32) -> usize {
        self.rows
            .iter()
            .filter(|r| r.month == m && r.active)
            .map(|r| match r.subscription {
                Some(s) => format!("s{s}"),
                None => format!("c{}|{}|{}", r.customer, r.product, r.sku),
            })
            .collect::<BTreeSet<_>>()
            .len()
    }
}

fn series(kpi: &Value) -> Vec<u64> {
    common::values(&kpi["trend"])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn engine_agrees_with_the_spec_read_literally(
        rows in proptest::collection::vec(row(), 1..40),
        range in (0..8i32, 0..8i32),
        product_filter in proptest::option::of(proptest::sample::subsequence(PRODUCTS.to_vec(), 1..3)),
        segment_filter in proptest::option::of(proptest::sample::subsequence(SEGMENTS.to_vec(), 1..2)),
        unique in proptest::bool::ANY,
    ) {
        // Half the files have each subscription under one customer, once a
        // month (as real exports do): the pass then takes its faster way.
        let rows = if unique { unique_subscriptions(rows) } else { rows };
        let csv = to_csv(&rows);
        let loaded = ingest::load_customers(csv.as_bytes()).unwrap();
        prop_assert_eq!(loaded.summary.loaded, rows.len());
        if unique {
            prop_assert!(loaded.dataset.unique_subscription_months);
        }
        let first = rows.iter().map(|r| r.month).min().unwrap();
        let last = rows.iter().map(|r| r.month).max().unwrap();
        let (a, b) = (first + range.0.min(range.1) % (last - first + 1), first + range.0.max(range.1) % (last - first + 1));
        let (a, b) = (a.min(b), a.max(b));
        let month = |m: i32| partner_insights::model::Month::new(2023 + m / 12, (m % 12 + 1) as u32).unwrap();
        let filters = Filters::default()
            .with(Dimension::Product, product_filter.clone().unwrap_or_default().iter().map(|s| s.to_string()).collect::<Vec<String>>())
            .with(Dimension::Segment, segment_filter.clone().unwrap_or_default().iter().map(|s| if s.is_empty() { "Unknown".to_string() } else { s.to_string() }).collect::<Vec<String>>());
        let query = Query { from: Some(month(a)), to: Some(month(b)), filters, ..Query::default() };
        let report = metrics::report(&loaded.dataset, RowCounts::default(), None, &query).unwrap();
        // The dashboard's way (every month prepared once per filters) gives the same report.
        let prepared = metrics::prepare(&loaded.dataset, &query.filters).unwrap();
        prop_assert_eq!(&metrics::report_prepared(&loaded.dataset, RowCounts::default(), None, &prepared, &query).unwrap(), &report);
        let r = serde_json::to_value(&report).unwrap();

        let selected: Vec<&Row> = rows.iter().filter(|row| {
            product_filter.as_ref().is_none_or(|p| p.contains(&row.product))
                && segment_filter.as_ref().is_none_or(|s| s.contains(&row.segment))
        }).collect();
        let reference = Reference { rows: selected, first };
        let months: Vec<i32> = (a..=b).collect();
        let s = &r["summary"];

        let customers: Vec<u64> = months.iter().map(|&m| reference.customers(m).len() as u64).collect();
        prop_assert_eq!(series(&s["customers"]), customers.clone());
        let active: Vec<u64> = months.iter().map(|&m| reference.active(m) as u64).collect();
        prop_assert_eq!(series(&s["active_customers"]), active);
        let new: Vec<u64> = months.iter().map(|&m| reference.added(m).len() as u64).collect();
        prop_assert_eq!(series(&s["customers_added"]), new.clone());
        let churned: Vec<u64> = months.iter().map(|&m| reference.churned(m) as u64).collect();
        prop_assert_eq!(series(&s["customers_churned"]), churned.clone());
        let subscriptions: Vec<u64> = months.iter().map(|&m| reference.subscriptions(m) as u64).collect();
        prop_assert_eq!(series(&s["subscriptions"]), subscriptions);

        // Base, change % and churn %.
        let base = (a > first).then(|| reference.customers(a - 1).len() as f64);
        let expected_change = base.filter(|&x| x > 0.0).map(|x| (customers[customers.len() - 1] as f64 - x) / x * 100.0);
        prop_assert_eq!(s["customers"]["change_pct"].as_f64(), expected_change);
        let churned_total: u64 = churned.iter().sum();
        let expected_churn = base.filter(|&x| x > 0.0).map(|x| churned_total as f64 / x * 100.0);
        prop_assert_eq!(s["customers_churned"]["churn_pct"].as_f64(), expected_churn);
        let n = b - a + 1;
        let added_total: u64 = new.iter().sum();
        let earlier: Option<u64> = (a - n >= first).then(|| (a - n..a).map(|m| reference.added(m).len() as u64).sum());
        let expected_added_change = earlier.filter(|&e| e > 0).map(|e| (added_total as f64 - e as f64) / e as f64 * 100.0);
        prop_assert_eq!(s["customers_added"]["change_pct"].as_f64(), expected_added_change);

        // Geography: markets as of each month.
        let mut geo: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
        for c in reference.customers(b) {
            geo.entry(reference.market_as_of(c, b)).or_default().0 += 1;
        }
        for &m in &months {
            for c in reference.added(m) {
                geo.entry(reference.market_as_of(c, m)).or_default().1 += 1;
            }
        }
        geo.retain(|_, v| v.0 > 0 || v.1 > 0);
        let got: BTreeMap<&str, (u64, u64)> = r["geography"].as_array().unwrap().iter()
            .filter(|c| c["customers"].as_u64() > Some(0) || c["added"].as_u64() > Some(0))
            .map(|c| (c["country"].as_str().unwrap(), (c["customers"].as_u64().unwrap(), c["added"].as_u64().unwrap())))
            .collect();
        prop_assert_eq!(got, geo);

        // Customers by product in month b: one customer under each of its products.
        let mut by_product: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
        for row in reference.rows.iter().filter(|r| r.month == b && r.active) {
            by_product.entry(row.product.to_string()).or_default().insert(row.customer);
        }
        let got: BTreeMap<String, u64> = common::pairs(&s["customers_by_product"]).into_iter().collect();
        let expected: BTreeMap<String, u64> = by_product.into_iter().map(|(k, v)| (k, v.len() as u64)).collect();
        prop_assert_eq!(got, expected);

        // Retention by cohort (spec 5.2).
        let expected: Vec<(String, u64, Vec<u64>)> = reference.retention(a, b).into_iter()
            .map(|(m0, size, kept)| (month(m0).to_string(), size, kept)).collect();
        let got: Vec<(String, u64, Vec<u64>)> = r["retention"].as_array().unwrap().iter()
            .map(|c| (c["cohort"].as_str().unwrap().to_string(), c["size"].as_u64().unwrap(), c["retained"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).collect()))
            .collect();
        prop_assert_eq!(got, expected);

        // Licenses in month b.
        let in_b: Vec<&&Row> = reference.rows.iter().filter(|r| r.month == b).collect();
        let entitlements: u64 = in_b.iter().filter(|r| r.active && !r.trial).map(|r| u64::from(r.available)).sum();
        let assigned: u64 = in_b.iter().filter(|r| r.active && !r.trial).map(|r| u64::from(r.assigned)).sum();
        let users: u64 = in_b.iter().map(|r| u64::from(r.users)).sum();
        prop_assert_eq!(r["licenses"]["portfolio"]["entitlements"].as_u64(), Some(entitlements));
        prop_assert_eq!(r["licenses"]["portfolio"]["assigned"].as_u64(), Some(assigned));
        prop_assert_eq!(r["licenses"]["portfolio"]["active_users"].as_u64(), Some(users));
    }

    #[test]
    fn figures_kept_and_made_of_parts_equal_a_fresh_report(
        rows in proptest::collection::vec(row(), 1..50),
        unique in proptest::bool::ANY,
        steps in proptest::collection::vec(
            (
                proptest::sample::subsequence(MARKETS.to_vec(), 0..4),
                proptest::option::of(proptest::sample::subsequence(PRODUCTS.to_vec(), 1..4)),
                proptest::sample::subsequence(SEGMENTS.to_vec(), 0..3),
            ),
            1..8,
        ),
    ) {
        // Most customers keep one market and segment (as in real exports);
        // odd ones change from row to row, so no part holds them.
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|r| if r.customer % 2 == 0 {
                Row { market: MARKETS[r.customer % MARKETS.len()], segment: SEGMENTS[r.customer % SEGMENTS.len()], ..r }
            } else {
                r
            })
            .collect();
        let rows = if unique { unique_subscriptions(rows) } else { rows };
        let ds = ingest::load_customers(to_csv(&rows).as_bytes()).unwrap().dataset;
        let first = ds.first_month.unwrap();
        let mut cache = metrics::PreparedCache::new(3);
        for (markets, products, segments) in steps {
            let filters = Filters::default()
                .with(Dimension::Market, markets.iter().map(|m| m.to_string()).collect::<Vec<String>>())
                .with(Dimension::Product, products.unwrap_or_default().iter().map(|p| p.to_string()).collect::<Vec<String>>())
                .with(Dimension::Segment, segments.iter().map(|s| if s.is_empty() { "Unknown".to_string() } else { s.to_string() }).collect::<Vec<String>>());
            let query = Query { from: Some(first), filters, ..Query::default() };
            let prepared = cache.get(&ds, &query.filters).unwrap();
            prop_assert_eq!(
                metrics::report_prepared(&ds, RowCounts::default(), None, &prepared, &query).unwrap(),
                metrics::report(&ds, RowCounts::default(), None, &query).unwrap()
            );
        }
    }

    #[test]
    fn product_filters_made_of_parts_equal_a_fresh_report(
        rows in proptest::collection::vec(row(), 1..60),
        unique in proptest::bool::ANY,
        steps in proptest::collection::vec(
            proptest::sample::subsequence(PRODUCTS.to_vec(), 1..=PRODUCTS.len()),
            1..10,
        ),
    ) {
        // Customers with one product, with all, and with some: each filter
        // of products takes some from their set's part and walks the rest.
        let rows = if unique { unique_subscriptions(rows) } else { rows };
        let ds = ingest::load_customers(to_csv(&rows).as_bytes()).unwrap().dataset;
        let first = ds.first_month.unwrap();
        let mut cache = metrics::PreparedCache::new(2);
        for products in steps {
            let filters = Filters::default().with(Dimension::Product, products.iter().map(|p| p.to_string()).collect::<Vec<String>>());
            let query = Query { from: Some(first), filters, ..Query::default() };
            let prepared = cache.get(&ds, &query.filters).unwrap();
            prop_assert_eq!(
                metrics::report_prepared(&ds, RowCounts::default(), None, &prepared, &query).unwrap(),
                metrics::report(&ds, RowCounts::default(), None, &query).unwrap()
            );
        }
    }

    #[test]
    fn invariants_hold(rows in proptest::collection::vec(row(), 1..60)) {
        let csv = to_csv(&rows);
        let loaded = ingest::load_customers(csv.as_bytes()).unwrap();
        let first = loaded.dataset.first_month.unwrap();
        let query = Query { from: Some(first), ..Query::default() };
        let r = serde_json::to_value(metrics::report(&loaded.dataset, RowCounts::default(), None, &query).unwrap()).unwrap();
        let flows = r["adds_churns"].as_array().unwrap();
        let customers = series(&r["summary"]["customers"]);
        for (i, month) in flows.iter().enumerate() {
            let (new, existing, churned) =
                (month["new"].as_u64().unwrap(), month["existing"].as_u64().unwrap(), month["churned"].as_u64().unwrap());
            prop_assert_eq!(existing + new, customers[i]);
            if i > 0 {
                prop_assert_eq!(customers[i] + churned, customers[i - 1] + new);
            } else {
                prop_assert_eq!((new, churned), (0, 0));
            }
        }
        for share in ["customers_share_pct", "active_share_pct", "added_share_pct"] {
            let values: Vec<f64> = r["geography"].as_array().unwrap().iter().filter_map(|c| c[share].as_f64()).collect();
            if !values.is_empty() {
                let total: f64 = values.iter().sum();
                prop_assert!((total - 100.0).abs() < 1e-9, "{} sums to {}", share, total);
            }
        }
        // Breakdowns are sorted by value descending, then key.
        for list in [&r["summary"]["customers_by_product"], &r["distribution"]["segment"]] {
            let pairs = common::pairs(list);
            let mut sorted = pairs.clone();
            #[allow(clippy::disallowed_methods)] // test code, not in the wasm
            sorted.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
            prop_assert_eq!(pairs, sorted);
        }
    }

    #[test]
    fn ingest_never_panics_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        // The same as the fuzz target fuzz/fuzz_targets/customers.rs, in every test run;
        // once as they are and once behind a valid header, so that rows get read.
        let headed = [b"Month,CustomerTenantId,CustomerMarket,Product,AvailableSeats\n".as_slice(), &bytes].concat();
        for input in [&bytes, &headed] {
        if let Ok(loaded) = ingest::load_customers(input) {
            if let Some(first) = loaded.dataset.first_month {
                for query in [Query::default(), Query { from: Some(first), ..Query::default() }] {
                    if let Ok(report) = metrics::report(&loaded.dataset, RowCounts::default(), None, &query) {
                        if let Ok(prepared) = metrics::prepare(&loaded.dataset, &query.filters) {
                            let again = metrics::report_prepared(&loaded.dataset, RowCounts::default(), None, &prepared, &query);
                            prop_assert_eq!(again.as_ref(), Ok(&report));
                        }
                    }
                    let _ = metrics::adoption(&loaded.dataset, None, &query);
                    let _ = metrics::raw_rows(&loaded.dataset, &query);
                }
            }
        }
        }
        let _ = ingest::load_usage(&bytes);
    }

    #[test]
    fn ingest_never_panics_on_csv_like_text(text in "(Month|CustomerTenantId|[\",;\t\r\n]|2024-0[1-3]|[a-z0-9 ]|\u{feff}|-1|99999999999){0,80}") {
        let header = "Month,CustomerTenantId,AvailableSeats\n";
        if let Ok(loaded) = ingest::load_customers(format!("{header}{text}").as_bytes()) {
            prop_assert_eq!(loaded.summary.loaded + loaded.summary.rejected >= loaded.dataset.rows(), true);
            if !loaded.dataset.is_empty() {
                let report = metrics::report(&loaded.dataset, RowCounts::default(), None, &Query::default());
                prop_assert!(report.is_ok());
            }
        }
    }
}
