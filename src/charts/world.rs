//! The Geography map: countries coloured by a figure, and where to zoom to
//! show one country.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::i18n::t;
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
    pub fn label(self) -> &'static str {
        match self {
            MapFigure::Customers => t("chart.customers"),
            MapFigure::Active => t("chart.active_customers"),
            MapFigure::Added => t("kpi.customers_added"),
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
    pub fn of(self, c: &CountryFigures) -> u64 {
        match self {
            MapFigure::Customers => c.customers,
            MapFigure::Active => c.active,
            MapFigure::Added => c.added,
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
        let outlines = world["features"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|feature| {
                let name = feature["properties"]["name"].as_str()?;
                let geometry = &feature["geometry"];
                let polygons: Vec<&Value> = match geometry["type"].as_str() {
                    Some("Polygon") => vec![&geometry["coordinates"]],
                    Some("MultiPolygon") => geometry["coordinates"].as_array()?.iter().collect(),
                    _ => return None,
                };
                let boxes = polygons
                    .iter()
                    .filter_map(|p| {
                        let ring = p[0].as_array()?;
                        bbox(ring.iter().map(|q| (q[0].as_f64(), q[1].as_f64())))
                    })
                    .collect();
                Some((name.to_string(), boxes))
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

/// The map option: a geo component the user can roam, the countries
/// coloured by `figure`, small countries as dots.
#[inline]
pub fn world_map(geography: &[CountryFigures], figure: MapFigure, shapes: &WorldShapes) -> Value {
    let mapped: Vec<&CountryFigures> = geography.iter().filter(|c| c.iso2.is_some()).collect();
    let max = mapped
        .iter()
        .map(|c| figure.of(c))
        .max()
        .unwrap_or(0)
        .max(1);
    let regions: Vec<Value> = mapped
        .iter()
        .map(|c| json!({"name": c.iso2, "value": figure.of(c)}))
        .collect();
    let dots: Vec<Value> = mapped
        .iter()
        .filter_map(|c| {
            let p = shapes.points.get(c.iso2?)?;
            Some(json!({"name": c.iso2, "value": [p[0], p[1], figure.of(c)]}))
        })
        .collect();
    json!({
        "tooltip": {"trigger": "item"},
        "visualMap": {
            "type": "continuous", "min": 0, "max": max, "left": 8, "bottom": 8,
            "calculable": true, "itemHeight": 90, "text": [t("map.high"), t("map.low")],
            "inRange": {"color": ["#dbe4f7", "#2f5fd0"]}, "seriesIndex": [0, 1]
        },
        "geo": {
            "map": MAP_NAME, "roam": true, "zoom": 1, "scaleLimit": {"min": 1, "max": 40},
            "selectedMode": "single",
            "itemStyle": {"areaColor": "#eef0f3", "borderColor": "#ffffff", "borderWidth": 0.5},
            "emphasis": {"label": {"show": false}, "itemStyle": {"areaColor": "#e0a100"}},
            "select": {"label": {"show": false}, "itemStyle": {"areaColor": "#e0a100", "borderColor": "#1b1f24", "borderWidth": 1}}
        },
        "series": [
            {"type": "map", "name": figure.label(), "geoIndex": 0, "data": regions},
            {"type": "scatter", "name": figure.label(), "coordinateSystem": "geo", "symbolSize": 8,
             "itemStyle": {"borderColor": "#1b1f24", "borderWidth": 0.5}, "data": dots}
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
            active: customers / 2,
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

    #[test]
    fn the_map_colours_countries_by_the_chosen_figure() {
        let geo = [
            country("United States", Some("US"), 10, 1),
            country("Singapore", Some("SG"), 4, 3),
            country("Atlantis", None, 2, 2),
        ];
        let o = world_map(&geo, MapFigure::Customers, &shapes());
        assert_eq!(
            o["series"][0]["data"],
            json!([{"name": "US", "value": 10}, {"name": "SG", "value": 4}])
        );
        assert_eq!(
            o["series"][1]["data"],
            json!([{"name": "SG", "value": [103.8, 1.35, 4]}])
        );
        assert_eq!(o["visualMap"]["max"], 10);
        assert_eq!(o["geo"]["roam"], true);
        let added = world_map(&geo, MapFigure::Added, &shapes());
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
