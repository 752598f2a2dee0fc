//! The dashboard's shared state: the loaded data, the chosen range and
//! filters, and the report computed from them.

use std::sync::Arc;

use leptos::prelude::*;

use crate::charts::world::{MapFigure, WorldShapes};
use crate::dataset::{Dataset, UsageData};
use crate::ingest::{LoadSummary, Month};
use crate::metrics::{self, Facets, Filters, Query, Report, RowCounts, Thresholds};
use crate::route::Route;

/// A loaded customers file.
pub struct Model {
    /// Where the data came from, as the page names it.
    pub name: String,
    pub dataset: Arc<Dataset>,
    pub summary: Arc<LoadSummary>,
    pub usage: Option<Arc<UsageData>>,
    pub facets: Facets,
    pub world: WorldShapes,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeChoice {
    /// The last n data months (all of them when there are fewer).
    Last(i32),
    All,
    Custom { from: Month, to: Month },
}

impl RangeChoice {
    pub fn months(self, ds: &Dataset) -> (Month, Month) {
        let (first, last) = (ds.first_month.expect("rows"), ds.last_month().expect("rows"));
        match self {
            RangeChoice::Last(n) => (last.add(1 - n).max(first), last),
            RangeChoice::All => (first, last),
            RangeChoice::Custom { from, to } => (from.clamp(first, last), to.clamp(first, last).max(from.clamp(first, last))),
        }
    }
}

#[derive(Clone)]
pub struct Dashboard {
    pub model: Arc<Model>,
    pub range: RwSignal<RangeChoice>,
    pub filters: RwSignal<Filters>,
    pub report: Memo<Result<Arc<Report>, String>>,
    pub map_figure: RwSignal<MapFigure>,
    pub country: RwSignal<Option<String>>,
    pub product: RwSignal<Option<String>>,
    /// The page and its parameters, mirrored from the URL fragment.
    pub route: RwSignal<Route>,
    /// Low-adoption thresholds, read from the route (defaults otherwise).
    pub thresholds: Memo<Thresholds>,
}

impl Dashboard {
    pub fn new(model: Arc<Model>, route: RwSignal<Route>) -> Dashboard {
        let range = RwSignal::new(RangeChoice::Last(metrics::DEFAULT_MONTHS));
        let filters = RwSignal::new(Filters::default());
        let for_report = model.clone();
        let report = Memo::new(move |_| {
            let (from, to) = range.get().months(&for_report.dataset);
            let query = Query { from: Some(from), to: Some(to), filters: filters.get(), ..Query::default() };
            let rows = RowCounts { loaded: for_report.summary.loaded, rejected: for_report.summary.rejected };
            metrics::report(&for_report.dataset, rows, None, &query).map(Arc::new).map_err(|e| e.to_string())
        });
        Dashboard {
            model,
            range,
            filters,
            report,
            map_figure: RwSignal::new(MapFigure::default()),
            country: RwSignal::new(None),
            product: RwSignal::new(None),
            route,
            thresholds: Memo::new(move |_| thresholds_of(&route.get())),
        }
    }

    /// The query of the current range and filters, with the thresholds.
    pub fn query(&self) -> Query {
        let (from, to) = self.range.get().months(&self.model.dataset);
        Query { from: Some(from), to: Some(to), filters: self.filters.get(), thresholds: self.thresholds.get() }
    }
}

/// Thresholds kept in the URL as `deployment` and `usage` (percent).
pub fn thresholds_of(route: &Route) -> Thresholds {
    let read = |key: &str, default: f64| {
        route.param(key).and_then(|v| v.parse::<f64>().ok()).filter(|v| v.is_finite() && *v >= 0.0).unwrap_or(default)
    };
    let d = Thresholds::default();
    Thresholds { deployment_pct: read("deployment", d.deployment_pct), usage_pct: read("usage", d.usage_pct) }
}

pub fn use_dashboard() -> Dashboard {
    expect_context::<Dashboard>()
}
