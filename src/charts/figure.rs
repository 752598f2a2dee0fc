//! What every chart is assembled in and passes through: the [`Figure`]
//! (charming's parts, serialised as charming's `Chart` would), the month
//! axis, slider and palette the charts share, and the post-processing of an
//! option (motion, room for labels).

use charming::component::{Axis, DataZoom, DataZoomType, Grid, Legend};
use charming::element::{AxisType, Color, Tooltip};
use charming::series::{Bar, Line, Pie};
use serde::Serialize;
use serde_json::{json, Value};

use crate::l10n::Locale;
use crate::model::Month;

use super::*;

/// An ECharts option made of the charming parts these charts use, with
/// charming's setters and the JSON charming's `Chart` gives for them.
/// `Chart` has a field for every component ECharts has (3D axes, calendars,
/// radars, ...) and its series can be any of twenty-two kinds, so
/// serialising one compiles the code for all of them: 69 KB of the app's
/// WebAssembly, against a few for these.
#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Figure {
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
pub(crate) enum Plot {
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
    pub(crate) fn color(mut self, color: Vec<Color>) -> Figure {
        self.color = color;
        self
    }

    #[inline]
    pub(crate) fn tooltip(mut self, tooltip: Tooltip) -> Figure {
        self.tooltip = Some(tooltip);
        self
    }

    #[inline]
    pub(crate) fn legend(mut self, legend: Legend) -> Figure {
        self.legend = Some(legend);
        self
    }

    #[inline]
    pub(crate) fn grid(mut self, grid: Grid) -> Figure {
        self.grid.push(grid);
        self
    }

    #[inline]
    pub(crate) fn x_axis(mut self, axis: Axis) -> Figure {
        self.x_axis = Some(axis);
        self
    }

    #[inline]
    pub(crate) fn y_axis(mut self, axis: Axis) -> Figure {
        self.y_axis = Some(axis);
        self
    }

    #[inline]
    pub(crate) fn data_zoom(mut self, zoom: DataZoom) -> Figure {
        self.data_zoom.push(zoom);
        self
    }

    #[inline]
    pub(crate) fn series(mut self, series: impl Into<Plot>) -> Figure {
        self.series.push(series.into());
        self
    }
}

#[inline]
pub(crate) fn to_json(chart: Figure) -> Value {
    serde_json::to_value(&chart).expect("chart options serialise")
}

/// Charts do not move: new figures are drawn in the frame after the click
/// that asked for them. An animated change shows its figures only when it
/// ends (a quarter of a second later), and each of its frames redraws the
/// whole chart while the charts out of view wait to be drawn.
#[inline]
pub fn still(option: &mut Value) {
    option["animation"] = Value::Bool(false);
}

/// The width a chart is drawn at for an image, in pixels.
pub const PRINT_WIDTH: u32 = 960;

/// Room under the plot of a chart saved as an image for a legend of
/// `entries` entries at [`PRINT_WIDTH`]: six to a line.
#[inline]
pub fn print_legend_room(entries: usize) -> u32 {
    20 + 24 * entries.div_ceil(6).max(1) as u32
}

/// A chart as an image shows it away from the page: what its controls
/// let the partner see must be in the picture, and the controls must not.
/// - Every legend is shown whole, at the bottom, on as many lines as it
///   needs (no pager); a chart of several series or a pie without one gets
///   one. Entries the partner switched off stay off (the bridge carries
///   them over).
/// - Range sliders are hidden; the window they set stays (the bridge
///   carries it over), so the image shows the months on screen.
/// - Pie slices are labelled with their name and share.
/// - Nothing moves.
///
/// The title, range and filters are drawn above it by the bridge.
#[inline]
pub fn for_print(option: &mut Value) {
    let series: Vec<Value> = match option.get("series") {
        Some(Value::Array(s)) => s.clone(),
        Some(s @ Value::Object(_)) => vec![s.clone()],
        _ => Vec::new(),
    };
    let pie = series.iter().any(|s| s["type"] == "pie");
    if pie {
        if let Some(Value::Array(items)) = option.get_mut("series") {
            for s in items.iter_mut().filter(|s| s["type"] == "pie") {
                s["label"] = json!({"show": true, "formatter": "{b}: {d}%"});
                s["radius"] = json!(["34%", "58%"]);
            }
        }
    }
    if option.get("legend").is_none() && (series.len() > 1 || pie) {
        option["legend"] = json!({});
    }
    legends_to_bottom(option, 4);
    let has_legend = option.get("legend").is_some();
    let entries = if pie {
        series
            .iter()
            .filter(|s| s["type"] == "pie")
            .map(|s| s["data"].as_array().map_or(0, Vec::len))
            .sum()
    } else {
        series.len()
    };
    match option.get_mut("dataZoom") {
        Some(Value::Array(zooms)) => zooms.iter_mut().for_each(|z| z["show"] = json!(false)),
        Some(z @ Value::Object(_)) => z["show"] = json!(false),
        _ => {}
    }
    let slider = option.get("dataZoom").is_some();
    let fix_grid = |g: &mut Value| {
        if has_legend {
            g["bottom"] = json!(print_legend_room(entries));
        }
        if slider {
            g["top"] = json!(16);
        }
    };
    match option.get_mut("grid") {
        Some(Value::Array(grids)) => grids.iter_mut().for_each(fix_grid),
        Some(g @ Value::Object(_)) => fix_grid(g),
        _ => {}
    }
    option["animation"] = Value::Bool(false);
}

/// Every legend of `option` drawn whole (no pager), shown, centred at
/// `bottom` pixels from the chart's bottom; whether one was at the top.
#[inline]
fn legends_to_bottom(option: &mut Value, bottom: u32) -> bool {
    let mut was_top = false;
    let mut place = |l: &mut Value| {
        if let Some(l) = l.as_object_mut() {
            was_top |= l.remove("top").is_some();
            l.remove("right");
            l.insert("show".into(), json!(true));
            l.insert("type".into(), json!("plain"));
            l.insert("bottom".into(), json!(bottom));
            l.insert("left".into(), json!("center"));
            l.insert("padding".into(), json!([5, 8]));
        }
    };
    match option.get_mut("legend") {
        Some(Value::Array(ls)) => ls.iter_mut().for_each(&mut place),
        Some(l) => place(l),
        None => {}
    }
    was_top
}

/// Below this width (in pixels) a legend that does not fit on one line is
/// drawn whole over several lines instead of paged.
pub const NARROW_CHART: f64 = 700.0;

/// Height of a legend line, in pixels.
const LEGEND_LINE: u32 = 22;

/// The names a legend lists: its data, a pie's slices, or the series.
#[inline]
pub fn legend_entries(option: &Value) -> Vec<String> {
    let names = |items: &Value| -> Vec<String> {
        items
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|i| {
                i.as_str()
                    .or_else(|| i["name"].as_str())
                    .map(str::to_string)
            })
            .collect()
    };
    let legend = if option["legend"].is_array() {
        &option["legend"][0]
    } else {
        &option["legend"]
    };
    if legend["data"].is_array() {
        return names(&legend["data"]);
    }
    let series = match &option["series"] {
        Value::Array(s) => s.clone(),
        s @ Value::Object(_) => vec![s.clone()],
        _ => Vec::new(),
    };
    match series.iter().find(|s| s["type"] == "pie") {
        Some(pie) => names(&pie["data"]),
        None => names(&Value::Array(series)),
    }
}

/// How many lines a legend of `entries` takes at `width` pixels, by an
/// estimate of each entry's width (swatch, gap, 7 px a character, capped
/// at [`LABEL_WIDTH`]).
#[inline]
pub fn legend_lines(entries: &[String], width: f64) -> u32 {
    let mut lines = 1;
    let mut used = 0.0;
    for name in entries {
        let text = (name.chars().count() as f64 * 7.0).min(f64::from(super::LABEL_WIDTH));
        let entry = 25.0 + 5.0 + text + 10.0;
        if used > 0.0 && used + entry > width {
            lines += 1;
            used = 0.0;
        }
        used += entry;
    }
    lines
}

/// A legend that a narrow chart (`width` pixels, under [`NARROW_CHART`])
/// cannot show on one line is drawn whole at the bottom over as many lines
/// as it needs, and the plot leaves it room: a paged legend cuts the entry
/// at the page's edge ("Nether", a swatch without its name) on a phone.
#[inline]
pub fn fit_legend(option: &mut Value, width: f64) {
    if width <= 0.0 || width >= NARROW_CHART || option.get("legend").is_none() {
        return;
    }
    let entries = legend_entries(option);
    let lines = legend_lines(&entries, width - 16.0);
    if lines <= 1 {
        return;
    }
    let moved_from_top = legends_to_bottom(option, 0);
    // The bottom already holds one line of legend, unless it came from the top.
    let extra = LEGEND_LINE * if moved_from_top { lines } else { lines - 1 };
    let room = |g: &mut Value| {
        let bottom = g["bottom"].as_u64().unwrap_or(36) as u32;
        g["bottom"] = json!(bottom + extra);
        if moved_from_top {
            if let Some(top) = g["top"].as_u64() {
                g["top"] = json!(top.saturating_sub(u64::from(LEGEND_LINE)).max(16));
            }
        }
    };
    match option.get_mut("grid") {
        Some(Value::Array(gs)) => gs.iter_mut().for_each(room),
        Some(g @ Value::Object(_)) => room(g),
        _ => option["grid"] = json!({"bottom": 36 + extra, "containLabel": true}),
    }
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
pub(crate) fn months<T>(l: &Locale, items: &[T], month: impl Fn(&T) -> Month) -> Vec<String> {
    items.iter().map(|item| l.month(month(item))).collect()
}

/// The id of every month axis, so a chart's table can head its first
/// column "Month" whatever the labels' language.
pub const MONTH_AXIS: &str = "months";

#[inline]
pub(crate) fn slider() -> DataZoom {
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
pub(crate) fn slider_grid() -> Grid {
    Grid::new()
        .left(8)
        .right(16)
        .top(44)
        .bottom(36)
        .contain_label(true)
}

/// A category axis of months.
#[inline]
pub(crate) fn month_axis(labels: Vec<String>) -> Axis {
    Axis::new()
        .id(MONTH_AXIS)
        .type_(AxisType::Category)
        .data(labels)
}

/// A value axis of customer counts: its ticks are whole numbers, also when
/// the largest count is 1 or 2.
#[inline]
pub(crate) fn count_axis() -> Axis {
    Axis::new().type_(AxisType::Value).min_interval(1.0)
}

#[inline]
pub(crate) fn palette() -> Vec<Color> {
    PALETTE.iter().map(|c| (*c).into()).collect()
}
