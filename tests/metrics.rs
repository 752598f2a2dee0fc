//! Hand-computed fixtures for every rule of the spec (sections 2-7).
//! Each expected figure is worked out in the comments beside it.

mod common;

use common::*;
use partner_insights::ingest;
use partner_insights::metrics::{self, Filters, Query, RangeError, RowCounts, Thresholds};
use partner_insights::model::Dimension;
use serde_json::{json, Value};

/// c1 is a customer in Jan and Feb and suspended in Mar; c2 in Jan, gone
/// in Feb, back in Mar; c3 joins in Feb. Active users: c1 never has any.
const THREE_MONTHS: &str = "\
Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,SubscriptionStatus,ActiveUsers
2024-01,c1,Alpha,US,SMB,Azure,Plan,s1,Active,0
2024-01,c2,Beta,DE,SMB,Office 365,E3,s2,Active,5
2024-02,c1,Alpha,US,SMB,Azure,Plan,s1,Active,0
2024-02,c3,Gamma,FR,Enterprise,Office 365,E1,s3,Active,2
2024-03,c1,Alpha,US,SMB,Azure,Plan,s1,Suspended,0
2024-03,c2,Beta,DE,SMB,Office 365,E3,s2,Active,4
2024-03,c3,Gamma,FR,Enterprise,Office 365,E1,s3,Active,1
";

#[test]
fn per_month_states_with_first_month_and_reactivation() {
    let r = report(THREE_MONTHS, None, None);
    // Fewer than 12 data months: the default range is all of them.
    assert_eq!(r["range"], json!({"from": "2024-01", "to": "2024-03"}));
    assert_eq!(
        r["data_months"],
        json!({"first": "2024-01", "last": "2024-03"})
    );
    assert_eq!(r["rows"], json!({"loaded": 7, "rejected": 0}));
    // Jan (first data month): new = churned = 0, existing = customers = 2.
    // Feb: c1 stays, c3 is new, c2 churns. Mar: c1 suspended churns, c2 returns (new), c3 stays.
    assert_eq!(
        r["adds_churns"],
        json!([
            {"month": "2024-01", "new": 0, "existing": 2, "churned": 0},
            {"month": "2024-02", "new": 1, "existing": 1, "churned": 1},
            {"month": "2024-03", "new": 1, "existing": 1, "churned": 1},
        ])
    );
    let s = &r["summary"];
    assert_eq!(values(&s["customers"]["trend"]), [2, 2, 2]);
    assert_eq!(values(&s["active_customers"]["trend"]), [1, 1, 2]);
    // Jan {s1, s2}, Feb {s1, s3}, Mar {s2, s3} (s1 is suspended).
    assert_eq!(values(&s["subscriptions"]["trend"]), [2, 2, 2]);
    assert_eq!(values(&s["customers_added"]["trend"]), [0, 1, 1]);
    assert_eq!(values(&s["customers_churned"]["trend"]), [0, 1, 1]);
    assert_eq!(s["customers"]["value"], 2);
    assert_eq!(s["active_customers"]["value"], 2);
    assert_eq!(s["customers_added"]["value"], 2);
    assert_eq!(s["customers_churned"]["value"], 2);
    // The range starts at the first data month: no base, no earlier window.
    for kpi in [
        "customers",
        "active_customers",
        "subscriptions",
        "customers_added",
        "customers_churned",
    ] {
        assert_eq!(s[kpi]["change_pct"], Value::Null, "{kpi}");
    }
    assert_eq!(s["customers_churned"]["churn_pct"], Value::Null);
    assert_eq!(pairs(&s["customers_by_product"]), kv(&[("Office 365", 2)]));
    assert_eq!(
        r["active_trend"],
        json!([
            {"month": "2024-01", "active": 1, "customers": 2},
            {"month": "2024-02", "active": 1, "customers": 2},
            {"month": "2024-03", "active": 2, "customers": 2},
        ])
    );
}

#[test]
fn geography_counts_as_of_each_month_with_shares() {
    let r = report(THREE_MONTHS, None, None);
    // Mar: c2 (Germany) and c3 (France) are customers and active. Added in
    // the range: c3 in Feb (France), c2 in Mar (Germany). c1 (US) has no
    // non-zero figure and is left out. Ties sort by country name.
    assert_eq!(
        r["geography"],
        json!([
            {"country": "France", "iso2": "FR", "customers": 1, "active": 1, "added": 1,
             "customers_share_pct": 50.0, "active_share_pct": 50.0, "added_share_pct": 50.0},
            {"country": "Germany", "iso2": "DE", "customers": 1, "active": 1, "added": 1,
             "customers_share_pct": 50.0, "active_share_pct": 50.0, "added_share_pct": 50.0},
        ])
    );
    let market = &r["distribution_trend"]["market"];
    assert_eq!(
        pairs(&market[0]["values"]),
        kv(&[("Germany", 1), ("United States", 1)])
    );
    assert_eq!(
        pairs(&market[1]["values"]),
        kv(&[("France", 1), ("United States", 1)])
    );
    assert_eq!(
        pairs(&market[2]["values"]),
        kv(&[("France", 1), ("Germany", 1)])
    );
}

#[test]
fn distribution_and_products_in_the_last_month() {
    let r = report(THREE_MONTHS, None, None);
    assert_eq!(
        pairs(&r["distribution"]["segment"]),
        kv(&[("Enterprise", 1), ("SMB", 1)])
    );
    assert_eq!(
        r["products"],
        json!([{"product": "Office 365", "customers": 2, "skus": [{"key": "E1", "value": 1}, {"key": "E3", "value": 1}]}])
    );
    let product_trend = &r["distribution_trend"]["product"];
    assert_eq!(
        pairs(&product_trend[0]["values"]),
        kv(&[("Azure", 1), ("Office 365", 1)])
    );
    assert_eq!(pairs(&product_trend[2]["values"]), kv(&[("Office 365", 2)]));
}

#[test]
fn change_percentages_against_the_month_before_the_range() {
    let r = report(THREE_MONTHS, Some("2024-02"), Some("2024-03"));
    let s = &r["summary"];
    // Customers: Mar 2 against Jan 2 -> 0 %. Active: Mar 2 against Jan 1 -> +100 %.
    approx(&s["customers"]["change_pct"], 0.0);
    approx(&s["active_customers"]["change_pct"], 100.0);
    approx(&s["subscriptions"]["change_pct"], 0.0);
    // Flows over Feb..Mar compare with Dec..Jan; Dec is no data month.
    assert_eq!(s["customers_added"]["change_pct"], Value::Null);
    assert_eq!(s["customers_churned"]["change_pct"], Value::Null);
    // Churn %: churned 2 over the base Customers(Jan) = 2.
    approx(&s["customers_churned"]["churn_pct"], 100.0);
    assert_eq!(values(&s["customers"]["trend"]), [2, 2]);

    let r = report(THREE_MONTHS, Some("2024-03"), Some("2024-03"));
    let s = &r["summary"];
    // One month: added 1 in Mar against 1 in Feb; churned 1 against 1.
    approx(&s["customers_added"]["change_pct"], 0.0);
    approx(&s["customers_churned"]["change_pct"], 0.0);
    // Churn %: 1 churned in Mar over Customers(Feb) = 2.
    approx(&s["customers_churned"]["churn_pct"], 50.0);
    approx(&s["active_customers"]["change_pct"], 100.0);
}

#[test]
fn a_gap_month_is_a_data_month_where_everyone_churned() {
    let csv = "Month,CustomerTenantId\n2024-01,c1\n2024-01,c2\n2024-03,c1\n";
    let r = report(csv, None, None);
    assert_eq!(
        r["adds_churns"],
        json!([
            {"month": "2024-01", "new": 0, "existing": 2, "churned": 0},
            {"month": "2024-02", "new": 0, "existing": 0, "churned": 2},
            {"month": "2024-03", "new": 1, "existing": 0, "churned": 0},
        ])
    );
    let r = report(csv, Some("2024-03"), None);
    let s = &r["summary"];
    // Base Customers(Feb) = 0: change % and churn % are undefined.
    assert_eq!(s["customers"]["change_pct"], Value::Null);
    assert_eq!(s["customers_churned"]["churn_pct"], Value::Null);
    // Added 1 against 0 in Feb: undefined. Churned 0 against 2: -100 %.
    assert_eq!(s["customers_added"]["change_pct"], Value::Null);
    approx(&s["customers_churned"]["change_pct"], -100.0);
    // Without a status column every row is active; without an ActiveUsers
    // column or a usage file active customers are unknown (spec 1.4).
    assert_eq!(s["customers"]["value"], 1);
    assert_eq!(s["active_customers"]["value"], Value::Null);
}

/// c1's attributes change: Feb has two rows and the one later in the file
/// (written after the Mar row) wins; Mar holds only a suspended row.
const ATTRIBUTES: &str = "\
Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SubscriptionStatus,AvailableSeats,ActiveUsers
2024-01,c1,Old Name,France,SMB,Azure,Active,1,1
2024-02,c1,Mid Name,France,Corporate,Azure,Active,1,1
2024-03,c1,Paused,Spain,Education,Azure,Suspended,1,0
2024-02,c1,New Name,DE,Enterprise,Office 365,Active,1,1
2024-04,c1,Back,Italy,SMB,Azure,Active,3,0
";

#[test]
fn attributes_come_from_the_last_row_of_the_month_in_file_order() {
    let r = report(ATTRIBUTES, None, None);
    let trend = &r["distribution_trend"];
    assert_eq!(pairs(&trend["market"][0]["values"]), kv(&[("France", 1)]));
    assert_eq!(pairs(&trend["market"][1]["values"]), kv(&[("Germany", 1)]));
    assert_eq!(pairs(&trend["market"][2]["values"]), kv(&[]));
    assert_eq!(pairs(&trend["market"][3]["values"]), kv(&[("Italy", 1)]));
    assert_eq!(
        pairs(&trend["segment"][1]["values"]),
        kv(&[("Enterprise", 1)])
    );
    assert_eq!(pairs(&trend["segment"][3]["values"]), kv(&[("SMB", 1)]));
    // Apr: back as a customer (new, added under Italy) but with no active users.
    assert_eq!(
        r["geography"],
        json!([{"country": "Italy", "iso2": "IT", "customers": 1, "active": 0, "added": 1,
                "customers_share_pct": 100.0, "active_share_pct": null, "added_share_pct": 100.0}])
    );
    assert_eq!(r["licenses"]["customers"][0]["name"], "Back");
    let feb = report(ATTRIBUTES, None, Some("2024-02"));
    assert_eq!(feb["licenses"]["customers"][0]["name"], "New Name");
    // Feb counts the customer once, under both products.
    assert_eq!(feb["summary"]["customers"]["value"], 1);
    assert_eq!(
        pairs(&feb["summary"]["customers_by_product"]),
        kv(&[("Azure", 1), ("Office 365", 1)])
    );
}

const MULTI: &str = "\
Month,CustomerTenantId,Product,SKU,PartnerLocation,PartnerAttributionType,SalesChannel,PricingModel,SubscriptionStatus
2024-01,c1,Azure,Azure plan,Loc A,DPOR,CSP direct,Pay-as-you-go,Active
2024-01,c1,Azure,Azure plan,Loc A,DPOR,CSP direct,Reserved,Active
2024-01,c1,Office 365,E3,Loc B,DAP,CSP indirect,,Active
2024-01,c2,Office 365,E3,Loc B,,CSP indirect,,Active
2024-01,c2,Office 365,E5,Loc B,DAP,CSP indirect,,Inactive
2024-01,c3,,,,,,,active
";

#[test]
fn subscription_level_breakdowns_count_a_customer_under_each_value() {
    let r = report(MULTI, None, None);
    let d = &r["distribution"];
    assert_eq!(r["summary"]["customers"]["value"], 3);
    assert_eq!(
        pairs(&r["summary"]["customers_by_product"]),
        kv(&[("Office 365", 2), ("Azure", 1), ("Unknown", 1)])
    );
    assert_eq!(
        pairs(&d["partner_location"]),
        kv(&[("Loc B", 2), ("Loc A", 1), ("Unknown", 1)])
    );
    // c2's DAP row is inactive: c2 counts under Unknown only.
    assert_eq!(
        pairs(&d["attribution_type"]),
        kv(&[("Unknown", 2), ("DAP", 1), ("DPOR", 1)])
    );
    assert_eq!(
        pairs(&d["sales_channel"]),
        kv(&[("CSP indirect", 2), ("CSP direct", 1), ("Unknown", 1)])
    );
    // Pricing models count only rows that have one.
    assert_eq!(
        pairs(&d["pricing_model"]),
        kv(&[("Pay-as-you-go", 1), ("Reserved", 1)])
    );
    assert_eq!(pairs(&d["segment"]), kv(&[("Unknown", 3)]));
    assert_eq!(
        r["products"],
        json!([
            {"product": "Office 365", "customers": 2, "skus": [{"key": "E3", "value": 2}]},
            {"product": "Azure", "customers": 1, "skus": [{"key": "Azure plan", "value": 1}]},
            {"product": "Unknown", "customers": 1, "skus": [{"key": "Unknown", "value": 1}]},
        ])
    );
    // Without SubscriptionId the key is tenant + product + SKU: c1's two
    // Azure plan rows are one subscription; c2's E5 is inactive.
    assert_eq!(r["summary"]["subscriptions"]["value"], 4);
    assert_eq!(r["geography"][0]["country"], "Unknown");
    assert_eq!(r["geography"][0]["iso2"], Value::Null);
}

#[test]
fn a_subscription_id_is_counted_once_per_month() {
    let csv = "Month,CustomerTenantId,SubscriptionId\n2024-01,c1,s1\n2024-01,c1,s1\n2024-01,c2,s1\n2024-01,c2,s2\n";
    let r = report(csv, None, None);
    assert_eq!(r["summary"]["subscriptions"]["value"], 2);
    assert_eq!(r["rows"]["loaded"], 4);
}

const FILTERS: &str = "\
Month,CustomerTenantId,CustomerMarket,CustomerSegment,Product,PartnerLocation,PartnerAttributionType,SalesChannel,SubscriptionStatus,ActiveUsers
2024-01,c1,US,SMB,Azure,Loc A,DPOR,CSP direct,Active,1
2024-01,c1,US,SMB,Office 365,Loc B,DAP,CSP indirect,Suspended,1
2024-01,c2,United Kingdom,Enterprise,Office 365,Loc B,DAP,CSP indirect,Active,0
2024-01,c3,Atlantis,SMB,Dynamics 365,Loc A,PAL,EA,Active,2
";

fn customers_with(filters: Filters) -> u64 {
    filtered(FILTERS, filters)["summary"]["customers"]["value"]
        .as_u64()
        .unwrap()
}

fn list(values: &[&str]) -> Vec<String> {
    values.iter().map(|s| s.to_string()).collect()
}

#[test]
fn each_filter_selects_rows() {
    assert_eq!(customers_with(Filters::default()), 3);
    // Only c1's suspended Office 365 row and c2's row remain: c1 is no customer.
    assert_eq!(
        customers_with(Filters::default().with(Dimension::Product, list(&["Office 365"]))),
        1
    );
    assert_eq!(
        customers_with(
            Filters::default().with(Dimension::Product, list(&["Azure", "Dynamics 365"]))
        ),
        2
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::Segment, list(&["SMB"]))),
        2
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::Market, list(&["USA"]))),
        1
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::Market, list(&["gb"]))),
        1
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::Market, list(&["Atlantis"]))),
        1
    );
    assert_eq!(
        customers_with(
            Filters::default().with(Dimension::Market, list(&["Atlantis", "United States"]))
        ),
        2
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::PartnerLocation, list(&["Loc B"]))),
        1
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::AttributionType, list(&["DPOR"]))),
        1
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::SalesChannel, list(&["EA"]))),
        1
    );
    assert_eq!(
        customers_with(Filters::default().with(Dimension::Product, list(&["Nothing like it"]))),
        0
    );
}

#[test]
fn figures_come_from_the_selected_rows_alone() {
    // Office 365 only: c1's Office row is suspended, so c1 is not a customer
    // and its active users there do not make anyone active.
    let r = filtered(
        FILTERS,
        Filters::default().with(Dimension::Product, list(&["Office 365"])),
    );
    assert_eq!(r["summary"]["active_customers"]["value"], 0);
    assert_eq!(
        pairs(&r["summary"]["customers_by_product"]),
        kv(&[("Office 365", 1)])
    );
    assert_eq!(
        pairs(&r["distribution"]["partner_location"]),
        kv(&[("Loc B", 1)])
    );
    assert_eq!(r["geography"].as_array().unwrap().len(), 1);
    assert_eq!(r["geography"][0]["country"], "United Kingdom");
}

#[test]
fn filters_that_leave_nothing_give_zeros_not_errors() {
    let r = filtered(
        FILTERS,
        Filters::default()
            .with(Dimension::Product, list(&["Office 365"]))
            .with(Dimension::Segment, list(&["SMB"])),
    );
    let s = &r["summary"];
    assert_eq!(s["customers"]["value"], 0);
    assert_eq!(values(&s["customers"]["trend"]), [0]);
    assert_eq!(s["customers_by_product"], json!([]));
    assert_eq!(r["geography"], json!([]));
    assert_eq!(r["products"], json!([]));
    // The data months and row counts stay those of the file.
    assert_eq!(r["rows"]["loaded"], 4);
    assert_eq!(r["range"]["from"], "2024-01");
}

#[test]
fn unrecognised_markets_stay_in_the_grid_without_a_code() {
    let r = report(FILTERS, None, None);
    let atlantis = r["geography"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["country"] == "Atlantis")
        .unwrap();
    assert_eq!(atlantis["iso2"], Value::Null);
    assert_eq!(atlantis["customers"], 1);
    let shares: f64 = r["geography"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["customers_share_pct"].as_f64().unwrap())
        .sum();
    assert!((shares - 100.0).abs() < 1e-9);
}

const SEATS: &str = "\
Month,CustomerTenantId,CustomerName,Product,SubscriptionStatus,IsTrial,AvailableSeats,AssignedSeats,ActiveUsers
2024-01,c1,One,Office 365,Active,false,100,80,90
2024-01,c1,One,Office 365,Active,yes,25,20,30
2024-01,c1,One,Dynamics 365,Suspended,false,10,10,4
2024-01,c2,,Office 365,Active,0,50,20,5
2024-01,c3,Three,Azure,Active,,0,0,0
2024-01,c4,Four,Power BI,Active,N,10,0,0
";

#[test]
fn licenses_exclude_trials_and_inactive_rows_from_entitlements_only() {
    let r = report(SEATS, None, None);
    let l = &r["licenses"];
    assert_eq!(l["month"], "2024-01");
    // Entitlements 100 + 50 + 10; assigned 80 + 20 + 0; active users from
    // every row: 90 + 30 (trial) + 4 (suspended) + 5.
    assert_eq!(l["portfolio"]["entitlements"], 160);
    assert_eq!(l["portfolio"]["assigned"], 100);
    assert_eq!(l["portfolio"]["active_users"], 129);
    approx(&l["portfolio"]["deployment_pct"], 62.5);
    approx(&l["portfolio"]["usage_pct"], 129.0);
    // Products sorted by key; Azure has no non-zero row and is left out.
    let products: Vec<&str> = l["by_product"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["key"].as_str().unwrap())
        .collect();
    assert_eq!(products, ["Dynamics 365", "Office 365", "Power BI"]);
    let dynamics = &l["by_product"][0];
    assert_eq!(
        (
            dynamics["entitlements"].as_u64(),
            dynamics["active_users"].as_u64()
        ),
        (Some(0), Some(4))
    );
    assert_eq!(dynamics["deployment_pct"], Value::Null);
    assert_eq!(dynamics["usage_pct"], Value::Null);
    let office = &l["by_product"][1];
    approx(&office["deployment_pct"], 100.0 * 100.0 / 150.0);
    approx(&office["usage_pct"], 125.0);
    let power_bi = &l["by_product"][2];
    approx(&power_bi["deployment_pct"], 0.0);
    assert_eq!(power_bi["usage_pct"], Value::Null);
}

#[test]
fn low_adoption_uses_both_thresholds_and_never_a_null() {
    let r = report(SEATS, None, None);
    let customers = r["licenses"]["customers"].as_array().unwrap();
    let ids: Vec<&str> = customers
        .iter()
        .map(|c| c["customer_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["c1", "c2", "c4"]);
    // c1: deployment 80 %, usage 124 / 80 = 155 % (above 100 %): not low.
    assert_eq!(customers[0]["name"], "One");
    approx(&customers[0]["usage_pct"], 155.0);
    assert_eq!(customers[0]["low_adoption"], false);
    // c2 (no name: its id is shown): deployment 40 %, usage 25 %: low.
    assert_eq!(customers[1]["name"], "c2");
    approx(&customers[1]["deployment_pct"], 40.0);
    assert_eq!(customers[1]["low_adoption"], true);
    // c4: deployment 0 %, usage undefined: low by deployment alone.
    assert_eq!(customers[2]["usage_pct"], Value::Null);
    assert_eq!(customers[2]["low_adoption"], true);

    let lenient = report_with(
        SEATS,
        None,
        None,
        Filters::default(),
        Thresholds {
            deployment_pct: 30.0,
            usage_pct: 20.0,
        },
    );
    let low: Vec<bool> = lenient["licenses"]["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["low_adoption"].as_bool().unwrap())
        .collect();
    assert_eq!(low, [false, false, true]);
    let never = report_with(
        SEATS,
        None,
        None,
        Filters::default(),
        Thresholds {
            deployment_pct: 0.0,
            usage_pct: 0.0,
        },
    );
    assert!(never["licenses"]["customers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["low_adoption"] == false));
}

#[test]
fn identical_rows_both_count() {
    let csv =
        "Month,CustomerTenantId,AvailableSeats,AssignedSeats\n2024-01,c1,10,5\n2024-01,c1,10,5\n";
    let r = report(csv, None, None);
    assert_eq!(r["rows"]["loaded"], 2);
    assert_eq!(r["licenses"]["portfolio"]["entitlements"], 20);
    assert_eq!(r["licenses"]["portfolio"]["assigned"], 10);
    assert_eq!(r["summary"]["customers"]["value"], 1);
}

/// One customer per month from 2023-01 to 2024-03 (15 data months).
fn fifteen_months() -> String {
    let mut csv = String::from("Month,CustomerTenantId\n");
    for i in 0..15 {
        let (y, m) = (2023 + i / 12, i % 12 + 1);
        csv.push_str(&format!("{y}-{m:02},c{i}\n"));
    }
    csv
}

#[test]
fn ranges_default_to_the_last_twelve_data_months() {
    let csv = fifteen_months();
    assert_eq!(
        report(&csv, None, None)["range"],
        json!({"from": "2023-04", "to": "2024-03"})
    );
    assert_eq!(
        report(&csv, Some("2023-06"), None)["range"],
        json!({"from": "2023-06", "to": "2024-03"})
    );
    assert_eq!(
        report(&csv, None, Some("2023-12"))["range"],
        json!({"from": "2023-01", "to": "2023-12"})
    );
    assert_eq!(
        report(&csv, None, Some("2023-05"))["range"],
        json!({"from": "2023-01", "to": "2023-05"})
    );
    // Each month a customer leaves and another arrives.
    let r = report(&csv, Some("2024-01"), Some("2024-03"));
    let s = &r["summary"];
    assert_eq!(s["customers_added"]["value"], 3);
    // The 3 months before (Oct-Dec 2023) are data months with 3 added: 0 %.
    approx(&s["customers_added"]["change_pct"], 0.0);
    approx(&s["customers_churned"]["churn_pct"], 300.0);
}

#[test]
fn ranges_outside_the_data_months_are_refused() {
    let loaded = load(&fifteen_months());
    let query = |from: Option<&str>, to: Option<&str>| Query {
        from: from.map(month),
        to: to.map(month),
        ..Query::default()
    };
    let err = metrics::report(
        &loaded.dataset,
        RowCounts::default(),
        None,
        &query(Some("2022-12"), None),
    )
    .unwrap_err();
    assert!(matches!(err, RangeError::OutsideData { .. }));
    assert_eq!(
        err.to_string(),
        "2022-12 is outside the data months 2023-01 to 2024-03"
    );
    let err = metrics::report(
        &loaded.dataset,
        RowCounts::default(),
        None,
        &query(Some("2024-02"), Some("2024-01")),
    )
    .unwrap_err();
    assert_eq!(
        err,
        RangeError::Reversed {
            from: month("2024-02"),
            to: month("2024-01")
        }
    );
    let empty = ingest::load_customers(b"Month,CustomerTenantId\n").unwrap();
    assert_eq!(
        metrics::report(
            &empty.dataset,
            RowCounts::default(),
            None,
            &Query::default()
        )
        .unwrap_err(),
        RangeError::NoData
    );
}

#[test]
fn workload_usage_merges_onedrive_into_sharepoint_per_customer() {
    let customers = "Month,CustomerTenantId,CustomerMarket\n2024-01,c1,US\n2024-01,c2,FR\n";
    let usage = "\
Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers
2024-01,c1,Exchange,10,9
2024-01,c1,SharePoint,10,4
2024-01,c1,OneDrive,10,6
2024-01,c2,Yammer,5,8
2024-01,c9,Teams,100,100
2023-12,c1,Teams,10,10
";
    let loaded = load(customers);
    let (usage, summary) = ingest::load_usage(usage.as_bytes()).unwrap();
    assert_eq!(summary.loaded, 6);
    let run = |filters: Filters| {
        let query = Query {
            filters,
            ..Query::default()
        };
        let r =
            metrics::report(&loaded.dataset, RowCounts::default(), Some(&usage), &query).unwrap();
        serde_json::to_value(r.workloads.unwrap()).unwrap()
    };
    // c9 is not in the customers file; Dec is another month. SharePoint for
    // c1: the larger of SharePoint (10, 4) and OneDrive (10, 6).
    assert_eq!(
        run(Filters::default()),
        json!([
            {"workload": "Exchange", "licenses": 10, "active_users": 9, "usage_pct": 90.0},
            {"workload": "SharePoint", "licenses": 10, "active_users": 6, "usage_pct": 60.0},
            {"workload": "Yammer", "licenses": 5, "active_users": 8, "usage_pct": 160.0},
        ])
    );
    // Filtered to France: only c2's workloads.
    assert_eq!(
        run(Filters::default().with(Dimension::Market, list(&["France"]))),
        json!([{"workload": "Yammer", "licenses": 5, "active_users": 8, "usage_pct": 160.0}])
    );
}

#[test]
fn prepared_figures_are_kept_for_recent_filters() {
    let ds = ingest::load_customers(THREE_MONTHS.as_bytes())
        .unwrap()
        .dataset;
    let both = Filters::default().with(Dimension::Product, ["Office 365", "Azure"]);
    let both_reordered =
        Filters::default().with(Dimension::Product, ["Azure", "Office 365", "Azure"]);
    let office = Filters::default().with(Dimension::Product, ["Office 365"]);
    let smb = Filters::default().with(Dimension::Segment, ["SMB"]);
    let mut cache = metrics::PreparedCache::new(2);
    let first = cache.get(&ds, &both).unwrap();
    // The same filters in another order are the same figures, not a new pass.
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &cache.get(&ds, &both_reordered).unwrap()
    ));
    // Both products are every product: the rows, so the figures, of no filter.
    assert!(std::sync::Arc::ptr_eq(
        &first,
        &cache.get(&ds, &Filters::default()).unwrap()
    ));
    let office_prepared = cache.get(&ds, &office).unwrap();
    assert!(!std::sync::Arc::ptr_eq(&first, &office_prepared));
    // Two are kept: a third set of filters drops the least recently used.
    cache.get(&ds, &smb).unwrap();
    assert!(
        cache.contains(&ds, &office) && cache.contains(&ds, &smb) && !cache.contains(&ds, &both)
    );
    // Kept figures give the report a fresh pass gives.
    let query = Query {
        filters: office.clone(),
        ..Query::default()
    };
    let rows = RowCounts::default();
    let cached = cache.get(&ds, &office).unwrap();
    assert!(std::sync::Arc::ptr_eq(&cached, &office_prepared));
    assert_eq!(
        metrics::report_prepared(&ds, rows, None, &cached, &query).unwrap(),
        metrics::report(&ds, rows, None, &query).unwrap()
    );
    // Office 365 alone: c2 and c3 in March, c1 (Azure) not at all.
    let r = metrics::report_prepared(&ds, rows, None, &cached, &query).unwrap();
    assert_eq!(r.summary.customers.value, Some(2));
}

#[test]
fn a_range_change_that_keeps_the_end_month_reuses_the_customer_list() {
    let ds = ingest::load_customers(THREE_MONTHS.as_bytes())
        .unwrap()
        .dataset;
    let prepared = metrics::prepare(&ds, &Filters::default()).unwrap();
    let month = |m: u32| partner_insights::model::Month::new(2024, m);
    let query = |from: u32, to: u32, thresholds: Thresholds| Query {
        from: month(from),
        to: month(to),
        thresholds,
        ..Query::default()
    };
    let rows = RowCounts::default();
    let t = Thresholds::default();
    let whole = metrics::report_prepared(&ds, rows, None, &prepared, &query(1, 3, t)).unwrap();
    let shorter = metrics::report_prepared(&ds, rows, None, &prepared, &query(2, 3, t)).unwrap();
    let list = |r: &metrics::Report| r.licenses.customers.clone().expect("listed");
    assert!(std::sync::Arc::ptr_eq(&list(&whole), &list(&shorter)));
    // Another end month or other thresholds: a list of their own, as a
    // fresh report gives it.
    let strict = Thresholds {
        deployment_pct: 100.0,
        usage_pct: 100.0,
    };
    for q in [query(1, 2, t), query(1, 3, strict)] {
        let r = metrics::report_prepared(&ds, rows, None, &prepared, &q).unwrap();
        assert!(!std::sync::Arc::ptr_eq(&list(&whole), &list(&r)));
        assert_eq!(r, metrics::report(&ds, rows, None, &q).unwrap());
    }
}

#[test]
fn the_dashboard_report_is_the_report_without_the_customer_list() {
    let ds = ingest::load_customers(THREE_MONTHS.as_bytes())
        .unwrap()
        .dataset;
    let rows = RowCounts::default();
    for filters in [
        Filters::default(),
        Filters::default().with(Dimension::Product, ["Office 365"]),
    ] {
        let query = Query {
            from: partner_insights::model::Month::new(2024, 2),
            filters,
            ..Query::default()
        };
        let prepared = metrics::prepare(&ds, &query.filters).unwrap();
        let mut figures =
            metrics::report_prepared_without_customers(&ds, rows, None, &prepared, &query).unwrap();
        assert!(figures.licenses.customers.is_none());
        let full = metrics::report(&ds, rows, None, &query).unwrap();
        assert!(!full.licenses.customers.as_ref().unwrap().is_empty());
        // Everything else is the same.
        figures.licenses.customers = full.licenses.customers.clone();
        assert_eq!(figures, full);
        // And the list is left out of the JSON, not written as empty.
        let json = serde_json::to_value(
            metrics::report_prepared_without_customers(&ds, rows, None, &prepared, &query).unwrap(),
        )
        .unwrap();
        assert!(json["licenses"].get("customers").is_none());
        assert!(json["licenses"].get("portfolio").is_some());
    }
}

#[test]
fn the_change_basis_is_the_month_before_for_stocks_and_as_many_months_before_for_flows() {
    let mut csv = String::from("Month,CustomerTenantId\n");
    for m in 1..=12 {
        csv.push_str(&format!("2024-{m:02},c1\n"));
    }
    let loaded = load(&csv);
    let rows = RowCounts {
        loaded: loaded.summary.loaded,
        rejected: 0,
    };
    let basis = |from: &str, to: &str| {
        let query = Query {
            from: Some(month(from)),
            to: Some(month(to)),
            ..Query::default()
        };
        let r = metrics::report(&loaded.dataset, rows, None, &query).unwrap();
        let (stock, flow) = r.change_basis();
        (
            stock.map(|m| m.to_string()),
            flow.map(|s| format!("{}..{}", s.from, s.to)),
        )
    };
    // Three months from July: against June, and against April to June.
    assert_eq!(
        basis("2024-07", "2024-09"),
        (Some("2024-06".into()), Some("2024-04..2024-06".into()))
    );
    // From March, three months before would start before the data.
    assert_eq!(basis("2024-03", "2024-05"), (Some("2024-02".into()), None));
    // From the first data month ("All months"): nothing before.
    assert_eq!(basis("2024-01", "2024-12"), (None, None));
}

/// c1 and c4 are customers in the first data month (no cohort; c4 leaves
/// and comes back); c2 joins in Feb, leaves in Mar, comes back in Apr; c3
/// joins in Mar; c5 joins in Apr under another segment.
const COHORTS: &str = "\
Month,CustomerTenantId,CustomerSegment,Product,SubscriptionId,SubscriptionStatus
2024-01,c1,SMB,Azure,s1,Active
2024-01,c4,SMB,Azure,s4,Active
2024-02,c1,SMB,Azure,s1,Active
2024-02,c2,SMB,Azure,s2,Active
2024-03,c1,SMB,Azure,s1,Active
2024-03,c3,SMB,Azure,s3,Active
2024-03,c4,SMB,Azure,s4,Active
2024-03,c2,SMB,Azure,s2,Suspended
2024-04,c2,SMB,Azure,s2,Active
2024-04,c3,SMB,Azure,s3,Active
2024-04,c5,Enterprise,Azure,s5,Active
";

#[test]
fn retention_by_cohort_keeps_a_returning_customers_first_cohort() {
    let r = report(COHORTS, Some("2024-01"), Some("2024-04"));
    assert_eq!(
        r["retention"],
        json!([
            {"cohort": "2024-02", "size": 1, "retained": [1, 0, 1]},
            {"cohort": "2024-03", "size": 1, "retained": [1, 1]},
            {"cohort": "2024-04", "size": 1, "retained": [1]},
        ])
    );
    // A range from March: c2 came back in April but its cohort is
    // February, before the range; c4's return is no cohort at all.
    let r = report(COHORTS, Some("2024-03"), Some("2024-04"));
    assert_eq!(
        r["retention"],
        json!([
            {"cohort": "2024-03", "size": 1, "retained": [1, 1]},
            {"cohort": "2024-04", "size": 1, "retained": [1]},
        ])
    );
    // Filters select rows first: the SMB segment has no April cohort.
    let query = Query {
        from: Some(partner_insights::model::Month::parse("2024-02").unwrap()),
        to: Some(partner_insights::model::Month::parse("2024-04").unwrap()),
        filters: Filters::default().with(Dimension::Segment, ["SMB"]),
        ..Query::default()
    };
    let ds = ingest::load_customers(COHORTS.as_bytes()).unwrap().dataset;
    let smb = metrics::report(&ds, RowCounts::default(), None, &query).unwrap();
    let cohorts: Vec<String> = smb.retention.iter().map(|c| c.cohort.to_string()).collect();
    assert_eq!(cohorts, ["2024-02", "2024-03"]);
    assert_eq!(smb.retention[0].pct(1), Some(0.0));
    assert_eq!(smb.retention[0].pct(2), Some(100.0));
    assert_eq!(smb.retention[0].pct(3), None);
    // The first data month alone has no cohort.
    let r = report(COHORTS, Some("2024-01"), Some("2024-01"));
    assert_eq!(r["retention"], json!([]));
}
