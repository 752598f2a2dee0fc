//! What the partner sees of loading: the open-files button, the drop zone,
//! the progress bar and the validation report with its downloads.

use leptos::prelude::*;

use crate::bridge::download;
use crate::export;
use crate::format;
use crate::i18n::{msg, t};
use crate::ingest;

use super::read::FileReport;
use super::sources;
use super::use_app;

/// Rejections listed on the page; all of them are in the download.
const SHOWN_REJECTIONS: usize = 100;

/// The file button, and the way back to the sample when other data is
/// shown or the first load failed; the whole page also takes dropped files.
#[component]
pub fn OpenFiles() -> impl IntoView {
    let app = use_app();
    let on_change = move |ev: leptos::ev::Event| app.open(sources::input_files(&ev));
    // The way back to the sample: while other data is shown, or when
    // nothing is because a file the address names failed; not when the
    // sample itself is what failed.
    let offer_sample = move || match app
        .model
        .with(|m| m.as_ref().map(|m| m.name != super::SAMPLE_LABEL))
    {
        Some(other_data) => other_data,
        None => app.fatal.with(Option::is_some) && sources::url_sources().0.is_some(),
    };
    view! {
        <div class="open-files">
            <label class="button secondary" title=msg("files.open_hint")>
                {msg("files.open")}
                <input type="file" class="visually-hidden" data-testid="open-files" multiple accept=".csv,.tsv,.txt,.json,text/csv,application/json"
                    on:change=on_change/>
            </label>
            {move || offer_sample().then(|| view! {
                <button class="link" data-testid="back-to-sample" on:click=move |_| app.back_to_sample()>{msg("files.back_to_sample")}</button>
            })}
        </div>
    }
}

/// Keeping the opened files on this device (opt-in), forgetting them, and
/// what was open at the last visit when it was not kept.
#[component]
pub fn KeptFiles() -> impl IntoView {
    let app = use_app();
    let from_files =
        move || app.model.with(|m| m.is_some()) && app.opened.with_value(|f| !f.is_empty());
    let failed = RwSignal::new(false);
    let keep = move |_| {
        leptos::task::spawn_local(async move {
            failed.set(!app.keep().await);
        })
    };
    let forget = move |_| leptos::task::spawn_local(app.forget_files());
    // "Open again…" opens the file chooser: a page cannot open a file
    // from the disk by itself.
    let open_again = move |_| {
        if let Some(input) = document()
            .query_selector("[data-testid=\"open-files\"]")
            .ok()
            .flatten()
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            input.click();
        }
    };
    let last = move || app.last_opened.with(|n| n.join(", "));
    view! {
        {move || {
            app.model.track();
            if app.kept.get() && from_files() {
                view! {
                    <p class="kept" data-testid="kept">
                        <span class="kept-note" title=msg("kept.kept_hint")>{msg("kept.kept")}</span>" "
                        <button class="link" data-testid="forget-files" on:click=forget>{msg("kept.forget")}</button>
                    </p>
                }.into_any()
            } else if from_files() {
                view! {
                    <p class="kept">
                        <button class="link" data-testid="keep-files" title=msg("kept.keep_hint") on:click=keep>{msg("kept.keep")}</button>
                        {move || failed.get().then(|| view! { <span class="error" role="alert">" "{msg("kept.failed")}</span> })}
                    </p>
                }.into_any()
            } else if app.last_opened.with(|n| !n.is_empty()) {
                view! {
                    <p class="kept" data-testid="last-opened">
                        {move || tr!("kept.last", names = last())}" "
                        <button class="link" on:click=open_again>{msg("kept.open_again")}</button>
                    </p>
                }.into_any()
            } else {
                ().into_any()
            }
        }}
    }
}

/// Catches files dropped anywhere on the page.
#[component]
pub fn DropZone() -> impl IntoView {
    let app = use_app();
    let over = RwSignal::new(false);
    // Listeners owned by the component: removed with it, so a page that
    // renders it again does not read a dropped file twice.
    let handles = [
        window_event_listener(leptos::ev::dragover, move |ev| {
            ev.prevent_default();
            over.set(true);
        }),
        window_event_listener(leptos::ev::dragleave, move |ev| {
            if ev.related_target().is_none() {
                over.set(false);
            }
        }),
        window_event_listener(leptos::ev::drop, move |ev| {
            ev.prevent_default();
            over.set(false);
            app.open(sources::files_of(
                ev.data_transfer().and_then(|d| d.files()),
            ));
        }),
    ];
    on_cleanup(move || handles.into_iter().for_each(|h| h.remove()));
    view! {
        <div class="drop-zone" class:visible=move || over.get() aria-hidden="true">
            <p>{msg("files.drop")}</p>
        </div>
    }
}

/// The bar is made once per load and then only its figures change: a
/// big file updates it some fifty times.
#[component]
pub fn ProgressBar() -> impl IntoView {
    let app = use_app();
    let shown = Memo::new(move |_| app.progress.with(Option::is_some));
    let label = move || {
        app.progress
            .with(|p| p.as_ref().map(|p| p.label.clone()).unwrap_or_default())
    };
    let percent = move || {
        let fraction = app
            .progress
            .with(|p| p.as_ref().map_or(0.0, |p| p.fraction));
        (fraction * 100.0).round() as u32
    };
    move || {
        shown.get().then(|| {
            view! {
                <div class="progress" role="progressbar" aria-label=label aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=move || percent().to_string() data-testid="progress">
                    <span class="label">{move || format!("{} · {}", label(), format::percent_of(&percent().to_string()))}</span>
                    <span class="bar"><span class="fill" style:width=move || format!("{}%", percent())></span></span>
                </div>
            }
        })
    }
}

/// How a file was read (spec 1.4): layout, encoding, delimiter, date
/// order, the column of each field and the columns not read.
#[component]
fn HowRead(reading: ingest::Reading) -> impl IntoView {
    let delimiter = match reading.delimiter {
        None => t("reading.json").to_string(),
        Some(d) => {
            let name = t(match d {
                ';' => "reading.semicolon",
                '\t' => "reading.tab",
                _ => "reading.comma",
            });
            if reading.sep_line {
                tr!("reading.sep_line", delimiter = name)
            } else {
                name.to_string()
            }
        }
    };
    let date_order = reading.date_order.map(|order| {
        t(match order {
            crate::model::DateOrder::MonthFirst => "reading.month_first",
            crate::model::DateOrder::DayFirst => "reading.day_first",
        })
    });
    let ignored = reading.ignored.join(", ");
    view! {
        <details class="reading" data-testid="reading">
            <summary>{msg("reading.title")}</summary>
            <dl class="reading-facts">
                <div><dt>{msg("reading.layout")}</dt><dd data-testid="reading-layout">{t(reading.layout.key())}</dd></div>
                <div><dt>{msg("reading.encoding")}</dt><dd data-testid="reading-encoding">{reading.encoding.label()}</dd></div>
                <div><dt>{msg("reading.delimiter")}</dt><dd data-testid="reading-delimiter">{delimiter}</dd></div>
                {date_order.map(|o| view! { <div><dt>{msg("reading.date_order")}</dt><dd data-testid="reading-date-order">{o}</dd></div> })}
                {(reading.pga_duplicates > 0).then(|| view! {
                    <div><dt>{msg("reading.pga")}</dt><dd data-testid="reading-pga">{move || tr!("reading.pga_value", n = format::count(reading.pga_duplicates as u64))}</dd></div>
                })}
                {(!reading.ignored.is_empty()).then(|| view! {
                    <div><dt>{msg("reading.not_read")}</dt><dd data-testid="reading-ignored">{ignored}</dd></div>
                })}
            </dl>
            <div class="table-wrap short">
                <table class="grid" data-testid="reading-columns">
                    <thead><tr><th scope="col">{msg("reading.field")}</th><th scope="col">{msg("reading.column")}</th></tr></thead>
                    <tbody>
                        {reading.fields.into_iter().map(|f| view! {
                            <tr><td>{f.field}</td><td>{f.column}</td></tr>
                        }).collect_view()}
                        {reading.product_from_sku.then(|| view! {
                            <tr><td>"Product"</td><td>{msg("reading.product_from_sku")}</td></tr>
                        })}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

/// Rows loaded and rejected per file, the first rejections, and a download
/// of every rejected row.
#[component]
pub fn ValidationReport() -> impl IntoView {
    let app = use_app();
    view! {
        {move || {
            let reports = app.reports.get();
            (!reports.is_empty()).then(|| view! {
                <section class="validation" data-testid="validation" aria-labelledby="validation-title">
                    <div class="validation-head">
                        <h2 id="validation-title">{msg("validation.title")}</h2>
                        <button class="link" on:click=move |_| app.reports.set(Vec::new())>{msg("validation.dismiss")}</button>
                    </div>
                    {reports.into_iter().map(|r| view! { <FileOutcome report=r/> }).collect_view()}
                </section>
            })
        }}
    }
}

#[component]
fn FileOutcome(report: FileReport) -> impl IntoView {
    let FileReport {
        name,
        outcome,
        header,
    } = report;
    match outcome {
        Err(why) => view! {
            <div class="file-outcome refused" data-file=name.clone()>
                <p role="alert"><strong>{name.clone()}</strong>{move || tr!("validation.refused", why = why.text())}</p>
            </div>
        }
        .into_any(),
        Ok(summary) => {
            let shown: Vec<_> = summary.errors.iter().take(SHOWN_REJECTIONS).cloned().collect();
            let more = summary.errors.len().saturating_sub(SHOWN_REJECTIONS);
            let file = name.clone();
            let rows = summary.clone();
            let download = move |_| {
                let text = export::tables::rejected_rows(&header, &rows);
                download::save_csv(&format!("rejected-rows-{file}"), &text);
            };
            let errors_file = name.clone();
            let all_errors = summary.clone();
            let download_reasons = move |_| {
                let table = export::tables::rejections(&all_errors);
                download::save_csv(&format!("rejections-{errors_file}"), &table.to_csv());
            };
            let file_attr = name.clone();
            // Spec 1.4: the summary says when a file was not UTF-8, and how
            // its slash dates were read.
            let reading = &summary.reading;
            let read_as = matches!(
                reading.encoding,
                ingest::Encoding::Windows1252 | ingest::Encoding::Utf16Le | ingest::Encoding::Utf16Be
            )
            .then(|| tr!("reading.read_as", encoding = reading.encoding.label()));
            let dates_read = reading.date_order.map(|order| {
                let order = t(match order {
                    crate::model::DateOrder::MonthFirst => "reading.month_first",
                    crate::model::DateOrder::DayFirst => "reading.day_first",
                });
                tr!("reading.dates_read", order = order)
            });
            view! {
                <div class="file-outcome" data-file=file_attr>
                    <p>
                        <strong>{name}</strong>
                        <span data-testid="rows-loaded">{let n = summary.loaded; move || format!(" · {}", trn!("source.loaded", n))}</span>
                        <span data-testid="rows-rejected">{let n = summary.rejected; move || format!(" · {}", trn!("source.rejected", n))}</span>
                        {read_as.map(|text| view! { <span data-testid="read-as">{format!(" · {text}")}</span> })}
                        {dates_read.map(|text| view! { <span data-testid="dates-read">{format!(" · {text}")}</span> })}
                    </p>
                    <HowRead reading=summary.reading.clone()/>
                    {(summary.rejected > 0).then(|| view! {
                        <div class="table-tools">
                            <button class="secondary" data-testid="download-rejected" on:click=download>{msg("validation.download_rejected")}</button>
                            <button class="secondary" on:click=download_reasons>{msg("validation.download_reasons")}</button>
                        </div>
                        <div class="table-wrap short">
                            <table class="grid" data-testid="rejections">
                                <thead><tr><th scope="col" class="num">{msg("validation.line")}</th><th scope="col">{msg("validation.column")}</th><th scope="col">{msg("validation.reason")}</th></tr></thead>
                                <tbody>
                                    {shown.into_iter().map(|e| view! {
                                        <tr><td class="num">{e.line}</td><td>{e.column}</td><td class="reason">{let reason = e.reason.clone(); move || crate::i18n::Worded::worded(&reason)}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                        {(more > 0).then(|| view! { <p class="hint">{move || tr!("validation.more", n = format::count(more as u64))}</p> })}
                    })}
                </div>
            }
            .into_any()
        }
    }
}
