//! Page-level filters (spec section 3): sets of allowed values that select rows.

use std::ops::{Index, IndexMut};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::dataset::{Codes, CodesRef, Dataset, Dict, TextColumn, UNKNOWN};
use crate::model::{lookup_country, Dimension};

/// Allowed values per dimension; an empty list means no filter. Indexed
/// by [`Dimension`]: `filters[Dimension::Market]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Markets may be written in any form the input accepts ("US",
    /// "United States", ...).
    values: [Vec<String>; Dimension::COUNT],
}

impl Index<Dimension> for Filters {
    type Output = Vec<String>;

    fn index(&self, d: Dimension) -> &Vec<String> {
        &self.values[d.index()]
    }
}

impl IndexMut<Dimension> for Filters {
    fn index_mut(&mut self, d: Dimension) -> &mut Vec<String> {
        &mut self.values[d.index()]
    }
}

impl Filters {
    /// These filters with `values` allowed on `d` (added to any already).
    pub fn with<V: Into<String>>(
        mut self,
        d: Dimension,
        values: impl IntoIterator<Item = V>,
    ) -> Filters {
        self[d].extend(values.into_iter().map(Into::into));
        self
    }

    /// Each dimension with its allowed values, in [`Dimension::ALL`] order.
    pub fn iter(&self) -> impl Iterator<Item = (Dimension, &Vec<String>)> {
        Dimension::ALL.into_iter().map(move |d| (d, &self[d]))
    }

    /// The same filters with each dimension's values sorted and once:
    /// the same values chosen in another order compare equal.
    pub fn canonical(&self) -> Filters {
        let mut out = self.clone();
        for values in &mut out.values {
            crate::order::sort_by(values, |x, y| x.cmp(y));
            values.dedup();
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.values.iter().all(Vec::is_empty)
    }
}

/// `{"product": [...], "segment": [...], ...}`, every dimension by its key.
impl Serialize for Filters {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(Dimension::COUNT))?;
        for (d, values) in self.iter() {
            map.serialize_entry(d.key(), values)?;
        }
        map.end()
    }
}

/// Where the dataset keeps a dimension's value of each row: the one place
/// that ties a [`Dimension`] to the data.
enum Column<'a> {
    /// Through the row's plan (product and SKU).
    Product,
    /// The row's market, one of [`Dataset::markets`]; a filter names a
    /// market by its display name in any form a country is written.
    Market,
    /// A dictionary column.
    Text(&'a TextColumn),
}

fn column(ds: &Dataset, d: Dimension) -> Column<'_> {
    match d {
        Dimension::Product => Column::Product,
        Dimension::Segment => Column::Text(&ds.segment),
        Dimension::Market => Column::Market,
        Dimension::PartnerLocation => Column::Text(&ds.partner_location),
        Dimension::AttributionType => Column::Text(&ds.attribution),
        Dimension::SalesChannel => Column::Text(&ds.channel),
    }
}

/// Each value of `d` in the dataset, with the id rows carry for it: the
/// filter values and facets of a dimension.
pub(crate) fn values_of(
    ds: &Dataset,
    d: Dimension,
) -> (Vec<String>, Box<dyn Fn(usize) -> u32 + '_>) {
    match column(ds, d) {
        Column::Product => (
            ds.products.iter().map(|(_, n)| n.to_string()).collect(),
            Box::new(move |r| ds.product_of(r)),
        ),
        Column::Market => (
            ds.markets.iter().map(|m| m.name.clone()).collect(),
            Box::new(move |r| ds.market.get(r)),
        ),
        Column::Text(c) => (
            c.dict.iter().map(|(_, n)| n.to_string()).collect(),
            Box::new(move |r| c.id(r)),
        ),
    }
}

/// Filters resolved to dictionary ids of one dataset: per dimension, the
/// allowed ids. A dimension that allows every value of the dataset is left
/// out, so two sets of filters that select the same rows (every product
/// ticked, or none) resolve to the same selection and share their figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    allowed: [Option<Vec<bool>>; Dimension::COUNT],
}

/// An attribute of the customer, written on each of its rows: the filters of
/// one select customers whole, unless a customer's rows disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    Market,
    Segment,
}

impl Attribute {
    /// The filter dimension it is.
    pub fn dimension(self) -> Dimension {
        match self {
            Attribute::Market => Dimension::Market,
            Attribute::Segment => Dimension::Segment,
        }
    }

    /// Each row's value id.
    pub fn ids(self, ds: &Dataset) -> &Codes {
        match self {
            Attribute::Market => &ds.market,
            Attribute::Segment => &ds.segment.ids,
        }
    }

    /// How many values it has.
    pub fn values(self, ds: &Dataset) -> usize {
        match self {
            Attribute::Market => ds.markets.len(),
            Attribute::Segment => ds.segment.dict.len(),
        }
    }
}

/// The rows a [`Selection`] selects, as bits.
#[derive(Debug, Clone)]
pub struct RowFilter {
    selection: Selection,
    /// True when no dimension is filtered.
    pub all: bool,
    /// The selected rows as bits (empty when `all`): the dimensions are
    /// checked once per filter change, in one tight loop each.
    rows: Vec<u64>,
}

/// A breakdown key as stored: trimmed, with empty read as "Unknown".
fn key(value: &str) -> &str {
    match value.trim() {
        "" => UNKNOWN,
        v => v,
    }
}

/// The ids `values` allow among `len`; `None` (no filter) when nothing is
/// asked for or every id is allowed.
fn mask(
    values: &[String],
    len: usize,
    mut id: impl FnMut(&str) -> Option<u32>,
) -> Option<Vec<bool>> {
    if values.is_empty() {
        return None;
    }
    let mut mask = vec![false; len];
    for value in values {
        if let Some(id) = id(key(value)) {
            mask[id as usize] = true;
        }
    }
    (!mask.iter().all(|&a| a)).then_some(mask)
}

fn dict(values: &[String], dict: &Dict) -> Option<Vec<bool>> {
    mask(values, dict.len(), |v| dict.get(v))
}

/// The markets `values` allow: a value in any form of a country allows
/// every market of that country's name; another value, the markets
/// written so.
fn markets(values: &[String], ds: &Dataset) -> Option<Vec<bool>> {
    if values.is_empty() {
        return None;
    }
    let wanted: Vec<String> = values
        .iter()
        .map(|m| match lookup_country(m) {
            Some(country) => country.name.to_string(),
            None => key(m).to_string(),
        })
        .collect();
    let mask: Vec<bool> = ds
        .markets
        .iter()
        .map(|m| wanted.contains(&m.name))
        .collect();
    (!mask.iter().all(|&a| a)).then_some(mask)
}

impl Selection {
    pub fn new(filters: &Filters, ds: &Dataset) -> Selection {
        Selection {
            allowed: Dimension::ALL.map(|d| {
                let values = &filters[d];
                match column(ds, d) {
                    Column::Product => dict(values, &ds.products),
                    Column::Market => markets(values, ds),
                    Column::Text(c) => dict(values, &c.dict),
                }
            }),
        }
    }

    /// The values allowed of a customer attribute, if it is filtered (market
    /// first, else segment), and the selection of the other dimensions.
    pub fn split_attribute(&self) -> Option<(Attribute, &[bool], Selection)> {
        let attribute = [Attribute::Market, Attribute::Segment]
            .into_iter()
            .find(|a| self.allowed[a.dimension().index()].is_some())?;
        let slot = attribute.dimension().index();
        let mut others = self.clone();
        others.allowed[slot] = None;
        Some((attribute, self.allowed[slot].as_deref()?, others))
    }

    /// The products allowed, when products are the only filter.
    pub fn only_products(&self) -> Option<&[bool]> {
        let product = Dimension::Product.index();
        let others_all = self
            .allowed
            .iter()
            .enumerate()
            .all(|(i, a)| i == product || a.is_none());
        others_all
            .then_some(self.allowed[product].as_deref())
            .flatten()
    }

    /// Whether every row is selected.
    pub fn is_all(&self) -> bool {
        self.allowed.iter().all(Option::is_none)
    }
}

impl RowFilter {
    pub fn new(filters: &Filters, ds: &Dataset) -> RowFilter {
        RowFilter::of(Selection::new(filters, ds), ds)
    }

    pub fn of(selection: Selection, ds: &Dataset) -> RowFilter {
        let all = selection.is_all();
        let rows = if all {
            Vec::new()
        } else {
            select(&selection, ds)
        };
        RowFilter {
            selection,
            all,
            rows,
        }
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    #[inline(always)]
    pub fn selects(&self, row: usize) -> bool {
        self.all || self.rows[row / 64] & (1 << (row % 64)) != 0
    }

    /// Whether any of `rows` is selected.
    pub fn selects_any(&self, rows: std::ops::Range<usize>) -> bool {
        if rows.is_empty() {
            return false;
        }
        if self.all {
            return true;
        }
        let (a, b) = (rows.start / 64, (rows.end - 1) / 64);
        let head = u64::MAX << (rows.start % 64);
        let tail = u64::MAX >> (63 - (rows.end - 1) % 64);
        if a == b {
            return self.rows[a] & head & tail != 0;
        }
        self.rows[a] & head != 0
            || self.rows[a + 1..b].iter().any(|&w| w != 0)
            || self.rows[b] & tail != 0
    }
}

/// The rows every filtered dimension allows, as bits.
fn select(selection: &Selection, ds: &Dataset) -> Vec<u64> {
    let mut bits = vec![u64::MAX; ds.rows().div_ceil(64)];
    match ds.rows() % 64 {
        0 => {}
        n => *bits.last_mut().expect("rows") = (1 << n) - 1,
    }
    for d in Dimension::ALL {
        let Some(allowed) = &selection.allowed[d.index()] else {
            continue;
        };
        // Products are read through the plan: a mask of plans.
        let plans: Vec<bool>;
        let (mask, ids): (&[bool], &Codes) = match column(ds, d) {
            Column::Product => {
                plans = ds
                    .plans
                    .iter()
                    .map(|p| allowed[p.product as usize])
                    .collect();
                (&plans, &ds.plan)
            }
            Column::Market => (allowed, &ds.market),
            Column::Text(c) => (allowed, &c.ids),
        };
        match ids.as_ref() {
            CodesRef::U8(ids) => and_allowed(&mut bits, mask, ids),
            CodesRef::U16(ids) => and_allowed(&mut bits, mask, ids),
            CodesRef::U32(ids) => and_allowed(&mut bits, mask, ids),
        }
    }
    bits
}

/// Clears the bits of rows whose id `mask` does not allow: one tight loop
/// for each width of ids.
fn and_allowed<T: Copy + Into<u32>>(bits: &mut [u64], mask: &[bool], ids: &[T]) {
    for (word, ids) in bits.iter_mut().zip(ids.chunks(64)) {
        let mut allowed = 0u64;
        for (i, &id) in ids.iter().enumerate() {
            allowed |= u64::from(mask[id.into() as usize]) << i;
        }
        *word &= allowed;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::model::Dimension;

    #[test]
    fn selected_rows_are_those_every_filtered_dimension_allows() {
        // 70 rows, so the selection spans two words; customer c0 has rows
        // 0..35 and c1 rows 35..70 (grouped by customer).
        let mut csv =
            String::from("Month,CustomerTenantId,CustomerMarket,CustomerSegment,Product\n");
        for i in 0..70 {
            let (customer, segment) = if i % 2 == 0 {
                ("c0", "SMB")
            } else {
                ("c1", "Enterprise")
            };
            let product = if i % 7 == 0 { "Azure" } else { "Office 365" };
            csv.push_str(&format!("2024-01,{customer},US,{segment},{product}\n"));
        }
        let ds = ingest::load_customers(csv.as_bytes())
            .expect("a file")
            .dataset;
        let filters = Filters::default()
            .with(Dimension::Product, ["Azure"])
            .with(Dimension::Segment, ["Enterprise"]);
        let filter = RowFilter::new(&filters, &ds);
        let expected: Vec<usize> = (0..ds.rows())
            .filter(|&r| {
                ds.segment.value(r) == "Enterprise" && ds.products.name(ds.product_of(r)) == "Azure"
            })
            .collect();
        let got: Vec<usize> = (0..ds.rows()).filter(|&r| filter.selects(r)).collect();
        assert_eq!(got, expected);
        assert_eq!(got.len(), 5); // rows 7, 21, 35, 49, 63 of the file
        assert!(!filter.selects_any(ds.rows_of(0)));
        assert!(filter.selects_any(ds.rows_of(1)));
        let first = got[0];
        assert!(filter.selects_any(first..first + 1));
        assert!(!filter.selects_any(first + 1..got[1]));
        assert!(!filter.selects_any(first..first));
        let all = RowFilter::new(&Filters::default(), &ds);
        assert!(all.selects_any(0..1) && (0..ds.rows()).all(|r| all.selects(r)));
    }

    #[test]
    fn a_dimension_with_every_value_allowed_is_no_filter() {
        let csv = "Month,CustomerTenantId,CustomerMarket,CustomerSegment,Product\n\
                   2024-01,c0,US,SMB,Azure\n\
                   2024-01,c1,DE,Enterprise,Office 365\n";
        let ds = ingest::load_customers(csv.as_bytes())
            .expect("a file")
            .dataset;
        let none = Selection::new(&Filters::default(), &ds);
        let every = Filters::default()
            .with(Dimension::Product, ["Office 365", "Azure"])
            .with(Dimension::Market, ["United States", "de", "FR"]);
        assert_eq!(Selection::new(&every, &ds), none);
        assert!(RowFilter::new(&every, &ds).all);
        let mut one = every;
        one[Dimension::Market] = vec!["DE".into()];
        let selection = Selection::new(&one, &ds);
        assert_ne!(selection, none);
        let filter = RowFilter::of(selection, &ds);
        assert!(!filter.all);
        let rows: Vec<usize> = (0..ds.rows()).filter(|&r| filter.selects(r)).collect();
        assert_eq!(rows, vec![1]);
    }

    #[test]
    fn filters_are_indexed_and_written_by_dimension() {
        let f = Filters::default()
            .with(Dimension::SalesChannel, ["EA", "CSP"])
            .with(Dimension::Market, ["DE"]);
        assert_eq!(f[Dimension::SalesChannel], vec!["EA", "CSP"]);
        assert!(f[Dimension::Product].is_empty() && !f.is_empty());
        assert_eq!(f.canonical()[Dimension::SalesChannel], vec!["CSP", "EA"]);
        let keys: Vec<&str> = Dimension::ALL.iter().map(|d| d.key()).collect();
        let json = serde_json::to_value(&f).unwrap();
        let written: Vec<&str> = json
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(written, sorted);
        assert_eq!(json["market"], serde_json::json!(["DE"]));
    }
}
