//! Finds the translation files: every `src/l10n/locales/<code>.txt` is a
//! language of the app, so adding a language means adding one file.

use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new("src/l10n/locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut codes: Vec<String> = fs::read_dir(dir)
        .expect("src/l10n/locales exists")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            println!("cargo:rerun-if-changed={}", path.display());
            (path.extension()? == "txt").then(|| path.file_stem()?.to_str().map(str::to_string))?
        })
        .collect();
    #[allow(clippy::disallowed_methods)] // the build script is not in the wasm
    codes.sort();
    let root = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let mut out = String::from(
        "/// Every translation file, by language code.\npub static SOURCES: &[(&str, &str)] = &[\n",
    );
    for code in &codes {
        out.push_str(&format!(
            "    ({code:?}, include_str!({:?})),\n",
            Path::new(&root).join(dir).join(format!("{code}.txt"))
        ));
    }
    out.push_str("];\n");
    let target = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
