// Beyond the original dashboard: retention by cohort, every distribution
// trend tab, and every chart a filter (cross-filtering).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, expectedTiles, insightsReport, monthLabel, openAt, suite, tiles } from './helpers.mjs';

const ctx = suite();

const open = (hash = '', width = 1280, theme = 'light') => openAt(ctx, hash, { width, theme });

const pct = (p) => (p === null ? '' : `${(Math.round(p * 10) / 10).toFixed(1)}%`);
const chartOption = (page, selector) => page.evaluate((s) => {
  const o = globalThis.echarts.getInstanceByDom(document.querySelector(s)).getOption();
  return { series: o.series.map((x) => ({ name: x.name, data: x.data })), y: o.yAxis?.[0]?.data, x: o.xAxis?.[0]?.data };
}, selector);

/** The retention table as the page's "View as table" holds it. */
const retentionTable = async (page) => {
  const details = page.locator('#retention details.as-table').first();
  if (!await details.evaluate((d) => d.open)) await details.locator('summary').click();
  await details.locator('tbody tr').first().waitFor();
  return details.evaluate((d) => [...d.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)));
};

for (const [filters, args] of [['', []], ['&segment=Corporate', ['--segment', 'Corporate']]]) {
  test(`the retention triangle and curve are the engine's cohorts ${filters || 'without filters'}`, async () => {
    const page = await open(`#/?range=6${filters}`);
    const report = insightsReport(args);
    const [ty, tm] = report.range.to.split('-').map(Number);
    const from = new Date(Date.UTC(ty, tm - 6, 1)).toISOString().slice(0, 7);
    const r = insightsReport([...args, '--from', from, '--to', report.range.to]);
    assert.ok(r.retention.length >= 5);
    await page.locator('#retention').scrollIntoViewIfNeeded();
    await page.waitForSelector('#retention .chart svg');
    const rows = await retentionTable(page);
    assert.deepEqual(rows.map((row) => row[0]), r.retention.map((c) => `${monthLabel(c.cohort)} (${c.size.toLocaleString('en-US')})`));
    rows.forEach((row, i) => {
      const c = r.retention[i];
      assert.deepEqual(row.slice(1, 1 + c.retained.length), c.retained.map((k) => pct(k / c.size * 100)));
    });
    // The curve: retained over joined, over the cohorts followed that long.
    const curve = (await chartOption(page, '#retention .chart:not(.tall)')).series[0].data;
    const width = Math.max(...r.retention.map((c) => c.retained.length));
    const expected = [...Array(width).keys()].map((k) => {
      const with_ = r.retention.filter((c) => c.retained.length > k);
      const kept = with_.reduce((a, c) => a + c.retained[k], 0);
      const size = with_.reduce((a, c) => a + c.size, 0);
      return Math.round(kept / size * 1000) / 10;
    });
    assert.deepEqual(curve, expected);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a retention cell says its cohort, month, count and share, and the triangle follows the filters', async () => {
  const page = await open('#/?range=6');
  await page.locator('#retention').scrollIntoViewIfNeeded();
  await page.waitForSelector('#retention .chart.tall svg');
  const report = insightsReport();
  const [ty, tm] = report.range.to.split('-').map(Number);
  const from = new Date(Date.UTC(ty, tm - 6, 1)).toISOString().slice(0, 7);
  const r = insightsReport(['--from', from, '--to', report.range.to]);
  const c = r.retention[0];
  await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#retention .chart.tall'))
    .dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: 2 }));
  const tip = await page.waitForFunction(() => {
    const t = [...document.querySelectorAll('#retention .chart.tall div')].find((d) => d.textContent.includes('cohort, month'));
    return t?.textContent;
  });
  assert.equal(await tip.jsonValue(),
    `${monthLabel(c.cohort)} cohort, month 2${c.retained[2].toLocaleString('en-US')} of ${c.size.toLocaleString('en-US')} customers (${pct(c.retained[2] / c.size * 100)})`);
  const before = (await chartOption(page, '#retention .chart.tall')).y;
  await page.evaluate(() => { location.hash = location.hash + '&product=Azure'; });
  const azure = insightsReport(['--product', 'Azure', '--from', from, '--to', report.range.to]);
  await page.waitForFunction((first) => globalThis.echarts.getInstanceByDom(document.querySelector('#retention .chart.tall')).getOption().yAxis[0].data[0] === first,
    `${monthLabel(azure.retention[0].cohort)} (${azure.retention[0].size})`);
  assert.notDeepEqual((await chartOption(page, '#retention .chart.tall')).y, before);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the distribution trend has every tab of the original, with the engine\'s figures', async () => {
  const page = await open('#/');
  const r = insightsReport();
  for (const [tab, key] of [['Pricing model', 'pricing_model'], ['Attribution type', 'attribution_type'], ['Sales channel', 'sales_channel']]) {
    await page.locator('#distribution-trend [role="tab"]', { hasText: tab }).click();
    await page.waitForFunction((k) => location.hash.includes(`trend=${k}`), key);
    const option = await chartOption(page, '#distribution-trend .chart');
    const last = r.distribution_trend[key].at(-1).values;
    for (const { key: name, value } of last) {
      const s = option.series.find((x) => x.name === name);
      assert.ok(s, `${key}: ${name}`);
      assert.equal(s.data.at(-1), value, `${key}: ${name}`);
    }
  }
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a country selected in the grid still zooms the map, and "Filter to" makes it the page filter; Back undoes it', async () => {
  const page = await open('#/');
  await page.locator('[data-testid="country-grid"] tr[data-country="Germany"]').click();
  await page.waitForFunction(() => location.hash.includes('country=DE'));
  const zoom = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom);
  assert.ok(zoom > 1, 'the map zooms as before');
  await page.locator('#geography [data-testid="filter-to"]').click();
  await page.waitForFunction(() => location.hash.includes('market=Germany'));
  const mine = insightsReport(['--market', 'Germany']);
  await page.waitForFunction((n) => document.querySelector('[data-kpi="customers"] .value').textContent.replace(/,/g, '') === String(n), mine.summary.customers.value);
  assert.deepEqual(await tiles(page), expectedTiles(mine));
  assert.equal(await page.getByTestId('filter-chips').innerText(), 'Market: Germany\n✕');
  await page.locator('#geography').screenshot({ path: join(SHOTS, 'cross-filter-geography.png') });
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('market='));
  assert.equal(await page.getByTestId('filter-chips').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a product still opens its SKUs, and "Filter to" filters the page to it; its chip\'s ✕ undoes it', async () => {
  const page = await open('#/');
  await page.locator('#products button.chip[data-product="Azure"]').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="skus"] h3')?.textContent.includes('Azure'));
  await page.locator('#products [data-testid="filter-to"]').click();
  await page.waitForFunction(() => location.hash.includes('product=Azure'));
  const mine = insightsReport(['--product', 'Azure']);
  await page.waitForFunction((n) => document.querySelector('[data-kpi="customers"] .value').textContent.replace(/,/g, '') === String(n), mine.summary.customers.value);
  assert.deepEqual(await tiles(page), expectedTiles(mine));
  await page.getByTestId('filter-chips').getByRole('button', { name: 'Remove the filter Azure' }).click();
  await page.waitForFunction(() => !location.hash.includes('product='));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a bar of the distribution filters the page by a click then "Filter to", or from its table by the keyboard', async () => {
  const page = await open('#/?dist=segment');
  await page.waitForSelector('#distribution .chart svg');
  const r = insightsReport();
  const top = r.distribution.segment[0].key;
  // A click on the bar, where a pointer would make it: the middle of it.
  await page.locator('#distribution .chart').scrollIntoViewIfNeeded();
  const bar = await page.evaluate((name) => {
    const chart = globalThis.echarts.getInstanceByDom(document.querySelector('#distribution .chart'));
    const series = chart.getOption().series;
    const i = series.findIndex((s) => s.name === name);
    const [x, y] = chart.convertToPixel({ seriesIndex: i }, [series[i].data[i] / 2, i]);
    const box = document.querySelector('#distribution .chart').getBoundingClientRect();
    return [box.left + x, box.top + y];
  }, top);
  await page.mouse.click(bar[0], bar[1]);
  const button = page.locator('#distribution [data-testid="filter-to"]');
  await button.waitFor();
  assert.equal(await button.innerText(), `Filter to ${top}`);
  await button.click();
  await page.waitForFunction((v) => location.hash.includes(`segment=${encodeURIComponent(v)}`), top);
  const mine = insightsReport(['--segment', top]);
  await page.waitForFunction((n) => document.querySelector('[data-kpi="customers"] .value').textContent.replace(/,/g, '') === String(n), mine.summary.customers.value);
  assert.deepEqual(await tiles(page), expectedTiles(mine));
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('segment='));

  // From the keyboard: the table view names each value with a button.
  await page.locator('#distribution details.as-table summary').focus();
  await page.keyboard.press('Enter');
  const second = r.distribution.segment[1].key;
  await page.locator('#distribution details.as-table').getByRole('button', { name: `Filter to ${second}` }).focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((v) => location.hash.includes(`segment=${encodeURIComponent(v)}`), second);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('a product card on Adoption filters the page to its product', async () => {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${ctx.server.url}#/adoption`);
  const card = page.locator('#adoption-products article.card[data-product="Office 365"]');
  await card.waitFor();
  await card.getByTestId('filter-to').click();
  await page.waitForFunction(() => location.hash.includes('product=Office%20365'));
  await page.waitForFunction(() => document.querySelectorAll('#adoption-products article.card').length === 1);
  await context.close();
});

for (const width of [1280, 390]) {
  for (const theme of ['light', 'dark']) {
    test(`the retention section reads at ${width} px, ${theme}`, async () => {
      const page = await open('#/', width, theme);
      await page.locator('#retention').scrollIntoViewIfNeeded();
      await page.waitForSelector('#retention .chart.tall svg');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0);
      await page.locator('#retention').screenshot({ path: join(SHOTS, `retention-${width}-${theme}.png`) });
      await page.context().close();
    });
  }
}

test('the retention table downloads as CSV with the engine\'s cohorts', async () => {
  const page = await open('#/?range=6');
  const report = insightsReport();
  const [ty, tm] = report.range.to.split('-').map(Number);
  const from = new Date(Date.UTC(ty, tm - 6, 1)).toISOString().slice(0, 7);
  const r = insightsReport(['--from', from, '--to', report.range.to]);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-retention').click()]);
  assert.equal(download.suggestedFilename(), 'retention.csv');
  const lines = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.equal(lines.length, r.retention.length + 1);
  const first = r.retention[0];
  assert.deepEqual(lines[1].split(',').slice(0, 4), [first.cohort, String(first.size), String(first.retained[0]), '100.0']);
  await page.context().close();
});
