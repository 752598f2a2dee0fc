//! The app's data source: the first load (the bundled sample or
//! `?data=`), files opened or dropped, and the way back to the sample. The
//! rest of loading is in the files beside this one: bytes (`fetch`), where
//! files come from (`sources`), parsing them into a model (`read`), the world
//! map (`world`) and what the partner sees of it all (`view`).

pub mod fetch;
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
}

impl AppState {
    pub fn new() -> AppState {
        AppState {
            model: RwSignal::new(None),
            progress: RwSignal::new(None),
            reports: RwSignal::new(Vec::new()),
            fatal: RwSignal::new(None),
            world: RwSignal::new(None),
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
            match sources::url_sources() {
                (Some(url), usage) => {
                    self.load(Input::Url(url.clone()), usage.map(Input::Url), url, true)
                        .await
                }
                (None, _) => self.load_sample(true).await,
            }
        });
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

    async fn load(self, customers: Input, usage: Option<Input>, label: String, first: bool) {
        let world = self.world.get_untracked().unwrap_or_default();
        let (model, reports) = read::load(customers, usage, label, world, self.progress).await;
        self.finish(model, reports, first, true);
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
            let (customers, usage) = sources::sort_files(files).await;
            match (customers, usage) {
                (Some(customers), usage) => {
                    let label = customers.name();
                    self.load(Input::File(customers), usage.map(Input::File), label, false)
                        .await;
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
                    let loaded = read::load_usage(&Input::File(usage), &mut reports).await;
                    if let (Some(current), Some(before)) = (current, before) {
                        match loaded {
                            Some(usage) => {
                                self.model.set(Some(Arc::new(current.with_usage(usage))))
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

    /// Loads the sample again. The address no longer names a file
    /// (`?data=`, `?usage=`), so a reload shows the sample too.
    pub fn back_to_sample(self) {
        sources::forget_url_sources();
        spawn_local(async move { self.load_sample(false).await });
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
