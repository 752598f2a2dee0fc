//! Figures prepared once per set of filters, for every data month: the
//! dashboard keeps them, so a change of range only reassembles the report,
//! and keeps the last few sets, so going back to one costs nothing.
//!
//! A market (or segment) filter is also answered from parts: the figures of
//! each market's customers (those whose every row is in that market) under
//! the other filters, kept per market. Every figure is a sum over customers,
//! so ticking one more country costs a pass over that country's customers
//! only, plus the customers who changed market, whom no part holds.
//!
//! A filter of products is answered from parts too: the figures without
//! filters of the customers with the same set of products. A customer all
//! of whose products are ticked counts as it does without filters, one
//! with none of them ticked not at all, so only the customers with some
//! products ticked and some not need a pass.

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
    /// Customers by their set of products, made when products are first
    /// filtered.
    product_sets: Option<ProductSets>,
    /// The figures of one market's (segment's) customers under the other
    /// filters, or of one set of products' customers, most recently used
    /// first, within [`PARTS_BUDGET`].
    parts: Vec<Part>,
    /// The rows the other filters of the last parts select.
    others: Option<Arc<RowFilter>>,
    /// The figures without filters, kept apart from the recent ones: a
    /// filter of products takes its per-product figures from them.
    unfiltered: Option<Arc<Prepared>>,
}

#[derive(Debug)]
struct Part {
    of: PartOf,
    monthly: Monthly,
}

/// Whose figures a part holds.
#[derive(Debug, PartialEq)]
enum PartOf {
    /// The customers whose every row has one value of a market (segment),
    /// under the other filters.
    Value {
        attribute: Attribute,
        others: Selection,
        value: usize,
    },
    /// The customers whose rows have these products (a bit a product id)
    /// and no other, without filters.
    Products(u64),
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
            let mut values = ds.rows_of(c).map(|r| ids.get(r));
            match values.next() {
                Some(v) if values.all(|x| x == v) => only[v as usize].push(c as u32),
                _ => mixed.push(c as u32),
            }
        }
        CustomerGroups { only, mixed }
    }
}

/// Customers grouped by the products of their rows.
#[derive(Debug)]
struct ProductSets {
    /// Each set of products (a bit a product id) and its customers.
    sets: Vec<(u64, Vec<u32>)>,
}

impl ProductSets {
    /// `None` when some product id does not fit a bit of a `u64`.
    fn of(ds: &Dataset) -> Option<ProductSets> {
        if ds.products.len() > 64 {
            return None;
        }
        let mut sets: Vec<(u64, Vec<u32>)> = Vec::new();
        let mut index = crate::hash::Map::default();
        for c in 0..ds.customer_count() {
            let set = ds
                .rows_of(c)
                .fold(0u64, |set, r| set | 1 << ds.product_of(r));
            let i = *index.entry(set).or_insert_with(|| {
                sets.push((set, Vec::new()));
                sets.len() - 1
            });
            sets[i].1.push(c as u32);
        }
        Some(ProductSets { sets })
    }

    /// Whether the parts of every set fit the budget together.
    fn fit(&self, ds: &Dataset, months: Window) -> bool {
        Monthly::cells(ds, months.len()).saturating_mul(self.sets.len()) <= PARTS_BUDGET
    }
}

impl PreparedCache {
    pub fn new(capacity: usize) -> PreparedCache {
        PreparedCache {
            capacity: capacity.max(1),
            entries: Vec::new(),
            groups: Vec::new(),
            product_sets: None,
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

    /// The figures without filters, kept once made: where they can be,
    /// the sum of every set of products' part, which filters of products
    /// then take their parts from.
    fn unfiltered(&mut self, ds: &Dataset) -> Result<Arc<Prepared>, RangeError> {
        if let Some(p) = &self.unfiltered {
            return Ok(p.clone());
        }
        let months = check(ds)?;
        let p = Arc::new(match self.every_product_set(ds, months) {
            Some(monthly) => Prepared::new(Selection::new(&Filters::default(), ds), None, monthly),
            None => prepare(ds, &Filters::default())?,
        });
        self.unfiltered = Some(p.clone());
        Ok(p)
    }

    /// The figures without filters as the sum of the parts of every set of
    /// products, made in passes that together walk each customer once:
    /// when parts add up and all of them fit the budget.
    fn every_product_set(&mut self, ds: &Dataset, months: Window) -> Option<Monthly> {
        if !ds.unique_subscription_months {
            return None;
        }
        if self.product_sets.is_none() {
            self.product_sets = ProductSets::of(ds);
        }
        let sets = self.product_sets.take()?;
        let monthly = sets.fit(ds, months).then(|| {
            let mut monthly = Monthly::empty(ds, months);
            for (set, customers) in &sets.sets {
                monthly.add(self.product_part(ds, *set, customers, months));
            }
            monthly
        });
        self.product_sets = Some(sets);
        self.trim_parts(ds);
        monthly
    }

    fn prepare(&mut self, ds: &Dataset, selection: Selection) -> Result<Prepared, RangeError> {
        let months = check(ds)?;
        // Products only, when parts add up: the customers with some
        // products ticked and some not are walked, the others come from
        // their set of products' part.
        if let Some(kept) = selection
            .only_products()
            .filter(|_| ds.unique_subscription_months)
        {
            // Made first: it makes the parts of every set of products, and
            // the pass below takes its per-product figures from it.
            self.unfiltered(ds)?;
            if let Some(sets) = self.product_sets.take_if(|sets| sets.fit(ds, months)) {
                let kept = kept.to_vec();
                let prepared = self.sum_of_product_parts(ds, &sets, selection, &kept, months);
                self.product_sets = Some(sets);
                return prepared;
            }
        }
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
        let i = match self.groups.iter().position(|(a, _)| *a == attribute) {
            Some(i) => i,
            None => {
                self.groups
                    .push((attribute, CustomerGroups::of(ds, attribute)));
                self.groups.len() - 1
            }
        };
        let groups = std::mem::take(&mut self.groups);
        let split = &groups[i].1;
        let mut monthly = Monthly::empty(ds, months);
        // The rows the other filters select, made when a part is.
        let mut filter_of_others = self.others.take().filter(|f| *f.selection() == others);
        for &value in values {
            let of = PartOf::Value {
                attribute,
                others: others.clone(),
                value,
            };
            let part = self.part(of, || {
                let filter = filter_of_others
                    .get_or_insert_with(|| Arc::new(RowFilter::of(others.clone(), ds)));
                let customers = split.only[value].iter().map(|&c| c as usize);
                pass::run_customers(ds, filter, months, customers)
            });
            monthly.add(part);
        }
        self.others = filter_of_others;
        let mut filter = None;
        if !split.mixed.is_empty() {
            let f = RowFilter::of(selection.clone(), ds);
            let customers = split.mixed.iter().map(|&c| c as usize);
            monthly.add(&pass::run_customers(ds, &f, months, customers));
            filter = Some(f);
        }
        self.groups = groups;
        self.trim_parts(ds);
        Prepared::new(selection.clone(), filter, monthly)
    }

    /// The figures of a filter of products (`kept`, by product id): each
    /// set of products within it from its part, the customers with some
    /// products ticked and some not by a pass. That pass leaves out the
    /// per-product figures, which are those without filters for the
    /// products kept (all their rows are selected); not with PGA repeats,
    /// whose seats depend on which other rows are selected (spec 1.4).
    fn sum_of_product_parts(
        &mut self,
        ds: &Dataset,
        sets: &ProductSets,
        selection: Selection,
        kept: &[bool],
        months: Window,
    ) -> Result<Prepared, RangeError> {
        let ticked = (0..kept.len())
            .filter(|&p| kept[p])
            .fold(0u64, |set, p| set | 1 << p);
        let mut monthly = Monthly::empty(ds, months);
        let mut mixed = Vec::new();
        for (set, customers) in &sets.sets {
            if set & ticked == 0 {
                continue;
            }
            if set & !ticked != 0 {
                mixed.extend(customers.iter().map(|&c| c as usize));
                continue;
            }
            monthly.add(self.product_part(ds, *set, customers, months));
        }
        crate::order::sort_by_key(&mut mixed, |&c| c);
        let filter = RowFilter::of(selection.clone(), ds);
        if ds.pga_duplicate.is_empty() {
            let all = self.unfiltered(ds)?;
            monthly.add(&pass::run_customers_without_products(
                ds, &filter, months, mixed,
            ));
            monthly.products_from(ds, &all.monthly, kept);
        } else {
            monthly.add(&pass::run_customers(ds, &filter, months, mixed));
        }
        self.trim_parts(ds);
        Ok(Prepared::new(selection, Some(filter), monthly))
    }

    /// The part of the customers with the products `set`: their figures
    /// without filters.
    fn product_part(
        &mut self,
        ds: &Dataset,
        set: u64,
        customers: &[u32],
        months: Window,
    ) -> &Monthly {
        self.part(PartOf::Products(set), || {
            let everything = RowFilter::of(Selection::new(&Filters::default(), ds), ds);
            let customers = customers.iter().map(|&c| c as usize);
            pass::run_customers(ds, &everything, months, customers)
        })
    }

    /// The part `of`, made now if it is not kept, and marked as the most
    /// recently used.
    fn part(&mut self, of: PartOf, make: impl FnOnce() -> Monthly) -> &Monthly {
        let part = match self.parts.iter().position(|p| p.of == of) {
            Some(i) => self.parts.remove(i),
            None => Part {
                monthly: make(),
                of,
            },
        };
        self.parts.insert(0, part);
        &self.parts[0].monthly
    }

    /// Drops the least recently used parts beyond the budget.
    fn trim_parts(&mut self, ds: &Dataset) {
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
        query,
    ))
}
