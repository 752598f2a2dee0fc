//! The app's data source: the first load (the bundled sample or
//! `?data=`), files opened or dropped, and the way back to the sample. The
//! rest of loading is in the files beside this one: bytes (`fetch`), where
//! files come from (`sources`), parsing them into a model (`read`), the world
//! map (`world`) and what the partner sees of it all (`view`).

pub mod fetch;
pub mod kept;
pub mod read;
pub mod sources;
pub mod view;
pub mod world;

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::charts::world::WorldShapes;
use crate::i18n::{t, Said};
use crate::state::{Model, Usage};

use fetch::{Input, SAMPLE_URL, SAMPLE_USAGE_URL};
use read::{FileReport, Progress};

/// The source name of the bundled data; the page shows it translated.
pub const SAMPLE_LABEL: &str = "Bundled sample data";

/// A data source's name as the page shows it.
pub fn source_name(name: &str) -> String {
    if name == SAMPLE_LABEL {
        t("source.sample").to_string()
    } else {
        name.to_string()
    }
}

/// The loaded data and what loading is doing; shared by every page.
#[derive(Clone, Copy)]
pub struct AppState {
    pub model: RwSignal<Option<Arc<Model>>>,
    pub progress: RwSignal<Option<Progress>>,
    pub reports: RwSignal<Vec<FileReport>>,
    /// Why the last load failed when there is nothing to show (the first
    /// load, or a file opened after it, failed).
    pub fatal: RwSignal<Option<Said>>,
    world: RwSignal<Option<WorldShapes>>,
    /// The files of the data shown, when it came from files (customers
    /// file first): what "Keep these files on this device" copies.
    pub opened: StoredValue<Vec<web_sys::File>, LocalStorage>,
    /// The files shown are kept on this device ([`kept`]).
    pub kept: RwSignal<bool>,
    /// The files open at the last visit, which were not kept: the page
    /// says so and offers to open them again.
    pub last_opened: RwSignal<Vec<String>>,
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            model: RwSignal::new(None),
            progress: RwSignal::new(None),
            reports: RwSignal::new(Vec::new()),
            fatal: RwSignal::new(None),
            world: RwSignal::new(None),
            opened: StoredValue::new_local(Vec::new()),
            kept: RwSignal::new(false),
            last_opened: RwSignal::new(Vec::new()),
        }
    }

    /// The first load: `?data=` (and `?usage=`) when given, else the sample.
    pub fn start(self) {
        spawn_local(async move {
            let world = match world::world().await {
                Ok(world) => world,
                Err(e) => {
                    self.fatal.set(Some(e));
                    return;
                }
            };
            self.world.set(Some(world));
            if let Some(url) = sources::url_report() {
                self.load_report(Input::Url(url.clone()), url, true).await;
                return;
            }
            match sources::url_sources() {
                (Some(url), usage) => {
                    self.load(Input::Url(url.clone()), usage.map(Input::Url), url, true)
                        .await;
                }
                // Files kept on this device open before anything is drawn.
                (None, _) => match kept::kept_files().await {
                    Some(files) => {
                        self.kept.set(true);
                        self.load_files(files, true).await;
                    }
                    None => {
                        if !kept::kept_names().is_empty() {
                            // The browser's storage was cleared: they are
                            // gone, and said to be last opened instead.
                            let names = kept::kept_names();
                            kept::discard().await;
                            self.last_opened.set(names);
                        } else {
                            self.last_opened.set(kept::last_opened());
                        }
                        self.load_sample(true).await
                    }
                },
            }
        });
    }

    /// Loads opened files (customers file first, then the usage file) and
    /// remembers them for "Keep these files on this device".
    async fn load_files(self, mut files: Vec<web_sys::File>, first: bool) {
        if let Some(report) = sources::report_among(&files).await {
            // A report is opened alone; kept like any opened file.
            let loaded = self
                .load_report(Input::File(report.clone()), report.name(), first)
                .await;
            if loaded {
                self.opened_now(vec![report], first).await;
            }
            return;
        }
        let Some(customers) = (!files.is_empty()).then(|| files.remove(0)) else {
            return;
        };
        let usage = files.pop();
        let label = customers.name();
        let kept_files: Vec<web_sys::File> = std::iter::once(customers.clone())
            .chain(usage.clone())
            .collect();
        let loaded = self
            .load(Input::File(customers), usage.map(Input::File), label, first)
            .await;
        if loaded {
            self.opened_now(kept_files, first).await;
        }
    }

    /// Remembers the files now shown (and keeps them when files are kept).
    async fn opened_now(self, files: Vec<web_sys::File>, first: bool) {
        self.last_opened.set(Vec::new());
        kept::opened(&files);
        if self.kept.get_untracked() && !first {
            // Kept files are replaced by the ones opened now.
            let _ = kept::keep(&files).await;
        }
        self.opened.set_value(files);
    }

    /// Opens a report JSON as a dashboard of fixed figures; whether it could.
    async fn load_report(self, input: Input, label: String, first: bool) -> bool {
        let world = self.world.get_untracked().unwrap_or_default();
        let (model, reports) = read::load_report(input, label, world, self.progress).await;
        let loaded = model.is_some();
        self.finish(model, reports, first, true);
        loaded
    }

    async fn load_sample(self, first: bool) {
        let (model, reports) = read::load(
            Input::Url(SAMPLE_URL.into()),
            Some(Input::Url(SAMPLE_USAGE_URL.into())),
            SAMPLE_LABEL.into(),
            self.world.get_untracked().unwrap_or_default(),
            self.progress,
        )
        .await;
        self.finish(model, reports, first, false);
    }

    /// Whether a model was made.
    async fn load(
        self,
        customers: Input,
        usage: Option<Input>,
        label: String,
        first: bool,
    ) -> bool {
        let world = self.world.get_untracked().unwrap_or_default();
        let (model, reports) = read::load(customers, usage, label, world, self.progress).await;
        let loaded = model.is_some();
        self.finish(model, reports, first, true);
        loaded
    }

    /// Shows a load's model (customers and usage file, read before the
    /// first view: active customers count the usage file's activity, spec
    /// 1.4) and its reports.
    fn finish(
        self,
        model: Option<Arc<Model>>,
        reports: Vec<FileReport>,
        first: bool,
        show_report: bool,
    ) {
        match model {
            Some(model) => self.model.set(Some(model)),
            // Nothing was shown before (the first load, or a file opened after
            // it failed): the page says why this one failed.
            None if first || self.model.with_untracked(Option::is_none) => {
                // Named by its file (an address in a network error names it already).
                let why = reports.iter().find_map(|r| {
                    let (e, name) = (r.outcome.as_ref().err()?.clone(), r.name.clone());
                    Some(Said::new(move || {
                        let e = e.text();
                        if e.contains(&name) {
                            e
                        } else {
                            format!("{name}: {e}")
                        }
                    }))
                });
                self.fatal
                    .set(Some(why.unwrap_or_else(|| Said::from(String::new()))));
            }
            None => {}
        }
        let worth_showing = show_report
            || reports
                .iter()
                .any(|r| r.outcome.as_ref().map_or(true, |s| s.rejected > 0));
        self.reports
            .set(if worth_showing { reports } else { Vec::new() });
    }

    /// Opens files the user chose or dropped: a customers file replaces the
    /// data (when it loads), a usage file alone joins the current data.
    pub fn open(self, files: Vec<web_sys::File>) {
        if files.is_empty() {
            return;
        }
        spawn_local(async move {
            if sources::report_among(&files).await.is_some() {
                self.load_files(files, false).await;
                return;
            }
            let (customers, usage) = sources::sort_files(files).await;
            match (customers, usage) {
                (Some(customers), usage) => {
                    let files = std::iter::once(customers).chain(usage).collect();
                    self.load_files(files, false).await;
                }
                (None, Some(usage)) => {
                    // A usage file alone joins the data shown: a model of the
                    // same rows with the usage file's activity (spec 1.4).
                    let mut reports = Vec::new();
                    let current = self.model.get_untracked();
                    let before = current.as_ref().map(|m| m.usage.get_untracked());
                    if let Some(current) = &current {
                        current.usage.set(Usage::Loading);
                    }
                    let loaded =
                        read::load_usage(&Input::File(usage.clone()), &mut reports, self.progress)
                            .await;
                    self.progress.set(None);
                    if let (Some(current), Some(before)) = (current, before) {
                        match loaded {
                            Some(loaded) => {
                                self.model.set(Some(Arc::new(current.with_usage(loaded))));
                                self.join_usage(usage).await;
                            }
                            None => current.usage.set(before),
                        }
                    }
                    self.reports.set(reports);
                }
                (None, None) => {}
            }
        });
    }

    /// A usage file that joined opened files is one of them from now on
    /// (and kept with them when they are kept).
    async fn join_usage(self, usage: web_sys::File) {
        let files = self.opened.with_value(|f| f.first().cloned());
        let Some(customers) = files else { return };
        let files = vec![customers, usage];
        kept::opened(&files);
        if self.kept.get_untracked() {
            let _ = kept::keep(&files).await;
        }
        self.opened.set_value(files);
    }

    /// Copies the files shown to this device (see [`kept`]); false when the
    /// browser would not store them.
    pub async fn keep(self) -> bool {
        let files = self.opened.get_value();
        let kept = kept::keep(&files).await.is_ok();
        if !kept {
            kept::discard().await;
        }
        self.kept.set(kept);
        kept
    }

    /// Removes the copies kept on this device; the data stays shown.
    pub async fn forget_files(self) {
        kept::discard().await;
        kept::opened(&self.opened.get_value());
        self.kept.set(false);
    }

    /// Loads the sample again. The address no longer names a file
    /// (`?data=`, `?usage=`), and the kept files are forgotten, so a
    /// reload shows the sample too: the next visit opens what was open at
    /// the end of this one.
    pub fn back_to_sample(self) {
        sources::forget_url_sources();
        spawn_local(async move {
            kept::discard().await;
            kept::clear_last_opened();
            self.kept.set(false);
            self.opened.set_value(Vec::new());
            self.last_opened.set(Vec::new());
            self.load_sample(false).await
        });
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
