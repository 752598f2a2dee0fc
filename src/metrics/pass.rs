//! One pass over the selected rows that yields every per-month figure of a
//! window of months (spec sections 4 and 6).
//!
//! Rows are grouped by customer, then month, so each customer is handled
//! alone: its per-month states come from a few flags per month, and its
//! attributes as of a month from the last row of the latest month seen.

use crate::dataset::{Dataset, NO_VALUE};

use super::filters::RowFilter;

/// Counts per (window month, value).
#[derive(Debug, Clone)]
pub struct Grid {
    width: usize,
    cells: Vec<u32>,
}

impl Grid {
    fn new(months: usize, width: usize) -> Grid {
        Grid { width, cells: vec![0; months * width] }
    }

    #[inline]
    fn bump(&mut self, w: usize, value: u32) {
        self.cells[w * self.width + value as usize] += 1;
    }

    /// The counts of one window month, indexed by value id.
    pub fn month(&self, w: usize) -> &[u32] {
        &self.cells[w * self.width..(w + 1) * self.width]
    }
}

/// Seat sums (spec section 6).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Seats {
    pub entitlements: u64,
    pub assigned: u64,
    pub active_users: u64,
    /// Some row had a non-zero AvailableSeats, AssignedSeats or ActiveUsers.
    pub any: bool,
}

impl Seats {
    #[inline]
    pub(super) fn add(&mut self, ds: &Dataset, row: usize) {
        if ds.active[row] && !ds.trial[row] {
            self.entitlements += u64::from(ds.available[row]);
            self.assigned += u64::from(ds.assigned[row]);
        }
        self.active_users += u64::from(ds.active_users[row]);
        self.any |= ds.available[row] > 0 || ds.assigned[row] > 0 || ds.active_users[row] > 0;
    }
}

/// One customer's seats in the last window month.
#[derive(Debug, Clone)]
pub struct CustomerSeats {
    pub customer: u32,
    /// The row whose attributes (name, market, segment) apply.
    pub attribute_row: u32,
    pub seats: Seats,
}

/// Every per-month figure for the window months `first..=first + len - 1`
/// (offsets among the data months).
#[derive(Debug, Clone)]
pub struct Monthly {
    pub first: usize,
    pub len: usize,
    pub customers: Vec<u32>,
    pub active: Vec<u32>,
    pub new: Vec<u32>,
    pub churned: Vec<u32>,
    pub existing: Vec<u32>,
    pub subscriptions: Vec<u32>,
    /// Customer-level attributes as of each month.
    pub market_customers: Grid,
    pub market_active: Grid,
    pub market_new: Grid,
    pub segment_customers: Grid,
    /// Subscription-level: customers with an active row of that value.
    pub product: Grid,
    pub plan: Grid,
    pub partner_location: Grid,
    pub attribution: Grid,
    pub channel: Grid,
    pub pricing: Grid,
    pub seats: Vec<Seats>,
    /// Seats per (month, product), `len * products` long.
    pub product_seats: Vec<Seats>,
    /// Customers with a selected row in the last month that carries seats.
    pub customer_seats: Vec<CustomerSeats>,
    /// (customer, window month) pairs with any selected row, as bits.
    present: Vec<u64>,
}

impl Monthly {
    /// Whether customer `c` has a selected row in window month `w`.
    pub fn is_present(&self, c: usize, w: usize) -> bool {
        let bit = c * self.len + w;
        self.present[bit / 64] & (1 << (bit % 64)) != 0
    }
}

const PRESENT: u8 = 1;
const CUSTOMER: u8 = 2;
const USERS: u8 = 4;
const NONE: u32 = u32::MAX;

/// Distinct values among one customer-month's active rows.
#[derive(Default)]
struct Distinct {
    values: [Vec<u32>; 6],
}

impl Distinct {
    #[inline]
    fn add(&mut self, dim: usize, value: u32) {
        let v = &mut self.values[dim];
        if value != NO_VALUE && !v.contains(&value) {
            v.push(value);
        }
    }

    fn flush(&mut self, w: usize, grids: [&mut Grid; 6]) {
        for (values, grid) in self.values.iter_mut().zip(grids) {
            for &v in values.iter() {
                grid.bump(w, v);
            }
            values.clear();
        }
    }
}

/// Computes the window `first..=last` (data-month offsets). New, churned
/// and existing of the window's first month are only meaningful when it is
/// the first data month; callers widen the window by one month otherwise.
pub fn run(ds: &Dataset, filter: &RowFilter, first: usize, last: usize) -> Monthly {
    let len = last - first + 1;
    let grid = |width: usize| Grid::new(len, width);
    let products = ds.products.len();
    let mut out = Monthly {
        first,
        len,
        customers: vec![0; len],
        active: vec![0; len],
        new: vec![0; len],
        churned: vec![0; len],
        existing: vec![0; len],
        subscriptions: vec![0; len],
        market_customers: grid(ds.markets.len()),
        market_active: grid(ds.markets.len()),
        market_new: grid(ds.markets.len()),
        segment_customers: grid(ds.segment.dict.len()),
        product: grid(products),
        plan: grid(ds.plans.len()),
        partner_location: grid(ds.partner_location.dict.len()),
        attribution: grid(ds.attribution.dict.len()),
        channel: grid(ds.channel.dict.len()),
        pricing: grid(ds.pricing.dict.len()),
        seats: vec![Seats::default(); len],
        product_seats: vec![Seats::default(); len * products],
        customer_seats: Vec::new(),
        present: vec![0; (ds.customer_count() * len).div_ceil(64)],
    };
    // (subscription, window month) pairs already counted.
    let mut counted = vec![0u64; (ds.subscription.dict.len() * len).div_ceil(64)];
    let mut flags = vec![0u8; len];
    let mut last_row = vec![NONE; len];
    let mut distinct = Distinct::default();

    for c in 0..ds.customer_count() {
        let rows = ds.rows_of(c);
        flags.fill(0);
        last_row.fill(NONE);
        let mut carried = NONE;
        let mut any = false;
        let mut group = usize::MAX;
        let mut seats_last = Seats::default();
        for r in rows {
            let m = ds.month[r] as usize;
            if m > last {
                break;
            }
            if !filter.selects(ds, r) {
                continue;
            }
            if m < first {
                carried = r as u32;
                continue;
            }
            let w = m - first;
            if w != group {
                if group != usize::MAX {
                    flush(&mut distinct, group, &mut out);
                }
                group = w;
            }
            any = true;
            if flags[w] & PRESENT == 0 {
                let bit = c * len + w;
                out.present[bit / 64] |= 1 << (bit % 64);
            }
            flags[w] |= PRESENT;
            last_row[w] = r as u32;
            if ds.active_users[r] > 0 {
                flags[w] |= USERS;
            }
            if ds.active[r] {
                flags[w] |= CUSTOMER;
                let bit = ds.subscription.ids[r] as usize * len + w;
                if counted[bit / 64] & (1 << (bit % 64)) == 0 {
                    counted[bit / 64] |= 1 << (bit % 64);
                    out.subscriptions[w] += 1;
                }
                distinct.add(0, ds.product_of(r));
                distinct.add(1, ds.plan[r]);
                distinct.add(2, ds.partner_location.ids[r]);
                distinct.add(3, ds.attribution.ids[r]);
                distinct.add(4, ds.channel.ids[r]);
                distinct.add(5, ds.pricing.ids[r]);
            }
            out.seats[w].add(ds, r);
            out.product_seats[w * products + ds.product_of(r) as usize].add(ds, r);
            if w == len - 1 {
                seats_last.add(ds, r);
            }
        }
        if group != usize::MAX {
            flush(&mut distinct, group, &mut out);
        }
        if !any && carried == NONE {
            continue;
        }

        let mut attr = carried;
        for w in 0..len {
            if last_row[w] != NONE {
                attr = last_row[w];
            }
            let is_customer = flags[w] & CUSTOMER != 0;
            if is_customer {
                let r = attr as usize;
                out.customers[w] += 1;
                out.market_customers.bump(w, ds.market[r]);
                out.segment_customers.bump(w, ds.segment.ids[r]);
                if flags[w] & USERS != 0 {
                    out.active[w] += 1;
                    out.market_active.bump(w, ds.market[r]);
                }
            }
            if w == 0 {
                if first == 0 {
                    // The first data month: nothing is known of the month before.
                    out.existing[0] += u32::from(is_customer);
                }
                continue;
            }
            let was_customer = flags[w - 1] & CUSTOMER != 0;
            match (was_customer, is_customer) {
                (false, true) => {
                    out.new[w] += 1;
                    out.market_new.bump(w, ds.market[attr as usize]);
                }
                (true, false) => out.churned[w] += 1,
                (true, true) => out.existing[w] += 1,
                (false, false) => {}
            }
        }
        if flags[len - 1] & PRESENT != 0 {
            if seats_last.any {
                out.customer_seats.push(CustomerSeats { customer: c as u32, attribute_row: attr, seats: seats_last });
            }
        }
    }
    out
}

fn flush(distinct: &mut Distinct, w: usize, out: &mut Monthly) {
    distinct.flush(
        w,
        [
            &mut out.product,
            &mut out.plan,
            &mut out.partner_location,
            &mut out.attribution,
            &mut out.channel,
            &mut out.pricing,
        ],
    );
}
