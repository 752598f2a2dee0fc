//! Helpers shared by the native test files.
#![allow(dead_code)]

use partner_insights::ingest::{self, Loaded};
use partner_insights::metrics::{self, Filters, Query, RowCounts, Thresholds};
use partner_insights::model::Month;
use serde_json::Value;

pub fn load(csv: &str) -> Loaded {
    ingest::load_customers(csv.as_bytes()).expect("fixture loads")
}

pub fn month(text: &str) -> Month {
    Month::parse(text).expect("fixture month")
}

/// The report of a fixture as JSON, the way `insights report` prints it.
pub fn report_with(
    csv: &str,
    from: Option<&str>,
    to: Option<&str>,
    filters: Filters,
    thresholds: Thresholds,
) -> Value {
    let loaded = load(csv);
    assert_eq!(
        loaded.summary.rejected, 0,
        "fixture rows rejected: {:?}",
        loaded.summary.errors
    );
    let query = Query {
        from: from.map(month),
        to: to.map(month),
        filters,
        thresholds,
    };
    let rows = RowCounts {
        loaded: loaded.summary.loaded,
        rejected: loaded.summary.rejected,
    };
    let report = metrics::report(&loaded.dataset, rows, None, &query).expect("report");
    serde_json::to_value(report).unwrap()
}

pub fn report(csv: &str, from: Option<&str>, to: Option<&str>) -> Value {
    report_with(csv, from, to, Filters::default(), Thresholds::default())
}

pub fn filtered(csv: &str, filters: Filters) -> Value {
    report_with(csv, None, None, filters, Thresholds::default())
}

/// A trend's values, in month order.
pub fn values(trend: &Value) -> Vec<u64> {
    trend
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["value"].as_u64().unwrap())
        .collect()
}

/// A breakdown as (key, value) pairs, in its order.
pub fn pairs(list: &Value) -> Vec<(String, u64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["key"].as_str().unwrap().to_string(),
                e["value"].as_u64().unwrap(),
            )
        })
        .collect()
}

pub fn kv(items: &[(&str, u64)]) -> Vec<(String, u64)> {
    items.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

pub fn approx(value: &Value, expected: f64) {
    let got = value
        .as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {value}"));
    assert!(
        (got - expected).abs() < 1e-9,
        "expected {expected}, got {got}"
    );
}

/// An input that gives at most `piece` bytes a read, as a pipe can.
pub struct Trickle<'a> {
    pub bytes: &'a [u8],
    pub piece: usize,
}

impl std::io::Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.piece.min(buf.len()).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        Ok(n)
    }
}
