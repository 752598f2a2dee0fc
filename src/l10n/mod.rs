//! Languages: every text a partner reads, looked up by key in a
//! [`Locale`]; numbers and months in its conventions ([`format`]); the
//! wording of every engine error ([`wording`]). The engine itself never
//! words a message and never picks a language: whoever shows a text (the
//! page, the command) passes the [`Locale`] it speaks.
//!
//! A language is one file, `src/l10n/locales/<code>.txt`, of `key = value`
//! lines (`#` starts a comment; a value in double quotes keeps its spaces).
//! Values name their arguments in braces: `{n} rows loaded`. English is the
//! reference: a test fails when any file lacks one of its keys, has one it
//! does not, or names other arguments.

pub mod format;
pub mod wording;

use crate::hash::Map;
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
    messages: Map<&'static str, &'static str>,
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
        let mut messages = Map::default();
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

/// Each language of [`LANGUAGES`], once it is read: from its file compiled
/// in ([`SOURCES`]) on first use, or from the words the page fetched
/// ([`add`]).
static READ: [OnceLock<Option<Locale>>; LANGUAGES.len()] =
    [const { OnceLock::new() }; LANGUAGES.len()];

/// The code of a language the app speaks, as in [`LANGUAGES`], for a code
/// such as `nl`, `nl-BE` or `NL`; whether its words are here yet or not.
pub fn code_of(code: &str) -> Option<&'static str> {
    slot(code).map(|(code, _)| code)
}

fn slot(code: &str) -> Option<(&'static str, &'static OnceLock<Option<Locale>>)> {
    let primary = code.split(['-', '_']).next().unwrap_or("");
    let i = LANGUAGES
        .iter()
        .position(|(known, _)| known.eq_ignore_ascii_case(primary))?;
    Some((LANGUAGES[i].0, &READ[i]))
}

/// The language of a code such as `nl`, `nl-BE` or `NL`, when its words are
/// here: compiled in (every language natively, English in the browser) or
/// added since ([`add`]). A file that does not parse gives none (a test
/// reports it).
pub fn find(code: &str) -> Option<&'static Locale> {
    let (code, slot) = slot(code)?;
    match slot.get() {
        Some(read) => read.as_ref(),
        None => {
            let (_, source) = SOURCES.iter().find(|(c, _)| *c == code)?;
            slot.get_or_init(|| Locale::parse(code, source).ok())
                .as_ref()
        }
    }
}

/// Reads the words of a language whose file is not compiled in (the page
/// fetched it) and makes it one [`find`] gives; the language as it was when
/// its words were already here. A code the app does not speak is an error
/// of line 0.
pub fn add(code: &str, source: &'static str) -> Result<&'static Locale, SyntaxError> {
    let Some((code, slot)) = slot(code) else {
        return Err(SyntaxError {
            code: code.to_string(),
            line: 0,
            text: "not a language of the app".to_string(),
        });
    };
    if let Some(locale) = find(code) {
        return Ok(locale);
    }
    let locale = Locale::parse(code, source)?;
    Ok(slot
        .get_or_init(|| Some(locale))
        .as_ref()
        .expect("just read"))
}

/// Every language whose words are here, in code order.
pub fn all() -> Vec<&'static Locale> {
    LANGUAGES
        .iter()
        .filter_map(|(code, _)| find(code))
        .collect()
}

/// English.
pub fn reference() -> &'static Locale {
    find(REFERENCE).expect("the English translation file is built in")
}

impl Locale {
    /// The message of `key` with its `{name}` arguments filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &dyn Display)]) -> String {
        let template = self.text(key);
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
    /// language has that form and counts `n` as one (`plural.one` lists
    /// such numbers: `1`, or `0 1` in French), else `key`. `{n}` is the
    /// count as the language writes it.
    pub fn fill_count(&self, key: &str, n: u64, args: &[(&str, &dyn Display)]) -> String {
        let one = format!("{key}.one");
        let is_one = self
            .text("plural.one")
            .split_whitespace()
            .any(|w| w.parse() == Ok(n));
        let chosen = if is_one && self.get(&one).is_some() {
            one.as_str()
        } else {
            key
        };
        let count = self.count(n);
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &count)];
        all.extend_from_slice(args);
        self.fill(chosen, &all)
    }
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

/// `tr!(locale, "key", n = 3, name = x)`: a message of `locale` with its
/// arguments filled in.
#[macro_export]
macro_rules! tr {
    ($locale:expr, $key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::l10n::Locale::fill(
            $locale,
            $key,
            &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*],
        )
    };
}

/// `trn!(locale, "key", n, name = x)`: a message about a count, in the
/// form the count takes (see [`Locale::fill_count`]).
#[macro_export]
macro_rules! trn {
    ($locale:expr, $key:literal, $count:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::l10n::Locale::fill_count(
            $locale,
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
    fn a_language_is_found_by_any_form_of_its_code() {
        assert_eq!(find("fr-FR").map(|l| l.code), Some("fr"));
        assert_eq!(find("NL").map(|l| l.code), Some("nl"));
        assert!(find("xx").is_none());
    }

    #[test]
    fn arguments_are_filled_by_name() {
        let text = reference().fill("validation.more", &[("n", &"1,234")]);
        assert_eq!(text, "… and 1,234 more; the downloads hold them all.");
        assert_eq!(arguments("{b} of {a}, {b}"), vec!["a", "b"]);
    }

    #[test]
    fn counts_take_the_singular_where_the_language_does() {
        let en = reference();
        assert_eq!(en.fill_count("source.loaded", 1, &[]), "1 row loaded");
        assert_eq!(en.fill_count("source.loaded", 0, &[]), "0 rows loaded");
        assert_eq!(
            en.fill_count("source.loaded", 1200, &[]),
            "1,200 rows loaded"
        );
        let fr = find("fr").unwrap();
        assert_eq!(fr.fill_count("source.loaded", 0, &[]), "0 ligne chargée");
        assert_eq!(fr.fill_count("source.loaded", 2, &[]), "2 lignes chargées");
    }

    #[test]
    fn quoted_values_keep_their_spaces() {
        let l = Locale::parse("xx", "a = \" x \"\nb=y\n# c = z\n").unwrap();
        assert_eq!(l.get("a"), Some(" x "));
        assert_eq!(l.get("b"), Some("y"));
        assert_eq!(l.get("c"), None);
        assert!(Locale::parse("xx", "no equals sign").is_err());
    }

    #[test]
    fn a_key_given_twice_is_an_error_at_its_second_line() {
        let e = Locale::parse("xx", "b = 1\na = 1\n\nc = 3\na = 2\nz = 0").unwrap_err();
        assert_eq!((e.line, e.text.as_str()), (5, "a = 2"));
        let l = Locale::parse("xx", "b = 1\na = 1\nc = 3").unwrap();
        assert_eq!(l.keys(), ["b", "a", "c"]);
        assert_eq!(
            (l.get("a"), l.get("b"), l.get("c"), l.get("d")),
            (Some("1"), Some("1"), Some("3"), None)
        );
    }
}
