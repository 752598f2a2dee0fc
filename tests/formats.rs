//! Files laid out as Microsoft documents its Insights reports and APIs
//! (spec 1.4), each with figures computed by hand. The fixtures are in
//! `tests/fixtures/`; docs/formats.md says which layouts the engine
//! recognises and how each column is used.

use partner_insights::ingest::{self, Encoding, Layout};
use partner_insights::metrics::{self, Filters, Query, RowCounts};
use partner_insights::model::{DateOrder, Dimension};
use serde_json::{json, Value};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("fixture")
}

/// The report as `insights report` prints it, with an optional usage file.
fn report(customers: &[u8], usage: Option<&[u8]>, filters: Filters) -> Value {
    let loaded = ingest::load_customers(customers).expect("the file loads");
    assert_eq!(loaded.summary.rejected, 0, "{:?}", loaded.summary.errors);
    let mut dataset = loaded.dataset;
    let usage = usage.map(|u| ingest::load_usage(u).expect("the usage file loads").0);
    if let Some(usage) = &usage {
        dataset.attach_usage(usage);
    }
    let rows = RowCounts {
        loaded: loaded.summary.loaded,
        rejected: 0,
    };
    let query = Query {
        filters,
        ..Query::default()
    };
    serde_json::to_value(metrics::report(&dataset, rows, usage.as_ref(), &query).unwrap()).unwrap()
}

fn trend(kpi: &Value) -> Vec<Value> {
    kpi["trend"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].clone())
        .collect()
}

fn approx(value: &Value, expected: f64) {
    let v = value
        .as_f64()
        .unwrap_or_else(|| panic!("{value} is no number"));
    assert!((v - expected).abs() < 1e-9, "{v} != {expected}");
}

#[test]
fn customers_and_tenants_reads_cpor_active_users_and_knows_no_assigned_seats() {
    let bytes = fixture("customers-and-tenants.csv");
    let summary = ingest::load_customers(&bytes).unwrap().summary;
    assert_eq!(summary.reading.layout, Layout::CustomersAndTenants);
    assert_eq!(summary.reading.date_order, Some(DateOrder::MonthFirst));
    let r = report(&bytes, None, Filters::default());
    let s = &r["summary"];
    // Jan: Alpine, Brandt; Feb: + Chan & Lee; Mar: Brandt inactive.
    assert_eq!(trend(&s["customers"]), [json!(2), json!(3), json!(2)]);
    // Active: CPORActiveUsers > 0 (Alpine 8, 0, 5; Chan & Lee 3, 3).
    assert_eq!(
        trend(&s["active_customers"]),
        [json!(1), json!(1), json!(2)]
    );
    assert_eq!(s["active_customers"]["value"], 2);
    // Alpine's tenant written in braces and upper case, then plainly: one customer.
    assert_eq!(s["subscriptions"]["value"], 3);
    assert_eq!(s["customers_added"]["value"], 1);
    assert_eq!(s["customers_churned"]["value"], 1);
    let licenses = &r["licenses"];
    assert_eq!(licenses["month"], "2024-03");
    // Entitlements 10 + 2 + 5; no assigned-seat column: unknown, and so
    // are both percentages.
    assert_eq!(
        licenses["portfolio"],
        json!({"entitlements": 17, "assigned": null, "active_users": 8,
               "deployment_pct": null, "usage_pct": null})
    );
    let customers = licenses["customers"].as_array().unwrap();
    assert_eq!(customers.len(), 2);
    assert_eq!(
        customers[0]["customer_id"],
        "aaaa0001-0000-0000-0000-000000000001"
    );
    assert_eq!(customers[0]["entitlements"], 12);
    assert!(customers.iter().all(|c| c["low_adoption"] == false));
    assert_eq!(
        r["geography"],
        json!([
            {"country": "Hong Kong", "iso2": "HK", "customers": 1, "active": 1, "added": 1,
             "customers_share_pct": 50.0, "active_share_pct": 50.0, "added_share_pct": 100.0},
            {"country": "United States", "iso2": "US", "customers": 1, "active": 1, "added": 0,
             "customers_share_pct": 50.0, "active_share_pct": 50.0, "added_share_pct": 0.0},
        ])
    );
    assert_eq!(
        r["summary"]["customers_by_product"],
        json!([{"key": "Dynamics 365", "value": 1}, {"key": "Microsoft 365", "value": 1},
               {"key": "Power BI", "value": 1}])
    );
}

#[test]
fn subscription_details_reads_seats_at_period_end_and_counts_pga_repeats_once() {
    let bytes = fixture("subscription-details.csv");
    let summary = ingest::load_customers(&bytes).unwrap().summary;
    assert_eq!(
        summary.loaded, 8,
        "a negative AvailableSeats difference rejects nothing"
    );
    let reading = &summary.reading;
    assert_eq!(reading.layout, Layout::SubscriptionDetails);
    // 01/02/2024 is 1 February: every first part is 1, the second parts differ.
    assert_eq!(reading.date_order, Some(DateOrder::DayFirst));
    assert_eq!(reading.pga_duplicates, 3);
    assert!(reading.ignored.contains(&"AvailableSeats".to_string()));
    let seats = reading
        .fields
        .iter()
        .find(|f| f.field == "AvailableSeats")
        .unwrap();
    assert_eq!(seats.column, "AvailableSeatsEOP");

    let r = report(&bytes, None, Filters::default());
    assert_eq!(r["range"], json!({"from": "2024-01", "to": "2024-03"}));
    assert_eq!(
        trend(&r["summary"]["customers"]),
        [json!(2), json!(2), json!(2)]
    );
    // No active-user column and no usage file: unknown, not 0.
    assert_eq!(r["summary"]["active_customers"]["value"], Value::Null);
    assert!(trend(&r["summary"]["active_customers"])
        .iter()
        .all(Value::is_null));
    assert!(r["active_trend"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["active"].is_null()));
    assert!(r["geography"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["active"].is_null()));
    // March: Kaffeehaus 25 seats (20 assigned); Nordlys' two flagged rows,
    // the first added: 10 (4).
    let p = &r["licenses"]["portfolio"];
    assert_eq!(p["entitlements"], 35);
    assert_eq!(p["assigned"], 24);
    approx(&p["deployment_pct"], 24.0 / 35.0 * 100.0);
    assert_eq!(p["active_users"], Value::Null);
    assert_eq!(p["usage_pct"], Value::Null);

    let query = |from: &str, location: &str| {
        let loaded = ingest::load_customers(&bytes).unwrap();
        let q = Query {
            from: partner_insights::model::Month::parse(from),
            to: partner_insights::model::Month::parse(from),
            filters: Filters::default().with(
                Dimension::PartnerLocation,
                Some(location).filter(|l| !l.is_empty()),
            ),
            ..Query::default()
        };
        let a = metrics::adoption(&loaded.dataset, None, &q).unwrap();
        let f = a.portfolio[0];
        (f.entitlements, f.assigned)
    };
    // February: the flagged L2 row repeats L1's subscription: 18 + 10, not 36 + 10.
    assert_eq!(query("2024-02", ""), (Some(28), Some(19)));
    // Only the repeated row selected: its seats count.
    assert_eq!(query("2024-02", "L2"), (Some(18), Some(15)));
    assert_eq!(query("2024-03", "L2"), (Some(10), Some(4)));
}

#[test]
fn the_office_usage_file_makes_customers_active_and_joins_on_any_spelling_of_a_tenant() {
    let usage = fixture("office-usage.csv");
    let r = report(
        &fixture("subscription-details.csv"),
        Some(&usage),
        Filters::default(),
    );
    // Kaffeehaus has users in March; Nordlys none; January has no usage rows.
    assert_eq!(
        trend(&r["summary"]["active_customers"]),
        [json!(0), json!(0), json!(1)]
    );
    assert_eq!(
        r["active_trend"][2],
        json!({"month": "2024-03", "active": 1, "customers": 2})
    );
    // The usage file counts users per workload: licences' users stay unknown.
    assert_eq!(r["licenses"]["portfolio"]["active_users"], Value::Null);
    assert_eq!(
        r["workloads"],
        json!([
            {"workload": "Exchange", "licenses": 35, "active_users": 18, "usage_pct": 18.0 / 35.0 * 100.0},
            {"workload": "SharePoint", "licenses": 25, "active_users": 12, "usage_pct": 48.0},
            {"workload": "Teams", "licenses": 25, "active_users": 20, "usage_pct": 80.0},
        ])
    );
}

#[test]
fn license_usage_reports_tell_products_from_skus_and_free_skus_are_trials() {
    let bytes = fixture("license-usage.csv");
    let summary = ingest::load_customers(&bytes).unwrap().summary;
    assert_eq!(summary.reading.layout, Layout::LicenseUsage);
    assert!(summary.reading.product_from_sku);
    let r = report(&bytes, None, Filters::default());
    assert_eq!(
        r["summary"]["customers_by_product"],
        json!([{"key": "Dynamics 365", "value": 1}, {"key": "EMS", "value": 1},
               {"key": "Power BI", "value": 1}, {"key": "Unknown", "value": 1}])
    );
    assert_eq!(r["summary"]["active_customers"]["value"], 3);
    assert_eq!(
        r["distribution"]["sales_channel"],
        json!([{"key": "Reseller", "value": 2}, {"key": "Direct", "value": 1}])
    );
    // The free Power BI licences are no entitlements; their users count.
    let p = &r["licenses"]["portfolio"];
    assert_eq!(
        (p["entitlements"].clone(), p["active_users"].clone()),
        (json!(18), json!(63))
    );
    assert_eq!(p["assigned"], Value::Null);
    let power_bi = r["licenses"]["by_product"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "Power BI")
        .unwrap()
        .clone();
    assert_eq!(power_bi["entitlements"], 0);
    assert_eq!(power_bi["active_users"], 50);
}

#[test]
fn the_license_apis_json_envelope_is_read_like_an_array() {
    let bytes = fixture("licenses-deployment-api.json");
    let summary = ingest::load_customers(&bytes).unwrap().summary;
    assert_eq!(summary.reading.layout, Layout::LicenseApi);
    assert_eq!(summary.reading.delimiter, None);
    let r = report(&bytes, None, Filters::default());
    assert_eq!(
        r["data_months"],
        json!({"first": "2024-06", "last": "2024-06"})
    );
    // One tenant written in two cases is one customer.
    assert_eq!(r["summary"]["customers"]["value"], 2);
    assert_eq!(r["summary"]["active_customers"]["value"], Value::Null);
    let p = &r["licenses"]["portfolio"];
    assert_eq!(
        (p["entitlements"].clone(), p["assigned"].clone()),
        (json!(145), json!(122))
    );
    approx(&p["deployment_pct"], 122.0 / 145.0 * 100.0);
    assert_eq!(p["usage_pct"], Value::Null);
    let customers = r["licenses"]["customers"].as_array().unwrap();
    assert_eq!(
        customers[0]["customer_id"],
        "d1a1a1a1-0000-0000-0000-000000000001"
    );
    approx(&customers[0]["deployment_pct"], 32.0 / 45.0 * 100.0);
}

#[test]
fn a_sep_line_sets_the_delimiter_and_is_not_the_header() {
    let file = "sep=;\r\nMonth;CustomerTenantId;AvailableSeats\r\n2024-01;a;3,0\r\n2024-01;b;2\r\n";
    let loaded = ingest::load_customers(file.as_bytes()).unwrap();
    assert_eq!(loaded.summary.loaded, 2, "{:?}", loaded.summary.errors);
    assert!(loaded.summary.reading.sep_line);
    assert_eq!(loaded.summary.reading.delimiter, Some(';'));
    // "3,0": a count with a zero fraction.
    assert_eq!(loaded.dataset.available.iter().collect::<Vec<_>>(), [3, 2]);
}

#[test]
fn counts_with_a_fraction_that_is_not_zero_are_still_rejected() {
    let file = "Month,CustomerTenantId,AvailableSeats\n2024-01,a,12.0\n2024-01,b,\"12,00\"\n2024-01,c,1.5\n2024-01,d,-3\n";
    let loaded = ingest::load_customers(file.as_bytes()).unwrap();
    assert_eq!(loaded.summary.loaded, 2);
    let lines: Vec<u64> = loaded.summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [4, 5]);
}

#[test]
fn slash_dates_are_read_in_one_order_for_the_whole_file() {
    let months = |dates: &[&str]| -> (Vec<String>, usize, Option<DateOrder>) {
        let mut file = String::from("Month,CustomerTenantId\n");
        for (i, d) in dates.iter().enumerate() {
            file.push_str(&format!("{d},c{i}\n"));
        }
        let loaded = ingest::load_customers(file.as_bytes()).unwrap();
        let ds = &loaded.dataset;
        let mut months: Vec<String> = (0..ds.rows())
            .map(|r| ds.month_at(ds.month.get(r) as usize).to_string())
            .collect();
        #[allow(clippy::disallowed_methods)] // test code, not in the wasm
        months.sort();
        (
            months,
            loaded.summary.rejected,
            loaded.summary.reading.date_order,
        )
    };
    // Partner Center's own order.
    assert_eq!(
        months(&["1/1/2024", "2/1/2024", "12/1/2023"]),
        (
            vec!["2023-12".into(), "2024-01".into(), "2024-02".into()],
            0,
            Some(DateOrder::MonthFirst)
        )
    );
    // A first part above 12: day first; a value invalid that way is rejected.
    let (m, rejected, order) = months(&["31/12/2023", "01/01/2024", "1/13/2024"]);
    assert_eq!(
        (m, rejected, order),
        (
            vec!["2023-12".into(), "2024-01".into()],
            1,
            Some(DateOrder::DayFirst)
        )
    );
    // Every first part 1, second parts not all 1: first-of-month, day first.
    assert_eq!(
        months(&["01/01/2024", "01/02/2024"]).2,
        Some(DateOrder::DayFirst)
    );
    // Only 1/1: both orders agree.
    assert_eq!(months(&["1/1/2024"]).0, ["2024-01"]);
    // Dotted dates are day first, whatever the rest; times are ignored.
    assert_eq!(
        months(&[
            "1.2.2024",
            "2024-03-01 00:00:00",
            "2024-04-01T00:00:00.000+01:00",
            "5/1/2024 12:00:00 AM"
        ])
        .0,
        ["2024-02", "2024-03", "2024-04", "2024-05"]
    );
}

#[test]
fn a_rejected_slash_date_is_reported_with_its_line_and_downloads_as_written() {
    let file = "Month,CustomerTenantId\n13/01/2024,a\n01/13/2024,b\n01/02/2024,c\n";
    let loaded = ingest::load_customers(file.as_bytes()).unwrap();
    assert_eq!(loaded.summary.loaded, 2);
    assert_eq!(loaded.summary.errors.len(), 1);
    assert_eq!(loaded.summary.errors[0].line, 3);
    assert_eq!(loaded.summary.errors[0].column, "Month");
    assert_eq!(loaded.summary.rejected_rows[0].text, "01/13/2024,b");
    assert_eq!(loaded.dataset.customer_count(), 2);
}

#[test]
fn files_in_other_encodings_give_the_same_report() {
    let text = std::str::from_utf8(&fixture("customers-and-tenants.csv"))
        .unwrap()
        .replace("Alpine Bakeries", "Boulangerie Élise");
    let baseline = report(text.as_bytes(), None, Filters::default());
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let (cp1252, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    for bytes in [utf16le, cp1252.into_owned()] {
        assert_eq!(report(&bytes, None, Filters::default()), baseline);
    }
    let encoding = |bytes: &[u8]| {
        ingest::load_customers(bytes)
            .unwrap()
            .summary
            .reading
            .encoding
    };
    assert_eq!(
        encoding(&encoding_rs::WINDOWS_1252.encode(&text).0),
        Encoding::Windows1252
    );
}

#[test]
fn a_customers_subscriptions_show_no_seat_figure_the_file_lacks() {
    let loaded = ingest::load_customers(&fixture("customers-and-tenants.csv")).unwrap();
    let c = metrics::customer_insights(
        &loaded.dataset,
        None,
        "aaaa0001-0000-0000-0000-000000000001",
        &Query::default(),
    )
    .unwrap()
    .expect("the customer, by its id in lower case");
    assert_eq!(c.subscriptions.len(), 2);
    for s in &c.subscriptions {
        assert!(s.available_seats.is_some());
        assert_eq!(s.assigned_seats, None);
        assert!(s.active_users.is_some());
    }
    assert_eq!(
        (c.current.entitlements, c.current.assigned),
        (Some(12), None)
    );
    assert!(!c.low_adoption);
}

#[test]
fn free_marks_a_trial_under_any_alias_and_paid_does_not() {
    for column in ["FreeVsPaidSKU", "IsTrial", "Trial"] {
        let file = format!("Month,CustomerTenantId,{column},AvailableSeats\n2024-01,a,Free,5\n2024-01,b,Paid,3\n2024-01,c,yes,2\n");
        let loaded = ingest::load_customers(file.as_bytes()).unwrap();
        // Free and yes are trials, Paid is not.
        assert_eq!(
            loaded.dataset.trial.iter().filter(|&t| t).count(),
            2,
            "{column}"
        );
        let r = report(file.as_bytes(), None, Filters::default());
        assert_eq!(r["licenses"]["portfolio"]["entitlements"], 3, "{column}");
    }
}
