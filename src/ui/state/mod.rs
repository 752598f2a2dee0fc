//! The dashboard's shared state: the loaded data, the chosen range and
//! filters, and the report computed from them; the page's language and
//! theme, each with its control, are beside it.

pub mod lang;
pub mod route;
pub mod theme;

use std::sync::{Arc, Mutex};

use leptos::prelude::*;

use crate::charts::world::{MapFigure, WorldShapes};
use crate::dataset::{Dataset, UsageData};
use crate::ingest::LoadSummary;
use crate::metrics::{self, Facets, Filters, Query, Report, RowCounts, Thresholds};
use crate::model::{Dimension, Month};
use crate::perf;
use crate::route::Route;

/// A loaded customers file.
pub struct Model {
    /// Where the data came from, as the page names it.
    pub name: String,
    pub dataset: Arc<Dataset>,
    pub summary: Arc<LoadSummary>,
    /// Read after the customers file: see [`Usage`].
    pub usage: ArcRwSignal<Usage>,
    pub facets: Facets,
    /// One colour per value in every chart.
    pub colours: Arc<crate::charts::colours::Colours>,
    pub world: WorldShapes,
    /// A report computed elsewhere (`insights report`, the Spark job),
    /// opened as it is: its figures are shown, its range and filters are
    /// fixed, and there are no rows (the dataset is empty).
    pub fixed: Option<Arc<Report>>,
}

impl Model {
    /// The same customers file with a usage file joined to it.
    pub fn with_usage(&self, usage: Arc<UsageData>) -> Model {
        let mut dataset = (*self.dataset).clone();
        dataset.attach_usage(&usage);
        Model {
            name: self.name.clone(),
            dataset: Arc::new(dataset),
            summary: self.summary.clone(),
            usage: ArcRwSignal::new(Usage::Loaded(usage)),
            facets: self.facets.clone(),
            colours: self.colours.clone(),
            world: self.world.clone(),
            fixed: self.fixed.clone(),
        }
    }

    /// The first and last month a range choice shows: a report opened as
    /// it is shows its own range, whatever is chosen.
    pub fn months(&self, range: RangeChoice) -> (Month, Month) {
        match &self.fixed {
            Some(report) => (report.range.from, report.range.to),
            None => range.months(&self.dataset),
        }
    }
}

/// A model's workload usage file. Only the Adoption and customer pages use
/// it, so it is read once the dashboard is drawn (`load/mod.rs`); those
/// pages say so while it is being read.
#[derive(Clone, Default)]
pub enum Usage {
    /// None was given, or it could not be read.
    #[default]
    None,
    Loading,
    Loaded(Arc<UsageData>),
}

impl Usage {
    pub fn data(&self) -> Option<&UsageData> {
        match self {
            Usage::Loaded(usage) => Some(usage),
            _ => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, Usage::Loading)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeChoice {
    /// The last n data months (all of them when there are fewer).
    Last(i32),
    All,
    Custom {
        from: Month,
        to: Month,
    },
}

impl RangeChoice {
    pub fn months(self, ds: &Dataset) -> (Month, Month) {
        let (first, last) = (
            ds.first_month.expect("rows"),
            ds.last_month().expect("rows"),
        );
        match self {
            RangeChoice::Last(n) => (last.plus(1 - n).max(first), last),
            RangeChoice::All => (first, last),
            RangeChoice::Custom { from, to } => (
                from.clamp(first, last),
                to.clamp(first, last).max(from.clamp(first, last)),
            ),
        }
    }
}

#[derive(Clone)]
pub struct Dashboard {
    pub model: Arc<Model>,
    pub range: RwSignal<RangeChoice>,
    pub filters: RwSignal<Filters>,
    pub report: Memo<Result<Arc<Report>, String>>,
    /// Every data month's figures for the current filters (what the
    /// report is made from); the customer list reads its selected rows.
    pub prepared: Memo<Result<Shared<metrics::Prepared>, String>>,
    pub map_figure: RwSignal<MapFigure>,
    pub country: RwSignal<Option<String>>,
    pub product: RwSignal<Option<String>>,
    /// The page and its parameters, mirrored from the URL fragment.
    pub route: RwSignal<Route>,
    /// Low-adoption thresholds, read from the route (defaults otherwise).
    pub thresholds: Memo<Thresholds>,
    pub distribution_tab: RwSignal<&'static str>,
    pub trend_tab: RwSignal<&'static str>,
}

/// Tab keys of the Distribution and Distribution trend sections, with
/// the message key of each tab's name.
pub const DISTRIBUTION_TABS: &[(&str, &str)] = &[
    ("partner_location", "dimension.partner_location"),
    ("segment", "dimension.segment"),
    ("sales_channel", "dimension.sales_channel"),
    ("pricing_model", "dimension.pricing_model"),
    ("attribution_type", "dimension.attribution_type"),
];
pub const TREND_TABS: &[(&str, &str)] = &[
    ("market", "dimension.market"),
    ("segment", "dimension.segment"),
    ("partner_location", "dimension.partner_location"),
    ("product", "dimension.product"),
    ("pricing_model", "dimension.pricing_model"),
    ("attribution_type", "dimension.attribution_type"),
    ("sales_channel", "dimension.sales_channel"),
];

/// The URL parameter of each filter.
/// How many sets of filters keep their prepared figures (a few hundred KB
/// each at a million rows).
const PREPARED_KEPT: usize = 8;

fn tab_of(tabs: &[(&'static str, &str)], value: Option<&str>) -> &'static str {
    tabs.iter()
        .find(|(k, _)| Some(*k) == value)
        .map_or(tabs[0].0, |(k, _)| k)
}

/// The view a route describes (the parts the dashboard keeps in the URL).
#[derive(Clone, PartialEq)]
struct ViewState {
    range: RangeChoice,
    filters: Filters,
    map_figure: MapFigure,
    country: Option<String>,
    product: Option<String>,
    distribution_tab: &'static str,
    trend_tab: &'static str,
}

impl ViewState {
    fn read(route: &Route) -> ViewState {
        let range = match (
            route.param("range"),
            route.param("from").and_then(Month::parse),
            route.param("to").and_then(Month::parse),
        ) {
            (_, Some(from), Some(to)) => RangeChoice::Custom { from, to },
            (Some("all"), _, _) => RangeChoice::All,
            (Some(n), _, _) => RangeChoice::Last(
                n.parse()
                    .ok()
                    .filter(|n: &i32| *n > 0)
                    .unwrap_or(metrics::DEFAULT_MONTHS),
            ),
            _ => RangeChoice::Last(metrics::DEFAULT_MONTHS),
        };
        let mut filters = Filters::default();
        for d in Dimension::ALL {
            filters[d] = route.values(d.url_key());
        }
        ViewState {
            range,
            filters,
            map_figure: route
                .param("map")
                .and_then(MapFigure::from_key)
                .unwrap_or_default(),
            country: route.param("country").map(str::to_string),
            product: route.param("sku").map(str::to_string),
            distribution_tab: tab_of(DISTRIBUTION_TABS, route.param("dist")),
            trend_tab: tab_of(TREND_TABS, route.param("trend")),
        }
    }

    /// The route with this view's parameters; defaults are left out.
    fn write(&self, route: Route) -> Route {
        let (range, from, to) = match self.range {
            RangeChoice::Last(n) if n == metrics::DEFAULT_MONTHS => (None, None, None),
            RangeChoice::Last(n) => (Some(n.to_string()), None, None),
            RangeChoice::All => (Some("all".to_string()), None, None),
            RangeChoice::Custom { from, to } => {
                (None, Some(from.to_string()), Some(to.to_string()))
            }
        };
        let mut route = route.with("range", range).with("from", from).with("to", to);
        for (d, values) in self.filters.iter() {
            route = route.with_values(d.url_key(), values);
        }
        let default_tab =
            |tab: &'static str, tabs: &[(&str, &str)]| (tab != tabs[0].0).then(|| tab.to_string());
        route
            .with(
                "map",
                (self.map_figure != MapFigure::default())
                    .then(|| self.map_figure.key().to_string()),
            )
            .with("country", self.country.clone())
            .with("sku", self.product.clone())
            .with(
                "dist",
                default_tab(self.distribution_tab, DISTRIBUTION_TABS),
            )
            .with("trend", default_tab(self.trend_tab, TREND_TABS))
    }
}

/// A value shared by reference; equal only to itself, so a memo of it
/// notifies on every recomputation without comparing contents.
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Dashboard {
    pub fn new(model: Arc<Model>, route: RwSignal<Route>) -> Dashboard {
        let mut initial = ViewState::read(&route.get_untracked());
        if let Some(fixed) = &model.fixed {
            // The address says what a report opened as it is shows.
            initial.range = RangeChoice::Custom {
                from: fixed.range.from,
                to: fixed.range.to,
            };
            initial.filters = fixed.filters.clone();
        }
        let range = RwSignal::new(initial.range);
        let filters = RwSignal::new(initial.filters.clone());
        // Every month's figures for the current filters: a change of range
        // only reassembles the report from them.
        // Figures for the last few filters are kept: switching a filter off
        // again, or Back, costs no pass over the rows.
        let for_prepare = model.clone();
        let cache = Arc::new(Mutex::new(metrics::PreparedCache::new(PREPARED_KEPT)));
        let no_rows = for_prepare.fixed.is_some();
        let fixed_thresholds = model.fixed.as_ref().map(|r| r.thresholds);
        let prepared = Memo::new(move |_| {
            if no_rows {
                return Err(crate::i18n::t("report_file.no_rows").to_string());
            }
            perf::mark("pi:prepare:start");
            let mut cache = cache.lock().unwrap_or_else(|e| e.into_inner());
            let prepared = cache.get(&for_prepare.dataset, &filters.get()).map(Shared);
            perf::measure("pi:prepare", "pi:prepare:start");
            prepared.map_err(|e| crate::i18n::Worded::worded(&e))
        });
        let for_report = model.clone();
        let report = Memo::new(move |_| {
            if let Some(fixed) = &for_report.fixed {
                perf::report_ready();
                return Ok(fixed.clone());
            }
            let (from, to) = range.get().months(&for_report.dataset);
            let query = Query {
                from: Some(from),
                to: Some(to),
                filters: filters.get(),
                ..Query::default()
            };
            let rows = RowCounts {
                loaded: for_report.summary.loaded,
                rejected: for_report.summary.rejected,
            };
            let prepared = prepared.get()?;
            perf::mark("pi:report:start");
            // The dashboard shows no customer's seats (the adoption pages
            // compute their own list), so the report leaves that list out.
            let report = metrics::report_prepared_without_customers(
                &for_report.dataset,
                rows,
                None,
                &prepared.0,
                &query,
            )
            .map(Arc::new)
            .map_err(|e| crate::i18n::Worded::worded(&e));
            perf::measure("pi:report", "pi:report:start");
            perf::report_ready();
            report
        });
        let dashboard = Dashboard {
            model,
            range,
            filters,
            report,
            prepared,
            map_figure: RwSignal::new(initial.map_figure),
            country: RwSignal::new(initial.country.clone()),
            product: RwSignal::new(initial.product.clone()),
            route,
            thresholds: {
                // A report opened as it is starts from its own thresholds.
                let defaults = fixed_thresholds.unwrap_or_default();
                Memo::new(move |_| thresholds_of(&route.get(), defaults))
            },
            distribution_tab: RwSignal::new(initial.distribution_tab),
            trend_tab: RwSignal::new(initial.trend_tab),
        };
        dashboard.sync_with_url();
        dashboard
    }

    fn view_state(&self) -> ViewState {
        ViewState {
            range: self.range.get(),
            filters: self.filters.get(),
            map_figure: self.map_figure.get(),
            country: self.country.get(),
            product: self.product.get(),
            distribution_tab: self.distribution_tab.get(),
            trend_tab: self.trend_tab.get(),
        }
    }

    /// The view lives in the URL: each change is a history entry (so Back
    /// and Forward step through them) and an address opens the same view.
    fn sync_with_url(&self) {
        let d = self.clone();
        Effect::new(move |_| {
            let state = d.view_state();
            // The address as it will be, not the route signal: after two
            // quick changes the signal still holds the address before the
            // first (its hashchange is not in yet), and a second change back
            // to that address would be lost.
            let current = crate::state::route::wanted_route();
            let next = state.write(current.clone());
            if next != current {
                crate::state::route::navigate_after_paint(next);
            }
        });
        let d = self.clone();
        Effect::new(move |_| {
            let wanted = ViewState::read(&d.route.get());
            let set = |changed: bool, apply: &dyn Fn()| {
                if changed {
                    apply()
                }
            };
            let now = d.view_state_untracked();
            // A report opened as it is keeps its own range and filters.
            let free = d.model.fixed.is_none();
            set(free && now.range != wanted.range, &|| {
                d.range.set(wanted.range)
            });
            set(free && now.filters != wanted.filters, &|| {
                d.filters.set(wanted.filters.clone())
            });
            set(now.map_figure != wanted.map_figure, &|| {
                d.map_figure.set(wanted.map_figure)
            });
            set(now.country != wanted.country, &|| {
                d.country.set(wanted.country.clone())
            });
            set(now.product != wanted.product, &|| {
                d.product.set(wanted.product.clone())
            });
            set(now.distribution_tab != wanted.distribution_tab, &|| {
                d.distribution_tab.set(wanted.distribution_tab)
            });
            set(now.trend_tab != wanted.trend_tab, &|| {
                d.trend_tab.set(wanted.trend_tab)
            });
        });
    }

    fn view_state_untracked(&self) -> ViewState {
        ViewState {
            range: self.range.get_untracked(),
            filters: self.filters.get_untracked(),
            map_figure: self.map_figure.get_untracked(),
            country: self.country.get_untracked(),
            product: self.product.get_untracked(),
            distribution_tab: self.distribution_tab.get_untracked(),
            trend_tab: self.trend_tab.get_untracked(),
        }
    }

    /// The same as [`Dashboard::query`], read without subscribing.
    pub fn query_untracked(&self) -> Query {
        let (from, to) = self.model.months(self.range.get_untracked());
        Query {
            from: Some(from),
            to: Some(to),
            filters: self.filters.get_untracked(),
            thresholds: self.thresholds.get_untracked(),
        }
    }

    /// Makes `value` the page's filter of `dim` (in place of any values of
    /// that dimension ticked before): cross-filtering from a chart. It is a
    /// history step like any filter change, so Back undoes it.
    pub fn filter_to(&self, dim: Dimension, value: String) {
        self.filters.update(|f| f[dim] = vec![value]);
    }

    /// The query of the current range and filters, with the thresholds.
    pub fn query(&self) -> Query {
        let (from, to) = self.model.months(self.range.get());
        Query {
            from: Some(from),
            to: Some(to),
            filters: self.filters.get(),
            thresholds: self.thresholds.get(),
        }
    }
}

/// Thresholds kept in the URL as `deployment` and `usage` (percent);
/// `d` where the URL has none.
pub fn thresholds_of(route: &Route, d: Thresholds) -> Thresholds {
    let read = |key: &str, default: f64| {
        route
            .param(key)
            .and_then(crate::format::parse_threshold)
            .unwrap_or(default)
    };
    Thresholds {
        deployment_pct: read("deployment", d.deployment_pct),
        usage_pct: read("usage", d.usage_pct),
    }
}

pub fn use_dashboard() -> Dashboard {
    expect_context::<Dashboard>()
}
