//! The Geography map: countries coloured by a figure, and where to zoom to
//! show one country.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::l10n::Locale;
use crate::metrics::CountryFigures;

/// The name the world GeoJSON is registered under.
pub const MAP_NAME: &str = "world";

/// Which figure colours the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapFigure {
    #[default]
    Customers,
    Active,
    Added,
}

impl MapFigure {
    pub const ALL: [MapFigure; 3] = [MapFigure::Customers, MapFigure::Active, MapFigure::Added];

    #[inline]
    pub fn label(self, l: &Locale) -> &'static str {
        match self {
            MapFigure::Customers => l.text("chart.customers"),
            MapFigure::Active => l.text("chart.active_customers"),
            MapFigure::Added => l.text("kpi.customers_added"),
        }
    }

    #[inline]
    pub fn key(self) -> &'static str {
        match self {
            MapFigure::Customers => "customers",
            MapFigure::Active => "active",
            MapFigure::Added => "added",
        }
    }

    #[inline]
    pub fn from_key(key: &str) -> Option<MapFigure> {
        MapFigure::ALL.into_iter().find(|f| f.key() == key)
    }

    #[inline]
    /// `None` where the figure is unknown (active customers, spec 1.4).
    pub fn of(self, c: &CountryFigures) -> Option<u64> {
        match self {
            MapFigure::Customers => Some(c.customers),
            MapFigure::Active => c.active,
            MapFigure::Added => Some(c.added),
        }
    }
}

/// Where the map looks to show a country: centre (longitude, latitude) and zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub center: [f64; 2],
    pub zoom: f64,
}

/// Countries with shapes and small countries drawn as points.
#[derive(Debug, Clone, Default)]
pub struct WorldShapes {
    pub views: BTreeMap<String, View>,
    /// Small countries: a position each.
    pub points: BTreeMap<String, [f64; 2]>,
}

impl WorldShapes {
    /// Reads the committed `world.json` (features named by alpha-2 code,
    /// plus `points` for small countries).
    #[inline]
    pub fn from_geojson(world: &Value) -> WorldShapes {
        let scale = encoding_scale(world);
        let outlines = world["features"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|feature| {
                let name = feature["properties"]["name"].as_str()?;
                Some((name.to_string(), outer_boxes(&feature["geometry"], scale)))
            });
        let points = world["points"]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(name, p)| Some((name.clone(), [p[0].as_f64()?, p[1].as_f64()?])));
        WorldShapes::from_outlines(outlines, points)
    }

    /// From each country's outer rings as bounding boxes (see [`bbox`]) and
    /// the small countries' positions.
    #[inline]
    pub fn from_outlines(
        outlines: impl IntoIterator<Item = (String, Vec<[f64; 4]>)>,
        points: impl IntoIterator<Item = (String, [f64; 2])>,
    ) -> WorldShapes {
        let mut views = BTreeMap::new();
        for (name, boxes) in outlines {
            // The largest outer ring decides (France, not French Guiana).
            let best = boxes.iter().max_by(|a, b| area(a).total_cmp(&area(b)));
            if let Some(b) = best {
                views.insert(name, view_of(b));
            }
        }
        let mut points_map = BTreeMap::new();
        for (name, [x, y]) in points {
            points_map.insert(name.clone(), [x, y]);
            views.insert(
                name,
                View {
                    center: [x, y],
                    zoom: 12.0,
                },
            );
        }
        WorldShapes {
            views,
            points: points_map,
        }
    }
}

/// The bounding box `[west, south, east, north]` of a ring's points; `None`
/// when it has none or a point is not two numbers.
#[inline]
pub fn bbox(ring: impl IntoIterator<Item = (Option<f64>, Option<f64>)>) -> Option<[f64; 4]> {
    let mut b = [f64::MAX, f64::MAX, f64::MIN, f64::MIN];
    for (x, y) in ring {
        let (x, y) = (x?, y?);
        b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
    }
    (b[0] <= b[2]).then_some(b)
}

/// Steps to a degree in an encoded map that does not say (ECharts' default).
pub const DEFAULT_SCALE: f64 = 1024.0;

/// How many steps make a degree in an encoded map's rings: its `UTF8Scale`.
#[inline]
pub fn encoding_scale(world: &Value) -> f64 {
    world["UTF8Scale"].as_f64().unwrap_or(DEFAULT_SCALE)
}

/// The bounding boxes of a Polygon's or MultiPolygon's outer rings (see
/// [`bbox`]), whether the rings are lists of `[longitude, latitude]` or
/// encoded ([`decode_ring`]); none for any other geometry.
#[inline]
pub fn outer_boxes(geometry: &Value, scale: f64) -> Vec<[f64; 4]> {
    let offsets = &geometry["encodeOffsets"];
    let polygons: Vec<(&Value, &Value)> = match geometry["type"].as_str() {
        Some("Polygon") => vec![(&geometry["coordinates"], offsets)],
        Some("MultiPolygon") => geometry["coordinates"]
            .as_array()
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(i, polygon)| (polygon, &offsets[i]))
            .collect(),
        _ => Vec::new(),
    };
    polygons
        .into_iter()
        .filter_map(|(polygon, offsets)| match &polygon[0] {
            Value::String(encoded) => {
                let start = [offsets[0][0].as_i64()?, offsets[0][1].as_i64()?];
                encoded_bbox(encoded, start, scale)
            }
            ring => bbox(
                ring.as_array()?
                    .iter()
                    .map(|q| (q[0].as_f64(), q[1].as_f64())),
            ),
        })
        .collect()
}

/// The bounding box of an encoded ring ([`decode_ring`], [`bbox`]).
#[inline]
pub fn encoded_bbox(encoded: &str, start: [i64; 2], scale: f64) -> Option<[f64; 4]> {
    bbox(
        decode_ring(encoded, start, scale)
            .into_iter()
            .map(|(x, y)| (Some(x), Some(y))),
    )
}

/// The points of a ring in ECharts' encoded form (`UTF8Encoding`), which the
/// committed `world.json` uses because it is a third smaller compressed:
/// each point is two characters, the steps in longitude and latitude from
/// the point before (from `start` for the first), in units of `1 / scale`
/// degree, zigzag-coded (0, -1, 1, -2, ... as 0, 1, 2, 3, ...) plus 64.
#[inline]
pub fn decode_ring(encoded: &str, start: [i64; 2], scale: f64) -> Vec<(f64, f64)> {
    let steps: Vec<i64> = encoded
        .chars()
        .map(|c| {
            let z = i64::from(u32::from(c)) - 64;
            (z >> 1) ^ -(z & 1)
        })
        .collect();
    let [mut x, mut y] = start;
    steps
        .chunks_exact(2)
        .map(|step| {
            x += step[0];
            y += step[1];
            (x as f64 / scale, y as f64 / scale)
        })
        .collect()
}

#[inline]
fn area(b: &[f64; 4]) -> f64 {
    (b[2] - b[0]) * (b[3] - b[1])
}

#[inline]
fn view_of(b: &[f64; 4]) -> View {
    let (w, h) = ((b[2] - b[0]).max(0.5), (b[3] - b[1]).max(0.5));
    // At zoom 1 the whole world (360 x ~170 degrees) fills the view.
    let zoom = (360.0 / w).min(170.0 / h) * 0.45;
    View {
        center: [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0],
        zoom: zoom.clamp(1.5, 24.0),
    }
}

/// A selected (or hovered) country's colour.
const SELECTED: &str = "#e0a100";
/// The outline of a selected country and of the small countries' dots.
const OUTLINE: &str = "#1b1f24";

/// The map option: a geo component the user can roam, the countries
/// coloured by `figure`, small countries as dots.
#[inline]
pub fn world_map(
    l: &Locale,
    geography: &[CountryFigures],
    figure: MapFigure,
    shapes: &WorldShapes,
) -> Value {
    let mapped: Vec<&CountryFigures> = geography.iter().filter(|c| c.iso2.is_some()).collect();
    let max = mapped
        .iter()
        .filter_map(|c| figure.of(c))
        .max()
        .unwrap_or(0)
        .max(1);
    let regions: Vec<Value> = mapped
        .iter()
        .map(|c| match figure.of(c) {
            Some(value) => json!({"name": c.iso2, "title": c.country, "value": value}),
            None => json!({"name": c.iso2, "title": c.country, "value": null, "unknown": true}),
        })
        .collect();
    let dots: Vec<Value> = mapped
        .iter()
        .filter_map(|c| {
            let p = shapes.points.get(c.iso2?)?;
            Some(json!({"name": c.iso2, "value": [p[0], p[1], figure.of(c)]}))
        })
        .collect();
    // A figure the file cannot tell (spec 1.4) has no colour scale to show.
    let known = mapped.iter().any(|c| figure.of(c).is_some()) || mapped.is_empty();
    json!({
        "tooltip": {"trigger": "item"},
        "visualMap": {
            "show": known,
            "type": "continuous", "min": 0, "max": max, "left": 8, "bottom": 8,
            "calculable": true, "itemHeight": 90, "text": [l.text("map.high"), l.text("map.low")],
            "inRange": {"color": ["#dbe4f7", "#2f5fd0"]}, "seriesIndex": [0, 1]
        },
        "geo": {
            "map": MAP_NAME, "roam": true, "zoom": 1, "scaleLimit": {"min": 1, "max": 40},
            "selectedMode": "single",
            "itemStyle": {"areaColor": "#eef0f3", "borderColor": "#ffffff", "borderWidth": 0.5},
            "emphasis": {"label": {"show": false}, "itemStyle": {"areaColor": SELECTED}},
            "select": {"label": {"show": false}, "itemStyle": {"areaColor": SELECTED, "borderColor": OUTLINE, "borderWidth": 1}}
        },
        "series": [
            {"type": "map", "name": figure.label(l), "geoIndex": 0, "data": regions},
            {"type": "scatter", "name": figure.label(l), "coordinateSystem": "geo", "symbolSize": 8,
             "itemStyle": {"borderColor": OUTLINE, "borderWidth": 0.5}, "data": dots,
             "selectedMode": "single",
             "select": {"itemStyle": {"color": SELECTED, "borderColor": OUTLINE, "borderWidth": 1}}}
        ]
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(
        name: &str,
        iso2: Option<&'static str>,
        customers: u64,
        added: u64,
    ) -> CountryFigures {
        CountryFigures {
            country: name.into(),
            iso2,
            customers,
            active: Some(customers / 2),
            added,
            customers_share_pct: None,
            active_share_pct: None,
            added_share_pct: None,
        }
    }

    fn shapes() -> WorldShapes {
        WorldShapes::from_geojson(&json!({
            "features": [
                {"properties": {"name": "FR"}, "geometry": {"type": "MultiPolygon", "coordinates": [
                    [[[-5.0, 42.0], [8.0, 42.0], [8.0, 51.0], [-5.0, 51.0], [-5.0, 42.0]]],
                    [[[-54.0, 2.0], [-51.0, 2.0], [-51.0, 5.0], [-54.0, 5.0], [-54.0, 2.0]]]
                ]}},
                {"properties": {"name": "US"}, "geometry": {"type": "Polygon", "coordinates": [
                    [[-125.0, 25.0], [-67.0, 25.0], [-67.0, 49.0], [-125.0, 49.0], [-125.0, 25.0]]
                ]}}
            ],
            "points": {"SG": [103.8, 1.35]}
        }))
    }

    #[test]
    fn a_country_view_centres_on_its_largest_shape() {
        let s = shapes();
        let fr = s.views["FR"];
        assert_eq!(fr.center, [1.5, 46.5]);
        assert!(
            fr.zoom > s.views["US"].zoom,
            "a smaller country zooms in further"
        );
        assert_eq!(
            s.views["SG"],
            View {
                center: [103.8, 1.35],
                zoom: 12.0
            }
        );
    }

    /// `ring` in ECharts' encoded form at `scale` steps a degree, and its
    /// first point: what `scripts/gen_world.mjs` writes.
    fn encode(ring: &[(i64, i64)]) -> (String, [i64; 2]) {
        let zigzag = |v: i64| char::from_u32(((v << 1) ^ (v >> 63)) as u32 + 64).unwrap();
        let mut text = String::new();
        let mut before = ring[0];
        for &(x, y) in ring {
            text.push(zigzag(x - before.0));
            text.push(zigzag(y - before.1));
            before = (x, y);
        }
        (text, [ring[0].0, ring[0].1])
    }

    #[test]
    fn an_encoded_ring_gives_back_its_points() {
        // Steps of every size: 0, +-1, one that is a backslash (escaped in
        // JSON), and ones that take two and three bytes of UTF-8.
        let ring = [
            (-7300, 4500),
            (-7300, 4501),
            (-7286, 4486),
            (-7100, 4500),
            (-6000, 4480),
            (-7300, 4500),
        ];
        let (text, start) = encode(&ring);
        let points = decode_ring(&text, start, 100.0);
        assert_eq!(
            points,
            [
                (-73.0, 45.0),
                (-73.0, 45.01),
                (-72.86, 44.86),
                (-71.0, 45.0),
                (-60.0, 44.8),
                (-73.0, 45.0)
            ]
        );
        // A character without its partner (a damaged file) is left out.
        assert_eq!(
            decode_ring(&format!("{text}A"), start, 100.0).len(),
            ring.len()
        );
    }

    #[test]
    fn an_encoded_map_gives_the_same_views_as_a_plain_one() {
        let france = [
            (-500, 4200),
            (800, 4200),
            (800, 5100),
            (-500, 5100),
            (-500, 4200),
        ];
        let guiana = [
            (-5400, 200),
            (-5100, 200),
            (-5100, 500),
            (-5400, 500),
            (-5400, 200),
        ];
        let us = [
            (-12500, 2500),
            (-6700, 2500),
            (-6700, 4900),
            (-12500, 4900),
            (-12500, 2500),
        ];
        let (fr1, fr1_at) = encode(&france);
        let (fr2, fr2_at) = encode(&guiana);
        let (us1, us1_at) = encode(&us);
        let encoded = WorldShapes::from_geojson(&json!({
            "UTF8Encoding": true, "UTF8Scale": 100,
            "features": [
                {"properties": {"name": "FR"}, "geometry": {"type": "MultiPolygon",
                    "coordinates": [[fr1], [fr2]], "encodeOffsets": [[fr1_at], [fr2_at]]}},
                {"properties": {"name": "US"}, "geometry": {"type": "Polygon",
                    "coordinates": [us1], "encodeOffsets": [us1_at]}}
            ],
            "points": {"SG": [103.8, 1.35]}
        }));
        assert_eq!(encoded.views, shapes().views);
        assert_eq!(encoded.points, shapes().points);
    }

    #[test]
    fn the_map_colours_countries_by_the_chosen_figure() {
        let geo = [
            country("United States", Some("US"), 10, 1),
            country("Singapore", Some("SG"), 4, 3),
            country("Atlantis", None, 2, 2),
        ];
        let o = world_map(
            crate::l10n::reference(),
            &geo,
            MapFigure::Customers,
            &shapes(),
        );
        assert_eq!(
            o["series"][0]["data"],
            json!([{"name": "US", "title": "United States", "value": 10}, {"name": "SG", "title": "Singapore", "value": 4}])
        );
        // Its table names the countries, not their codes.
        assert_eq!(
            crate::charts::table::of(crate::l10n::reference(), &o).rows[0],
            ["United States", "10"]
        );
        assert_eq!(
            o["series"][1]["data"],
            json!([{"name": "SG", "value": [103.8, 1.35, 4]}])
        );
        assert_eq!(o["visualMap"]["max"], 10);
        assert_eq!(o["geo"]["roam"], true);
        // A selected country is marked whether it is a shape or a dot.
        assert_eq!(o["geo"]["select"]["itemStyle"]["areaColor"], SELECTED);
        assert_eq!(o["series"][1]["selectedMode"], "single");
        assert_eq!(o["series"][1]["select"]["itemStyle"]["color"], SELECTED);
        let added = world_map(crate::l10n::reference(), &geo, MapFigure::Added, &shapes());
        assert_eq!(added["series"][0]["data"][1]["value"], 3);
        assert_eq!(added["visualMap"]["max"], 3);
    }

    #[test]
    fn figures_round_trip_through_their_keys() {
        for f in MapFigure::ALL {
            assert_eq!(MapFigure::from_key(f.key()), Some(f));
        }
    }
}
