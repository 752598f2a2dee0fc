//! The values a filter can take, each with the number of customers that
//! have at least one row with it anywhere in the file.

use std::ops::Index;

use crate::dataset::Dataset;
use crate::model::Dimension;

use super::filters::values_of;

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

/// Values with a customer, by name; values that share a name (a market
/// written two ways) are one.
fn merged(names: Vec<String>, counts: Vec<u64>) -> Vec<(String, u64)> {
    let mut list: Vec<(String, u64)> = names
        .into_iter()
        .zip(counts)
        .filter(|(_, n)| *n > 0)
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
        merged(names, counts)
    }))
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
}
