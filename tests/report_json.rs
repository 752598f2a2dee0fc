//! A report written as JSON reads back as the same report: the page opens
//! a report computed elsewhere (`insights report`, the Spark job) and draws
//! it as it would draw its own.

mod common;

use partner_insights::dataset::{Dataset, UsageData};
use partner_insights::ingest;
use partner_insights::metrics::{
    self, read_report, Adoption, Expected, Filters, Query, Report, ReportError, RowCounts,
    Thresholds,
};
use partner_insights::model::{Dimension, Month};

fn sample() -> (Dataset, UsageData) {
    let customers = std::fs::read("public/data/customers.csv").unwrap();
    let mut ds = ingest::load_customers(&customers[..]).unwrap().dataset;
    let usage = std::fs::read("public/data/usage.csv").unwrap();
    let (usage, _) = ingest::load_usage(&usage[..]).unwrap();
    ds.attach_usage(&usage);
    (ds, usage)
}

/// Written and read back; every part compared, so a difference names its part.
fn read_back(report: &Report) -> Report {
    let text = serde_json::to_string_pretty(report).unwrap();
    let back = read_report(text.as_bytes()).unwrap_or_else(|e| panic!("not read back: {e}"));
    let (a, b) = (
        serde_json::to_value(&back).unwrap(),
        serde_json::to_value(report).unwrap(),
    );
    for (key, value) in b.as_object().unwrap() {
        assert_eq!(&a[key], value, "{key} differs once read back");
    }
    back
}

#[test]
fn the_sample_report_reads_back_equal_with_filters_usage_and_thresholds() {
    let (ds, usage) = sample();
    let queries = [
        Query::default(),
        Query {
            from: Month::parse("2025-01"),
            to: Month::parse("2025-06"),
            filters: Filters::default()
                .with(Dimension::Product, ["Azure", "Microsoft 365"])
                .with(Dimension::Market, ["US", "Germany", "Kosovo"]),
            thresholds: Thresholds {
                deployment_pct: 72.5,
                usage_pct: 33.0,
            },
        },
    ];
    for query in queries {
        let rows = RowCounts {
            loaded: ds.rows(),
            rejected: 3,
        };
        let report = metrics::report(&ds, rows, Some(&usage), &query).unwrap();
        assert!(report.workloads.is_some());
        assert!(report
            .licenses
            .customers
            .as_ref()
            .is_some_and(|c| !c.is_empty()));
        let back = read_back(&report);
        assert!(back == report, "the report differs once read back");
        assert_eq!(back.filters, query.filters);
        assert_eq!(back.thresholds, query.thresholds);
    }
}

const CSV: &str = "customer_id,customer_name,month,product,sku,segment,market,partner_location,\
                   attribution_type,sales_channel,pricing_model,subscriptions,\
                   available_seats,assigned_seats,active_users\n\
                   t1,A,2024-01,Azure,Plan,SMB,XK,EU,Direct,Reseller,Consumption,1,0,0,0\n\
                   t2,B,2024-01,Office 365,E3,Corporate,US,EU,Direct,Reseller,Seat,2,10,9,3\n\
                   t3,C,2024-01,Office 365,E3,Corporate,US,EU,Direct,Reseller,Seat,1,10,5,5\n";

#[test]
fn a_report_says_the_filters_and_thresholds_it_was_asked_for() {
    let filters = Filters::default().with(Dimension::Segment, ["SMB"]);
    let value = common::report_with(CSV, None, None, filters, Thresholds::default());
    assert_eq!(value["filters"]["segment"], serde_json::json!(["SMB"]));
    assert_eq!(value["filters"]["product"], serde_json::json!([]));
    assert_eq!(value["thresholds"]["deployment_pct"], 60.0);
    assert_eq!(value["geography"][0]["iso2"], "XK");
    let report = read_report(value.to_string().as_bytes()).unwrap();
    assert_eq!(report.geography[0].iso2, Some("XK"));
    assert_eq!(report.summary.customers.value, Some(1));
}

#[test]
fn a_report_without_filters_or_thresholds_reads_as_unfiltered_with_the_defaults() {
    let mut value = common::report(CSV, None, None);
    let map = value.as_object_mut().unwrap();
    map.remove("filters");
    map.remove("thresholds");
    let report = read_report(value.to_string().as_bytes()).unwrap();
    assert!(report.filters.is_empty());
    assert_eq!(report.thresholds, Thresholds::default());
    assert_eq!(report.summary.customers.value, Some(3));
}

#[test]
fn what_is_not_a_report_is_refused_with_its_place() {
    let value = common::report(CSV, None, None);
    let refused = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        edit(&mut v);
        read_report(v.to_string().as_bytes()).unwrap_err()
    };
    let at = |at: &str, expected| ReportError::Value {
        at: at.to_string(),
        expected,
    };
    assert_eq!(
        refused(&|v| v["summary"]["customers"]["trend"][0]["month"] = "2024-13".into()),
        at("summary.customers.trend[0].month", Expected::Month)
    );
    assert_eq!(
        refused(&|v| {
            v.as_object_mut().unwrap().remove("geography");
        }),
        at("geography", Expected::List)
    );
    assert_eq!(
        refused(&|v| v["geography"][1]["customers"] = "many".into()),
        at("geography[1].customers", Expected::Count)
    );
    assert_eq!(
        refused(&|v| v["filters"]["colour"] = serde_json::json!(["red"])),
        at("filters.colour", Expected::Dimension)
    );
    assert_eq!(
        refused(&|v| v["licenses"]["by_product"][0]["usage_pct"] = "high".into()),
        at("licenses.by_product[0].usage_pct", Expected::Number)
    );
    let e = read_report(b"{\"range\": ").unwrap_err();
    assert!(
        matches!(&e, ReportError::Json(why) if why.contains("line 1")),
        "{e:?}"
    );
    assert_eq!(
        at("geography[1].customers", Expected::Count).to_string(),
        "geography[1].customers should be a whole number"
    );
}

#[test]
fn the_adoption_of_a_report_is_its_month_judged_by_the_thresholds_asked_for() {
    let report = read_report(common::report(CSV, None, None).to_string().as_bytes()).unwrap();
    let a = Adoption::of_report(&report, Thresholds::default());
    assert_eq!(a.months, vec![Month::parse("2024-01").unwrap()]);
    assert_eq!(a.portfolio[0].entitlements, Some(20));
    assert_eq!(a.portfolio[0].assigned, Some(14));
    // Azure has no seats: only Office 365 is listed.
    assert_eq!(a.products.len(), 1);
    assert_eq!(a.products[0].product, "Office 365");
    // t2: deployment 90 %, usage 33 %; t3: 50 %, 100 %.
    let low = |a: &Adoption| -> Vec<bool> { a.customers.iter().map(|c| c.low_adoption).collect() };
    assert_eq!(low(&a), vec![true, true]);
    let lenient = Thresholds {
        deployment_pct: 40.0,
        usage_pct: 30.0,
    };
    assert_eq!(
        low(&Adoption::of_report(&report, lenient)),
        vec![false, false]
    );
}

#[test]
fn a_head_tells_a_report_from_a_file_of_records() {
    let text = serde_json::to_string_pretty(&common::report(CSV, None, None)).unwrap();
    assert!(ingest::is_report(text.as_bytes()));
    assert!(!ingest::is_report(b"[{\"customer_id\": \"t1\"}]"));
}
