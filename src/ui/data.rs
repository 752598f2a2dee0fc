//! Fetching and loading data files.

use std::rc::Rc;

use gloo_net::http::Request;

use crate::dataset::Dataset;
use crate::ingest::{self, LoadSummary};

pub enum Source {
    /// The bundled sample, served beside the app.
    Sample,
}

/// A loaded customers file.
pub struct Model {
    pub name: String,
    pub dataset: Dataset,
    pub summary: LoadSummary,
}

/// Relative to the page, so the app works from any sub-path.
const SAMPLE_URL: &str = "data/customers.csv";

pub async fn load(source: Source) -> Result<Rc<Model>, String> {
    let (url, name) = match source {
        Source::Sample => (SAMPLE_URL, "Bundled sample data"),
    };
    let response = Request::get(url).send().await.map_err(|e| format!("{url}: {e}"))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {} {}", response.status(), response.status_text()));
    }
    let bytes = response.binary().await.map_err(|e| format!("{url}: {e}"))?;
    let loaded = ingest::load_customers(&bytes).map_err(|e| format!("{url}: {e}"))?;
    Ok(Rc::new(Model { name: name.to_string(), dataset: loaded.dataset, summary: loaded.summary }))
}
