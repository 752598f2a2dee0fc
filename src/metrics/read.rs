//! A report JSON read back into a [`Report`]: the page opens a report
//! computed elsewhere (`insights report`, the Spark job) and draws it as it
//! draws its own.
//!
//! Read from the `serde_json::Value` that JSON input already parses into,
//! by the few functions below rather than serde's derived readers, which
//! cost the browser build twice as much (22 KB brotli against 11 KB).

use std::sync::Arc;

use serde_json::Value;

use super::report::*;
use super::{Filters, RowCounts, Thresholds};
use crate::model::{lookup_country, Dimension, Month};

/// Why a file is not a report, as data (`l10n` words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportError {
    /// Not JSON at all: serde_json's own words, with line and column.
    Json(String),
    /// A value that is missing or of another kind than the report writes:
    /// where (`"summary.customers.trend[3].value"`) and what was expected.
    Value { at: String, expected: Expected },
}

/// What a report has in a place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Count,
    Number,
    Text,
    Month,
    List,
    Object,
    Flag,
    Country,
    Dimension,
}

impl Expected {
    /// The message key of its wording.
    pub fn key(self) -> &'static str {
        match self {
            Expected::Count => "report_file.kind.count",
            Expected::Number => "report_file.kind.number",
            Expected::Text => "report_file.kind.text",
            Expected::Month => "report_file.kind.month",
            Expected::List => "report_file.kind.list",
            Expected::Object => "report_file.kind.object",
            Expected::Flag => "report_file.kind.flag",
            Expected::Country => "report_file.kind.country",
            Expected::Dimension => "report_file.kind.dimension",
        }
    }
}

/// A report from the bytes of its JSON (a byte-order mark is allowed).
pub fn read_report(bytes: &[u8]) -> Result<Report, ReportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: Value =
        serde_json::from_slice(bytes).map_err(|e| ReportError::Json(e.to_string()))?;
    Report::read(&value)
}

/// What can be read from a report's value, or where it is not what a
/// report writes.
trait Read: Sized {
    fn read(v: &Value) -> Result<Self, ReportError>;
}

// The error paths are cold and kept out of line: the engine is compiled
// for speed, and inlined into each field they would triple this reader's
// share of the browser build.
#[cold]
#[inline(never)]
fn wrong(expected: Expected) -> ReportError {
    ReportError::Value {
        at: String::new(),
        expected,
    }
}

/// The error of a value inside `step` (a key, or `[i]` of a list).
#[cold]
#[inline(never)]
fn within(e: ReportError, step: &str) -> ReportError {
    match e {
        ReportError::Value { at, expected } => {
            let sep = if at.is_empty() || at.starts_with('[') {
                ""
            } else {
                "."
            };
            ReportError::Value {
                at: format!("{step}{sep}{at}"),
                expected,
            }
        }
        json => json,
    }
}

#[cold]
#[inline(never)]
fn at_index(e: ReportError, i: usize) -> ReportError {
    within(e, &format!("[{i}]"))
}

/// `v[key]`, read; a missing key reads as null (an `Option` is then `None`).
#[inline(never)]
fn field<T: Read>(v: &Value, key: &str) -> Result<T, ReportError> {
    if !v.is_object() {
        return Err(wrong(Expected::Object));
    }
    T::read(v.get(key).unwrap_or(&Value::Null)).map_err(|e| within(e, key))
}

impl Read for u64 {
    fn read(v: &Value) -> Result<Self, ReportError> {
        v.as_u64().ok_or(wrong(Expected::Count))
    }
}

impl Read for usize {
    fn read(v: &Value) -> Result<Self, ReportError> {
        u64::read(v).and_then(|n| usize::try_from(n).map_err(|_| wrong(Expected::Count)))
    }
}

impl Read for f64 {
    fn read(v: &Value) -> Result<Self, ReportError> {
        v.as_f64().ok_or(wrong(Expected::Number))
    }
}

impl Read for bool {
    fn read(v: &Value) -> Result<Self, ReportError> {
        v.as_bool().ok_or(wrong(Expected::Flag))
    }
}

impl Read for String {
    fn read(v: &Value) -> Result<Self, ReportError> {
        v.as_str().map(str::to_string).ok_or(wrong(Expected::Text))
    }
}

impl Read for Arc<str> {
    fn read(v: &Value) -> Result<Self, ReportError> {
        v.as_str().map(Arc::from).ok_or(wrong(Expected::Text))
    }
}

impl Read for Month {
    fn read(v: &Value) -> Result<Self, ReportError> {
        v.as_str()
            .and_then(Month::parse)
            .ok_or(wrong(Expected::Month))
    }
}

impl<T: Read> Read for Option<T> {
    fn read(v: &Value) -> Result<Self, ReportError> {
        match v {
            Value::Null => Ok(None),
            v => T::read(v).map(Some),
        }
    }
}

impl<T: Read> Read for Vec<T> {
    fn read(v: &Value) -> Result<Self, ReportError> {
        let items = v.as_array().ok_or(wrong(Expected::List))?;
        items
            .iter()
            .enumerate()
            .map(|(i, item)| T::read(item).map_err(|e| at_index(e, i)))
            .collect()
    }
}

/// A struct read field by field, each by its name in the report.
macro_rules! read_fields {
    ($ty:ident { $($field:ident),* $(,)? }) => {
        impl Read for $ty {
                        fn read(v: &Value) -> Result<Self, ReportError> {
                Ok($ty { $($field: field(v, stringify!($field))?),* })
            }
        }
    };
}

read_fields!(MonthSpan { from, to });
read_fields!(DataMonths { first, last });
read_fields!(RowCounts { loaded, rejected });
read_fields!(Thresholds {
    deployment_pct,
    usage_pct
});
read_fields!(Summary {
    customers,
    active_customers,
    subscriptions,
    customers_added,
    customers_churned,
    customers_by_product,
});
read_fields!(Kpi {
    value,
    change_pct,
    trend
});
read_fields!(ChurnKpi {
    value,
    change_pct,
    churn_pct,
    trend
});
read_fields!(Point { month, value });
read_fields!(Entry { key, value });
read_fields!(AddsChurns {
    month,
    new,
    existing,
    churned
});
read_fields!(Distribution {
    partner_location,
    segment,
    sales_channel,
    pricing_model,
    attribution_type,
});
read_fields!(ProductFigures {
    product,
    customers,
    skus
});
read_fields!(DistributionTrend {
    market,
    segment,
    partner_location,
    product,
    pricing_model,
    attribution_type,
    sales_channel,
});
read_fields!(TrendMonth { month, values });
read_fields!(Cohort {
    cohort,
    size,
    retained
});
read_fields!(ActivePoint {
    month,
    active,
    customers
});
read_fields!(SeatFigures {
    entitlements,
    assigned,
    active_users,
    deployment_pct,
    usage_pct,
});
read_fields!(WorkloadFigures {
    workload,
    licenses,
    active_users,
    usage_pct
});

impl Read for CountryFigures {
    fn read(v: &Value) -> Result<Self, ReportError> {
        // The code as the country table holds it (the report writes none
        // other).
        let iso2 = match field::<Option<String>>(v, "iso2")? {
            None => None,
            Some(code) => Some(
                lookup_country(&code)
                    .map(|c| c.alpha2)
                    .ok_or_else(|| within(wrong(Expected::Country), "iso2"))?,
            ),
        };
        Ok(CountryFigures {
            country: field(v, "country")?,
            iso2,
            customers: field(v, "customers")?,
            active: field(v, "active")?,
            added: field(v, "added")?,
            customers_share_pct: field(v, "customers_share_pct")?,
            active_share_pct: field(v, "active_share_pct")?,
            added_share_pct: field(v, "added_share_pct")?,
        })
    }
}

/// Seat figures written beside other fields of the same object.
impl Read for ProductSeatFigures {
    fn read(v: &Value) -> Result<Self, ReportError> {
        Ok(ProductSeatFigures {
            key: field(v, "key")?,
            figures: SeatFigures::read(v)?,
        })
    }
}

impl Read for CustomerAdoption {
    fn read(v: &Value) -> Result<Self, ReportError> {
        Ok(CustomerAdoption {
            customer_id: field(v, "customer_id")?,
            name: field(v, "name")?,
            figures: SeatFigures::read(v)?,
            low_adoption: field(v, "low_adoption")?,
        })
    }
}

impl Read for Licenses {
    fn read(v: &Value) -> Result<Self, ReportError> {
        Ok(Licenses {
            month: field(v, "month")?,
            portfolio: field(v, "portfolio")?,
            by_product: field(v, "by_product")?,
            customers: field::<Option<Vec<CustomerAdoption>>>(v, "customers")?.map(Arc::from),
        })
    }
}

/// Every dimension by its key; one left out is no filter, and a key that
/// names no dimension is refused (a report of filters this build does not
/// know would be shown as if unfiltered).
impl Read for Filters {
    fn read(v: &Value) -> Result<Self, ReportError> {
        let map = v.as_object().ok_or(wrong(Expected::Object))?;
        let mut filters = Filters::default();
        for (key, values) in map {
            let d = Dimension::ALL
                .into_iter()
                .find(|d| d.key() == key)
                .ok_or_else(|| within(wrong(Expected::Dimension), key))?;
            filters[d] = Vec::read(values).map_err(|e| within(e, key))?;
        }
        Ok(filters)
    }
}

impl Read for Report {
    fn read(v: &Value) -> Result<Self, ReportError> {
        Ok(Report {
            range: field(v, "range")?,
            data_months: field(v, "data_months")?,
            rows: field(v, "rows")?,
            // A report of an earlier build, or written by hand, may say
            // nothing of them: no filter, the default thresholds.
            filters: field::<Option<Filters>>(v, "filters")?.unwrap_or_default(),
            thresholds: field::<Option<Thresholds>>(v, "thresholds")?.unwrap_or_default(),
            summary: field(v, "summary")?,
            geography: field(v, "geography")?,
            adds_churns: field(v, "adds_churns")?,
            distribution: field(v, "distribution")?,
            products: field(v, "products")?,
            distribution_trend: field(v, "distribution_trend")?,
            active_trend: field(v, "active_trend")?,
            retention: field(v, "retention")?,
            licenses: field(v, "licenses")?,
            workloads: field(v, "workloads")?,
        })
    }
}
