//! One colour per value across every chart: "Corporate" is the same
//! colour in Distribution and in Distribution trend, "Azure" the same in
//! the donut, its button and its SKU bars, whatever the range or filters.
//!
//! A dimension's values take the palette in order of how many customers
//! have them anywhere in the file (most first), so the values most charts
//! show have colours of their own; past the palette's length colours
//! repeat. "Other" (the values a trend sums) is grey.

use serde_json::Value;

use super::PALETTE;
use crate::dataset::Dataset;
use crate::metrics::{Entry, Facets, Report};
use crate::model::Dimension;

/// The grey of "Other".
pub const OTHER: &str = "#9aa3ad";

/// Which values a chart breaks down by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Breakdown {
    Of(Dimension),
    PricingModel,
}

/// Value names, most customers first (then by name).
fn by_rank(mut values: Vec<(String, u64)>) -> Vec<String> {
    crate::order::sort_by(&mut values, |a, b| {
        b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
    });
    values.into_iter().map(|(name, _)| name).collect()
}

/// The colour of every value of a dataset, per breakdown.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Colours {
    /// Per dimension (in [`Dimension::ALL`] order), then pricing models:
    /// value names by rank.
    ranked: Vec<Vec<String>>,
}

impl Colours {
    #[inline]
    pub fn of(ds: &Dataset, facets: &Facets) -> Colours {
        let mut ranked: Vec<Vec<String>> = Dimension::ALL
            .iter()
            .map(|&d| by_rank(facets[d].clone()))
            .collect();
        // Pricing models are no filter: counted here, customers per value.
        let mut counts = vec![0u64; ds.pricing.dict.len()];
        let mut last = vec![u32::MAX; counts.len()];
        for c in 0..ds.customer_count() {
            for r in ds.rows_of(c) {
                let v = ds.pricing.id(r);
                if let Some(slot) = last.get_mut(v as usize) {
                    if *slot != c as u32 {
                        *slot = c as u32;
                        counts[v as usize] += 1;
                    }
                }
            }
        }
        ranked.push(by_rank(
            ds.pricing
                .dict
                .iter()
                .map(|(id, name)| (name.to_string(), counts[id as usize]))
                .collect(),
        ));
        Colours { ranked }
    }

    /// The colours of a report opened in the page, which has no rows:
    /// each dimension's values ranked by the customers the report counts
    /// under them (its range and filters, not the whole file's).
    pub fn of_report(report: &Report) -> Colours {
        let entries = |list: &[Entry]| -> Vec<(String, u64)> {
            list.iter().map(|e| (e.key.clone(), e.value)).collect()
        };
        let d = &report.distribution;
        let of = |dim: Dimension| match dim {
            Dimension::Product => entries(&report.summary.customers_by_product),
            Dimension::Segment => entries(&d.segment),
            Dimension::Market => report
                .geography
                .iter()
                .map(|c| (c.country.clone(), c.customers))
                .collect(),
            Dimension::PartnerLocation => entries(&d.partner_location),
            Dimension::AttributionType => entries(&d.attribution_type),
            Dimension::SalesChannel => entries(&d.sales_channel),
        };
        let mut ranked: Vec<Vec<String>> =
            Dimension::ALL.iter().map(|&dim| by_rank(of(dim))).collect();
        ranked.push(by_rank(entries(&d.pricing_model)));
        Colours { ranked }
    }

    /// The colour of `value` in `breakdown`; `None` for a value the file
    /// does not have (the chart's own palette order then applies).
    #[inline]
    pub fn get(&self, breakdown: Breakdown, value: &str) -> Option<&'static str> {
        let list = match breakdown {
            Breakdown::Of(d) => self.ranked.get(d.index())?,
            Breakdown::PricingModel => self.ranked.last()?,
        };
        let at = list.iter().position(|v| v == value)?;
        Some(PALETTE[at % PALETTE.len()])
    }

    /// Gives each series (a bar or line per value) and each pie slice of
    /// `option` its value's colour; `other` names the series that sums
    /// the rest.
    #[inline]
    pub fn paint(&self, option: &mut Value, breakdown: Breakdown, other: &str) {
        let colour = |name: &str| {
            if name == other {
                Some(OTHER)
            } else {
                self.get(breakdown, name)
            }
        };
        for series in option["series"].as_array_mut().into_iter().flatten() {
            if series["type"] == "pie" {
                for item in series["data"].as_array_mut().into_iter().flatten() {
                    if let Some(c) = item["name"].as_str().and_then(colour) {
                        item["itemStyle"]["color"] = c.into();
                    }
                }
            } else if let Some(c) = series["name"].as_str().and_then(colour) {
                series["itemStyle"]["color"] = c.into();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{distribution, distribution_trend, products};
    use crate::metrics::{report, Filters, Query, RowCounts};

    #[test]
    fn a_value_has_one_colour_in_every_chart_whatever_the_filters() {
        let text = std::fs::read("public/data/customers.csv").unwrap();
        let ds = crate::ingest::load_customers(&text[..]).unwrap().dataset;
        let facets = crate::metrics::facets(&ds);
        let colours = Colours::of(&ds, &facets);
        let l = crate::l10n::reference();
        let segment = Breakdown::Of(Dimension::Segment);
        let colour_of = |option: &Value, name: &str| -> Option<String> {
            option["series"].as_array().unwrap().iter().find_map(|s| {
                if s["type"] == "pie" {
                    s["data"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|i| i["name"] == name)
                        .map(|i| i["itemStyle"]["color"].as_str().unwrap().to_string())
                } else {
                    (s["name"] == name)
                        .then(|| s["itemStyle"]["color"].as_str().unwrap().to_string())
                }
            })
        };
        let mut seen = Vec::new();
        for filters in [
            Filters::default(),
            Filters::default().with(Dimension::Segment, ["Education", "Government"]),
            Filters::default().with(Dimension::Product, ["Azure"]),
        ] {
            let query = Query {
                filters,
                ..Query::default()
            };
            let r = report(&ds, RowCounts::default(), None, &query).unwrap();
            let mut bars = distribution(l, &r.distribution.segment);
            colours.paint(&mut bars, segment, "Other");
            let mut stacks = distribution_trend(l, &r.distribution_trend.segment);
            colours.paint(&mut stacks, segment, "Other");
            let mut donut = products(l, &r.products, None);
            colours.paint(&mut donut, Breakdown::Of(Dimension::Product), "Other");
            for e in &r.distribution.segment {
                let (a, b) = (colour_of(&bars, &e.key), colour_of(&stacks, &e.key));
                assert_eq!(a, b, "{}", e.key);
                seen.push((e.key.clone(), a.unwrap()));
            }
            for p in &r.products {
                seen.push((p.product.clone(), colour_of(&donut, &p.product).unwrap()));
            }
        }
        // The same value, the same colour, under every filter.
        for (name, colour) in &seen {
            assert!(seen.iter().all(|(n, c)| n != name || c == colour), "{name}");
        }
        // The most common segment takes the palette's first colour.
        let first = facets[Dimension::Segment]
            .iter()
            .max_by_key(|(_, n)| *n)
            .unwrap();
        assert_eq!(colours.get(segment, &first.0), Some(PALETTE[0]));
        assert_eq!(colours.get(segment, "No such segment"), None);
    }
}
