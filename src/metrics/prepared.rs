//! Figures prepared once per set of filters, for every data month: the
//! dashboard keeps them, so a change of range only reassembles the report,
//! and keeps the last few sets, so going back to one costs nothing.
//!
//! A market (or segment) filter is also answered from parts: the figures of
//! each market's customers (those whose every row is in that market) under
//! the other filters, kept per market. Every figure is a sum over customers,
//! so ticking one more country costs a pass over that country's customers
//! only, plus the customers who changed market, whom no part holds.

use std::sync::{Arc, Mutex, OnceLock};

use crate::dataset::{Dataset, UsageData};
use crate::model::Window;

use super::filters::{Attribute, RowFilter, Selection};
use super::pass::{self, Monthly};
use super::{
    adoption, check_size, range_offsets, report, CustomerAdoption, Filters, Query, RangeError,
    Report, RowCounts, Thresholds,
};

/// The per-month figures of every data month for one set of filters: what
/// a report needs but its range. The dashboard keeps it while the filters
/// stay, so a change of range costs only [`report_prepared`].
#[derive(Debug)]
pub struct Prepared {
    selection: Selection,
    /// The selected rows, made when first needed (figures made from parts
    /// need none).
    filter: OnceLock<RowFilter>,
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
    fn new(selection: Selection, filter: Option<RowFilter>, monthly: Monthly) -> Prepared {
        Prepared {
            selection,
            filter: filter.map(OnceLock::from).unwrap_or_default(),
            monthly,
            customers: Mutex::new(None),
        }
    }

    fn filter(&self, ds: &Dataset) -> &RowFilter {
        self.filter
            .get_or_init(|| RowFilter::of(self.selection.clone(), ds))
    }

    /// The customer list of a query's range, under the filters these
    /// figures were prepared for.
    pub fn customer_list(
        &self,
        ds: &Dataset,
        query: &Query,
    ) -> Result<Vec<super::CustomerLine>, RangeError> {
        let range = range_offsets(ds, query)?;
        Ok(super::customer_list(ds, self.filter(ds), range))
    }

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
                let seats = pass::customer_seats(ds, self.filter(ds), month);
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

/// Every data month, when the dataset has some and their counters fit.
fn check(ds: &Dataset) -> Result<Window, RangeError> {
    if ds.is_empty() {
        return Err(RangeError::NoData);
    }
    check_size(ds, ds.month_count)?;
    Ok(Window::of_len(ds.month_count))
}

pub fn prepare(ds: &Dataset, filters: &Filters) -> Result<Prepared, RangeError> {
    let months = check(ds)?;
    let selection = Selection::new(filters, ds);
    let filter = RowFilter::of(selection.clone(), ds);
    let monthly = pass::run(ds, &filter, months);
    Ok(Prepared::new(selection, Some(filter), monthly))
}

/// The most counters the kept parts may hold together (4 bytes each).
const PARTS_BUDGET: usize = 16 << 20;

/// The figures prepared for the last few sets of filters, so that going
/// back to a view seen a moment ago (a filter switched off again, Back in
/// the browser, clearing the filters) costs no pass over the rows; and the
/// per-market (per-segment) parts that those filters are made of.
#[derive(Debug)]
pub struct PreparedCache {
    capacity: usize,
    /// Most recently used first. Each is found by the rows its filters
    /// select (resolved against the dataset), not by how they are written.
    entries: Vec<Arc<Prepared>>,
    /// Customers by market and by segment, made when first filtered.
    groups: Vec<(Attribute, CustomerGroups)>,
    /// The figures of one market's (segment's) customers under the other filters, most
    /// recently used first, within [`PARTS_BUDGET`].
    parts: Vec<Part>,
    /// The rows the other filters of the last parts select.
    others: Option<Arc<RowFilter>>,
    /// The figures without filters, kept apart from the recent ones: a
    /// filter of products takes its per-product figures from them.
    unfiltered: Option<Arc<Prepared>>,
}

#[derive(Debug)]
struct Part {
    attribute: Attribute,
    others: Selection,
    value: usize,
    monthly: Monthly,
}

/// The parts a filter of a customer attribute is made of.
struct Parts<'a> {
    attribute: Attribute,
    /// The selection of the other dimensions.
    others: Selection,
    /// The attribute's values allowed.
    values: &'a [usize],
}

/// Customers grouped by the value of an attribute.
#[derive(Debug)]
struct CustomerGroups {
    /// The customers whose every row has that value, by value id.
    only: Vec<Vec<u32>>,
    /// Customers whose rows have more than one value.
    mixed: Vec<u32>,
}

impl CustomerGroups {
    fn of(ds: &Dataset, attribute: Attribute) -> CustomerGroups {
        let mut only = vec![Vec::new(); attribute.values(ds)];
        let mut mixed = Vec::new();
        let ids = attribute.ids(ds);
        for c in 0..ds.customer_count() {
            let values = &ids[ds.rows_of(c)];
            match values.first() {
                Some(&v) if values.iter().all(|&x| x == v) => only[v as usize].push(c as u32),
                _ => mixed.push(c as u32),
            }
        }
        CustomerGroups { only, mixed }
    }
}

impl PreparedCache {
    pub fn new(capacity: usize) -> PreparedCache {
        PreparedCache {
            capacity: capacity.max(1),
            entries: Vec::new(),
            groups: Vec::new(),
            parts: Vec::new(),
            others: None,
            unfiltered: None,
        }
    }

    /// The figures for `filters`, prepared now or earlier for filters that
    /// select the same rows (the same values in another order, or every
    /// value of a dimension ticked instead of none).
    pub fn get(&mut self, ds: &Dataset, filters: &Filters) -> Result<Arc<Prepared>, RangeError> {
        let selection = Selection::new(filters, ds);
        let prepared = match self.position(&selection) {
            Some(i) => self.entries.remove(i),
            None if selection.is_all() => self.unfiltered(ds)?,
            None => Arc::new(self.prepare(ds, selection)?),
        };
        self.entries.insert(0, prepared.clone());
        self.entries.truncate(self.capacity);
        Ok(prepared)
    }

    /// Whether figures for `filters` are kept.
    pub fn contains(&self, ds: &Dataset, filters: &Filters) -> bool {
        self.position(&Selection::new(filters, ds)).is_some()
    }

    /// How many per-market and per-segment parts are kept.
    pub fn parts(&self) -> usize {
        self.parts.len()
    }

    fn position(&self, selection: &Selection) -> Option<usize> {
        self.entries.iter().position(|p| p.selection == *selection)
    }

    /// The figures without filters, kept once made.
    fn unfiltered(&mut self, ds: &Dataset) -> Result<Arc<Prepared>, RangeError> {
        if let Some(p) = &self.unfiltered {
            return Ok(p.clone());
        }
        let p = Arc::new(prepare(ds, &Filters::default())?);
        self.unfiltered = Some(p.clone());
        Ok(p)
    }

    fn prepare(&mut self, ds: &Dataset, selection: Selection) -> Result<Prepared, RangeError> {
        let months = check(ds)?;
        // Products only: each kept product's own figures are the unfiltered
        // ones (all its rows are selected), so the pass leaves them out. Not
        // with PGA repeats, whose seats depend on which other rows are
        // selected (spec 1.4).
        if let Some(kept) = selection
            .only_products()
            .filter(|_| ds.pga_duplicate.is_empty())
        {
            let all = self.unfiltered(ds)?;
            let filter = RowFilter::of(selection.clone(), ds);
            let mut monthly = pass::run_without_products(ds, &filter, months);
            monthly.products_from(ds, &all.monthly, kept);
            return Ok(Prepared::new(selection, Some(filter), monthly));
        }
        // Parts add up only when no subscription is counted under two
        // customers; and the parts of one filter must fit the budget.
        if let Some((attribute, allowed, others)) = selection.split_attribute() {
            let values: Vec<usize> = (0..allowed.len()).filter(|&v| allowed[v]).collect();
            let size = Monthly::cells(ds, months.len());
            if ds.unique_subscription_months && size * values.len() <= PARTS_BUDGET {
                let parts = Parts {
                    attribute,
                    others,
                    values: &values,
                };
                return Ok(self.sum_of_parts(ds, &selection, parts, months));
            }
        }
        let filter = RowFilter::of(selection.clone(), ds);
        let monthly = pass::run(ds, &filter, months);
        Ok(Prepared::new(selection, Some(filter), monthly))
    }

    /// The figures of `selection` as the sum of its markets' (segments')
    /// parts and of the customers whose rows disagree on it.
    fn sum_of_parts(
        &mut self,
        ds: &Dataset,
        selection: &Selection,
        parts: Parts<'_>,
        months: Window,
    ) -> Prepared {
        let Parts {
            attribute,
            others,
            values,
        } = parts;
        let split = match self.groups.iter().position(|(a, _)| *a == attribute) {
            Some(i) => &self.groups[i].1,
            None => {
                self.groups
                    .push((attribute, CustomerGroups::of(ds, attribute)));
                &self.groups.last().expect("just pushed").1
            }
        };
        let mut monthly = Monthly::empty(ds, months);
        for &value in values {
            let i =
                match self.parts.iter().position(|p| {
                    p.attribute == attribute && p.value == value && p.others == others
                }) {
                    Some(i) => i,
                    None => {
                        let filter = match &self.others {
                            Some(f) if *f.selection() == others => f.clone(),
                            _ => {
                                let f = Arc::new(RowFilter::of(others.clone(), ds));
                                self.others = Some(f.clone());
                                f
                            }
                        };
                        let customers = split.only[value].iter().map(|&c| c as usize);
                        let part = pass::run_customers(ds, &filter, months, customers);
                        self.parts.push(Part {
                            attribute,
                            others: others.clone(),
                            value,
                            monthly: part,
                        });
                        self.parts.len() - 1
                    }
                };
            let part = self.parts.remove(i);
            monthly.add(&part.monthly);
            self.parts.insert(0, part);
        }
        let mut filter = None;
        if !split.mixed.is_empty() {
            let f = RowFilter::of(selection.clone(), ds);
            let customers = split.mixed.iter().map(|&c| c as usize);
            monthly.add(&pass::run_customers(ds, &f, months, customers));
            filter = Some(f);
        }
        // Drop the least recently used parts beyond the budget.
        let mut size = 0;
        let keep = self
            .parts
            .iter()
            .take_while(|p| {
                size += Monthly::cells(ds, p.monthly.window.len());
                size <= PARTS_BUDGET
            })
            .count();
        self.parts.truncate(keep);
        Prepared::new(selection.clone(), filter, monthly)
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
        prepared.selection,
        Selection::new(&query.filters, ds),
        "prepared for other filters"
    );
    let range = range_offsets(ds, query)?;
    let customers = with_customers.then(|| prepared.customers(ds, range.last, query.thresholds));
    Ok(report::assemble(
        ds,
        rows,
        usage,
        &prepared.monthly,
        customers,
        range,
    ))
}
