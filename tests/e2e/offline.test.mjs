// Offline: after one visit, the app and its bundled sample open with no
// network (a service worker keeps the files of the build), from a sub-path too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distWithout, expectedTiles, insightsReport, launch, ROOT, startServer, tiles } from './helpers.mjs';

test('after one visit the dashboard opens with the server gone, under a sub-path', async () => {
  const browser = await launch();
  const server = await startServer({ base: '/tools/insights/' });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForSelector('[data-kpi="customers"] .value');
    // The worker installs (caching every file of the build) and takes the page.
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, server.url);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const cache = await caches.open(keys.find((k) => k.startsWith('partner-insights-')));
      return (await cache.keys()).map((r) => new URL(r.url).pathname);
    });
    assert.ok(cached.includes('/tools/insights/data/customers.csv'), cached.join(' '));
    assert.ok(cached.some((p) => p.endsWith('_bg.wasm')));

    // No network at all: the server is gone and the browser is offline.
    await server.close();
    await context.setOffline(true);
    await page.reload();
    await page.waitForSelector('[data-kpi="customers"] .value', { timeout: 20000 });
    assert.deepEqual(await tiles(page), expectedTiles(insightsReport()));
    assert.ok(await page.locator('#geography .chart svg path').count() > 100, 'the map is drawn from the cache');
    // The other languages' words, never fetched online, come from the cache too.
    assert.ok(cached.includes('/tools/insights/locales/sv.txt'), cached.join(' '));
    await page.getByTestId('language').selectOption('sv');
    await page.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Sammanfattning');
    assert.deepEqual(errors, []);
    await context.close();
  } finally {
    await browser.close();
  }
});

test('a new deploy replaces the cached build', async () => {
  // A copy of the build, so it can be changed the way a new deploy would.
  const dir = distWithout();
  const browser = await launch();
  const server = await startServer({ dir });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(server.url);
    await page.waitForSelector('[data-kpi="customers"] .value');
    const [old] = await page.evaluate(async () => { await navigator.serviceWorker.ready; return caches.keys(); });

    // The new deploy: a smaller sample, and the worker written again by the build's hook.
    const lines = readFileSync(join(dir, 'data', 'customers.csv'), 'utf8').split('\n').slice(0, 1001);
    writeFileSync(join(dir, 'data', 'customers.csv'), `${lines.join('\n')}\n`);
    execFileSync('node', [join(ROOT, 'scripts', 'service-worker.mjs')], { env: { ...process.env, TRUNK_STAGING_DIR: dir } });

    // The next visit finds the new worker, which caches the new build and drops the old one.
    await page.reload();
    const replaced = () => page.evaluate(async (previous) => {
      const keys = await caches.keys();
      const registration = await navigator.serviceWorker.getRegistration();
      return keys.length === 1 && keys[0] !== previous && registration.active?.state === 'activated';
    }, old);
    for (let tries = 0; !(await replaced()); tries++) {
      assert.ok(tries < 120, 'the new worker took over within 30 s');
      await page.waitForTimeout(250);
    }
    const next = await context.newPage();
    await next.goto(server.url);
    await next.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.includes('1,000 rows loaded'),
      null, { timeout: 20000 });
  } finally {
    await browser.close();
    await server.close();
  }
});
