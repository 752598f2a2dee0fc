//! Calendar months: parsing every form the exports use, and printing `YYYY-MM`.

use std::fmt;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

/// A calendar month, stored as `year * 12 + (month - 1)` so that the month
/// before is `Month(self.0 - 1)` and a span is a subtraction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32);

impl Month {
    /// Years outside [`Month::YEARS`] are refused: they are typing errors,
    /// and they would stretch the data months over centuries.
    pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2999;

    pub fn new(year: i32, month: u32) -> Option<Month> {
        ((1..=12).contains(&month) && Month::YEARS.contains(&year))
            .then(|| Month(year * 12 + month as i32 - 1))
    }

    pub fn year(self) -> i32 {
        self.0.div_euclid(12)
    }

    /// 1 = January.
    pub fn month(self) -> u32 {
        self.0.rem_euclid(12) as u32 + 1
    }

    pub fn prev(self) -> Month {
        Month(self.0 - 1)
    }

    pub fn next(self) -> Month {
        Month(self.0 + 1)
    }

    pub fn plus(self, months: i32) -> Month {
        Month(self.0 + months)
    }

    /// Parses one value on its own: the forms of spec sections 1.2 and
    /// 1.4, a slash date read month first (`M/D/YYYY`, as Partner Center
    /// writes it). A file decides its slash dates' order as a whole
    /// (see `ingest::dates`). A date must exist (2024-02-30 is refused); only
    /// its year and month are kept.
    pub fn parse(text: &str) -> Option<Month> {
        match Written::read(text)? {
            Written::Month(month) => Some(month),
            Written::Slash(date) => date.month(DateOrder::MonthFirst),
        }
    }
}

/// A month value as written: one whose month is plain, or a slash date,
/// whose order only the whole file tells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Written {
    Month(Month),
    Slash(SlashDate),
}

/// `A/B/YYYY`: month first or day first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SlashDate {
    pub first: u8,
    pub second: u8,
    pub year: u16,
}

/// How a file's slash dates are read (spec 1.4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `M/D/YYYY`, as Partner Center writes it.
    MonthFirst,
    /// `D/M/YYYY`, as a spreadsheet in a day-first locale re-saves it.
    DayFirst,
}

impl SlashDate {
    pub fn month(self, order: DateOrder) -> Option<Month> {
        let (month, day) = match order {
            DateOrder::MonthFirst => (self.first, self.second),
            DateOrder::DayFirst => (self.second, self.first),
        };
        checked(u32::from(self.year), u32::from(month), u32::from(day))
    }

    /// In how many orders the date is valid: 0 (no date), 1 (its row may
    /// be rejected once the file's order is known) or 2.
    pub fn valid_orders(self) -> u8 {
        u8::from(self.month(DateOrder::MonthFirst).is_some())
            + u8::from(self.month(DateOrder::DayFirst).is_some())
    }
}

impl Written {
    /// Reads `YYYY-MM`, `YYYY-MM-DD`, either with a time after it (`T` or
    /// a space, seconds, fractions, `Z` or an offset), `D.M.YYYY` (day
    /// first) and `A/B/YYYY`, the last two with an optional time
    /// (`12:00:00 AM`).
    pub fn read(text: &str) -> Option<Written> {
        let s = text.trim().as_bytes();
        if s.len() >= 7 && s[4] == b'-' {
            let year = digits(&s[0..4])?;
            let month = digits(&s[5..7])?;
            if s.len() == 7 {
                return Month::new(year as i32, month).map(Written::Month);
            }
            if s.len() < 10 || s[7] != b'-' {
                return None;
            }
            let day = digits(&s[8..10])?;
            let rest = &s[10..];
            if !rest.is_empty() && !is_time(rest) {
                return None;
            }
            return checked(year, month, day).map(Written::Month);
        }
        let separator = if s.contains(&b'/') { b'/' } else { b'.' };
        let mut parts = s.splitn(3, |&b| b == separator);
        let first = parts
            .next()
            .filter(|p| (1..=2).contains(&p.len()))
            .and_then(digits)?;
        let second = parts
            .next()
            .filter(|p| (1..=2).contains(&p.len()))
            .and_then(digits)?;
        let tail = parts.next()?;
        if tail.len() < 4 {
            return None;
        }
        let year = digits(&tail[..4])?;
        let rest = &tail[4..];
        if !rest.is_empty() && (rest[0] != b' ' || !is_clock(&rest[1..])) {
            return None;
        }
        if separator == b'.' {
            return checked(year, second, first).map(Written::Month);
        }
        let date = SlashDate {
            first: u8::try_from(first).ok()?,
            second: u8::try_from(second).ok()?,
            year: u16::try_from(year).ok()?,
        };
        // Whether it is a date in either order is for its file to tell.
        Some(Written::Slash(date))
    }
}

/// A row's month until the whole file is read: a month (`>= 0`, the
/// month's own number), or a slash date (`< 0`): an index into the
/// file's table of distinct slash dates, read by a [`MonthResolver`].
pub type MonthCode = i32;

/// Turns [`MonthCode`]s into months once the file's date order is known.
#[derive(Default, Debug, Clone)]
pub struct MonthResolver {
    slash: Vec<Option<Month>>,
}

impl MonthResolver {
    /// A resolver whose slash date `-code - 1` reads as `slash[-code - 1]`.
    pub fn new(slash: Vec<Option<Month>>) -> MonthResolver {
        MonthResolver { slash }
    }

    pub fn month(&self, code: MonthCode) -> Option<Month> {
        if code >= 0 {
            Some(Month(code))
        } else {
            self.slash[(-code - 1) as usize]
        }
    }
}

fn checked(year: u32, month: u32, day: u32) -> Option<Month> {
    NaiveDate::from_ymd_opt(year as i32, month, day)?;
    Month::new(year as i32, month)
}

fn digits(s: &[u8]) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(s.iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0')))
}

/// `THH:MM[:SS[.fff]][Z|+HH:MM]` or the same after a space.
fn is_time(s: &[u8]) -> bool {
    matches!(s.first(), Some(b'T') | Some(b' ')) && is_clock(&s[1..])
}

/// `HH:MM[:SS[.fff]]` followed by an optional `Z`, UTC offset or ` AM`/` PM`.
fn is_clock(s: &[u8]) -> bool {
    let mut i = 0;
    let mut fields = 0;
    loop {
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if !(1..=2).contains(&(i - start)) {
            return false;
        }
        fields += 1;
        if i < s.len() && s[i] == b':' && fields < 3 {
            i += 1;
            continue;
        }
        break;
    }
    if fields < 2 {
        return false;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        let start = i;
        while i < s.len() && s[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    let rest = &s[i..];
    match rest {
        [] | [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()),
        _ => {
            let r = std::str::from_utf8(rest).unwrap_or("").trim();
            r.eq_ignore_ascii_case("AM") || r.eq_ignore_ascii_case("PM")
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Option<String> {
        Month::parse(s).map(|m| m.to_string())
    }

    #[test]
    fn accepts_every_documented_form() {
        assert_eq!(m("2024-03").as_deref(), Some("2024-03"));
        assert_eq!(m("2024-03-01").as_deref(), Some("2024-03"));
        assert_eq!(m("2024-03-31").as_deref(), Some("2024-03"));
        assert_eq!(m("2024-03-01T00:00:00").as_deref(), Some("2024-03"));
        assert_eq!(m("2024-03-01T00:00:00Z").as_deref(), Some("2024-03"));
        assert_eq!(
            m("2024-03-01T10:20:30.123+02:00").as_deref(),
            Some("2024-03")
        );
        assert_eq!(m("3/1/2024").as_deref(), Some("2024-03"));
        assert_eq!(m("03/01/2024").as_deref(), Some("2024-03"));
        assert_eq!(m("12/31/2023").as_deref(), Some("2023-12"));
        assert_eq!(m("1/1/2024 12:00:00 AM").as_deref(), Some("2024-01"));
        assert_eq!(m("  2024-03  ").as_deref(), Some("2024-03"));
    }

    #[test]
    fn refuses_what_is_not_a_month() {
        for bad in [
            "",
            "2024",
            "2024-13",
            "2024-00",
            "2024-02-30",
            "31/12/2023",
            "13/1/2024",
            "2024/03/01",
            "March 2024",
            "2024-03-01T",
            "2024-03-01Tnoon",
            "1/1/24",
            "2024-3",
            "x2024-03",
            "2024-03-01garbage",
            "١٢/١/٢٠٢٤",
            "0024-01",
            "1899-12",
            "3000-01-01",
            "9999-12",
        ] {
            assert_eq!(m(bad), None, "{bad:?} must be refused");
        }
    }

    #[test]
    fn arithmetic_crosses_years() {
        let jan = Month::new(2024, 1).unwrap();
        assert_eq!(jan.prev().to_string(), "2023-12");
        assert_eq!(jan.plus(23).to_string(), "2025-12");
        assert_eq!(jan.prev().next(), jan);
    }
}
