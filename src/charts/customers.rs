//! The Customers dashboard's charts: KPI micro trends, adds and churns,
//! distribution and its trend, products and their SKUs, active customers.

use charming::component::{Axis, Grid, Legend};
use charming::element::{
    AxisPointer, AxisPointerType, AxisType, Emphasis, EmphasisFocus, ItemStyle, Tooltip, Trigger,
};
use charming::series::{Bar, Line, Pie};
use serde_json::{json, Value};

use crate::l10n::Locale;
use crate::metrics::{ActivePoint, AddsChurns, Entry, Point, ProductFigures, TrendMonth};

use super::figure::*;
use super::*;

/// The micro chart of a KPI tile: a small column series with a tooltip.
#[inline]
pub fn micro_trend(l: &Locale, name: &str, points: &[Point], color: &str) -> Value {
    let chart = Figure::default()
        .grid(Grid::new().left(2).right(2).top(4).bottom(2))
        .tooltip(Tooltip::new().trigger(Trigger::Axis).formatter("{b}: {c}"))
        .x_axis(month_axis(months(l, points, |p| p.month)).show(false))
        .y_axis(Axis::new().type_(AxisType::Value).show(false).min(0))
        .series(
            Bar::new()
                .name(name)
                .item_style(ItemStyle::new().color(color))
                .data(points.iter().map(|p| p.value.unwrap_or(0) as i64).collect()),
        );
    let mut option = to_json(chart);
    option["animation"] = json!(false);
    // An unknown value is no column at all, not a column of 0.
    option["series"][0]["data"] = points.iter().map(|p| known_or_unknown(p.value)).collect();
    option
}

/// Adds and churns: New and Existing stacked up, Churned stacked below zero.
#[inline]
pub fn adds_churns(l: &Locale, rows: &[AddsChurns]) -> Value {
    let stack = |name: &str, color: &str, values: Vec<i64>| {
        Bar::new()
            .name(name)
            .stack("customers")
            .item_style(ItemStyle::new().color(color))
            .emphasis(Emphasis::new().focus(EmphasisFocus::Series))
            .data(values)
    };
    let chart = stacks_over_months(months(l, rows, |r| r.month))
        .legend(Legend::new().bottom(0))
        .series(stack(
            l.text("chart.new"),
            NEW,
            rows.iter().map(|r| r.new as i64).collect(),
        ))
        .series(stack(
            l.text("chart.existing"),
            EXISTING,
            rows.iter().map(|r| r.existing as i64).collect(),
        ))
        .series(stack(
            l.text("chart.churned"),
            CHURNED,
            rows.iter().map(|r| -(r.churned as i64)).collect(),
        ));
    to_json(chart)
}

/// Current customers per value: one series per value so the legend can
/// hide each, drawn over one another in each value's own slot.
#[inline]
pub fn distribution(l: &Locale, entries: &[Entry]) -> Value {
    let keys: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
    let mut chart = bars_by_name(keys.clone(), 36)
        .color(palette())
        .legend(
            Legend::new()
                .top(0)
                .type_(charming::component::LegendType::Scroll),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{a}: {c}"));
    for (i, entry) in entries.iter().enumerate() {
        let data: Vec<Option<i64>> = (0..entries.len())
            .map(|j| (i == j).then_some(entry.value as i64))
            .collect();
        chart = chart.series(Bar::new().name(entry.key.as_str()).data(data));
    }
    let mut option = to_json(chart);
    for series in option["series"].as_array_mut().into_iter().flatten() {
        series["barGap"] = json!("-100%");
        series["barMaxWidth"] = json!(28);
    }
    // What the bars count, for the chart's table (ECharts ignores the key).
    option["valueName"] = json!(l.text("kpi.customers"));
    option
}

/// Customers by product as a donut; the selected product stands out. The
/// product buttons beside it name the colours, so the ring has no labels
/// to collide on a narrow screen.
#[inline]
pub fn products(l: &Locale, products: &[ProductFigures], selected: Option<&str>) -> Value {
    let chart = Figure::default()
        .color(palette())
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Item)
                .formatter("{b}: {c} ({d}%)"),
        )
        .series(
            Pie::new()
                .name(l.text("chart.customers"))
                .radius(vec!["42%", "70%"])
                .center(vec!["50%", "50%"])
                .selected_mode(true)
                .data(
                    products
                        .iter()
                        .map(|p| (p.customers as i64, p.product.as_str()))
                        .collect(),
                ),
        );
    let mut option = to_json(chart);
    if let Some(items) = option["series"][0]["data"].as_array_mut() {
        for item in items {
            if selected.is_some_and(|s| item["name"] == s) {
                item["selected"] = json!(true);
            }
        }
    }
    option["series"][0]["selectedMode"] = json!("single");
    option["series"][0]["label"] = json!({"show": false});
    option
}

/// One product's customers per SKU, as horizontal bars.
#[inline]
pub fn skus(product: &ProductFigures, color: &str) -> Value {
    let chart = bars_by_name(product.skus.iter().map(|e| e.key.clone()).collect(), 8)
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
        )
        .series(
            Bar::new()
                .name(product.product.as_str())
                .item_style(ItemStyle::new().color(color))
                .data(product.skus.iter().map(|e| e.value as i64).collect()),
        );
    let mut option = to_json(chart);
    option["series"][0]["barMaxWidth"] = json!(28);
    option
}

/// Keys of a trend in stacking order: the largest totals first, at most
/// [`MAX_STACKS`] of them, the rest summed as "Other".
#[inline]
pub fn stack_keys(months: &[TrendMonth]) -> (Vec<String>, bool) {
    let mut totals: Vec<(String, u64)> = Vec::new();
    for month in months {
        for e in &month.values {
            match totals.iter_mut().find(|(k, _)| *k == e.key) {
                Some(t) => t.1 += e.value,
                None => totals.push((e.key.clone(), e.value)),
            }
        }
    }
    crate::order::sort_by(&mut totals, |x, y| {
        y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0))
    });
    let other = totals.len() > MAX_STACKS;
    let keep = if other { MAX_STACKS - 1 } else { totals.len() };
    (
        totals.into_iter().take(keep).map(|(k, _)| k).collect(),
        other,
    )
}

/// Customers per month stacked by value (market, segment, ...).
#[inline]
pub fn distribution_trend(l: &Locale, months_: &[TrendMonth]) -> Value {
    let (keys, other) = stack_keys(months_);
    let value_of = |m: &TrendMonth, key: &str| {
        m.values
            .iter()
            .find(|e| e.key == key)
            .map_or(0, |e| e.value as i64)
    };
    let mut chart = stacks_over_months(months(l, months_, |m| m.month))
        .color(palette())
        .legend(
            Legend::new()
                .bottom(0)
                .type_(charming::component::LegendType::Scroll),
        );
    for key in &keys {
        chart = chart.series(
            Bar::new()
                .name(key.as_str())
                .stack("customers")
                .emphasis(Emphasis::new().focus(EmphasisFocus::Series))
                .data(months_.iter().map(|m| value_of(m, key)).collect()),
        );
    }
    if other {
        let rest = months_
            .iter()
            .map(|m| {
                m.values
                    .iter()
                    .filter(|e| !keys.contains(&e.key))
                    .map(|e| e.value as i64)
                    .sum::<i64>()
            })
            .collect();
        chart = chart.series(
            Bar::new()
                .name(l.text("chart.other"))
                .stack("customers")
                .data(rest),
        );
    }
    to_json(chart)
}

/// Active customers as columns, all customers as a line.
#[inline]
pub fn active_trend(l: &Locale, points: &[ActivePoint]) -> Value {
    let chart = Figure::default()
        .legend(Legend::new().bottom(0))
        .tooltip(Tooltip::new().trigger(Trigger::Axis))
        .grid(
            Grid::new()
                .left(8)
                .right(16)
                .top(16)
                .bottom(36)
                .contain_label(true),
        )
        .x_axis(month_axis(months(l, points, |p| p.month)))
        .y_axis(count_axis())
        .series(
            Bar::new()
                .name(l.text("chart.active_customers"))
                .item_style(ItemStyle::new().color(ACTIVE))
                .data(
                    points
                        .iter()
                        .map(|p| p.active.unwrap_or(0) as i64)
                        .collect(),
                ),
        )
        .series(
            Line::new()
                .name(l.text("chart.customers"))
                .item_style(ItemStyle::new().color(NEW))
                .data(points.iter().map(|p| p.customers as i64).collect()),
        );
    let mut option = to_json(chart);
    // Unknown active customers (spec 1.4) are no columns, not columns of 0.
    option["series"][0]["data"] = points.iter().map(|p| known_or_unknown(p.active)).collect();
    option
}

/// A data item of a figure the data may not tell (spec 1.4): the value, or
/// an item without one that the chart's table reads "not available".
#[inline]
pub fn known_or_unknown(value: Option<u64>) -> Value {
    match value {
        Some(v) => json!(v),
        None => json!({"value": null, "unknown": true}),
    }
}

/// Stacked bars over months: the axis tooltip with a shadow pointer, the
/// slider, the month axis and a count axis.
#[inline]
fn stacks_over_months(labels: Vec<String>) -> Figure {
    Figure::default()
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
        )
        .data_zoom(slider())
        .grid(slider_grid())
        .x_axis(month_axis(labels))
        .y_axis(count_axis())
}

/// Horizontal bars by name: counts along the x axis, the names down the y
/// axis, first on top; `top` leaves room for a legend.
#[inline]
fn bars_by_name(names: Vec<String>, top: i64) -> Figure {
    Figure::default()
        .grid(
            Grid::new()
                .left(8)
                .right(24)
                .top(top)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(count_axis())
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(names),
        )
}
