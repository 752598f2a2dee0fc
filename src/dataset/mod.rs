//! The in-memory dataset: built once from a file, read by every report.
//!
//! Columnar, with dictionary-encoded text and months as small integers.
//! Rows are grouped by customer (in order of first appearance), then by
//! month, keeping file order inside a month, so that a report walks each
//! customer's months in one pass and "the last row in file order" is the
//! last row of its group.

mod codes;
mod dict;
mod usage;

pub use crate::hash::FxHasher;
pub use codes::{Codes, CodesRef, Flags};
pub use dict::{Dict, Strings};
pub use usage::{workload_name, UsageData, WORKLOAD_NAMES};

use crate::model::{Field, Month, MonthCode, MonthResolver};

/// Text shown for an empty breakdown value (spec 1.2).
pub const UNKNOWN: &str = "Unknown";

/// A dictionary-encoded text column.
#[derive(Default, Debug, Clone)]
pub struct TextColumn {
    pub ids: Codes,
    pub dict: Dict,
}

impl TextColumn {
    #[inline]
    pub fn id(&self, row: usize) -> u32 {
        self.ids.get(row)
    }

    pub fn value(&self, row: usize) -> &str {
        self.dict.name(self.ids.get(row))
    }

    fn push(&mut self, value: &str) {
        self.ids.push(self.dict.intern(value));
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes() + self.dict.heap_bytes()
    }
}

/// A dictionary-encoded text column that changes seldom from one row to
/// the next (a customer's name): stored as runs of rows with one value,
/// a few bytes a customer instead of some a row.
#[derive(Default, Debug, Clone)]
pub struct TextRuns {
    /// The first row of each run, ascending from 0.
    starts: Vec<u32>,
    /// Each run's value id.
    ids: Codes,
    pub dict: Dict,
}

impl TextRuns {
    /// The rows' value ids, one a row, made into runs.
    fn of_rows(ids: &Codes, dict: Dict) -> TextRuns {
        let mut runs = TextRuns {
            dict,
            ..TextRuns::default()
        };
        for (row, id) in ids.iter().enumerate() {
            if runs.ids.is_empty() || runs.ids.get(runs.ids.len() - 1) != id {
                runs.starts.push(row as u32);
                runs.ids.push(id);
            }
        }
        runs.starts.shrink_to_fit();
        runs
    }

    pub fn id(&self, row: usize) -> u32 {
        let run = self.starts.partition_point(|&start| start as usize <= row) - 1;
        self.ids.get(run)
    }

    pub fn value(&self, row: usize) -> &str {
        self.dict.name(self.id(row))
    }

    pub fn heap_bytes(&self) -> usize {
        self.starts.capacity() * 4 + self.ids.heap_bytes() + self.dict.heap_bytes()
    }
}

/// A text column of many distinct values that are never shared out
/// (subscription ids), kept end to end ([`Strings`]).
#[derive(Default, Debug, Clone)]
pub struct KeyColumn {
    pub ids: Codes,
    pub dict: Strings,
}

impl KeyColumn {
    #[inline]
    pub fn id(&self, row: usize) -> u32 {
        self.ids.get(row)
    }

    pub fn value(&self, row: usize) -> &str {
        self.dict.name(self.ids.get(row))
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes() + self.dict.heap_bytes()
    }
}

/// Pricing models are counted only where present: this id marks "none".
pub const NO_VALUE: u32 = u32::MAX;

/// A dictionary-encoded text column whose rows may have no value (pricing
/// models). Ids are stored one up, 0 for none, so that a column of few
/// values stays narrow.
#[derive(Default, Debug, Clone)]
pub struct OptionalText {
    ids: Codes,
    pub dict: Dict,
}

impl OptionalText {
    /// The row's value id, or [`NO_VALUE`].
    #[inline]
    pub fn id(&self, row: usize) -> u32 {
        self.ids.get(row).wrapping_sub(1)
    }

    fn push(&mut self, value: &str) {
        self.ids.push(if value.is_empty() {
            0
        } else {
            self.dict.intern(value) + 1
        });
    }

    pub fn heap_bytes(&self) -> usize {
        self.ids.heap_bytes() + self.dict.heap_bytes()
    }
}

/// A customer market after ISO 3166-1 normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Market {
    pub name: String,
    pub iso2: Option<&'static str>,
}

/// A product and one of its SKUs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Plan {
    pub product: u32,
    pub sku: u32,
}

#[derive(Debug, Clone, Default)]
pub struct Dataset {
    /// First data month; row months are offsets from it.
    pub first_month: Option<Month>,
    /// Number of data months, gaps included.
    pub month_count: usize,
    /// Tenant ids; a customer's index is its id here.
    pub customers: Dict,
    /// Rows of customer `c` are `customer_rows[c]..customer_rows[c + 1]`.
    pub customer_rows: Vec<u32>,
    /// Customer indexes in order of their tenant ids, the order of every
    /// per-customer list (sorted once here instead of in each report).
    pub customers_by_id: Vec<u32>,

    // The rows' columns, each as narrow as its values allow ([`Codes`]).
    /// Offsets from `first_month`.
    pub month: Codes,
    pub name: TextRuns,
    /// Ids into `markets`.
    pub market: Codes,
    pub markets: Vec<Market>,
    pub segment: TextColumn,
    /// Ids into `plans`.
    pub plan: Codes,
    pub plans: Vec<Plan>,
    pub products: Dict,
    pub skus: Dict,
    pub subscription: KeyColumn,
    pub active: Flags,
    /// SubscriptionStatus as written (empty when the file has no such column).
    pub status: TextColumn,
    pub trial: Flags,
    pub partner_location: TextColumn,
    pub attribution: TextColumn,
    pub channel: TextColumn,
    /// [`NO_VALUE`] where the row has no pricing model.
    pub pricing: OptionalText,
    pub available: Codes,
    pub assigned: Codes,
    pub active_users: Codes,
    /// Rows flagged IsDuplicateRowForPGA (spec 1.4); empty when none is.
    pub pga_duplicate: Flags,
    /// (customer, data month) pairs where the usage file shows an active
    /// user, as bits (`customer * month_count + month`); empty without a
    /// usage file ([`Dataset::attach_usage`]).
    pub usage_active: Vec<u64>,
    /// A usage file is attached.
    pub has_usage: bool,
    /// No subscription appears twice in a month, nor under two customers
    /// (checked when the dataset is built): the pass can then count a
    /// month's subscriptions row by row instead of remembering each one.
    pub unique_subscription_months: bool,
    /// The input's columns that were read, with their names as written.
    pub columns: Vec<(crate::model::Field, String)>,
}

impl Dataset {
    pub fn rows(&self) -> usize {
        self.month.len()
    }

    /// About the bytes the dataset holds on the heap: its columns and
    /// dictionaries (not a usage file's activity bits).
    pub fn heap_bytes(&self) -> usize {
        self.bytes_by_column().iter().map(|(_, bytes)| bytes).sum()
    }

    /// [`Dataset::heap_bytes`] by column (each with its dictionary), and
    /// the grouping of rows by customer.
    pub fn bytes_by_column(&self) -> Vec<(&'static str, usize)> {
        vec![
            ("month", self.month.heap_bytes()),
            ("customer", self.customers.heap_bytes()),
            (
                "customer rows",
                (self.customer_rows.capacity() + self.customers_by_id.capacity()) * 4,
            ),
            ("name", self.name.heap_bytes()),
            ("market", self.market.heap_bytes()),
            ("segment", self.segment.heap_bytes()),
            (
                "product and SKU",
                self.plan.heap_bytes()
                    + self.plans.capacity() * std::mem::size_of::<Plan>()
                    + self.products.heap_bytes()
                    + self.skus.heap_bytes(),
            ),
            ("subscription", self.subscription.heap_bytes()),
            ("status", self.status.heap_bytes()),
            ("partner location", self.partner_location.heap_bytes()),
            ("attribution", self.attribution.heap_bytes()),
            ("sales channel", self.channel.heap_bytes()),
            ("pricing model", self.pricing.heap_bytes()),
            ("available seats", self.available.heap_bytes()),
            ("assigned seats", self.assigned.heap_bytes()),
            ("active users", self.active_users.heap_bytes()),
            (
                "active, trial, PGA duplicate",
                self.active.heap_bytes()
                    + self.trial.heap_bytes()
                    + self.pga_duplicate.heap_bytes(),
            ),
        ]
    }

    /// Every row column of numbers and ids but the month (which the
    /// builder makes last).
    fn codes_mut(&mut self) -> [&mut Codes; 12] {
        [
            &mut self.market,
            &mut self.segment.ids,
            &mut self.plan,
            &mut self.subscription.ids,
            &mut self.status.ids,
            &mut self.partner_location.ids,
            &mut self.attribution.ids,
            &mut self.channel.ids,
            &mut self.pricing.ids,
            &mut self.available,
            &mut self.assigned,
            &mut self.active_users,
        ]
    }

    /// Whether the input had a column for `field` (under any alias).
    pub fn has_column(&self, field: Field) -> bool {
        self.columns.iter().any(|(f, _)| *f == field)
    }

    /// Which measures the data can tell (spec 1.4: a measure without its
    /// column is unknown, not 0).
    pub fn measures(&self) -> Measures {
        let users = self.has_column(Field::ActiveUsers);
        Measures {
            entitlements: self.has_column(Field::AvailableSeats),
            assigned: self.has_column(Field::AssignedSeats),
            active_users: users,
            active_customers: users || self.has_usage,
        }
    }

    /// Whether the usage file shows an active user for customer `c` in
    /// data month `m` (an offset).
    #[inline]
    pub fn usage_shows_activity(&self, c: usize, m: usize) -> bool {
        if self.usage_active.is_empty() {
            return false;
        }
        let bit = c * self.month_count + m;
        self.usage_active[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// Joins a usage file (spec 1.4): a customer with MonthlyActiveUsers
    /// above 0 on any workload in a month is active in it. The usage file's
    /// tenant ids are normalised like the customers file's.
    pub fn attach_usage(&mut self, usage: &UsageData) {
        self.has_usage = true;
        let months = self.month_count;
        self.usage_active = vec![0; (self.customer_count() * months).div_ceil(64)];
        let customers: Vec<Option<u32>> = usage
            .customers
            .iter()
            .map(|(_, id)| self.customers.get(id))
            .collect();
        for r in 0..usage.rows() {
            if usage.active_users[r] == 0 {
                continue;
            }
            let (Some(c), Some(m)) = (
                customers[usage.customer[r] as usize],
                self.month_index(usage.month[r]),
            ) else {
                continue;
            };
            let bit = c as usize * months + m;
            self.usage_active[bit / 64] |= 1 << (bit % 64);
        }
    }

    pub fn customer_count(&self) -> usize {
        self.customers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.month.is_empty()
    }

    pub fn last_month(&self) -> Option<Month> {
        self.first_month
            .map(|m| m.plus(self.month_count as i32 - 1))
    }

    /// The data month at an offset.
    pub fn month_at(&self, index: usize) -> Month {
        self.first_month
            .expect("a dataset with rows has months")
            .plus(index as i32)
    }

    /// Offset of a month among the data months, if it is one.
    pub fn month_index(&self, month: Month) -> Option<usize> {
        let first = self.first_month?;
        let i = month.0 - first.0;
        (0..self.month_count as i32)
            .contains(&i)
            .then_some(i as usize)
    }

    #[inline]
    pub fn product_of(&self, row: usize) -> u32 {
        self.plans[self.plan.get(row) as usize].product
    }

    pub fn rows_of(&self, customer: usize) -> std::ops::Range<usize> {
        self.customer_rows[customer] as usize..self.customer_rows[customer + 1] as usize
    }

    /// A customer's rows in data month `month` (an offset): a binary search,
    /// since a customer's rows are sorted by month.
    pub fn rows_in_month(&self, customer: usize, month: usize) -> std::ops::Range<usize> {
        let rows = self.rows_of(customer);
        let start = self
            .month
            .partition_point(rows.clone(), |m| (m as usize) < month);
        start
            ..self
                .month
                .partition_point(start..rows.end, |m| m as usize == month)
    }

    /// The display name of a customer on a row: its name, or its id when empty.
    pub fn display_name(&self, row: usize, customer: usize) -> &str {
        match self.name.value(row) {
            "" => self.customers.name(customer as u32),
            name => name,
        }
    }

    /// [`Dataset::display_name`], shared.
    pub fn display_name_shared(&self, row: usize, customer: usize) -> std::sync::Arc<str> {
        let id = self.name.id(row);
        match self.name.dict.name(id) {
            "" => self.customers.shared(customer as u32),
            _ => self.name.dict.shared(id),
        }
    }
}

/// Which measures a dataset can tell (spec 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measures {
    /// An AvailableSeats column.
    pub entitlements: bool,
    /// An AssignedSeats column.
    pub assigned: bool,
    /// An ActiveUsers column (licenses' active users).
    pub active_users: bool,
    /// An ActiveUsers column or a usage file (active customers).
    pub active_customers: bool,
}

/// Which percentages the input can tell (spec 1.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownPcts {
    pub deployment: bool,
    pub usage: bool,
}

impl Measures {
    /// Which percentages the input can tell: deployment needs seat and
    /// assigned-seat columns, usage assigned-seat and active-user ones.
    pub fn known_pcts(&self) -> KnownPcts {
        KnownPcts {
            deployment: self.entitlements && self.assigned,
            usage: self.assigned && self.active_users,
        }
    }
}

/// One accepted row, as ingest hands it over (text already trimmed).
pub struct RowValues<'a> {
    /// Resolved once the whole file is read ([`DatasetBuilder::resolve_months`]).
    pub month: MonthCode,
    pub customer: &'a str,
    pub name: &'a str,
    pub market: u32,
    pub segment: &'a str,
    pub product: &'a str,
    pub sku: &'a str,
    pub subscription: &'a str,
    pub active: bool,
    pub status: &'a str,
    pub trial: bool,
    pub partner_location: &'a str,
    pub attribution: &'a str,
    pub channel: &'a str,
    pub pricing: &'a str,
    pub available: u32,
    pub assigned: u32,
    pub active_users: u32,
    pub pga_duplicate: bool,
}

/// Collects rows in file order, then groups them into a [`Dataset`].
#[derive(Default)]
pub struct DatasetBuilder {
    data: Dataset,
    months: Vec<i32>,
    customer: Vec<u32>,
    /// Name ids a row, made into runs once the rows are grouped.
    names: Codes,
    plan_index: crate::hash::Map<Plan, u32>,
    last_plan: Option<u32>,
    key: String,
    resolver: MonthResolver,
}

fn or_unknown(value: &str) -> &str {
    if value.is_empty() {
        UNKNOWN
    } else {
        value
    }
}

impl DatasetBuilder {
    /// Room for `rows` more rows in every column.
    pub fn reserve(&mut self, rows: usize) {
        let d = &mut self.data;
        self.months.reserve_exact(rows);
        self.names.reserve_exact(rows);
        self.customer.reserve_exact(rows);
        for column in d.codes_mut() {
            column.reserve_exact(rows);
        }
        d.active.reserve_exact(rows);
        d.trial.reserve_exact(rows);
    }

    /// Rows the columns hold room for (to test [`DatasetBuilder::reserve`]).
    pub fn capacity(&self) -> usize {
        self.months.capacity()
    }

    /// Registers a normalised market and returns its id.
    pub fn market_id(&mut self, market: Market) -> u32 {
        if let Some(i) = self.data.markets.iter().position(|m| *m == market) {
            return i as u32;
        }
        self.data.markets.push(market);
        self.data.markets.len() as u32 - 1
    }

    pub fn push(&mut self, row: RowValues<'_>) {
        let d = &mut self.data;
        self.months.push(row.month);
        self.customer.push(d.customers.intern(row.customer));
        self.names.push(d.name.dict.intern(row.name));
        d.market.push(row.market);
        d.segment.push(or_unknown(row.segment));
        let plan = Plan {
            product: d.products.intern(or_unknown(row.product)),
            sku: d.skus.intern(or_unknown(row.sku)),
        };
        let plans = &mut d.plans;
        let plan_id = match self.last_plan {
            Some(id) if plans[id as usize] == plan => id,
            _ => *self.plan_index.entry(plan).or_insert_with(|| {
                plans.push(plan);
                plans.len() as u32 - 1
            }),
        };
        self.last_plan = Some(plan_id);
        d.plan.push(plan_id);
        let subscription = if row.subscription.is_empty() {
            // Spec 1.2: CustomerTenantId + Product + SKU; the separator
            // cannot occur in trimmed text of a single field.
            self.key.clear();
            for part in [row.customer, row.product, row.sku] {
                self.key.push_str(part);
                self.key.push('\u{1f}');
            }
            d.subscription.dict.intern(&self.key)
        } else {
            d.subscription.dict.intern(row.subscription)
        };
        d.subscription.ids.push(subscription);
        d.active.push(row.active);
        d.status.push(row.status);
        d.trial.push(row.trial);
        d.partner_location.push(or_unknown(row.partner_location));
        d.attribution.push(or_unknown(row.attribution));
        d.channel.push(or_unknown(row.channel));
        d.pricing.push(row.pricing);
        d.available.push(row.available);
        d.assigned.push(row.assigned);
        d.active_users.push(row.active_users);
        if row.pga_duplicate && d.pga_duplicate.is_empty() {
            d.pga_duplicate = Flags::unset(d.available.len() - 1);
        }
        if !d.pga_duplicate.is_empty() {
            d.pga_duplicate.push(row.pga_duplicate);
        }
    }

    /// How the rows' month codes read, once the whole file is.
    pub fn resolve_months(&mut self, resolver: MonthResolver) {
        self.resolver = resolver;
    }

    pub fn finish(self) -> Dataset {
        let DatasetBuilder {
            mut data,
            months,
            mut customer,
            mut names,
            resolver,
            ..
        } = self;
        // Rows whose slash date the file's order makes invalid were
        // rejected by the loader: they are left out here.
        let mut months = months;
        let mut invalid = 0;
        for code in &mut months {
            match resolver.month(*code) {
                Some(month) => *code = month.0,
                None => {
                    *code = i32::MIN;
                    invalid += 1;
                }
            }
        }
        if invalid > 0 {
            let kept: Vec<bool> = months.iter().map(|&m| m != i32::MIN).collect();
            months.retain(|&m| m != i32::MIN);
            names.keep(&kept);
            drop_rows(&mut data, &mut customer, &kept);
        }
        let n = months.len();
        let (Some(&min), Some(&max)) = (months.iter().min(), months.iter().max()) else {
            data.customer_rows = vec![0];
            return data;
        };
        data.first_month = Some(Month(min));
        data.month_count = (max - min + 1) as usize;

        // Counting sort by customer keeps file order; then a stable sort of
        // each customer's rows by month.
        let customers = data.customers.len();
        let mut offsets = vec![0u32; customers + 1];
        for &c in &customer {
            offsets[c as usize + 1] += 1;
        }
        for c in 0..customers {
            offsets[c + 1] += offsets[c];
        }
        let mut next = offsets.clone();
        let mut order = vec![0u32; n];
        for (row, &c) in customer.iter().enumerate() {
            order[next[c as usize] as usize] = row as u32;
            next[c as usize] += 1;
        }
        for c in 0..customers {
            // The hot sort of a load: the standard library's, inlined here.
            #[allow(clippy::disallowed_methods)]
            order[offsets[c] as usize..offsets[c + 1] as usize]
                .sort_by_key(|&r| months[r as usize]);
        }
        data.customer_rows = offsets;
        let mut month = Codes::default();
        month.reserve_exact(n);
        for &r in &order {
            month.push((months[r as usize] - min) as u32);
        }
        drop(months);
        data.month = month;

        for column in data.codes_mut() {
            column.permute(&order);
        }
        for flags in [&mut data.active, &mut data.trial] {
            flags.permute(&order);
        }
        if !data.pga_duplicate.is_empty() {
            data.pga_duplicate.permute(&order);
        }
        names.permute(&order);
        data.name = TextRuns::of_rows(&names, std::mem::take(&mut data.name.dict));
        data.unique_subscription_months = unique_subscription_months(&data);
        let mut by_id: Vec<u32> = (0..customers as u32).collect();
        crate::order::sort_by(&mut by_id, |&x, &y| {
            data.customers.name(x).cmp(data.customers.name(y))
        });
        data.customers_by_id = by_id;
        data
    }
}

/// Leaves out the rows not `kept` (before grouping), and customers left
/// without a row.
fn drop_rows(data: &mut Dataset, customer: &mut Vec<u32>, kept: &[bool]) {
    fn keep<T: Copy>(v: &mut Vec<T>, kept: &[bool]) {
        if !v.is_empty() {
            *v = v
                .iter()
                .zip(kept)
                .filter(|(_, k)| **k)
                .map(|(x, _)| *x)
                .collect();
        }
    }
    keep(customer, kept);
    for column in data.codes_mut() {
        column.keep(kept);
    }
    for flags in [&mut data.active, &mut data.trial] {
        flags.keep(kept);
    }
    if !data.pga_duplicate.is_empty() {
        data.pga_duplicate.keep(kept);
    }
    // Customer ids in order of first appearance among the rows kept.
    let mut ids = Dict::default();
    let mut renumber = vec![u32::MAX; data.customers.len()];
    for c in customer.iter_mut() {
        if renumber[*c as usize] == u32::MAX {
            renumber[*c as usize] = ids.intern(data.customers.name(*c));
        }
        *c = renumber[*c as usize];
    }
    data.customers = ids;
}

/// Whether every subscription belongs to one customer and has at most one
/// row a month (rows already grouped by customer, then month).
fn unique_subscription_months(data: &Dataset) -> bool {
    let subscriptions = data.subscription.dict.len();
    let mut owner = vec![u32::MAX; subscriptions];
    let mut month = vec![u32::MAX; subscriptions];
    for c in 0..data.customer_count() {
        for r in data.rows_of(c) {
            let s = data.subscription.id(r) as usize;
            let m = data.month.get(r);
            if owner[s] == u32::MAX {
                owner[s] = c as u32;
            } else if owner[s] != c as u32 || month[s] == m {
                return false;
            }
            month[s] = m;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use crate::ingest;

    fn dataset(rows: &str) -> super::Dataset {
        let csv = format!("Month,CustomerTenantId,CustomerMarket,Product,SubscriptionId\n{rows}");
        ingest::load_customers(csv.as_bytes())
            .expect("a file")
            .dataset
    }

    #[test]
    fn names_are_kept_a_row_as_runs() {
        let csv = "Month,CustomerTenantId,CustomerName,CustomerMarket,Product\n\
                   2024-02,a,New,US,P\n2024-01,b,Bee,US,P\n2024-01,a,Old,US,P\n\
                   2024-03,a,New,US,Q\n2024-02,b,,US,P\n";
        let ds = ingest::load_customers(csv.as_bytes())
            .expect("a file")
            .dataset;
        let names: Vec<&str> = (0..ds.rows()).map(|r| ds.name.value(r)).collect();
        // Grouped by customer (a, then b), then month.
        assert_eq!(names, ["Old", "New", "New", "Bee", ""]);
        assert_eq!(ds.name.starts, [0, 1, 3, 4]);
        assert_eq!(ds.display_name(4, 1), "b");
        assert_eq!(&*ds.display_name_shared(2, 0), "New");
    }

    #[test]
    fn subscriptions_are_unique_per_month_unless_repeated_or_shared() {
        let normal = "2024-01,a,US,P,s1\n2024-02,a,US,P,s1\n2024-01,b,US,P,s2\n";
        assert!(dataset(normal).unique_subscription_months);
        let twice_in_a_month = "2024-01,a,US,P,s1\n2024-02,a,US,P,s1\n2024-02,a,US,Q,s1\n";
        assert!(!dataset(twice_in_a_month).unique_subscription_months);
        let two_customers = "2024-01,a,US,P,s1\n2024-02,b,US,P,s1\n";
        assert!(!dataset(two_customers).unique_subscription_months);
    }
}
