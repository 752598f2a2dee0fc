//! User Timing marks, so a profiler or the browser benchmark can see how long
//! loading and recomputing take (`performance.getEntriesByType("measure")`).
//!
//! - `pi:load` runs from the start of a load to the end of its first report;
//! - `pi:parse` covers reading and parsing the customers file (which overlap:
//!   the rows that arrived are parsed while the rest downloads);
//! - `pi:prepare` is the pass over every month for new filters;
//! - `pi:report` assembles the dashboard's report for the range from it;
//! - `pi:adoption` works out the Adoption page's figures;
//! - `pi:options` is a chart's option made ready for ECharts (labels, legend,
//!   theme, JSON), one measure a chart drawn;
//! - `pi:draw` is ECharts drawing it (`setOption`), likewise.

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// A measure from the latest mark `start` to now.
pub fn measure(name: &str, start: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, start);
    }
}

/// [`measure`], then the start mark is dropped: for measures taken many
/// times a change (one a chart), so marks do not pile up over a session.
pub fn measure_once(name: &str, start: &str) {
    measure(name, start);
    if let Some(p) = performance() {
        p.clear_marks_with_mark_name(start);
    }
}

thread_local! {
    static LOADING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A load starts: the next report ends `pi:load`.
pub fn load_started() {
    LOADING.with(|l| l.set(true));
    mark("pi:load:start");
}

/// Ends the `pi:load` measure the first time a report is ready after a load,
/// and tells the page (a `pi-ready` event on the window): the boot file
/// registers the offline service worker once the page is idle after that,
/// so its caching of every file never competes with the first view.
pub fn report_ready() {
    if LOADING.with(|l| l.replace(false)) {
        measure("pi:load", "pi:load:start");
        if let (Some(window), Ok(event)) = (web_sys::window(), web_sys::Event::new("pi-ready")) {
            let _ = window.dispatch_event(&event);
        }
    }
}

/// Milliseconds since the page started (0 where there is no clock).
pub fn now() -> f64 {
    performance().map_or(0.0, |p| p.now())
}
