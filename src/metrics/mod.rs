//! The metric engine: a report per (range, filters) over a dataset
//! (spec sections 2-7). Pure: no I/O, no browser.

mod adoption;
mod customers;
mod facets;
mod filters;
mod pass;
mod prepared;
mod range;
mod raw;
mod read;
mod report;

pub use adoption::{
    adoption, customer_insights, Adoption, Advice, CustomerInsights, ProductAdoption,
    SubscriptionLine, WorkloadTrend,
};
pub use customers::{customer_list, customer_list_for, CustomerLine, Standing};
pub use facets::{facet_counts, facets, Facets};
pub use filters::{Filters, RowFilter, Selection};
pub use pass::{Monthly, Seats};
pub use prepared::{
    prepare, report_prepared, report_prepared_without_customers, Prepared, PreparedCache,
};
pub use range::{resolve as resolve_range, RangeError, DEFAULT_MONTHS};
pub use raw::raw_rows;
pub use read::{read_report, Expected, ReportError};
pub use report::*;

use crate::dataset::{Dataset, UsageData};
use crate::model::{Month, Window};

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
    let range = range_offsets(ds, query)?;
    let filter = RowFilter::new(&query.filters, ds);
    // The pass reaches back to the month before the months just before the
    // range, for the flows' change % and the stocks' base.
    let window = range.back_by(range.len() + 1);
    check_size(ds, window.len())?;
    let monthly = pass::run(ds, &filter, window);
    let seats = pass::customer_seats(ds, &filter, range.last);
    let customers = adoption::customer_adoption(ds, &seats, query.thresholds);
    Ok(report::assemble(
        ds,
        rows,
        usage,
        &monthly,
        Some(customers.into()),
        range,
        query,
    ))
}

/// Refuses a pass whose memory would pass [`pass::MAX_CELLS`].
pub(crate) fn check_size(ds: &Dataset, months: usize) -> Result<(), RangeError> {
    if pass::cells(ds, months) > pass::MAX_CELLS {
        let values = pass::Monthly::values(ds);
        return Err(RangeError::TooLarge { months, values });
    }
    Ok(())
}

/// The range of a query as a window of data months.
pub(crate) fn range_offsets(ds: &Dataset, query: &Query) -> Result<Window, RangeError> {
    let (from, to) = resolve_range(ds, query.from, query.to)?;
    let at = |m| ds.month_index(m).expect("resolved months are data months");
    Ok(Window::new(at(from), at(to)))
}
