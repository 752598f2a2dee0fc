//! Files kept on this device, by the partner's choice: copies of the opened
//! files in the browser's origin-private file system, reopened on the next
//! visit before anything is drawn, until "Forget these files". Nothing
//! leaves the browser. Without that choice only the names of the files last
//! opened are remembered, so the next visit can say what was open.

use js_sys::Promise;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    File, FileSystemDirectoryHandle, FileSystemFileHandle, FileSystemGetDirectoryOptions,
    FileSystemGetFileOptions, FileSystemRemoveOptions, FileSystemWritableFileStream,
};

/// The folder of the kept copies.
const DIR: &str = "kept-files";
/// The kept files' names (customers first, then usage), one per line.
const KEPT: &str = "pi.kept-files";
/// The names of the files last opened, when they were not kept.
const LAST: &str = "pi.last-opened";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn names(key: &str) -> Vec<String> {
    storage()
        .and_then(|s| s.get_item(key).ok().flatten())
        .map(|v| v.lines().map(str::to_string).collect())
        .unwrap_or_default()
}

fn set_names(key: &str, names: &[String]) {
    if let Some(s) = storage() {
        let _ = if names.is_empty() {
            s.remove_item(key)
        } else {
            s.set_item(key, &names.join("\n"))
        };
    }
}

async fn wait<T: JsCast>(promise: Promise) -> Result<T, JsValue> {
    JsFuture::from(promise).await?.dyn_into::<T>()
}

async fn folder(create: bool) -> Result<FileSystemDirectoryHandle, JsValue> {
    let root: FileSystemDirectoryHandle =
        wait(window().navigator().storage().get_directory()).await?;
    let options = FileSystemGetDirectoryOptions::new();
    options.set_create(create);
    wait(root.get_directory_handle_with_options(DIR, &options)).await
}

/// The names of the files kept on this device, customers file first.
pub fn kept_names() -> Vec<String> {
    names(KEPT)
}

/// The names of the files open at the last visit that were not kept.
pub fn last_opened() -> Vec<String> {
    names(LAST)
}

/// Remembers what was opened: the files themselves when they are kept,
/// else their names only.
pub fn opened(files: &[File]) {
    let names: Vec<String> = files.iter().map(File::name).collect();
    if kept_names().is_empty() {
        set_names(LAST, &names);
    }
}

/// Copies the files (customers file first) to this device, in place of
/// any kept before.
pub async fn keep(files: &[File]) -> Result<(), JsValue> {
    discard().await;
    let dir = folder(true).await?;
    for file in files {
        let options = FileSystemGetFileOptions::new();
        options.set_create(true);
        let handle: FileSystemFileHandle =
            wait(dir.get_file_handle_with_options(&file.name(), &options)).await?;
        let stream: FileSystemWritableFileStream = wait(handle.create_writable()).await?;
        JsFuture::from(stream.write_with_blob(file)?).await?;
        JsFuture::from(stream.close()).await?;
    }
    set_names(KEPT, &files.iter().map(File::name).collect::<Vec<_>>());
    set_names(LAST, &[]);
    Ok(())
}

/// The kept files, customers file first; `None` when none is kept or
/// they can no longer be read (the browser's storage was cleared).
pub async fn kept_files() -> Option<Vec<File>> {
    let names = kept_names();
    if names.is_empty() {
        return None;
    }
    let read = async {
        let dir = folder(false).await?;
        let mut files = Vec::new();
        for name in &names {
            let handle: FileSystemFileHandle = wait(dir.get_file_handle(name)).await?;
            files.push(wait::<File>(handle.get_file()).await?);
        }
        Ok::<_, JsValue>(files)
    };
    read.await.ok()
}

/// Removes the kept copies and their names.
pub async fn discard() {
    set_names(KEPT, &[]);
    let root = wait::<FileSystemDirectoryHandle>(window().navigator().storage().get_directory());
    if let Ok(root) = root.await {
        let options = FileSystemRemoveOptions::new();
        options.set_recursive(true);
        let _ = JsFuture::from(root.remove_entry_with_options(DIR, &options)).await;
    }
}

/// Forgets the names of the files last opened (the partner went back to
/// the sample).
pub fn clear_last_opened() {
    set_names(LAST, &[]);
}
