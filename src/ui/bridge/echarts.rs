//! The thin bridge to ECharts: what charming's renderer lacks (events,
//! notMerge updates, dispose, registerMap, resize, dispatchAction) as a
//! wasm-bindgen binding over the global `echarts`, and a Leptos component
//! that owns one chart instance.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use std::sync::Arc;

use leptos::html;

use crate::charts;
use crate::i18n::{msg, t};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// An ECharts instance.
    #[derive(Clone)]
    pub type Instance;

    #[wasm_bindgen(js_namespace = echarts, js_name = init)]
    fn init_with(element: &web_sys::HtmlElement, theme: &JsValue, options: &JsValue) -> Instance;

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option(this: &Instance, option: &JsValue, not_merge: bool);

    #[wasm_bindgen(method, js_name = setOption)]
    fn set_option_with(this: &Instance, option: &JsValue, settings: &JsValue);

    #[wasm_bindgen(method)]
    fn on(this: &Instance, event: &str, handler: &js_sys::Function);

    #[wasm_bindgen(method, js_name = dispatchAction)]
    fn dispatch_action_raw(this: &Instance, action: &JsValue);

    #[wasm_bindgen(method)]
    fn resize(this: &Instance);

    #[wasm_bindgen(method)]
    fn dispose(this: &Instance);

    #[wasm_bindgen(method, js_name = getOption)]
    fn get_option(this: &Instance) -> JsValue;

    #[wasm_bindgen(method, js_name = getDataURL)]
    fn get_data_url(this: &Instance, options: &JsValue) -> String;

    #[wasm_bindgen(method, js_name = isDisposed)]
    fn is_disposed(this: &Instance) -> bool;

    #[wasm_bindgen(method, js_name = getWidth)]
    fn get_width(this: &Instance) -> f64;

    #[wasm_bindgen(method, js_name = getHeight)]
    fn get_height(this: &Instance) -> f64;

    #[wasm_bindgen(js_namespace = echarts, js_name = registerMap)]
    fn register_map_raw(name: &str, geo_json: &JsValue);
}

/// JSON options to a JavaScript object (plain objects, never `Map`s).
pub fn to_js(value: &serde_json::Value) -> JsValue {
    js_sys::JSON::parse(&value.to_string()).unwrap_or(JsValue::NULL)
}

pub fn register_map(name: &str, geo_json: &JsValue) {
    register_map_raw(name, geo_json);
}

/// The kinds of component a chart of the page can have, but the tooltip:
/// each is replaced whole by the next option's (or removed), as if the
/// chart were drawn anew.
const REPLACED: [&str; 10] = [
    "series",
    "xAxis",
    "yAxis",
    "grid",
    "legend",
    "dataZoom",
    "visualMap",
    "geo",
    "axisPointer",
    "title",
];

thread_local! {
    /// `{"replaceMerge": REPLACED}`, made once.
    static REPLACE: JsValue = to_js(&serde_json::json!({ "replaceMerge": REPLACED }));
}

impl Instance {
    /// Draws a chart's next option over its last. ECharts' `notMerge`
    /// makes every component's view anew, and a new tooltip view reads
    /// the chart's offset in the page: a layout of the whole page in the
    /// middle of the update (7-9 ms a map update at 1.1 M rows). So every
    /// kind of component but the tooltip is replaced, which is `notMerge`
    /// for them, and the tooltip is merged: its view stays. Every chart's
    /// option sets its tooltip's trigger, and the page its formatters and
    /// colours, each time, so nothing of the last tooltip lingers.
    fn replace(&self, option: &JsValue) {
        REPLACE.with(|settings| self.set_option_with(option, settings));
    }

    /// Merges a partial option into the chart.
    pub fn merge(&self, option: &serde_json::Value) {
        self.set_option(&to_js(option), false);
    }

    pub fn dispatch(&self, action: &serde_json::Value) {
        self.dispatch_action_raw(&to_js(action));
    }
}

/// What a chart saved as an image is about, drawn above it: the range
/// and the filters in force (and the customer, on its page).
fn print_context() -> String {
    let Some(d) = use_context::<crate::state::Dashboard>() else {
        return String::new();
    };
    let (from, to) = d.model.months(d.range.get_untracked());
    let mut parts = vec![crate::format::months(from, to)];
    for (dim, values) in d.filters.get_untracked().iter() {
        if !values.is_empty() {
            parts.push(format!("{}: {}", t(dim.label_key()), values.join(", ")));
        }
    }
    if let crate::route::Page::Customer(_) = d.route.get_untracked().page {
        // The page's title names the customer first.
        let title = document().title();
        if let Some(name) = title.split(" · ").next() {
            parts.insert(0, name.to_string());
        }
    }
    parts.join(" · ")
}

/// A new element of the page, of its type.
fn element<T: JsCast>(tag: &str) -> Option<T> {
    document().create_element(tag).ok()?.dyn_into::<T>().ok()
}

/// Breaks `text` into lines no wider than `width` on the canvas.
fn wrap(context: &web_sys::CanvasRenderingContext2d, text: &str, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        let wide = context.measure_text(&candidate).map_or(0.0, |m| m.width());
        if wide > width && !line.is_empty() {
            lines.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    lines.push(line);
    lines
}

/// Saves a chart as a PNG that can be read away from the page: the chart
/// drawn again at [`charts::PRINT_WIDTH`] in the light theme with its
/// legend whole, its slice labels and no slider ([`charts::for_print`]),
/// keeping the legend entries switched off and the zoomed window, under
/// its title, range and filters; painted at twice its size on white.
fn save_png(option: &JsValue, live: &Instance, title: String, filename: String) {
    keep_view_state(live, option);
    let Some(holder) = element::<web_sys::HtmlElement>("div") else {
        return;
    };
    let width = charts::PRINT_WIDTH;
    let height = (live.get_height() as u32).max(320);
    let offscreen = init_with(
        &holder,
        &JsValue::NULL,
        &to_js(&serde_json::json!({"renderer": "svg", "width": width, "height": height})),
    );
    offscreen.set_option(option, true);
    let svg = offscreen.get_data_url(&to_js(&serde_json::json!({"type": "svg"})));
    offscreen.dispose();
    let Ok(image) = web_sys::HtmlImageElement::new() else {
        return;
    };
    let context_line = print_context();
    let source = image.clone();
    let on_load = Closure::once_into_js(move || {
        let Some(canvas) = element::<web_sys::HtmlCanvasElement>("canvas") else {
            return;
        };
        let Some(context) = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<web_sys::CanvasRenderingContext2d>().ok())
        else {
            return;
        };
        let (w, h) = (f64::from(width), f64::from(height));
        let font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
        context.set_font(&format!("13px {font}"));
        let lines = wrap(&context, &context_line, w - 32.0);
        let header = 44.0 + 18.0 * lines.len() as f64;
        canvas.set_width((w * 2.0) as u32);
        canvas.set_height(((h + header) * 2.0) as u32);
        context.scale(2.0, 2.0).ok();
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, w, h + header);
        context.set_fill_style_str("#1b1f24");
        context.set_font(&format!("600 18px {font}"));
        let _ = context.fill_text(&title, 16.0, 28.0);
        context.set_fill_style_str("#5b6570");
        context.set_font(&format!("13px {font}"));
        for (i, line) in lines.iter().enumerate() {
            let _ = context.fill_text(line, 16.0, 50.0 + 18.0 * i as f64);
        }
        let _ =
            context.draw_image_with_html_image_element_and_dw_and_dh(&source, 0.0, header, w, h);
        if let Ok(url) = canvas.to_data_url_with_type("image/png") {
            if let Some(link) = element::<web_sys::HtmlAnchorElement>("a") {
                link.set_href(&url);
                link.set_download(&filename);
                link.click();
            }
        }
    });
    // Called once, then freed.
    image.set_onload(Some(on_load.unchecked_ref()));
    image.set_src(&svg);
}

pub use crate::charts::escape_html;

/// A formatter ECharts calls with its params object.
pub type Formatter = Arc<dyn Fn(JsValue) -> String + Send + Sync>;
/// Registers event handlers on a new instance.
pub type Setup = Arc<dyn Fn(&Instance) + Send + Sync>;

/// Reads a property of a JavaScript object.
pub fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The names a chart's legend lists, in order: a pie's slices, else its
/// series.
fn legend_names(option: &JsValue) -> Vec<String> {
    let series = js_sys::Array::from(&get(option, "series"));
    let first = series.get(0);
    let items = if get(&first, "type").as_string().as_deref() == Some("pie") {
        js_sys::Array::from(&get(&first, "data"))
    } else {
        series
    };
    items
        .iter()
        .map(|item| get(&item, "name").as_string().unwrap_or_default())
        .collect()
}

/// What the partner did to a chart that a new option (new figures, a new
/// language or theme) must not undo: legend entries switched off and the
/// zoom window. Names are matched as they are; names that all changed
/// (a new language) are matched by their place.
fn keep_view_state(chart: &Instance, next: &JsValue) {
    let before = chart.get_option();
    if !before.is_object() {
        return;
    }
    let old_legend = js_sys::Array::from(&get(&before, "legend")).get(0);
    let selected = get(&old_legend, "selected");
    if selected.is_object() && get(next, "legend").is_object() {
        let old_names = legend_names(&before);
        let new_names = legend_names(next);
        let by_place = old_names.len() == new_names.len();
        let map = js_sys::Object::new();
        let mut any_off = false;
        for (i, name) in new_names.iter().enumerate() {
            let mut state = get(&selected, name);
            if state.is_undefined() && by_place {
                state = get(&selected, &old_names[i]);
            }
            if state == JsValue::FALSE {
                any_off = true;
                let _ = js_sys::Reflect::set(&map, &name.into(), &JsValue::FALSE);
            }
        }
        if any_off {
            let _ = js_sys::Reflect::set(&get(next, "legend"), &"selected".into(), &map);
        }
    }
    let old_zoom = js_sys::Array::from(&get(&before, "dataZoom"));
    let new_zoom = get(next, "dataZoom");
    let new_zoom: Vec<JsValue> = if js_sys::Array::is_array(&new_zoom) {
        js_sys::Array::from(&new_zoom).iter().collect()
    } else if new_zoom.is_object() {
        vec![new_zoom]
    } else {
        Vec::new()
    };
    if old_zoom.length() as usize == new_zoom.len() {
        for (old, new) in old_zoom.iter().zip(&new_zoom) {
            for key in ["start", "end"] {
                let value = get(&old, key);
                if value.as_f64().is_some() {
                    let _ = js_sys::Reflect::set(new, &key.into(), &value);
                }
            }
        }
    }
}

/// The events of a partner changing what a chart shows: a legend entry, a
/// zoom (by hand or by `dispatchAction`).
const VIEW_EVENTS: [&str; 6] = [
    "legendselectchanged",
    "legendselected",
    "legendunselected",
    "legendselectall",
    "legendinverseselect",
    "datazoom",
];

/// A handler of a chart's events.
type Handler = Closure<dyn Fn(JsValue)>;

thread_local! {
    /// Handlers attached by a chart's setup, until its component takes them.
    static HANDLERS: std::cell::RefCell<Vec<Handler>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Attaches a handler to a chart's event (from an [`EChart`]'s `setup`):
/// the chart's component owns it and drops it with the chart.
pub fn on(instance: &Instance, event: &str, handler: impl Fn(JsValue) + 'static) {
    let closure = Closure::<dyn Fn(JsValue)>::new(handler);
    instance.on(event, closure.as_ref().unchecked_ref());
    HANDLERS.with(|h| h.borrow_mut().push(closure));
}

/// Compiled formatters that put numbers in the language in force where the
/// options hold a template or nothing: tooltips, value axes, the map's
/// scale. One set per chart, made once.
struct Localiser {
    template: std::rc::Rc<std::cell::RefCell<String>>,
    tooltip: Closure<dyn Fn(JsValue) -> String>,
    value: Closure<dyn Fn(JsValue) -> String>,
    /// The value of a chart whose value axis is in percent.
    value_percent: Closure<dyn Fn(JsValue) -> String>,
    axis_number: Closure<dyn Fn(JsValue) -> String>,
    axis_percent: Closure<dyn Fn(JsValue) -> String>,
}

/// Whether the option's value axis is in percent (`{value}%` labels).
fn percent_axis(option: &serde_json::Value) -> bool {
    ["xAxis", "yAxis"].iter().any(|key| {
        let axes = &option[*key];
        let list = match axes.as_array() {
            Some(list) => list.iter().collect(),
            None => vec![axes],
        };
        list.iter().any(|axis| {
            axis["type"] == "value"
                && axis["axisLabel"]["formatter"]
                    .as_str()
                    .is_some_and(|t| t.contains("{value}%"))
        })
    })
}

fn tooltip_item(params: &JsValue) -> crate::charts::TooltipItem {
    let first = if js_sys::Array::is_array(params) {
        js_sys::Array::from(params).get(0)
    } else {
        params.clone()
    };
    crate::charts::TooltipItem {
        series: get(&first, "seriesName").as_string().unwrap_or_default(),
        name: get(&first, "name").as_string().unwrap_or_default(),
        value: get(&first, "value").as_f64(),
        percent: get(&first, "percent").as_f64(),
    }
}

impl Localiser {
    fn new() -> Localiser {
        let template = std::rc::Rc::new(std::cell::RefCell::new(String::new()));
        let source = template.clone();
        Localiser {
            template,
            tooltip: Closure::new(move |params: JsValue| {
                crate::charts::fill_template(
                    crate::i18n::current(),
                    &source.borrow(),
                    &tooltip_item(&params),
                )
            }),
            value: Closure::new(|v: JsValue| match v.as_f64() {
                Some(v) => crate::format::number(v, 1),
                None => "–".to_string(),
            }),
            value_percent: Closure::new(|v: JsValue| match v.as_f64() {
                Some(v) => crate::format::percent_of(&crate::format::number(v, 1)),
                None => "–".to_string(),
            }),
            axis_number: Closure::new(|v: JsValue| {
                crate::charts::axis_label(crate::i18n::current(), None, v.as_f64().unwrap_or(0.0))
            }),
            axis_percent: Closure::new(|v: JsValue| {
                crate::charts::axis_label(
                    crate::i18n::current(),
                    Some("{value}%"),
                    v.as_f64().unwrap_or(0.0),
                )
            }),
        }
    }

    fn apply(
        &self,
        js: &JsValue,
        option: &serde_json::Value,
        custom_tooltip: bool,
        custom_value: bool,
    ) {
        let set = |target: &JsValue, key: &str, f: &Closure<dyn Fn(JsValue) -> String>| {
            let _ = js_sys::Reflect::set(target, &key.into(), f.as_ref());
        };
        let tooltip = get(js, "tooltip");
        if tooltip.is_object() && !custom_tooltip {
            match option["tooltip"]["formatter"].as_str() {
                Some(template) => {
                    *self.template.borrow_mut() = template.to_string();
                    set(&tooltip, "formatter", &self.tooltip);
                }
                None if !custom_value && percent_axis(option) => {
                    set(&tooltip, "valueFormatter", &self.value_percent)
                }
                None if !custom_value => set(&tooltip, "valueFormatter", &self.value),
                None => {}
            }
        }
        for key in ["xAxis", "yAxis"] {
            let axes = get(js, key);
            let list: Vec<JsValue> = if js_sys::Array::is_array(&axes) {
                js_sys::Array::from(&axes).iter().collect()
            } else if axes.is_object() {
                vec![axes]
            } else {
                continue;
            };
            for axis in list {
                if get(&axis, "type").as_string().as_deref() != Some("value") {
                    continue;
                }
                let mut label = get(&axis, "axisLabel");
                if !label.is_object() {
                    label = js_sys::Object::new().into();
                    let _ = js_sys::Reflect::set(&axis, &"axisLabel".into(), &label);
                }
                let percent = get(&label, "formatter")
                    .as_string()
                    .is_some_and(|t| t.contains('%'));
                set(
                    &label,
                    "formatter",
                    if percent {
                        &self.axis_percent
                    } else {
                        &self.axis_number
                    },
                );
            }
        }
        let scale = get(js, "visualMap");
        if scale.is_object() {
            set(&scale, "formatter", &self.axis_number);
        }
    }
}

/// What a chart's component keeps alive as long as the chart: the closures
/// ECharts and the observers call, and the observers.
#[derive(Default)]
struct Closures {
    formatter: Option<Closure<dyn Fn(JsValue) -> String>>,
    value_formatter: Option<Closure<dyn Fn(JsValue) -> String>>,
    on_resize: Option<Closure<dyn Fn(js_sys::Array)>>,
    resize: Option<web_sys::ResizeObserver>,
    on_intersect: Option<Closure<dyn Fn(js_sys::Array)>>,
    intersection: Option<web_sys::IntersectionObserver>,
    handlers: Vec<Handler>,
}

/// A chart's place on the page, as its observers last reported it, and
/// what it last drew.
#[derive(Default)]
struct View {
    /// In view (None until the intersection observer first reports).
    visible: Cell<Option<bool>>,
    /// Its width in CSS pixels (0 until an observer reports it).
    width: Cell<f64>,
    /// Whether the latest option is still to be drawn.
    pending: Cell<bool>,
    /// Whether the observers are attached.
    observed: Cell<bool>,
    /// The option last drawn, as JSON.
    drawn: RefCell<String>,
    /// The top-level keys of the option last drawn and its theme: a new
    /// option replaces that one in place only when both are the same (see
    /// [`Instance::replace`]).
    drawn_shape: RefCell<(Vec<String>, Option<crate::charts::theme::Theme>)>,
}

/// The longest a task that draws charts out of view runs before it lets
/// the page paint and take input, in milliseconds.
const LATER_SLICE_MS: f64 = 8.0;

thread_local! {
    /// Charts out of view whose option changed, in the order they changed.
    static LATER: RefCell<VecDeque<Rc<dyn Fn()>>> = RefCell::new(VecDeque::new());
    /// Whether a task to draw them is due.
    static LATER_DUE: Cell<bool> = const { Cell::new(false) };
}

/// Draws a chart out of view after the next frame: the frame after a click
/// shows the charts in view with their new figures, and the ones below are
/// drawn in the tasks after it, a slice at a time, so the partner finds
/// them drawn on scrolling there.
fn later(draw: Rc<dyn Fn()>) {
    LATER.with(|q| q.borrow_mut().push_back(draw));
    if !LATER_DUE.replace(true) {
        after_next_frame();
    }
}

fn after_next_frame() {
    request_animation_frame(|| set_timeout(draw_later, std::time::Duration::ZERO));
}

fn draw_later() {
    let start = crate::perf::now();
    loop {
        let Some(draw) = LATER.with(|q| q.borrow_mut().pop_front()) else {
            LATER_DUE.set(false);
            return;
        };
        draw();
        if crate::perf::now() - start > LATER_SLICE_MS {
            after_next_frame();
            return;
        }
    }
}

/// A rectangle's width from an observer's entry (`contentRect`,
/// `boundingClientRect`).
fn width_of(entry: &JsValue, rect: &str) -> Option<f64> {
    get(&get(entry, rect), "width").as_f64()
}

/// Attaches a chart's observers: whether it is in view (it is drawn at
/// once while it is, and when it comes into view with figures it has not
/// drawn) and its width (it is resized when that changes). Neither asks
/// the page for a layout.
fn watch(
    element: &web_sys::HtmlElement,
    view: &Rc<View>,
    draw: Rc<dyn Fn()>,
    closures: StoredValue<Closures, LocalStorage>,
) {
    let seen = view.clone();
    let on_intersect = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Some(entry) = entries.iter().last() else {
            return;
        };
        let visible = get(&entry, "isIntersecting").as_bool().unwrap_or(false);
        if let Some(width) = width_of(&entry, "boundingClientRect").filter(|w| *w > 0.0) {
            seen.width.set(width);
        }
        seen.visible.set(Some(visible));
        if seen.pending.get() {
            if visible {
                draw();
            } else {
                later(draw.clone());
            }
        }
    });
    let intersection =
        web_sys::IntersectionObserver::new(on_intersect.as_ref().unchecked_ref()).ok();
    if let Some(observer) = &intersection {
        observer.observe(element);
    }
    closures.update_value(|c| {
        c.on_intersect = Some(on_intersect);
        c.intersection = intersection;
    });
}

/// A new ECharts instance in `element`, with its handlers: the setup's, the
/// ones that note what the partner changed, and a resize observer.
fn create(
    element: &web_sys::HtmlElement,
    setup: Option<&Setup>,
    closures: StoredValue<Closures, LocalStorage>,
    touched: StoredValue<bool, LocalStorage>,
    off: RwSignal<Vec<String>>,
    view: &Rc<View>,
) -> Instance {
    // SVG: crisp at any zoom, light on memory, and its elements are
    // reachable by assistive technology and tests.
    let created = init_with(
        element,
        &JsValue::NULL,
        &to_js(&serde_json::json!({"renderer": "svg"})),
    );
    if let Some(setup) = setup {
        setup(&created);
        let handlers = HANDLERS.with(|h| std::mem::take(&mut *h.borrow_mut()));
        closures.update_value(|c| c.handlers = handlers);
    }
    for event in VIEW_EVENTS {
        let mark = Closure::<dyn Fn(JsValue)>::new(move |params: JsValue| {
            touched.set_value(true);
            // The entries switched off, for the keyboard's buttons.
            let selected = get(&params, "selected");
            if selected.is_object() {
                let names = js_sys::Object::keys(selected.unchecked_ref::<js_sys::Object>());
                off.set(
                    names
                        .iter()
                        .filter_map(|n| n.as_string())
                        .filter(|n| get(&selected, n) == JsValue::FALSE)
                        .collect(),
                );
            }
        });
        created.on(event, mark.as_ref().unchecked_ref());
        closures.update_value(|c| c.handlers.push(mark));
    }
    let resize_target = created.clone();
    let sized = view.clone();
    let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if resize_target.is_disposed() {
            return;
        }
        let entry = entries.get(0);
        let width = width_of(&entry, "contentRect");
        let height = get(&get(&entry, "contentRect"), "height").as_f64();
        if let Some(width) = width.filter(|w| *w > 0.0) {
            sized.width.set(width);
        }
        // The observer also reports the size observation starts at,
        // which is the size the chart was just drawn at: drawing
        // every chart twice on the first view is what it would cost.
        if let (Some(width), Some(height)) = (width, height) {
            let same = (width - resize_target.get_width()).abs() < 1.0
                && (height - resize_target.get_height()).abs() < 1.0;
            if same {
                return;
            }
        }
        resize_target.resize();
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok();
    if let Some(observer) = &observer {
        observer.observe(element);
    }
    closures.update_value(|c| {
        c.on_resize = Some(on_resize);
        c.resize = observer;
    });
    created
}

/// One chart. Re-renders (notMerge) whenever `option` changes; resizes with
/// its container; disposes of the instance when removed.
#[component]
pub fn EChart(
    #[prop(into)] option: Signal<serde_json::Value>,
    /// The accessible name of the chart.
    #[prop(into)]
    label: TextProp,
    #[prop(optional)] class: &'static str,
    /// Tooltip formatter attached as a compiled closure (no `new Function`).
    #[prop(optional)]
    tooltip: Option<Formatter>,
    /// Tooltip value formatter, likewise.
    #[prop(optional)]
    value_formatter: Option<Formatter>,
    /// Called once with the new instance: events.
    #[prop(optional)]
    setup: Option<Setup>,
    /// Receives the instance, for actions from outside the chart.
    #[prop(optional)]
    instance: Option<StoredValue<Option<Instance>, LocalStorage>>,
    /// The page filter its values are, if any: the table view then names
    /// each value with a button that makes it the filter (the keyboard's
    /// way to what a click on the chart offers).
    #[prop(optional, into)]
    filter: Option<Signal<Option<crate::model::Dimension>>>,
) -> impl IntoView {
    // The option is made once per change and shared: the drawing, the
    // keyboard's toolbar and the table read it (a derived option would be
    // made again by each), and an equal one wakes none of them.
    let option = Memo::new(move |_| option.get());
    let node = NodeRef::<html::Div>::new();
    let custom_tooltip = tooltip.is_some();
    let custom_value = value_formatter.is_some();
    let localiser = StoredValue::new_local(Localiser::new());
    let chart: StoredValue<Option<Instance>, LocalStorage> = StoredValue::new_local(None);
    let formatter = tooltip.map(|f| Closure::<dyn Fn(JsValue) -> String>::new(move |p| f(p)));
    let value_formatter =
        value_formatter.map(|f| Closure::<dyn Fn(JsValue) -> String>::new(move |p| f(p)));
    let closures = StoredValue::new_local(Closures {
        formatter,
        value_formatter,
        ..Closures::default()
    });

    // The legend entries switched off (by mouse or by the keyboard's
    // buttons below the chart).
    let off = RwSignal::new(Vec::<String>::new());
    // Whether the partner switched a legend entry or zoomed: only then is
    // the chart's state read back (`getOption` copies the whole option,
    // a few ms a chart) to be carried into the next option.
    let touched = StoredValue::new_local(false);
    let theme = crate::state::theme::use_theme();
    // What the page knows of the chart's place without asking for a layout:
    // whether it is in view (None until the observer first reports) and
    // its width, both from the observers.
    let view = Rc::new(View::default());

    // Draws the latest option if it has not been drawn: at once when the
    // chart is in view, else after the frame that shows the charts in view.
    let draw: Rc<dyn Fn()> = {
        let view = view.clone();
        Rc::new(move || {
            if !view.pending.replace(false) {
                return;
            }
            let Some(element) = node.get_untracked() else {
                return;
            };
            crate::perf::mark("pi:options:start");
            let first = chart.with_value(|c| c.is_none());
            if first {
                let created = create(&element, setup.as_ref(), closures, touched, off, &view);
                chart.set_value(Some(created.clone()));
                if let Some(out) = instance {
                    out.set_value(Some(created));
                }
            }
            let mut option = option.get_untracked();
            // Every chart: labels that fit, and the colours of the page's theme.
            crate::charts::fit_labels(&mut option);
            let width = match view.width.get() {
                w if w > 0.0 => w,
                _ => f64::from(element.client_width()),
            };
            crate::charts::fit_legend(&mut option, width);
            crate::charts::still(&mut option);
            let theme_now = theme.get_untracked();
            crate::charts::theme::apply(&mut option, theme_now);
            let text = option.to_string();
            // The same figures, labels and colours as drawn: nothing to do
            // (a language switch that leaves a chart's words as they were,
            // a filter that leaves a chart alone).
            if !first && view.drawn.borrow().as_str() == text {
                crate::perf::measure_once("pi:options", "pi:options:start");
                return;
            }
            let js = js_sys::JSON::parse(&text).unwrap_or(JsValue::NULL);
            *view.drawn.borrow_mut() = text;
            localiser.with_value(|l| l.apply(&js, &option, custom_tooltip, custom_value));
            closures.with_value(|c| {
                let tooltip = get(&js, "tooltip");
                if tooltip.is_object() {
                    if let Some(f) = &c.formatter {
                        let _ = js_sys::Reflect::set(&tooltip, &"formatter".into(), f.as_ref());
                    }
                    if let Some(f) = &c.value_formatter {
                        let _ =
                            js_sys::Reflect::set(&tooltip, &"valueFormatter".into(), f.as_ref());
                    }
                }
            });
            chart.with_value(|c| {
                if let Some(c) = c {
                    if !first && touched.get_value() {
                        keep_view_state(c, &js);
                    }
                    crate::perf::measure_once("pi:options", "pi:options:start");
                    crate::perf::mark("pi:draw:start");
                    // The top-level keys that are not components (the dark
                    // theme's text and background colours) and the tooltip
                    // are merged by `replace`: a new theme, or keys that
                    // come or go, take a drawing anew.
                    let keys = option
                        .as_object()
                        .map(|o| o.keys().cloned().collect::<Vec<_>>())
                        .unwrap_or_default();
                    let shape = (keys, Some(theme_now));
                    if first || *view.drawn_shape.borrow() != shape {
                        c.set_option(&js, true);
                        *view.drawn_shape.borrow_mut() = shape;
                    } else {
                        c.replace(&js);
                    }
                    crate::perf::measure_once("pi:draw", "pi:draw:start");
                }
            });
        })
    };

    {
        let draw = draw.clone();
        let view = view.clone();
        Effect::new(move |_| {
            option.track();
            theme.track();
            let Some(element) = node.get() else { return };
            if !view.observed.replace(true) {
                watch(&element, &view, draw.clone(), closures);
            }
            view.pending.set(true);
            match view.visible.get() {
                Some(true) => draw(),
                Some(false) => later(draw.clone()),
                // The observer's first report draws it.
                None => {}
            }
        });
    }

    {
        let view = StoredValue::new_local(view.clone());
        on_cleanup(move || {
            view.try_with_value(|v| v.pending.set(false));
            closures.with_value(|c| {
                if let Some(observer) = &c.resize {
                    observer.disconnect();
                }
                if let Some(observer) = &c.intersection {
                    observer.disconnect();
                }
            });
            chart.with_value(|c| {
                if let Some(c) = c {
                    c.dispose();
                }
            });
            if let Some(out) = instance {
                out.set_value(None);
            }
        });
    }

    let for_png = label.clone();
    let png = move |_| {
        // A chart still to be drawn is drawn first: the image keeps its zoom.
        draw();
        // "Customer distribution trend · Market" -> customer-distribution-trend-market.png
        let name = for_png.get().to_lowercase();
        let words: Vec<&str> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let filename = format!("{}.png", words.join("-"));
        // The same option the page draws, made for an image, in the light
        // theme, with the same labels in the same language.
        let mut value = option.get_untracked();
        crate::charts::fit_labels(&mut value);
        crate::charts::for_print(&mut value);
        let js = to_js(&value);
        localiser.with_value(|l| l.apply(&js, &value, custom_tooltip, custom_value));
        let title = for_png.get().to_string();
        chart.with_value(|c| {
            if let Some(c) = c {
                save_png(&js, c, title, filename);
            }
        })
    };
    // The text alternative: the chart's own figures as a table.
    let table = Memo::new(move |_| crate::charts::table::of(crate::i18n::current(), &option.get()));
    // A value of the table as a button that filters the page to it (the
    // name shown; the filter's name is the series' id where they differ).
    let filter_cell = move |shown: String, dim: crate::model::Dimension| {
        let value = option.with_untracked(|o| {
            o["series"]
                .as_array()
                .and_then(|s| s.iter().find(|s| s["name"] == shown.as_str()))
                .and_then(|s| s["id"].as_str().map(str::to_string))
        });
        let value = value.unwrap_or_else(|| shown.clone());
        let title = crate::tr!("filters.filter_to", value = shown.clone());
        view! {
            <button class="link" title=title.clone() aria-label=title
                on:click=move |_| {
                    if let Some(d) = use_context::<crate::state::Dashboard>() {
                        d.filter_to(dim, value.clone());
                    }
                }>{shown.clone()}</button>
        }
        .into_any()
    };
    let grid = {
        let label = label.clone();
        move || {
            let t = table.get();
            let dim = filter.and_then(|f| f.get());
            // A table of months has the values as its columns; one of
            // values, as its rows.
            let by_month =
                t.headers.first().map(String::as_str) == Some(crate::i18n::t("table.month"));
            let other = crate::i18n::t("chart.other");
            let cell = move |text: String, is_value: bool| match dim {
                Some(dim) if is_value && !text.is_empty() && text != other => {
                    filter_cell(text, dim)
                }
                _ => view! { {text} }.into_any(),
            };
            view! {
                <table class="grid compact">
                    <caption class="visually-hidden">{let label = label.clone(); move || label.get()}</caption>
                    <thead><tr>{t.headers.into_iter().enumerate().map(|(i, h)| view! { <th scope="col">{cell(h, by_month && i > 0)}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {t.rows.into_iter().map(|row| {
                            let mut cells = row.into_iter();
                            let head = cells.next().unwrap_or_default();
                            view! {
                                <tr>
                                    <th scope="row">{cell(head, !by_month)}</th>
                                    {cells.map(|c| view! { <td class="num">{c}</td> }).collect_view()}
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
        }
    };
    // The table is made while open only: a closed table would be made again
    // on every change of figures for no one.
    let open = RwSignal::new(false);
    let toggled = move |e: web_sys::Event| {
        let details = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok());
        open.set(details.is_some_and(|d| d.open()));
    };
    // The legend and the range slider from the keyboard: a toolbar of
    // buttons that shows when it has the focus (ECharts draws neither as
    // something the keyboard can reach).
    let keys = Memo::new(move |_| {
        let o = option.get();
        let names = if o.get("legend").is_some() {
            crate::charts::legend_entries(&o)
        } else {
            Vec::new()
        };
        (names, o.get("dataZoom").is_some())
    });
    let toggle = move |name: String| {
        chart.with_value(|c| {
            if let Some(c) = c {
                c.dispatch(&serde_json::json!({"type": "legendToggleSelect", "name": name}));
            }
        })
    };
    // Moves the zoom window: `shift` in widths of the window, `scale` its width.
    let zoom = move |shift: f64, scale: f64| {
        chart.with_value(|c| {
            let Some(c) = c else { return };
            let first = js_sys::Array::from(&get(&c.get_option(), "dataZoom")).get(0);
            let start = get(&first, "start").as_f64().unwrap_or(0.0);
            let end = get(&first, "end").as_f64().unwrap_or(100.0);
            let width = if scale == 0.0 {
                100.0
            } else {
                ((end - start) * scale).clamp(5.0, 100.0)
            };
            let centre = if scale == 0.0 {
                50.0
            } else {
                (start + end) / 2.0 + shift * (end - start)
            };
            let start = (centre - width / 2.0).clamp(0.0, 100.0 - width);
            c.dispatch(
                &serde_json::json!({"type": "dataZoom", "start": start, "end": start + width}),
            );
        })
    };
    let key_label = label.clone();
    let toolbar = move || {
        let (names, has_zoom) = keys.get();
        (!names.is_empty() || has_zoom).then(|| {
            let label = key_label.clone();
            view! {
                <div class="chart-keys" role="toolbar" aria-label=move || tr!("chart.keys", chart = label.get())>
                    {names.into_iter().map(|name| {
                        let shown = name.clone();
                        let pressed = {
                            let name = name.clone();
                            move || (!off.with(|o| o.contains(&name))).to_string()
                        };
                        view! { <button class="key" aria-pressed=pressed on:click=move |_| toggle(name.clone())>{shown}</button> }
                    }).collect_view()}
                    {has_zoom.then(|| view! {
                        <button class="key" on:click=move |_| zoom(-0.5, 1.0)>{msg("chart.earlier")}</button>
                        <button class="key" on:click=move |_| zoom(0.5, 1.0)>{msg("chart.later")}</button>
                        <button class="key" on:click=move |_| zoom(0.0, 0.5)>{msg("chart.zoom_in")}</button>
                        <button class="key" on:click=move |_| zoom(0.0, 2.0)>{msg("chart.zoom_out")}</button>
                        <button class="key" on:click=move |_| zoom(0.0, 0.0)>{msg("chart.all_months")}</button>
                    })}
                </div>
            }
        })
    };
    view! {
        <div class="chart-frame">
            <div class=format!("chart {class}") node_ref=node role="img" aria-label={let label = label.clone(); move || label.get()}></div>
            {toolbar}
            <button class="chart-png" title=msg("chart.png_hint") aria-label=move || tr!("chart.png_label", chart = label.get()) on:click=png>"PNG"</button>
            <details class="as-table" data-testid="as-table" on:toggle=toggled>
                // Made as the summary is clicked (by mouse or key), so the
                // table is there as the details open.
                <summary on:click=move |_| open.set(true)>{msg("chart.view_as_table")}</summary>
                <div class="table-wrap">{move || open.get().then(grid.clone())}</div>
            </details>
        </div>
    }
}
