//! The app's languages. Every text a partner reads is looked up here by
//! key, in the language in force; numbers and months are formatted by
//! [`crate::format`] with the same language's conventions.
//!
//! A language is one file, `src/i18n/locales/<code>.txt`, of `key = value`
//! lines (`#` starts a comment; a value in double quotes keeps its spaces).
//! Values name their arguments in braces: `{n} rows loaded`. English is the
//! reference: a test fails when any file lacks one of its keys, has one it
//! does not, or names other arguments.
//!
//! The language in force belongs to the thread (the browser has one): it is
//! English until [`set`] picks another, so the native command and the tests
//! speak English.

use std::cell::Cell;
use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The language every other is checked against, and the fallback.
pub const REFERENCE: &str = "en";

/// One language: its messages and its number conventions.
#[derive(Debug)]
pub struct Locale {
    /// The language code, as in the URL (`nl`) and the file's name.
    pub code: &'static str,
    messages: HashMap<&'static str, &'static str>,
    /// Keys in file order, for the completeness checks.
    keys: Vec<&'static str>,
}

/// A line of a translation file that is not `key = value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub code: String,
    pub line: usize,
    pub text: String,
}

impl Locale {
    /// Reads a translation file.
    pub fn parse(code: &'static str, source: &'static str) -> Result<Locale, SyntaxError> {
        let mut messages = HashMap::new();
        let mut keys = Vec::new();
        for (i, line) in source.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once('=') else {
                return Err(SyntaxError {
                    code: code.to_string(),
                    line: i + 1,
                    text: line.to_string(),
                });
            };
            let (key, value) = (key.trim(), value.trim());
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            if key.is_empty() || messages.insert(key, value).is_some() {
                return Err(SyntaxError {
                    code: code.to_string(),
                    line: i + 1,
                    text: line.to_string(),
                });
            }
            keys.push(key);
        }
        Ok(Locale {
            code,
            messages,
            keys,
        })
    }

    /// The message of `key`, if this language has one.
    pub fn get(&self, key: &str) -> Option<&'static str> {
        self.messages.get(key).copied()
    }

    /// Every key, in file order.
    pub fn keys(&self) -> &[&'static str] {
        &self.keys
    }

    /// The message of `key`; English when this language lacks it, and the
    /// key itself when English does too (a test keeps both from happening).
    pub fn text(&self, key: &str) -> &'static str {
        self.get(key)
            .or_else(|| reference().get(key))
            .unwrap_or_else(|| leak_key(key))
    }

    /// The language's own name, as the language picker shows it.
    pub fn name(&self) -> &'static str {
        self.text("language.name")
    }
}

fn leak_key(key: &str) -> &'static str {
    // Unreachable with complete files; a key shown is better than a panic.
    Box::leak(key.to_string().into_boxed_str())
}

/// Every language, in code order. A file that does not parse is left out
/// (a test reports it).
pub fn all() -> &'static [Locale] {
    static ALL: OnceLock<Vec<Locale>> = OnceLock::new();
    ALL.get_or_init(|| {
        SOURCES
            .iter()
            .filter_map(|(code, source)| Locale::parse(code, source).ok())
            .collect()
    })
}

/// The language of a code such as `nl`, `nl-BE` or `NL`.
pub fn find(code: &str) -> Option<&'static Locale> {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    all().iter().find(|l| l.code.eq_ignore_ascii_case(primary))
}

/// English.
pub fn reference() -> &'static Locale {
    find(REFERENCE).expect("the English translation file is built in")
}

thread_local! {
    static CURRENT: Cell<Option<&'static Locale>> = const { Cell::new(None) };
}

/// The language in force on this thread.
pub fn current() -> &'static Locale {
    CURRENT.with(|c| c.get()).unwrap_or_else(reference)
}

/// Puts a language in force on this thread; false (and no change) when
/// there is no such language.
pub fn set(code: &str) -> bool {
    match find(code) {
        Some(locale) => {
            CURRENT.with(|c| c.set(Some(locale)));
            true
        }
        None => false,
    }
}

/// The message of `key` in the language in force.
pub fn t(key: &str) -> &'static str {
    current().text(key)
}

/// The message of `key` with its `{name}` arguments filled in.
pub fn fill(key: &str, args: &[(&str, &dyn Display)]) -> String {
    let template = t(key);
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(n, _)| *n == name) {
                    Some((_, value)) => out.push_str(&value.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message of `key` for a count `n`, filled in: `key.one` when the
/// language has that form and counts `n` as one (`plural.one` lists such
/// numbers: `1`, or `0 1` in French), else `key`. `{n}` is the count as
/// the language writes it.
pub fn fill_count(key: &str, n: u64, args: &[(&str, &dyn Display)]) -> String {
    let one = format!("{key}.one");
    let is_one = t("plural.one")
        .split_whitespace()
        .any(|w| w.parse() == Ok(n));
    let chosen = if is_one && current().get(&one).is_some() {
        one.as_str()
    } else {
        key
    };
    let count = crate::format::count(n);
    let mut all: Vec<(&str, &dyn Display)> = vec![("n", &count)];
    all.extend_from_slice(args);
    fill(chosen, &all)
}

/// The argument names a message uses, sorted.
pub fn arguments(message: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = message;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        names.push(&after[..close]);
        rest = &after[close + 1..];
    }
    names.sort_unstable();
    names.dedup();
    names
}

/// `tr!("key", n = 3, name = x)`: a message with its arguments filled in.
#[macro_export]
macro_rules! tr {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::fill($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// `trn!("key", n, name = x)`: a message about a count, in the form the
/// count takes (see [`fill_count`]).
#[macro_export]
macro_rules! trn {
    ($key:literal, $count:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::fill_count(
            $key,
            $count as u64,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_is_in_force_until_another_is_set() {
        assert_eq!(current().code, "en");
        assert!(set("fr-FR"));
        assert_eq!(current().code, "fr");
        assert!(!set("xx"));
        assert_eq!(current().code, "fr");
        assert!(set("en"));
    }

    #[test]
    fn arguments_are_filled_by_name() {
        let text = fill("validation.more", &[("n", &"1,234")]);
        assert_eq!(text, "… and 1,234 more; the downloads hold them all.");
        assert_eq!(arguments("{b} of {a}, {b}"), vec!["a", "b"]);
    }

    #[test]
    fn counts_take_the_singular_where_the_language_does() {
        assert_eq!(fill_count("source.loaded", 1, &[]), "1 row loaded");
        assert_eq!(fill_count("source.loaded", 0, &[]), "0 rows loaded");
        assert_eq!(fill_count("source.loaded", 1200, &[]), "1,200 rows loaded");
        set("fr");
        assert_eq!(fill_count("source.loaded", 0, &[]), "0 ligne chargée");
        assert_eq!(fill_count("source.loaded", 2, &[]), "2 lignes chargées");
        set("en");
    }

    #[test]
    fn quoted_values_keep_their_spaces() {
        let l = Locale::parse("xx", "a = \" x \"\nb=y\n# c = z\n").unwrap();
        assert_eq!(l.get("a"), Some(" x "));
        assert_eq!(l.get("b"), Some("y"));
        assert_eq!(l.get("c"), None);
        assert!(Locale::parse("xx", "a = 1\na = 2").is_err());
        assert!(Locale::parse("xx", "no equals sign").is_err());
    }
}
