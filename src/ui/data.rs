//! Fetching the data files and the world map.

use std::sync::Arc;

use gloo_net::http::Request;

use crate::charts::world::{WorldShapes, MAP_NAME};
use crate::ingest;
use crate::metrics;

use super::echarts;
use super::state::Model;

pub enum Source {
    /// The bundled sample, served beside the app.
    Sample,
}

/// Relative to the page, so the app works from any sub-path.
const SAMPLE_URL: &str = "data/customers.csv";
const SAMPLE_USAGE_URL: &str = "data/usage.csv";
const WORLD_URL: &str = "world.json";

async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let response = Request::get(url).send().await.map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {} {}", response.status(), response.status_text()));
    }
    response.binary().await.map_err(|e| format!("{url}: {e}"))
}

/// Loads the world map once and registers it with ECharts.
async fn world() -> Result<WorldShapes, String> {
    let bytes = fetch(WORLD_URL).await?;
    let json: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| format!("{WORLD_URL}: {e}"))?;
    echarts::register_map(MAP_NAME, &json);
    Ok(WorldShapes::from_geojson(&json))
}

pub async fn load(source: Source) -> Result<Arc<Model>, String> {
    let (url, usage_url, name) = match source {
        Source::Sample => (SAMPLE_URL, SAMPLE_USAGE_URL, "Bundled sample data"),
    };
    let world = world().await?;
    let bytes = fetch(url).await?;
    let loaded = ingest::load_customers(&bytes).map_err(|e| format!("{url}: {e}"))?;
    if loaded.dataset.is_empty() {
        return Err(format!("{url}: no row could be loaded ({} rejected)", loaded.summary.rejected));
    }
    // The workload usage file is optional: without it the Adoption page
    // shows no workloads.
    let usage = match fetch(usage_url).await {
        Ok(bytes) => Some(ingest::load_usage(&bytes).map_err(|e| format!("{usage_url}: {e}"))?.0),
        Err(_) => None,
    };
    let facets = metrics::facets(&loaded.dataset);
    Ok(Arc::new(Model { name: name.to_string(), dataset: loaded.dataset, summary: loaded.summary, usage, facets, world }))
}
