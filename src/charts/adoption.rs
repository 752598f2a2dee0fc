//! Charts of license deployment and usage.

use serde_json::{json, Value};

use crate::l10n::Locale;
use crate::metrics::{SeatFigures, Thresholds};
use crate::model::Month;

use super::{ACTIVE, MONTH_AXIS, NEW};

#[inline]
fn month_labels(l: &Locale, months: &[Month]) -> Vec<String> {
    months.iter().map(|m| l.month(*m)).collect()
}

/// Rounded to one decimal, as the dashboard shows percentages.
#[inline]
fn one_decimal(p: Option<f64>) -> Value {
    p.map_or(Value::Null, |p| json!((p * 10.0).round() / 10.0))
}

/// A small trend for a tile: columns for counts, a line for percentages.
#[inline]
pub fn micro(
    l: &Locale,
    months: &[Month],
    values: &[Option<f64>],
    color: &str,
    percent: bool,
) -> Value {
    let data: Vec<Value> = values
        .iter()
        .map(|v| {
            if percent {
                one_decimal(*v)
            } else {
                v.map_or(Value::Null, |v| json!(v))
            }
        })
        .collect();
    json!({
        "animation": false,
        "grid": {"left": 2, "right": 2, "top": 4, "bottom": 2},
        "tooltip": {"trigger": "axis", "formatter": if percent { "{b}: {c}%" } else { "{b}: {c}" }},
        "xAxis": {"id": MONTH_AXIS, "type": "category", "show": false, "data": month_labels(l, months)},
        "yAxis": {"type": "value", "show": false, "min": 0},
        "series": [if percent {
            json!({"type": "line", "name": l.text("chart.value"), "data": data, "symbolSize": 3, "itemStyle": {"color": color}, "lineStyle": {"width": 2}})
        } else {
            json!({"type": "bar", "name": l.text("chart.value"), "data": data, "itemStyle": {"color": color}})
        }]
    })
}

/// The margin right of the plot where the thresholds' labels sit, in
/// pixels ("100.5 %" at 12 px).
pub const THRESHOLD_ROOM: u32 = 52;

/// Deployment % and usage % over the months, with the low-adoption
/// thresholds as dashed lines.
#[inline]
pub fn deployment_and_usage(
    l: &Locale,
    months: &[Month],
    trend: &[SeatFigures],
    thresholds: Thresholds,
) -> Value {
    // Each threshold's label sits past the end of its line, in the margin
    // right of the plot where no line or marker is drawn, and on the side
    // of its line away from the other threshold (deployment's above when
    // they are equal), so the two labels never overlap each other either,
    // however close the thresholds or small the chart.
    let line = |name: &str, color: &str, values: Vec<Value>, threshold: f64, above: bool| {
        let align = if above { "bottom" } else { "top" };
        json!({
            "type": "line", "name": name, "data": values, "itemStyle": {"color": color}, "symbolSize": 6,
            "markLine": {"silent": true, "symbol": "none", "lineStyle": {"type": "dashed", "color": color},
                         "label": {"position": "end", "verticalAlign": align, "distance": 4, "color": color,
                                   "formatter": l.percent_of(&l.number(threshold, 1))},
                         "data": [{"yAxis": threshold}]}
        })
    };
    let deployment_above = thresholds.deployment_pct >= thresholds.usage_pct;
    // The axis reaches the thresholds, so their lines always show.
    let highest = trend
        .iter()
        .flat_map(|f| [f.deployment_pct, f.usage_pct])
        .flatten()
        .chain([thresholds.deployment_pct, thresholds.usage_pct, 100.0])
        .fold(0.0_f64, f64::max);
    let max = (highest / 20.0).ceil() * 20.0;
    json!({
        "legend": {"bottom": 0},
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 8, "right": THRESHOLD_ROOM, "top": 24, "bottom": 36, "containLabel": true},
        "xAxis": {"id": MONTH_AXIS, "type": "category", "data": month_labels(l, months)},
        "yAxis": {"type": "value", "min": 0, "max": max, "axisLabel": {"formatter": "{value}%"}},
        "series": [
            line(l.text("adoption.deployment_pct"), NEW, trend.iter().map(|f| one_decimal(f.deployment_pct)).collect(), thresholds.deployment_pct, deployment_above),
            line(l.text("adoption.usage_pct"), ACTIVE, trend.iter().map(|f| one_decimal(f.usage_pct)).collect(), thresholds.usage_pct, !deployment_above),
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(deployment: Option<f64>, usage: Option<f64>) -> SeatFigures {
        SeatFigures {
            entitlements: Some(0),
            assigned: Some(0),
            active_users: Some(0),
            deployment_pct: deployment,
            usage_pct: usage,
        }
    }

    #[test]
    fn percentages_are_rounded_and_thresholds_drawn() {
        let months = [Month::new(2024, 1).unwrap(), Month::new(2024, 2).unwrap()];
        let en = crate::l10n::reference();
        let o = deployment_and_usage(
            en,
            &months,
            &[
                figures(Some(85.714), None),
                figures(Some(40.0), Some(143.75)),
            ],
            Thresholds::default(),
        );
        assert_eq!(o["series"][0]["data"], json!([85.7, 40.0]));
        assert_eq!(o["series"][1]["data"], json!([null, 143.8]));
        assert_eq!(o["series"][0]["markLine"]["data"][0]["yAxis"], 60.0);
        assert_eq!(o["series"][1]["markLine"]["data"][0]["yAxis"], 50.0);
        // 143.8 % rounds the axis up to 160 %; thresholds and 100 % always fit.
        assert_eq!(o["yAxis"]["max"], 160.0);
        let low = deployment_and_usage(
            en,
            &months,
            &[figures(Some(10.0), Some(5.0))],
            Thresholds::default(),
        );
        assert_eq!(low["yAxis"]["max"], 100.0);
        let m = micro(en, &months, &[Some(1.0), None], NEW, true);
        assert_eq!(m["series"][0]["type"], "line");
        assert_eq!(m["tooltip"]["formatter"], "{b}: {c}%");
    }

    #[test]
    fn threshold_labels_sit_on_the_far_sides_of_their_lines() {
        let months = [Month::new(2024, 1).unwrap()];
        let trend = [figures(Some(70.0), Some(60.0))];
        let positions = |deployment_pct, usage_pct| {
            let o = deployment_and_usage(
                crate::l10n::reference(),
                &months,
                &trend,
                Thresholds {
                    deployment_pct,
                    usage_pct,
                },
            );
            // Past the line's end, in the margin kept for them.
            assert_eq!(o["grid"]["right"], THRESHOLD_ROOM);
            [0, 1].map(|i| {
                let label = &o["series"][i]["markLine"]["label"];
                assert_eq!(label["position"], "end");
                label["verticalAlign"].as_str().unwrap().to_string()
            })
        };
        // The default: deployment's 60 % above usage's 50 %.
        assert_eq!(positions(60.0, 50.0), ["bottom", "top"]);
        assert_eq!(positions(40.0, 45.0), ["top", "bottom"]);
        assert_eq!(positions(50.0, 50.0), ["bottom", "top"]);
    }
}
