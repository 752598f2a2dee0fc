//! The values a filter can take, each with the number of customers that
//! have at least one row with it anywhere in the file; and, for a filter's
//! drop-down, the number the page would count under each value
//! ([`facet_counts`]).

use std::ops::Index;

use crate::dataset::Dataset;
use crate::model::Dimension;

use super::filters::{values_of, Filters, RowFilter};

/// Per dimension, its values with their customer counts, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facets([Vec<(String, u64)>; Dimension::COUNT]);

impl Index<Dimension> for Facets {
    type Output = Vec<(String, u64)>;

    fn index(&self, d: Dimension) -> &Vec<(String, u64)> {
        &self.0[d.index()]
    }
}

/// Counts distinct customers per value id of one column.
fn count(ds: &Dataset, values: usize, id_of: impl Fn(usize) -> u32) -> Vec<u64> {
    let mut counts = vec![0u64; values];
    // The last customer counted under each value: rows come grouped by customer.
    let mut last = vec![u32::MAX; values];
    for c in 0..ds.customer_count() {
        for r in ds.rows_of(c) {
            let v = id_of(r) as usize;
            if last[v] != c as u32 {
                last[v] = c as u32;
                counts[v] += 1;
            }
        }
    }
    counts
}

/// Values with a customer (`keep_zero`: every value), by name; values
/// that share a name (a market written two ways) are one.
fn merged(names: Vec<String>, counts: Vec<u64>, keep_zero: bool) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = names
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| keep_zero || *n > 0)
        .collect();
    crate::order::sort_by(&mut list, |x, y| x.0.cmp(&y.0));
    let mut out: Vec<(String, u64)> = Vec::with_capacity(list.len());
    for (name, n) in list {
        match out.last_mut() {
            Some(last) if last.0 == name => last.1 += n,
            _ => out.push((name, n)),
        }
    }
    out
}

pub fn facets(ds: &Dataset) -> Facets {
    Facets(Dimension::ALL.map(|d| {
        let (names, id_of) = values_of(ds, d);
        let counts = count(ds, names.len(), id_of);
        merged(names, counts, false)
    }))
}

/// What the page counts under each value of `d` in data month `month` (an
/// offset): the customers with an active row there that has the value and
/// passes the other filters, which is the Customers tile once the value
/// alone is ticked (spec 3 and 4). Every value of the file, by name, zeros
/// included.
pub fn facet_counts(
    ds: &Dataset,
    filters: &Filters,
    d: Dimension,
    month: usize,
) -> Vec<(String, u64)> {
    let mut others = filters.clone();
    others[d].clear();
    let filter = RowFilter::new(&others, ds);
    let (names, id_of) = values_of(ds, d);
    let mut counts = vec![0u64; names.len()];
    let mut last = vec![u32::MAX; names.len()];
    for c in 0..ds.customer_count() {
        for r in ds.rows_in_month(c, month) {
            if ds.active.get(r) && filter.selects(r) {
                let v = id_of(r) as usize;
                if last[v] != c as u32 {
                    last[v] = c as u32;
                    counts[v] += 1;
                }
            }
        }
    }
    merged(names, counts, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_customers_not_rows() {
        let csv = "Month,CustomerTenantId,Product,CustomerMarket\n2024-01,a,Azure,US\n2024-02,a,Azure,USA\n2024-01,b,Azure,DE\n2024-01,b,Office 365,DE\n";
        let ds = crate::ingest::load_customers(csv.as_bytes())
            .unwrap()
            .dataset;
        let f = facets(&ds);
        assert_eq!(
            f[Dimension::Product],
            vec![("Azure".to_string(), 2), ("Office 365".to_string(), 1)]
        );
        assert_eq!(
            f[Dimension::Market],
            vec![("Germany".to_string(), 1), ("United States".to_string(), 1)]
        );
        assert_eq!(f[Dimension::Segment], vec![("Unknown".to_string(), 2)]);
    }

    #[test]
    fn a_values_count_is_the_customers_tile_with_that_value_alone_ticked() {
        use crate::metrics::{report, Query, RowCounts};
        let text = std::fs::read("public/data/customers.csv").unwrap();
        let ds = crate::ingest::load_customers(&text[..]).unwrap().dataset;
        let last = ds.month_count - 1;
        let others = [
            Filters::default(),
            Filters::default().with(Dimension::Segment, ["Corporate"]),
            Filters::default()
                .with(Dimension::Product, ["Azure", "Microsoft 365"])
                .with(Dimension::Market, ["United States", "Germany"]),
        ];
        for filters in &others {
            for (d, month) in [
                (Dimension::Product, last),
                (Dimension::Market, last),
                (Dimension::Segment, last - 5),
                (Dimension::PartnerLocation, last),
                (Dimension::SalesChannel, last - 2),
            ] {
                let counts = facet_counts(&ds, filters, d, month);
                assert!(counts.iter().any(|(_, n)| *n > 0));
                for (value, n) in counts.iter().take(6) {
                    let mut alone = filters.clone();
                    alone[d] = vec![value.clone()];
                    let query = Query {
                        from: Some(ds.month_at(month)),
                        to: Some(ds.month_at(month)),
                        filters: alone,
                        ..Query::default()
                    };
                    let r = report(&ds, RowCounts::default(), None, &query).unwrap();
                    assert_eq!(
                        Some(*n),
                        r.summary.customers.value,
                        "{d:?} {value} {filters:?}"
                    );
                }
            }
        }
    }
}
