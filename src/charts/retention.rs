//! Retention by cohort (spec 5.2): the cohort triangle as a heatmap, and
//! the average retention curve.

use serde_json::{json, Value};

use crate::l10n::Locale;
use crate::metrics::Cohort;

use super::NEW;

/// The colours of 0 % and 100 % retention.
pub const SCALE: [&str; 2] = ["#e8eefb", "#1f4fb8"];

/// Retention % rounded to one decimal, as charts draw it.
#[inline]
fn one_decimal(p: Option<f64>) -> Value {
    p.map_or(Value::Null, |p| json!((p * 10.0).round() / 10.0))
}

/// The cohort triangle: a row per cohort month (oldest on top, named with
/// its size), a column per month since joining, each cell its retention %
/// with the retained count beside it for the tooltip.
#[inline]
pub fn retention(l: &Locale, cohorts: &[Cohort]) -> Value {
    let width = cohorts.iter().map(|c| c.retained.len()).max().unwrap_or(0);
    let columns: Vec<String> = (0..width).map(|k| l.count(k as u64)).collect();
    let rows: Vec<String> = cohorts
        .iter()
        .map(|c| {
            crate::tr!(
                l,
                "retention.cohort_row",
                month = l.month(c.cohort),
                size = l.count(c.size)
            )
        })
        .collect();
    let data: Vec<Value> = cohorts
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            c.retained.iter().enumerate().map(move |(k, kept)| {
                json!({"value": [k, i, one_decimal(c.pct(k))], "retained": kept, "size": c.size,
                       "cohort": i})
            })
        })
        .collect();
    json!({
        "tooltip": {"trigger": "item"},
        "grid": {"left": 8, "right": 16, "top": 28, "bottom": 56, "containLabel": true},
        "xAxis": {"type": "category", "data": columns, "name": l.text("retention.months_since"),
                  "nameLocation": "middle", "nameGap": 26},
        "yAxis": {"type": "category", "data": rows, "inverse": true},
        "visualMap": {"min": 0, "max": 100, "calculable": false, "orient": "horizontal",
                      "left": "center", "bottom": 0, "itemHeight": 160, "itemWidth": 10,
                      "text": [l.percent_of("100"), l.percent_of("0")],
                      "inRange": {"color": SCALE}},
        "series": [{"type": "heatmap", "name": l.text("retention.retained_pct"), "data": data,
                    "emphasis": {"itemStyle": {"borderColor": "#333", "borderWidth": 1}}}],
        // The table reads a cohort per row, a month since joining per column.
        "valueName": l.text("retention.cohort"),
    })
}

/// The average retention k months after joining, over the cohorts followed
/// that long, each weighted by its size: retained over joined.
#[inline]
pub fn average_curve(cohorts: &[Cohort]) -> Vec<Option<f64>> {
    let width = cohorts.iter().map(|c| c.retained.len()).max().unwrap_or(0);
    (0..width)
        .map(|k| {
            let (kept, size) = cohorts
                .iter()
                .filter_map(|c| c.retained.get(k).map(|kept| (kept, c.size)))
                .fold((0u64, 0u64), |(a, b), (kept, size)| (a + kept, b + size));
            crate::metrics::pct(kept, size)
        })
        .collect()
}

/// [`average_curve`] as a line over the months since joining.
#[inline]
pub fn retention_curve(l: &Locale, cohorts: &[Cohort]) -> Value {
    let curve = average_curve(cohorts);
    let columns: Vec<String> = (0..curve.len()).map(|k| l.count(k as u64)).collect();
    json!({
        "tooltip": {"trigger": "axis"},
        "legend": {"bottom": 0},
        "grid": {"left": 8, "right": 16, "top": 28, "bottom": 56, "containLabel": true},
        "xAxis": {"type": "category", "data": columns, "name": l.text("retention.months_since"),
                  "nameLocation": "middle", "nameGap": 26},
        "yAxis": {"type": "value", "min": 0, "max": 100, "axisLabel": {"formatter": "{value}%"}},
        "series": [{"type": "line", "name": l.text("retention.average"), "itemStyle": {"color": NEW},
                    "symbolSize": 6, "data": curve.into_iter().map(one_decimal).collect::<Vec<_>>()}],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Month;

    fn cohort(month: u32, retained: &[u64]) -> Cohort {
        Cohort {
            cohort: Month::new(2024, month).unwrap(),
            size: retained[0],
            retained: retained.to_vec(),
        }
    }

    #[test]
    fn the_triangle_and_the_curve_weigh_each_cohort_by_its_size() {
        let cohorts = [
            cohort(1, &[10, 8, 5]),
            cohort(2, &[30, 15]),
            cohort(3, &[4]),
        ];
        let l = crate::l10n::reference();
        let o = retention(l, &cohorts);
        assert_eq!(
            o["yAxis"]["data"],
            json!(["Jan 2024 (10)", "Feb 2024 (30)", "Mar 2024 (4)"])
        );
        assert_eq!(o["xAxis"]["data"], json!(["0", "1", "2"]));
        let data = o["series"][0]["data"].as_array().unwrap();
        assert_eq!(data.len(), 3 + 2 + 1, "a triangle");
        assert_eq!(
            data[1],
            json!({"value": [1, 0, 80.0], "retained": 8, "size": 10, "cohort": 0})
        );
        assert_eq!(data[4]["value"], json!([1, 1, 50.0]));
        // Month 1: (8 + 15) of (10 + 30); month 2: the January cohort alone.
        let curve: Vec<f64> = average_curve(&cohorts)
            .into_iter()
            .map(|p| p.unwrap())
            .collect();
        assert!(
            curve
                .iter()
                .zip([100.0, 57.5, 50.0])
                .all(|(a, b)| (a - b).abs() < 1e-9),
            "{curve:?}"
        );
        let curve = retention_curve(l, &cohorts);
        assert_eq!(curve["series"][0]["data"], json!([100.0, 57.5, 50.0]));
        // Its table: a cohort per row, a month since joining per column.
        let table = super::super::table::of(l, &o);
        assert_eq!(table.headers, ["Cohort", "0", "1", "2"]);
        assert_eq!(table.rows[0], ["Jan 2024 (10)", "100.0%", "80.0%", "50.0%"]);
        assert_eq!(table.rows[2], ["Mar 2024 (4)", "100.0%", "", ""]);
        assert_eq!(average_curve(&[]), Vec::<Option<f64>>::new());
    }
}
