// The Customers dashboard as a partner uses it: range, filters, legends,
// slider, map and grid, product drill-down, tabs, empty state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, chartsDrawn, distWithout, expectedTiles, insightsReport, monthLabel, number, openPage, overlappingLabels, startServer, suite, tiles } from './helpers.mjs';

const ctx = suite();

async function open(width = 1280) {
  const page = await openPage(ctx.browser, { width, height: 900 });
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"]');
  await chartsDrawn(page);
  return page;
}

/** The ECharts option of the chart inside a section. */
function option(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(`${sel} .chart`);
    const chart = globalThis.echarts.getInstanceByDom(el);
    return JSON.parse(JSON.stringify(chart.getOption()));
  }, selector);
}

async function waitFor(page, predicate, arg) {
  await page.waitForFunction(predicate, arg, { timeout: 10000 });
}

test('range presets, custom months and filters recompute every figure', async () => {
  const page = await open();
  const base = insightsReport();
  assert.deepEqual(await tiles(page), expectedTiles(base));

  const last = base.data_months.last;
  await page.getByTestId('range-preset').selectOption('3');
  const [y, m] = last.split('-').map(Number);
  const from3 = new Date(Date.UTC(y, m - 3, 1)).toISOString().slice(0, 7);
  await waitFor(page, (v) => document.querySelector('.range-note')?.textContent.startsWith(v), monthLabel(from3));
  assert.deepEqual(await tiles(page), expectedTiles(insightsReport(['--from', from3])));

  await page.getByTestId('range-preset').selectOption('custom');
  await page.getByTestId('range-from').selectOption('2025-03');
  await page.getByTestId('range-to').selectOption('2025-08');
  await waitFor(page, () => document.querySelector('.range-note')?.textContent === 'Mar 2025 to Aug 2025');
  const custom = insightsReport(['--from', '2025-03', '--to', '2025-08']);
  assert.deepEqual(await tiles(page), expectedTiles(custom));
  assert.equal(number(await page.locator('[data-kpi="customers_churned"] .change-value').innerText()) !== null, true);

  await page.getByTestId('range-preset').selectOption('12');
  await page.locator('[data-filter="product"] summary').click();
  await page.locator('[data-filter="product"] label', { hasText: 'Azure' }).locator('input').check();
  await page.locator('[data-filter="market"] summary').click();
  await page.locator('[data-filter="market"] label', { hasText: 'Germany' }).locator('input').check();
  await page.locator('[data-filter="market"] label', { hasText: 'Netherlands' }).locator('input').check();
  const filtered = insightsReport(['--product', 'Azure', '--market', 'Germany', '--market', 'Netherlands']);
  await waitFor(page, (v) => document.querySelector('[data-kpi="customers"] .value')?.textContent === v,
    filtered.summary.customers.value.toLocaleString('en-US'));
  assert.deepEqual(await tiles(page), expectedTiles(filtered));
  const grid = await page.locator('[data-testid="country-grid"] tbody th').allInnerTexts();
  assert.deepEqual(grid.map((t) => t.trim()).sort(), ['Germany', 'Netherlands']);
  assert.match(await page.locator('[data-filter="market"] summary').innerText(), /Market: 2 selected/);

  await page.getByTestId('clear-filters').click();
  await waitFor(page, (v) => document.querySelector('[data-kpi="customers"] .value')?.textContent === v,
    base.summary.customers.value.toLocaleString('en-US'));
  assert.deepEqual(page.errors, []);
  // Nothing a partner opening the browser's console would take for a fault.
  assert.deepEqual(page.console, []);
});

test('legend toggles recompose the stack and the slider zooms to a period', async () => {
  const page = await open();
  const section = '#adds-churns';
  let o = await option(page, section);
  assert.deepEqual(o.series.map((s) => s.name), ['New', 'Existing', 'Churned']);
  const expected = insightsReport().adds_churns;
  assert.deepEqual(o.series[2].data, expected.map((m) => -m.churned));

  await page.locator(`${section} svg text`, { hasText: 'Existing' }).click();
  await waitFor(page, () => {
    const chart = globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart'));
    return chart.getOption().legend[0].selected?.Existing === false;
  });
  o = await option(page, section);
  assert.equal(o.legend[0].selected.Existing, false);
  assert.notEqual(o.legend[0].selected.New, false);

  // Drag the slider's left handle (below the slider's move bar) a third of
  // the way in, slowly: the slider throttles its updates.
  await page.locator(`${section} .chart`).scrollIntoViewIfNeeded();
  const box = await page.locator(`${section} .chart`).boundingBox();
  const x = box.x + 48 + 3;
  const y = box.y + 8 + 21;
  const distance = (box.width - 2 * 48) / 3;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(x + (distance * i) / 10, y);
    await page.waitForTimeout(30);
  }
  await page.mouse.up();
  await page.waitForTimeout(200);
  o = await option(page, section);
  assert.ok(o.dataZoom[0].start > 20, `slider start moved to ${o.dataZoom[0].start}`);
  assert.equal(o.dataZoom[0].end, 100);
  await page.locator(section).screenshot({ path: join(SHOTS, 'adds-churns-zoomed.png') });
});

test('the country grid searches, sorts, selects and the map zooms and comes home', async () => {
  const page = await open();
  const geography = insightsReport().geography;
  const rows = () => page.locator('[data-testid="country-grid"] tbody th').allInnerTexts();
  assert.deepEqual((await rows()).slice(0, 3).map((t) => t.trim()), geography.slice(0, 3).map((c) => c.country));

  await page.locator('[data-sort="country"]').click();
  const alphabetical = [...geography.map((c) => c.country)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
  assert.deepEqual((await rows()).slice(0, 5).map((t) => t.trim()), alphabetical.slice(0, 5));
  assert.equal(await page.locator('th:has([data-sort="country"])').getAttribute('aria-sort'), 'ascending');
  await page.locator('[data-sort="country"]').click();
  assert.equal((await rows())[0].trim(), alphabetical.at(-1));
  assert.equal(await page.locator('th:has([data-sort="country"])').getAttribute('aria-sort'), 'descending');
  await page.locator('[data-testid="country-grid"] [data-sort="added"]').click();
  const byAdded = [...geography].sort((a, b) => b.added - a.added || a.country.localeCompare(b.country));
  assert.equal((await rows())[0].trim(), byAdded[0].country);

  const before = await option(page, '#geography');
  assert.equal(before.geo[0].zoom, 1);
  await page.getByTestId('country-search').fill('singa');
  assert.deepEqual((await rows()).map((t) => t.trim()), ['Singapore']);
  await page.locator('[data-testid="country-grid"] tbody tr').first().click();
  await waitFor(page, () => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom > 1);
  const zoomed = await option(page, '#geography');
  assert.ok(zoomed.geo[0].zoom > 4, `zoom ${zoomed.geo[0].zoom}`);
  assert.ok(Math.abs(zoomed.geo[0].center[0] - 103.8) < 1 && Math.abs(zoomed.geo[0].center[1] - 1.3) < 1, `center ${zoomed.geo[0].center}`);
  assert.equal(await page.locator('[data-testid="country-grid"] tbody tr').first().getAttribute('aria-selected'), 'true');

  // A selected country is marked on the map: Singapore's dot, then
  // Luxembourg's shape, in the selection colour.
  const marked = () => page.evaluate(() => [...document.querySelectorAll('#geography .chart svg path')]
    .filter((p) => /^(#e0a100|rgb\(224,\s*161,\s*0\))$/i.test(p.getAttribute('fill') ?? '')).length);
  await waitFor(page, () => [...document.querySelectorAll('#geography .chart svg path')].some((p) => /^(#e0a100|rgb\(224,\s*161,\s*0\))$/i.test(p.getAttribute('fill') ?? '')));
  assert.equal(await marked(), 1, 'Singapore marked');

  // A country with a shape: Luxembourg.
  await page.getByTestId('country-search').fill('luxem');
  await page.locator('[data-testid="country-grid"] tbody tr').first().click();
  await waitFor(page, () => {
    const geo = globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0];
    return Math.abs(geo.center[0] - 6.1) < 1;
  });
  await waitFor(page, () => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getModel().getSeriesByIndex(0).option.selectedMap?.LU === true);
  const singapore = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getModel().getSeriesByIndex(1).option.selectedMap?.SG);
  assert.ok(!singapore, 'Singapore no longer selected');
  // The new mark is drawn with a short transition.
  await waitFor(page, () => [...document.querySelectorAll('#geography .chart svg path')]
    .filter((p) => /^(#e0a100|rgb\(224,\s*161,\s*0\))$/i.test(p.getAttribute('fill') ?? '')).length === 1);
  assert.equal(await marked(), 1, 'Luxembourg marked');

  await page.getByTestId('map-home').click();
  await waitFor(page, () => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom === 1);
  const home = await option(page, '#geography');
  assert.equal(home.geo[0].zoom, 1);
  assert.ok(!home.geo[0].center, 'the centre is the initial one again');

  // The map is coloured by the chosen figure.
  await page.locator('[data-figure="added"]').click();
  await waitFor(page, () => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().series[0].name === 'Customers added');
  const added = await option(page, '#geography');
  const us = added.series[0].data.find((d) => d.name === 'US');
  assert.equal(us.value, geography.find((c) => c.iso2 === 'US').added);
});

test('selecting a product shows its SKUs, selecting it again resets', async () => {
  const page = await open();
  const products = insightsReport().products;
  const azure = products.find((p) => p.product === 'Azure');
  assert.equal(await page.locator('[data-testid="skus"] h3').innerText(), 'SKUs of all products');
  await page.locator('[data-product="Azure"]').click();
  await waitFor(page, () => document.querySelector('[data-testid="skus"] h3').textContent === 'SKUs of Azure');
  const o = await option(page, '[data-testid="skus"]');
  assert.deepEqual(o.yAxis[0].data, azure.skus.map((s) => s.key));
  assert.deepEqual(o.series[0].data, azure.skus.map((s) => s.value));
  const pie = await option(page, '#products .pair');
  assert.equal(pie.series[0].data.find((d) => d.name === 'Azure').selected, true);
  assert.equal(await page.locator('[data-product="Azure"]').getAttribute('aria-pressed'), 'true');

  await page.locator('[data-product="Azure"]').click();
  await waitFor(page, () => document.querySelector('[data-testid="skus"] h3').textContent === 'SKUs of all products');
  const all = await option(page, '[data-testid="skus"]');
  const skuCount = products.reduce((n, p) => n + p.skus.length, 0);
  assert.equal(all.yAxis[0].data.length, new Set(products.flatMap((p) => p.skus.map((s) => s.key))).size);
  assert.ok(skuCount >= all.yAxis[0].data.length);
  assert.equal(await page.locator('[data-product="Azure"]').getAttribute('aria-pressed'), 'false');
});

test('tabs switch the distribution and the distribution trend', async () => {
  const page = await open();
  const report = insightsReport();
  let o = await option(page, '#distribution');
  assert.deepEqual(o.yAxis[0].data, report.distribution.partner_location.map((e) => e.key));
  for (const tab of ['segment', 'sales_channel', 'pricing_model', 'attribution_type']) {
    await page.locator(`#distribution [data-tab="${tab}"]`).click();
    await waitFor(page, (keys) => {
      const chart = globalThis.echarts.getInstanceByDom(document.querySelector('#distribution .chart'));
      return JSON.stringify(chart.getOption().yAxis[0].data) === JSON.stringify(keys);
    }, report.distribution[tab].map((e) => e.key));
    assert.equal(await page.locator(`#distribution [data-tab="${tab}"]`).getAttribute('aria-selected'), 'true');
  }
  await page.locator('#distribution-trend [data-tab="product"]').click();
  await waitFor(page, () => {
    const chart = globalThis.echarts.getInstanceByDom(document.querySelector('#distribution-trend .chart'));
    return chart.getOption().series.some((s) => s.name === 'Azure');
  });
  o = await option(page, '#distribution-trend');
  const azure = o.series.find((s) => s.name === 'Azure');
  assert.deepEqual(azure.data, report.distribution_trend.product.map((m) => m.values.find((e) => e.key === 'Azure')?.value ?? 0));
  o = await option(page, '#active-trend');
  assert.deepEqual(o.series[0].data, report.active_trend.map((p) => p.active));
  assert.deepEqual(o.series[1].data, report.active_trend.map((p) => p.customers));
});

test('filters that leave nothing show an empty state with a way out', async () => {
  const dir = distWithout('data/customers.csv');
  writeFileSync(join(dir, 'data', 'customers.csv'),
    'Month,CustomerTenantId,Product,CustomerSegment\n2024-01,a,Azure,SMB\n2024-01,b,Office 365,Enterprise\n');
  const small = await startServer({ dir });
  try {
    const page = await openPage(ctx.browser);
    await page.goto(small.url);
    await page.waitForSelector('[data-kpi="customers"]');
    await page.locator('[data-filter="product"] summary').click();
    await page.locator('[data-filter="product"] label', { hasText: 'Azure' }).locator('input').check();
    await page.locator('[data-filter="segment"] summary').click();
    await page.locator('[data-filter="segment"] label', { hasText: 'Enterprise' }).locator('input').check();
    await page.getByTestId('empty').waitFor();
    await page.getByTestId('empty').getByRole('button', { name: 'Clear all filters' }).click();
    await page.waitForSelector('[data-kpi="customers"]');
    assert.equal(number(await page.locator('[data-kpi="customers"] .value').innerText()), 2);
  } finally {
    await small.close();
  }
});

test('on a phone a country picked in the grid is marked along its whole row, its name kept in view included', async () => {
  const page = await open(390);
  await page.locator('[data-testid="country-grid"] tbody tr').nth(3).click();
  await waitFor(page, () => document.querySelectorAll('[data-testid="country-grid"] tbody tr')[3].getAttribute('aria-selected') === 'true');
  const cells = await page.evaluate(() => {
    const rows = document.querySelectorAll('[data-testid="country-grid"] tbody tr');
    const style = (el) => getComputedStyle(el);
    return {
      position: style(rows[3].querySelector('th')).position,
      name: style(rows[3].querySelector('th')).backgroundColor,
      row: style(rows[3]).backgroundColor,
      other: style(rows[4].querySelector('th')).backgroundColor,
    };
  });
  // The name column stays in view while the figures scroll: it has a background of its own.
  assert.equal(cells.position, 'sticky');
  assert.equal(cells.name, cells.row, "the selected row's name cell shows the selection");
  assert.notEqual(cells.other, cells.row, "another row's name cell does not");
});

for (const [width, name] of [[1280, 'desktop'], [390, 'phone']]) {
  test(`screenshots of every section at ${name} width`, async () => {
    const page = await open(width);
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: true });
    for (const id of ['summary', 'geography', 'adds-churns', 'distribution', 'products', 'distribution-trend', 'active-trend']) {
      await page.locator(`#${id}`).screenshot({ path: join(SHOTS, `${id}-${name}.png`) });
    }
    // Nothing overflows the page sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
    // No chart's labels run into one another or under its PNG button.
    assert.deepEqual(await overlappingLabels(page), []);
    assert.deepEqual(page.errors, []);
  });
}

/** Moves the mouse to a data coordinate of a chart; returns the tooltip's text. */
async function hover(page, selector, finder, point) {
  const chartSel = `${selector} .chart`;
  await page.locator(chartSel).first().scrollIntoViewIfNeeded();
  const box = await page.locator(chartSel).first().boundingBox();
  const [x, y] = await page.evaluate(([sel, f, p]) => {
    const chart = globalThis.echarts.getInstanceByDom(document.querySelector(sel));
    return chart.convertToPixel(f, p);
  }, [chartSel, finder, point]);
  await page.mouse.move(box.x + x, box.y + y);
  const tip = page.locator(`${chartSel} > div`).filter({ hasNotText: /^$/ }).last();
  await page.waitForFunction((sel) => [...document.querySelector(sel).children].some((d) => d.tagName === 'DIV' && d.style.display !== 'none' && d.textContent.trim() !== '' && getComputedStyle(d).opacity !== '0'), chartSel);
  return tip.innerText();
}

test('tooltips: a country shows its three figures, a month every stack, a tile its trend', async () => {
  const page = await open();
  const report = insightsReport();
  const us = report.geography.find((c) => c.iso2 === 'US');
  const country = await hover(page, '#geography', { geoIndex: 0 }, [-98, 39]);
  assert.match(country, /United States/);
  assert.match(country, new RegExp(`Customers: ${us.customers.toLocaleString('en-US')}`));
  assert.match(country, new RegExp(`Active customers: ${us.active.toLocaleString('en-US')}`));
  assert.match(country, new RegExp(`New customers: ${us.added.toLocaleString('en-US')}`));

  const month = report.adds_churns.at(-1);
  const stacks = await hover(page, '#adds-churns', { xAxisIndex: 0, yAxisIndex: 0 }, [monthLabel(month.month), 100]);
  assert.match(stacks, new RegExp(monthLabel(month.month)));
  for (const [name, value] of [['New', month.new], ['Existing', month.existing], ['Churned', month.churned]]) {
    assert.match(stacks, new RegExp(`${name}\\s*${value.toLocaleString('en-US')}`), stacks);
  }

  // A tile's micro chart names each month's figure when its strip is hovered.
  const point = report.summary.customers.trend.at(-1);
  const months = page.locator('[data-kpi="customers"] .chart svg g');
  assert.equal(await months.count(), report.summary.customers.trend.length);
  await months.last().hover();
  assert.equal(await months.last().locator('title').textContent(), `${monthLabel(point.month)}: ${point.value.toLocaleString('en-US')}`);
});

test('an update touches only the charts whose figures changed, and never re-creates one', async () => {
  const page = await open();
  await page.evaluate(() => {
    window.updates = [];
    for (const el of document.querySelectorAll('.chart:not(.micro)')) {
      const chart = globalThis.echarts.getInstanceByDom(el);
      el.dataset.instance = chart.id;
      const setOption = chart.setOption.bind(chart);
      chart.setOption = (...args) => {
        window.updates.push(el.closest('section')?.id ?? el.className);
        return setOption(...args);
      };
    }
  });
  const instances = () => page.evaluate(() => [...document.querySelectorAll('.chart:not(.micro)')]
    .map((el) => [el.dataset.instance, globalThis.echarts.getInstanceByDom(el)?.id]));
  const before = await instances();

  // Another figure on the map: the map alone is redrawn.
  await page.locator('[data-figure="added"]').click();
  await page.waitForFunction(() => window.updates.length > 0);
  await page.waitForTimeout(200);
  const mapOnly = await page.evaluate(() => window.updates);
  assert.equal(new Set(mapOnly).size, 1, `one chart redrawn, got ${mapOnly.join(', ')}`);
  assert.match(mapOnly[0], /geo/);

  // A filter changes every figure: every chart is updated in place.
  await page.evaluate(() => { window.updates = []; });
  await page.locator('[data-filter="product"] summary').click();
  await page.locator('[data-filter="product"] label', { hasText: 'Azure' }).locator('input').check();
  await page.waitForFunction(() => window.updates.length > 0);
  const after = await instances();
  assert.deepEqual(after, before, 'the same chart instances before and after');
  assert.ok(after.every(([set, now]) => set && set === now));
  await page.close();
});

test('each chart is drawn once on the first view, and follows its container when the window narrows', async () => {
  const page = await openPage(ctx.browser, { width: 1280, height: 900 });
  // Count each chart's renders from its creation on.
  await page.addInitScript(() => {
    window.renders = {};
    let library;
    Object.defineProperty(window, 'echarts', {
      configurable: true,
      get: () => library,
      set(value) {
        library = Object.create(value, {
          init: {
            value: (...args) => {
              const chart = value.init(...args);
              window.renders[chart.id] = 0;
              chart.on('rendered', () => { window.renders[chart.id] += 1; });
              return chart;
            },
          },
        });
      },
    });
  });
  await page.goto(ctx.server.url);
  await page.waitForFunction(() => {
    const charts = [...document.querySelectorAll('.chart')];
    return charts.length >= 14 && charts.every((c) => c.querySelector('svg path'));
  });
  await page.waitForTimeout(500);
  const first = await page.evaluate(() => Object.values(window.renders));
  // The map, adds and churns, distribution, products and SKUs, the trend,
  // active customers, and retention's triangle and curve (the tiles' micro
  // charts are drawn by the page, not by ECharts).
  assert.equal(first.length, 9);
  assert.deepEqual(first, first.map(() => 1), `renders per chart: ${first.join(', ')}`);

  await page.setViewportSize({ width: 800, height: 900 });
  const map = page.locator('#geography .chart').first();
  await page.waitForFunction(() => {
    const el = document.querySelector('#geography .chart');
    return Math.abs(Number(el.querySelector('svg').getAttribute('width')) - el.clientWidth) < 1;
  });
  const width = await map.evaluate((el) => el.clientWidth);
  assert.ok(width < 800, `the map's container narrowed to ${width}`);
  const after = await page.evaluate(() => Object.values(window.renders));
  assert.ok(after.some((n, i) => n > first[i]), 'charts were redrawn at the new size');
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('after a click the charts in view are drawn before the next frame, the others after it and before they are seen', async () => {
  const page = await open();
  await page.evaluate(() => {
    window.drawnAt = {};
    for (const el of document.querySelectorAll('.chart:not(.micro)')) {
      const chart = globalThis.echarts.getInstanceByDom(el);
      const setOption = chart.setOption.bind(chart);
      const id = el.closest('section')?.id ?? el.className;
      chart.setOption = (...args) => {
        window.drawnAt[id] ??= performance.now();
        return setOption(...args);
      };
    }
  });
  await page.locator('[data-filter="product"] summary').click();
  const frame = await page.evaluate(() => new Promise((ok) => {
    window.drawnAt = {};
    // A frame callback asked for before the click runs in the first frame after it.
    requestAnimationFrame(() => ok({ at: performance.now(), drawn: Object.keys(window.drawnAt) }));
    [...document.querySelectorAll('[data-filter="product"] label')].find((l) => l.textContent.includes('Azure')).querySelector('input').click();
  }));
  // The map is in view at 1280 x 900; retention is far below.
  assert.ok(frame.drawn.includes('geography'), `drawn before the frame: ${frame.drawn}`);
  assert.ok(!frame.drawn.includes('retention'), `drawn before the frame: ${frame.drawn}`);
  // The rest follow without being scrolled to, and show the filtered figures.
  await waitFor(page, () => 'retention' in window.drawnAt && 'adds-churns' in window.drawnAt);
  const report = insightsReport(['--product', 'Azure']);
  const adds = await option(page, '#adds-churns');
  assert.deepEqual(adds.series[0].data.slice(-3), report.adds_churns.slice(-3).map((m) => m.new));
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the country grid follows every change: a share follows a new total even when the country\'s counts stay', async () => {
  const page = await open();
  const row = (country) => page.locator(`[data-testid="country-grid"] tbody tr[data-country="${country}"]`)
    .evaluate((tr) => [...tr.children].map((c) => c.textContent.trim()));
  const expected = (c) => [c.country, c.customers.toLocaleString('en-US'), `${c.customers_share_pct.toFixed(1)}%`,
    c.active.toLocaleString('en-US'), `${c.active_share_pct.toFixed(1)}%`, c.added.toLocaleString('en-US'), `${c.added_share_pct.toFixed(1)}%`];
  const all = insightsReport().geography.find((c) => c.country === 'United States');
  assert.deepEqual(await row('United States'), expected(all));
  // The United States alone: the same counts, each share now 100 %.
  await page.locator('[data-filter="market"] summary').click();
  await page.locator('[data-filter="market"] label', { hasText: 'United States' }).locator('input').check();
  const alone = insightsReport(['--market', 'United States']).geography.find((c) => c.country === 'United States');
  assert.equal(alone.customers, all.customers);
  assert.equal(alone.customers_share_pct, 100);
  await waitFor(page, () => document.querySelector('[data-testid="country-grid"] tbody tr[data-country="United States"] td:nth-of-type(2)')?.textContent.trim() === '100.0%');
  assert.deepEqual(await row('United States'), expected(alone));
  assert.deepEqual(page.errors, []);
  await page.close();
});
