//! A tile's micro chart: plain SVG the page draws ([`charts::micro`]), with
//! its figures as a table for screen readers. Both are markup made in one
//! piece on each change (a few dozen months), not a tree of views.

use leptos::prelude::*;

use crate::charts;

#[component]
pub fn MicroChart(
    /// The chart's option, as ECharts would take it: its shape and its
    /// table are both read from it.
    #[prop(into)]
    option: Signal<serde_json::Value>,
    /// The accessible name of the chart.
    #[prop(into)]
    label: TextProp,
) -> impl IntoView {
    // Made once per change, for both the shape and the table.
    let option = Memo::new(move |_| option.get());
    let svg = move || option.with(|o| charts::micro::micro(crate::i18n::current(), o).svg());
    let caption = label.clone();
    let table =
        move || option.with(|o| charts::table::of(crate::i18n::current(), o).html(&caption.get()));
    view! {
        <div class="chart-frame">
            <div class="chart micro" role="img" aria-label=move || label.get() inner_html=svg></div>
            <div class="visually-hidden" inner_html=table></div>
        </div>
    }
}
