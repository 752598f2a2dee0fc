//! The engine's modules form layers: each uses only the ones below it, so
//! data flows one way (ARCHITECTURE.md). A `crate::` path that points up
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

#[test]
fn engine_modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut seen = 0;
    for (rank, layer) in LAYERS.iter().enumerate() {
        let mut files = Vec::new();
        let dir = src.join(layer);
        if dir.is_dir() {
            rust_files(&dir, &mut files);
        } else {
            files.push(src.join(format!("{layer}.rs")));
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
                    let Some(used_rank) = LAYERS.iter().position(|l| *l == used) else {
                        continue; // a macro such as crate::tr!
                    };
                    if used_rank >= rank && used != *layer {
                        problems.push(format!(
                            "{}:{}: {layer} uses {used}",
                            file.strip_prefix(&src).unwrap().display(),
                            n + 1
                        ));
                    }
                }
            }
        }
    }
    assert!(seen > 50, "the scan found the engine's paths ({seen})");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every module of the engine is in a layer.
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line
            .strip_prefix("pub mod ")
            .and_then(|l| l.strip_suffix(';'))
        {
            assert!(LAYERS.contains(&name), "{name} is in no layer");
        }
    }
}
