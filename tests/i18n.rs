//! The translation files: complete, consistent, and covering every key the
//! code asks for.

use std::collections::BTreeSet;
use std::path::Path;

use partner_insights::l10n::{self as i18n, arguments, Locale, LANGUAGES, SOURCES};

fn locales() -> Vec<Locale> {
    SOURCES
        .iter()
        .map(|(code, source)| {
            Locale::parse(code, source).unwrap_or_else(|e| panic!("{code}.txt: {e:?}"))
        })
        .collect()
}

#[test]
fn the_four_languages_are_built_in() {
    let codes: Vec<&str> = SOURCES.iter().map(|(code, _)| *code).collect();
    for code in ["en", "fr", "nl", "sv"] {
        assert!(codes.contains(&code), "{code} is missing from {codes:?}");
    }
    assert_eq!(i18n::all().len(), SOURCES.len(), "every file parses");
}

#[test]
fn every_language_is_listed_by_its_own_name_whether_its_words_are_here_or_not() {
    // The browser build holds English only and the picker lists the rest
    // from this list, so each entry must name its file's language.
    let names: Vec<(&str, &str)> = locales()
        .iter()
        .map(|l| (l.code, l.text("language.name")))
        .collect();
    assert_eq!(LANGUAGES, names.as_slice());
    assert_eq!(
        LANGUAGES,
        &[
            ("en", "English"),
            ("fr", "Français"),
            ("nl", "Nederlands"),
            ("sv", "Svenska")
        ]
    );
    for (asked, code) in [
        ("nl-BE", Some("nl")),
        ("SV", Some("sv")),
        ("fr_CA", Some("fr")),
        ("de", None),
        ("", None),
    ] {
        assert_eq!(i18n::code_of(asked), code, "{asked}");
    }
}

#[test]
fn words_added_for_a_language_are_those_of_its_file_and_an_unknown_code_is_refused() {
    // Natively every file is compiled in: adding gives the language as it is.
    let fr = i18n::find("fr").unwrap();
    let again = i18n::add("fr", "language.name = autre chose").unwrap();
    assert!(std::ptr::eq(fr, again));
    assert_eq!(again.name(), "Français");
    let refused = i18n::add("de", "language.name = Deutsch").unwrap_err();
    assert_eq!((refused.code.as_str(), refused.line), ("de", 0));
    assert!(i18n::find("de").is_none());
}

#[test]
fn every_language_has_exactly_the_reference_keys_with_the_same_arguments() {
    let all = locales();
    let reference = all.iter().find(|l| l.code == i18n::REFERENCE).unwrap();
    let keys: BTreeSet<&str> = reference.keys().iter().copied().collect();
    let mut problems = Vec::new();
    for locale in &all {
        let own: BTreeSet<&str> = locale.keys().iter().copied().collect();
        for key in keys.difference(&own) {
            problems.push(format!("{}: missing {key}", locale.code));
        }
        for key in own.difference(&keys) {
            problems.push(format!("{}: {key} is not an English key", locale.code));
        }
        for key in keys.intersection(&own) {
            let (theirs, ours) = (locale.get(key).unwrap(), reference.get(key).unwrap());
            if arguments(theirs) != arguments(ours) {
                problems.push(format!(
                    "{}: {key} names {:?}, English names {:?}",
                    locale.code,
                    arguments(theirs),
                    arguments(ours)
                ));
            }
            if theirs.is_empty() {
                problems.push(format!("{}: {key} is empty", locale.code));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The string literals of Rust source, outside comments and past char
/// literals such as '"'.
fn string_literals(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 3,
            '\'' if chars.get(i + 1) == Some(&'\\') && chars.get(i + 3) == Some(&'\'') => i += 4,
            '"' => {
                let mut literal = String::new();
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    if let Some(&c) = chars.get(i) {
                        literal.push(c);
                    }
                    i += 1;
                }
                out.push(literal);
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

/// Every string literal of the form `namespace.name` whose namespace is one
/// of the reference file's: message keys, wherever the code keeps them.
fn keys_in_code() -> BTreeSet<(String, String)> {
    let reference = i18n::reference();
    let namespaces: BTreeSet<&str> = reference
        .keys()
        .iter()
        .filter_map(|k| k.split_once('.').map(|(ns, _)| ns))
        .collect();
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    let mut found = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        // The first argument of every lookup, whatever its namespace.
        for call in ["t(\"", "tr!(\"", "trn!(\""] {
            for (at, _) in text.match_indices(call) {
                let before = text[..at].chars().last();
                let line_start = text[..at].rfind('\n').map_or(0, |n| n + 1);
                let in_comment = text[line_start..at].contains("//");
                if in_comment || before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &text[at + call.len()..];
                if let Some(end) = rest.find('"') {
                    found.insert((rest[..end].to_string(), file.display().to_string()));
                }
            }
        }
        for literal in string_literals(&text) {
            let Some((ns, rest)) = literal.split_once('.') else {
                continue;
            };
            let file_name = [".csv", ".json", ".png", ".txt"]
                .iter()
                .any(|ext| literal.ends_with(ext));
            let is_key = namespaces.contains(ns)
                && !file_name
                && !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
            if is_key {
                found.insert((literal.to_string(), file.display().to_string()));
            }
        }
    }
    found
}

#[test]
fn every_key_the_code_uses_is_translated_and_every_key_is_used() {
    let reference = i18n::reference();
    let used = keys_in_code();
    assert!(used.len() > 150, "the scan finds the keys ({})", used.len());
    let missing: Vec<String> = used
        .iter()
        .filter(|(key, _)| reference.get(key).is_none())
        .map(|(key, file)| format!("{key} (used in {file})"))
        .collect();
    assert!(
        missing.is_empty(),
        "keys missing from en.txt:\n{}",
        missing.join("\n")
    );
    let used_keys: BTreeSet<&str> = used.iter().map(|(k, _)| k.as_str()).collect();
    let unused: Vec<&str> = reference
        .keys()
        .iter()
        .copied()
        // A count's singular form is used with its message.
        .filter(|k| {
            !used_keys.contains(k)
                && !k
                    .strip_suffix(".one")
                    .is_some_and(|base| used_keys.contains(base))
        })
        .collect();
    assert!(unused.is_empty(), "keys no code uses: {unused:?}");
}

#[test]
fn a_message_reads_differently_in_each_language() {
    for key in [
        "nav.customers",
        "summary.title",
        "range.last",
        "ingest.missing_month",
    ] {
        let texts: BTreeSet<&str> = i18n::all().iter().map(|l| l.text(key)).collect();
        assert_eq!(texts.len(), i18n::all().len(), "{key}: {texts:?}");
    }
}

#[test]
fn engine_errors_are_codes_worded_in_the_language_asked_for() {
    let loaded = partner_insights::ingest::load_customers(
        b"Month,CustomerTenantId,Product\n2024-13,a,Azure\n",
    )
    .unwrap();
    let error = &loaded.summary.errors[0];
    // Data: the same in every language.
    assert_eq!(
        serde_json::to_value(error).unwrap(),
        serde_json::json!({"line": 2, "column": "Month",
            "reason": {"code": "not_a_month", "value": "\"2024-13\""}})
    );
    let nl = i18n::find("nl").unwrap();
    assert_eq!(
        nl.reason(&error.reason),
        "\"2024-13\" is geen maand (verwacht: JJJJ-MM, JJJJ-MM-DD of M/D/JJJJ)"
    );
    assert_eq!(
        i18n::reference().reason(&error.reason),
        "\"2024-13\" is not a month (expected YYYY-MM, YYYY-MM-DD or M/D/YYYY)"
    );
    // Display is the English wording, whatever else was worded before.
    assert_eq!(
        error.reason.to_string(),
        i18n::reference().reason(&error.reason)
    );
}
