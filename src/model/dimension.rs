//! The page-level filter dimensions (spec section 3). Each one's names
//! live here and nowhere else: its key in JSON and reports, its key in the
//! address, the command's flag and the message key of its label. Filters,
//! facets, the filter bar, the address and the command iterate over
//! [`Dimension::ALL`], so a new dimension is one variant here, one match
//! arm where the dataset says which column holds it (`metrics::filters`),
//! and its label in each language.

/// A dimension rows can be filtered on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dimension {
    Product,
    Segment,
    Market,
    PartnerLocation,
    AttributionType,
    SalesChannel,
}

impl Dimension {
    /// How many there are.
    pub const COUNT: usize = 6;

    /// Every dimension, in the order the filter bar shows them.
    pub const ALL: [Dimension; Dimension::COUNT] = [
        Dimension::Product,
        Dimension::Segment,
        Dimension::Market,
        Dimension::PartnerLocation,
        Dimension::AttributionType,
        Dimension::SalesChannel,
    ];

    /// Its place in [`Dimension::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its key in JSON and reports (`partner_location`).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::Product => "product",
            Dimension::Segment => "segment",
            Dimension::Market => "market",
            Dimension::PartnerLocation => "partner_location",
            Dimension::AttributionType => "attribution_type",
            Dimension::SalesChannel => "sales_channel",
        }
    }

    /// Its parameter in the page's address (`location`): short, and kept
    /// as it was first published so shared links go on working.
    pub fn url_key(self) -> &'static str {
        match self {
            Dimension::PartnerLocation => "location",
            Dimension::AttributionType => "attribution",
            Dimension::SalesChannel => "channel",
            other => other.key(),
        }
    }

    /// The `insights report` flag that filters on it (`--partner-location`).
    pub fn flag(self) -> String {
        format!("--{}", self.key().replace('_', "-"))
    }

    /// The message key of its label (`dimension.partner_location`).
    pub fn label_key(self) -> &'static str {
        match self {
            Dimension::Product => "dimension.product",
            Dimension::Segment => "dimension.segment",
            Dimension::Market => "dimension.market",
            Dimension::PartnerLocation => "dimension.partner_location",
            Dimension::AttributionType => "dimension.attribution_type",
            Dimension::SalesChannel => "dimension.sales_channel",
        }
    }

    /// The dimension of a JSON key, address key or flag (`--market`).
    pub fn find(name: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| {
            name == d.key()
                || name == d.url_key()
                || name.strip_prefix("--") == Some(&d.flag()[2..])
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_name_is_distinct_and_finds_its_dimension() {
        for (i, d) in Dimension::ALL.into_iter().enumerate() {
            assert_eq!(d.index(), i);
            for name in [d.key().to_string(), d.url_key().to_string(), d.flag()] {
                assert_eq!(Dimension::find(&name), Some(d), "{name}");
            }
            assert!(d.label_key().ends_with(d.key()));
        }
        let mut keys: Vec<&str> = Dimension::ALL.iter().map(|d| d.url_key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Dimension::COUNT);
        assert_eq!(Dimension::PartnerLocation.flag(), "--partner-location");
        assert_eq!(Dimension::find("pricing_model"), None);
    }
}
