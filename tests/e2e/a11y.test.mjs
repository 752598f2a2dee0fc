// Accessibility: every chart has a text alternative, a table of exactly the
// figures it draws, and an axe-core audit of every page finds nothing serious.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { insightsReport, monthLabel, openPage, ROOT, suite } from './helpers.mjs';

const ctx = suite();

test('every chart can be read as a table of its figures', async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  const frames = await page.locator('.chart-frame').count();
  assert.ok(frames >= 10);
  // A chart's table is made as its "View as table" opens; a tile's micro
  // chart has its table at all times, hidden but for screen readers.
  const micro = await page.locator('.chart-frame:has(.micro) table').count();
  assert.equal(micro, 5);
  const closed = page.locator('.chart-frame details.as-table');
  assert.equal(micro + await closed.count(), frames, 'a table or a "View as table" per chart');
  for (const details of await closed.all()) await details.locator('summary').click();
  assert.equal(await page.locator('.chart-frame table').count(), frames, 'one table per chart');

  const report = insightsReport();
  const adds = page.locator('#adds-churns [data-testid="as-table"]');
  const headers = await adds.locator('thead th').allInnerTexts();
  assert.deepEqual(headers, ['Month', 'New', 'Existing', 'Churned']);
  const rows = await adds.locator('tbody tr').all();
  assert.equal(rows.length, report.adds_churns.length);
  const last = report.adds_churns.at(-1);
  const cells = await rows.at(-1).locator('th, td').allInnerTexts();
  assert.deepEqual(cells, [monthLabel(last.month), last.new.toLocaleString('en-US'), last.existing.toLocaleString('en-US'),
    `−${last.churned.toLocaleString('en-US')}`]);

  // A tile's micro chart is read by screen readers from its hidden table.
  const tile = page.locator('[data-kpi="customers"] .chart-frame table');
  const trend = report.summary.customers.trend;
  assert.equal(await tile.locator('tbody tr').count(), trend.length);
  assert.equal((await tile.locator('tbody tr').last().locator('td').innerText()), trend.at(-1).value.toLocaleString('en-US'));
  assert.deepEqual(page.errors, []);
});

/** axe-core's serious and critical violations on the page as it stands. */
async function audit(page) {
  await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
  const violations = await page.evaluate(async () => (await globalThis.axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('; ')}`);
}

test('axe-core finds no serious or critical violation on any page, light or dark', async () => {
  for (const colorScheme of ['light', 'dark']) {
    // axe is injected as a script of its own, which the page's policy would refuse.
    const context = await ctx.browser.newContext({ bypassCSP: true, colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(ctx.server.url);
    await page.waitForSelector('[data-kpi="customers"] .value');
    assert.deepEqual(await audit(page), [], `dashboard, ${colorScheme}`);

    await page.goto(`${ctx.server.url}#/adoption`);
    await page.waitForSelector('[data-testid="customers"] tbody tr');
    assert.deepEqual(await audit(page), [], `adoption, ${colorScheme}`);

    await page.locator('[data-testid="customers"] tbody tr th a').first().click();
    await page.getByTestId('customer-name').waitFor();
    assert.deepEqual(await audit(page), [], `customer, ${colorScheme}`);
    await context.close();
  }
});

/** Presses Tab (or Shift+Tab) until `selector` has the focus; fails after `limit` presses. */
async function tabTo(page, selector, { back = false, limit = 400 } = {}) {
  for (let i = 0; i < limit; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  assert.fail(`${selector} never got the focus`);
}

const zoom = (page) => page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom);

test('the keyboard alone reaches the grid, sorts it, selects a country and brings the map home', async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  await page.locator('body').focus();

  // Filters and range come first, then the sections; each stop shows its focus.
  await tabTo(page, '[data-filter="product"] summary');
  assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none', 'visible focus');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space'); // the first product
  await page.waitForFunction(() => /Product: /.test(document.querySelector('[data-filter="product"] summary').textContent)
    && !/all/.test(document.querySelector('[data-filter="product"] summary').textContent));
  await tabTo(page, '[data-testid="clear-filters"]');
  await page.keyboard.press('Enter');

  // Sort the country grid by Active, then select the first country.
  await tabTo(page, '#geography [data-sort="active"]');
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('#geography th:has([data-sort="active"])').getAttribute('aria-sort'), 'descending');
  const firstByActive = insightsReport().geography.slice().sort((a, b) => b.active - a.active || a.country.localeCompare(b.country))[0];
  await tabTo(page, '[data-testid="country-grid"] tbody tr');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.country), firstByActive.country);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom > 1);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-selected')), 'true');

  // Back to the map's Home button, and home.
  await tabTo(page, '[data-testid="map-home"]', { back: true });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].zoom === 1);
  assert.equal(await zoom(page), 1);

  // Tabs and the product drill-down answer the keyboard too.
  // The tab list is one Tab stop (the selected tab); the arrow keys choose.
  await tabTo(page, '#distribution [role="tab"][data-tab="partner_location"]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.locator('#distribution [role="tab"][data-tab="segment"]').getAttribute('aria-selected'), 'true');
  await tabTo(page, '[data-product="Azure"]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid="skus"] h3').textContent === 'SKUs of Azure');
  assert.deepEqual(page.errors, []);
});
