//! Report -> ECharts options, as JSON. Pure functions, tested natively.
//!
//! Bars, lines and pies are built with `charming`; what it has no binding
//! for (the geo component, `barGap`, `selected` data items) is added to
//! the JSON it produces. Nothing here needs a JavaScript function, so the
//! options work under a Content-Security-Policy without `unsafe-eval`;
//! where a tooltip needs more than a template, the browser bridge attaches
//! a compiled closure (see `ui::echarts`).
//!
//! The charts are assembled in a [`Figure`], not charming's `Chart`: see
//! there why.
//!
//! The functions here are `#[inline]`: the browser build compiles them in
//! the app crate, at its size-first `opt-level`, instead of with the
//! engine at `opt-level = 3` (building option structs and serialising them
//! is code-heavy and runs once per chart update; see Cargo.toml).

pub mod adoption;
pub mod colours;
mod customers;
mod figure;
pub mod micro;
pub mod retention;
pub mod table;
pub mod theme;
mod tooltip;
pub mod world;

pub use customers::{
    active_trend, adds_churns, distribution, distribution_trend, known_or_unknown, micro_trend,
    products, skus, stack_keys,
};
pub use figure::{
    fit_labels, fit_legend, for_print, legend_entries, legend_lines, print_legend_room, still,
    BUTTON_ROOM, MONTH_AXIS, PRINT_WIDTH, UNDER_AXIS,
};
pub use tooltip::{axis_label, escape_html, fill_template, TooltipItem};

/// One palette for every chart.
pub const PALETTE: [&str; 10] = [
    "#2f5fd0", "#17a2a2", "#e0a100", "#8f5bd6", "#d65b8f", "#4c9e3b", "#c7622a", "#5b7fa6",
    "#b5a33a", "#7b6b5a",
];

pub const NEW: &str = "#2f5fd0";

pub const EXISTING: &str = "#a9bde9";

pub const CHURNED: &str = "#c2352b";

pub const ACTIVE: &str = "#17a2a2";

/// Stacks with more values than this show the largest ones and "Other".
pub const MAX_STACKS: usize = 10;

/// The range slider's distance from the chart's left and right edges.
pub const SLIDER_INSET: i64 = 48;

/// Longest legend entry or category label drawn, in pixels; a longer name
/// is cut with an ellipsis (tooltips and tables show it whole).
pub const LABEL_WIDTH: u32 = 180;

#[cfg(test)]
mod tests {
    use charming::component::{Axis, Legend};
    use charming::element::{AxisType, Tooltip, Trigger};
    use charming::series::{Bar, Line, Pie};
    use serde_json::json;

    use super::figure::*;
    use super::*;
    use crate::metrics::{ActivePoint, AddsChurns, Entry, Point, ProductFigures, TrendMonth};
    use crate::model::Month;

    #[test]
    fn a_legend_too_long_for_a_narrow_chart_is_drawn_whole_over_lines() {
        let month = |m| Month::new(2024, m).unwrap();
        let names = [
            "United States",
            "United Kingdom",
            "Germany",
            "Netherlands",
            "France",
            "Sweden",
            "Canada",
            "Spain",
            "Italy",
            "Belgium",
        ];
        let months: Vec<TrendMonth> = (1..=2)
            .map(|m| TrendMonth {
                month: month(m),
                values: names
                    .iter()
                    .map(|n| Entry {
                        key: n.to_string(),
                        value: 3,
                    })
                    .collect(),
            })
            .collect();
        let wide = distribution_trend(crate::l10n::reference(), &months);
        let mut o = wide.clone();
        fit_labels(&mut o);
        let before = o.clone();
        fit_legend(&mut o, 1200.0);
        assert_eq!(o, before, "a wide chart keeps its one-line legend");
        fit_legend(&mut o, 360.0);
        let lines = legend_lines(&names.map(String::from), 344.0);
        assert!(lines >= 3, "{lines}");
        assert_eq!(o["legend"]["type"], "plain");
        assert_eq!(o["legend"]["bottom"], 0);
        let grid = if o["grid"].is_array() {
            &o["grid"][0]
        } else {
            &o["grid"]
        };
        let old = if before["grid"].is_array() {
            &before["grid"][0]
        } else {
            &before["grid"]
        };
        assert_eq!(
            grid["bottom"].as_u64().unwrap(),
            old["bottom"].as_u64().unwrap() + 22 * u64::from(lines - 1)
        );
        // A legend at the top moves to the bottom with all its lines.
        let entries: Vec<Entry> = names
            .iter()
            .map(|n| Entry {
                key: n.to_string(),
                value: 2,
            })
            .collect();
        let mut bars = distribution(crate::l10n::reference(), &entries);
        fit_labels(&mut bars);
        fit_legend(&mut bars, 360.0);
        assert!(bars["legend"].get("top").is_none());
        assert_eq!(bars["legend"]["type"], "plain");
    }

    #[test]
    fn a_chart_for_an_image_shows_its_legend_whole_and_no_slider() {
        let month = |m| Month::new(2024, m).unwrap();
        let rows: Vec<AddsChurns> = (1..=3)
            .map(|m| AddsChurns {
                month: month(m),
                new: 2,
                existing: 9,
                churned: 1,
            })
            .collect();
        let mut o = adds_churns(crate::l10n::reference(), &rows);
        fit_labels(&mut o);
        for_print(&mut o);
        let legend = if o["legend"].is_array() {
            &o["legend"][0]
        } else {
            &o["legend"]
        };
        assert_eq!(legend["show"], true);
        assert_eq!(legend["type"], "plain", "every entry, no pager");
        assert_eq!(legend["bottom"], 4);
        assert!(legend.get("top").is_none());
        assert_eq!(o["dataZoom"][0]["show"], false);
        // The window stays: only the control is hidden.
        assert_eq!(o["dataZoom"][0]["type"], "slider");
        let grid = if o["grid"].is_array() {
            &o["grid"][0]
        } else {
            &o["grid"]
        };
        assert_eq!(grid["bottom"], json!(print_legend_room(3)));
        assert_eq!(o["animation"], false);

        // The donut gets labels and a legend it does not have on screen.
        let products: Vec<ProductFigures> = ["Azure", "Office 365"]
            .iter()
            .map(|p| ProductFigures {
                product: p.to_string(),
                customers: 5,
                skus: Vec::new(),
            })
            .collect();
        let mut donut = super::products(crate::l10n::reference(), &products, None);
        assert_eq!(donut["series"][0]["label"]["show"], false);
        assert!(donut.get("legend").is_none());
        for_print(&mut donut);
        assert_eq!(donut["series"][0]["label"]["show"], true);
        assert_eq!(donut["series"][0]["label"]["formatter"], "{b}: {d}%");
        assert_eq!(donut["legend"]["show"], true);
        assert_eq!(print_legend_room(13), 20 + 24 * 3);
    }

    #[test]
    fn a_figure_writes_what_charmings_chart_writes() {
        // Every setter and kind of series a Figure has, once with charming's
        // Chart and once with a Figure.
        macro_rules! build {
            ($chart:expr) => {
                $chart
                    .color(palette())
                    .legend(Legend::new().bottom(0))
                    .tooltip(Tooltip::new().trigger(Trigger::Axis).formatter("{b}: {c}"))
                    .grid(slider_grid())
                    .x_axis(month_axis(vec!["Jan 2024".into(), "Feb 2024".into()]))
                    .y_axis(Axis::new().type_(AxisType::Value).min(0))
                    .data_zoom(slider())
                    .series(Bar::new().name("bars").stack("s").data(vec![1, -2]))
                    .series(Line::new().name("line").data(vec![3, 4]))
                    .series(Pie::new().name("pie").data(vec![(5, "a"), (6, "b")]))
            };
        }
        let chart = serde_json::to_value(build!(charming::Chart::new())).unwrap();
        assert_eq!(to_json(build!(Figure::default())), chart);
        assert_eq!(chart["xAxis"]["data"][1], "Feb 2024");
        assert_eq!(chart["series"][2]["type"], "pie");
        // Nothing set, nothing written.
        assert_eq!(to_json(Figure::default()), json!({}));
    }

    #[test]
    fn charts_do_not_move() {
        let mut option = json!({"series": []});
        still(&mut option);
        assert_eq!(option, json!({"series": [], "animation": false}));
    }

    fn month(m: u32) -> Month {
        Month::new(2024, m).unwrap()
    }

    fn entry(key: &str, value: u64) -> Entry {
        Entry {
            key: key.into(),
            value,
        }
    }

    #[test]
    fn adds_and_churns_stack_churned_below_zero() {
        let rows = [
            AddsChurns {
                month: month(1),
                new: 0,
                existing: 10,
                churned: 0,
            },
            AddsChurns {
                month: month(2),
                new: 3,
                existing: 9,
                churned: 1,
            },
        ];
        let o = adds_churns(crate::l10n::reference(), &rows);
        assert_eq!(o["xAxis"]["data"], json!(["Jan 2024", "Feb 2024"]));
        let names: Vec<&str> = o["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["New", "Existing", "Churned"]);
        assert_eq!(o["series"][0]["data"], json!([0, 3]));
        assert_eq!(o["series"][1]["data"], json!([10, 9]));
        assert_eq!(o["series"][2]["data"], json!([0, -1]));
        assert!(o["series"]
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["stack"] == "customers" && s["type"] == "bar"));
        assert_eq!(o["tooltip"]["trigger"], "axis");
        assert_eq!(o["dataZoom"][0]["type"], "slider");
    }

    #[test]
    fn distribution_has_one_series_per_value_in_its_own_slot() {
        let o = distribution(
            crate::l10n::reference(),
            &[entry("CSP direct", 5), entry("EA", 2)],
        );
        assert_eq!(o["yAxis"]["data"], json!(["CSP direct", "EA"]));
        assert_eq!(o["series"][0]["name"], "CSP direct");
        assert_eq!(o["series"][0]["data"], json!([5, null]));
        assert_eq!(o["series"][1]["data"], json!([null, 2]));
        assert_eq!(o["series"][1]["barGap"], "-100%");
    }

    #[test]
    fn products_mark_the_selected_one() {
        let p = |name: &str, customers: u64| ProductFigures {
            product: name.into(),
            customers,
            skus: vec![entry("A", customers)],
        };
        let o = products(
            crate::l10n::reference(),
            &[p("Azure", 4), p("Office 365", 3)],
            Some("Office 365"),
        );
        assert_eq!(
            o["series"][0]["data"],
            json!([{"value": 4, "name": "Azure"}, {"value": 3, "name": "Office 365", "selected": true}])
        );
        assert_eq!(o["series"][0]["selectedMode"], "single");
        let s = skus(&p("Azure", 4), PALETTE[0]);
        assert_eq!(s["yAxis"]["data"], json!(["A"]));
        assert_eq!(s["series"][0]["data"], json!([4]));
    }

    #[test]
    fn trends_keep_the_largest_stacks_and_sum_the_rest() {
        let months: Vec<TrendMonth> = (1..=2)
            .map(|m| TrendMonth {
                month: month(m),
                values: (0..12)
                    .map(|i| entry(&format!("k{i:02}"), 100 - i))
                    .collect(),
            })
            .collect();
        let (keys, other) = stack_keys(&months);
        assert_eq!(keys.len(), MAX_STACKS - 1);
        assert_eq!(keys[0], "k00");
        assert!(other);
        let o = distribution_trend(crate::l10n::reference(), &months);
        let series = o["series"].as_array().unwrap();
        assert_eq!(series.len(), MAX_STACKS);
        assert_eq!(series[MAX_STACKS - 1]["name"], "Other");
        // k09 + k10 + k11 = 91 + 90 + 89.
        assert_eq!(series[MAX_STACKS - 1]["data"], json!([270, 270]));
        assert_eq!(series[0]["data"], json!([100, 100]));
    }

    #[test]
    fn active_trend_is_columns_and_a_line() {
        let o = active_trend(
            crate::l10n::reference(),
            &[ActivePoint {
                month: month(1),
                active: Some(3),
                customers: 5,
            }],
        );
        assert_eq!(o["series"][0]["type"], "bar");
        assert_eq!(o["series"][0]["data"], json!([3]));
        assert_eq!(o["series"][1]["type"], "line");
        assert_eq!(o["series"][1]["data"], json!([5]));
    }

    #[test]
    fn tooltip_templates_and_axis_labels_follow_the_language() {
        let item = TooltipItem {
            series: "<b>".into(),
            name: "Office 365".into(),
            value: Some(1234.5),
            percent: Some(12.25),
        };
        let pie = "{b}: {c} ({d}%)";
        let en = crate::l10n::reference();
        assert_eq!(fill_template(en, pie, &item), "Office 365: 1,234.5 (12.3%)");
        assert_eq!(fill_template(en, "{a}: {c}%", &item), "&lt;b&gt;: 1,234.5%");
        assert_eq!(axis_label(en, Some("{value}%"), 40.0), "40%");
        assert_eq!(axis_label(en, None, 12000.0), "12,000");
        let fr = crate::l10n::find("fr").unwrap();
        assert_eq!(
            fill_template(fr, pie, &item),
            "Office 365: 1\u{202f}234,5 (12,3\u{a0}%)"
        );
        assert_eq!(axis_label(fr, Some("{value}%"), 40.0), "40\u{a0}%");
        assert_eq!(axis_label(fr, None, 12000.5), "12\u{202f}000,5");
    }

    #[test]
    fn long_names_are_cut_in_legends_and_category_axes() {
        let long = "x".repeat(3000);
        let mut o = distribution(crate::l10n::reference(), &[entry(&long, 3), entry("b", 1)]);
        fit_labels(&mut o);
        assert_eq!(o["legend"]["textStyle"]["overflow"], "truncate");
        assert_eq!(o["legend"]["textStyle"]["width"], LABEL_WIDTH);
        let category = if o["yAxis"]["type"] == "category" {
            &o["yAxis"]
        } else {
            &o["xAxis"]
        };
        assert_eq!(category["axisLabel"]["overflow"], "truncate");
        // The name itself is kept whole for tooltips.
        assert!(o.to_string().contains(&long));
    }

    #[test]
    fn count_axes_tick_whole_numbers() {
        // One customer: ECharts alone would tick 0, 0.2, ... 1.
        let o = distribution(crate::l10n::reference(), &[entry("a", 1)]);
        assert_eq!(o["xAxis"]["type"], "value");
        assert_eq!(o["xAxis"]["minInterval"], 1.0);
        let o = adds_churns(crate::l10n::reference(), &[]);
        assert_eq!(o["yAxis"]["minInterval"], 1.0);
        let o = distribution_trend(crate::l10n::reference(), &[]);
        assert_eq!(o["yAxis"]["minInterval"], 1.0);
        let o = active_trend(crate::l10n::reference(), &[]);
        assert_eq!(o["yAxis"]["minInterval"], 1.0);
    }

    #[test]
    fn labels_fit_a_narrow_chart() {
        // A legend at the top: one paging line, clear of the PNG button.
        let mut o = distribution(crate::l10n::reference(), &[entry("a", 3), entry("b", 1)]);
        fit_labels(&mut o);
        assert_eq!(o["legend"]["type"], "scroll");
        assert_eq!(o["legend"]["padding"], json!([5, BUTTON_ROOM]));
        // The count axis leaves out labels that would touch.
        assert_eq!(o["xAxis"]["type"], "value");
        assert_eq!(o["xAxis"]["axisLabel"]["hideOverlap"], true);
        assert!(o["yAxis"]["axisLabel"].get("hideOverlap").is_none());

        // Category labels beside the axis keep ECharts' distance.
        assert!(o["yAxis"]["axisLabel"].get("margin").is_none());

        // A legend at the bottom pages too, with ECharts' own padding; what a
        // chart sets itself stays. Months under the axis keep clear of the
        // value axis' lowest label.
        let mut o = json!({
            "legend": {"bottom": 0},
            "xAxis": {"type": "category", "data": []},
            "yAxis": [{"type": "value", "axisLabel": {"formatter": "{value}%"}}, {"type": "value", "axisLabel": {"hideOverlap": false}}],
        });
        fit_labels(&mut o);
        assert_eq!(o["legend"]["type"], "scroll");
        assert!(o["legend"].get("padding").is_none());
        assert_eq!(o["xAxis"]["axisLabel"]["margin"], UNDER_AXIS);
        assert_eq!(
            o["yAxis"][0]["axisLabel"],
            json!({"formatter": "{value}%", "hideOverlap": true})
        );
        assert_eq!(o["yAxis"][1]["axisLabel"]["hideOverlap"], false);
        let mut plain = json!({"legend": {"type": "plain", "top": 0, "padding": 2}});
        fit_labels(&mut plain);
        assert_eq!(
            plain["legend"],
            json!({"type": "plain", "top": 0, "padding": 2, "textStyle": {"width": LABEL_WIDTH, "overflow": "truncate"}})
        );
    }

    #[test]
    fn micro_trend_has_a_month_value_tooltip() {
        let fr = crate::l10n::find("fr").unwrap();
        let o = micro_trend(
            fr,
            "Clients",
            &[Point {
                month: month(1),
                value: Some(7),
            }],
            NEW,
        );
        assert_eq!(o["tooltip"]["formatter"], "{b}: {c}");
        assert_eq!(o["series"][0]["data"], json!([7]));
        // Its table is headed by the month and the figure's name.
        assert_eq!(table::of(fr, &o).headers, ["Mois", "Clients"]);
    }

    #[test]
    fn a_micro_chart_is_drawn_by_hand_from_its_option() {
        let fr = crate::l10n::find("fr").unwrap();
        let point = |m, value| Point {
            month: month(m),
            value,
        };
        let o = micro_trend(
            fr,
            "Clients",
            &[point(1, Some(5)), point(2, None), point(3, Some(10))],
            NEW,
        );
        let shape = micro::micro(fr, &o);
        assert_eq!(shape.months.len(), 3);
        // The highest value fills the box but for the room above it; the
        // unknown month has no column at all, and says so when hovered.
        assert_eq!(shape.months[2].column, Some((80.0, 920.0)));
        assert_eq!(shape.months[0].column, Some((540.0, 460.0)));
        assert_eq!(shape.months[1].column, None);
        assert_eq!(shape.months[1].title_html, "févr. 2024: non disponible");
        assert_eq!(shape.months[2].title_html, "mars 2024: 10");
        assert!((shape.months[1].x - 1000.0 / 3.0).abs() < 1e-9);
        let svg = shape.svg();
        assert_eq!(svg.matches("<path").count(), 2);
        assert!(svg.contains(&format!(r#"fill="{NEW}""#)));
        assert!(svg.contains("<title>mars 2024: 10</title>"));
        // Its table, for screen readers, in one piece.
        assert_eq!(
            table::of(fr, &o).html("Clients <mois>"),
            "<table class=\"grid compact\"><caption>Clients &lt;mois&gt;</caption><thead><tr>\
             <th scope=\"col\">Mois</th><th scope=\"col\">Clients</th></tr></thead><tbody>\
             <tr><th scope=\"row\">janv. 2024</th><td class=\"num\">5</td></tr>\
             <tr><th scope=\"row\">févr. 2024</th><td class=\"num\">non disponible</td></tr>\
             <tr><th scope=\"row\">mars 2024</th><td class=\"num\">10</td></tr></tbody></table>"
        );

        // Percentages are a line, broken where a value is unknown; a value
        // alone is a dot.
        let en = crate::l10n::reference();
        let months = [month(1), month(2), month(3), month(4)];
        let line = adoption::micro(
            en,
            &months,
            &[Some(50.0), Some(100.0), None, Some(25.0)],
            NEW,
            true,
        );
        let shape = micro::micro(en, &line);
        assert!(shape.months.iter().all(|m| m.column.is_none()));
        assert_eq!(shape.line.as_deref(), Some("M125 540L375 80M875 770h0"));
        assert_eq!(shape.months[0].title_html, "Jan 2024: 50%");
    }

    #[test]
    fn unknown_figures_are_no_bars_and_read_not_available_in_tables() {
        let unknown = |m| Point {
            month: month(m),
            value: None,
        };
        let o = micro_trend(
            crate::l10n::reference(),
            "Customers",
            &[unknown(1), unknown(2)],
            NEW,
        );
        assert_eq!(
            o["series"][0]["data"],
            json!([{"value": null, "unknown": true}, {"value": null, "unknown": true}])
        );
        let trend = active_trend(
            crate::l10n::reference(),
            &[ActivePoint {
                month: month(1),
                active: None,
                customers: 4,
            }],
        );
        let rows = table::of(crate::l10n::reference(), &trend).rows;
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0][1], "not available");
        assert_eq!(rows[0][2], "4");
    }
}
