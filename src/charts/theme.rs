//! Light and dark: the same chart options, recoloured for a dark page.
//!
//! Options are built for the light page; [`apply`] rewrites the few colours
//! that sit on the background (text, axes, grid lines, legends, tooltips,
//! the map's land) so a dark page gets charts that read on it. Series
//! colours stay: the palette reads on both.

use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    #[inline]
    pub fn key(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    #[inline]
    pub fn parse(text: &str) -> Option<Theme> {
        match text {
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }
}

/// The dark page's colours (the same values as `style/main.css`).
const TEXT: &str = "#e6e8eb";
const MUTED: &str = "#9aa3ad";
const LINE: &str = "#2e333b";
const PANEL: &str = "#1b1e24";
const LAND: &str = "#2a2f37";

/// Sets `value[key]` to an object holding `entries`, keeping what is there.
#[inline]
fn set(value: &mut Value, path: &[&str], entries: Value) {
    let Some(mut target) = value.as_object_mut() else {
        return;
    };
    for key in path {
        let next = target.entry(key.to_string()).or_insert_with(|| json!({}));
        let Some(next) = next.as_object_mut() else {
            return;
        };
        target = next;
    }
    if let Value::Object(entries) = entries {
        for (k, v) in entries {
            target.insert(k, v);
        }
    }
}

/// Applies `f` to `option[key]`, or to each of its items when it is a list.
#[inline]
fn each(option: &mut Value, key: &str, mut f: impl FnMut(&mut Value)) {
    match option.get_mut(key) {
        Some(Value::Array(items)) => items.iter_mut().for_each(&mut f),
        Some(item @ Value::Object(_)) => f(item),
        _ => {}
    }
}

#[inline]
pub fn apply(option: &mut Value, theme: Theme) {
    if theme == Theme::Light || !option.is_object() {
        return;
    }
    set(option, &[], json!({"backgroundColor": "transparent"}));
    set(option, &["textStyle"], json!({"color": TEXT}));
    for axis in ["xAxis", "yAxis"] {
        each(option, axis, |a| {
            set(a, &["axisLabel"], json!({"color": MUTED}));
            set(a, &["axisLine", "lineStyle"], json!({"color": LINE}));
            set(a, &["axisTick", "lineStyle"], json!({"color": LINE}));
            set(a, &["splitLine", "lineStyle"], json!({"color": LINE}));
            set(a, &["nameTextStyle"], json!({"color": MUTED}));
        });
    }
    each(option, "legend", |l| {
        set(l, &["textStyle"], json!({"color": TEXT}));
        set(l, &[], json!({"inactiveColor": "#5b6470"}));
        set(l, &["pageTextStyle"], json!({"color": MUTED}));
    });
    each(option, "tooltip", |t| {
        set(
            t,
            &[],
            json!({"backgroundColor": PANEL, "borderColor": LINE}),
        );
        set(t, &["textStyle"], json!({"color": TEXT}));
    });
    each(option, "dataZoom", |z| {
        set(
            z,
            &[],
            json!({"borderColor": LINE, "fillerColor": "rgba(122, 162, 247, 0.2)"}),
        );
        set(z, &["textStyle"], json!({"color": MUTED}));
    });
    each(option, "visualMap", |v| {
        set(v, &["textStyle"], json!({"color": TEXT}));
    });
    each(option, "geo", |g| {
        set(
            g,
            &["itemStyle"],
            json!({"areaColor": LAND, "borderColor": PANEL}),
        );
    });
    each(option, "series", |s| {
        if s.get("type").and_then(Value::as_str) == Some("pie") {
            set(s, &["itemStyle"], json!({"borderColor": PANEL}));
            set(s, &["label"], json!({"color": TEXT}));
        }
        if s.get("markLine").is_some() {
            set(s, &["markLine", "label"], json!({"color": TEXT}));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn light_is_left_as_built() {
        let mut o = json!({"xAxis": {"type": "category"}, "series": []});
        let before = o.clone();
        apply(&mut o, Theme::Light);
        assert_eq!(o, before);
    }

    #[test]
    fn dark_recolours_text_axes_legends_tooltips_and_land() {
        let mut o = json!({
            "xAxis": [{"type": "category", "axisLabel": {"width": 180}}],
            "yAxis": {"type": "value"},
            "legend": {"bottom": 0},
            "tooltip": {"trigger": "axis"},
            "geo": {"itemStyle": {"areaColor": "#eef0f3", "borderWidth": 0.5}},
            "series": [{"type": "pie", "data": []}]
        });
        apply(&mut o, Theme::Dark);
        assert_eq!(o["textStyle"]["color"], TEXT);
        assert_eq!(o["xAxis"][0]["axisLabel"]["color"], MUTED);
        assert_eq!(
            o["xAxis"][0]["axisLabel"]["width"], 180,
            "what was there stays"
        );
        assert_eq!(o["yAxis"]["splitLine"]["lineStyle"]["color"], LINE);
        assert_eq!(o["legend"]["textStyle"]["color"], TEXT);
        assert_eq!(o["tooltip"]["backgroundColor"], PANEL);
        assert_eq!(o["geo"]["itemStyle"]["areaColor"], LAND);
        assert_eq!(o["geo"]["itemStyle"]["borderWidth"], 0.5);
        assert_eq!(o["series"][0]["itemStyle"]["borderColor"], PANEL);
    }

    #[test]
    fn themes_round_trip_through_their_keys() {
        for theme in [Theme::Light, Theme::Dark] {
            assert_eq!(Theme::parse(theme.key()), Some(theme));
        }
        assert_eq!(Theme::parse("blue"), None);
    }
}
