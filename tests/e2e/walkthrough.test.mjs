// What a partner tripped over in a walk-through of the app, each checked as
// the partner meets it: where a new page opens, what Back gives back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, insightsReport, monthLabel, openAt, overlappingLabels, suite } from './helpers.mjs';

const ctx = suite();

const open = (hash = '', width = 1280) => openAt(ctx, hash, { width, ready: '[data-kpi="customers"] .value, #low-adoption h2' });

/** Two animation frames: what a navigation draws, and its layout. */
const settled = (page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
const scrollY = (page) => page.evaluate(() => Math.round(window.scrollY));

for (const width of [1280, 390]) {
  test(`a customer opened from the low-adoption list starts at its top, and Back returns to the list where it was (${width} px)`, async () => {
    const page = await open('#/adoption', width);
    const link = page.locator('[data-testid="customers"] tbody tr th a').nth(3);
    await link.scrollIntoViewIfNeeded();
    const listAt = await scrollY(page);
    assert.ok(listAt > 300, `the list is further down the page (${listAt} px)`);
    await link.click();
    await page.getByTestId('customer-name').waitFor();
    await settled(page);
    await settled(page);
    assert.equal(await scrollY(page), 0, 'the customer page opens at its top');
    assert.ok(await page.getByTestId('customer-name').isVisible());
    const box = await page.getByTestId('verdict').boundingBox();
    assert.ok(box && box.y < 900, `the verdict is on screen (${box?.y})`);

    await page.goBack();
    await page.waitForSelector('[data-testid="customers"] tbody tr');
    await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 3, listAt);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a filter change keeps the page where it is scrolled; the dashboard link opens at the top', async () => {
  const page = await open('#/');
  await page.locator('#products').scrollIntoViewIfNeeded();
  const at = await scrollY(page);
  assert.ok(at > 300);
  await page.evaluate(() => { location.hash = location.hash.replace('#/', '#/?segment=Corporate'); });
  await page.waitForFunction(() => location.hash.includes('segment=Corporate'));
  await settled(page);
  // Where it was, give or take a line the new figures wrap differently.
  const after = await scrollY(page);
  assert.ok(Math.abs(after - at) < 60, `scrolled from ${at} to ${after}`);
  await page.locator('nav a', { hasText: 'Adoption' }).click();
  await page.waitForSelector('#low-adoption h2');
  await settled(page);
  await settled(page);
  assert.equal(await scrollY(page), 0);
  await page.context().close();
});

test('after Back the language picker shows the language of the page', async () => {
  const page = await open('#/');
  const picker = page.getByTestId('language');
  await picker.selectOption('fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await picker.selectOption('sv');
  await page.waitForFunction(() => document.documentElement.lang === 'sv');
  assert.equal(await picker.inputValue(), 'sv');
  await page.goBack();
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await page.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Résumé');
  assert.equal(await picker.inputValue(), 'fr', 'the picker says Français');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const width of [1280, 390]) {
  test(`a filter's list closes on Escape and on a click elsewhere (${width} px)`, async () => {
    const page = await open('#/', width);
    const product = page.locator('details[data-filter="product"]');
    const isOpen = () => product.evaluate((d) => d.open);
    await product.locator('summary').click();
    assert.equal(await isOpen(), true);
    await product.locator('input[type=checkbox]').first().focus();
    await page.keyboard.press('Escape');
    assert.equal(await isOpen(), false, 'Escape closes it');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'SUMMARY', 'the focus is back on its summary');

    await product.locator('summary').click();
    assert.equal(await isOpen(), true);
    await page.locator('#summary h2').click();
    assert.equal(await isOpen(), false, 'a click elsewhere closes it');

    // Opening another list closes the first; ticking inside keeps it open.
    await product.locator('summary').click();
    await product.locator('label.option').first().click();
    assert.equal(await isOpen(), true, 'a tick inside keeps it open');
    await page.locator('details[data-filter="market"] summary').click();
    assert.equal(await isOpen(), false);
    assert.equal(await page.locator('details[data-filter="market"]').evaluate((d) => d.open), true);
    assert.deepEqual(page.errors, []);
    await page.context().close();
  });
}

test('a threshold beyond 1000 is taken as 1000, and what is not a number gives the field its value back', async () => {
  const page = await open('#/adoption?deployment=65');
  const field = page.getByTestId('deployment-threshold');
  await field.fill('1001');
  await field.press('Enter');
  await page.waitForFunction(() => location.hash.includes('deployment=1000'));
  assert.equal(await field.inputValue(), '1000');
  await field.fill('-5');
  await field.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="deployment-threshold"]').value === '1000');
  assert.ok((await page.evaluate(() => location.hash)).includes('deployment=1000'), 'the address is unchanged');
  await page.context().close();
});

test('unticking "Low adoption only" is kept in the address, and Back ticks it again', async () => {
  const page = await open('#/adoption');
  const only = page.getByTestId('only-low');
  // The list's size, from its pager ("Page 1 of 7").
  const rows = async () => Number((await page.getByTestId('low-page').innerText()).split(' of ')[1]);
  const low = await rows();
  await only.uncheck();
  await page.waitForFunction(() => location.hash.includes('list=all'));
  await page.waitForFunction((n) => Number(document.querySelector('[data-testid="low-page"]').textContent.split(' of ')[1]) > n, low);
  await page.reload();
  await page.waitForSelector('[data-testid="customers"] tbody tr');
  assert.equal(await only.isChecked(), false, 'a reload keeps every customer listed');
  await page.goBack();
  await page.waitForFunction(() => !location.hash.includes('list=all'));
  await page.waitForFunction(() => document.querySelector('[data-testid="only-low"]').checked);
  assert.equal(await rows(), low);
  await page.context().close();
});

test('adoption tooltips give percentages in the language of the page', async () => {
  const page = await open('#/adoption');
  const formatted = (v) => page.evaluate((x) => {
    const chart = globalThis.echarts.getInstanceByDom([...document.querySelectorAll('#adoption-portfolio .chart')].pop());
    return chart.getOption().tooltip[0].valueFormatter(x);
  }, v);
  assert.equal(await formatted(76.7), '76.7%');
  await page.getByTestId('language').selectOption('fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  assert.equal(await formatted(76.7), '76,7\u00a0%');
  await page.context().close();
});

test('a tile\'s "View as table" heads its figure by name', async () => {
  const page = await open('#/');
  const header = await page.locator('[data-kpi="customers"] table thead th').allTextContents();
  assert.deepEqual(header.map((h) => h.trim()), ['Month', 'Customers']);
  await page.context().close();
});

/** The map's zoom and centre as drawn. */
const mapView = (page) => page.evaluate(() => {
  const geo = globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0];
  return { zoom: geo.zoom, center: geo.center };
});

test('the map keeps the selected country through a figure switch, a filter change and a reload', async () => {
  const page = await open('#/');
  await page.locator('[data-testid="country-grid"] tbody tr[data-country="Germany"]').click();
  await page.waitForFunction(() => location.hash.includes('country=DE'));
  await page.waitForFunction(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom > 1);
  const zoomed = await mapView(page);
  assert.ok(Math.abs(zoomed.center[0] - 10.4) < 3 && Math.abs(zoomed.center[1] - 51) < 3, `centred on Germany: ${zoomed.center}`);

  await page.locator('#geography [data-figure="active"]').click();
  await settled(page);
  assert.deepEqual(await mapView(page), zoomed, 'after switching the figure');

  await page.locator('details[data-filter="product"] summary').click();
  await page.locator('details[data-filter="product"] label.option').first().click();
  await page.waitForFunction(() => location.hash.includes('product='));
  await settled(page);
  assert.deepEqual(await mapView(page), zoomed, 'after a filter change');

  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  await page.waitForFunction(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart'))?.getOption().geo[0].zoom > 1);
  assert.deepEqual(await mapView(page), zoomed, 'after a reload of the address');
  assert.equal(await page.locator('[data-testid="country-grid"] tr.selected').getAttribute('data-country'), 'Germany');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('"View as table": a name and a value per bar of the distribution, country names for the map', async () => {
  const page = await open('#/');
  const table = async (section) => {
    const t = page.locator(`#${section} details.as-table`).first();
    await t.locator('summary').click();
    return {
      headers: (await t.locator('thead th').allTextContents()).map((h) => h.trim()),
      first: (await t.locator('tbody tr').first().locator('th, td').allTextContents()).map((c) => c.trim()),
    };
  };
  const distribution = await table('distribution');
  assert.deepEqual(distribution.headers, ['Name', 'Customers']);
  assert.equal(distribution.first.length, 2);
  const map = await table('geography');
  assert.deepEqual(map.headers, ['Name', 'Customers']);
  assert.equal(map.first[0], 'United States');
  await page.context().close();
});

test('Adoption filtered to a product without seats says why there is nothing, and Workloads follows the filter', async () => {
  const page = await open('#/adoption?product=Azure');
  await page.getByTestId('no-seats').waitFor();
  assert.match(await page.getByTestId('no-seats').innerText(), /^Azure: billed by consumption, without seats/);
  assert.equal(await page.locator('#adoption-portfolio .tile').count(), 0, 'no tiles of 0');
  assert.equal(await page.locator('#adoption-portfolio .chart').count(), 0, 'no empty chart');
  assert.equal(await page.locator('#adoption-products article.card').count(), 0);
  assert.ok(await page.getByTestId('no-products').isVisible());
  assert.match(await page.getByTestId('workloads-not-selected').innerText(), /Office 365 and Microsoft 365 licences/);
  assert.equal(await page.locator('[data-testid="workloads"]').count(), 0);

  // With a product that has seats, the figures are back.
  await page.evaluate(() => { location.hash = '#/adoption?product=Microsoft%20365'; });
  await page.waitForSelector('#adoption-portfolio .tile');
  assert.equal(await page.getByTestId('no-seats').count(), 0);
  assert.ok(await page.locator('[data-testid="workloads"] tbody tr').count() > 0);
  await page.screenshot({ path: join(SHOTS, 'adoption-no-seats.png'), fullPage: false });
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('each tile says what its change is against, and "All months" why there is none; the micro charts line up', async () => {
  const page = await open('#/');
  const basis = (kpi) => page.locator(`[data-kpi="${kpi}"] [data-testid="basis"]`).innerText();
  const r = insightsReport();
  const [y, m] = r.range.from.split('-').map(Number);
  const before = monthLabel(new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 7));
  const flowFrom = monthLabel(new Date(Date.UTC(y, m - 13, 1)).toISOString().slice(0, 7));
  assert.equal(await basis('customers'), `vs ${before}`);
  assert.equal(await basis('subscriptions'), `vs ${before}`);
  assert.equal(await basis('customers_added'), `vs ${flowFrom} to ${before}`);
  assert.equal(await basis('customers_churned'), `vs ${flowFrom} to ${before}`);
  const tops = await page.locator('#summary .tile .chart-frame').evaluateAll((frames) => frames.map((f) => Math.round(f.getBoundingClientRect().top)));
  assert.equal(tops.length, 5);
  assert.ok(tops.every((t) => t === tops[0]), `micro charts at ${tops}`);

  await page.getByTestId('range-preset').selectOption('all');
  await page.waitForFunction(() => document.querySelector('[data-kpi="customers"] [data-testid="basis"]')?.innerText === 'no earlier month in the data');
  assert.equal(await basis('customers_added'), 'no earlier month in the data');
  await page.context().close();
});

test('tabs and the map\'s figure are one Tab stop each, moved with the arrow keys', async () => {
  const page = await open('#/');
  const tabs = page.locator('#distribution [role="tab"]');
  assert.deepEqual(await tabs.evaluateAll((ts) => ts.map((t) => t.tabIndex)), [0, -1, -1, -1, -1]);
  await tabs.first().focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#distribution [role="tab"][aria-selected="true"]').getAttribute('data-tab'), 'segment');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.tab), 'segment', 'the focus follows');
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.tab), 'attribution_type');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.tab), 'partner_location', 'it wraps');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Home');
  assert.equal(await page.locator('#distribution [role="tab"][aria-selected="true"]').getAttribute('data-tab'), 'partner_location');

  const radios = page.locator('#geography [role="radio"]');
  assert.deepEqual(await radios.evaluateAll((rs) => rs.map((r) => r.tabIndex)), [0, -1, -1]);
  await radios.first().focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#geography [role="radio"][aria-checked="true"]').getAttribute('data-figure'), 'active');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.figure), 'active');
  await page.waitForFunction(() => location.hash.includes('map=active'));
  await page.context().close();
});

test('the country grid is one Tab stop, and the arrow keys move along its rows', async () => {
  const page = await open('#/');
  const stops = () => page.locator('[data-testid="country-grid"] tbody tr[tabindex="0"]').count();
  assert.equal(await stops(), 1, 'one row takes the Tab stop');
  const rows = await page.locator('[data-testid="country-grid"] tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.country));
  await page.locator('[data-testid="country-grid"] tbody tr[tabindex="0"]').focus();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.country), rows[0]);
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.country), rows[2]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.country), rows[1]);
  await page.keyboard.press('End');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.country), rows.at(-1));
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="country-grid"] tr.selected'));
  // The selected country's row is now the grid's Tab stop.
  assert.equal(await stops(), 1);
  assert.equal(await page.locator('[data-testid="country-grid"] tbody tr[tabindex="0"]').getAttribute('data-country'), rows[1]);
  await page.context().close();
});

test('two quick changes of the view end on the second, in the page and in the address', async () => {
  const page = await open('#/');
  // The first change's effects run (microtasks) and write its address, but
  // its hashchange (a task) is not in yet when the second change is made.
  await page.evaluate(async () => {
    document.querySelector('#distribution [data-tab="segment"]').click();
    for (let i = 0; i < 50; i += 1) await Promise.resolve();
    document.querySelector('#distribution [data-tab="partner_location"]').click();
  });
  await settled(page);
  await page.waitForTimeout(200);
  await settled(page);
  assert.equal(await page.locator('#distribution [role="tab"][aria-selected="true"]').getAttribute('data-tab'), 'partner_location');
  assert.ok(!(await page.evaluate(() => location.hash)).includes('dist=segment'));

  // A change's address is written after the frame that shows it. An input
  // can overtake the hashchange of an earlier change's address: that late
  // hashchange (dispatched here once the second change's effects have run,
  // while its address waits to be written) must not undo the second change.
  await page.evaluate(async () => {
    document.querySelector('#distribution [data-tab="segment"]').click();
    await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 50)));
    document.querySelector('#distribution [data-tab="attribution_type"]').click();
    for (let i = 0; i < 50; i += 1) await Promise.resolve();
    dispatchEvent(new HashChangeEvent('hashchange'));
  });
  await settled(page);
  await page.waitForTimeout(200);
  await settled(page);
  assert.equal(await page.locator('#distribution [role="tab"][aria-selected="true"]').getAttribute('data-tab'), 'attribution_type');
  assert.ok((await page.evaluate(() => location.hash)).includes('dist=attribution_type'), await page.evaluate(() => location.hash));
  await page.context().close();
});

test("a filter value's count is what the page counts once it is ticked: the range's last month, under the other filters", async () => {
  const page = await open('#/?segment=Corporate&range=6');
  const product = page.locator('details[data-filter="product"]');
  await product.locator('summary').click();
  const report = insightsReport(['--segment', 'Corporate']);
  const note = await product.getByTestId('filter-count-note').innerText();
  assert.equal(note, `Customers in ${monthLabel(report.range.to)}, under the other filters`);
  const azure = product.locator('label.option', { hasText: 'Azure' });
  await page.waitForFunction(() => document.querySelector('details[data-filter="product"] label.option .count').textContent !== '');
  const shown = Number((await azure.locator('.count').innerText()).replace(/,/g, ''));
  // What the tile says with Azure ticked, from the engine and on the page.
  const tile = insightsReport(['--segment', 'Corporate', '--product', 'Azure']).summary.customers.value;
  assert.equal(shown, tile);
  await azure.click();
  await page.waitForFunction((n) => document.querySelector('[data-kpi="customers"] .value').textContent.replace(/,/g, '') === String(n), tile);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('every customer of the low-adoption list, lowest usage first, starts with customers that have a usage figure', async () => {
  const page = await open('#/adoption?list=all');
  const cells = page.locator('[data-testid="customers"] tbody tr td:nth-of-type(5)');
  await cells.first().waitFor();
  // Page by page: the known figures come first, in ascending order; the
  // undefined ones last.
  const pages = Number((await page.getByTestId('low-page').innerText()).split(' of ')[1]);
  const usage = [];
  for (let p = 0; p < pages; p++) {
    if (p > 0) {
      await page.getByTestId('low-next').click();
      await page.waitForFunction((n) => document.querySelector('[data-testid="low-page"]').textContent.startsWith(`Page ${n} `), p + 1);
    }
    usage.push(...await cells.allInnerTexts());
  }
  const known = usage.filter((u) => u !== '–');
  assert.ok(known.length > 100);
  assert.ok(known.length < usage.length, 'some customers have no usage figure');
  assert.deepEqual(usage.slice(0, known.length), known);
  const values = known.map((u) => Number(u.replace(/[^0-9.]/g, '')));
  assert.deepEqual(values, [...values].sort((a, b) => a - b));
  await page.locator('[data-testid="customers"] button[data-sort="usage"]').click();
  const descending = await cells.allInnerTexts();
  assert.notEqual(descending[0], '–', 'largest first, and still the undefined last');
  await page.context().close();
});

/** What the page paints into a chart's PNG: the texts written on the canvas
 * and the chart drawn under them (its SVG), recorded as they are drawn. */
async function recordPng(page) {
  await page.addInitScript(() => {
    globalThis.painted = { texts: [], svgs: [] };
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      globalThis.painted.texts.push(text);
      return fill.call(this, text, ...rest);
    };
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (image, ...rest) {
      if (image.src) globalThis.painted.svgs.push(image.src);
      return draw.call(this, image, ...rest);
    };
  });
}

const svgText = (url) => {
  const [head, body] = url.split(',');
  return head.includes('base64') ? Buffer.from(body, 'base64').toString() : decodeURIComponent(body);
};

test('a chart PNG carries its title, range, filters and a legend, and no slider', async () => {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await recordPng(page);
  await page.goto(`${ctx.server.url}#/?product=Azure&product=Office%20365`);
  await page.waitForSelector('#adds-churns .chart svg');
  const report = insightsReport(['--product', 'Azure', '--product', 'Office 365']);
  // Zoomed to the second half of the range, as a partner might.
  await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart'))
    .dispatchAction({ type: 'dataZoom', start: 50, end: 100 }));
  const live = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getDataURL({ type: 'svg' }));
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#adds-churns .chart-png').click()]);
  assert.match(download.suggestedFilename(), /\.png$/);
  const painted = await page.evaluate(() => globalThis.painted);
  assert.equal(painted.texts[0], 'Customer adds and churns per month');
  assert.equal(painted.texts.slice(1).join(' '),
    `${monthLabel(report.range.from)} to ${monthLabel(report.range.to)} · Product: Azure, Office 365`);
  const svg = svgText(painted.svgs[0]);
  for (const name of ['New', 'Existing', 'Churned']) assert.ok(svg.includes(`>${name}<`), `legend entry ${name}`);
  // The slider is drawn on the page and not in the image (its handles and
  // track have ECharts' slider colours); its window is kept.
  const slider = (text) => ['#8292cc', '#c0c9e6'].some((colour) => text.includes(colour));
  assert.ok(slider(svgText(live)) && !slider(svg), 'no slider in the image');
  assert.ok(!svg.includes(`>${monthLabel(report.range.from)}<`), 'the months zoomed out stay out');
  assert.ok(svg.includes(`>${monthLabel(report.range.to)}<`));

  // The donut, which names its slices with buttons on the page, names them in the image.
  await Promise.all([page.waitForEvent('download'), page.locator('#products .chart-png').first().click()]);
  const donut = svgText((await page.evaluate(() => globalThis.painted.svgs)).at(-1));
  const product = report.products[0];
  assert.match(donut, new RegExp(`>${product.product}: \\d+(\\.\\d+)?%<`));
  await context.close();
});

test('countries are named in the language of the page: grid, map table, Market filter, customer list and trend', async () => {
  const page = await open('#/?lang=fr&trend=market');
  await page.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Résumé');
  const grid = await page.locator('[data-testid="country-grid"] tbody tr').evaluateAll((trs) =>
    Object.fromEntries(trs.map((tr) => [tr.dataset.country, tr.querySelector('th').textContent])));
  assert.equal(grid.Germany, 'Allemagne');
  assert.equal(grid['United States'], 'États-Unis');
  // Found by its French name, and by its name as the file writes it.
  await page.getByTestId('country-search').fill('allem');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="country-grid"] tbody tr').length === 1);
  await page.getByTestId('country-search').fill('germany');
  await page.waitForFunction(() => document.querySelector('[data-testid="country-grid"] tbody th')?.textContent === 'Allemagne');
  const market = page.locator('details[data-filter="market"]');
  await market.locator('summary').click();
  assert.ok((await market.locator('label.option .name').allInnerTexts()).includes('Allemagne'));
  await page.keyboard.press('Escape');
  const legend = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#distribution-trend .chart'))
    .getOption().series.map((s) => s.name));
  assert.ok(legend.includes('États-Unis'), legend.join());
  await page.locator('#customer-list').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="customer-list"] tbody tr');
  const markets = await page.locator('[data-testid="customer-list"] tbody tr td:nth-of-type(2)').allInnerTexts();
  assert.ok(markets.some((m) => ['Allemagne', 'États-Unis', 'Royaume-Uni', 'Pays-Bas', 'Suède'].includes(m)), markets.join());
  assert.ok(!markets.includes('Germany') && !markets.includes('United States'));
  // English keeps the names the files and downloads write.
  await page.getByTestId('language').selectOption('en');
  await page.waitForFunction(() => document.querySelector('[data-testid="country-grid"] tbody th')?.textContent === 'Germany');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

for (const width of [1280, 390]) {
  test(`the thresholds' labels sit clear of every line and marker in the per-product charts (${width} px)`, async () => {
    const page = await open('#/adoption', width);
    await page.waitForSelector('#adoption-products .chart svg');
    const clear = await page.evaluate(() => [...document.querySelectorAll('#adoption-products .chart')].map((el) => {
      const chart = globalThis.echarts.getInstanceByDom(el);
      const option = chart.getOption();
      const box = el.getBoundingClientRect();
      // The rightmost point of any series, in the chart's pixels.
      let right = 0;
      option.series.forEach((s, i) => s.data.forEach((v, j) => {
        if (v !== null) right = Math.max(right, chart.convertToPixel({ seriesIndex: i }, [j, v])[0]);
      }));
      const thresholds = option.series.map((s) => s.markLine.label.formatter);
      // Each threshold's label: the text of that name furthest right (the
      // value axis may carry the same text at its left).
      return thresholds.map((text) => {
        const texts = [...el.querySelectorAll('text')].filter((t) => t.textContent === text);
        const label = texts.map((t) => t.getBoundingClientRect()).sort((a, b) => b.left - a.left)[0];
        return { text, gap: label.left - box.left - right };
      });
    }));
    assert.ok(clear.length >= 3);
    for (const labels of clear) {
      for (const { text, gap } of labels) assert.ok(gap > 3, `${text} starts ${gap.toFixed(1)} px after the last marker's centre`);
    }
    assert.deepEqual(await overlappingLabels(page), []);
    await page.context().close();
  });
}

test('on a phone every legend entry is drawn whole, and tables scroll with their first column in view', async () => {
  const page = await open('#/?trend=market', 390);
  await page.waitForSelector('#distribution-trend .chart svg');
  for (const id of ['distribution', 'distribution-trend', 'adds-churns', 'active-trend']) {
    await page.locator(`#${id}`).scrollIntoViewIfNeeded();
    const legend = await page.evaluate((id) => {
      const el = document.querySelector(`#${id} .chart`);
      const option = globalThis.echarts.getInstanceByDom(el).getOption();
      const names = option.series.map((s) => s.name);
      const box = el.getBoundingClientRect();
      const texts = [...el.querySelectorAll('text')].map((t) => ({ text: t.textContent, box: t.getBoundingClientRect() }));
      return {
        type: option.legend[0].type,
        // Each name drawn as a whole text, inside the chart's box.
        missing: names.filter((n) => !texts.some((t) => t.text === n && t.box.left >= box.left - 1 && t.box.right <= box.right + 1)),
      };
    }, id);
    assert.deepEqual(legend.missing, [], `${id}: ${legend.type} legend`);
  }
  assert.deepEqual(await overlappingLabels(page), []);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
  const grid = page.locator('[data-testid="country-grid"]');
  await grid.scrollIntoViewIfNeeded();
  assert.equal(await grid.locator('tbody th').first().evaluate((th) => getComputedStyle(th).position), 'sticky');
  await page.locator('#geography').screenshot({ path: join(SHOTS, 'geography-390.png') });
  await page.context().close();
});

test('a chart\'s legend and its months can be worked from the keyboard', async () => {
  const page = await open('#/');
  const chart = () => page.evaluate(() => {
    const option = globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getOption();
    return { selected: option.legend[0].selected ?? {}, start: option.dataZoom[0].start, end: option.dataZoom[0].end };
  });
  // Tab from the section's last control before the chart reaches its keys.
  const keys = page.locator('#adds-churns .chart-keys');
  assert.equal(await keys.evaluate((k) => k.getBoundingClientRect().width), 1, 'out of sight until focused');
  await keys.getByRole('button', { name: 'Existing' }).focus();
  assert.ok((await keys.evaluate((k) => k.getBoundingClientRect().width)) > 100, 'shown while focused');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getOption().legend[0].selected?.Existing === false);
  assert.equal(await keys.getByRole('button', { name: 'Existing' }).getAttribute('aria-pressed'), 'false');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  // "◀ Earlier" is first of the months: Tab on to "Fewer months".
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Fewer months');
  await page.keyboard.press('Enter');
  let now = await chart();
  assert.equal(now.end - now.start, 50);
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Enter'); // ◀ Earlier
  now = await chart();
  assert.equal(now.start, 0);
  assert.equal(now.end, 50);
  await keys.getByRole('button', { name: 'All months' }).press('Enter');
  now = await chart();
  assert.deepEqual([now.start, now.end], [0, 100]);
  // A mouse click on the legend is reflected in the buttons too.
  await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart'))
    .dispatchAction({ type: 'legendToggleSelect', name: 'Existing' }));
  await page.waitForFunction(() => document.querySelector('#adds-churns .chart-keys button[aria-pressed="false"]') === null);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
