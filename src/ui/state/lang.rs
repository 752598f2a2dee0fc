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

fn initial(route: &Route) -> &'static str {
    route
        .param("lang")
        .and_then(l10n::find)
        .or_else(|| {
            storage()
                .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
                .and_then(|code| l10n::find(&code))
        })
        .or_else(|| browser_languages().iter().find_map(|l| l10n::find(l)))
        .unwrap_or_else(l10n::reference)
        .code
}

fn apply(code: &str) {
    i18n::set(code);
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
/// (links, Back, Forward); call once, before anything is drawn. A change
/// re-renders the texts that read the language ([`crate::i18n`]), nothing
/// more: the page, its charts and their states stay.
pub fn provide(route: RwSignal<Route>) {
    apply(initial(&route.get_untracked()));
    let language = i18n::signal();
    Effect::new(move |_| {
        let wanted = route.with(|r| r.param("lang").and_then(l10n::find).map(|l| l.code));
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
        let Some(locale) = l10n::find(&event_target_value(&ev)) else {
            return;
        };
        if let Some(s) = storage() {
            let _ = s.set_item(STORAGE_KEY, locale.code);
        }
        apply(locale.code);
        let next = route
            .get_untracked()
            .with("lang", Some(locale.code.to_string()));
        crate::state::route::navigate(&next);
    };
    view! {
        <label class="language">
            <span class="visually-hidden">{msg("lang.label")}</span>
            <select data-testid="language" title=msg("lang.label") on:change=pick>
                {l10n::all().iter().map(|l| view! {
                    <option value=l.code lang=l.code selected=move || language.get() == l.code>{l.name()}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
