// Accessibility: every chart has a text alternative, a table of exactly the
// figures it draws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insightsReport, openPage, suite } from './helpers.mjs';

const ctx = suite();

test('every chart can be read as a table of its figures', async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  const frames = await page.locator('.chart-frame').count();
  const tables = await page.locator('.chart-frame table').count();
  assert.ok(frames >= 10);
  assert.equal(tables, frames, 'one table per chart');

  const report = insightsReport();
  const adds = page.locator('#adds-churns [data-testid="as-table"]');
  await adds.locator('summary').click();
  const headers = await adds.locator('thead th').allInnerTexts();
  assert.deepEqual(headers.slice(1), ['New', 'Existing', 'Churned']);
  const rows = await adds.locator('tbody tr').all();
  assert.equal(rows.length, report.adds_churns.length);
  const last = report.adds_churns.at(-1);
  const cells = await rows.at(-1).locator('th, td').allInnerTexts();
  assert.deepEqual(cells, [last.month, last.new.toLocaleString('en-US'), last.existing.toLocaleString('en-US'),
    `−${last.churned.toLocaleString('en-US')}`]);

  // A tile's micro chart is read by screen readers from its hidden table.
  const micro = page.locator('[data-kpi="customers"] .chart-frame table');
  const trend = report.summary.customers.trend;
  assert.equal(await micro.locator('tbody tr').count(), trend.length);
  assert.equal((await micro.locator('tbody tr').last().locator('td').innerText()), trend.at(-1).value.toLocaleString('en-US'));
  assert.deepEqual(page.errors, []);
});
