//! Tooltip text: templates filled in the page's language, axis labels,
//! and HTML escaping of what a file put in a name.

use crate::l10n::Locale;

/// Escapes text for the HTML of a tooltip.
#[inline]
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(ch),
        }
    }
    out
}

/// What a tooltip template can name: `{a}` the series, `{b}` the item or
/// category, `{c}` the value, `{d}` a pie slice's percentage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TooltipItem {
    pub series: String,
    pub name: String,
    pub value: Option<f64>,
    pub percent: Option<f64>,
}

/// Fills an ECharts tooltip template as ECharts would, but with numbers
/// in the conventions of the language in force and names escaped. The
/// browser bridge puts this in place of every template, so the options
/// stay plain JSON and the text still follows the language.
#[inline]
pub fn fill_template(l: &Locale, template: &str, item: &TooltipItem) -> String {
    let value = |v: Option<f64>| v.map(|v| l.number(v, 1)).unwrap_or_default();
    let percent = |v: Option<f64>| l.percent_of(&value(v));
    template
        .replace("{c}%", &percent(item.value))
        .replace("{d}%", &percent(item.percent))
        .replace("{a}", &escape_html(&item.series))
        .replace("{b}", &escape_html(&item.name))
        .replace("{c}", &value(item.value))
        .replace("{d}", &value(item.percent))
}

/// An axis label: `{value}%` templates become percentages, anything else a
/// plain number, both in the language in force.
#[inline]
pub fn axis_label(l: &Locale, template: Option<&str>, value: f64) -> String {
    let number = l.number(value, 2);
    match template {
        Some(t) if t.contains("{value}%") => t.replace("{value}%", &l.percent_of(&number)),
        Some(t) => t.replace("{value}", &number),
        None => number,
    }
}
