//! The values a filter can take, each with the number of customers that
//! have at least one row with it anywhere in the file.

use serde::Serialize;

use crate::dataset::Dataset;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    pub product: Vec<(String, u64)>,
    pub segment: Vec<(String, u64)>,
    pub market: Vec<(String, u64)>,
    pub partner_location: Vec<(String, u64)>,
    pub attribution_type: Vec<(String, u64)>,
    pub sales_channel: Vec<(String, u64)>,
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

fn sorted(mut list: Vec<(String, u64)>) -> Vec<(String, u64)> {
    list.retain(|(_, n)| *n > 0);
    crate::order::sort_by(&mut list, |x, y| x.0.cmp(&y.0));
    list
}

pub fn facets(ds: &Dataset) -> Facets {
    let named =
        |names: Vec<String>, counts: Vec<u64>| sorted(names.into_iter().zip(counts).collect());
    let dict = |d: &crate::dataset::Dict| d.iter().map(|(_, n)| n.to_string()).collect::<Vec<_>>();
    // Markets that share a display name are one filter value.
    let market_counts = count(ds, ds.markets.len(), |r| ds.market[r]);
    let mut market: Vec<(String, u64)> = Vec::new();
    for (m, n) in ds.markets.iter().zip(market_counts) {
        match market.iter_mut().find(|(k, _)| *k == m.name) {
            Some(entry) => entry.1 += n,
            None => market.push((m.name.clone(), n)),
        }
    }
    Facets {
        product: named(
            dict(&ds.products),
            count(ds, ds.products.len(), |r| ds.product_of(r)),
        ),
        segment: named(
            dict(&ds.segment.dict),
            count(ds, ds.segment.dict.len(), |r| ds.segment.ids[r]),
        ),
        market: sorted(market),
        partner_location: named(
            dict(&ds.partner_location.dict),
            count(ds, ds.partner_location.dict.len(), |r| {
                ds.partner_location.ids[r]
            }),
        ),
        attribution_type: named(
            dict(&ds.attribution.dict),
            count(ds, ds.attribution.dict.len(), |r| ds.attribution.ids[r]),
        ),
        sales_channel: named(
            dict(&ds.channel.dict),
            count(ds, ds.channel.dict.len(), |r| ds.channel.ids[r]),
        ),
    }
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
            f.product,
            vec![("Azure".to_string(), 2), ("Office 365".to_string(), 1)]
        );
        assert_eq!(
            f.market,
            vec![("Germany".to_string(), 1), ("United States".to_string(), 1)]
        );
        assert_eq!(f.segment, vec![("Unknown".to_string(), 2)]);
    }
}
