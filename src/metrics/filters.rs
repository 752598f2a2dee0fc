//! Page-level filters (spec section 3): sets of allowed values that select rows.

use serde::{Deserialize, Serialize};

use crate::dataset::{Dataset, Dict, TextColumn, UNKNOWN};
use crate::ingest::lookup_country;

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
    pub fn is_empty(&self) -> bool {
        self.product.is_empty()
            && self.segment.is_empty()
            && self.market.is_empty()
            && self.partner_location.is_empty()
            && self.attribution_type.is_empty()
            && self.sales_channel.is_empty()
    }
}

/// Filters resolved to dictionary ids of one dataset.
#[derive(Debug, Clone)]
pub struct RowFilter {
    product: Option<Vec<bool>>,
    segment: Option<Vec<bool>>,
    market: Option<Vec<bool>>,
    partner_location: Option<Vec<bool>>,
    attribution: Option<Vec<bool>>,
    channel: Option<Vec<bool>>,
    /// True when no dimension is filtered.
    pub all: bool,
}

/// A breakdown key as stored: trimmed, with empty read as "Unknown".
fn key(value: &str) -> &str {
    match value.trim() {
        "" => UNKNOWN,
        v => v,
    }
}

fn allowed(values: &[String], dict: &Dict) -> Option<Vec<bool>> {
    if values.is_empty() {
        return None;
    }
    let mut mask = vec![false; dict.len()];
    for value in values {
        if let Some(id) = dict.get(key(value)) {
            mask[id as usize] = true;
        }
    }
    Some(mask)
}

fn column(values: &[String], column: &TextColumn) -> Option<Vec<bool>> {
    allowed(values, &column.dict)
}

impl RowFilter {
    pub fn new(filters: &Filters, ds: &Dataset) -> RowFilter {
        let market = (!filters.market.is_empty()).then(|| {
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
                .collect()
        });
        let f = RowFilter {
            product: allowed(&filters.product, &ds.products),
            segment: column(&filters.segment, &ds.segment),
            market,
            partner_location: column(&filters.partner_location, &ds.partner_location),
            attribution: column(&filters.attribution_type, &ds.attribution),
            channel: column(&filters.sales_channel, &ds.channel),
            all: false,
        };
        let all = f.product.is_none()
            && f.segment.is_none()
            && f.market.is_none()
            && f.partner_location.is_none()
            && f.attribution.is_none()
            && f.channel.is_none();
        RowFilter { all, ..f }
    }

    #[inline]
    pub fn selects(&self, ds: &Dataset, row: usize) -> bool {
        fn ok(mask: &Option<Vec<bool>>, id: u32) -> bool {
            mask.as_ref().is_none_or(|m| m[id as usize])
        }
        self.all
            || (ok(&self.product, ds.product_of(row))
                && ok(&self.segment, ds.segment.ids[row])
                && ok(&self.market, ds.market[row])
                && ok(&self.partner_location, ds.partner_location.ids[row])
                && ok(&self.attribution, ds.attribution.ids[row])
                && ok(&self.channel, ds.channel.ids[row]))
    }
}
