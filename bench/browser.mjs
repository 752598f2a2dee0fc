// Browser benchmark, in headless Chromium over the built app (dist/):
//
//   node bench/browser.mjs CUSTOMERS_CSV [--runs 20] [--loads 3] [--dist OTHER_BUILD]
//                          [--throughput MB_PER_S]
//
// 1. Big file: the app loads CUSTOMERS_CSV through `?data=` (fetch + parse + first
//    full report, from the app's own User Timing marks, see src/ui/bridge/perf.rs); median
//    of --loads page loads. Then --runs recomputations after a filter change and after
//    a range change: the engine's `pi:report` measure, and the whole synchronous update
//    (engine, DOM and every chart's setOption) from the input event to its return.
// 2. First load with the bundled sample: brotli bytes of everything served except
//    data, and the time from navigation to the fully rendered dashboard, in a new
//    browser context (empty cache) once it has started, and, for comparison,
//    right as it starts.
import { mkdtempSync, readdirSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { launch, startServer, DIST } from '../tests/e2e/helpers.mjs';
import { firstLoadBytes } from '../scripts/first-load.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const RUNS = option('runs', 20);
// Another build to measure (for a before/after comparison), else dist/.
const BUILD = args.includes('--dist') ? resolve(args[args.indexOf('--dist') + 1]) : DIST;
const LOADS = option('loads', 3);
// The big file over a network of this many MB/s (Chromium's emulation), not
// the loopback: whether reading overlaps the download shows there.
const THROUGHPUT = option('throughput', 0);

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => `${x.toFixed(1)} ms`;

/** The built app with the benchmark file beside it. */
function site() {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bench-'));
  for (const name of readdirSync(BUILD)) symlinkSync(join(BUILD, name), join(dir, name));
  if (file) symlinkSync(resolve(file), join(dir, 'bench.csv'));
  return dir;
}

async function newPage(browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  return context.newPage();
}

/** Waits for the dashboard with every chart drawn; returns ms since navigation. */
async function rendered(page) {
  const handle = await page.waitForFunction(() => {
    const charts = [...document.querySelectorAll('.chart')];
    const ready = document.querySelector('[data-kpi="customers"] .value')
      && charts.length > 0 && charts.every((c) => c.querySelector('svg path'));
    return ready ? performance.now() : false;
  }, null, { polling: 'raf', timeout: 120_000 });
  return handle.jsonValue();
}

async function measures(page, name) {
  return page.evaluate((n) => performance.getEntriesByName(n, 'measure').map((m) => m.duration), name);
}

/**
 * Times `count` updates made by `act(i)` inside the page: the engine (the
 * `pi:prepare` and `pi:report` measures of that update) and the whole update.
 */
async function updates(page, count, act, argOf = (i) => i) {
  const engine = [];
  const whole = [];
  // Leptos runs effects (the engine, the DOM, each chart's setOption) as
  // microtasks: a message posted now is delivered after all of them.
  await page.evaluate(() => {
    window.piSettled = (start) => new Promise((ok) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => ok(performance.now() - start);
      channel.port2.postMessage(0);
    });
  });
  for (let i = 0; i < count; i++) {
    await page.evaluate(() => performance.clearMeasures());
    whole.push(await page.evaluate(act, argOf(i)));
    engine.push(await page.evaluate(() => ['pi:prepare', 'pi:report']
      .flatMap((n) => performance.getEntriesByName(n, 'measure')).reduce((s, m) => s + m.duration, 0)));
    await page.evaluate(() => new Promise((ok) => requestAnimationFrame(() => ok())));
  }
  return { engine, whole };
}

async function bigFile(browser, server) {
  const loads = [];
  let page;
  const atOnce = [];
  for (let i = 0; i < 2 * LOADS; i++) {
    // Alternately after the new context has started (see firstLoad) and at once;
    // the last page, a settled one, stays open for the updates below.
    const settle = i % 2 === 1;
    await page?.context().close();
    page = await newPage(browser);
    await sleep(settle ? SETTLE_MS : 0);
    if (THROUGHPUT) {
      // A network of that many MB/s instead of the loopback's.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: 0, uploadThroughput: -1, downloadThroughput: THROUGHPUT * 1e6,
      });
    }
    await page.goto(`${server.url}?data=bench.csv#/`);
    await rendered(page);
    const [load] = await measures(page, 'pi:load');
    const [parse] = await measures(page, 'pi:parse');
    (settle ? loads : atOnce).push({ load, parse });
  }
  const rows = await page.locator('[data-testid="source"]').innerText().catch(() => '');
  console.log(`big file: ${basename(file)} (${(statSync(file).size / 1e6).toFixed(0)} MB) ${rows}`);
  console.log(`  load (fetch + parse + first report), median of ${LOADS}: ${ms(median(loads.map((l) => l.load)))}`
    + `  [parse ${ms(median(loads.map((l) => l.parse)))}; runs ${loads.map((l) => l.load.toFixed(0)).join(' ')}]`);
  console.log(`  the same, navigating as the browser context starts: ${ms(median(atOnce.map((l) => l.load)))}`
    + `  [runs ${atOnce.map((l) => l.load.toFixed(0)).join(' ')}]`);

  // Filter changes, each to filters not seen before (so none is served
  // from the prepared figures the dashboard keeps): tick the products one
  // by one (from one product's rows to nearly all rows), then the markets
  // one by one (from one market's rows upwards). Then untick the last
  // markets again: filters seen a moment ago, whose figures the dashboard
  // keeps.
  const tick = ([dimension, index]) => {
    const box = document.querySelectorAll(`[data-filter="${dimension}"] input[type=checkbox]`)[index];
    const t = performance.now();
    box.click();
    return window.piSettled(t);
  };
  const products = Math.min(RUNS - 1, await page.locator('[data-filter="product"] input[type=checkbox]').count());
  const markets = RUNS - products;
  const byProduct = await updates(page, products, tick, (i) => ['product', i]);
  const byMarket = await updates(page, markets, tick, (i) => ['market', i]);
  const filter = { engine: [...byProduct.engine, ...byMarket.engine], whole: [...byProduct.whole, ...byMarket.whole] };
  const kept = Math.min(markets, 7);
  const back = await updates(page, kept, tick, (i) => ['market', markets - 1 - i]);
  await page.evaluate(() => document.querySelector('[data-testid="clear-filters"]').click());
  // Range change (no filters): alternate the range's first month between two months.
  const range = await updates(page, RUNS, (i) => {
    const from = document.querySelector('[data-testid="range-from"]');
    const options = [...from.options].filter((o) => !o.disabled);
    from.value = options[i % 2 ? 0 : 1].value;
    const t = performance.now();
    from.dispatchEvent(new Event('change', { bubbles: true }));
    return window.piSettled(t);
  });
  // The two kinds apart too: a product is picked row by row (every tick is a
  // pass over the selected rows); a market by customer (a pass over one
  // more market's customers, added to parts kept for the others).
  for (const [what, r] of [['filter change (new filters)', filter], ['  of which products', byProduct], ['  of which markets', byMarket],
    ['filter change back (kept figures)', back], ['range change', range]]) {
    console.log(`  ${what}, median of ${r.engine.length}: engine ${ms(median(r.engine))}, whole update ${ms(median(r.whole))}`
      + ` [engine max ${ms(Math.max(...r.engine))}]`);
  }
  await page.context().close();
}

async function firstLoad(browser, server) {
  const rows = firstLoadBytes(BUILD);
  const total = rows.reduce((s, r) => s + r.br, 0);
  // KB here is 1,024 bytes, as in every total BENCHMARKS.md gives for this
  // goal; the same in thousands of bytes beside it.
  console.log(`first load: ${(total / 1024).toFixed(1)} KB (${(total / 1000).toFixed(1)} thousand bytes) brotli (quality 11), everything served except data/`);
  for (const r of rows) console.log(`  ${r.name.padEnd(48)} ${String(r.raw).padStart(9)} B  ${String(r.br).padStart(8)} B br`);
  // A new context is a new profile: nothing cached. Starting it (its
  // renderer, network context and storage) keeps both cores busy for most
  // of a second here, which a navigation made at once shares; a partner's
  // browser has long started. So the page is opened, left for a second
  // (about:blank), and then navigated; the time from a navigation at once is
  // measured too, alternating.
  const settled = [];
  const atOnce = [];
  for (let i = 0; i < LOADS; i++) {
    for (const [wait, times] of [[SETTLE_MS, settled], [0, atOnce]]) {
      const page = await newPage(browser);
      await sleep(wait);
      await page.goto(server.url);
      times.push(await rendered(page));
      await page.context().close();
    }
  }
  const line = (times) => `${ms(median(times))}  [runs ${times.map((t) => t.toFixed(0)).join(' ')}]`;
  console.log(`  navigation to fully rendered dashboard (sample), median of ${LOADS}: ${line(settled)}`);
  console.log(`  the same, navigating as the browser context starts: ${line(atOnce)}`);
}

/** How long a new browser context is left to start before a measured navigation. */
const SETTLE_MS = 1000;

const browser = await launch();
const server = await startServer({ dir: site() });
try {
  await firstLoad(browser, server);
  if (file) await bigFile(browser, server);
} finally {
  await browser.close();
  await server.close();
}
