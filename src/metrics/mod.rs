//! The metric engine: a report per (range, filters) over a dataset
//! (spec sections 2-7). Pure: no I/O, no browser.

mod adoption;
mod facets;
mod filters;
mod pass;
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
pub use range::{resolve as resolve_range, RangeError, DEFAULT_MONTHS};
pub use raw::raw_rows;
pub use report::*;

use std::sync::{Arc, Mutex};

use crate::dataset::{Dataset, UsageData};
use crate::ingest::Month;

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
fn range_offsets(ds: &Dataset, query: &Query) -> Result<(usize, usize), RangeError> {
    let (from, to) = resolve_range(ds, query.from, query.to)?;
    let a = ds
        .month_index(from)
        .expect("resolved months are data months");
    let b = ds.month_index(to).expect("resolved months are data months");
    Ok((a, b))
}

/// The per-month figures of every data month for one set of filters: what
/// a report needs but its range. The dashboard keeps it while the filters
/// stay, so a change of range costs only [`report_prepared`].
#[derive(Debug)]
pub struct Prepared {
    filter: RowFilter,
    monthly: Monthly,
    /// The per-customer seat list of the last end month and thresholds
    /// asked for: a range change that keeps the end month reuses it.
    customers: Mutex<Option<KeptCustomers>>,
}

#[derive(Debug)]
struct KeptCustomers {
    month: usize,
    thresholds: Thresholds,
    list: Arc<[CustomerAdoption]>,
}

impl Prepared {
    fn customers(
        &self,
        ds: &Dataset,
        month: usize,
        thresholds: Thresholds,
    ) -> Arc<[CustomerAdoption]> {
        let mut kept = self.customers.lock().unwrap_or_else(|e| e.into_inner());
        match &*kept {
            Some(k) if k.month == month && k.thresholds == thresholds => k.list.clone(),
            _ => {
                let seats = pass::customer_seats(ds, &self.filter, month);
                let list: Arc<[CustomerAdoption]> =
                    adoption::customer_adoption(ds, &seats, thresholds).into();
                *kept = Some(KeptCustomers {
                    month,
                    thresholds,
                    list: list.clone(),
                });
                list
            }
        }
    }
}

pub fn prepare(ds: &Dataset, filters: &Filters) -> Result<Prepared, RangeError> {
    prepare_selection(ds, Selection::new(filters, ds))
}

fn prepare_selection(ds: &Dataset, selection: Selection) -> Result<Prepared, RangeError> {
    if ds.is_empty() {
        return Err(RangeError::NoData);
    }
    check_size(ds, ds.month_count)?;
    let filter = RowFilter::of(selection, ds);
    let monthly = pass::run(ds, &filter, 0, ds.month_count - 1);
    Ok(Prepared {
        filter,
        monthly,
        customers: Mutex::new(None),
    })
}

/// The figures prepared for the last few sets of filters, so that going
/// back to a view seen a moment ago (a filter switched off again, Back in
/// the browser, clearing the filters) costs no pass over the rows.
#[derive(Debug)]
pub struct PreparedCache {
    capacity: usize,
    /// Most recently used first. Each is found by the rows its filters
    /// select (resolved against the dataset), not by how they are written.
    entries: Vec<Arc<Prepared>>,
}

impl PreparedCache {
    pub fn new(capacity: usize) -> PreparedCache {
        PreparedCache {
            capacity: capacity.max(1),
            entries: Vec::new(),
        }
    }

    /// The figures for `filters`, prepared now or earlier for filters that
    /// select the same rows (the same values in another order, or every
    /// value of a dimension ticked instead of none).
    pub fn get(&mut self, ds: &Dataset, filters: &Filters) -> Result<Arc<Prepared>, RangeError> {
        let selection = Selection::new(filters, ds);
        let prepared = match self.position(&selection) {
            Some(i) => self.entries.remove(i),
            None => Arc::new(prepare_selection(ds, selection)?),
        };
        self.entries.insert(0, prepared.clone());
        self.entries.truncate(self.capacity);
        Ok(prepared)
    }

    /// Whether figures for `filters` are kept.
    pub fn contains(&self, ds: &Dataset, filters: &Filters) -> bool {
        self.position(&Selection::new(filters, ds)).is_some()
    }

    fn position(&self, selection: &Selection) -> Option<usize> {
        self.entries
            .iter()
            .position(|p| p.filter.selection() == selection)
    }
}

/// The report of `query` from figures prepared for its filters; equal to
/// [`report`] of the same query.
pub fn report_prepared(
    ds: &Dataset,
    rows: RowCounts,
    usage: Option<&UsageData>,
    prepared: &Prepared,
    query: &Query,
) -> Result<Report, RangeError> {
    assemble_prepared(ds, rows, usage, prepared, query, true)
}

/// [`report_prepared`] without the list of every customer's seats
/// (`licenses.customers` is `None`), for a view that shows no customer's
/// seats: the Customers dashboard. With 20,000 customers that list costs
/// more than the rest of the report.
pub fn report_prepared_without_customers(
    ds: &Dataset,
    rows: RowCounts,
    usage: Option<&UsageData>,
    prepared: &Prepared,
    query: &Query,
) -> Result<Report, RangeError> {
    assemble_prepared(ds, rows, usage, prepared, query, false)
}

fn assemble_prepared(
    ds: &Dataset,
    rows: RowCounts,
    usage: Option<&UsageData>,
    prepared: &Prepared,
    query: &Query,
    with_customers: bool,
) -> Result<Report, RangeError> {
    debug_assert_eq!(
        prepared.filter.selection(),
        &Selection::new(&query.filters, ds),
        "prepared for other filters"
    );
    let (a, b) = range_offsets(ds, query)?;
    let customers = with_customers.then(|| prepared.customers(ds, b, query.thresholds));
    Ok(report::assemble(
        ds,
        rows,
        usage,
        &prepared.monthly,
        customers,
        a,
        b,
    ))
}
