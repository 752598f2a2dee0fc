//! A file's slash dates: each distinct value coded once, and the order
//! (month or day first) the whole file is read in (spec 1.4).

use crate::model::month::{DateOrder, MonthCode, MonthResolver, SlashDate, Written};

/// What a row's month value is, as far as one value tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Coded {
    /// A month, or a slash date valid in both orders.
    Sure(MonthCode),
    /// A slash date valid in one order only: the file's order decides.
    Pending(MonthCode),
    /// A slash date valid in neither order.
    NoDate,
}

/// The distinct slash dates of a file, and the order they are read in.
#[derive(Default, Debug)]
pub struct SlashDates {
    index: crate::hash::Map<SlashDate, Coded>,
    dates: Vec<SlashDate>,
    /// The last date coded: rows of a month follow one another.
    last: Option<(SlashDate, Coded)>,
}

impl SlashDates {
    pub fn code(&mut self, written: Written) -> Coded {
        let date = match written {
            Written::Month(month) => return Coded::Sure(month.0),
            Written::Slash(date) => date,
        };
        if let Some((last, coded)) = self.last {
            if last == date {
                return coded;
            }
        }
        let dates = &mut self.dates;
        let coded = *self
            .index
            .entry(date)
            .or_insert_with(|| match date.valid_orders() {
                0 => Coded::NoDate,
                orders => {
                    dates.push(date);
                    let code = -(dates.len() as i32);
                    if orders == 2 {
                        Coded::Sure(code)
                    } else {
                        Coded::Pending(code)
                    }
                }
            });
        self.last = Some((date, coded));
        coded
    }

    /// Spec 1.4: day first when some value's first part is above 12, or
    /// when every first part is 1 and the second parts are not all 1;
    /// month first otherwise. `None` when the file has no slash date.
    pub fn order(&self) -> Option<DateOrder> {
        if self.dates.is_empty() {
            return None;
        }
        let day_first = self.dates.iter().any(|d| d.first > 12)
            || (self.dates.iter().all(|d| d.first == 1)
                && self.dates.iter().any(|d| d.second != 1));
        Some(if day_first {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        })
    }

    /// Every code's month in the file's order (`None`: invalid in it).
    pub fn resolver(&self) -> MonthResolver {
        let order = self.order();
        MonthResolver::new(
            order
                .map(|order| self.dates.iter().map(|d| d.month(order)).collect())
                .unwrap_or_default(),
        )
    }
}
