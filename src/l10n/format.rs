//! Numbers and months for people, in a [`Locale`]'s conventions:
//! `1,234.5` in English, `1.234,5` in Dutch, `1 234,5` in Swedish and
//! French; percentages with one decimal. Also the forms that are the same
//! in every language: numbers in files and thresholds in an address.

use super::Locale;
use crate::model::Month;

fn group(l: &Locale) -> &'static str {
    l.text("number.group")
}

fn minus(l: &Locale) -> &'static str {
    l.text("number.minus")
}

/// Digits in groups of three.
fn grouped(n: u64, l: &Locale) -> String {
    let digits = n.to_string();
    let sep = group(l);
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * sep.len());
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

impl Locale {
    /// `1234567` -> `1,234,567`.
    pub fn count(&self, n: u64) -> String {
        grouped(n, self)
    }

    /// A count the data may not tell (spec 1.4): unknown is "not available"
    /// in this language, never 0.
    pub fn count_or_unknown(&self, n: Option<u64>) -> String {
        match n {
            Some(n) => self.count(n),
            None => self.text("figure.not_available").to_string(),
        }
    }

    /// Any figure, to at most `decimals` decimals (trailing zeros dropped):
    /// chart axes and tooltips.
    pub fn number(&self, value: f64, decimals: u32) -> String {
        if !value.is_finite() {
            return "–".to_string();
        }
        let l = self;
        let scale = 10f64.powi(decimals as i32);
        let scaled = (value.abs() * scale).round();
        let whole = (scaled / scale).trunc();
        let mut fraction = format!(
            "{:0width$}",
            (scaled - whole * scale) as u64,
            width = decimals as usize
        );
        while fraction.ends_with('0') {
            fraction.pop();
        }
        let sign = if value < 0.0 && scaled > 0.0 {
            minus(l)
        } else {
            ""
        };
        let mut out = format!("{sign}{}", grouped(whole as u64, l));
        if !fraction.is_empty() {
            out.push_str(l.text("number.decimal"));
            out.push_str(&fraction);
        }
        out
    }

    /// `12.345` -> `12.3%`; undefined -> an en dash.
    pub fn percent(&self, p: Option<f64>) -> String {
        match p {
            Some(p) => self.percent_of(&one_decimal(p, self)),
            None => "–".to_string(),
        }
    }

    /// A change: `+12.3%`, `-4.0%`, `0.0%`, or an en dash when undefined.
    pub fn change(&self, p: Option<f64>) -> String {
        match p {
            Some(p) if round1(p) > 0.0 => format!("+{}", self.percent_of(&one_decimal(p, self))),
            Some(p) => self.percent_of(&one_decimal(p, self)),
            None => "–".to_string(),
        }
    }

    /// A number already formatted, as a percentage (`{n}%`, `{n} %`).
    pub fn percent_of(&self, number: &str) -> String {
        self.fill("number.percent", &[("n", &number)])
    }

    /// A month as people write it: `Mar 2024`, `mrt 2024`, `mars 2024`.
    pub fn month(&self, m: Month) -> String {
        let name = self.text(MONTH_KEYS[(m.month() as usize).clamp(1, 12) - 1]);
        self.fill("date.month", &[("month", &name), ("year", &m.year())])
    }
}

const MONTH_KEYS: [&str; 12] = [
    "month.1", "month.2", "month.3", "month.4", "month.5", "month.6", "month.7", "month.8",
    "month.9", "month.10", "month.11", "month.12",
];

fn round1(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

fn one_decimal(p: f64, l: &Locale) -> String {
    let r = round1(p);
    // No "-0.0".
    let r = if r == 0.0 { 0.0 } else { r };
    let whole = r.trunc().abs() as u64;
    let tenth = ((r.abs() - r.abs().trunc()) * 10.0).round() as u64;
    let sign = if r < 0.0 { minus(l) } else { "" };
    format!(
        "{sign}{}{}{tenth}",
        grouped(whole, l),
        l.text("number.decimal")
    )
}

/// `p` with one decimal and a `.` whatever the language, no thousands
/// separator (`1234.5`, `-4.0`): a percentage in a file. Rounded as the
/// dashboard rounds percentages ([`Locale::percent`]), so a file says what the
/// screen says; empty for a value that is not finite.
pub fn plain_one_decimal(p: f64) -> String {
    if !p.is_finite() {
        return String::new();
    }
    let tenths = (p.abs() * 10.0).round() as u64;
    let sign = if p < 0.0 && tenths > 0 { "-" } else { "" };
    format!("{sign}{}.{}", tenths / 10, tenths % 10)
}

/// A threshold written as [`parse_threshold`] reads it back: the fewest
/// decimals that give `v` again (`40`, `37.5`); empty when `v` is not one
/// [`parse_threshold`] could give.
pub fn threshold_text(v: f64) -> String {
    if !(0.0..1e15).contains(&v) {
        return String::new();
    }
    let mut text = String::new();
    for decimals in 0..15 {
        let scaled = (v * 10f64.powi(decimals)).round();
        if scaled >= 1e15 {
            break;
        }
        let digits = format!("{:0>width$}", scaled as u64, width = decimals as usize + 1);
        let (whole, fraction) = digits.split_at(digits.len() - decimals as usize);
        text = if fraction.is_empty() {
            whole.to_string()
        } else {
            format!("{whole}.{fraction}")
        };
        if parse_threshold(&text) == Some(v) {
            break;
        }
    }
    text
}

/// A threshold as typed or kept in an address: digits with at most one
/// `.` (`40`, `37.5`, `.5`), at most 15 digits in all; `None` for anything
/// else, a sign included. The same value `str::parse::<f64>` gives for
/// such text: 15 digits are exact in an `f64`, and a division of two exact
/// values is rounded once. (Written here, not with `str::parse`, because
/// the standard library's parser brings a 17 KB table into the app.)
pub fn parse_threshold(text: &str) -> Option<f64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = whole.len() + fraction.len();
    if digits == 0 || digits > 15 {
        return None;
    }
    let mut mantissa: u64 = 0;
    for b in whole.bytes().chain(fraction.bytes()) {
        if !b.is_ascii_digit() {
            return None;
        }
        mantissa = mantissa * 10 + u64::from(b - b'0');
    }
    Some(mantissa as f64 / 10f64.powi(fraction.len() as i32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_written_as_they_are_read() {
        for v in [
            0.0,
            40.0,
            37.5,
            0.5,
            12.345,
            99.99,
            1000.0,
            0.001,
            123456789012345.0,
        ] {
            let text = threshold_text(v);
            assert_eq!(text, format!("{v}"), "{v}");
            assert_eq!(parse_threshold(&text), Some(v));
        }
        for n in 0..100_000u32 {
            let v = f64::from(n) / 1000.0;
            assert_eq!(threshold_text(v), format!("{v}"), "{v}");
        }
        assert_eq!(threshold_text(-1.0), "");
        assert_eq!(threshold_text(f64::NAN), "");
    }

    #[test]
    fn percentages_in_files_have_one_plain_decimal() {
        assert_eq!(plain_one_decimal(12.345), "12.3");
        assert_eq!(plain_one_decimal(1234.56), "1234.6");
        assert_eq!(plain_one_decimal(100.0), "100.0");
        assert_eq!(plain_one_decimal(-12.96), "-13.0");
        assert_eq!(plain_one_decimal(-0.04), "0.0");
        assert_eq!(plain_one_decimal(0.05), "0.1");
        assert_eq!(plain_one_decimal(f64::INFINITY), "");
        // The same digits as on the dashboard.
        for n in 0..20_000u32 {
            let p = f64::from(n) * 0.0137 - 100.0;
            assert_eq!(
                format!("{}%", plain_one_decimal(p)),
                en().percent(Some(p)).replace(',', ""),
                "{p}"
            );
        }
    }

    #[test]
    fn thresholds_read_as_the_standard_parser_reads_them() {
        let texts = [
            "0",
            "40",
            "37.5",
            ".5",
            "5.",
            "100",
            "0.1",
            "12.345",
            "99.99",
            "123456789012345",
            "1.00000000000001",
            "33.3333333333333",
            "0007",
        ];
        for text in texts {
            assert_eq!(parse_threshold(text), text.parse::<f64>().ok(), "{text}");
        }
        // And everything else is not a threshold.
        for text in [
            "",
            ".",
            "-5",
            "+5",
            "1e2",
            "inf",
            "NaN",
            " 40",
            "40 ",
            "4,5",
            "1.2.3",
            "x",
            "1234567890123456",
        ] {
            assert_eq!(parse_threshold(text), None, "{text:?}");
        }
        // Every value with up to three decimals below 1,000.
        for n in 0..1_000_000u32 {
            let text = format!("{}.{:03}", n / 1000, n % 1000);
            assert_eq!(parse_threshold(&text), text.parse::<f64>().ok(), "{text}");
        }
    }

    fn en() -> &'static Locale {
        crate::l10n::reference()
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(en().count(0), "0");
        assert_eq!(en().count(999), "999");
        assert_eq!(en().count(1000), "1,000");
        assert_eq!(en().count(1234567), "1,234,567");
    }

    #[test]
    fn percentages_have_one_decimal() {
        assert_eq!(en().percent(Some(12.345)), "12.3%");
        assert_eq!(en().percent(Some(100.0)), "100.0%");
        assert_eq!(en().percent(Some(1234.56)), "1,234.6%");
        assert_eq!(en().percent(None), "–");
        assert_eq!(en().change(Some(8.49)), "+8.5%");
        assert_eq!(en().change(Some(-0.04)), "0.0%");
        assert_eq!(en().change(Some(-12.96)), "-13.0%");
        assert_eq!(en().change(None), "–");
    }

    #[test]
    fn numbers_drop_trailing_zeros() {
        assert_eq!(en().number(1234.0, 2), "1,234");
        assert_eq!(en().number(-1234.5, 2), "-1,234.5");
        assert_eq!(en().number(0.004, 2), "0");
        assert_eq!(en().number(-0.004, 2), "0");
        assert_eq!(en().number(2.25, 1), "2.3");
    }

    #[test]
    fn each_language_formats_its_own_way() {
        let m = Month::new(2024, 3).unwrap();
        let cases = [
            ("en", "1,234,567", "1,234.6%", "-13.0%", "Mar 2024"),
            ("nl", "1.234.567", "1.234,6%", "-13,0%", "mrt 2024"),
            (
                "sv",
                "1\u{a0}234\u{a0}567",
                "1\u{a0}234,6\u{a0}%",
                "\u{2212}13,0\u{a0}%",
                "mars 2024",
            ),
            (
                "fr",
                "1\u{202f}234\u{202f}567",
                "1\u{202f}234,6\u{a0}%",
                "-13,0\u{a0}%",
                "mars 2024",
            ),
        ];
        for (code, n, p, c, month_label) in cases {
            let l = crate::l10n::find(code).unwrap();
            assert_eq!(l.count(1234567), n, "{code}");
            assert_eq!(l.percent(Some(1234.56)), p, "{code}");
            assert_eq!(l.change(Some(-12.96)), c, "{code}");
            assert_eq!(l.month(m), month_label, "{code}");
        }
    }
}
