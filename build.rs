//! Finds the translation files: every `src/l10n/locales/<code>.txt` is a
//! language of the app, so adding a language means adding one file. Each is
//! compiled in without its comments (an empty line keeps each line's number
//! for the messages of `Locale::parse`): they are for translators, not for
//! the download.

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
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut out = String::from(
        "/// Every translation file, by language code.\npub static SOURCES: &[(&str, &str)] = &[\n",
    );
    for code in &codes {
        let source = fs::read_to_string(dir.join(format!("{code}.txt"))).expect("readable");
        let lines: Vec<&str> = source
            .lines()
            .map(|line| {
                if line.trim_start().starts_with('#') {
                    ""
                } else {
                    line
                }
            })
            .collect();
        let stripped = Path::new(&out_dir).join(format!("{code}.txt"));
        fs::write(&stripped, lines.join("\n")).expect("OUT_DIR is writable");
        out.push_str(&format!("    ({code:?}, include_str!({stripped:?})),\n"));
    }
    out.push_str("];\n");
    let target = Path::new(&out_dir).join("locales.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
