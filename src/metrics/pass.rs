//! One pass over the selected rows that yields every per-month figure of a
//! window of months (spec sections 4 and 6).
//!
//! Rows are grouped by customer, then month, so each customer is handled
//! alone: its per-month states come from a few flags per month, and its
//! attributes as of a month from the last row of the latest month seen.

use crate::dataset::{Dataset, NO_VALUE};
use crate::model::Window;

use super::filters::RowFilter;

/// Counts per (window month, value).
#[derive(Debug, Clone, PartialEq, Eq)]
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

    fn add(&mut self, other: &Grid) {
        debug_assert_eq!(self.cells.len(), other.cells.len());
        for (a, b) in self.cells.iter_mut().zip(&other.cells) {
            *a += b;
        }
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
        let (available, assigned, users) = (
            ds.available.get(row),
            ds.assigned.get(row),
            ds.active_users.get(row),
        );
        let counts = ds.active.get(row) && !ds.trial.get(row);
        Seats {
            entitlements: if counts { u64::from(available) } else { 0 },
            assigned: if counts { u64::from(assigned) } else { 0 },
            active_users: u64::from(users),
            any: (available | assigned | users) != 0,
        }
    }

    /// One row's contribution to a customer-month's sums (`group`, its
    /// rows), with spec 1.4's rule for rows flagged IsDuplicateRowForPGA.
    #[inline]
    pub(super) fn of_counted(
        ds: &Dataset,
        filter: &RowFilter,
        row: usize,
        group: std::ops::Range<usize>,
    ) -> Seats {
        if adds_to_sums(ds, filter, row, group) {
            Seats::of(ds, row)
        } else {
            Seats::default()
        }
    }

    #[inline]
    pub(super) fn merge(&mut self, other: Seats) {
        self.entitlements += other.entitlements;
        self.assigned += other.assigned;
        self.active_users += other.active_users;
        self.any |= other.any;
    }
}

/// Spec 1.4: a row flagged IsDuplicateRowForPGA repeats a subscription of
/// the same month under another location. It adds to sums only when no
/// unflagged selected row of its customer-month (`group`, rows in file
/// order) has its subscription key, and then only as the first flagged
/// one in file order.
#[inline]
pub(super) fn adds_to_sums(
    ds: &Dataset,
    filter: &RowFilter,
    row: usize,
    group: std::ops::Range<usize>,
) -> bool {
    if ds.pga_duplicate.is_empty() || !ds.pga_duplicate.get(row) {
        return true;
    }
    let key = ds.subscription.id(row);
    !group.into_iter().any(|t| {
        t != row
            && ds.subscription.id(t) == key
            && filter.selects(t)
            && (!ds.pga_duplicate.get(t) || t < row)
    })
}

/// One customer's seats in one month.
#[derive(Debug, Clone)]
pub struct CustomerSeats {
    pub customer: u32,
    /// The row whose attributes (name, market, segment) apply.
    pub attribute_row: u32,
    pub seats: Seats,
}

/// Every per-month figure of a window of data months, indexed by the
/// month's place in the window ([`Window::at`]).
///
/// A new figure is a field here plus its place in [`grids!`] and
/// [`Monthly::grid_widths`] (a grid) or in [`series!`] (a count per month):
/// `empty`, `add` and the memory measure [`Monthly::cells`] follow from
/// those, and the compiler checks that the lists agree in length.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Monthly {
    pub window: Window,
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
    /// Retention by cohort (spec 5.2): row = the window month a customer's
    /// cohort is (its first month as a new customer), column = a window
    /// month it is a customer in; `len * len`, zero left of the diagonal.
    pub retention: Grid,
    /// (customer, window month) pairs with any selected row, as bits.
    present: Vec<u64>,
}

/// The grids of a [`Monthly`] (`grids!(m, &)` or `grids!(m, &mut)`), in the
/// order of [`Monthly::grid_widths`]: listed once for every use.
macro_rules! grids {
    ($m:expr, $($borrow:tt)+) => {
        [
            $($borrow)+ $m.market_customers,
            $($borrow)+ $m.market_active,
            $($borrow)+ $m.market_new,
            $($borrow)+ $m.segment_customers,
            $($borrow)+ $m.product,
            $($borrow)+ $m.plan,
            $($borrow)+ $m.partner_location,
            $($borrow)+ $m.attribution,
            $($borrow)+ $m.channel,
            $($borrow)+ $m.pricing,
        ]
    };
}

/// The counts per month of a [`Monthly`], as [`grids!`] lists its grids.
macro_rules! series {
    ($m:expr, $($borrow:tt)+) => {
        [
            $($borrow)+ $m.customers,
            $($borrow)+ $m.active,
            $($borrow)+ $m.new,
            $($borrow)+ $m.churned,
            $($borrow)+ $m.existing,
            $($borrow)+ $m.subscriptions,
        ]
    };
}

impl Monthly {
    /// The width (values) of each grid, in the order of [`Monthly::grids`].
    fn grid_widths(ds: &Dataset) -> [usize; GRIDS] {
        let markets = ds.markets.len();
        [
            markets,
            markets,
            markets,
            ds.segment.dict.len(),
            ds.products.len(),
            ds.plans.len(),
            ds.partner_location.dict.len(),
            ds.attribution.dict.len(),
            ds.channel.dict.len(),
            ds.pricing.dict.len(),
        ]
    }

    /// Figures of no customer for `window`.
    pub fn empty(ds: &Dataset, window: Window) -> Monthly {
        let len = window.len();
        let [market_customers, market_active, market_new, segment_customers, product, plan, partner_location, attribution, channel, pricing] =
            Monthly::grid_widths(ds).map(|width| Grid::new(len, width));
        let [customers, active, new, churned, existing, subscriptions] =
            [(); SERIES].map(|_| vec![0; len]);
        Monthly {
            window,
            customers,
            active,
            new,
            churned,
            existing,
            subscriptions,
            market_customers,
            market_active,
            market_new,
            segment_customers,
            product,
            plan,
            partner_location,
            attribution,
            channel,
            pricing,
            seats: vec![Seats::default(); len],
            product_seats: vec![Seats::default(); len * ds.products.len()],
            retention: Grid::new(len, len),
            present: vec![0; Monthly::present_words(ds, len)],
        }
    }

    /// How many distinct values the grids count (markets, products, SKUs
    /// and the other attributes), as a refusal names them.
    pub fn values(ds: &Dataset) -> usize {
        Monthly::grid_widths(ds).iter().sum()
    }

    fn present_words(ds: &Dataset, len: usize) -> usize {
        (ds.customer_count() * len).div_ceil(64)
    }

    /// The memory of the figures of a window of `len` months over `ds`, in
    /// 4-byte cells, without making them: what [`Monthly::empty`] allocates.
    pub fn cells(ds: &Dataset, len: usize) -> usize {
        let grids = Monthly::values(ds);
        let seats = SEAT_CELLS * (1 + ds.products.len());
        // Saturating: a hostile file's count must not wrap on wasm32.
        let present = ds.customer_count().saturating_mul(len).div_ceil(64);
        len.saturating_mul(SERIES + grids + seats)
            .saturating_add(present.saturating_mul(2))
            .saturating_add(len.saturating_mul(len))
    }

    /// Adds the figures of other customers over the same window. Every
    /// figure is a sum over customers, so the figures of two sets of
    /// customers add up to those of both, provided no subscription is
    /// counted in both (see [`run_customers`]).
    pub fn add(&mut self, other: &Monthly) {
        assert_eq!(self.window, other.window, "another window");
        for (a, b) in series!(self, &mut).into_iter().zip(series!(other, &)) {
            for (a, b) in a.iter_mut().zip(b) {
                *a += b;
            }
        }
        for (a, b) in grids!(self, &mut).into_iter().zip(grids!(other, &)) {
            a.add(b);
        }
        self.retention.add(&other.retention);
        for (a, b) in self.seats.iter_mut().zip(&other.seats) {
            a.merge(*b);
        }
        for (a, b) in self.product_seats.iter_mut().zip(&other.product_seats) {
            a.merge(*b);
        }
        for (a, b) in self.present.iter_mut().zip(&other.present) {
            *a |= b;
        }
    }

    /// Takes the per-product figures (`product`, `plan`, `product_seats`)
    /// of the products `kept` (by product id) from `all`, figures of the
    /// same window without filters; the others are zero.
    pub fn products_from(&mut self, ds: &Dataset, all: &Monthly, kept: &[bool]) {
        assert_eq!(self.window, all.window, "another window");
        let products = ds.products.len();
        for (i, (to, from)) in self
            .product
            .cells
            .iter_mut()
            .zip(&all.product.cells)
            .enumerate()
        {
            *to = if kept[i % products] { *from } else { 0 };
        }
        let plans = ds.plans.len();
        for (i, (to, from)) in self.plan.cells.iter_mut().zip(&all.plan.cells).enumerate() {
            *to = if kept[ds.plans[i % plans].product as usize] {
                *from
            } else {
                0
            };
        }
        for (i, (to, from)) in self
            .product_seats
            .iter_mut()
            .zip(&all.product_seats)
            .enumerate()
        {
            *to = if kept[i % products] {
                *from
            } else {
                Seats::default()
            };
        }
    }

    /// Whether customer `c` has a selected row in window month `w`.
    pub fn is_present(&self, c: usize, w: usize) -> bool {
        let bit = c * self.window.len() + w;
        self.present[bit / 64] & (1 << (bit % 64)) != 0
    }
}

const PRESENT: u8 = 1;
const CUSTOMER: u8 = 2;
const USERS: u8 = 4;
const NONE: u32 = u32::MAX;

/// Counts each customer once per value and month in a subscription-level
/// grid. Up to 64 values, a customer-month's values are collected as bits
/// and counted when the customer-month ends; wider dictionaries (many plans
/// or partner locations) use a stamp per value: the customer-month that
/// last counted it.
struct Distinct {
    narrow: bool,
    bits: u64,
    stamps: Vec<u32>,
}

impl Distinct {
    fn new(width: usize) -> Distinct {
        let narrow = width <= 64;
        Distinct {
            narrow,
            bits: 0,
            stamps: if narrow {
                Vec::new()
            } else {
                vec![u32::MAX; width]
            },
        }
    }

    /// `value` is on an active row of customer-month `group`, window month `w`.
    #[inline(always)]
    fn add(&mut self, value: u32, group: u32, w: usize, grid: &mut Grid) {
        if value == NO_VALUE {
            return;
        }
        if self.narrow {
            self.bits |= 1 << value;
        } else {
            let stamp = &mut self.stamps[value as usize];
            if *stamp != group {
                *stamp = group;
                grid.bump(w, value);
            }
        }
    }

    /// The customer-month ends: counts the values it collected.
    #[inline(always)]
    fn flush(&mut self, w: usize, grid: &mut Grid) {
        let mut bits = std::mem::take(&mut self.bits);
        while bits != 0 {
            grid.bump(w, bits.trailing_zeros());
            bits &= bits - 1;
        }
    }
}

/// Grids and counts per month a [`Monthly`] holds; the cells of one [`Seats`].
const GRIDS: usize = 10;
const SERIES: usize = 6;
const SEAT_CELLS: usize = std::mem::size_of::<Seats>() / 4;

/// The most per-month counters a pass may allocate (4 bytes each): a
/// hostile file with many distinct values over centuries of months is
/// refused instead of exhausting memory.
pub const MAX_CELLS: usize = 64 << 20;

/// The memory a pass of `months` months takes at its peak, in 4-byte cells: the
/// figures it makes ([`Monthly::cells`]) and what it marks on the way.
pub fn cells(ds: &Dataset, months: usize) -> usize {
    let counted = if ds.unique_subscription_months {
        0
    } else {
        2 * ds
            .subscription
            .dict
            .len()
            .saturating_mul(months)
            .div_ceil(64)
    };
    Monthly::cells(ds, months).saturating_add(counted)
}

/// Computes the figures of `window`. New, churned
/// and existing of the window's first month are only meaningful when it is
/// the first data month; callers widen the window by one month otherwise.
///
/// The hot loop of every filter change: it walks each customer's rows one
/// customer-month at a time, sums what it can in locals and touches the
/// per-month counters once per customer-month.
pub fn run(ds: &Dataset, filter: &RowFilter, window: Window) -> Monthly {
    run_customers(ds, filter, window, 0..ds.customer_count())
}

/// [`run`] over some customers only (each once). When no subscription is
/// under two customers ([`Dataset::unique_subscription_months`]), the
/// figures of disjoint sets of customers add up ([`Monthly::add`]).
pub fn run_customers(
    ds: &Dataset,
    filter: &RowFilter,
    window: Window,
    customers: impl IntoIterator<Item = usize>,
) -> Monthly {
    walk::<true>(ds, filter, window, &mut customers.into_iter())
}

/// [`run`] without the per-product figures (`product`, `plan` and
/// `product_seats` stay zero): under a filter of products only, those are
/// the unfiltered figures of the products kept, which the caller has.
pub fn run_without_products(ds: &Dataset, filter: &RowFilter, window: Window) -> Monthly {
    walk::<false>(ds, filter, window, &mut (0..ds.customer_count()))
}

/// [`run_without_products`] over some customers only (each once).
pub fn run_customers_without_products(
    ds: &Dataset,
    filter: &RowFilter,
    window: Window,
    customers: impl IntoIterator<Item = usize>,
) -> Monthly {
    walk::<false>(ds, filter, window, &mut customers.into_iter())
}

fn walk<const PRODUCTS: bool>(
    ds: &Dataset,
    filter: &RowFilter,
    window: Window,
    // One walk for any order of customers (a `dyn` iterator): each
    // instance of this loop is a few KB of wasm.
    customers: &mut dyn Iterator<Item = usize>,
) -> Monthly {
    let (first, last, len) = (window.first, window.last, window.len());
    let products = ds.products.len();
    let mut out = Monthly::empty(ds, window);
    // (subscription, window month) pairs already counted; only needed when
    // a subscription can appear twice in a month.
    let repeats = !ds.unique_subscription_months;
    let mut counted = if repeats {
        vec![0u64; (ds.subscription.dict.len() * len).div_ceil(64)]
    } else {
        Vec::new()
    };
    let mut flags = vec![0u8; len];
    let mut last_row = vec![NONE; len];
    let (month, active) = (&ds.month, &ds.active);
    let (plan, subscription) = (&ds.plan, &ds.subscription.ids);
    let (location, attribution) = (&ds.partner_location.ids, &ds.attribution.ids);
    let (channel, pricing) = (&ds.channel.ids, &ds.pricing);
    let mut product_values = Distinct::new(products);
    let mut plans = Distinct::new(ds.plans.len());
    let mut locations = Distinct::new(ds.partner_location.dict.len());
    let mut attributions = Distinct::new(ds.attribution.dict.len());
    let mut channels = Distinct::new(ds.channel.dict.len());
    let mut pricings = Distinct::new(ds.pricing.dict.len());
    let mut group = 0u32;

    for c in customers {
        let rows = ds.rows_of(c);
        if !filter.selects_any(rows.clone()) {
            continue;
        }
        let mut carried = NONE;
        // A customer before the window's first month has its cohort there
        // or earlier: none in the window (spec 5.2).
        let mut customer_before = false;
        let mut any = false;
        let (mut lo, mut hi) = (usize::MAX, 0);
        let mut r = rows.start;
        while r < rows.end {
            let m = month.get(r) as usize;
            if m > last {
                break;
            }
            let mut end = r + 1;
            while end < rows.end && month.get(end) as usize == m {
                end += 1;
            }
            if m < first {
                for s in r..end {
                    if filter.selects(s) {
                        carried = s as u32;
                    }
                }
                customer_before |= (r..end).any(|s| active.get(s) && filter.selects(s));
                r = end;
                continue;
            }
            // One customer-month: rows r..end.
            let w = m - first;
            group += 1;
            let mut state = 0u8;
            let mut seen_users = false;
            let mut latest = NONE;
            let mut seats = Seats::default();
            let mut subscriptions = 0u32;
            for s in r..end {
                if !filter.selects(s) {
                    continue;
                }
                latest = s as u32;
                let row = Seats::of_counted(ds, filter, s, r..end);
                seen_users |= row.active_users > 0;
                let product = ds.product_of(s);
                // A row without seats adds nothing (a fifth of rows: Azure).
                if row.any {
                    seats.merge(row);
                    if PRODUCTS {
                        out.product_seats[w * products + product as usize].merge(row);
                    }
                }
                if active.get(s) {
                    state |= CUSTOMER;
                    if repeats {
                        let bit = subscription.get(s) as usize * len + w;
                        if counted[bit / 64] & (1 << (bit % 64)) == 0 {
                            counted[bit / 64] |= 1 << (bit % 64);
                            subscriptions += 1;
                        }
                    } else {
                        subscriptions += 1;
                    }
                    if PRODUCTS {
                        product_values.add(product, group, w, &mut out.product);
                        plans.add(plan.get(s), group, w, &mut out.plan);
                    }
                    locations.add(location.get(s), group, w, &mut out.partner_location);
                    attributions.add(attribution.get(s), group, w, &mut out.attribution);
                    channels.add(channel.get(s), group, w, &mut out.channel);
                    pricings.add(pricing.id(s), group, w, &mut out.pricing);
                }
            }
            r = end;
            if latest == NONE {
                continue;
            }
            // Spec 1.4: the usage file can show the customer active too.
            seen_users |= ds.usage_shows_activity(c, m);
            state |= PRESENT;
            any = true;
            let bit = c * len + w;
            out.present[bit / 64] |= 1 << (bit % 64);
            out.subscriptions[w] += subscriptions;
            out.seats[w].merge(seats);
            if PRODUCTS {
                product_values.flush(w, &mut out.product);
                plans.flush(w, &mut out.plan);
            }
            locations.flush(w, &mut out.partner_location);
            attributions.flush(w, &mut out.attribution);
            channels.flush(w, &mut out.channel);
            pricings.flush(w, &mut out.pricing);
            if state & CUSTOMER != 0 {
                lo = lo.min(w);
                hi = w;
                if seen_users {
                    state |= USERS;
                }
            }
            flags[w] = state;
            last_row[w] = latest;
        }
        if !any && carried == NONE {
            continue;
        }
        tally_customer(
            ds,
            &mut out,
            first,
            &mut flags,
            &mut last_row,
            carried,
            customer_before,
            lo,
            hi,
        );
    }
    out
}

/// Turns one customer's per-month flags into the customer counts: states
/// (new, churned, existing) and customer-level breakdowns by the attributes
/// as of each month. Clears `flags` and `last_row` for the next customer.
#[allow(clippy::too_many_arguments)]
fn tally_customer(
    ds: &Dataset,
    out: &mut Monthly,
    first: usize,
    flags: &mut [u8],
    last_row: &mut [u32],
    carried: u32,
    customer_before: bool,
    lo: usize,
    hi: usize,
) {
    let len = flags.len();
    // Retention (spec 5.2): the cohort is the first month the customer is
    // new, which is its first customer month in the window when it was no
    // customer before the window nor in its first month (the data's first
    // month has no new customers; a window's first month is only the base
    // of the next).
    if !customer_before && lo >= 1 && lo <= hi {
        for (w, state) in flags.iter().enumerate().take(hi + 1).skip(lo) {
            if state & CUSTOMER != 0 {
                out.retention.bump(lo, w as u32);
            }
        }
    }
    // Customer months are lo..=hi; the month after hi can be a churn. Before
    // lo, only the attributes carry.
    let mut attr = carried;
    for &row in &last_row[..lo.min(len)] {
        if row != NONE {
            attr = row;
        }
    }
    let end = if lo > hi { 0 } else { (hi + 2).min(len) };
    for w in lo.min(len)..end {
        if last_row[w] != NONE {
            attr = last_row[w];
        }
        let is_customer = flags[w] & CUSTOMER != 0;
        if is_customer {
            let r = attr as usize;
            out.customers[w] += 1;
            out.market_customers.bump(w, ds.market.get(r));
            out.segment_customers.bump(w, ds.segment.id(r));
            if flags[w] & USERS != 0 {
                out.active[w] += 1;
                out.market_active.bump(w, ds.market.get(r));
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
                out.market_new.bump(w, ds.market.get(attr as usize));
            }
            (true, false) => out.churned[w] += 1,
            (true, true) => out.existing[w] += 1,
            (false, false) => {}
        }
    }
    flags.fill(0);
    last_row.fill(NONE);
}

/// Each customer's seats in data month `month` (an offset), for the
/// customers with a selected row there that carries seats, in order of
/// tenant id; attributes are
/// those of the customer's last selected row of that month. Rows are sorted
/// by month within a customer, so this touches only that month's rows.
pub fn customer_seats(ds: &Dataset, filter: &RowFilter, month: usize) -> Vec<CustomerSeats> {
    let mut out = Vec::new();
    for &c in &ds.customers_by_id {
        let c = c as usize;
        let (start, end) = {
            let rows = ds.rows_in_month(c, month);
            (rows.start, rows.end)
        };
        let mut seats = Seats::default();
        let mut last = NONE;
        for r in start..end {
            if filter.selects(r) {
                seats.merge(Seats::of_counted(ds, filter, r, start..end));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest;
    use crate::metrics::{Filters, RowFilter};
    use crate::model::Dimension;

    #[test]
    fn a_pass_without_products_plus_their_unfiltered_figures_is_the_full_pass() {
        let csv = "Month,CustomerTenantId,CustomerMarket,Product,SKU,SubscriptionId,SubscriptionStatus,AvailableSeats,AssignedSeats,ActiveUsers\n\
                   2024-01,c1,US,Azure,Plan,s1,Active,0,0,0\n\
                   2024-01,c1,US,Office 365,E3,s2,Active,10,8,6\n\
                   2024-02,c1,US,Office 365,E5,s3,Active,5,5,5\n\
                   2024-02,c2,DE,Dynamics 365,Sales,s4,Active,3,2,1\n\
                   2024-02,c2,DE,Office 365,E3,s5,Suspended,4,4,4\n\
                   2024-03,c3,FR,Azure,Plan,s6,Active,0,0,0\n";
        let ds = ingest::load_customers(csv.as_bytes()).unwrap().dataset;
        let months = Window::of_len(ds.month_count);
        let all = run(&ds, &RowFilter::new(&Filters::default(), &ds), months);
        for products in [
            vec!["Office 365"],
            vec!["Azure", "Dynamics 365"],
            vec!["Azure", "Office 365"],
        ] {
            let filters = Filters::default().with(Dimension::Product, products.iter().copied());
            let filter = RowFilter::new(&filters, &ds);
            let kept = filter
                .selection()
                .only_products()
                .expect("products only")
                .to_vec();
            let mut made = run_without_products(&ds, &filter, months);
            assert_ne!(made, run(&ds, &filter, months));
            made.products_from(&ds, &all, &kept);
            assert_eq!(made, run(&ds, &filter, months), "{products:?}");
        }
    }
}
