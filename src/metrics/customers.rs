//! The dashboard's customer list: every customer of a range under the
//! filters, one line each, with where it stands at the range's end and
//! what it holds (spec sections 4 and 6; the choices the spec leaves open
//! are in docs/decisions.md, "Customer list").

use std::sync::Arc;

use serde::Serialize;

use crate::dataset::Dataset;
use crate::model::{Month, Window};

use super::filters::RowFilter;
use super::pass::Seats;
use super::report::SeatFigures;
use super::{range_offsets, Query, RangeError};

/// Where a customer stands in the range's last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    /// A customer with active users.
    Active,
    /// A customer without active users.
    Inactive,
    /// A customer whose activity the data cannot tell (no ActiveUsers
    /// column and no usage file: spec 1.4).
    Customer,
    /// A customer in the range that is none in its last month.
    Churned,
}

impl Standing {
    pub const ALL: [Standing; 4] = [
        Standing::Active,
        Standing::Inactive,
        Standing::Customer,
        Standing::Churned,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Inactive => "inactive",
            Standing::Customer => "customer",
            Standing::Churned => "churned",
        }
    }
}

/// One customer of the list. Its holdings (products, subscriptions,
/// seats) are those of `as_of`: the range's last month, or for a churned
/// customer its last month as a customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerLine {
    pub customer_id: Arc<str>,
    pub name: Arc<str>,
    pub standing: Standing,
    /// Market and segment as of the range's last month (spec 4).
    pub market: Arc<str>,
    pub iso2: Option<&'static str>,
    pub segment: Arc<str>,
    /// Products with an active row in `as_of`, by name.
    pub products: Vec<Arc<str>>,
    /// Distinct subscriptions with an active row in `as_of`.
    pub subscriptions: u32,
    #[serde(flatten)]
    pub figures: SeatFigures,
    pub as_of: Month,
    /// The last month of the range in which it was new.
    pub added: Option<Month>,
    /// For a churned customer, the month it churned in.
    pub churned: Option<Month>,
}

/// [`customer_list`] of a query's range and filters.
pub fn customer_list_for(ds: &Dataset, query: &Query) -> Result<Vec<CustomerLine>, RangeError> {
    let range = range_offsets(ds, query)?;
    Ok(customer_list(
        ds,
        &RowFilter::new(&query.filters, ds),
        range,
    ))
}

const CUSTOMER: u8 = 1;
const USERS: u8 = 2;

/// The customers of `range` under `filter`: those that are customers in a
/// month of the range, and those that churned in it, in order of tenant id.
pub fn customer_list(ds: &Dataset, filter: &RowFilter, range: Window) -> Vec<CustomerLine> {
    let window = range.back_by(1);
    let (first, last, len) = (window.first, window.last, window.len());
    let known = ds.measures();
    let markets: Vec<Arc<str>> = ds
        .markets
        .iter()
        .map(|m| Arc::from(m.name.as_str()))
        .collect();
    let mut flags = vec![0u8; len];
    // Each window month's rows of the customer (empty when it has none).
    let mut spans = vec![0..0; len];
    let mut out = Vec::new();
    for &c in &ds.customers_by_id {
        let c = c as usize;
        let rows = ds.rows_of(c);
        if !filter.selects_any(rows.clone()) {
            continue;
        }
        flags.fill(0);
        spans.fill(0..0);
        // The row whose attributes apply at the range's end.
        let mut attribute_row = None;
        let mut r = rows.start;
        while r < rows.end {
            let m = ds.month.get(r) as usize;
            if m > last {
                break;
            }
            let mut end = r + 1;
            while end < rows.end && ds.month.get(end) as usize == m {
                end += 1;
            }
            let mut state = 0u8;
            let mut users = false;
            for s in r..end {
                if !filter.selects(s) {
                    continue;
                }
                attribute_row = Some(s);
                if m >= first {
                    users |= Seats::of_counted(ds, filter, s, r..end).active_users > 0;
                    if ds.active.get(s) {
                        state |= CUSTOMER;
                    }
                }
            }
            if m >= first && state & CUSTOMER != 0 {
                if users || ds.usage_shows_activity(c, m) {
                    state |= USERS;
                }
                flags[m - first] = state;
                spans[m - first] = r..end;
            }
            r = end;
        }
        let Some(attribute_row) = attribute_row else {
            continue;
        };
        let is = |m: usize| flags[m - first] & CUSTOMER != 0;
        // New and churned need the month before; the first data month has
        // none (spec 4).
        let changes = range.months().filter(|&m| m > 0 && m > first);
        let (mut added, mut churned) = (None, None);
        for m in changes {
            match (is(m - 1), is(m)) {
                (false, true) => added = Some(m),
                (true, false) => churned = Some(m),
                _ => {}
            }
        }
        let at_end = is(last);
        let in_range = range.months().any(is);
        if !in_range && churned.is_none() {
            continue;
        }
        let (standing, as_of) = if at_end {
            let standing = if !known.active_customers {
                Standing::Customer
            } else if flags[last - first] & USERS != 0 {
                Standing::Active
            } else {
                Standing::Inactive
            };
            (standing, last)
        } else {
            let held = (first..=last)
                .rev()
                .find(|&m| is(m))
                .expect("a customer once");
            (Standing::Churned, held)
        };
        let held = spans[as_of - first].clone();
        let (products, subscriptions, seats) = holdings(ds, filter, held);
        out.push(CustomerLine {
            customer_id: ds.customers.shared(c as u32),
            name: ds.display_name_shared(attribute_row, c),
            standing,
            market: markets[ds.market.get(attribute_row) as usize].clone(),
            iso2: ds.markets[ds.market.get(attribute_row) as usize].iso2,
            segment: ds.segment.dict.shared(ds.segment.id(attribute_row)),
            products: products
                .into_iter()
                .map(|p| ds.products.shared(p))
                .collect(),
            subscriptions,
            figures: SeatFigures::of(&seats, known),
            as_of: ds.month_at(as_of),
            added: added.map(|m| ds.month_at(m)),
            churned: (!at_end).then(|| churned.map(|m| ds.month_at(m))).flatten(),
        });
    }
    out
}

/// A customer-month's products (by name), distinct subscriptions and
/// seats, over its selected rows `rows`.
fn holdings(
    ds: &Dataset,
    filter: &RowFilter,
    rows: std::ops::Range<usize>,
) -> (Vec<u32>, u32, Seats) {
    let mut products = Vec::new();
    let mut subscriptions = Vec::new();
    let mut seats = Seats::default();
    for s in rows.clone() {
        if !filter.selects(s) {
            continue;
        }
        seats.merge(Seats::of_counted(ds, filter, s, rows.clone()));
        if ds.active.get(s) {
            products.push(ds.product_of(s));
            subscriptions.push(ds.subscription.id(s));
        }
    }
    crate::order::sort_by_key(&mut subscriptions, |&s| s);
    subscriptions.dedup();
    crate::order::sort_by_key(&mut products, |&p| ds.products.name(p));
    products.dedup();
    (products, subscriptions.len() as u32, seats)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::metrics::{report, Filters, Query, RowCounts};
    use crate::model::Dimension;

    const CSV: &str = "Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,SubscriptionStatus,AvailableSeats,AssignedSeats,ActiveUsers\n\
        2024-01,c1,One,US,Corporate,Office 365,E3,s1,Active,10,8,6\n\
        2024-01,c2,Two,DE,SMB,Azure,Plan,s2,Active,0,0,0\n\
        2024-02,c1,One,US,Corporate,Office 365,E3,s1,Active,10,8,6\n\
        2024-02,c1,One,US,Corporate,Azure,Plan,s3,Active,0,0,0\n\
        2024-02,c2,Two,DE,SMB,Azure,Plan,s2,Active,0,0,0\n\
        2024-03,c1,One Renamed,FR,Corporate,Office 365,E3,s1,Active,10,4,0\n\
        2024-03,c3,Three,NL,SMB,Office 365,E5,s4,Active,5,5,5\n\
        2024-03,c4,Four,NL,SMB,Office 365,E5,s5,Suspended,5,5,5\n\
        2024-04,c3,Three,NL,SMB,Office 365,E5,s4,Active,5,5,5\n";

    fn list(csv: &str, from: usize, to: usize, filters: &Filters) -> Vec<CustomerLine> {
        let ds = ingest::load_customers(csv.as_bytes()).unwrap().dataset;
        customer_list(&ds, &RowFilter::new(filters, &ds), Window::new(from, to))
    }

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    #[test]
    fn each_customer_of_the_range_with_its_standing_at_the_end() {
        let lines = list(CSV, 1, 2, &Filters::default());
        let ids: Vec<&str> = lines.iter().map(|l| &*l.customer_id).collect();
        // c4 is never a customer (suspended only): not listed.
        assert_eq!(ids, ["c1", "c2", "c3"]);
        let one = &lines[0];
        assert_eq!(one.standing, Standing::Inactive);
        // Attributes as of the range's end: the renamed customer in France.
        assert_eq!(
            (&*one.name, &*one.market, one.iso2),
            ("One Renamed", "France", Some("FR"))
        );
        assert_eq!(
            one.products.iter().map(|p| &**p).collect::<Vec<_>>(),
            ["Office 365"]
        );
        assert_eq!(one.subscriptions, 1);
        assert_eq!(one.figures.deployment_pct, Some(40.0));
        assert_eq!((one.added, one.churned), (None, None));
        // c2 churned in March: its holdings are those of February.
        let two = &lines[1];
        assert_eq!(two.standing, Standing::Churned);
        assert_eq!(
            (two.as_of, two.churned),
            (month("2024-02"), Some(month("2024-03")))
        );
        assert_eq!(
            two.products.iter().map(|p| &**p).collect::<Vec<_>>(),
            ["Azure"]
        );
        assert_eq!(two.figures.deployment_pct, None);
        let three = &lines[2];
        assert_eq!(
            (three.standing, three.added),
            (Standing::Active, Some(month("2024-03")))
        );
    }

    #[test]
    fn the_first_data_month_has_no_adds() {
        let lines = list(CSV, 0, 1, &Filters::default());
        assert!(lines
            .iter()
            .all(|l| l.added.is_none() && l.churned.is_none()));
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn a_customer_that_churned_in_the_first_month_of_the_range_is_listed() {
        // c2 churned in March; a range of April alone still lists c1 and c3
        // only, since c2's churn is before it.
        let april = list(CSV, 3, 3, &Filters::default());
        assert_eq!(
            april.iter().map(|l| &*l.customer_id).collect::<Vec<_>>(),
            ["c1", "c3"]
        );
        let c1 = &april[0];
        assert_eq!(
            (c1.standing, c1.churned),
            (Standing::Churned, Some(month("2024-04")))
        );
        let march = list(CSV, 2, 2, &Filters::default());
        let c2 = march.iter().find(|l| &*l.customer_id == "c2").unwrap();
        assert_eq!(c2.standing, Standing::Churned);
    }

    #[test]
    fn filters_select_rows_before_anything_is_listed() {
        let azure = Filters::default().with(Dimension::Product, ["Azure"]);
        let lines = list(CSV, 1, 2, &azure);
        // c1's Azure subscription ends in March: a churned Azure customer.
        assert_eq!(
            lines
                .iter()
                .map(|l| (&*l.customer_id, l.standing))
                .collect::<Vec<_>>(),
            [("c1", Standing::Churned), ("c2", Standing::Churned)]
        );
    }

    #[test]
    fn activity_that_nothing_can_tell_is_no_standing_of_active_or_inactive() {
        let csv = "Month,CustomerTenantId,Product,SubscriptionId\n2024-01,c1,Azure,s1\n";
        let lines = list(csv, 0, 0, &Filters::default());
        assert_eq!(lines[0].standing, Standing::Customer);
        assert_eq!(lines[0].figures.entitlements, None);
    }

    #[test]
    fn the_list_agrees_with_the_report_on_the_sample() {
        let text = std::fs::read("public/data/customers.csv").unwrap();
        let ds = ingest::load_customers(&text[..]).unwrap().dataset;
        let all = Window::of_len(ds.month_count);
        for range in [
            Window::new(all.last - 11, all.last),
            Window::new(0, all.last),
            Window::new(3, 7),
        ] {
            for filters in [
                Filters::default(),
                Filters::default().with(Dimension::Product, ["Azure"]),
            ] {
                let lines = customer_list(&ds, &RowFilter::new(&filters, &ds), range);
                let query = Query {
                    from: Some(ds.month_at(range.first)),
                    to: Some(ds.month_at(range.last)),
                    filters: filters.clone(),
                    ..Query::default()
                };
                let r = report(&ds, RowCounts::default(), None, &query).unwrap();
                let count = |s: Standing| lines.iter().filter(|l| l.standing == s).count() as u64;
                let current = lines.len() as u64 - count(Standing::Churned);
                assert_eq!(
                    Some(current),
                    r.summary.customers.value,
                    "{range:?} {filters:?}"
                );
                assert_eq!(
                    Some(count(Standing::Active)),
                    r.summary.active_customers.value
                );
                // Every customer added in the range is listed with a month
                // of adding; one added twice is one line.
                let added = lines.iter().filter(|l| l.added.is_some()).count() as u64;
                assert!(added <= r.summary.customers_added.value.unwrap());
                assert!(added > 0 || range.first == 0);
                let churned = count(Standing::Churned);
                assert!(churned <= r.summary.customers_churned.value);
            }
        }
    }
}
