//! A realistic, deterministic data set in the Partner Center export's shape:
//! `customers.csv` (subscription-month rows) and `usage.csv` (workloads).
//!
//! The same seed always gives the same bytes. Customers join over time,
//! churn, are suspended, come back; they hold several subscriptions with
//! trials, grace periods and deprovisioning; seats are sold, assigned and
//! used, sometimes by more users than were assigned.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::Month;

pub struct Options {
    pub customers: usize,
    pub months: usize,
    pub seed: u64,
    /// The last month of the data.
    pub last_month: Month,
}

/// SplitMix64: small, fast, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn between(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// One of `items`, each as likely as its weight.
    fn pick<T: Copy>(&mut self, items: &[(T, u32)]) -> T {
        let total: u32 = items.iter().map(|i| i.1).sum();
        let mut x = self.below(total as usize) as u32;
        for &(item, weight) in items {
            if x < weight {
                return item;
            }
            x -= weight;
        }
        items[items.len() - 1].0
    }

    fn guid(&mut self) -> String {
        let a = self.next();
        let b = self.next();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }
}

/// Markets weighted roughly like a European CSP's book, 48 countries.
const MARKETS: &[(&str, u32)] = &[
    ("United States", 120),
    ("United Kingdom", 70),
    ("Germany", 65),
    ("Netherlands", 60),
    ("France", 55),
    ("Sweden", 45),
    ("Canada", 35),
    ("Belgium", 32),
    ("Australia", 30),
    ("Spain", 28),
    ("Italy", 26),
    ("Denmark", 24),
    ("Norway", 22),
    ("Switzerland", 20),
    ("Ireland", 18),
    ("Poland", 17),
    ("Austria", 16),
    ("Finland", 15),
    ("India", 15),
    ("Japan", 13),
    ("Brazil", 12),
    ("Mexico", 10),
    ("Singapore", 10),
    ("Luxembourg", 8),
    ("Portugal", 8),
    ("Czechia", 7),
    ("South Africa", 7),
    ("New Zealand", 7),
    ("United Arab Emirates", 6),
    ("Israel", 6),
    ("Korea, Republic of", 5),
    ("Hong Kong", 5),
    ("Greece", 5),
    ("Hungary", 5),
    ("Romania", 5),
    ("Türkiye", 4),
    ("Chile", 4),
    ("Argentina", 4),
    ("Colombia", 4),
    ("Saudi Arabia", 4),
    ("Nigeria", 3),
    ("Kenya", 3),
    ("Egypt", 3),
    ("Iceland", 2),
    ("Malta", 2),
    ("Estonia", 2),
    ("Viet Nam", 2),
    ("Qatar", 2),
];

const SEGMENTS: &[(&str, u32)] = &[
    ("Small and Medium Business", 55),
    ("Corporate", 20),
    ("Enterprise", 8),
    ("Education", 8),
    ("Government", 5),
    ("Nonprofit", 4),
];

const PARTNER_LOCATIONS: &[(&str, u32)] = &[
    ("Amsterdam (4810327)", 40),
    ("Stockholm (4810588)", 25),
    ("Paris (4811902)", 20),
    ("Dublin (4812240)", 15),
];

const ATTRIBUTIONS: &[(&str, u32)] = &[
    ("Transact", 50),
    ("DPOR", 20),
    ("DAP", 15),
    ("PAL", 10),
    ("CPOR", 5),
];

const CHANNELS: &[(&str, u32)] = &[("CSP direct", 55), ("CSP indirect", 35), ("EA", 10)];

const PRICING_MODELS: &[(&str, u32)] = &[
    ("Pay-as-you-go", 60),
    ("Reserved instances", 25),
    ("Savings plan", 15),
];

struct Product {
    name: &'static str,
    skus: &'static [&'static str],
    seat_based: bool,
    weight: u32,
}

const PRODUCTS: &[Product] = &[
    Product {
        name: "Microsoft 365",
        skus: &[
            "Microsoft 365 Business Basic",
            "Microsoft 365 Business Standard",
            "Microsoft 365 Business Premium",
            "Microsoft 365 E3",
            "Microsoft 365 E5",
        ],
        seat_based: true,
        weight: 40,
    },
    Product {
        name: "Office 365",
        skus: &["Office 365 E1", "Office 365 E3", "Office 365 E5"],
        seat_based: true,
        weight: 25,
    },
    Product {
        name: "Azure",
        skus: &[
            "Azure plan",
            "Azure Reserved VM Instances",
            "Azure savings plan for compute",
        ],
        seat_based: false,
        weight: 22,
    },
    Product {
        name: "Dynamics 365",
        skus: &[
            "Dynamics 365 Business Central Essentials",
            "Dynamics 365 Sales Professional",
            "Dynamics 365 Customer Service Enterprise",
        ],
        seat_based: true,
        weight: 8,
    },
    Product {
        name: "Enterprise Mobility + Security",
        skus: &["EMS E3", "EMS E5"],
        seat_based: true,
        weight: 5,
    },
    Product {
        name: "Power BI",
        skus: &["Power BI Pro", "Power BI Premium Per User"],
        seat_based: true,
        weight: 7,
    },
];

const NAME_HEADS: &[&str] = &[
    "Alder",
    "Birchwood",
    "Cobalt",
    "Driftline",
    "Elmstead",
    "Fjord",
    "Granite",
    "Harbor",
    "Ironleaf",
    "Juniper",
    "Kestrel",
    "Lumen",
    "Meridian",
    "Northgate",
    "Oakridge",
    "Pinecrest",
    "Quarry",
    "Riverside",
    "Saffron",
    "Tidewater",
    "Umber",
    "Vantage",
    "Willow",
    "Xylo",
    "Yarrow",
    "Zenith",
    "Amber",
    "Bluefin",
    "Cedar",
    "Dunmore",
    "Ashcombe",
    "Brightwater",
    "Copperfield",
    "Eastbrook",
    "Fairhaven",
    "Glenmore",
    "Highmoor",
    "Kingsbridge",
    "Larkspur",
    "Millbrook",
    "Nettleton",
    "Orchard",
    "Redwood",
    "Silverline",
    "Thornbury",
    "Westmere",
];

const NAME_TAILS: &[&str] = &[
    "Logistics",
    "Health",
    "Foods",
    "Legal",
    "Systems",
    "Dental",
    "Architects",
    "Retail",
    "Engineering",
    "Media",
    "Consulting",
    "Bakery",
    "Clinics",
    "Freight",
    "Hotels",
    "Accountants",
    "Analytics",
    "Motors",
    "Studios",
    "Energy",
    "Pharma",
    "Insurance",
    "Construction",
    "Travel",
    "Software",
    "Property",
    "Printing",
    "Veterinary",
    "Recruitment",
    "Security",
];

/// The legal forms of a market's company names (the last one for markets
/// not listed).
const NAME_FORMS: &[(&str, &[&str])] = &[
    ("United States", &["Inc.", "LLC", "Corp."]),
    ("Canada", &["Inc.", "Ltd."]),
    ("United Kingdom", &["Ltd", "Ltd", "plc", "LLP"]),
    ("Ireland", &["Ltd", "DAC"]),
    ("Germany", &["GmbH", "GmbH", "AG", "GmbH & Co. KG"]),
    ("Austria", &["GmbH", "AG"]),
    ("Switzerland", &["AG", "GmbH", "SA"]),
    ("Netherlands", &["B.V.", "B.V.", "N.V."]),
    ("Belgium", &["BV", "NV", "SRL"]),
    ("France", &["SAS", "SARL", "SA"]),
    ("Luxembourg", &["S.à r.l.", "SA"]),
    ("Sweden", &["AB"]),
    ("Denmark", &["ApS", "A/S"]),
    ("Norway", &["AS"]),
    ("Finland", &["Oy"]),
    ("Iceland", &["ehf."]),
    ("Spain", &["S.L.", "S.A."]),
    ("Italy", &["S.r.l.", "S.p.A."]),
    ("Portugal", &["Lda.", "S.A."]),
    ("Poland", &["sp. z o.o."]),
    ("Czechia", &["s.r.o."]),
    ("Australia", &["Pty Ltd"]),
    ("New Zealand", &["Ltd"]),
    ("Brazil", &["Ltda."]),
    ("Japan", &["K.K."]),
    ("", &["Ltd", "Group", "Holdings"]),
];

/// A legal form of a company of `market`.
fn name_form(rng: &mut Rng, market: &str) -> &'static str {
    let forms = NAME_FORMS
        .iter()
        .find(|(m, _)| *m == market)
        .unwrap_or(&NAME_FORMS[NAME_FORMS.len() - 1])
        .1;
    forms[rng.below(forms.len())]
}

/// A company name of `market`, one not in `taken` when a few draws find
/// one (a portfolio of tens of thousands may repeat a name, as real ones
/// do). A US company is sometimes written with the comma of "Acme, Inc.",
/// which a CSV file must quote.
fn company_name(rng: &mut Rng, market: &str, taken: &mut HashSet<String>) -> String {
    let mut name = String::new();
    for _ in 0..8 {
        let head = NAME_HEADS[rng.below(NAME_HEADS.len())];
        let tail = NAME_TAILS[rng.below(NAME_TAILS.len())];
        let form = name_form(rng, market);
        let comma = if form == "Inc." && rng.chance(0.3) {
            ","
        } else {
            ""
        };
        name = format!("{head} {tail}{comma} {form}");
        if taken.insert(name.clone()) {
            break;
        }
    }
    name
}

const WORKLOADS: &[(&str, f64)] = &[
    ("Exchange", 0.92),
    ("SharePoint", 0.55),
    ("OneDrive", 0.62),
    ("Teams", 0.85),
    ("Yammer", 0.2),
    ("Skype for Business", 0.1),
];

struct Subscription {
    id: String,
    product: usize,
    sku: &'static str,
    start: usize,
    /// Exclusive; `months` when still running.
    end: usize,
    trial_months: usize,
    channel: &'static str,
    attribution: &'static str,
    location: &'static str,
    pricing: &'static str,
    seats: f64,
    deploy: f64,
    usage: f64,
    /// A month of suspension, if any.
    suspended: Option<usize>,
    /// Ends in a grace period rather than straight deprovisioning.
    grace_end: bool,
    /// Months after the start before anyone uses it.
    ramp: usize,
}

pub const CUSTOMERS_HEADER: &str = "Month,CustomerTenantId,CustomerName,CustomerMarket,CustomerSegment,Product,SKU,SubscriptionId,SubscriptionStatus,PartnerLocation,PartnerAttributionType,SalesChannel,AzurePricingModel,AvailableSeats,AssignedSeats,ActiveUsers,IsTrial";
pub const USAGE_HEADER: &str =
    "Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers";

/// Writes both files; returns the number of rows of each.
pub fn generate(
    opts: &Options,
    customers_out: &mut impl Write,
    usage_out: &mut impl Write,
) -> io::Result<(usize, usize)> {
    let mut rng = Rng(opts.seed ^ 0x5EED_0F1A_5EED);
    let months = opts.months.max(1);
    let first = opts.last_month.plus(1 - months as i32);
    let month_text: Vec<String> = (0..months)
        .map(|i| {
            let m = first.plus(i as i32);
            format!("{}/1/{}", m.month(), m.year())
        })
        .collect();
    writeln!(customers_out, "{CUSTOMERS_HEADER}")?;
    writeln!(usage_out, "{USAGE_HEADER}")?;
    let mut out = Out {
        customers: customers_out,
        usage: usage_out,
        line: String::with_capacity(256),
        rows: 0,
        usage_rows: 0,
    };
    // Each customer's draws come in one fixed order, so a seed always gives
    // the same files.
    let mut names = HashSet::new();
    for _ in 0..opts.customers {
        let mut customer = Customer::draw(&mut rng, months, &mut names);
        let spells = spells(&mut rng, months);
        let subs = subscriptions(&mut rng, &customer, &spells);
        for (m, month) in month_text.iter().enumerate() {
            if customer.renamed_at == Some(m) {
                customer.name.clone_from(&customer.renamed);
            }
            if customer.regrouped_at == Some(m) {
                customer.segment = customer.changed_segment;
            }
            out.month(&mut rng, &customer, &subs, m, month, months)?;
        }
    }
    Ok((out.rows, out.usage_rows))
}

/// A customer as drawn: who it is, its size, and what changes once.
struct Customer {
    tenant: String,
    name: String,
    market: &'static str,
    segment: &'static str,
    /// Seats it could use.
    size: f64,
    location: &'static str,
    channel: &'static str,
    /// The month it takes another name, if it does, and that name.
    renamed_at: Option<usize>,
    renamed: String,
    /// The month it moves to another segment, if it does, and that segment.
    regrouped_at: Option<usize>,
    changed_segment: &'static str,
    /// Buys and never uses: licences unused all along.
    dormant: bool,
    /// The workloads its tenant uses, with the share of licences that do.
    workloads: Vec<(&'static str, f64)>,
}

impl Customer {
    fn draw(rng: &mut Rng, months: usize, taken: &mut HashSet<String>) -> Customer {
        let tenant = rng.guid();
        let market = rng.pick(MARKETS);
        let name = company_name(rng, market, taken);
        let segment = rng.pick(SEGMENTS);
        let size = match segment {
            "Enterprise" => rng.between(300.0, 3000.0),
            "Corporate" | "Government" => rng.between(60.0, 600.0),
            "Education" => rng.between(40.0, 900.0),
            _ => rng.between(3.0, 80.0),
        };
        let location = rng.pick(PARTNER_LOCATIONS);
        let channel = rng.pick(CHANNELS);
        // A few customers take another name (a merger, a new brand) or
        // grow into another segment once.
        let renamed_at = rng.chance(0.03).then(|| 1 + rng.below(months.max(2) - 1));
        let renamed = company_name(rng, market, taken);
        let regrouped_at = rng.chance(0.05).then(|| 1 + rng.below(months.max(2) - 1));
        let changed_segment = rng.pick(SEGMENTS);
        let dormant = rng.chance(0.04);
        // Not every tenant uses every workload.
        let workloads = WORKLOADS
            .iter()
            .filter(|(w, _)| match *w {
                "Yammer" => rng.chance(0.35),
                "Skype for Business" => rng.chance(0.15),
                _ => true,
            })
            .copied()
            .collect();
        Customer {
            tenant,
            name,
            market,
            segment,
            size,
            location,
            channel,
            renamed_at,
            renamed,
            regrouped_at,
            changed_segment,
            dormant,
            workloads,
        }
    }
}

/// A customer's lifetime: spells of being a customer (start, exclusive
/// end), with churn and return.
fn spells(rng: &mut Rng, months: usize) -> Vec<(usize, usize)> {
    let mut spells = Vec::new();
    let mut start = if rng.chance(0.55) {
        0
    } else {
        rng.below(months)
    };
    loop {
        let mut end = start + 1;
        while end < months && !rng.chance(0.018) {
            end += 1;
        }
        spells.push((start, end));
        if end >= months || !rng.chance(0.3) {
            break;
        }
        start = end + 1 + rng.below(6);
        if start >= months {
            break;
        }
    }
    spells
}

/// The subscriptions of each spell: one from its start, a few more later
/// (some of which end early).
fn subscriptions(rng: &mut Rng, c: &Customer, spells: &[(usize, usize)]) -> Vec<Subscription> {
    let mut subs = Vec::new();
    for &(start, end) in spells {
        let count = 1 + rng.below(if c.size > 100.0 { 5 } else { 3 });
        for k in 0..count {
            let weights: Vec<(usize, u32)> = PRODUCTS
                .iter()
                .enumerate()
                .map(|(i, p)| (i, p.weight))
                .collect();
            let product = rng.pick(&weights);
            let p = &PRODUCTS[product];
            let sub_start = if k == 0 {
                start
            } else {
                (start + rng.below(8)).min(end - 1)
            };
            let sub_end = if k > 0 && rng.chance(0.15) {
                (sub_start + 1 + rng.below(12)).min(end)
            } else {
                end
            };
            let attribution = rng.pick(ATTRIBUTIONS);
            subs.push(Subscription {
                id: rng.guid(),
                product,
                sku: p.skus[rng.below(p.skus.len())],
                start: sub_start,
                end: sub_end,
                trial_months: if p.seat_based && rng.chance(0.08) {
                    1 + rng.below(2)
                } else {
                    0
                },
                channel: c.channel,
                attribution,
                location: if rng.chance(0.1) {
                    rng.pick(PARTNER_LOCATIONS)
                } else {
                    c.location
                },
                pricing: if p.seat_based {
                    ""
                } else {
                    rng.pick(PRICING_MODELS)
                },
                seats: (c.size * rng.between(0.3, 1.0)).max(1.0),
                deploy: if rng.chance(0.2) {
                    rng.between(0.25, 0.6)
                } else {
                    rng.between(0.7, 1.0)
                },
                usage: if rng.chance(0.12) {
                    rng.between(1.0, 1.25)
                } else if rng.chance(0.2) {
                    rng.between(0.2, 0.5)
                } else {
                    rng.between(0.55, 0.98)
                },
                suspended: rng
                    .chance(0.05)
                    .then(|| sub_start + rng.below((sub_end - sub_start).max(1))),
                grace_end: rng.chance(0.3),
                // A subscription bought in the data's first month or
                // before is in use from that month; a new one is used from
                // its first month, or (a third of them) its second.
                ramp: if sub_start > 0 && rng.chance(0.3) {
                    1
                } else {
                    0
                },
            });
        }
    }
    subs
}

/// Where the rows go, and how many went.
struct Out<'w, C: Write, U: Write> {
    customers: &'w mut C,
    usage: &'w mut U,
    line: String,
    rows: usize,
    usage_rows: usize,
}

impl<C: Write, U: Write> Out<'_, C, U> {
    /// One month of a customer: a row per subscription it has that month
    /// (and one closing row after each ends), then its workload usage.
    fn month(
        &mut self,
        rng: &mut Rng,
        c: &Customer,
        subs: &[Subscription],
        m: usize,
        month: &str,
        months: usize,
    ) -> io::Result<()> {
        let mut office_licenses = 0u64;
        let mut office_users = 0u64;
        for s in subs {
            // One closing row after the end, then nothing.
            if m < s.start || m > s.end || (m == s.end && s.end >= months) {
                continue;
            }
            let p = &PRODUCTS[s.product];
            let trial = m < s.start + s.trial_months;
            let status = if m == s.end {
                if s.grace_end {
                    "InGracePeriod"
                } else {
                    "Deprovisioned"
                }
            } else if s.suspended == Some(m) {
                if rng.chance(0.5) {
                    "Suspended"
                } else {
                    "Disabled"
                }
            } else {
                "Active"
            };
            let (available, assigned, active) = if p.seat_based {
                let drift = 1.0 + 0.01 * (m - s.start) as f64;
                let available = if trial {
                    25.0
                } else {
                    (s.seats * drift).round()
                };
                let assigned = (available * s.deploy).round();
                let using = (status == "Active" || status == "InGracePeriod")
                    && !c.dormant
                    && m >= s.start + s.ramp;
                let active = if using {
                    (assigned * s.usage).round()
                } else {
                    0.0
                };
                (available as u64, assigned as u64, active as u64)
            } else {
                // Azure consumption carries no seats and no user counts.
                (0, 0, 0)
            };
            if status == "Active" && !trial && (p.name == "Microsoft 365" || p.name == "Office 365")
            {
                office_licenses += available;
                office_users += active;
            }
            self.line.clear();
            let _ = write!(
                self.line,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                month,
                c.tenant,
                csv_field(&c.name),
                csv_field(c.market),
                c.segment,
                csv_field(p.name),
                csv_field(s.sku),
                s.id,
                status,
                s.location,
                s.attribution,
                s.channel,
                s.pricing,
                available,
                assigned,
                active,
                if trial { "true" } else { "false" }
            );
            self.customers.write_all(self.line.as_bytes())?;
            self.customers.write_all(b"\n")?;
            self.rows += 1;
        }
        // The Office usage report counts the same people as the
        // subscriptions' active users: each workload is used by a share of
        // them (a few more than licensed now and then, for Yammer's guests).
        if office_licenses > 0 && !c.dormant {
            for &(workload, ratio) in &c.workloads {
                let used = if workload == "Yammer" && rng.chance(0.05) {
                    1.15
                } else {
                    (ratio * rng.between(0.9, 1.08)).min(1.0)
                };
                let users = (office_users as f64 * used).round() as u64;
                writeln!(
                    self.usage,
                    "{},{},{},{},{}",
                    month, c.tenant, workload, office_licenses, users
                )?;
                self.usage_rows += 1;
            }
        }
        Ok(())
    }
}

/// Quotes a CSV field when it needs it (RFC 4180).
pub fn csv_field(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\"")).into()
    } else {
        text.into()
    }
}
