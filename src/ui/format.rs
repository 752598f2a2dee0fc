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

/// A span of months as the page writes it ("Nov 2025 to Oct 2026").
pub fn months(from: Month, to: Month) -> String {
    crate::tr!("range.from_to", from = month(from), to = month(to))
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

thread_local! {
    /// The browser's names of regions in the language in force.
    static REGIONS: std::cell::RefCell<Option<(&'static str, js_sys::Intl::DisplayNames)>> =
        const { std::cell::RefCell::new(None) };
}

/// A country's name in the language in force: the browser's own name of
/// its ISO code (`Intl.DisplayNames`: "Allemagne", "Tyskland"), or the
/// name the engine gives it (the ISO short name, which English shows as
/// the files and downloads write it) when there is no code or the browser
/// has no name for it.
pub fn country(name: &str, iso2: Option<&str>) -> String {
    let lang = current().code;
    let (Some(code), false) = (iso2, lang == "en") else {
        return name.to_string();
    };
    REGIONS.with(|regions| {
        let mut regions = regions.borrow_mut();
        if regions.as_ref().map(|(l, _)| *l) != Some(lang) {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"type".into(), &"region".into());
            let _ = js_sys::Reflect::set(&options, &"fallback".into(), &"none".into());
            let locales = js_sys::Array::of1(&lang.into());
            *regions = Some((lang, js_sys::Intl::DisplayNames::new(&locales, &options)));
        }
        regions
            .as_ref()
            .and_then(|(_, names)| names.of(code))
            .map(String::from)
            .unwrap_or_else(|| name.to_string())
    })
}
