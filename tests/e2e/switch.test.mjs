// A language or theme switch re-renders texts and charts in place: the page
// says what a fresh load in that language says, and what the partner did
// (grid sort and search, a legend entry switched off, a zoomed axis, the
// map's country) is still there, on the same chart instances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, suite, words } from './helpers.mjs';

const ctx = suite();

async function open(hash = '', width = 1280, ready = '[data-kpi="customers"] .value, #low-adoption h2, [data-testid="verdict"]') {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(ctx.server.url + hash);
  await page.waitForSelector(ready);
  return page;
}

/** Waits until two animation frames have passed: effects have drawn. */
const settled = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

async function switchTo(page, code, heading) {
  await page.getByTestId('language').selectOption(code);
  await page.waitForFunction((h) => document.querySelector('#summary h2')?.textContent === h, heading);
  await settled(page);
}

for (const [hash, wait] of [['#/', '#summary h2'], ['#/adoption', '#low-adoption h2'], ['customer', '[data-testid="verdict"]']]) {
  test(`after a language switch ${hash} says what a fresh load in that language says`, async () => {
    const page = await open(hash === 'customer' ? '#/adoption' : hash);
    if (hash === 'customer') await page.locator('[data-testid="customers"] tbody tr th a').first().click();
    await page.waitForSelector(wait);
    const english = await page.locator(wait).first().innerText();
    await page.getByTestId('language').selectOption('fr');
    await page.waitForFunction(([w, e]) => document.documentElement.lang === 'fr' && document.querySelector(w)?.innerText !== e, [wait, english]);
    await settled(page);
    const switched = await words(page);
    const fresh = await open(new URL(page.url()).hash);
    await fresh.waitForSelector(wait);
    await settled(fresh);
    assert.deepEqual(switched, await words(fresh));
    assert.deepEqual(page.errors, []);
    assert.deepEqual(fresh.errors, []);
    await page.context().close();
    await fresh.context().close();
  });
}

/** The view state the test sets, as the page shows it. */
const state = (page) => page.evaluate(() => {
  const chart = (id) => globalThis.echarts.getInstanceByDom(document.querySelector(`#${id} .chart`));
  const adds = chart('adds-churns');
  const map = chart('geography');
  const option = adds.getOption();
  return {
    addsId: adds.id,
    mapId: map.id,
    legendOff: Object.entries(option.legend[0].selected || {}).filter(([, on]) => !on).length,
    zoom: [option.dataZoom[0].start, option.dataZoom[0].end],
    mapZoom: map.getOption().geo[0].zoom,
    search: document.querySelector('[data-testid="country-search"]').value,
    sorted: [...document.querySelectorAll('[data-testid="country-grid"] th[aria-sort]')]
      .map((th) => th.getAttribute('aria-sort')),
    rows: [...document.querySelectorAll('[data-testid="country-grid"] tbody tr')].map((tr) => tr.dataset.country),
    selectedRow: document.querySelector('[data-testid="country-grid"] tr.selected')?.dataset.country,
  };
});

for (const width of [1280, 390]) {
  test(`grid sort and search, a legend entry, a zoom and the map's country survive a language and a theme switch (${width} px)`, async () => {
    const page = await open('#/', width);
    await page.locator('[data-testid="country-grid"] button[data-sort="active"]').click();
    await page.getByTestId('country-search').fill('an');
    await page.locator('[data-testid="country-grid"] tbody tr[data-country="Germany"]').click();
    await page.waitForFunction(() => location.hash.includes('country=DE'));
    await page.evaluate(() => {
      const adds = globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart'));
      adds.dispatchAction({ type: 'legendUnSelect', name: 'Existing' });
      adds.dispatchAction({ type: 'dataZoom', start: 50, end: 100 });
    });
    await settled(page);
    const before = await state(page);
    assert.equal(before.legendOff, 1);
    assert.deepEqual(before.zoom, [50, 100]);
    assert.ok(before.mapZoom > 1, `the map is zoomed to Germany (${before.mapZoom})`);
    assert.equal(before.search, 'an');
    assert.ok(before.sorted.includes('descending'));
    assert.ok(before.rows.length > 1 && before.rows.every((c) => c.toLowerCase().includes('an')), before.rows.join());
    assert.equal(before.selectedRow, 'Germany');

    await switchTo(page, 'fr', 'Résumé');
    const french = await state(page);
    // Countries are named in French now ("Danemark"): the search finds a
    // country by its name as shown or as the file writes it, so the rows
    // found before are all still there, with any French name that matches.
    assert.ok(before.rows.every((c) => french.rows.includes(c)), french.rows.join());
    assert.deepEqual({ ...french, rows: [] }, { ...before, rows: [] }, 'the same after a language switch');
    assert.equal(await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart'))
      .getOption().legend[0].selected['Existants']), false, 'the entry switched off is the same series, now in French');

    await page.getByTestId('theme-toggle').click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark' || document.documentElement.classList.contains('dark'));
    await settled(page);
    assert.deepEqual(await state(page), french, 'the same after a theme switch');
    await page.screenshot({ path: join(SHOTS, `switch-kept-${width}.png`), fullPage: false });
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('why a file was refused is worded again in a new language', async () => {
  const page = await open('#/');
  await page.getByTestId('open-files').setInputFiles({
    name: 'no-tenant.csv', mimeType: 'text/csv', buffer: Buffer.from('Month,Product\n2024-01,Azure\n'),
  });
  const refused = page.locator('.file-outcome.refused [role="alert"]');
  await refused.waitFor();
  assert.match(await refused.innerText(), /CustomerTenantId/);
  const english = await refused.innerText();
  await switchTo(page, 'fr', 'Résumé');
  const french = await refused.innerText();
  assert.notEqual(french, english);
  assert.match(french, /il manque à l’en-tête la colonne obligatoire CustomerTenantId/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
