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
    // The page opens in its language: one not compiled in (English is) is
    // fetched first, a file of a few kilobytes (a round trip on a first
    // visit, the service worker's copy after).
    let code = state::lang::initial(&state::route::current_route());
    if partner_insights::l10n::find(code).is_some() {
        leptos::mount::mount_to_body(app::App);
    } else {
        // Leptos' own executor starts with the mount: the browser's, until then.
        wasm_bindgen_futures::spawn_local(async move {
            i18n::load(code).await;
            leptos::mount::mount_to_body(app::App);
        });
    }
}
