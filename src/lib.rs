//! Partner Insights: the Customers dashboard and license adoption figures of
//! Partner Center Insights, computed from raw export files.
//!
//! Data flows one way: raw file -> [`ingest`] -> [`dataset`] -> [`metrics`]
//! (the report). The engine has no browser dependency; the browser app
//! (the `partner-insights-ui` crate in `src/ui`) and the native `insights`
//! command share it.

pub mod charts;
pub mod dataset;
pub mod export;
pub mod generate;
pub mod hash;
pub mod ingest;
pub mod l10n;
pub mod metrics;
pub mod model;
pub mod order;
pub mod route;
