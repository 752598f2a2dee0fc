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
        Grid {
            width,
            cells: vec![0; months * width],
        }
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
    /// One row's contribution.
    #[inline]
    pub(super) fn of(ds: &Dataset, row: usize) -> Seats {
        let (available, assigned, users) =
            (ds.available[row], ds.assigned[row], ds.active_users[row]);
        let counts = ds.active[row] && !ds.trial[row];
        Seats {
            entitlements: if counts { u64::from(available) } else { 0 },
            assigned: if counts { u64::from(assigned) } else { 0 },
            active_users: u64::from(users),
            any: (available | assigned | users) != 0,
        }
    }

    #[inline]
    pub(super) fn add(&mut self, ds: &Dataset, row: usize) {
        self.merge(Seats::of(ds, row));
    }

    #[inline]
    pub(super) fn merge(&mut self, other: Seats) {
        self.entitlements += other.entitlements;
        self.assigned += other.assigned;
        self.active_users += other.active_users;
        self.any |= other.any;
    }
}

/// One customer's seats in one month.
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

/// Counts each customer once per value and month in the subscription-level
/// grids: a value's stamp is the customer-month group that last counted it.
struct Distinct {
    stamps: [Vec<u32>; 6],
    group: u32,
}

impl Distinct {
    fn new(widths: [usize; 6]) -> Distinct {
        Distinct {
            stamps: widths.map(|w| vec![u32::MAX; w]),
            group: 0,
        }
    }

    /// A new customer-month begins.
    #[inline]
    fn next_group(&mut self) {
        self.group += 1;
    }

    #[inline]
    fn add(&mut self, dim: usize, value: u32, w: usize, grid: &mut Grid) {
        if value == NO_VALUE {
            return;
        }
        let stamp = &mut self.stamps[dim][value as usize];
        if *stamp != self.group {
            *stamp = self.group;
            grid.bump(w, value);
        }
    }
}

/// The most per-month counters a pass may allocate (4 bytes each): a
/// hostile file with many distinct values over centuries of months is
/// refused instead of exhausting memory.
pub const MAX_CELLS: usize = 64 << 20;

/// The distinct values the pass keeps a counter of per month.
pub fn values(ds: &Dataset) -> usize {
    3 * ds.markets.len()
        + ds.segment.dict.len()
        + 4 * ds.products.len()
        + ds.plans.len()
        + ds.partner_location.dict.len()
        + ds.attribution.dict.len()
        + ds.channel.dict.len()
        + ds.pricing.dict.len()
        + ds.subscription.dict.len() / 32
        + ds.customer_count() / 32
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
        present: vec![0; (ds.customer_count() * len).div_ceil(64)],
    };
    // (subscription, window month) pairs already counted.
    let mut counted = vec![0u64; (ds.subscription.dict.len() * len).div_ceil(64)];
    let mut flags = vec![0u8; len];
    let mut last_row = vec![NONE; len];
    let mut distinct = Distinct::new([
        products,
        ds.plans.len(),
        ds.partner_location.dict.len(),
        ds.attribution.dict.len(),
        ds.channel.dict.len(),
        ds.pricing.dict.len(),
    ]);

    for c in 0..ds.customer_count() {
        let rows = ds.rows_of(c);
        flags.fill(0);
        last_row.fill(NONE);
        let mut carried = NONE;
        let mut any = false;
        let mut group = usize::MAX;
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
                distinct.next_group();
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
                distinct.add(0, ds.product_of(r), w, &mut out.product);
                distinct.add(1, ds.plan[r], w, &mut out.plan);
                distinct.add(2, ds.partner_location.ids[r], w, &mut out.partner_location);
                distinct.add(3, ds.attribution.ids[r], w, &mut out.attribution);
                distinct.add(4, ds.channel.ids[r], w, &mut out.channel);
                distinct.add(5, ds.pricing.ids[r], w, &mut out.pricing);
            }
            let seats = Seats::of(ds, r);
            out.seats[w].merge(seats);
            out.product_seats[w * products + ds.product_of(r) as usize].merge(seats);
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
    }
    out
}

/// Each customer's seats in data month `month` (an offset), for the
/// customers with a selected row there that carries seats; attributes are
/// those of the customer's last selected row of that month. Rows are sorted
/// by month within a customer, so this touches only that month's rows.
pub fn customer_seats(ds: &Dataset, filter: &RowFilter, month: usize) -> Vec<CustomerSeats> {
    let mut out = Vec::new();
    for c in 0..ds.customer_count() {
        let rows = ds.rows_of(c);
        let start = rows.start + ds.month[rows.clone()].partition_point(|&m| (m as usize) < month);
        let mut seats = Seats::default();
        let mut last = NONE;
        for r in start..rows.end {
            if ds.month[r] as usize != month {
                break;
            }
            if filter.selects(ds, r) {
                seats.add(ds, r);
                last = r as u32;
            }
        }
        if last != NONE && seats.any {
            out.push(CustomerSeats {
                customer: c as u32,
                attribute_row: last,
                seats,
            });
        }
    }
    out
}
