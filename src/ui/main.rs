//! The browser app (wasm32 only): fetches the data, runs the engine, shows
//! the Customers dashboard, the Adoption page and Customer insights. Built
//! by Trunk; the engine is the `partner-insights` library, compiled for
//! speed while this crate is compiled for size (see the workspace's
//! Cargo.toml).

#[macro_use]
mod i18n;
mod app;
mod bridge;
mod format;
mod load;
mod pages;
mod perf;
mod sections;
mod state;
mod widgets;

use partner_insights::{charts, dataset, export, ingest, metrics, model, route};

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
