//! The page's language: `lang` in the address when it names one, else the
//! partner's last pick in this browser, else the browser's own languages,
//! else English. Picking one puts it in the address (a shared link opens in
//! it) and remembers it.

use leptos::prelude::*;

use partner_insights::l10n;

use crate::i18n::{self, msg};
use crate::route::Route;

const STORAGE_KEY: &str = "partner-insights-lang";

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The browser's preferred languages, best first.
fn browser_languages() -> Vec<String> {
    let navigator = window().navigator();
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// The language to start in: its code, whether its words are here yet or not.
pub fn initial(route: &Route) -> &'static str {
    route
        .param("lang")
        .and_then(l10n::code_of)
        .or_else(|| {
            storage()
                .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
                .and_then(|code| l10n::code_of(&code))
        })
        .or_else(|| browser_languages().iter().find_map(|l| l10n::code_of(l)))
        .unwrap_or(l10n::REFERENCE)
}

thread_local! {
    /// The language asked for last, while its words may be on their way.
    static ASKED: std::cell::Cell<Option<&'static str>> = const { std::cell::Cell::new(None) };
}

/// Puts a language in force; one whose words are not here yet once they
/// are ([`i18n::load`]), unless another was asked for meanwhile. Should they
/// not come, the page stays in the language it speaks and the picker says
/// so. A language on its way is not asked for twice (a pick also changes
/// the address, which asks again).
fn apply(code: &'static str) {
    let before = ASKED.with(|a| a.replace(Some(code)));
    if l10n::find(code).is_some() {
        put(code);
        return;
    }
    if before == Some(code) {
        return;
    }
    leptos::task::spawn_local(async move {
        let loaded = i18n::load(code).await;
        if ASKED.with(std::cell::Cell::get) != Some(code) {
            return;
        }
        ASKED.with(|a| a.set(None));
        put(if loaded { code } else { i18n::current().code });
    });
}

fn put(code: &str) {
    i18n::set(code);
    let code = i18n::current().code;
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", code);
    }
    // The picker shows the language in force, also after Back: its value
    // is set, since an option's `selected` no longer moves a select the
    // partner has used.
    if let Ok(Some(picker)) = document().query_selector("[data-testid=language]") {
        let _ = js_sys::Reflect::set(&picker, &"value".into(), &code.into());
    }
}

/// Puts the starting language in force and follows `lang` in the address
/// (links, Back, Forward); call once, before anything is drawn, with the
/// starting language's words here (`main` loads them before the app is
/// mounted). A change re-renders the texts that read the language
/// ([`crate::i18n`]), nothing more: the page, its charts and their states
/// stay.
pub fn provide(route: RwSignal<Route>) {
    apply(initial(&route.get_untracked()));
    let language = i18n::signal();
    Effect::new(move |_| {
        let wanted = route.with(|r| r.param("lang").and_then(l10n::code_of));
        if let Some(wanted) = wanted {
            if wanted != language.get_untracked() {
                apply(wanted);
            }
        }
    });
}

#[component]
pub fn LanguagePicker(route: RwSignal<Route>) -> impl IntoView {
    let language = i18n::signal();
    let pick = move |ev: leptos::ev::Event| {
        let Some(code) = l10n::code_of(&event_target_value(&ev)) else {
            return;
        };
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, code);
        }
        apply(code);
        let next = route.get_untracked().with("lang", Some(code.to_string()));
        crate::state::route::navigate(&next);
    };
    view! {
        <label class="language">
            <span class="visually-hidden">{msg("lang.label")}</span>
            <select data-testid="language" title=msg("lang.label") on:change=pick>
                {l10n::LANGUAGES.iter().map(|&(code, name)| view! {
                    <option value=code lang=code selected=move || language.get() == code>{name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
