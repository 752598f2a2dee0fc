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
pub mod format;
pub mod generate;
pub mod i18n;
pub mod ingest;
pub mod metrics;
pub mod order;
pub mod route;
