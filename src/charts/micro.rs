//! A tile's micro chart drawn as plain SVG by the page, not by ECharts: a
//! few dozen columns or a line, redrawn on every change of figures, for
//! which a chart library's model, layout and renderer cost more than the
//! figures (2–3 ms a tile, against well under one drawn by hand).
//!
//! The shape is worked out here from the same option the chart would take
//! ([`super::micro_trend`], [`super::adoption::micro`]), so its text
//! alternative ([`super::table::of`]) and its hover texts read that option
//! too. Coordinates are in a box of [`BOX`] × [`BOX`] that the page
//! stretches to the tile.

use serde_json::Value;

use super::TooltipItem;
use crate::l10n::Locale;

/// The side of the box the shape is drawn in: coordinates are whole
/// numbers (no float formatting in the wasm), fine enough at any width.
pub const BOX: f64 = 1000.0;
/// Room above the highest value, as in the chart it replaces (4 px of 48).
const TOP: f64 = 80.0;
/// A column's share of its month's width.
const COLUMN: f64 = 0.6;

/// One month of a micro chart: the strip it owns (hovered, it names the
/// month and the value) and, for columns, the column.
#[derive(Debug, Clone, PartialEq)]
pub struct MicroMonth {
    /// The strip's left edge and width.
    pub x: f64,
    pub width: f64,
    /// The column: its top and height (none for an unknown value or a line).
    pub column: Option<(f64, f64)>,
    /// "Mar 2026: 1,234", as the chart's tooltip template says, as HTML
    /// (its names escaped, as the template makes it for ECharts).
    pub title_html: String,
}

/// A micro chart: its months, the line through them (an SVG path, for a
/// chart of percentages), and its colour.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Micro {
    pub months: Vec<MicroMonth>,
    pub line: Option<String>,
    pub color: String,
}

/// A value of the option's data: a number, or an object holding one
/// (`{"value": null, "unknown": true}` for a figure the data cannot tell).
#[inline]
fn value_of(item: &Value) -> Option<f64> {
    match item {
        Value::Object(o) => o.get("value").and_then(Value::as_f64),
        other => other.as_f64(),
    }
}

/// The shape of a micro chart's option.
#[inline]
pub fn micro(l: &Locale, option: &Value) -> Micro {
    let series = &option["series"][0];
    let labels = option["xAxis"]["data"].as_array();
    let data = series["data"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    let values: Vec<Option<f64>> = data.iter().map(value_of).collect();
    let template = option["tooltip"]["formatter"]
        .as_str()
        .unwrap_or("{b}: {c}");
    let line = series["type"] == "line";
    let high = values
        .iter()
        .flatten()
        .fold(0.0_f64, |m, v| m.max(*v))
        .max(f64::MIN_POSITIVE);
    let n = values.len().max(1) as f64;
    let slot = BOX / n;
    let y = |v: f64| BOX - (v.max(0.0) / high) * (BOX - TOP);
    let months = values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let name = labels
                .and_then(|l| l.get(i))
                .and_then(Value::as_str)
                .unwrap_or_default();
            let item = TooltipItem {
                series: series["name"].as_str().unwrap_or_default().to_string(),
                name: name.to_string(),
                value: *v,
                percent: None,
            };
            let mut title_html = super::fill_template(l, template, &item);
            if v.is_none() {
                title_html.push_str(&super::escape_html(l.text("figure.not_available")));
            }
            MicroMonth {
                x: i as f64 * slot,
                width: slot,
                column: match (line, v) {
                    (false, Some(v)) => Some((y(*v), BOX - y(*v))),
                    _ => None,
                },
                title_html,
            }
        })
        .collect();
    // The line breaks where a value is unknown; a value alone is a dot.
    let path = line.then(|| {
        let mut d = String::new();
        let mut drawing = false;
        for (i, v) in values.iter().enumerate() {
            match v {
                Some(v) => {
                    let x = (i as f64 + 0.5) * slot;
                    let command = if drawing { 'L' } else { 'M' };
                    d.push_str(&format!("{command}{} {}", whole(x), whole(y(*v))));
                    let alone = !drawing && values.get(i + 1).is_none_or(Option::is_none);
                    if alone {
                        d.push_str("h0");
                    }
                    drawing = true;
                }
                None => drawing = false,
            }
        }
        d
    });
    Micro {
        months,
        line: path,
        color: series["itemStyle"]["color"]
            .as_str()
            .unwrap_or_default()
            .to_string(),
    }
}

impl Micro {
    /// The chart as SVG markup, stretched to its box: each month a strip
    /// that names it when hovered, holding its column; the line on top.
    #[inline]
    pub fn svg(&self) -> String {
        let color = super::escape_html(&self.color);
        let mut out = format!(
            r#"<svg viewBox="0 0 {side} {side}" preserveAspectRatio="none" width="100%" height="100%" aria-hidden="true">"#,
            side = whole(BOX)
        );
        for m in &self.months {
            out.push_str(&format!(
                r#"<g><title>{}</title><rect class="strip" x="{}" y="0" width="{}" height="{}"/>"#,
                m.title_html,
                whole(m.x),
                whole(m.width),
                whole(BOX)
            ));
            if let Some((top, height)) = m.column {
                let width = whole(m.width * COLUMN);
                out.push_str(&format!(
                    r#"<path d="M{} {}h{width}v{}h-{width}z" fill="{color}"/>"#,
                    whole(m.x + m.width * (1.0 - COLUMN) / 2.0),
                    whole(top),
                    whole(height),
                ));
            }
            out.push_str("</g>");
        }
        if let Some(d) = &self.line {
            out.push_str(&format!(
                r#"<path class="line" d="{d}" stroke="{color}" fill="none" vector-effect="non-scaling-stroke"/>"#
            ));
        }
        out.push_str("</svg>");
        out
    }
}

/// A coordinate as a whole number.
#[inline]
fn whole(v: f64) -> i64 {
    v.round() as i64
}
