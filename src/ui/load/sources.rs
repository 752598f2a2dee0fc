//! Where a load's files come from: the page's address (`?data=`,
//! `?usage=`), a file input or a drop; which of two files is the usage file.

use js_sys::Uint8Array;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::ingest::{self, USAGE};

/// The files of a `FileList`.
pub fn files_of(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    let Some(list) = list else { return Vec::new() };
    (0..list.length()).filter_map(|i| list.item(i)).collect()
}

/// `?report=<url>` of the page's own address: a report JSON to open as it is.
pub fn url_report() -> Option<String> {
    url_param("report")
}

fn url_param(key: &str) -> Option<String> {
    let search = window().location().search().unwrap_or_default();
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()
        .and_then(|p| p.get(key))
        .filter(|v| !v.trim().is_empty())
}

/// `?data=<url>&usage=<url>` of the page's own address.
pub fn url_sources() -> (Option<String>, Option<String>) {
    (url_param("data"), url_param("usage"))
}

/// Takes `data` and `usage` out of the page's address, keeping the rest
/// (the view in the fragment), without a reload or a history step.
pub fn forget_url_sources() {
    let location = window().location();
    let search = location.search().unwrap_or_default();
    let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
        return;
    };
    params.delete("data");
    params.delete("usage");
    params.delete("report");
    let query = String::from(params.to_string());
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if query.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{query}{hash}")
    };
    if let Ok(history) = window().history() {
        // The entry keeps its state (the number scroll positions are kept under).
        let state = history.state().unwrap_or(wasm_bindgen::JsValue::NULL);
        let _ = history.replace_state_with_url(&state, "", Some(&url));
    }
}

/// An `<input type=file>` element of an event.
pub fn input_files(ev: &leptos::ev::Event) -> Vec<web_sys::File> {
    let input = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
    let files = files_of(input.as_ref().and_then(|i| i.files()));
    if let Some(input) = input {
        // The same file can be chosen again after it changed on disk.
        input.set_value("");
    }
    files
}

/// Files from an input element or a drop, split into the customers file
/// and the usage file by their headers.
pub async fn sort_files(
    files: Vec<web_sys::File>,
) -> (Option<web_sys::File>, Option<web_sys::File>) {
    let (mut customers, mut usage) = (None, None);
    for file in files {
        let bytes = head_of(&file).await;
        if is_usage_file(&bytes) {
            usage = Some(file);
        } else {
            customers = Some(file);
        }
    }
    (customers, usage)
}

/// The first bytes of a file: its bytes, not its text, for the file may
/// be UTF-16 or Windows-1252, which the engine decodes.
async fn head_of(file: &web_sys::File) -> Vec<u8> {
    match file.slice_with_i32_and_i32(0, 4096) {
        Ok(blob) => JsFuture::from(blob.array_buffer())
            .await
            .map(|b| Uint8Array::new(&b).to_vec())
            .unwrap_or_default(),
        Err(_) => Vec::new(),
    }
}

/// The first of `files` that is a report JSON rather than data.
pub async fn report_among(files: &[web_sys::File]) -> Option<web_sys::File> {
    for file in files {
        if ingest::is_report(&head_of(file).await) {
            return Some(file.clone());
        }
    }
    None
}

/// Which kind of file a header belongs to: the usage file has a workload
/// column (its other required columns would also pass as a customers file).
pub fn is_usage_file(head: &[u8]) -> bool {
    USAGE.resolve(&ingest::header_names(head)).is_ok()
}
