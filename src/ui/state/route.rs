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

thread_local! {
    /// The route a change of the view asked for and not yet written to
    /// the address (see [`navigate_after_paint`]).
    static WANTED: std::cell::RefCell<Option<Route>> = const { std::cell::RefCell::new(None) };
}

/// The route the address will show: the one asked for by a change of the
/// view not yet written, else the address's.
pub fn wanted_route() -> Route {
    WANTED
        .with(|w| w.borrow().clone())
        .unwrap_or_else(current_route)
}

/// Whether a change of the view waits to be written to the address. An
/// address that comes in meanwhile (the hashchange of an earlier change
/// of ours, which an input can overtake) is older than the view.
fn navigation_pending() -> bool {
    WANTED.with(|w| w.borrow().is_some())
}

/// [`navigate`] once the frame after this task is painted. Writing the
/// address is a navigation within the page, which costs the browser a
/// layout (5 ms with 1.1 M rows on the page): after a filter or a range,
/// the new figures come first. The changes of one frame make one history
/// entry, to the last route asked for.
pub fn navigate_after_paint(route: Route) {
    let waiting = WANTED.with(|w| w.replace(Some(route)).is_some());
    if waiting {
        return;
    }
    request_animation_frame(|| {
        set_timeout(
            || {
                if let Some(route) = WANTED.with(|w| w.take()) {
                    if route != current_route() {
                        navigate(&route);
                    }
                }
            },
            std::time::Duration::ZERO,
        )
    });
}

/// The route signal follows the URL fragment (links, Back, Forward,
/// reload); the listener goes with the component that asked for it.
///
/// A new page starts at its top, and Back or Forward to a page returns to
/// where it was scrolled: each history entry of this visit carries a number
/// (in `history.state`), under which the scroll position is kept when the
/// page is left. A change of the view's parameters alone (a filter, the
/// range) keeps the scroll where it is.
pub fn follow_hash(route: RwSignal<Route>) {
    let history = window().history().ok();
    if let Some(h) = &history {
        // The app restores positions itself: the browser's restoration
        // would scroll before the page is drawn.
        let _ = js_sys::Reflect::set(h, &"scrollRestoration".into(), &"manual".into());
    }
    let first = entry_number().unwrap_or_else(|| mark_entry(0));
    ENTRIES.with(|e| {
        let mut e = e.borrow_mut();
        e.current = first;
        e.last = first;
    });
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        let y = window().scroll_y().unwrap_or(0.0);
        let number = entry_number();
        let back_to = ENTRIES.with(|e| {
            let mut e = e.borrow_mut();
            let left = e.current;
            e.positions.retain(|(n, _)| *n != left);
            e.positions.push((left, y));
            match number {
                // An entry of this visit: Back or Forward.
                Some(n) => {
                    e.current = n;
                    e.positions.iter().find(|(m, _)| *m == n).map(|(_, y)| *y)
                }
                None => {
                    e.last += 1;
                    e.current = e.last;
                    None
                }
            }
        });
        if number.is_none() {
            mark_entry(ENTRIES.with(|e| e.borrow().current));
        }
        // The view has moved on since this address (an input overtook
        // the hashchange of an earlier change of ours): the newer address
        // is on its way, and its own hashchange follows.
        if navigation_pending() {
            return;
        }
        let next = current_route();
        let new_page = route.with_untracked(|r| r.page != next.page);
        route.set(next);
        if new_page {
            let y = back_to.unwrap_or(0.0);
            // Once the page is drawn (two frames: its views, then layout).
            request_animation_frame(move || {
                request_animation_frame(move || window().scroll_to_with_x_and_y(0.0, y))
            });
        }
    });
    on_cleanup(move || handle.remove());
}

/// The history entries of this visit: the current one's number, the last
/// number given, and the scroll position of each entry left.
#[derive(Default)]
struct Entries {
    current: u32,
    last: u32,
    positions: Vec<(u32, f64)>,
}

thread_local! {
    static ENTRIES: std::cell::RefCell<Entries> = std::cell::RefCell::default();
}

/// The number this visit gave the current history entry, if it has one.
fn entry_number() -> Option<u32> {
    let state = window().history().ok()?.state().ok()?;
    js_sys::Reflect::get(&state, &"pi_entry".into())
        .ok()?
        .as_f64()
        .map(|n| n as u32)
}

/// Numbers the current history entry; returns the number.
fn mark_entry(number: u32) -> u32 {
    if let Ok(history) = window().history() {
        let state = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&state, &"pi_entry".into(), &f64::from(number).into());
        let _ = history.replace_state(&state, "");
    }
    number
}
