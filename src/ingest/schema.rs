//! Field names and their aliases, and matching them against a header.

use crate::model::field::{Field, FIELD_COUNT};

pub struct FieldSpec {
    pub field: Field,
    /// Canonical name first, then the aliases in order of preference.
    pub names: &'static [&'static str],
    pub required: bool,
    /// A column that, when the header has it, is read before every name
    /// above (spec 1.4: AvailableSeatsEOP holds the seats whenever it is
    /// there, and AvailableSeats beside it is a month-on-month difference).
    pub preferred: Option<&'static str>,
}

pub struct Schema {
    pub fields: &'static [FieldSpec],
}

const fn spec(field: Field, names: &'static [&'static str], required: bool) -> FieldSpec {
    FieldSpec {
        field,
        names,
        required,
        preferred: None,
    }
}

/// The subscription-month records of spec 1.2, with the columns of the
/// other reports and APIs of spec 1.4.
pub static CUSTOMERS: Schema = Schema {
    fields: &[
        spec(
            Field::Month,
            &["Month", "Date", "MonthKey", "processedDateTime"],
            true,
        ),
        spec(
            Field::CustomerTenantId,
            &["CustomerTenantId", "CustomerId", "CustomerTenantID"],
            true,
        ),
        spec(Field::CustomerName, &["CustomerName"], false),
        spec(
            Field::CustomerMarket,
            &[
                "CustomerMarket",
                "Market",
                "Country",
                "CustomerCountry",
                "CustomerTenantCountry",
            ],
            false,
        ),
        spec(
            Field::CustomerSegment,
            &["CustomerSegment", "Segment"],
            false,
        ),
        spec(
            Field::Product,
            &["Product", "ProductName", "SubscriptionType"],
            false,
        ),
        spec(Field::Sku, &["SKU", "SkuName", "RawProductName"], false),
        spec(
            Field::SubscriptionId,
            &["SubscriptionId", "SubscriptionGuid", "SubscriptionID"],
            false,
        ),
        spec(
            Field::SubscriptionStatus,
            &[
                "SubscriptionStatus",
                "SubscriptionState",
                "Status",
                "CustomerStatus",
            ],
            false,
        ),
        spec(
            Field::PartnerLocation,
            &[
                "PartnerLocation",
                "PartnerLocationId",
                "MPNId",
                "MpnId",
                "PartnerId",
            ],
            false,
        ),
        spec(
            Field::PartnerAttributionType,
            &[
                "PartnerAttributionType",
                "AttributionType",
                "PartnerAttachType",
            ],
            false,
        ),
        spec(
            Field::SalesChannel,
            &["SalesChannel", "Channel", "SalesModel"],
            false,
        ),
        spec(
            Field::PricingModel,
            &["PricingModel", "AzurePricingModel"],
            false,
        ),
        FieldSpec {
            preferred: Some("AvailableSeatsEOP"),
            ..spec(
                Field::AvailableSeats,
                &[
                    "AvailableSeats",
                    "TotalSoldSeats",
                    "LicensesSold",
                    "PaidAvailableUnits",
                    "AvailableSeatsEOP",
                ],
                false,
            )
        },
        spec(
            Field::AssignedSeats,
            &["AssignedSeats", "TotalAssignedSeats", "LicensesDeployed"],
            false,
        ),
        spec(
            Field::ActiveUsers,
            &[
                "ActiveUsers",
                "ActiveSeats",
                "MonthlyActiveUsers",
                "LicensesActive",
                "CPORActiveUsers",
                "licenseActive",
            ],
            false,
        ),
        spec(
            Field::IsTrial,
            &["IsTrial", "Trial", "FreeVsPaidSKU"],
            false,
        ),
        spec(
            Field::IsDuplicateRowForPga,
            &["IsDuplicateRowForPGA"],
            false,
        ),
    ],
};

/// The workload usage records of spec 1.3.
pub static USAGE: Schema = Schema {
    fields: &[
        spec(
            Field::Month,
            &["Month", "Date", "MonthKey", "processedDateTime"],
            true,
        ),
        spec(
            Field::CustomerTenantId,
            &["CustomerTenantId", "CustomerId", "CustomerTenantID"],
            true,
        ),
        spec(
            Field::WorkloadName,
            &["WorkloadName", "Workload", "WorkloadCode"],
            true,
        ),
        spec(Field::PaidAvailableUnits, &["PaidAvailableUnits"], false),
        spec(Field::MonthlyActiveUsers, &["MonthlyActiveUsers"], false),
    ],
};

/// A header name as compared: lower case without spaces, underscores or hyphens.
pub fn normalise_header(name: &str) -> String {
    name.trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Which column of a header holds each field.
pub struct Columns {
    /// Column index per field (indexed by `Field as usize`).
    pub index: [Option<usize>; FIELD_COUNT],
    /// The header's own spelling per field, for messages.
    pub names: [Option<String>; FIELD_COUNT],
}

impl Schema {
    /// Matches a header: the first of a field's names present wins, and of
    /// duplicated header names the leftmost. Lists the required fields that
    /// no name matches.
    pub fn resolve(&self, header: &[String]) -> Result<Columns, Vec<&'static str>> {
        let normalised: Vec<String> = header.iter().map(|h| normalise_header(h)).collect();
        let mut columns = Columns {
            index: [None; FIELD_COUNT],
            names: Default::default(),
        };
        let mut missing = Vec::new();
        for spec in self.fields {
            let found = spec.preferred.iter().chain(spec.names).find_map(|name| {
                let wanted = normalise_header(name);
                normalised.iter().position(|h| *h == wanted)
            });
            match found {
                Some(i) => {
                    columns.index[spec.field as usize] = Some(i);
                    columns.names[spec.field as usize] = Some(header[i].trim().to_string());
                }
                None if spec.required => missing.push(spec.names[0]),
                None => {}
            }
        }
        if missing.is_empty() {
            Ok(columns)
        } else {
            Err(missing)
        }
    }

    pub fn canonical(&self, field: Field) -> &'static str {
        self.fields
            .iter()
            .find(|s| s.field == field)
            .map_or("?", |s| s.names[0])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn names_match_ignoring_case_spaces_underscores_and_hyphens() {
        for spelling in [
            "CustomerTenantId",
            "customertenantid",
            "Customer Tenant Id",
            "customer_tenant-id",
            " CUSTOMER TENANT ID ",
        ] {
            let cols = CUSTOMERS.resolve(&header(&["Month", spelling])).unwrap();
            assert_eq!(
                cols.index[Field::CustomerTenantId as usize],
                Some(1),
                "{spelling}"
            );
        }
    }

    #[test]
    fn every_alias_of_every_field_is_recognised() {
        for schema in [&CUSTOMERS, &USAGE] {
            for spec in schema.fields {
                for name in spec.names {
                    let mut cols = vec![name.to_string()];
                    for other in schema
                        .fields
                        .iter()
                        .filter(|o| o.required && o.field != spec.field)
                    {
                        cols.push(other.names[0].to_string());
                    }
                    let resolved = schema.resolve(&cols).unwrap();
                    assert_eq!(resolved.index[spec.field as usize], Some(0), "{name}");
                }
            }
        }
    }

    #[test]
    fn the_first_alias_in_table_order_wins_wherever_it_stands() {
        let cols = CUSTOMERS
            .resolve(&header(&[
                "Country",
                "Month",
                "Market",
                "CustomerId",
                "CustomerMarket",
            ]))
            .unwrap();
        assert_eq!(cols.index[Field::CustomerMarket as usize], Some(4));
        let cols = CUSTOMERS
            .resolve(&header(&["Country", "Month", "Market", "CustomerId"]))
            .unwrap();
        assert_eq!(cols.index[Field::CustomerMarket as usize], Some(2));
    }

    #[test]
    fn of_duplicated_columns_the_leftmost_wins() {
        let cols = CUSTOMERS
            .resolve(&header(&["Month", "Product", "CustomerId", "product"]))
            .unwrap();
        assert_eq!(cols.index[Field::Product as usize], Some(1));
    }

    #[test]
    fn missing_required_columns_are_named() {
        assert_eq!(
            CUSTOMERS.resolve(&header(&["Product", "Seats"])).err(),
            Some(vec!["Month", "CustomerTenantId"])
        );
        assert_eq!(
            USAGE.resolve(&header(&["Date", "CustomerId"])).err(),
            Some(vec!["WorkloadName"])
        );
    }
}
