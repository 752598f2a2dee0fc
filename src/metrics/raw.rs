//! The rows behind the figures: the selected rows of the range, month by
//! month, under the input's own column names.

use crate::dataset::{Dataset, NO_VALUE, UNKNOWN};
use crate::model::Field;

use super::filters::RowFilter;
use super::{resolve_range, Query, RangeError};

/// Header and rows. Values are as the engine holds them: months as
/// `YYYY-MM`, markets normalised, an empty breakdown value empty again.
pub fn raw_rows(
    ds: &Dataset,
    query: &Query,
) -> Result<(Vec<String>, Vec<Vec<String>>), RangeError> {
    let (from, to) = resolve_range(ds, query.from, query.to)?;
    let (a, b) = (
        ds.month_index(from).unwrap_or(0),
        ds.month_index(to).unwrap_or(0),
    );
    let filter = RowFilter::new(&query.filters, ds);
    // The dataset holds no line numbers (4 bytes a row: issue 26), so the
    // rows come by month, then customer in the order the file first names
    // them, then file order: a file written month by month, as Partner
    // Center writes its exports, comes back in its own order.
    let mut rows: Vec<usize> = (0..ds.rows())
        .filter(|&r| (a..=b).contains(&(ds.month.get(r) as usize)) && filter.selects(r))
        .collect();
    crate::order::sort_by_key(&mut rows, |&r| ds.month.get(r));
    let customer_of = |r: usize| {
        ds.customer_rows
            .partition_point(|&start| start as usize <= r)
            - 1
    };
    let text = |value: &str| {
        if value == UNKNOWN {
            String::new()
        } else {
            value.to_string()
        }
    };
    let header = ds.columns.iter().map(|(_, name)| name.clone()).collect();
    let body = rows
        .into_iter()
        .map(|r| {
            let plan = ds.plans[ds.plan.get(r) as usize];
            ds.columns
                .iter()
                .map(|(field, _)| match field {
                    Field::Month => ds.month_at(ds.month.get(r) as usize).to_string(),
                    Field::CustomerTenantId => ds.customers.name(customer_of(r) as u32).to_string(),
                    Field::CustomerName => ds.name.value(r).to_string(),
                    Field::CustomerMarket => text(&ds.markets[ds.market.get(r) as usize].name),
                    Field::CustomerSegment => text(ds.segment.value(r)),
                    Field::Product => text(ds.products.name(plan.product)),
                    Field::Sku => text(ds.skus.name(plan.sku)),
                    Field::SubscriptionId => {
                        let id = ds.subscription.value(r);
                        if id.contains('\u{1f}') {
                            String::new()
                        } else {
                            id.to_string()
                        }
                    }
                    Field::SubscriptionStatus => ds.status.value(r).to_string(),
                    Field::PartnerLocation => text(ds.partner_location.value(r)),
                    Field::PartnerAttributionType => text(ds.attribution.value(r)),
                    Field::SalesChannel => text(ds.channel.value(r)),
                    Field::PricingModel => match ds.pricing.id(r) {
                        NO_VALUE => String::new(),
                        id => ds.pricing.dict.name(id).to_string(),
                    },
                    Field::AvailableSeats => ds.available.get(r).to_string(),
                    Field::AssignedSeats => ds.assigned.get(r).to_string(),
                    Field::ActiveUsers => ds.active_users.get(r).to_string(),
                    Field::IsTrial => if ds.trial.get(r) { "true" } else { "false" }.to_string(),
                    Field::IsDuplicateRowForPga => {
                        let flagged = !ds.pga_duplicate.is_empty() && ds.pga_duplicate.get(r);
                        if flagged { "1" } else { "0" }.to_string()
                    }
                    Field::WorkloadName | Field::PaidAvailableUnits | Field::MonthlyActiveUsers => {
                        String::new()
                    }
                })
                .collect()
        })
        .collect();
    Ok((header, body))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::load_customers;
    use crate::metrics::Filters;
    use crate::model::Dimension;
    use crate::model::Month;

    #[test]
    fn selected_rows_of_the_range_by_month_under_the_input_names() {
        let csv = "Date;Customer Id;Market;Product;Available Seats;Extra\n\
                   1/1/2024;b;USA;Azure;1;x\n2024-02;a;DE;Office 365;2;y\n2024-03;b;USA;;3;z\n2024-02;b;USA;Azure;4;w\n";
        let ds = load_customers(csv.as_bytes()).unwrap().dataset;
        let query = Query {
            from: Month::parse("2024-02"),
            ..Query::default()
        };
        let (header, rows) = raw_rows(&ds, &query).unwrap();
        assert_eq!(
            header,
            [
                "Date",
                "Customer Id",
                "Market",
                "Product",
                "Available Seats"
            ]
        );
        assert_eq!(
            rows,
            [
                // By month; in a month, b first: the file names it first.
                ["2024-02", "b", "United States", "Azure", "4"],
                ["2024-02", "a", "Germany", "Office 365", "2"],
                ["2024-03", "b", "United States", "", "3"],
            ]
        );
        let azure = Query {
            filters: Filters::default().with(Dimension::Product, ["Azure"]),
            ..Query::default()
        };
        assert_eq!(raw_rows(&ds, &azure).unwrap().1.len(), 2);
    }
}
