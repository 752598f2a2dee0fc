//! The world map: fetched once, parsed by the browser, registered with
//! ECharts; the small countries' points and where to zoom to show a country
//! are read from the browser's object.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::bridge::echarts;
use crate::charts::{
    self,
    world::{View, WorldShapes, MAP_NAME},
};
use crate::i18n::Said;

use super::fetch::get;

const WORLD_URL: &str = "world.json";

/// Loads the world map once and registers it with ECharts. The browser
/// parses the GeoJSON (natively, while the app's WebAssembly is still being
/// optimised). The app reads only the small countries' points now; where
/// to zoom to show a country is worked out when one is selected
/// ([`country_view`]).
pub async fn world() -> Result<WorldShapes, Said> {
    let (response, _) = get(WORLD_URL, None).await?;
    let not_json = || Said::from(format!("{WORLD_URL}: not JSON"));
    let parsed = web_sys::Response::from(response)
        .json()
        .map_err(|_| not_json())?;
    let json = JsFuture::from(parsed).await.map_err(|_| not_json())?;
    echarts::register_map(MAP_NAME, &json);
    let shapes = WorldShapes::from_outlines(std::iter::empty(), points(&json));
    WORLD.with(|w| *w.borrow_mut() = Some(json));
    Ok(shapes)
}

thread_local! {
    /// The world map as the browser parsed it.
    static WORLD: std::cell::RefCell<Option<JsValue>> = const { std::cell::RefCell::new(None) };
}

fn prop(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn items(value: JsValue) -> Vec<JsValue> {
    value
        .dyn_into::<js_sys::Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default()
}

/// The small countries drawn as points, by alpha-2 code.
fn points(world: &JsValue) -> Vec<(String, [f64; 2])> {
    let points = prop(world, "points");
    if !points.is_object() {
        return Vec::new();
    }
    let names = js_sys::Object::keys(points.unchecked_ref::<js_sys::Object>());
    names
        .iter()
        .filter_map(|name| {
            let p = js_sys::Reflect::get(&points, &name).ok()?;
            let at = |i| {
                js_sys::Reflect::get_u32(&p, i)
                    .ok()
                    .and_then(|v| v.as_f64())
            };
            Some((name.as_string()?, [at(0)?, at(1)?]))
        })
        .collect()
}

/// Where the map looks to show the country with alpha-2 code `code`, from
/// its outer rings in the world map ([`WorldShapes::from_geojson`]'s rule,
/// [`charts::world::outer_boxes`] for the browser's object: ECharts decodes
/// an encoded map's rings in place when it first draws it, so a ring may be
/// either form).
pub fn country_view(code: &str) -> Option<View> {
    let world = WORLD.with(|w| w.borrow().clone())?;
    let feature = items(prop(&world, "features"))
        .into_iter()
        .find(|f| prop(&prop(f, "properties"), "name").as_string().as_deref() == Some(code))?;
    let scale = prop(&world, "UTF8Scale")
        .as_f64()
        .unwrap_or(charts::world::DEFAULT_SCALE);
    let geometry = prop(&feature, "geometry");
    let (coordinates, offsets) = (
        prop(&geometry, "coordinates"),
        prop(&geometry, "encodeOffsets"),
    );
    let polygons = match prop(&geometry, "type").as_string()?.as_str() {
        "Polygon" => vec![(coordinates, offsets)],
        "MultiPolygon" => {
            let offsets = items(offsets);
            items(coordinates)
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p, offsets.get(i).cloned().unwrap_or_default()))
                .collect()
        }
        _ => return None,
    };
    let at = |v: &JsValue, i| js_sys::Reflect::get_u32(v, i).ok().and_then(|v| v.as_f64());
    let boxes: Vec<[f64; 4]> = polygons
        .into_iter()
        .filter_map(|(polygon, offsets)| {
            let ring = js_sys::Reflect::get_u32(&polygon, 0).ok()?;
            match ring.as_string() {
                Some(encoded) => {
                    let start = js_sys::Reflect::get_u32(&offsets, 0).ok()?;
                    let start = [at(&start, 0)? as i64, at(&start, 1)? as i64];
                    charts::world::encoded_bbox(&encoded, start, scale)
                }
                None => charts::world::bbox(items(ring).iter().map(|p| (at(p, 0), at(p, 1)))),
            }
        })
        .collect();
    WorldShapes::from_outlines([(code.to_string(), boxes)], [])
        .views
        .remove(code)
}
