//! Reading the files into a model: the customers file parsed while it
//! arrives, a slice at a time so the page stays responsive, then the usage
//! file; each file's outcome for the validation report.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::world::WorldShapes;
use crate::dataset::UsageData;
use crate::i18n::Said;
use crate::ingest::{self, LoadSummary};
use crate::metrics;
use crate::perf;
use crate::state::{Model, Usage};

use super::fetch::{next_tick, open_stream, read, unreadable, Input, Pieces};

/// Rows parsed between two looks at the clock: 1 to 5 ms of a 10 ms slice
/// (4,000 rows took 18-25 ms on a slow machine, and four times that on
/// the phone Lighthouse plays).
const ROWS_PER_STEP: usize = 1_000;

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

/// What reading a file while it arrives needs of its loader: one loop
/// ([`stream`]) reads a customers file and a usage file alike, compiled
/// once.
trait Streamed {
    fn push(&mut self, piece: &js_sys::Uint8Array) -> Result<(), ingest::FileError>;
    fn needs_reread(&self) -> bool;
    fn read_rows(&mut self, rows: usize) -> bool;
    fn wants_input(&self) -> bool;
    fn rows_over_limit(&self) -> Option<usize>;
    fn stopped(&self) -> bool;
    fn end_of_input(&mut self) -> Result<(), ingest::FileError>;
    fn progress(&self) -> f64;
    /// The most rows the file may hold, for a refusal's words.
    fn limit(&self) -> usize;
}

macro_rules! streamed {
    ($loader:ty, $limit:expr) => {
        impl Streamed for $loader {
            fn push(&mut self, piece: &js_sys::Uint8Array) -> Result<(), ingest::FileError> {
                self.push_with(piece.length() as usize, |to| piece.copy_to(to))
            }
            fn needs_reread(&self) -> bool {
                ingest::Loader::needs_reread(self)
            }
            fn read_rows(&mut self, rows: usize) -> bool {
                <$loader>::read_rows(self, rows)
            }
            fn wants_input(&self) -> bool {
                ingest::Loader::wants_input(self)
            }
            fn rows_over_limit(&self) -> Option<usize> {
                ingest::Loader::rows_over_limit(self)
            }
            fn stopped(&self) -> bool {
                ingest::Loader::stopped(self)
            }
            fn end_of_input(&mut self) -> Result<(), ingest::FileError> {
                ingest::Loader::end_of_input(self)
            }
            fn progress(&self) -> f64 {
                ingest::Loader::progress(self)
            }
            fn limit(&self) -> usize {
                $limit
            }
        }
    };
}

streamed!(ingest::CustomersLoader<'static>, ingest::MAX_ROWS);
streamed!(ingest::UsageLoader<'static>, ingest::MAX_USAGE_ROWS);

/// Reads a stream into `loader` while it arrives: the rows of each piece
/// are read before the next piece is waited for, so downloading and
/// parsing overlap, and the file is never held whole. False when the input
/// must be read again in Windows-1252.
async fn stream(
    stream: web_sys::ReadableStream,
    name: &str,
    progress: RwSignal<Option<Progress>>,
    loader: &mut dyn Streamed,
) -> Result<bool, Said> {
    let unreadable = || unreadable(name);
    let mut pieces = Pieces::of(&stream).map_err(|_| unreadable())?;
    let mut slice_start = perf::now();
    loop {
        let Some(array) = pieces.next().await.map_err(|_| unreadable())? else {
            break;
        };
        if let Err(e) = loader.push(&array) {
            // The rest is not needed.
            pieces.cancel();
            return Err(Said::of(e));
        }
        if loader.needs_reread() {
            pieces.cancel();
            return Ok(false);
        }
        while !loader.read_rows(ROWS_PER_STEP) && !loader.wants_input() {
            pause(&mut slice_start, &*loader, name, progress).await;
        }
        // More rows than the tab's memory holds: refused as soon as the
        // first rows tell, or where the limit is reached.
        if let Some(rows) = loader.rows_over_limit() {
            pieces.cancel();
            return Err(too_many_rows(rows, loader.limit()));
        }
        if loader.stopped() {
            pieces.cancel();
            break;
        }
        pause(&mut slice_start, &*loader, name, progress).await;
    }
    loader.end_of_input().map_err(Said::of)?;
    if loader.needs_reread() {
        return Ok(false);
    }
    while !loader.read_rows(ROWS_PER_STEP) {
        pause(&mut slice_start, &*loader, name, progress).await;
    }
    Ok(true)
}

/// [`read_customers`] in a known encoding, or deciding it; `None` when the
/// input must be read again in Windows-1252.
async fn read_customers_as(
    input: &Input,
    name: &str,
    progress: RwSignal<Option<Progress>>,
    encoding: Option<ingest::Encoding>,
) -> Result<Option<(ingest::Loaded, Vec<String>)>, Said> {
    let (body, expected) = open_stream(input).await?;
    perf::mark("pi:parse:start");
    let mut loader = match encoding {
        Some(encoding) => ingest::customers_streaming_as(expected, encoding),
        None => ingest::customers_streaming(expected),
    };
    if !stream(body, name, progress, &mut loader).await? {
        return Ok(None);
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

/// Why a file with more rows than a tab holds is not read.
fn too_many_rows(rows: usize, limit: usize) -> Said {
    Said::new(move || {
        tr!(
            "files.too_many_rows",
            rows = crate::format::count(rows as u64),
            limit = crate::format::count(limit as u64)
        )
    })
}

/// How long the page may be kept busy between paints while a file loads:
/// 10 ms here is 40 ms on a phone four times slower, under the 50 ms past
/// which a tap waits (and which Lighthouse counts as blocking).
const SLICE_MS: f64 = 10.0;

/// How often the progress bar moves while a file loads: a new width is a
/// layout and paint of its own, which every slice would pay for nothing.
const PROGRESS_MS: f64 = 100.0;

thread_local! {
    /// When the progress bar last moved.
    static PROGRESS_SHOWN: std::cell::Cell<f64> = const { std::cell::Cell::new(f64::NEG_INFINITY) };
}

/// Lets the page paint and take input once a slice's time is up, with the
/// progress shown.
async fn pause(
    slice_start: &mut f64,
    loader: &dyn Streamed,
    name: &str,
    progress: RwSignal<Option<Progress>>,
) {
    let now = perf::now();
    if now - *slice_start < SLICE_MS {
        return;
    }
    if now - PROGRESS_SHOWN.get() >= PROGRESS_MS {
        PROGRESS_SHOWN.set(now);
        progress.set(Some(Progress {
            label: tr!("progress.reading", name = name),
            fraction: loader.progress(),
        }));
    }
    next_tick().await;
    *slice_start = perf::now();
}

/// Loads a customers input into a model (its usage file comes later, see
/// `load/mod.rs`). On refusal the reports say why, and no model is
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
    let colours = Arc::new(crate::charts::colours::Colours::of(
        &loaded.dataset,
        &facets,
    ));
    let mut dataset = loaded.dataset;
    // The usage file is read before the first view: active customers
    // count its activity (spec 1.4).
    let usage = match usage {
        Some(input) => load_usage(&input, &mut reports, progress).await,
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
        colours,
        world,
        fixed: None,
    };
    (Some(Arc::new(model)), reports)
}

/// Loads a workload usage file while it arrives, as a customers file is
/// (never held whole; its rows bounded by the tab's memory); its outcome
/// goes to the reports.
pub async fn load_usage(
    input: &Input,
    reports: &mut Vec<FileReport>,
    progress: RwSignal<Option<Progress>>,
) -> Option<Arc<UsageData>> {
    let name = input.name();
    let read = match read_usage_as(input, &name, progress, None).await {
        // Not UTF-8 after rows with other characters than ASCII.
        Ok(None) => read_usage_as(input, &name, progress, Some(ingest::Encoding::Windows1252))
            .await
            .and_then(|read| read.ok_or_else(|| unreadable(&name))),
        Ok(Some(read)) => Ok(read),
        Err(e) => Err(e),
    };
    match read {
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
                outcome: Err(e),
                header: Vec::new(),
            });
            None
        }
    }
}

/// [`load_usage`]'s reading in a known encoding, or deciding it; `None`
/// when the input must be read again in Windows-1252.
async fn read_usage_as(
    input: &Input,
    name: &str,
    progress: RwSignal<Option<Progress>>,
    encoding: Option<ingest::Encoding>,
) -> Result<Option<(UsageData, LoadSummary)>, Said> {
    let (body, expected) = open_stream(input).await?;
    let mut loader = match encoding {
        Some(encoding) => ingest::usage_streaming_as(expected, encoding),
        None => ingest::usage_streaming(expected),
    };
    if !stream(body, name, progress, &mut loader).await? {
        return Ok(None);
    }
    loader.finish().map(Some).map_err(Said::of)
}

/// Opens a report JSON (spec section 7, as `insights report` or the Spark
/// job writes it) as a dashboard of fixed figures: no rows, its range and
/// filters as it was computed. On refusal the reports say why, with the
/// line and column where the file stops being a report.
pub async fn load_report(
    input: Input,
    label: String,
    world: WorldShapes,
    progress: RwSignal<Option<Progress>>,
) -> (Option<Arc<Model>>, Vec<FileReport>) {
    let name = input.name();
    perf::load_started();
    progress.set(Some(Progress {
        label: tr!("progress.reading", name = name),
        fraction: 0.0,
    }));
    let read = read(&input).await.and_then(|bytes| {
        metrics::read_report(&bytes).map_err(|e| {
            let name = name.clone();
            Said::new(move || {
                tr!(
                    "report_file.not_a_report",
                    name = name,
                    why = crate::i18n::Worded::worded(&e)
                )
            })
        })
    });
    progress.set(None);
    let report = match read {
        Ok(report) => Arc::new(report),
        Err(e) => {
            let failed = FileReport {
                name,
                outcome: Err(e),
                header: Vec::new(),
            };
            return (None, vec![failed]);
        }
    };
    let summary = LoadSummary {
        loaded: report.rows.loaded,
        rejected: report.rows.rejected,
        ..LoadSummary::default()
    };
    let model = Model {
        name: label,
        dataset: Arc::default(),
        summary: Arc::new(summary),
        usage: ArcRwSignal::new(Usage::None),
        facets: metrics::Facets::default(),
        colours: Arc::new(crate::charts::colours::Colours::of_report(&report)),
        world,
        fixed: Some(report),
    };
    (Some(Arc::new(model)), Vec::new())
}
