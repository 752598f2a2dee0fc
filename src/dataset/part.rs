//! A builder's rows handed between threads: a big file is read in two
//! parts at once, and the second part's rows are appended to the first's
//! before the dataset is grouped ([`DatasetBuilder::finish`]).
//!
//! Every id of the part is looked up again in the receiving builder's
//! dictionaries, so the result is the builder that reading the whole file
//! in one go would have given: the same values in the same order of first
//! sight.

use super::wire::{Malformed, Reader, Writer};
use super::{DatasetBuilder, Dict, Market, Plan, TextColumn, NO_VALUE};

fn write_dict(w: &mut Writer, dict: &Dict) {
    w.len(dict.len());
    for (_, value) in dict.iter() {
        w.str(value);
    }
}

/// Reads a dictionary of the part into `into`: the part's id -> the new id.
fn read_dict(r: &mut Reader<'_>, into: &mut Dict) -> Result<Vec<u32>, Malformed> {
    let n = r.len()?;
    let mut ids = Vec::with_capacity(n.min(1 << 20));
    for _ in 0..n {
        ids.push(into.intern(r.str()?));
    }
    Ok(ids)
}

fn remap(ids: &[u32]) -> impl Fn(u32) -> Result<u32, Malformed> + '_ {
    |id| ids.get(id as usize).copied().ok_or(Malformed)
}

fn write_text(w: &mut Writer, column: &TextColumn) {
    write_dict(w, &column.dict);
    w.u32s(&column.ids);
}

/// Appends a text column of the part; `NO_VALUE` stays itself.
fn read_text(r: &mut Reader<'_>, into: &mut TextColumn) -> Result<usize, Malformed> {
    let ids = read_dict(r, &mut into.dict)?;
    r.u32s_into(&mut into.ids, |id| match id {
        NO_VALUE => Ok(NO_VALUE),
        id => remap(&ids)(id),
    })
}

impl DatasetBuilder {
    /// The rows collected so far, for [`DatasetBuilder::append`] on another thread.
    pub fn encode(&self, w: &mut Writer) {
        let d = &self.data;
        w.u32s(&self.months.iter().map(|&m| m as u32).collect::<Vec<_>>());
        write_dict(w, &d.customers);
        w.u32s(&self.customer);
        w.u32s(&d.line);
        w.len(d.markets.len());
        for market in &d.markets {
            w.str(&market.name);
            w.str(market.iso2.unwrap_or(""));
        }
        w.u32s(&d.market);
        write_dict(w, &d.products);
        write_dict(w, &d.skus);
        let plans: Vec<u32> = d.plans.iter().flat_map(|p| [p.product, p.sku]).collect();
        w.u32s(&plans);
        w.u32s(&d.plan);
        for column in [&d.name, &d.segment, &d.subscription, &d.status] {
            write_text(w, column);
        }
        for column in [&d.partner_location, &d.attribution, &d.channel, &d.pricing] {
            write_text(w, column);
        }
        w.bools(&d.active);
        w.bools(&d.trial);
        for counts in [&d.available, &d.assigned, &d.active_users] {
            w.u32s(counts);
        }
    }

    /// Appends the rows a builder on another thread encoded, as if they had
    /// been pushed here in order; their source lines move by `line_offset`.
    /// On [`Malformed`] input the builder may hold part of them.
    pub fn append(&mut self, r: &mut Reader<'_>, line_offset: u32) -> Result<(), Malformed> {
        let mut months = Vec::new();
        let n = r.u32s_into(&mut months, Ok)?;
        self.months.extend(months.into_iter().map(|m| m as i32));
        let same = |len: usize| if len == n { Ok(()) } else { Err(Malformed) };
        let d = &mut self.data;
        let customers = read_dict(r, &mut d.customers)?;
        same(r.u32s_into(&mut self.customer, remap(&customers))?)?;
        same(r.u32s_into(&mut d.line, |line| {
            line.checked_add(line_offset).ok_or(Malformed)
        })?)?;
        let mut markets = Vec::new();
        for _ in 0..r.len()? {
            let name = r.str()?.to_string();
            let iso2 = match r.str()? {
                "" => None,
                code => Some(
                    crate::ingest::lookup_country(code)
                        .filter(|c| c.alpha2 == code)
                        .ok_or(Malformed)?
                        .alpha2,
                ),
            };
            markets.push(Market { name, iso2 });
        }
        let markets: Vec<u32> = markets.into_iter().map(|m| self.market_id(m)).collect();
        let d = &mut self.data;
        same(r.u32s_into(&mut d.market, remap(&markets))?)?;
        let products = read_dict(r, &mut d.products)?;
        let skus = read_dict(r, &mut d.skus)?;
        let mut pairs = Vec::new();
        r.u32s_into(&mut pairs, Ok)?;
        let mut plans = Vec::with_capacity(pairs.len() / 2);
        for pair in pairs.chunks(2) {
            let [product, sku] = pair else {
                return Err(Malformed);
            };
            let plan = Plan {
                product: remap(&products)(*product)?,
                sku: remap(&skus)(*sku)?,
            };
            let all = &mut self.data.plans;
            plans.push(*self.plan_index.entry(plan).or_insert_with(|| {
                all.push(plan);
                all.len() as u32 - 1
            }));
        }
        self.last_plan = None;
        let d = &mut self.data;
        same(r.u32s_into(&mut d.plan, remap(&plans))?)?;
        for column in [
            &mut d.name,
            &mut d.segment,
            &mut d.subscription,
            &mut d.status,
        ] {
            same(read_text(r, column)?)?;
        }
        for column in [
            &mut d.partner_location,
            &mut d.attribution,
            &mut d.channel,
            &mut d.pricing,
        ] {
            same(read_text(r, column)?)?;
        }
        same(r.bools_into(&mut d.active)?)?;
        same(r.bools_into(&mut d.trial)?)?;
        for counts in [&mut d.available, &mut d.assigned, &mut d.active_users] {
            same(r.u32s_into(counts, Ok)?)?;
        }
        Ok(())
    }
}
