//! Page-level filters (spec section 3): sets of allowed values that select rows.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Dict, TextColumn, UNKNOWN};
use crate::model::lookup_country;

/// Allowed values per dimension; an empty list means no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Filters {
    pub product: Vec<String>,
    pub segment: Vec<String>,
    /// Countries in any form the input accepts ("US", "United States", ...).
    pub market: Vec<String>,
    pub partner_location: Vec<String>,
    pub attribution_type: Vec<String>,
    pub sales_channel: Vec<String>,
}

impl Filters {
    /// The same filters with each dimension's values sorted and once:
    /// the same values chosen in another order compare equal.
    pub fn canonical(&self) -> Filters {
        let sorted = |values: &Vec<String>| {
            let mut v = values.clone();
            crate::order::sort_by(&mut v, |x, y| x.cmp(y));
            v.dedup();
            v
        };
        Filters {
            product: sorted(&self.product),
            segment: sorted(&self.segment),
            market: sorted(&self.market),
            partner_location: sorted(&self.partner_location),
            attribution_type: sorted(&self.attribution_type),
            sales_channel: sorted(&self.sales_channel),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.product.is_empty()
            && self.segment.is_empty()
            && self.market.is_empty()
            && self.partner_location.is_empty()
            && self.attribution_type.is_empty()
            && self.sales_channel.is_empty()
    }
}

/// Filters resolved to dictionary ids of one dataset: per dimension, the
/// allowed ids. A dimension that allows every value of the dataset is left
/// out, so two sets of filters that select the same rows (every product
/// ticked, or none) resolve to the same selection and share their figures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    product: Option<Vec<bool>>,
    segment: Option<Vec<bool>>,
    market: Option<Vec<bool>>,
    partner_location: Option<Vec<bool>>,
    attribution: Option<Vec<bool>>,
    channel: Option<Vec<bool>>,
}

/// An attribute of the customer, written on each of its rows: the filters of
/// one select customers whole, unless a customer's rows disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    Market,
    Segment,
}

impl Attribute {
    /// Each row's value id.
    pub fn ids(self, ds: &Dataset) -> &[u32] {
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

fn column(values: &[String], column: &TextColumn) -> Option<Vec<bool>> {
    dict(values, &column.dict)
}

fn dict(values: &[String], dict: &Dict) -> Option<Vec<bool>> {
    mask(values, dict.len(), |v| dict.get(v))
}

impl Selection {
    pub fn new(filters: &Filters, ds: &Dataset) -> Selection {
        let market = (!filters.market.is_empty())
            .then(|| {
                let wanted: Vec<String> = filters
                    .market
                    .iter()
                    .map(|m| match lookup_country(m) {
                        Some(country) => country.name.to_string(),
                        None => key(m).to_string(),
                    })
                    .collect();
                ds.markets
                    .iter()
                    .map(|m| wanted.contains(&m.name))
                    .collect::<Vec<bool>>()
            })
            .filter(|mask| !mask.iter().all(|&a| a));
        Selection {
            product: dict(&filters.product, &ds.products),
            segment: column(&filters.segment, &ds.segment),
            market,
            partner_location: column(&filters.partner_location, &ds.partner_location),
            attribution: column(&filters.attribution_type, &ds.attribution),
            channel: column(&filters.sales_channel, &ds.channel),
        }
    }

    /// The values allowed of a customer attribute, if it is filtered (market
    /// first, else segment), and the selection of the other dimensions.
    pub fn split_attribute(&self) -> Option<(Attribute, &[bool], Selection)> {
        let (attribute, allowed) = match (&self.market, &self.segment) {
            (Some(m), _) => (Attribute::Market, m),
            (None, Some(s)) => (Attribute::Segment, s),
            (None, None) => return None,
        };
        let mut others = self.clone();
        match attribute {
            Attribute::Market => others.market = None,
            Attribute::Segment => others.segment = None,
        }
        Some((attribute, allowed, others))
    }

    /// The products allowed, when products are the only filter.
    pub fn only_products(&self) -> Option<&[bool]> {
        let others = Selection {
            product: None,
            ..self.clone()
        };
        others.is_all().then_some(self.product.as_deref()).flatten()
    }

    /// Whether every row is selected.
    pub fn is_all(&self) -> bool {
        self.product.is_none()
            && self.segment.is_none()
            && self.market.is_none()
            && self.partner_location.is_none()
            && self.attribution.is_none()
            && self.channel.is_none()
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
    // Products are read through the plan: a mask of plans.
    let plans = selection.product.as_ref().map(|allowed| {
        ds.plans
            .iter()
            .map(|p| allowed[p.product as usize])
            .collect::<Vec<bool>>()
    });
    let dimensions: [(&Option<Vec<bool>>, &[u32]); 6] = [
        (&plans, &ds.plan),
        (&selection.segment, &ds.segment.ids),
        (&selection.market, &ds.market),
        (&selection.partner_location, &ds.partner_location.ids),
        (&selection.attribution, &ds.attribution.ids),
        (&selection.channel, &ds.channel.ids),
    ];
    for (mask, ids) in dimensions {
        let Some(mask) = mask else { continue };
        for (word, ids) in bits.iter_mut().zip(ids.chunks(64)) {
            let mut allowed = 0u64;
            for (i, &id) in ids.iter().enumerate() {
                allowed |= u64::from(mask[id as usize]) << i;
            }
            *word &= allowed;
        }
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;

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
        let filters = Filters {
            product: vec!["Azure".into()],
            segment: vec!["Enterprise".into()],
            ..Filters::default()
        };
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
        let every = Filters {
            product: vec!["Office 365".into(), "Azure".into()],
            // Any form of a country, and a value not in the data.
            market: vec!["United States".into(), "de".into(), "FR".into()],
            ..Filters::default()
        };
        assert_eq!(Selection::new(&every, &ds), none);
        assert!(RowFilter::new(&every, &ds).all);
        let one = Filters {
            market: vec!["DE".into()],
            ..every
        };
        let selection = Selection::new(&one, &ds);
        assert_ne!(selection, none);
        let filter = RowFilter::of(selection, &ds);
        assert!(!filter.all);
        let rows: Vec<usize> = (0..ds.rows()).filter(|&r| filter.selects(r)).collect();
        assert_eq!(rows, vec![1]);
    }
}
