//! The fields a Partner Center file can carry, by their canonical names
//! (spec section 1); `ingest::schema` lists the column names each is read from.

/// Every field either input file can carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Month,
    CustomerTenantId,
    CustomerName,
    CustomerMarket,
    CustomerSegment,
    Product,
    Sku,
    SubscriptionId,
    SubscriptionStatus,
    PartnerLocation,
    PartnerAttributionType,
    SalesChannel,
    PricingModel,
    AvailableSeats,
    AssignedSeats,
    ActiveUsers,
    IsTrial,
    IsDuplicateRowForPga,
    WorkloadName,
    PaidAvailableUnits,
    MonthlyActiveUsers,
}

pub const FIELD_COUNT: usize = Field::MonthlyActiveUsers as usize + 1;
