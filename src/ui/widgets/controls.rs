//! The header controls: the date range and the page-level filters.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format;
use crate::i18n::{msg, t};
use crate::metrics::Filters;
use crate::model::{Dimension, Month};

use crate::state::{use_dashboard, RangeChoice};

#[component]
pub fn RangeControl() -> impl IntoView {
    let d = use_dashboard();
    let range = d.range;
    let ds_months: Vec<Month> = {
        let ds = &d.model.dataset;
        (0..ds.month_count).map(|i| ds.month_at(i)).collect()
    };
    let model = d.model.clone();
    let current = Memo::new(move |_| model.months(range.get()));
    let preset = move || match range.get() {
        RangeChoice::Last(n) => n.to_string(),
        RangeChoice::All => "all".into(),
        RangeChoice::Custom { .. } => "custom".into(),
    };
    let on_preset = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let choice = match value.as_str() {
            "all" => RangeChoice::All,
            "custom" => {
                let (from, to) = current.get_untracked();
                RangeChoice::Custom { from, to }
            }
            n => RangeChoice::Last(n.parse().unwrap_or(12)),
        };
        range.set(choice);
    };
    let month_options = move |selected: Month| {
        ds_months
            .iter()
            .map(|&m| view! { <option value=m.to_string() selected=m == selected>{move || format::month(m)}</option> })
            .collect_view()
    };
    let months_for_to = month_options.clone();
    let set_from = move |ev: leptos::ev::Event| {
        if let Some(from) = Month::parse(&event_target_value(&ev)) {
            let (_, to) = current.get_untracked();
            range.set(RangeChoice::Custom {
                from,
                to: to.max(from),
            });
        }
    };
    let set_to = move |ev: leptos::ev::Event| {
        if let Some(to) = Month::parse(&event_target_value(&ev)) {
            let (from, _) = current.get_untracked();
            range.set(RangeChoice::Custom {
                from: from.min(to),
                to,
            });
        }
    };
    view! {
        <div class="range" role="group" aria-label=msg("range.label")>
            <label>
                <span>{msg("range.range")}</span>
                <select data-testid="range-preset" on:change=on_preset prop:value=preset>
                    <option value="3">{move || tr!("range.last", n = 3)}</option>
                    <option value="6">{move || tr!("range.last", n = 6)}</option>
                    <option value="12">{move || tr!("range.last", n = 12)}</option>
                    <option value="all">{msg("range.all")}</option>
                    <option value="custom">{msg("range.custom")}</option>
                </select>
            </label>
            <label>
                <span>{msg("range.from")}</span>
                <select data-testid="range-from" on:change=set_from>
                    {move || month_options(current.get().0)}
                </select>
            </label>
            <label>
                <span>{msg("range.to")}</span>
                <select data-testid="range-to" on:change=set_to>
                    {move || months_for_to(current.get().1)}
                </select>
            </label>
        </div>
    }
}

/// In place of the range and filters, for a report opened as it is: what
/// it was computed for, fixed, and that it was computed elsewhere.
#[component]
pub fn FixedQuery(report: std::sync::Arc<crate::metrics::Report>) -> impl IntoView {
    let (from, to) = (report.range.from, report.range.to);
    let filters = report.filters.clone();
    let range = move || {
        tr!(
            "report_file.range",
            from = format::month(from),
            to = format::month(to)
        )
    };
    let filters = move || {
        let parts: Vec<String> = filters
            .iter()
            .filter(|(_, values)| !values.is_empty())
            .map(|(dim, values)| {
                let shown: Vec<String> = values
                    .iter()
                    .map(|v| match (dim, crate::model::lookup_country(v)) {
                        // Named as the page names a market ("US" in a
                        // filter is United States).
                        (Dimension::Market, Some(c)) => format::country(c.name, Some(c.alpha2)),
                        _ => v.clone(),
                    })
                    .collect();
                tr!(
                    "report_file.filter",
                    dimension = t(dim.label_key()),
                    values = shown.join(", ")
                )
            })
            .collect();
        if parts.is_empty() {
            t("report_file.no_filters").to_string()
        } else {
            tr!("report_file.filters", filters = parts.join(" · "))
        }
    };
    view! {
        <aside class="note fixed-query" role="note" data-testid="fixed-query">
            <strong>{msg("report_file.title")}</strong>
            <p>{msg("report_file.note")}</p>
            <p data-testid="fixed-range">{range}</p>
            <p data-testid="fixed-filters">{filters}</p>
        </aside>
    }
}

/// Which filter a multi-select edits.
fn download_raw(d: &crate::state::Dashboard) {
    if let Ok((header, rows)) = crate::metrics::raw_rows(&d.model.dataset, &d.query_untracked()) {
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        crate::bridge::download::save_csv("raw-data.csv", &crate::export::csv(&names, rows));
    }
}

#[component]
pub fn FilterBar() -> impl IntoView {
    let d = use_dashboard();
    let filters = d.filters;
    let facets = d.model.facets.clone();
    let d = d.clone();
    let any = move || !filters.get().is_empty();
    // A click or tap outside an open filter list closes it, as a menu does.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Node>().ok());
        if let Ok(Some(open)) = document().query_selector("details.multi[open]") {
            if !open.contains(target.as_ref()) {
                let _ = open.remove_attribute("open");
            }
        }
    });
    on_cleanup(move || outside.remove());
    view! {
        <div class="filters" role="group" aria-label=msg("filters.label")>
            {Dimension::ALL.into_iter().map(|dim| {
                let options = facets[dim].clone();
                view! { <MultiSelect dim options/> }
            }).collect_view()}
            <button class="link" data-testid="clear-filters" disabled=move || !any() on:click=move |_| filters.set(Filters::default())>
                {msg("filters.clear")}
            </button>
            <button class="link" data-testid="download-raw" title=msg("filters.download_raw_hint")
                on:click=move |_| download_raw(&d)>{msg("filters.download_raw")}</button>
            {move || {
                // Each value in force as a chip with its ✕: a filter set from
                // a chart shows here, and one click takes it away.
                let chips: Vec<(Dimension, String)> = filters.with(|f| {
                    f.iter().flat_map(|(d, vs)| vs.iter().map(move |v| (d, v.clone()))).collect()
                });
                (!chips.is_empty()).then(|| view! {
                    <ul class="filter-chips" aria-label=msg("filters.active") data-testid="filter-chips">
                        {chips.into_iter().map(|(dim, value)| {
                            let shown = if dim == Dimension::Market {
                                format::country(&value, crate::model::lookup_country(&value).map(|c| c.alpha2))
                            } else {
                                value.clone()
                            };
                            let label = tr!("filters.remove", value = shown.clone());
                            let remove = move |_| filters.update(|f| f[dim].retain(|v| *v != value));
                            view! {
                                <li class="chip" data-dimension=dim.key()>
                                    <span>{t(dim.label_key())}": "{shown}</span>
                                    <button class="remove" aria-label=label title=msg("filters.clear") on:click=remove>"✕"</button>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}

#[component]
fn MultiSelect(dim: Dimension, options: Vec<(String, u64)>) -> impl IntoView {
    let d = use_dashboard();
    let filters = d.filters;
    // Beside each value, what the page counts under it: the customers of
    // the range's last month under the other filters. Worked out when the
    // list is opened (a pass over that month's rows), and again while it
    // stays open and the filters or range change.
    let open = RwSignal::new(false);
    let model = d.model.clone();
    let range = d.range;
    let last_month = Memo::new(move |_| model.months(range.get()).1);
    let model = d.model.clone();
    let counts = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let ds = &model.dataset;
        let month = ds.month_index(last_month.get())?;
        Some(std::sync::Arc::new(crate::metrics::facet_counts(
            ds,
            &filters.get(),
            dim,
            month,
        )))
    });
    let count_of = move |value: &str| {
        counts.with(|c| {
            let c = c.as_ref()?;
            let at = c
                .binary_search_by(|(name, _)| name.as_str().cmp(value))
                .ok()?;
            Some(c[at].1)
        })
    };
    let note = move || {
        tr!(
            "filters.count_note",
            month = format::month(last_month.get())
        )
    };
    let chosen = move || filters.get()[dim].len();
    let caption = move || match chosen() {
        0 => tr!("filters.all", name = t(dim.label_key())),
        n => trn!("filters.selected", n, name = t(dim.label_key())),
    };
    // Escape closes an open list and gives the focus back to its summary
    // (a click elsewhere closes it too: see `FilterBar`).
    let escape = move |ev: leptos::ev::KeyboardEvent| {
        let Some(details) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        if ev.key() == "Escape" && details.has_attribute("open") {
            ev.prevent_default();
            let _ = details.remove_attribute("open");
            if let Some(summary) = details
                .first_element_child()
                .and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = summary.focus();
            }
        }
    };
    view! {
        <details class="multi" data-filter=dim.key() on:keydown=escape
            on:toggle=move |ev| open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open())>
            <summary class:active=move || { chosen() > 0 }>{caption}</summary>
            <div class="options" role="group" aria-label=msg(dim.label_key())>
                <p class="count-note" data-testid="filter-count-note">{note}</p>
                {options.into_iter().map(|(value, _)| {
                    let counted = value.clone();
                    // Markets by their names in the language in force.
                    let shown = {
                        let value = value.clone();
                        let iso2 = (dim == Dimension::Market)
                            .then(|| crate::model::lookup_country(&value).map(|c| c.alpha2))
                            .flatten();
                        move || format::country(&value, iso2)
                    };
                    let checked_value = value.clone();
                    let toggle_value = value.clone();
                    let checked = move || filters.get()[dim].contains(&checked_value);
                    let toggle = move |_| {
                        filters.update(|f| {
                            let list = &mut f[dim];
                            match list.iter().position(|v| *v == toggle_value) {
                                Some(i) => { list.remove(i); }
                                None => list.push(toggle_value.clone()),
                            }
                        })
                    };
                    view! {
                        <label class="option">
                            <input type="checkbox" prop:checked=checked on:change=toggle/>
                            <span class="name">{shown}</span>
                            <span class="count num">{move || count_of(&counted).map(format::count).unwrap_or_default()}</span>
                        </label>
                    }
                }).collect_view()}
            </div>
        </details>
    }
}
