//! Where rows go: the customers sink builds the dataset, the usage data is
//! its own sink.

use super::reading::{infer_product, normalise_id};
use super::Row;
use crate::dataset::{DatasetBuilder, Market, RowValues, UsageData, UNKNOWN};
use crate::model::{Field, MonthResolver};

/// Receives the rows of a table.
pub trait Sink {
    /// Reads a row's fields and keeps the row, or records on it why it is
    /// rejected and returns false.
    fn read(&mut self, row: &mut Row<'_>) -> bool;

    /// The whole file is read: turns the rows' month codes into months,
    /// dropping the rows whose month the file's date order makes invalid
    /// (the loader reports them).
    fn resolve_months(&mut self, months: &MonthResolver);

    /// Room for about `rows` more rows, once the loader can tell how many
    /// the file holds: columns grown to their size at once instead of
    /// doubling past it (issue 26: a tab's memory).
    fn reserve(&mut self, _rows: usize) {}
}

#[derive(Default)]
pub struct CustomerSink {
    pub(super) builder: DatasetBuilder,
    /// Raw market text -> market id, so each distinct value is normalised once.
    pub(super) markets: crate::dataset::Dict,
    pub(super) market_ids: Vec<u32>,
}

impl CustomerSink {
    fn market_id(&mut self, raw: &str) -> u32 {
        let key = self.markets.intern(raw) as usize;
        if key < self.market_ids.len() {
            return self.market_ids[key];
        }
        let market = if raw.is_empty() {
            Market {
                name: UNKNOWN.to_string(),
                iso2: None,
            }
        } else if let Some(country) = crate::model::countries::lookup(raw) {
            Market {
                name: country.name.to_string(),
                iso2: Some(country.alpha2),
            }
        } else {
            Market {
                name: raw.to_string(),
                iso2: None,
            }
        };
        let id = self.builder.market_id(market);
        self.market_ids.push(id);
        id
    }
}

impl Sink for CustomerSink {
    fn reserve(&mut self, rows: usize) {
        self.builder.reserve(rows);
    }

    fn resolve_months(&mut self, months: &MonthResolver) {
        self.builder.resolve_months(months.clone());
    }

    fn read(&mut self, row: &mut Row<'_>) -> bool {
        let month = row.month(Field::Month);
        let customer = row.required(Field::CustomerTenantId).map(normalise_id);
        let available = row.count(Field::AvailableSeats);
        let assigned = row.count(Field::AssignedSeats);
        let active_users = row.count(Field::ActiveUsers);
        let (Some(month), Some(customer)) = (month, customer) else {
            return false;
        };
        if !row.errors.is_empty() {
            return false;
        }
        let market = self.market_id(row.text(Field::CustomerMarket));
        let sku = row.text(Field::Sku);
        let product = if row.has_column(Field::Product) {
            row.text(Field::Product)
        } else {
            infer_product(sku)
        };
        self.builder.push(RowValues {
            month,
            customer: &customer,
            name: row.text(Field::CustomerName),
            market,
            segment: row.text(Field::CustomerSegment),
            product,
            sku,
            subscription: &normalise_id(row.text(Field::SubscriptionId)),
            active: !row.has_column(Field::SubscriptionStatus)
                || row
                    .text(Field::SubscriptionStatus)
                    .eq_ignore_ascii_case("active"),
            status: row.text(Field::SubscriptionStatus),
            trial: row.flag(Field::IsTrial),
            partner_location: row.text(Field::PartnerLocation),
            attribution: row.text(Field::PartnerAttributionType),
            channel: row.text(Field::SalesChannel),
            pricing: row.text(Field::PricingModel),
            available,
            assigned,
            active_users,
            pga_duplicate: row.flag(Field::IsDuplicateRowForPga),
        });
        true
    }
}

// One per load, read row by row: the reader stays inline, not boxed.

impl Sink for UsageData {
    fn resolve_months(&mut self, months: &MonthResolver) {
        self.resolve_months(months);
    }

    fn read(&mut self, row: &mut Row<'_>) -> bool {
        let month = row.month(Field::Month);
        let customer = row.required(Field::CustomerTenantId).map(normalise_id);
        let workload = row.required(Field::WorkloadName);
        let licenses = row.count(Field::PaidAvailableUnits);
        let active_users = row.count(Field::MonthlyActiveUsers);
        match (month, customer, workload) {
            (Some(month), Some(customer), Some(workload)) if row.errors.is_empty() => {
                self.push(month, &customer, workload, licenses, active_users);
                true
            }
            _ => false,
        }
    }
}
