//! Numbers and months in the language in force ([`crate::i18n`]): the
//! engine's [`Locale`](partner_insights::l10n::Locale) formats, with the
//! page's language passed in.

use partner_insights::model::Month;

pub use partner_insights::l10n::format::{parse_threshold, threshold_text};

use crate::i18n::current;

pub fn count(n: u64) -> String {
    current().count(n)
}

pub fn count_or_unknown(n: Option<u64>) -> String {
    current().count_or_unknown(n)
}

pub fn number(value: f64, decimals: u32) -> String {
    current().number(value, decimals)
}

pub fn percent(p: Option<f64>) -> String {
    current().percent(p)
}

pub fn change(p: Option<f64>) -> String {
    current().change(p)
}

pub fn percent_of(number: &str) -> String {
    current().percent_of(number)
}

pub fn month(m: Month) -> String {
    current().month(m)
}

/// A percentage, or "not available" when the file cannot tell it; an
/// undefined one (a denominator of 0) is a dash.
pub fn pct_text(p: Option<f64>, known: bool) -> String {
    if known {
        percent(p)
    } else {
        crate::i18n::t("figure.not_available").to_string()
    }
}
