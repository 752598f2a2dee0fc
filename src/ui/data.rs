//! Getting data in: the bundled sample, files next to the app (`?data=`),
//! and files the user opens or drops. Everything is parsed here, in the
//! browser, a slice at a time so the page stays responsive.

use std::sync::Arc;

use gloo_net::http::Request;
use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::charts::{
    self,
    world::{View, WorldShapes, MAP_NAME},
};
use crate::dataset::UsageData;
use crate::format;
use crate::i18n::Said;
use crate::ingest::{self, LoadSummary, USAGE};
use crate::metrics;

use super::echarts;
use super::perf;
use super::state::{Model, Usage};

/// Relative to the page, so the app works from any sub-path.
pub const SAMPLE_URL: &str = "data/customers.csv";
pub const SAMPLE_USAGE_URL: &str = "data/usage.csv";
const WORLD_URL: &str = "world.json";
/// Larger files are refused before reading, to keep the tab's memory in
/// bounds: a usage file is held whole while it is read, and a customers
/// file's dataset grows with its rows (its bytes are dropped once read).
pub const MAX_FILE_BYTES: f64 = 512.0 * 1024.0 * 1024.0;
/// Rows parsed between two looks at the event loop.
const ROWS_PER_STEP: usize = 25_000;

/// Where a load's bytes come from.
#[derive(Clone)]
pub enum Input {
    Url(String),
    File(web_sys::File),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Url(url) => url.rsplit('/').next().unwrap_or(url).to_string(),
            Input::File(file) => file.name(),
        }
    }
}

/// What loading one file gave, for the validation report.
#[derive(Clone)]
pub struct FileReport {
    pub name: String,
    pub outcome: Result<Arc<LoadSummary>, Said>,
    /// The header as written, to head a download of the rejected rows.
    pub header: Vec<String>,
}

/// Progress of a load, for the progress bar.
#[derive(Clone, PartialEq)]
pub struct Progress {
    pub label: String,
    pub fraction: f64,
}

/// Lets the browser paint and handle input before the next slice.
async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback(&resolve);
    });
    let _ = JsFuture::from(promise).await;
}

/// Why a file over [`MAX_FILE_BYTES`] is not read.
fn too_big(name: &str, bytes: f64) -> Said {
    let name = name.to_string();
    Said::new(move || {
        tr!(
            "files.too_big",
            name = name,
            size = format::count((bytes / 1048576.0).round() as u64),
            limit = format::count((MAX_FILE_BYTES / 1048576.0) as u64)
        )
    })
}

/// Why a file could not be read.
fn unreadable(name: &str) -> Said {
    let name = name.to_string();
    Said::new(move || tr!("files.unreadable", name = name))
}

/// A successful response for `url`, and the length it announces; refuses
/// one that announces more than [`MAX_FILE_BYTES`].
async fn get(url: &str) -> Result<(gloo_net::http::Response, Option<f64>), Said> {
    let response = Request::get(url)
        .send()
        .await
        .map_err(|e| Said::from(format!("{url}: {e}")))?;
    if !response.ok() {
        return Err(Said::from(format!(
            "{url}: HTTP {} {}",
            response.status(),
            response.status_text()
        )));
    }
    let announced = response
        .headers()
        .get("content-length")
        .and_then(|l| l.trim().parse::<u64>().ok())
        .map(|l| l as f64);
    if let Some(length) = announced.filter(|&l| l > MAX_FILE_BYTES) {
        return Err(too_big(url, length));
    }
    Ok((response, announced))
}

async fn fetch(url: &str) -> Result<Vec<u8>, Said> {
    let (response, _) = get(url).await?;
    let bytes = response
        .binary()
        .await
        .map_err(|e| Said::from(format!("{url}: {e}")))?;
    if bytes.len() as f64 > MAX_FILE_BYTES {
        return Err(too_big(url, bytes.len() as f64));
    }
    Ok(bytes)
}

async fn read(input: &Input) -> Result<Vec<u8>, Said> {
    match input {
        Input::Url(url) => fetch(url).await,
        Input::File(file) => {
            if file.size() > MAX_FILE_BYTES {
                return Err(too_big(&file.name(), file.size()));
            }
            let buffer = JsFuture::from(file.array_buffer())
                .await
                .map_err(|_| unreadable(&file.name()))?;
            Ok(Uint8Array::new(&buffer).to_vec())
        }
    }
}

/// Loads the world map once and registers it with ECharts. The browser
/// parses the GeoJSON (natively, while the app's WebAssembly is still being
/// optimised). The app reads only the small countries' points now; where
/// to zoom to show a country is worked out when one is selected
/// ([`country_view`]).
pub async fn world() -> Result<WorldShapes, Said> {
    let (response, _) = get(WORLD_URL).await?;
    let not_json = || Said::from(format!("{WORLD_URL}: not JSON"));
    let parsed = web_sys::Response::from(response)
        .json()
        .map_err(|_| not_json())?;
    let json = JsFuture::from(parsed).await.map_err(|_| not_json())?;
    echarts::register_map(MAP_NAME, &json);
    let shapes = WorldShapes::from_outlines(std::iter::empty(), points(&json));
    WORLD.with(|w| *w.borrow_mut() = Some(json));
    Ok(shapes)
}

thread_local! {
    /// The world map as the browser parsed it.
    static WORLD: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

fn prop(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn items(value: JsValue) -> Vec<JsValue> {
    value
        .dyn_into::<js_sys::Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

/// The small countries drawn as points, by alpha-2 code.
fn points(world: &JsValue) -> Vec<(String, [f64; 2])> {
    let points = prop(world, "points");
    if !points.is_object() {
        return Vec::new();
    }
    let names = js_sys::Object::keys(points.unchecked_ref::<js_sys::Object>());
    names
        .iter()
        .filter_map(|name| {
            let p = js_sys::Reflect::get(&points, &name).ok()?;
            let at = |i| {
                js_sys::Reflect::get_u32(&p, i)
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            Some((name.as_string()?, [at(0)?, at(1)?]))
        })
        .collect()
}

/// Where the map looks to show the country with alpha-2 code `code`, from
/// its outer rings in the world map ([`WorldShapes::from_geojson`]'s rule,
/// [`charts::world::outer_boxes`] for the browser's object: ECharts decodes
/// an encoded map's rings in place when it first draws it, so a ring may be
/// either form).
pub fn country_view(code: &str) -> Option<View> {
    let world = WORLD.with(|w| w.borrow().clone())?;
    let feature = items(prop(&world, "features"))
        .into_iter()
        .find(|f| prop(&prop(f, "properties"), "name").as_string().as_deref() == Some(code))?;
    let scale = prop(&world, "UTF8Scale")
        .as_f64()
        .unwrap_or(charts::world::DEFAULT_SCALE);
    let geometry = prop(&feature, "geometry");
    let (coordinates, offsets) = (
        prop(&geometry, "coordinates"),
        prop(&geometry, "encodeOffsets"),
    );
    let polygons = match prop(&geometry, "type").as_string()?.as_str() {
        "Polygon" => vec![(coordinates, offsets)],
        "MultiPolygon" => {
            let offsets = items(offsets);
            items(coordinates)
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p, offsets.get(i).cloned().unwrap_or_default()))
                .collect()
        }
        _ => return None,
    };
    let at = |v: &JsValue, i| js_sys::Reflect::get_u32(v, i).ok().and_then(|v| v.as_f64());
    let boxes: Vec<[f64; 4]> = polygons
        .into_iter()
        .filter_map(|(polygon, offsets)| {
            let ring = js_sys::Reflect::get_u32(&polygon, 0).ok()?;
            match ring.as_string() {
                Some(encoded) => {
                    let start = js_sys::Reflect::get_u32(&offsets, 0).ok()?;
                    let start = [at(&start, 0)? as i64, at(&start, 1)? as i64];
                    charts::world::encoded_bbox(&encoded, start, scale)
                }
                None => charts::world::bbox(items(ring).iter().map(|p| (at(p, 0), at(p, 1)))),
            }
        })
        .collect();
    WorldShapes::from_outlines([(code.to_string(), boxes)], [])
        .views
        .remove(code)
}

/// Which kind of file a header belongs to: the usage file has a workload
/// column (its other required columns would also pass as a customers file).
pub fn is_usage_file(head: &[u8]) -> bool {
    USAGE.resolve(&ingest::header_names(head)).is_ok()
}

/// The bytes of an input as they arrive (a download's body, a file read
/// from disk), with the total length when it is known beforehand.
async fn open_stream(input: &Input) -> Result<(web_sys::ReadableStream, Option<usize>), Said> {
    match input {
        Input::Url(url) => {
            let (response, announced) = get(url).await?;
            // A compressed response announces fewer bytes than arrive.
            let encoded = response.headers().get("content-encoding").is_some();
            let expected = announced.filter(|_| !encoded).map(|l| l as usize);
            let body = response.body().ok_or_else(|| format!("{url}: no body"))?;
            Ok((body, expected))
        }
        Input::File(file) => {
            if file.size() > MAX_FILE_BYTES {
                return Err(too_big(&file.name(), file.size()));
            }
            Ok((file.stream(), Some(file.size() as usize)))
        }
    }
}

/// A stream's reader. Where the stream is a byte stream (a download's body,
/// a file's stream in current browsers) the pieces are read into one buffer
/// that is used again and again, instead of a new buffer per piece.
enum Pieces {
    Byob {
        reader: web_sys::ReadableStreamByobReader,
        buffer: Option<js_sys::ArrayBuffer>,
    },
    Default(web_sys::ReadableStreamDefaultReader),
}

/// The size of the buffer a byte stream is read into.
const PIECE_BYTES: u32 = 4 << 20;

impl Pieces {
    fn of(stream: &web_sys::ReadableStream) -> Result<Pieces, JsValue> {
        if let Ok(reader) = web_sys::ReadableStreamByobReader::new(stream) {
            return Ok(Pieces::Byob {
                reader,
                buffer: None,
            });
        }
        Ok(Pieces::Default(stream.get_reader().dyn_into()?))
    }

    /// The next piece; `None` at the end of the stream.
    async fn next(&mut self) -> Result<Option<Uint8Array>, JsValue> {
        let result = match self {
            Pieces::Byob { reader, buffer } => {
                let buffer = buffer
                    .take()
                    .unwrap_or_else(|| js_sys::ArrayBuffer::new(PIECE_BYTES));
                let view = Uint8Array::new(&buffer);
                JsFuture::from(reader.read_with_array_buffer_view(&view)).await?
            }
            Pieces::Default(reader) => JsFuture::from(reader.read()).await?,
        };
        let done = js_sys::Reflect::get(&result, &"done".into())?;
        if done.as_bool() == Some(true) {
            return Ok(None);
        }
        let piece: Uint8Array = js_sys::Reflect::get(&result, &"value".into())?.unchecked_into();
        if let Pieces::Byob { buffer, .. } = self {
            // The read hands the buffer back (moved) under the piece.
            *buffer = Some(piece.buffer());
        }
        Ok(Some(piece))
    }

    fn cancel(&self) {
        let _ = match self {
            Pieces::Byob { reader, .. } => reader.cancel(),
            Pieces::Default(reader) => reader.cancel(),
        };
    }
}

/// Reads and parses a customers input while it arrives: the rows of each
/// piece are read before the next piece is waited for, so downloading and
/// parsing overlap, and a file without the required columns is refused as
/// soon as its header is in. Reports progress and lets the page paint and
/// answer at least every [`SLICE_MS`]; gives the header as written too.
async fn read_customers(
    input: &Input,
    name: &str,
    progress: RwSignal<Option<Progress>>,
) -> Result<(ingest::Loaded, Vec<String>), Said> {
    match read_customers_as(input, name, progress, None).await? {
        Some(read) => Ok(read),
        // Not UTF-8 after rows with other characters than ASCII: read it
        // again, as a whole in Windows-1252 (spec 1.4).
        None => read_customers_as(input, name, progress, Some(ingest::Encoding::Windows1252))
            .await?
            .ok_or_else(|| unreadable(name)),
    }
}

/// [`read_customers`] in a known encoding, or deciding it; `None` when the
/// input must be read again in Windows-1252.
async fn read_customers_as(
    input: &Input,
    name: &str,
    progress: RwSignal<Option<Progress>>,
    encoding: Option<ingest::Encoding>,
) -> Result<Option<(ingest::Loaded, Vec<String>)>, Said> {
    let (stream, expected) = open_stream(input).await?;
    let unreadable = || unreadable(name);
    let mut pieces = Pieces::of(&stream).map_err(|_| unreadable())?;
    perf::mark("pi:parse:start");
    let mut loader = match encoding {
        Some(encoding) => ingest::customers_streaming_as(expected, encoding),
        None => ingest::customers_streaming(expected),
    };
    let mut slice_start = perf::now();
    loop {
        let Some(array) = pieces.next().await.map_err(|_| unreadable())? else {
            break;
        };
        let pushed = loader.push_with(array.length() as usize, |to| array.copy_to(to));
        let refused = match pushed {
            Err(e) => Some(Said::of(e)),
            Ok(()) if loader.received() as f64 > MAX_FILE_BYTES => {
                Some(too_big(name, loader.received() as f64))
            }
            Ok(()) => None,
        };
        if let Some(why) = refused {
            // The rest is not needed.
            pieces.cancel();
            return Err(why);
        }
        if loader.needs_reread() {
            pieces.cancel();
            return Ok(None);
        }
        while !loader.read_rows(ROWS_PER_STEP) && !loader.wants_input() {
            pause(&mut slice_start, &loader, name, progress).await;
        }
        pause(&mut slice_start, &loader, name, progress).await;
    }
    loader.end_of_input().map_err(Said::of)?;
    if loader.needs_reread() {
        return Ok(None);
    }
    while !loader.read_rows(ROWS_PER_STEP) {
        pause(&mut slice_start, &loader, name, progress).await;
    }
    progress.set(Some(Progress {
        label: tr!("progress.computing", name = name),
        fraction: 1.0,
    }));
    next_tick().await;
    let header = loader.header().to_vec();
    let loaded = loader.into_loaded().map_err(Said::of)?;
    perf::measure("pi:parse", "pi:parse:start");
    Ok(Some((loaded, header)))
}

/// How long the page may be kept busy between paints while a file loads.
const SLICE_MS: f64 = 50.0;

/// Shows the progress and lets the page paint, once a slice's time is up.
async fn pause(
    slice_start: &mut f64,
    loader: &ingest::CustomersLoader<'_>,
    name: &str,
    progress: RwSignal<Option<Progress>>,
) {
    if perf::now() - *slice_start < SLICE_MS {
        return;
    }
    progress.set(Some(Progress {
        label: tr!("progress.reading", name = name),
        fraction: loader.progress(),
    }));
    next_tick().await;
    *slice_start = perf::now();
}

/// Loads a customers input into a model (its usage file comes later, see
/// `loading.rs`). On refusal the reports say why, and no model is
/// returned, so whatever was loaded before stays.
pub async fn load(
    customers: Input,
    usage: Option<Input>,
    label: String,
    world: WorldShapes,
    progress: RwSignal<Option<Progress>>,
) -> (Option<Arc<Model>>, Vec<FileReport>) {
    let mut reports = Vec::new();
    let name = customers.name();
    perf::load_started();
    progress.set(Some(Progress {
        label: tr!("progress.reading", name = name),
        fraction: 0.0,
    }));
    let (loaded, header) = match read_customers(&customers, &name, progress).await {
        Ok((loaded, header)) if loaded.dataset.is_empty() => {
            let rejected = loaded.summary.rejected;
            let why = Said::new(move || {
                tr!(
                    "files.nothing_loaded",
                    rejected = trn!("source.rejected", rejected)
                )
            });
            reports.push(FileReport {
                name,
                outcome: Err(why),
                header,
            });
            progress.set(None);
            return (None, reports);
        }
        Ok(loaded) => loaded,
        Err(e) => {
            reports.push(FileReport {
                name,
                outcome: Err(e),
                header: Vec::new(),
            });
            progress.set(None);
            return (None, reports);
        }
    };
    let summary = Arc::new(loaded.summary);
    reports.push(FileReport {
        name: name.clone(),
        outcome: Ok(summary.clone()),
        header,
    });

    let facets = metrics::facets(&loaded.dataset);
    let mut dataset = loaded.dataset;
    // The usage file is read before the first view: active customers
    // count its activity (spec 1.4).
    let usage = match usage {
        Some(input) => load_usage(&input, &mut reports).await,
        None => None,
    };
    if let Some(usage) = &usage {
        dataset.attach_usage(usage);
    }
    progress.set(None);
    let model = Model {
        name: label,
        dataset: Arc::new(dataset),
        summary,
        usage: ArcRwSignal::new(usage.map_or(Usage::None, Usage::Loaded)),
        facets,
        world,
    };
    (Some(Arc::new(model)), reports)
}

/// Loads a workload usage file; its outcome goes to the reports.
pub async fn load_usage(input: &Input, reports: &mut Vec<FileReport>) -> Option<Arc<UsageData>> {
    let name = input.name();
    let bytes = match read(input).await {
        Ok(bytes) => bytes,
        Err(e) => {
            reports.push(FileReport {
                name,
                outcome: Err(e),
                header: Vec::new(),
            });
            return None;
        }
    };
    match ingest::load_usage(&bytes) {
        Ok((usage, summary)) => {
            let header = summary.reading.header.clone();
            reports.push(FileReport {
                name,
                outcome: Ok(Arc::new(summary)),
                header,
            });
            Some(Arc::new(usage))
        }
        Err(e) => {
            reports.push(FileReport {
                name,
                outcome: Err(Said::of(e)),
                header: Vec::new(),
            });
            None
        }
    }
}

/// Files from an input element or a drop, split into the customers file
/// and the usage file by their headers.
pub async fn sort_files(
    files: Vec<web_sys::File>,
) -> (Option<web_sys::File>, Option<web_sys::File>) {
    let (mut customers, mut usage) = (None, None);
    for file in files {
        // The head's bytes, not its text: the file may be UTF-16 or
        // Windows-1252, which the engine decodes.
        let head = file.slice_with_i32_and_i32(0, 4096).ok();
        let bytes = match head {
            Some(blob) => JsFuture::from(blob.array_buffer())
                .await
                .map(|b| Uint8Array::new(&b).to_vec())
                .unwrap_or_default(),
            None => Vec::new(),
        };
        if is_usage_file(&bytes) {
            usage = Some(file);
        } else {
            customers = Some(file);
        }
    }
    (customers, usage)
}

/// The files of a `FileList`.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// `?data=<url>&usage=<url>` of the page's own address.
pub fn url_sources() -> (Option<String>, Option<String>) {
    let search = window().location().search().unwrap_or_default();
    let params = web_sys::UrlSearchParams::new_with_str(&search).ok();
    let get = |key: &str| {
        params
            .as_ref()
            .and_then(|p| p.get(key))
            .filter(|v| !v.trim().is_empty())
    };
    (get("data"), get("usage"))
}

/// Takes `data` and `usage` out of the page's address, keeping the rest
/// (the view in the fragment), without a reload or a history step.
pub fn forget_url_sources() {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    params.delete("data");
    params.delete("usage");
    let query = String::from(params.to_string());
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// An `<input type=file>` element of an event.
pub fn input_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
    let files = files_of(input.as_ref().and_then(|i| i.files()));
    if let Some(input) = input {
        // The same file can be chosen again after it changed on disk.
        input.set_value("");
    }
    files
}
