//! Finds the translation files: every `src/l10n/locales/<code>.txt` is a
//! language of the app, so adding a language means adding one file. Each is
//! compiled in without its comments (an empty line keeps each line's number
//! for the messages of `Locale::parse`): they are for translators, not for
//! the download. The browser build compiles in English only: the page
//! fetches another language's file when it is asked for (the build writes
//! them beside the app, `scripts/extract-boot.mjs`), so a partner downloads
//! the words of one language, not four. Every language's code and own name
//! are compiled in everywhere, for the language picker.

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
    let browser = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let mut names = String::from(
        "/// Every language of the app: its code and its own name, in code order.\npub const LANGUAGES: &[(&str, &str)] = &[\n",
    );
    let mut out = String::from(
        "/// The translation files compiled in, by language code: every one natively,\n/// English only in the browser.\npub static SOURCES: &[(&str, &str)] = &[\n",
    );
    for code in &codes {
        let source = fs::read_to_string(dir.join(format!("{code}.txt"))).expect("readable");
        let name = source
            .lines()
            .find_map(|line| {
                let (key, value) = line.split_once('=')?;
                (key.trim() == "language.name").then(|| value.trim().to_string())
            })
            .unwrap_or_else(|| panic!("{code}.txt names its language (language.name)"));
        names.push_str(&format!("    ({code:?}, {name:?}),\n"));
        if browser && code != "en" {
            continue;
        }
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
    names.push_str("];\n");
    out.push_str(&names);
    let target = Path::new(&out_dir).join("locales.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}
