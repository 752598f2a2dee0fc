//! The engine's modules form layers, and so do the browser app's: each uses
//! only the ones below it, so data flows one way (ARCHITECTURE.md). A `crate::` path that points up
//! or sideways fails here with its file and line. Test modules may use
//! anything (they build datasets from CSV text).

use std::fs;
use std::path::Path;

/// Bottom first: a module may use only those before it.
const LAYERS: &[&str] = &[
    "order", "hash", "model", "dataset", "ingest", "metrics", "l10n", "charts", "export",
    "generate", "route",
];

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The browser app's modules (`src/ui`), bottom first: the language in
/// force and its formats, timing marks, the state, the browser bridge,
/// loading, widgets, sections, pages, the app.
const UI_LAYERS: &[&str] = &[
    "i18n", "format", "perf", "state", "bridge", "load", "widgets", "sections", "pages", "app",
];

/// Every `crate::` path in `root`'s layer modules that points at a layer
/// not below its own, as "file:line: layer uses other"; and how many paths
/// were read.
fn upward_paths(root: &Path, layers: &[&str]) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut seen = 0;
    for (rank, layer) in layers.iter().enumerate() {
        let mut files = Vec::new();
        let dir = root.join(layer);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(root.join(format!("{layer}.rs")));
        }
        for file in files {
            let text = fs::read_to_string(&file).unwrap();
            // Code under test only: the unit tests sit at the end of a file.
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for (n, line) in code.lines().enumerate() {
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for (at, _) in line.match_indices("crate::") {
                    let used: String = line[at + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    seen += 1;
                    let Some(used_rank) = layers.iter().position(|l| *l == used) else {
                        continue; // a macro such as crate::tr!, or the engine from the app
                    };
                    if used_rank >= rank && used != *layer {
                        problems.push(format!(
                            "{}:{}: {layer} uses {used}",
                            file.strip_prefix(root).unwrap().display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    (problems, seen)
}

/// Every module `mod_file` declares is in a layer.
fn all_in_layers(mod_file: &Path, layers: &[&str]) {
    let text = fs::read_to_string(mod_file).unwrap();
    for line in text.lines() {
        let line = line.strip_prefix("pub ").unwrap_or(line);
        if let Some(name) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
            assert!(layers.contains(&name), "{name} is in no layer");
        }
    }
}

#[test]
fn engine_modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (problems, seen) = upward_paths(&src, LAYERS);
    assert!(seen > 50, "the scan found the engine's paths ({seen})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    all_in_layers(&src.join("lib.rs"), LAYERS);
}

#[test]
fn app_modules_use_only_the_layers_below_them() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let (problems, seen) = upward_paths(&ui, UI_LAYERS);
    assert!(seen > 50, "the scan found the app's paths ({seen})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    all_in_layers(&ui.join("main.rs"), UI_LAYERS);
}

/// The chart builders are `#[inline]`, so that the browser build compiles
/// them with the app, for size, not with the engine, for speed (Cargo.toml):
/// every function `src/charts` offers to others is marked.
#[test]
fn chart_builders_are_inline() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/charts");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    let mut unmarked = Vec::new();
    let mut seen = 0;
    for file in files {
        let text = fs::read_to_string(&file).unwrap();
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut attributes_above = Vec::new();
        for (n, line) in code.lines().enumerate() {
            if line.starts_with("#[") {
                attributes_above.push(line);
                continue;
            }
            if line.starts_with("///") {
                continue;
            }
            if line.starts_with("pub fn ") || line.starts_with("pub(crate) fn ") {
                seen += 1;
                if !attributes_above.iter().any(|a| a.starts_with("#[inline")) {
                    unmarked.push(format!("{}:{}", file.display(), n + 1));
                }
            }
            attributes_above.clear();
        }
    }
    assert!(seen > 20, "the scan found the builders ({seen})");
    assert!(
        unmarked.is_empty(),
        "not #[inline]: {}",
        unmarked.join(", ")
    );
}
