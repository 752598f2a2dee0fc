//! The committed world map (`public/world.json`, written by
//! `scripts/gen_world.mjs` in ECharts' encoded form) as the engine reads it.

use partner_insights::charts::world::{encoding_scale, WorldShapes};
use serde_json::Value;

fn world() -> Value {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/public/world.json"))
        .expect("public/world.json");
    serde_json::from_str(&text).expect("the world map is JSON")
}

#[test]
fn every_country_of_the_map_has_a_view() {
    let world = world();
    assert_eq!(world["UTF8Encoding"], true);
    assert_eq!(encoding_scale(&world), 20.0);
    let shapes = WorldShapes::from_geojson(&world);
    let features = world["features"].as_array().unwrap();
    let points = world["points"].as_object().unwrap();
    assert_eq!(features.len(), 173);
    assert_eq!(points.len(), 61);
    assert_eq!(shapes.views.len(), features.len() + points.len());
}

#[test]
fn a_country_is_framed_by_its_largest_outline() {
    let shapes = WorldShapes::from_geojson(&world());
    // Mainland France (not French Guiana or Corsica): about 5 W to 8 E, 42 to 51 N.
    let fr = shapes.views["FR"];
    assert!(
        (fr.center[0] - 2.5).abs() < 1.0 && (fr.center[1] - 46.6).abs() < 1.0,
        "{fr:?}"
    );
    // Luxembourg, a small shape: close in.
    let lu = shapes.views["LU"];
    assert!(
        (lu.center[0] - 6.1).abs() < 0.3 && (lu.center[1] - 49.8).abs() < 0.3,
        "{lu:?}"
    );
    assert!(lu.zoom > fr.zoom);
    // Singapore has no shape at this scale: a point.
    assert_eq!(shapes.points["SG"], [103.82, 1.36]);
}
