//! The bundled sample looks like a real portfolio: a first month with
//! active customers, company names as companies write them, workload usage
//! that agrees with the subscriptions' active users.

use std::collections::{HashMap, HashSet};

use partner_insights::ingest;
use partner_insights::metrics::{self, Query, RowCounts};

fn sample() -> (
    partner_insights::dataset::Dataset,
    partner_insights::dataset::UsageData,
) {
    let customers = std::fs::read("public/data/customers.csv").unwrap();
    let usage = std::fs::read("public/data/usage.csv").unwrap();
    let mut ds = ingest::load_customers(&customers[..]).unwrap().dataset;
    let (usage, _) = ingest::load_usage(&usage[..]).unwrap();
    ds.attach_usage(&usage);
    (ds, usage)
}

#[test]
fn the_first_month_has_active_customers_like_the_others() {
    let (ds, usage) = sample();
    let query = Query {
        from: ds.first_month,
        to: ds.last_month(),
        ..Query::default()
    };
    let r = metrics::report(&ds, RowCounts::default(), Some(&usage), &query).unwrap();
    let share = |p: &metrics::ActivePoint| p.active.unwrap() as f64 / p.customers as f64;
    let first = share(&r.active_trend[0]);
    let second = share(&r.active_trend[1]);
    assert!(first > 0.6, "{first}");
    assert!((first - second).abs() < 0.05, "{first} then {second}");
}

#[test]
fn names_are_company_names_and_each_customer_has_its_own() {
    let (ds, _) = sample();
    let mut last = HashMap::new();
    let mut names_of: HashMap<u32, HashSet<&str>> = HashMap::new();
    for c in 0..ds.customer_count() {
        for r in ds.rows_of(c) {
            last.insert(c, ds.name.value(r));
            names_of
                .entry(c as u32)
                .or_default()
                .insert(ds.name.value(r));
        }
    }
    let names: Vec<&str> = last.values().copied().collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("(new)") && !n.contains('"')),
        "marked names"
    );
    let distinct: HashSet<&&str> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "two customers share a name");
    // A few rename (3 %), not a fifth.
    let renamed = names_of.values().filter(|n| n.len() > 1).count();
    assert!(
        renamed > 0 && renamed * 100 < names.len() * 5,
        "{renamed} renamed"
    );
    // Some are written with the comma of "Acme, Inc.", which the file quotes.
    assert!(names.iter().any(|n| n.ends_with(", Inc.")));
}

#[test]
fn workload_usage_agrees_with_the_subscriptions_active_users() {
    let (ds, usage) = sample();
    // Office users per (tenant, month) from the subscriptions.
    let mut office: HashMap<(&str, i32), u64> = HashMap::new();
    for c in 0..ds.customer_count() {
        for r in ds.rows_of(c) {
            let product = ds.products.name(ds.product_of(r));
            if product.contains("365") && !product.contains("Dynamics") {
                *office
                    .entry((
                        ds.customers.name(c as u32),
                        ds.month_at(ds.month.get(r) as usize).0,
                    ))
                    .or_default() += u64::from(ds.active_users.get(r));
            }
        }
    }
    let mut checked = 0;
    for r in 0..usage.rows() {
        let tenant = usage.customers.name(usage.customer[r]);
        let users = office
            .get(&(tenant, usage.month[r].0))
            .copied()
            .unwrap_or(0);
        // A workload is used by at most its customer's Office users (a
        // few more for Yammer's guests), and by nobody when none is active.
        let mau = u64::from(usage.active_users[r]);
        assert!(
            mau as f64 <= (users as f64 * 1.15).round(),
            "{tenant} {:?}: {mau} of {users}",
            usage.month[r]
        );
        checked += 1;
    }
    assert!(checked > 10_000);
}
