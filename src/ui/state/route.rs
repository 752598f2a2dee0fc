//! The page's route lives in the address's fragment: read it, follow it
//! (links, Back, Forward, reload) and go to another; the tab's title.

use leptos::prelude::*;

use crate::route::Route;

pub fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// Sets the document title: the parts, then the app's name. A title is
/// text, whatever a file put in a name.
pub fn set_title(parts: &[&str]) {
    let mut title = parts.join(" · ");
    title.push_str(if title.is_empty() {
        "Partner Insights"
    } else {
        " · Partner Insights"
    });
    document().set_title(&title);
}

/// Goes to a route: a new history entry, so Back returns.
pub fn navigate(route: &Route) {
    let _ = window().location().set_hash(&route.to_fragment());
}

/// The route signal follows the URL fragment (links, Back, Forward,
/// reload); the listener goes with the component that asked for it.
pub fn follow_hash(route: RwSignal<Route>) {
    let handle = window_event_listener(leptos::ev::hashchange, move |_| route.set(current_route()));
    on_cleanup(move || handle.remove());
}
