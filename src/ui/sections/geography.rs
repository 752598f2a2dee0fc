//! Geography: the world map coloured by a figure, and the country grid.

use std::cmp::Ordering;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::json;

use crate::charts::world::{world_map, MapFigure};
use crate::format;
use crate::i18n::{msg, t};
use crate::metrics::CountryFigures;

use crate::bridge::echarts::{self, escape_html, get, EChart, Instance};
use crate::model::Dimension;
use crate::state::use_dashboard;
use crate::widgets::frame::{event_name, FilterTo, Section, SortHeader};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    Country,
    Customers,
    CustomersShare,
    Active,
    ActiveShare,
    Added,
    AddedShare,
}

/// Column, sort key, and the message keys of its header and of what the
/// header means.
const COLUMNS: [(Column, &str, &str, &str); 7] = [
    (Column::Country, "country", "grid.country", "grid.country"),
    (
        Column::Customers,
        "customers",
        "grid.customers",
        "grid.customers_hint",
    ),
    (
        Column::CustomersShare,
        "customers_share",
        "grid.share",
        "grid.customers_share_hint",
    ),
    (Column::Active, "active", "grid.active", "grid.active_hint"),
    (
        Column::ActiveShare,
        "active_share",
        "grid.share",
        "grid.active_share_hint",
    ),
    (Column::Added, "added", "grid.added", "grid.added_hint"),
    (
        Column::AddedShare,
        "added_share",
        "grid.share",
        "grid.added_share_hint",
    ),
];

/// A grid row: a country's figures and its name as shown.
type Row = (CountryFigures, String);

fn compare((a, a_name): &Row, (b, b_name): &Row, column: Column) -> Ordering {
    let pct = |x: Option<f64>, y: Option<f64>| x.unwrap_or(-1.0).total_cmp(&y.unwrap_or(-1.0));
    match column {
        Column::Country => a_name.to_lowercase().cmp(&b_name.to_lowercase()),
        Column::Customers => a.customers.cmp(&b.customers),
        Column::CustomersShare => pct(a.customers_share_pct, b.customers_share_pct),
        Column::Active => a.active.cmp(&b.active),
        Column::ActiveShare => pct(a.active_share_pct, b.active_share_pct),
        Column::Added => a.added.cmp(&b.added),
        Column::AddedShare => pct(a.added_share_pct, b.added_share_pct),
    }
}

#[component]
pub fn Geography() -> impl IntoView {
    let d = use_dashboard();
    let report = d.report;
    let figure = d.map_figure;
    let selected = d.country;
    let model = d.model.clone();
    let home = RwSignal::new(0u32);
    let instance = StoredValue::new_local(None::<Instance>);

    // The selected country is part of the option: whatever redraws the map
    // (a figure, a filter, a language or theme) draws it zoomed and marked.
    let option = Signal::derive(move || {
        home.track();
        let geography = report
            .get()
            .map(|r| r.geography.clone())
            .unwrap_or_default();
        let mut option = world_map(
            crate::i18n::current(),
            &geography,
            figure.get(),
            &model.world,
        );
        // Countries by their names in the language in force (the map's
        // table lists them).
        for series in option["series"].as_array_mut().into_iter().flatten() {
            for item in series["data"].as_array_mut().into_iter().flatten() {
                if let (Some(title), Some(code)) = (item["title"].as_str(), item["name"].as_str()) {
                    item["title"] = json!(format::country(title, Some(code)));
                }
            }
        }
        if let Some(code) = selected.get() {
            let view = model.world.views.get(&code).copied();
            if let Some(view) = view.or_else(|| crate::load::world::country_view(&code)) {
                option["geo"]["center"] = json!(view.center);
                option["geo"]["zoom"] = json!(view.zoom);
            }
            for series in option["series"].as_array_mut().into_iter().flatten() {
                for item in series["data"].as_array_mut().into_iter().flatten() {
                    if item["name"] == code.as_str() {
                        item["selected"] = json!(true);
                    }
                }
            }
        }
        option
    });

    // Hovering a country shows its total, active and new customers.
    let tooltip: echarts::Formatter = Arc::new(move |params| {
        let code = get(&params, "name").as_string().unwrap_or_default();
        let report = report.get_untracked().ok();
        let country = report.as_ref().and_then(|r| {
            r.geography
                .iter()
                .find(|c| c.iso2 == Some(code.as_str()))
                .cloned()
        });
        match country {
            Some(c) => {
                let line = |label: &str, n: Option<u64>| {
                    escape_html(&tr!(
                        "common.label_value",
                        label = label,
                        value = format::count_or_unknown(n)
                    ))
                };
                format!(
                    "<strong>{}</strong><br>{}<br>{}<br>{}",
                    escape_html(&format::country(&c.country, c.iso2)),
                    line(t("chart.customers"), Some(c.customers)),
                    line(t("chart.active_customers"), c.active),
                    line(t("map.new_customers"), Some(c.added))
                )
            }
            None => crate::model::lookup_country(&code)
                .map(|c| escape_html(&format::country(c.name, Some(&code))))
                .unwrap_or_default(),
        }
    });
    let setup: echarts::Setup = Arc::new(move |chart| {
        echarts::on(chart, "click", move |params| {
            if let Some(code) = event_name(&params) {
                selected.set(Some(code));
            }
        })
    });

    // The country selected, as a filter names it and as the page shows it:
    // "Filter to Germany" beside the map's Home.
    let picked = Memo::new(move |_| {
        let code = selected.get()?;
        report.with(|r| {
            r.as_ref()
                .ok()?
                .geography
                .iter()
                .find(|c| c.iso2 == Some(code.as_str()))
                .map(|c| (c.country.clone(), format::country(&c.country, c.iso2)))
        })
    });
    let picked_market = Signal::derive(move || picked.get().map(|(name, _)| name));
    let picked_shown =
        Signal::derive(move || picked.get().map(|(_, shown)| shown).unwrap_or_default());
    let go_home = move |_| {
        selected.set(None);
        home.update(|n| *n += 1);
    };

    // The ARIA radio group pattern: one Tab stop; the arrow keys move the
    // choice and the focus.
    let radio_keys = move |ev: leptos::ev::KeyboardEvent| {
        let all = MapFigure::ALL;
        let at = all
            .iter()
            .position(|f| *f == figure.get_untracked())
            .unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (at + 1) % all.len(),
            "ArrowLeft" | "ArrowUp" => (at + all.len() - 1) % all.len(),
            _ => return,
        };
        ev.prevent_default();
        figure.set(all[next]);
        crate::widgets::frame::focus_within(
            ev.current_target(),
            &format!("[data-figure=\"{}\"]", all[next].key()),
        );
    };
    view! {
        <Section id="geography" title=msg("geography.title") description=msg("geography.description")>
            <div class="geo">
                <div class="map-panel">
                    <div class="map-tools">
                        <div class="segmented" role="radiogroup" aria-label=msg("map.colour_by") on:keydown=radio_keys>
                            {MapFigure::ALL.into_iter().map(|f| view! {
                                <button role="radio" data-figure=f.key() aria-checked=move || (figure.get() == f).to_string()
                                    tabindex=move || if figure.get() == f { "0" } else { "-1" }
                                    class:selected=move || figure.get() == f on:click=move |_| figure.set(f)>{move || f.label(crate::i18n::current())}</button>
                            }).collect_view()}
                        </div>
                        <button class="home" data-testid="map-home" title=msg("map.home_hint") on:click=go_home>{move || format!("⌂ {}", t("map.home"))}</button>
                        <FilterTo dim=Dimension::Market value=picked_market shown=picked_shown/>
                    </div>
                    {move || (figure.get() == MapFigure::Active).then(|| view! { <crate::sections::trends::ActiveUnknown/> })}
                    <EChart option label=msg("map.label") class="map" tooltip setup instance/>
                </div>
                <CountryGrid/>
            </div>
        </Section>
    }
}

#[component]
fn CountryGrid() -> impl IntoView {
    let d = use_dashboard();
    let report = d.report;
    let selected = d.country;
    let search = RwSignal::new(String::new());
    let sort = RwSignal::new((Column::Customers, true));
    let rows = Memo::new(move |_| {
        let needle = search.get().trim().to_lowercase();
        let (column, descending) = sort.get();
        // A country is found by its name as shown, as the files write it,
        // or its code.
        let mut rows: Vec<Row> = report
            .get()
            .map(|r| r.geography.clone())
            .unwrap_or_default()
            .into_iter()
            .map(|c| {
                let shown = format::country(&c.country, c.iso2);
                (c, shown)
            })
            .filter(|(c, shown)| {
                needle.is_empty()
                    || shown.to_lowercase().contains(&needle)
                    || c.country.to_lowercase().contains(&needle)
                    || c.iso2.is_some_and(|i| i.eq_ignore_ascii_case(&needle))
            })
            .collect();
        partner_insights::order::sort_by(&mut rows, |a, b| {
            let o = compare(a, b, column);
            let o = if descending { o.reverse() } else { o };
            o.then_with(|| a.0.country.cmp(&b.0.country))
        });
        rows
    });
    // The grid's one Tab stop: the selected country's row, else the first
    // (worked out once per change, not once per row).
    let stop_row = Memo::new(move |_| {
        let chosen = selected.get();
        rows.with(|r| {
            r.iter()
                .find(|(x, _)| chosen.is_some() && x.iso2.map(str::to_string) == chosen)
                .or(r.first())
                .map(|(x, _)| x.country.clone())
        })
    });
    let export = move |_| {
        let shown: Vec<CountryFigures> = rows.get_untracked().into_iter().map(|(c, _)| c).collect();
        let table = crate::export::tables::countries(&shown);
        crate::bridge::download::save_csv("countries.csv", &table.to_csv());
    };
    view! {
        <div class="grid-panel">
            <div class="table-tools">
                <input type="search" class="search" data-testid="country-search" placeholder=msg("grid.search")
                aria-label=msg("grid.search") prop:value=move || search.get() on:input=move |ev| search.set(event_target_value(&ev))/>
                <button class="secondary" data-testid="export-countries" on:click=export>{msg("common.download_csv")}</button>
            </div>
            <div class="table-wrap">
                <table class="grid" data-testid="country-grid">
                    <thead><tr>{COLUMNS.into_iter().map(|(column, key, label, title)| view! {
                        <SortHeader sort column key label=msg(label) title=msg(title) numeric=column != Column::Country descending_first=column != Column::Country/>
                    }).collect_view()}</tr></thead>
                    <tbody>
                        <For each=move || rows.get() key=|(c, shown)| (c.country.clone(), shown.clone()) let:row>
                            {
                                let (c, shown) = row;
                                let code = c.iso2.map(str::to_string);
                                let is_selected = {
                                    let code = code.clone();
                                    move || code.is_some() && selected.get() == code
                                };
                                let choose = {
                                    let code = code.clone();
                                    move || if let Some(code) = &code { selected.set(Some(code.clone())) }
                                };
                                let choose_key = choose.clone();
                                let is_selected_aria = is_selected.clone();
                                // One Tab stop for the whole grid: the selected
                                // country's row, else the first; the arrow keys
                                // move along the rows.
                                let name = c.country.clone();
                                let stop = move || stop_row.with(|s| s.as_deref() == Some(name.as_str()));
                                // A row stays as long as its country is listed;
                                // its cells follow its figures, found once per
                                // change (a share follows a new total even when
                                // the country's counts stay).
                                let name = c.country.clone();
                                let now = Memo::new(move |_| rows.with(|r| r.iter().find(|(c, _)| c.country == name).map(|(c, _)| c.clone())));
                                let cell = move |text: fn(&CountryFigures) -> String| {
                                    move || now.with(|c| c.as_ref().map(text).unwrap_or_default())
                                };
                                view! {
                                    <tr class:selected=is_selected tabindex=move || if stop() { "0" } else { "-1" } data-country=c.country.clone()
                                        aria-selected=move || is_selected_aria().to_string()
                                        on:click=move |_| choose()
                                        on:keydown=move |ev| match ev.key().as_str() {
                                            "Enter" | " " => { ev.prevent_default(); choose_key() }
                                            "ArrowDown" | "ArrowUp" | "Home" | "End" => { ev.prevent_default(); move_focus(&ev) }
                                            _ => {}
                                        }>
                                        <th scope="row">{shown}{c.iso2.is_none().then(|| view! { <span class="nomap" title=msg("grid.not_on_map")>" *"</span> })}</th>
                                        <td class="num">{cell(|c| format::count(c.customers))}</td>
                                        <td class="num">{cell(|c| format::percent(c.customers_share_pct))}</td>
                                        <td class="num">{cell(|c| format::count_or_unknown(c.active))}</td>
                                        <td class="num">{cell(|c| format::percent(c.active_share_pct))}</td>
                                        <td class="num">{cell(|c| format::count(c.added))}</td>
                                        <td class="num">{cell(|c| format::percent(c.added_share_pct))}</td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                {move || rows.get().is_empty().then(|| view! { <p class="hint">{msg("grid.no_match")}</p> })}
            </div>
        </div>
    }
}

/// Moves the focus from a grid row to the next or previous one, or the
/// first or last (the ARIA grid pattern's arrow keys, Home and End).
fn move_focus(ev: &leptos::ev::KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(row) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let target = match ev.key().as_str() {
        "ArrowDown" => row.next_element_sibling(),
        "ArrowUp" => row.previous_element_sibling(),
        "Home" => row.parent_element().and_then(|b| b.first_element_child()),
        _ => row.parent_element().and_then(|b| b.last_element_child()),
    };
    if let Some(target) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = target.focus();
    }
}
