//! Light or dark: the system's setting until the partner picks one with the
//! toggle; the pick is remembered in this browser. The page's colours follow
//! `data-theme` on the root element, the charts follow [`use_theme`].

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::charts::theme::Theme;
use crate::i18n::{msg, t};

const STORAGE_KEY: &str = "partner-insights-theme";
const DARK_QUERY: &str = "(prefers-color-scheme: dark)";

#[derive(Clone, Copy)]
struct ThemeState {
    /// The partner's pick, if any.
    chosen: RwSignal<Option<Theme>>,
    /// The system's setting.
    system: RwSignal<Theme>,
    theme: Memo<Theme>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn system_theme() -> Theme {
    let dark = window()
        .match_media(DARK_QUERY)
        .ok()
        .flatten()
        .is_some_and(|q| q.matches());
    if dark {
        Theme::Dark
    } else {
        Theme::Light
    }
}

/// Starts following the system setting and the stored pick; call once.
pub fn provide() {
    let chosen = RwSignal::new(
        storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|t| Theme::parse(&t)),
    );
    let system = RwSignal::new(system_theme());
    if let Some(query) = window().match_media(DARK_QUERY).ok().flatten() {
        let on_change = Closure::<dyn Fn()>::new(move || system.set(system_theme()));
        query.set_onchange(Some(on_change.as_ref().unchecked_ref()));
        // Owned by the app: dropped (and detached) with it.
        let kept = StoredValue::new_local(Some(on_change));
        on_cleanup(move || {
            query.set_onchange(None);
            kept.set_value(None);
        });
    }
    let theme = Memo::new(move |_| chosen.get().unwrap_or_else(|| system.get()));
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-theme", theme.get().key());
        }
    });
    provide_context(ThemeState {
        chosen,
        system,
        theme,
    });
}

/// The theme in force, for charts.
pub fn use_theme() -> Memo<Theme> {
    expect_context::<ThemeState>().theme
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let state = expect_context::<ThemeState>();
    let dark = move || state.theme.get() == Theme::Dark;
    let toggle = move |_| {
        let next = if dark() { Theme::Light } else { Theme::Dark };
        // Back to following the system when the pick equals it.
        let pick = (next != state.system.get_untracked()).then_some(next);
        state.chosen.set(pick);
        if let Some(s) = storage() {
            let _ = match pick {
                Some(t) => s.set_item(STORAGE_KEY, t.key()),
                None => s.remove_item(STORAGE_KEY),
            };
        }
    };
    view! {
        <button class="theme-toggle" data-testid="theme-toggle" aria-pressed=move || dark().to_string()
            title=msg("theme.hint") on:click=toggle>
            <span aria-hidden="true">{move || if dark() { "☾" } else { "☀" }}</span>
            {move || format!(" {}", t("theme.dark_mode"))}
        </button>
    }
}
