//! Report -> ECharts options, as JSON. Pure functions, tested natively.
//!
//! Bars, lines and pies are built with `charming`; what it has no binding
//! for (the geo component, `barGap`, `selected` data items) is added to
//! the JSON it produces. Nothing here needs a JavaScript function, so the
//! options work under a Content-Security-Policy without `unsafe-eval`;
//! where a tooltip needs more than a template, the browser bridge attaches
//! a compiled closure (see `ui::echarts`).
//!
//! The charts are assembled in a [`Figure`], not charming's `Chart`: see
//! there why.
//!
//! The functions here are `#[inline]`: the browser build compiles them in
//! the app crate, at its size-first `opt-level`, instead of with the
//! engine at `opt-level = 3` (building option structs and serialising them
//! is code-heavy and runs once per chart update; see Cargo.toml).

pub mod adoption;
pub mod table;
pub mod theme;
pub mod world;

use charming::component::{Axis, DataZoom, DataZoomType, Grid, Legend};
use charming::element::{
    AxisPointer, AxisPointerType, AxisType, Color, Emphasis, EmphasisFocus, ItemStyle, Tooltip,
    Trigger,
};
use charming::series::{Bar, Line, Pie};
use serde::Serialize;
use serde_json::{json, Value};

use crate::l10n::Locale;
use crate::metrics::{ActivePoint, AddsChurns, Entry, Point, ProductFigures, TrendMonth};
use crate::model::Month;

/// One palette for every chart.
pub const PALETTE: [&str; 10] = [
    "#2f5fd0", "#17a2a2", "#e0a100", "#8f5bd6", "#d65b8f", "#4c9e3b", "#c7622a", "#5b7fa6",
    "#b5a33a", "#7b6b5a",
];
pub const NEW: &str = "#2f5fd0";
pub const EXISTING: &str = "#a9bde9";
pub const CHURNED: &str = "#c2352b";
pub const ACTIVE: &str = "#17a2a2";
/// Stacks with more values than this show the largest ones and "Other".
pub const MAX_STACKS: usize = 10;
/// The range slider's distance from the chart's left and right edges.
pub const SLIDER_INSET: i64 = 48;

/// Longest legend entry or category label drawn, in pixels; a longer name
/// is cut with an ellipsis (tooltips and tables show it whole).
pub const LABEL_WIDTH: u32 = 180;

/// An ECharts option made of the charming parts these charts use, with
/// charming's setters and the JSON charming's `Chart` gives for them.
/// `Chart` has a field for every component ECharts has (3D axes, calendars,
/// radars, ...) and its series can be any of twenty-two kinds, so
/// serialising one compiles the code for all of them: 69 KB of the app's
/// WebAssembly, against a few for these.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Figure {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    color: Vec<Color>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tooltip: Option<Tooltip>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legend: Option<Legend>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    grid: Vec<Grid>,
    /// One axis each way, written as an object (as `Chart` writes one).
    #[serde(skip_serializing_if = "Option::is_none")]
    x_axis: Option<Axis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    y_axis: Option<Axis>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    data_zoom: Vec<DataZoom>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    series: Vec<Plot>,
}

/// The kinds of series the charts draw. Not boxed, like charming's own
/// series enum: a chart has a handful.
#[derive(Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)]
enum Plot {
    Bar(Bar),
    Line(Line),
    Pie(Pie),
}

impl From<Bar> for Plot {
    fn from(bar: Bar) -> Plot {
        Plot::Bar(bar)
    }
}

impl From<Line> for Plot {
    fn from(line: Line) -> Plot {
        Plot::Line(line)
    }
}

impl From<Pie> for Plot {
    fn from(pie: Pie) -> Plot {
        Plot::Pie(pie)
    }
}

impl Figure {
    #[inline]
    fn color(mut self, color: Vec<Color>) -> Figure {
        self.color = color;
        self
    }

    #[inline]
    fn tooltip(mut self, tooltip: Tooltip) -> Figure {
        self.tooltip = Some(tooltip);
        self
    }

    #[inline]
    fn legend(mut self, legend: Legend) -> Figure {
        self.legend = Some(legend);
        self
    }

    #[inline]
    fn grid(mut self, grid: Grid) -> Figure {
        self.grid.push(grid);
        self
    }

    #[inline]
    fn x_axis(mut self, axis: Axis) -> Figure {
        self.x_axis = Some(axis);
        self
    }

    #[inline]
    fn y_axis(mut self, axis: Axis) -> Figure {
        self.y_axis = Some(axis);
        self
    }

    #[inline]
    fn data_zoom(mut self, zoom: DataZoom) -> Figure {
        self.data_zoom.push(zoom);
        self
    }

    #[inline]
    fn series(mut self, series: impl Into<Plot>) -> Figure {
        self.series.push(series.into());
        self
    }
}

#[inline]
fn to_json(chart: Figure) -> Value {
    serde_json::to_value(&chart).expect("chart options serialise")
}

/// How long a chart takes to move to new figures, in milliseconds.
pub const UPDATE_MS: u32 = 250;

/// How a chart moves. The chart component applies this to every option it
/// draws, with `animate` false for a chart's first drawing (the page shows
/// the figures at once, and each frame of an animation redraws the whole
/// chart: a second of frames for every chart of the first view) and when
/// the user prefers reduced motion. A change of figures otherwise moves
/// briefly, so the eye can follow it: what changes and what appears (an
/// update replaces the chart's series, so its elements enter anew) take
/// [`UPDATE_MS`]. A chart that turns animation off keeps it off.
#[inline]
pub fn motion(option: &mut Value, animate: bool) {
    if option.get("animation") == Some(&Value::Bool(false)) {
        return;
    }
    if !animate {
        option["animation"] = Value::Bool(false);
        return;
    }
    option["animationDuration"] = json!(UPDATE_MS);
    option["animationDurationUpdate"] = json!(UPDATE_MS);
}

/// The distance of labels under a category axis from it, in pixels
/// (ECharts' own is 8).
pub const UNDER_AXIS: u32 = 12;

/// Room kept free at the right end of a legend at the top of a chart, for
/// the chart's PNG button (`.chart-png`), in pixels.
pub const BUTTON_ROOM: u32 = 48;

/// Labels that fit any chart, however narrow and whatever the names. The
/// chart component applies this to every option it draws:
/// - names come from files and can be any length: legends and category
///   axes cut them at [`LABEL_WIDTH`], so a chart keeps its shape;
/// - a legend is one line that pages (`scroll`) unless the chart says
///   otherwise: a legend wrapped onto a second line would cover the axis
///   labels next to it on a phone;
/// - a legend at the top leaves [`BUTTON_ROOM`] at its right end, where
///   the PNG button sits, and as much at its left so it stays centred;
/// - a value axis leaves out labels that would touch (`0 50 100 150` on a
///   wide chart, `0 100` on a narrow one) instead of running them together;
/// - the labels under a category axis keep [`UNDER_AXIS`] pixels from it:
///   on a phone the first month reaches left under the value axis, whose
///   lowest label is centred on the axis line.
#[inline]
pub fn fit_labels(option: &mut Value) {
    let clip = serde_json::json!({"width": LABEL_WIDTH, "overflow": "truncate"});
    let merge = |target: &mut Value, key: &str| {
        if let Some(object) = target.as_object_mut() {
            let entry = object.entry(key).or_insert_with(|| serde_json::json!({}));
            if let (Some(entry), Some(clip)) = (entry.as_object_mut(), clip.as_object()) {
                for (k, v) in clip {
                    entry.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
    };
    let each = |value: &mut Value, f: &mut dyn FnMut(&mut Value)| match value {
        Value::Array(items) => items.iter_mut().for_each(f),
        Value::Object(_) => f(value),
        _ => {}
    };
    if let Some(legend) = option.get_mut("legend") {
        each(legend, &mut |l| {
            merge(l, "textStyle");
            if let Some(l) = l.as_object_mut() {
                l.entry("type").or_insert_with(|| json!("scroll"));
                if l.contains_key("top") && !l.contains_key("padding") {
                    l.insert("padding".into(), json!([5, BUTTON_ROOM]));
                }
            }
        });
    }
    for axis in ["xAxis", "yAxis"] {
        if let Some(axes) = option.get_mut(axis) {
            each(axes, &mut |a| match a.get("type").and_then(Value::as_str) {
                Some("category") => {
                    merge(a, "axisLabel");
                    if axis == "xAxis" {
                        if let Some(label) = a["axisLabel"].as_object_mut() {
                            label.entry("margin").or_insert(json!(UNDER_AXIS));
                        }
                    }
                }
                Some("value") => {
                    if let Some(a) = a.as_object_mut() {
                        let label = a.entry("axisLabel").or_insert_with(|| json!({}));
                        if let Some(label) = label.as_object_mut() {
                            label.entry("hideOverlap").or_insert(Value::Bool(true));
                        }
                    }
                }
                _ => {}
            });
        }
    }
}

/// Month labels as people write them in the language in force.
#[inline]
fn months<T>(l: &Locale, items: &[T], month: impl Fn(&T) -> Month) -> Vec<String> {
    items.iter().map(|item| l.month(month(item))).collect()
}

/// The id of every month axis, so a chart's table can head its first
/// column "Month" whatever the labels' language.
pub const MONTH_AXIS: &str = "months";

#[inline]
fn slider() -> DataZoom {
    DataZoom::new()
        .type_(DataZoomType::Slider)
        .top(8)
        .left(SLIDER_INSET)
        .right(SLIDER_INSET)
        .start(0)
        .end(100)
}

/// The plot area of a month chart with the range slider above it.
#[inline]
fn slider_grid() -> Grid {
    Grid::new()
        .left(8)
        .right(16)
        .top(44)
        .bottom(36)
        .contain_label(true)
}

/// A category axis of months.
#[inline]
fn month_axis(labels: Vec<String>) -> Axis {
    Axis::new()
        .id(MONTH_AXIS)
        .type_(AxisType::Category)
        .data(labels)
}

/// A value axis of customer counts: its ticks are whole numbers, also when
/// the largest count is 1 or 2.
#[inline]
fn count_axis() -> Axis {
    Axis::new().type_(AxisType::Value).min_interval(1.0)
}

#[inline]
fn palette() -> Vec<Color> {
    PALETTE.iter().map(|c| (*c).into()).collect()
}

/// The micro chart of a KPI tile: a small column series with a tooltip.
#[inline]
pub fn micro_trend(l: &Locale, points: &[Point], color: &str) -> Value {
    let chart = Figure::default()
        .grid(Grid::new().left(2).right(2).top(4).bottom(2))
        .tooltip(Tooltip::new().trigger(Trigger::Axis).formatter("{b}: {c}"))
        .x_axis(month_axis(months(l, points, |p| p.month)).show(false))
        .y_axis(Axis::new().type_(AxisType::Value).show(false).min(0))
        .series(
            Bar::new()
                .name("value")
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
    let chart = Figure::default()
        .legend(Legend::new().bottom(0))
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
        )
        .data_zoom(slider())
        .grid(slider_grid())
        .x_axis(month_axis(months(l, rows, |r| r.month)))
        .y_axis(count_axis())
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
pub fn distribution(entries: &[Entry]) -> Value {
    let keys: Vec<String> = entries.iter().map(|e| e.key.clone()).collect();
    let mut chart = Figure::default()
        .color(palette())
        .legend(
            Legend::new()
                .top(0)
                .type_(charming::component::LegendType::Scroll),
        )
        .tooltip(Tooltip::new().trigger(Trigger::Item).formatter("{a}: {c}"))
        .grid(
            Grid::new()
                .left(8)
                .right(24)
                .top(36)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(count_axis())
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(keys.clone()),
        );
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
    let chart = Figure::default()
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
        )
        .grid(
            Grid::new()
                .left(8)
                .right(24)
                .top(8)
                .bottom(8)
                .contain_label(true),
        )
        .x_axis(count_axis())
        .y_axis(
            Axis::new()
                .type_(AxisType::Category)
                .inverse(true)
                .data(product.skus.iter().map(|e| e.key.clone()).collect()),
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
    let mut chart = Figure::default()
        .color(palette())
        .legend(
            Legend::new()
                .bottom(0)
                .type_(charming::component::LegendType::Scroll),
        )
        .tooltip(
            Tooltip::new()
                .trigger(Trigger::Axis)
                .axis_pointer(AxisPointer::new().type_(AxisPointerType::Shadow)),
        )
        .data_zoom(slider())
        .grid(slider_grid())
        .x_axis(month_axis(months(l, months_, |m| m.month)))
        .y_axis(count_axis());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Month;

    #[test]
    fn a_figure_writes_what_charmings_chart_writes() {
        // Every setter and kind of series a Figure has, once with charming's
        // Chart and once with a Figure.
        macro_rules! build {
            ($chart:expr) => {
                $chart
                    .color(palette())
                    .legend(Legend::new().bottom(0))
                    .tooltip(Tooltip::new().trigger(Trigger::Axis).formatter("{b}: {c}"))
                    .grid(slider_grid())
                    .x_axis(month_axis(vec!["Jan 2024".into(), "Feb 2024".into()]))
                    .y_axis(Axis::new().type_(AxisType::Value).min(0))
                    .data_zoom(slider())
                    .series(Bar::new().name("bars").stack("s").data(vec![1, -2]))
                    .series(Line::new().name("line").data(vec![3, 4]))
                    .series(Pie::new().name("pie").data(vec![(5, "a"), (6, "b")]))
            };
        }
        let chart = serde_json::to_value(build!(charming::Chart::new())).unwrap();
        assert_eq!(to_json(build!(Figure::default())), chart);
        assert_eq!(chart["xAxis"]["data"][1], "Feb 2024");
        assert_eq!(chart["series"][2]["type"], "pie");
        // Nothing set, nothing written.
        assert_eq!(to_json(Figure::default()), json!({}));
    }

    #[test]
    fn updates_move_briefly_and_a_still_chart_stays_still() {
        let mut option = json!({"series": []});
        motion(&mut option, true);
        assert_eq!(option["animationDuration"], json!(UPDATE_MS));
        assert_eq!(option["animationDurationUpdate"], json!(UPDATE_MS));
        assert_eq!(option.get("animation"), None);
        let mut still = json!({"series": []});
        motion(&mut still, false);
        assert_eq!(still, json!({"series": [], "animation": false}));
        let mut off = micro_trend(crate::l10n::reference(), &[], "#000");
        let before = off.clone();
        motion(&mut off, true);
        assert_eq!(off, before);
    }

    fn month(m: u32) -> Month {
        Month::new(2024, m).unwrap()
    }

    fn entry(key: &str, value: u64) -> Entry {
        Entry {
            key: key.into(),
            value,
        }
    }

    #[test]
    fn adds_and_churns_stack_churned_below_zero() {
        let rows = [
            AddsChurns {
                month: month(1),
                new: 0,
                existing: 10,
                churned: 0,
            },
            AddsChurns {
                month: month(2),
                new: 3,
                existing: 9,
                churned: 1,
            },
        ];
        let o = adds_churns(crate::l10n::reference(), &rows);
        assert_eq!(o["xAxis"]["data"], json!(["Jan 2024", "Feb 2024"]));
        let names: Vec<&str> = o["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["New", "Existing", "Churned"]);
        assert_eq!(o["series"][0]["data"], json!([0, 3]));
        assert_eq!(o["series"][1]["data"], json!([10, 9]));
        assert_eq!(o["series"][2]["data"], json!([0, -1]));
        assert!(o["series"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["stack"] == "customers" && s["type"] == "bar"));
        assert_eq!(o["tooltip"]["trigger"], "axis");
        assert_eq!(o["dataZoom"][0]["type"], "slider");
    }

    #[test]
    fn distribution_has_one_series_per_value_in_its_own_slot() {
        let o = distribution(&[entry("CSP direct", 5), entry("EA", 2)]);
        assert_eq!(o["yAxis"]["data"], json!(["CSP direct", "EA"]));
        assert_eq!(o["series"][0]["name"], "CSP direct");
        assert_eq!(o["series"][0]["data"], json!([5, null]));
        assert_eq!(o["series"][1]["data"], json!([null, 2]));
        assert_eq!(o["series"][1]["barGap"], "-100%");
    }

    #[test]
    fn products_mark_the_selected_one() {
        let p = |name: &str, customers: u64| ProductFigures {
            product: name.into(),
            customers,
            skus: vec![entry("A", customers)],
        };
        let o = products(
            crate::l10n::reference(),
            &[p("Azure", 4), p("Office 365", 3)],
            Some("Office 365"),
        );
        assert_eq!(
            o["series"][0]["data"],
            json!([{"value": 4, "name": "Azure"}, {"value": 3, "name": "Office 365", "selected": true}])
        );
        assert_eq!(o["series"][0]["selectedMode"], "single");
        let s = skus(&p("Azure", 4), PALETTE[0]);
        assert_eq!(s["yAxis"]["data"], json!(["A"]));
        assert_eq!(s["series"][0]["data"], json!([4]));
    }

    #[test]
    fn trends_keep_the_largest_stacks_and_sum_the_rest() {
        let months: Vec<TrendMonth> = (1..=2)
            .map(|m| TrendMonth {
                month: month(m),
                values: (0..12)
                    .map(|i| entry(&format!("k{i:02}"), 100 - i))
                    .collect(),
            })
            .collect();
        let (keys, other) = stack_keys(&months);
        assert_eq!(keys.len(), MAX_STACKS - 1);
        assert_eq!(keys[0], "k00");
        assert!(other);
        let o = distribution_trend(crate::l10n::reference(), &months);
        let series = o["series"].as_array().unwrap();
        assert_eq!(series.len(), MAX_STACKS);
        assert_eq!(series[MAX_STACKS - 1]["name"], "Other");
        // k09 + k10 + k11 = 91 + 90 + 89.
        assert_eq!(series[MAX_STACKS - 1]["data"], json!([270, 270]));
        assert_eq!(series[0]["data"], json!([100, 100]));
    }

    #[test]
    fn active_trend_is_columns_and_a_line() {
        let o = active_trend(
            crate::l10n::reference(),
            &[ActivePoint {
                month: month(1),
                active: Some(3),
                customers: 5,
            }],
        );
        assert_eq!(o["series"][0]["type"], "bar");
        assert_eq!(o["series"][0]["data"], json!([3]));
        assert_eq!(o["series"][1]["type"], "line");
        assert_eq!(o["series"][1]["data"], json!([5]));
    }

    #[test]
    fn tooltip_templates_and_axis_labels_follow_the_language() {
        let item = TooltipItem {
            series: "<b>".into(),
            name: "Office 365".into(),
            value: Some(1234.5),
            percent: Some(12.25),
        };
        let pie = "{b}: {c} ({d}%)";
        let en = crate::l10n::reference();
        assert_eq!(fill_template(en, pie, &item), "Office 365: 1,234.5 (12.3%)");
        assert_eq!(fill_template(en, "{a}: {c}%", &item), "&lt;b&gt;: 1,234.5%");
        assert_eq!(axis_label(en, Some("{value}%"), 40.0), "40%");
        assert_eq!(axis_label(en, None, 12000.0), "12,000");
        let fr = crate::l10n::find("fr").unwrap();
        assert_eq!(
            fill_template(fr, pie, &item),
            "Office 365: 1\u{202f}234,5 (12,3\u{a0}%)"
        );
        assert_eq!(axis_label(fr, Some("{value}%"), 40.0), "40\u{a0}%");
        assert_eq!(axis_label(fr, None, 12000.5), "12\u{202f}000,5");
    }

    #[test]
    fn long_names_are_cut_in_legends_and_category_axes() {
        let long = "x".repeat(3000);
        let mut o = distribution(&[entry(&long, 3), entry("b", 1)]);
        fit_labels(&mut o);
        assert_eq!(o["legend"]["textStyle"]["overflow"], "truncate");
        assert_eq!(o["legend"]["textStyle"]["width"], LABEL_WIDTH);
        let category = if o["yAxis"]["type"] == "category" {
            &o["yAxis"]
        } else {
            &o["xAxis"]
        };
        assert_eq!(category["axisLabel"]["overflow"], "truncate");
        // The name itself is kept whole for tooltips.
        assert!(o.to_string().contains(&long));
    }

    #[test]
    fn count_axes_tick_whole_numbers() {
        // One customer: ECharts alone would tick 0, 0.2, ... 1.
        let o = distribution(&[entry("a", 1)]);
        assert_eq!(o["xAxis"]["type"], "value");
        assert_eq!(o["xAxis"]["minInterval"], 1.0);
        let o = adds_churns(crate::l10n::reference(), &[]);
        assert_eq!(o["yAxis"]["minInterval"], 1.0);
        let o = distribution_trend(crate::l10n::reference(), &[]);
        assert_eq!(o["yAxis"]["minInterval"], 1.0);
        let o = active_trend(crate::l10n::reference(), &[]);
        assert_eq!(o["yAxis"]["minInterval"], 1.0);
    }

    #[test]
    fn labels_fit_a_narrow_chart() {
        // A legend at the top: one paging line, clear of the PNG button.
        let mut o = distribution(&[entry("a", 3), entry("b", 1)]);
        fit_labels(&mut o);
        assert_eq!(o["legend"]["type"], "scroll");
        assert_eq!(o["legend"]["padding"], json!([5, BUTTON_ROOM]));
        // The count axis leaves out labels that would touch.
        assert_eq!(o["xAxis"]["type"], "value");
        assert_eq!(o["xAxis"]["axisLabel"]["hideOverlap"], true);
        assert!(o["yAxis"]["axisLabel"].get("hideOverlap").is_none());

        // Category labels beside the axis keep ECharts' distance.
        assert!(o["yAxis"]["axisLabel"].get("margin").is_none());

        // A legend at the bottom pages too, with ECharts' own padding; what a
        // chart sets itself stays. Months under the axis keep clear of the
        // value axis' lowest label.
        let mut o = json!({
            "legend": {"bottom": 0},
            "xAxis": {"type": "category", "data": []},
            "yAxis": [{"type": "value", "axisLabel": {"formatter": "{value}%"}}, {"type": "value", "axisLabel": {"hideOverlap": false}}],
        });
        fit_labels(&mut o);
        assert_eq!(o["legend"]["type"], "scroll");
        assert!(o["legend"].get("padding").is_none());
        assert_eq!(o["xAxis"]["axisLabel"]["margin"], UNDER_AXIS);
        assert_eq!(
            o["yAxis"][0]["axisLabel"],
            json!({"formatter": "{value}%", "hideOverlap": true})
        );
        assert_eq!(o["yAxis"][1]["axisLabel"]["hideOverlap"], false);
        let mut plain = json!({"legend": {"type": "plain", "top": 0, "padding": 2}});
        fit_labels(&mut plain);
        assert_eq!(
            plain["legend"],
            json!({"type": "plain", "top": 0, "padding": 2, "textStyle": {"width": LABEL_WIDTH, "overflow": "truncate"}})
        );
    }

    #[test]
    fn micro_trend_has_a_month_value_tooltip() {
        let o = micro_trend(
            crate::l10n::reference(),
            &[Point {
                month: month(1),
                value: Some(7),
            }],
            NEW,
        );
        assert_eq!(o["tooltip"]["formatter"], "{b}: {c}");
        assert_eq!(o["series"][0]["data"], json!([7]));
    }

    #[test]
    fn unknown_figures_are_no_bars_and_read_not_available_in_tables() {
        let unknown = |m| Point {
            month: month(m),
            value: None,
        };
        let o = micro_trend(crate::l10n::reference(), &[unknown(1), unknown(2)], NEW);
        assert_eq!(
            o["series"][0]["data"],
            json!([{"value": null, "unknown": true}, {"value": null, "unknown": true}])
        );
        let trend = active_trend(
            crate::l10n::reference(),
            &[ActivePoint {
                month: month(1),
                active: None,
                customers: 4,
            }],
        );
        let rows = table::of(crate::l10n::reference(), &trend).rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][1], "not available");
        assert_eq!(rows[0][2], "4");
    }
}
