// Writes public/world.json, the world map the Geography section draws, from
// Natural Earth data (npm `world-atlas`, 1:110m polygons). Run once; the
// output is committed:
//
//   node scripts/gen_world.mjs
//
// Each feature is named by its ISO 3166-1 alpha-2 code. The rings are written
// in ECharts' encoded form (`UTF8Encoding`, which ECharts decodes itself):
// two characters a point, the steps from the point before in twentieths of a
// degree, zigzag-coded plus 64. That is a third smaller compressed than the
// same points as numbers (src/charts/world.rs reads it too). Countries too small
// for the 1:110m polygons (Singapore, Luxembourg, Malta, ...) are listed under
// `points` with a position taken from the 1:50m data, so the map can still
// show and select them.
import { readFileSync, writeFileSync } from 'node:fs';
import { feature } from 'topojson-client';

const numericToAlpha2 = JSON.parse(readFileSync(new URL('./iso-numeric.json', import.meta.url)));
const load = (scale) => {
  const topo = JSON.parse(readFileSync(new URL(`../node_modules/world-atlas/countries-${scale}.json`, import.meta.url)));
  return feature(topo, topo.objects.countries).features;
};
const round = (x) => Math.round(x * 100) / 100;
// Rings that cross the antimeridian (eastern Russia, Fiji) jump from +180 to
// -180 and would be drawn as bands across the map: continue them past 180.
const unwrap = (ring) => {
  const crosses = ring.some((p, i) => i > 0 && Math.abs(p[0] - ring[i - 1][0]) > 180);
  return crosses ? ring.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : ring;
};
const unwrapGeometry = (g) =>
  g.type === 'Polygon' ? { ...g, coordinates: g.coordinates.map(unwrap) } : { ...g, coordinates: g.coordinates.map((p) => p.map(unwrap)) };
// Twentieths of a degree: a point moves at most 0.025 degrees, a pixel at
// the map's closest zoom (24 times, a country like Belgium or Israel filling
// the view); hundredths made the file 5.9 KB (a quarter) larger compressed.
const SCALE = 20;
const zigzag = (v) => String.fromCharCode(((v << 1) ^ (v >> 31)) + 64);
// A ring as the characters of its steps and its first point.
const encodeRing = (ring) => {
  // A point that rounds onto the one before it is left out.
  const steps = ring
    .map(([x, y]) => [Math.round(x * SCALE), Math.round(y * SCALE)])
    .filter(([x, y], i, all) => i === 0 || x !== all[i - 1][0] || y !== all[i - 1][1]);
  let text = '';
  steps.forEach(([x, y], i) => {
    const [px, py] = i === 0 ? steps[0] : steps[i - 1];
    text += zigzag(x - px) + zigzag(y - py);
  });
  // Past 0xD7FF a step would be half of a UTF-16 pair; none is near it.
  if ([...text].some((c) => c.charCodeAt(0) >= 0xd800)) throw new Error('a step too large to encode');
  return [text, steps[0]];
};
const encodeGeometry = (g) => {
  const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  // A ring left with fewer than four points (a sliver that rounding closed)
  // is left out; an outer ring with its polygon.
  const kept = ([text]) => text.length >= 8;
  const encoded = polygons
    .map((rings) => rings.map(encodeRing))
    .filter((rings) => kept(rings[0]))
    .map((rings) => rings.filter(kept));
  const coordinates = encoded.map((rings) => rings.map(([text]) => text));
  const encodeOffsets = encoded.map((rings) => rings.map(([, start]) => start));
  return g.type === 'Polygon'
    ? { type: g.type, coordinates: coordinates[0], encodeOffsets: encodeOffsets[0] }
    : { type: g.type, coordinates, encodeOffsets };
};

const features = [];
const present = new Set();
for (const f of load('110m')) {
  const iso2 = numericToAlpha2[f.id];
  if (!iso2 || iso2 === 'AQ') continue;
  present.add(iso2);
  const geometry = unwrapGeometry(f.geometry);
  features.push({ type: 'Feature', properties: { name: iso2 }, geometry: encodeGeometry(geometry) });
}

// A position for each small country: the centre of its largest ring's bounding box.
const points = {};
for (const f of load('50m')) {
  const iso2 = numericToAlpha2[f.id];
  if (!iso2 || iso2 === 'AQ' || present.has(iso2) || !f.geometry) continue;
  const polygons = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let best = null;
  for (const polygon of polygons) {
    const xs = polygon[0].map((p) => p[0]);
    const ys = polygon[0].map((p) => p[1]);
    const box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
    const area = (box[2] - box[0]) * (box[3] - box[1]);
    if (!best || area > best.area) best = { area, box };
  }
  points[iso2] = [round((best.box[0] + best.box[2]) / 2), round((best.box[1] + best.box[3]) / 2)];
}

const out = new URL('../public/world.json', import.meta.url);
writeFileSync(out, JSON.stringify({ type: 'FeatureCollection', UTF8Encoding: true, UTF8Scale: SCALE, features, points }));
console.log(`${features.length} countries with shapes, ${Object.keys(points).length} as points -> ${out.pathname}`);
