//! The page's language in force. The engine never picks a language: the
//! page keeps the one the partner chose here (it has one thread) and
//! passes it to the engine's chart builders and wordings.
//!
//! Reading it is reactive: [`current`] (and so `t`, `tr!`, `trn!` and
//! every number formatted) tracks the language signal, so a text, chart
//! option or table computed in a reactive closure is computed again when
//! the language changes, and nothing else is rebuilt. A text computed
//! outside a closure stays as it was: views write `move || t("key")`.

use std::cell::Cell;

use leptos::prelude::*;
use partner_insights::l10n::{self, Locale};

thread_local! {
    static CURRENT: Cell<Option<&'static Locale>> = const { Cell::new(None) };
    static SIGNAL: Cell<Option<RwSignal<&'static str>>> = const { Cell::new(None) };
}

/// The language in force (English until [`set`] picks another); tracked
/// in a reactive closure.
pub fn current() -> &'static Locale {
    if let Some(signal) = SIGNAL.with(Cell::get) {
        signal.track();
    }
    CURRENT.with(|c| c.get()).unwrap_or_else(l10n::reference)
}

/// Puts a language in force and tells every closure that read the last
/// one; false (and no change) when there is no such language.
pub fn set(code: &str) -> bool {
    let Some(locale) = l10n::find(code) else {
        return false;
    };
    CURRENT.with(|c| c.set(Some(locale)));
    match SIGNAL.with(Cell::get) {
        Some(signal) if signal.get_untracked() != locale.code => signal.set(locale.code),
        Some(_) => {}
        None => SIGNAL.with(|s| s.set(Some(RwSignal::new(locale.code)))),
    }
    true
}

/// Brings the words of a language the app speaks: at once when they are
/// here (English is compiled in), else from `locales/<code>.txt` beside the
/// app, which the build writes and the service worker keeps for offline
/// use. False when they could not be had (the network, or a file that does
/// not read); the language in force is then left as it is.
pub async fn load(code: &str) -> bool {
    if l10n::find(code).is_some() {
        return true;
    }
    let Some(code) = l10n::code_of(code) else {
        return false;
    };
    let url = format!("locales/{code}.txt");
    let text = match gloo_net::http::Request::get(&url).send().await {
        Ok(response) if response.ok() => response.text().await.ok(),
        _ => None,
    };
    let Some(text) = text else {
        web_sys::console::warn_1(&format!("{url} could not be loaded").into());
        return false;
    };
    // Each language is read once and kept for the page's life, as the
    // words compiled in are.
    match l10n::add(code, Box::leak(text.into_boxed_str())) {
        Ok(_) => true,
        Err(e) => {
            web_sys::console::warn_1(&format!("{url}: line {} does not read", e.line).into());
            false
        }
    }
}

/// The language signal (its code), for a control that shows it.
pub fn signal() -> RwSignal<&'static str> {
    if SIGNAL.with(Cell::get).is_none() {
        set(current().code);
    }
    SIGNAL.with(Cell::get).expect("set creates it")
}

/// The message of `key` in the language in force.
pub fn t(key: &str) -> &'static str {
    current().text(key)
}

/// The message of `key` as a view or attribute that follows the language:
/// `{msg("nav.adoption")}`, `title=msg("map.home_hint")`. One function for
/// every key, so the app's code holds one such closure, not one per text.
pub fn msg(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    move || t(key)
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

impl Worded for partner_insights::metrics::ReportError {
    fn worded(&self) -> String {
        current().report_error(self)
    }
}

impl Worded for partner_insights::ingest::Reason {
    fn worded(&self) -> String {
        current().reason(self)
    }
}

/// A message worded when it is shown, so it follows the language: why a
/// file was refused stays on the page while the partner switches.
#[derive(Clone)]
pub struct Said(std::sync::Arc<dyn Fn() -> String + Send + Sync>);

impl Said {
    pub fn new(words: impl Fn() -> String + Send + Sync + 'static) -> Said {
        Said(std::sync::Arc::new(words))
    }

    /// An engine error, worded in the language of the moment it is shown.
    pub fn of<E: Worded + Send + Sync + 'static>(error: E) -> Said {
        Said::new(move || error.worded())
    }

    /// The message in the language in force (tracked in a closure).
    pub fn text(&self) -> String {
        (self.0)()
    }
}

/// Text that is the same in every language (a network error's own words).
impl From<String> for Said {
    fn from(text: String) -> Said {
        Said::new(move || text.clone())
    }
}

impl PartialEq for Said {
    fn eq(&self, other: &Said) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}
