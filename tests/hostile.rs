//! Files a partner should never have to worry about: empty, broken, huge,
//! hostile. Each loads what it can or is refused with a clear reason; none
//! panics or takes unbounded memory. (The fuzz targets in fuzz/ and the
//! arbitrary-bytes property in properties.rs cover what these do not name.)

mod common;

use common::*;
use partner_insights::ingest::{self, FileError};
use partner_insights::metrics::{self, Filters, Query, RangeError, RowCounts};
use partner_insights::model::Dimension;

fn report_of(loaded: &ingest::Loaded, query: &Query) -> Result<serde_json::Value, RangeError> {
    let rows = RowCounts {
        loaded: loaded.summary.loaded,
        rejected: loaded.summary.rejected,
    };
    metrics::report(&loaded.dataset, rows, None, query).map(|r| serde_json::to_value(r).unwrap())
}

/// Each problem as "line column: reason".
fn reasons(loaded: &ingest::Loaded) -> Vec<String> {
    loaded
        .summary
        .errors
        .iter()
        .map(|e| format!("{} {}: {}", e.line, e.column, e.reason))
        .collect()
}

#[test]
fn an_empty_file_and_a_header_alone() {
    assert_eq!(
        ingest::load_customers(b"").unwrap_err().to_string(),
        "the file is empty: a header line is required"
    );
    let header_only = ingest::load_customers(b"Month,CustomerTenantId\r\n").unwrap();
    assert!(header_only.dataset.is_empty());
    assert_eq!(
        (header_only.summary.loaded, header_only.summary.rejected),
        (0, 0)
    );
    assert_eq!(
        report_of(&header_only, &Query::default()).unwrap_err(),
        RangeError::NoData
    );
    assert_eq!(
        metrics::prepare(&header_only.dataset, &Filters::default()).unwrap_err(),
        RangeError::NoData
    );
}

#[test]
fn every_row_rejected_keeps_every_reason() {
    let loaded =
        ingest::load_customers(b"Month,CustomerTenantId\nnot a month,a\n2024-01,\n13/45/2024,c\n")
            .unwrap();
    assert!(loaded.dataset.is_empty());
    assert_eq!((loaded.summary.loaded, loaded.summary.rejected), (0, 3));
    let lines: Vec<u64> = loaded.summary.errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [2, 3, 4]);
    assert_eq!(loaded.summary.rejected_rows.len(), 3);
}

#[test]
fn one_month_only_has_no_base_and_no_flows() {
    let r = report("Month,CustomerTenantId\n2024-05,a\n2024-05,b\n", None, None);
    assert_eq!(r["range"]["from"], "2024-05");
    assert_eq!(r["range"]["to"], "2024-05");
    assert_eq!(r["summary"]["customers"]["value"], 2);
    assert!(r["summary"]["customers"]["change_pct"].is_null());
    assert_eq!(r["summary"]["customers_added"]["value"], 0);
    assert!(r["summary"]["customers_churned"]["churn_pct"].is_null());
}

#[test]
fn bytes_that_are_not_utf8_make_the_file_windows_1252_not_rejections() {
    // Spec 1.4: the whole file is read as Windows-1252, no row is rejected
    // for its encoding.
    let loaded = ingest::load_customers(b"Month,CustomerTenantId,CustomerName\n2024-01,\xff\xfe,x\n2024-01,b,Caf\xe9\n2024-01,c,ok\n").unwrap();
    assert_eq!(loaded.summary.loaded, 3);
    assert!(reasons(&loaded).is_empty());
    assert_eq!(
        loaded.summary.reading.encoding,
        ingest::Encoding::Windows1252
    );
    let names: Vec<&str> = (0..3).map(|r| loaded.dataset.name.value(r)).collect();
    assert!(names.contains(&"Café"), "{names:?}");
    // A UTF-16 file (Excel's "Unicode Text") is read as text.
    let utf16: Vec<u8> = "\u{feff}Month\tCustomerTenantId\n2024-01\tA\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    let loaded = ingest::load_customers(&utf16).unwrap();
    assert_eq!(loaded.summary.loaded, 1);
    assert_eq!(loaded.dataset.customers.name(0), "a");
    assert!(ingest::load_customers(&[0xFF, 0xFE]).is_err());
}

#[test]
fn a_very_long_line_loads_as_one_value() {
    let name = "N".repeat(2 << 20);
    let csv =
        format!("Month,CustomerTenantId,CustomerName\n2024-01,a,\"{name}\"\n2024-01,b,short\n");
    let loaded = ingest::load_customers(csv.as_bytes()).unwrap();
    assert_eq!(loaded.summary.loaded, 2);
    let r = report_of(&loaded, &Query::default()).unwrap();
    let names: Vec<usize> = r["licenses"]["customers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().len())
        .collect();
    assert!(names.is_empty() || names.contains(&name.len()));
    assert_eq!(r["summary"]["customers"]["value"], 2);
}

#[test]
fn huge_numbers_are_rejected_by_row_and_column() {
    let loaded = ingest::load_customers(
        b"Month,CustomerTenantId,AvailableSeats,ActiveUsers\n2024-01,a,99999999999999999999999,1\n2024-01,b,4294967295,1e9\n2024-01,c,12,3\n",
    )
    .unwrap();
    let reasons = reasons(&loaded);
    assert_eq!(
        reasons,
        [
            "2 AvailableSeats: \"99999999999999999999999\" is larger than the largest count, 4294967295",
            "3 ActiveUsers: \"1e9\" is not a non-negative integer",
        ]
    );
    assert_eq!(loaded.summary.loaded, 1);
}

#[test]
fn a_duplicated_header_uses_its_first_column() {
    let loaded = ingest::load_customers(
        b"Month,CustomerTenantId,Month,customertenantid\n2024-01,a,garbage,\n2024-02,b,,\n",
    )
    .unwrap();
    assert_eq!((loaded.summary.loaded, loaded.summary.rejected), (2, 0));
    let r = report_of(&loaded, &Query::default()).unwrap();
    assert_eq!(r["data_months"]["first"], "2024-01");
    assert_eq!(r["data_months"]["last"], "2024-02");
}

#[test]
fn every_customer_churned() {
    let csv = "Month,CustomerTenantId,SubscriptionStatus\n2024-01,a,Active\n2024-01,b,Active\n2024-02,a,Deprovisioned\n2024-02,b,Suspended\n";
    let r = report(csv, Some("2024-02"), None);
    assert_eq!(values(&r["summary"]["customers"]["trend"]), [0]);
    assert_eq!(r["summary"]["customers_churned"]["value"], 2);
    assert_eq!(r["summary"]["customers_churned"]["churn_pct"], 100.0);
    assert_eq!(r["summary"]["customers"]["change_pct"], -100.0);
    assert!(r["geography"].as_array().unwrap().is_empty());
}

#[test]
fn filters_that_leave_nothing_give_zeros_not_errors() {
    let csv = "Month,CustomerTenantId,Product\n2024-01,a,Azure\n2024-02,a,Azure\n";
    let r = filtered(
        csv,
        Filters::default().with(Dimension::Product, ["Dynamics 365"]),
    );
    assert_eq!(values(&r["summary"]["customers"]["trend"]), [0, 0]);
    assert!(r["summary"]["customers"]["change_pct"].is_null());
    assert!(r["products"].as_array().unwrap().is_empty());
    assert!(r["licenses"]["customers"].as_array().unwrap().is_empty());
}

#[test]
fn more_rows_than_the_limit_are_refused_with_the_limit() {
    let mut csv = String::from("Month,CustomerTenantId\n");
    for i in 0..1001 {
        csv.push_str(&format!("2024-01,c{i}\n"));
    }
    let loader = ingest::customers_loader(csv.as_bytes())
        .unwrap()
        .with_max_rows(1000);
    let err = loader.into_loaded().unwrap_err();
    assert_eq!(err, FileError::TooManyRows(1000));
    assert_eq!(
        err.to_string(),
        "the file has more than 1,000 rows, the most that can be loaded; split it by month or filter the export"
    );
    // At the limit exactly, the file loads.
    let at_limit = ingest::customers_loader(csv.as_bytes())
        .unwrap()
        .with_max_rows(1001)
        .into_loaded()
        .unwrap();
    assert_eq!(at_limit.summary.loaded, 1001);
    // Natively, the most rows a 32-bit row number names (the browser's
    // limit, 5,000,000, is compiled for wasm32 only).
    assert_eq!(ingest::MAX_ROWS, u32::MAX as usize - 1);
}

#[test]
fn centuries_of_months_with_many_values_are_refused_not_allocated() {
    // 1,100 years of months and thousands of distinct markets: the per-month
    // counters would need gigabytes.
    let mut csv = String::from(
        "Month,CustomerTenantId,CustomerMarket,PartnerLocation\n1900-01,a,X,Y\n2999-12,b,X,Y\n",
    );
    for i in 0..2_000 {
        csv.push_str(&format!("2000-01,c{i},Market {i},Location {i}\n"));
    }
    let loaded = ingest::load_customers(csv.as_bytes()).unwrap();
    let all = Query {
        from: Some(month("1900-01")),
        ..Query::default()
    };
    let err = report_of(&loaded, &all).unwrap_err();
    assert!(
        matches!(err, RangeError::TooLarge { months: 13_200, .. }),
        "{err:?}"
    );
    assert!(err
        .to_string()
        .ends_with("choose a shorter range or filter"));
    assert!(matches!(
        metrics::prepare(&loaded.dataset, &Filters::default()),
        Err(RangeError::TooLarge { .. })
    ));
    // The default range (the last 12 months) is small enough.
    assert_eq!(
        report_of(&loaded, &Query::default()).unwrap()["range"]["to"],
        "2999-12"
    );
}

#[test]
fn hostile_text_is_kept_as_text() {
    let payload = "<img src=x onerror=alert(1)>";
    let csv = format!(
        "Month,CustomerTenantId,CustomerName,CustomerMarket,Product,SKU\n2024-01,\"</script><b>\",\"{payload}\",\"javascript:alert(1)\",\"=HYPERLINK(\"\"x\"\")\",\"{payload}\"\n"
    );
    let loaded = ingest::load_customers(csv.as_bytes()).unwrap();
    let r = report_of(&loaded, &Query::default()).unwrap();
    assert_eq!(r["geography"][0]["country"], "javascript:alert(1)");
    assert!(r["geography"][0]["iso2"].is_null());
    assert_eq!(
        r["summary"]["customers_by_product"][0]["key"],
        "=HYPERLINK(\"x\")"
    );
    assert_eq!(r["products"][0]["skus"][0]["key"], payload);
}
