//! Every chart as a table: the text alternative shown under "View as table"
//! (and read by assistive technology), taken from the chart's own options so
//! it always holds exactly what is drawn.

use serde_json::Value;

use crate::l10n::Locale;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as HTML markup (`table.grid.compact`, headed by `caption`),
    /// every text escaped: for a table made in one piece.
    #[inline]
    pub fn html(&self, caption: &str) -> String {
        use super::escape_html as e;
        let mut out = format!(
            r#"<table class="grid compact"><caption>{}</caption><thead><tr>"#,
            e(caption)
        );
        for h in &self.headers {
            out.push_str(&format!(r#"<th scope="col">{}</th>"#, e(h)));
        }
        out.push_str("</tr></thead><tbody>");
        for row in &self.rows {
            let mut cells = row.iter();
            out.push_str(&format!(
                r#"<tr><th scope="row">{}</th>"#,
                e(cells.next().map_or("", String::as_str))
            ));
            for c in cells {
                out.push_str(&format!(r#"<td class="num">{}</td>"#, e(c)));
            }
            out.push_str("</tr>");
        }
        out.push_str("</tbody></table>");
        out
    }
}

#[inline]
fn cell(l: &Locale, value: &Value) -> String {
    // A figure the data cannot tell (spec 1.4), see [`super::unknown`].
    if value["unknown"] == true {
        return l.text("figure.not_available").to_string();
    }
    let number = match value {
        Value::Object(o) => o.get("value").map(|v| cell_number(l, v)).unwrap_or(None),
        other => cell_number(l, other),
    };
    number.unwrap_or_default()
}

#[inline]
fn cell_number(l: &Locale, value: &Value) -> Option<String> {
    match value {
        Value::Number(n) => n.as_f64().map(|v| {
            if v.fract() == 0.0 && v.abs() < 1e15 {
                let text = l.count(v.abs() as u64);
                if v < 0.0 {
                    format!("−{text}")
                } else {
                    text
                }
            } else {
                l.number(v, 1)
            }
        }),
        // A point on a map: [longitude, latitude, value].
        Value::Array(items) => items.last().and_then(|v| cell_number(l, v)),
        _ => None,
    }
}

#[inline]
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(o) => o.get("value").map(text).unwrap_or_default(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// The category labels of the chart's category axis, and whether they are months.
#[inline]
fn categories(option: &Value) -> Option<(Vec<String>, bool)> {
    for axis in ["xAxis", "yAxis"] {
        let axes = match &option[axis] {
            Value::Array(items) => items.clone(),
            item @ Value::Object(_) => vec![item.clone()],
            _ => continue,
        };
        if let Some(category) = axes.iter().find(|a| a["type"] == "category") {
            let labels: Vec<String> = category["data"].as_array()?.iter().map(text).collect();
            let months = category["id"] == super::MONTH_AXIS
                || labels
                    .iter()
                    .all(|l| crate::model::Month::parse(l).is_some());
            return Some((labels, months));
        }
    }
    None
}

/// The table of a chart option: one row per category (month, name) with a
/// column per series, or one row per named item for pies and maps.
#[inline]
pub fn of(l: &Locale, option: &Value) -> Table {
    let series = option["series"].as_array().cloned().unwrap_or_default();
    if series.first().is_some_and(|s| s["type"] == "heatmap") {
        return heatmap(l, option, &series[0]);
    }
    if let Some((labels, months)) = categories(option) {
        let first = l
            .text(if months { "table.month" } else { "table.name" })
            .to_string();
        let rows: Vec<Vec<String>> = labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut row = vec![label.clone()];
                row.extend(
                    series
                        .iter()
                        .map(|s| s["data"].get(i).map(|v| cell(l, v)).unwrap_or_default()),
                );
                row
            })
            // Rows of nothing but gaps say nothing.
            .filter(|row| row[1..].iter().any(|c| !c.is_empty()))
            .collect();
        // A series per category, each with its one bar (the distribution,
        // coloured and toggled per value): one column of values, not a
        // diagonal of them.
        let one_each = series.len() > 1
            && rows
                .iter()
                .all(|row| row[1..].iter().filter(|c| !c.is_empty()).count() == 1);
        if one_each {
            let value = option["valueName"]
                .as_str()
                .unwrap_or_else(|| l.text("table.value"));
            let rows = rows
                .into_iter()
                .map(|row| {
                    let value = row[1..].iter().find(|c| !c.is_empty()).cloned();
                    vec![row[0].clone(), value.unwrap_or_default()]
                })
                .collect();
            return Table {
                headers: vec![first, value.to_string()],
                rows,
            };
        }
        let mut headers = vec![first];
        headers.extend(series.iter().map(|s| text(&s["name"])));
        return Table { headers, rows };
    }
    // Pies and maps: named items.
    let Some(first) = series.first() else {
        return Table::default();
    };
    let headers = vec![l.text("table.name").to_string(), text(&first["name"])];
    let rows = series
        .iter()
        .filter(|s| s["type"] != "scatter")
        .flat_map(|s| s["data"].as_array().cloned().unwrap_or_default())
        // A map's items are named by code; `title` is the country's name.
        .map(|item| {
            let name = item.get("title").unwrap_or(&item["name"]);
            vec![text(name), cell(l, &item)]
        })
        .collect();
    Table { headers, rows }
}

/// A heatmap's table: a row per y category, a column per x category, each
/// cell the value drawn there (a percentage, one decimal).
#[inline]
fn heatmap(l: &Locale, option: &Value, series: &Value) -> Table {
    let labels = |axis: &str| -> Vec<String> {
        option[axis]["data"]
            .as_array()
            .map(|d| d.iter().map(text).collect())
            .unwrap_or_default()
    };
    let (columns, rows) = (labels("xAxis"), labels("yAxis"));
    let mut cells = vec![vec![String::new(); columns.len()]; rows.len()];
    for item in series["data"].as_array().into_iter().flatten() {
        let value = item.get("value").unwrap_or(item);
        let (Some(x), Some(y)) = (value[0].as_u64(), value[1].as_u64()) else {
            continue;
        };
        if let Some(cell) = cells
            .get_mut(y as usize)
            .and_then(|r| r.get_mut(x as usize))
        {
            *cell = value[2]
                .as_f64()
                .map(|v| l.percent(Some(v)))
                .unwrap_or_default();
        }
    }
    let first = option["valueName"]
        .as_str()
        .unwrap_or_else(|| l.text("table.name"))
        .to_string();
    Table {
        headers: std::iter::once(first).chain(columns).collect(),
        rows: rows
            .into_iter()
            .zip(cells)
            .map(|(label, row)| std::iter::once(label).chain(row).collect())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_month_chart_has_a_row_per_month_and_a_column_per_series() {
        let o = json!({
            "xAxis": {"type": "category", "data": ["2026-01", "2026-02"]},
            "yAxis": {"type": "value"},
            "series": [
                {"name": "New", "type": "bar", "data": [3, 1200]},
                {"name": "Churned", "type": "bar", "data": [-2, {"value": -5}]}
            ]
        });
        let t = of(crate::l10n::reference(), &o);
        assert_eq!(t.headers, ["Month", "New", "Churned"]);
        assert_eq!(t.rows, [["2026-01", "3", "−2"], ["2026-02", "1,200", "−5"]]);
    }

    #[test]
    fn a_bar_chart_on_the_y_axis_and_gaps() {
        let o = json!({
            "xAxis": {"type": "value"},
            "yAxis": [{"type": "category", "data": ["Amsterdam", "Paris", "Empty"]}],
            "series": [
                {"name": "Amsterdam", "data": [616, null, null]},
                {"name": "Paris", "data": [null, 291, null]}
            ]
        });
        let t = of(crate::l10n::reference(), &o);
        // One bar per series (the distribution): a name and a value a row.
        assert_eq!(t.headers, ["Name", "Value"]);
        assert_eq!(t.rows, [["Amsterdam", "616"], ["Paris", "291"]]);
        let mut named = o.clone();
        named["valueName"] = json!("Customers");
        assert_eq!(
            of(crate::l10n::reference(), &named).headers,
            ["Name", "Customers"]
        );
    }

    #[test]
    fn pies_and_maps_list_their_items() {
        let pie = json!({"series": [{"type": "pie", "name": "Customers", "data": [{"name": "Azure", "value": 531}]}]});
        assert_eq!(
            of(crate::l10n::reference(), &pie),
            Table {
                headers: vec!["Name".into(), "Customers".into()],
                rows: vec![vec!["Azure".into(), "531".into()]]
            }
        );
        let map = json!({"series": [
            {"type": "map", "name": "Customers", "data": [{"name": "US", "title": "United States", "value": 204}]},
            {"type": "scatter", "name": "Customers", "data": [{"name": "SG", "value": [103.8, 1.3, 17]}]}
        ]});
        assert_eq!(
            of(crate::l10n::reference(), &map).rows,
            [["United States", "204"]]
        );
    }

    #[test]
    fn percentages_keep_a_decimal() {
        let o = json!({"xAxis": {"type": "category", "data": ["2026-01"]}, "series": [{"name": "Usage", "data": [57.24]}]});
        assert_eq!(of(crate::l10n::reference(), &o).rows, [["2026-01", "57.2"]]);
    }
}
