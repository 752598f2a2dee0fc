//! The page's language in force. The engine never picks a language: the
//! page keeps the one the partner chose here (it has one thread) and
//! passes it to the engine's chart builders and wordings. `t`, `tr!` and
//! `trn!` read it; [`crate::lang`] sets it and signals the change.

use std::cell::Cell;

use partner_insights::l10n::{self, Locale};

thread_local! {
    static CURRENT: Cell<Option<&'static Locale>> = const { Cell::new(None) };
}

/// The language in force: English until [`set`] picks another.
pub fn current() -> &'static Locale {
    CURRENT.with(|c| c.get()).unwrap_or_else(l10n::reference)
}

/// Puts a language in force; false (and no change) when there is none.
pub fn set(code: &str) -> bool {
    match l10n::find(code) {
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

/// `tr!("key", n = 3)`: a message in the language in force, filled in.
#[macro_export]
macro_rules! tr {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        partner_insights::tr!($crate::i18n::current(), $key $(, $name = $value)*)
    };
}

/// `trn!("key", n)`: a message about a count in the language in force.
#[macro_export]
macro_rules! trn {
    ($key:literal, $count:expr $(, $name:ident = $value:expr)* $(,)?) => {
        partner_insights::trn!($crate::i18n::current(), $key, $count $(, $name = $value)*)
    };
}

/// An engine error worded in the language in force.
pub trait Worded {
    fn worded(&self) -> String;
}

impl Worded for partner_insights::ingest::FileError {
    fn worded(&self) -> String {
        current().file_error(self)
    }
}

impl Worded for partner_insights::metrics::RangeError {
    fn worded(&self) -> String {
        current().range_error(self)
    }
}

impl Worded for partner_insights::ingest::Reason {
    fn worded(&self) -> String {
        current().reason(self)
    }
}
