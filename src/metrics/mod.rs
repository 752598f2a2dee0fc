//! The metric engine: a report per (range, filters) over a dataset
//! (spec sections 2-7). Pure: no I/O, no browser.

mod adoption;
mod facets;
mod filters;
mod pass;
mod prepared;
mod range;
mod raw;
mod report;

pub use adoption::{
    adoption, customer_insights, Adoption, Advice, CustomerInsights, ProductAdoption,
    SubscriptionLine, WorkloadTrend,
};
pub use facets::{facets, Facets};
pub use filters::{Filters, RowFilter, Selection};
pub use pass::{Monthly, Seats};
pub use prepared::{
    prepare, report_prepared, report_prepared_without_customers, Prepared, PreparedCache,
};
pub use range::{resolve as resolve_range, RangeError, DEFAULT_MONTHS};
pub use raw::raw_rows;
pub use report::*;

use crate::dataset::{Dataset, UsageData};
use crate::model::Month;

/// Low-adoption thresholds in percent (spec section 6).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Thresholds {
    pub deployment_pct: f64,
    pub usage_pct: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            deployment_pct: 60.0,
            usage_pct: 50.0,
        }
    }
}

/// What a report is asked for.
#[derive(Debug, Clone, Default)]
pub struct Query {
    pub from: Option<Month>,
    pub to: Option<Month>,
    pub filters: Filters,
    pub thresholds: Thresholds,
}

/// Row counts of the loaded file, carried into the report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RowCounts {
    pub loaded: usize,
    pub rejected: usize,
}

/// Computes the report of spec section 7.
pub fn report(
    ds: &Dataset,
    rows: RowCounts,
    usage: Option<&UsageData>,
    query: &Query,
) -> Result<Report, RangeError> {
    let (a, b) = range_offsets(ds, query)?;
    let filter = RowFilter::new(&query.filters, ds);
    let n = b - a + 1;
    // The window reaches back to the month before the n months before `a`,
    // for the flows' change % and the stocks' base.
    let first = a.saturating_sub(n + 1);
    check_size(ds, b - first + 1)?;
    let monthly = pass::run(ds, &filter, first, b);
    let customers =
        adoption::customer_adoption(ds, &pass::customer_seats(ds, &filter, b), query.thresholds);
    Ok(report::assemble(
        ds,
        rows,
        usage,
        &monthly,
        Some(customers.into()),
        a,
        b,
    ))
}

/// Refuses a pass whose per-month counters would not fit in memory.
pub(crate) fn check_size(ds: &Dataset, months: usize) -> Result<(), RangeError> {
    let values = pass::values(ds);
    if months.saturating_mul(values) > pass::MAX_CELLS {
        return Err(RangeError::TooLarge { months, values });
    }
    Ok(())
}

/// The range of a query as data-month offsets.
pub(crate) fn range_offsets(ds: &Dataset, query: &Query) -> Result<(usize, usize), RangeError> {
    let (from, to) = resolve_range(ds, query.from, query.to)?;
    let a = ds
        .month_index(from)
        .expect("resolved months are data months");
    let b = ds.month_index(to).expect("resolved months are data months");
    Ok((a, b))
}
