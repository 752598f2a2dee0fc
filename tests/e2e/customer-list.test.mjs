// The dashboard's customer list: every customer of the range and filters,
// searched, sorted, paged, opened and downloaded, against `insights customers`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHOTS, insightsCustomers, insightsReport, number, openAt, suite, tiles } from './helpers.mjs';

const ctx = suite();

async function open(hash = '', width = 1280) {
  const page = await openAt(ctx, hash, { width });
  // The list is made once its section is near the screen.
  await page.locator('#customer-list').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="customer-list"] tbody tr');
  return page;
}

const rows = (page) => page.locator('[data-testid="customer-list"] tbody tr');
const ids = (page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.dataset.customer));
const count = (page) => page.getByTestId('list-count').innerText();

test('the list holds every customer of the range, fifty to a page, as the engine lists them', async () => {
  const page = await open('#/');
  const expected = insightsCustomers();
  const churned = expected.filter((c) => c.standing === 'churned');
  assert.ok(expected.length > 1000 && churned.length > 0);
  const n = expected.length.toLocaleString('en-US');
  assert.equal(await count(page), `1–50 of ${n} customers (${n} in the range)`);
  assert.equal(await rows(page).count(), 50);
  assert.equal(await page.getByTestId('list-page').innerText(), `Page 1 of ${Math.ceil(expected.length / 50)}`);
  // A to Z by name first; the current customers agree with the tile.
  const byName = [...expected].sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en', { sensitivity: 'variant' }));
  const first = await rows(page).first().locator('th').innerText();
  assert.equal(first, byName[0].name);
  const shown = await tiles(page);
  assert.equal(expected.length - churned.length, shown.customers);
  assert.equal(expected.filter((c) => c.standing === 'active').length, shown.active_customers);

  await page.getByTestId('list-next').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="list-page"]').textContent.startsWith('Page 2'));
  assert.ok((await count(page)).startsWith('51–100 of'));
  assert.equal(await page.getByTestId('list-previous').isDisabled(), false);

  // Churned only: each says when it churned.
  await page.getByTestId('list-status').selectOption('churned');
  await page.waitForFunction(() => document.querySelector('[data-testid="list-page"]').textContent.startsWith('Page 1'));
  assert.ok((await count(page)).includes(`of ${churned.length.toLocaleString('en-US')} customers`));
  const standings = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.dataset.standing));
  assert.ok(standings.every((s) => s === 'churned'));
  const firstChurned = await rows(page).first().evaluate((tr) => [tr.dataset.customer, tr.cells[10].textContent]);
  const engine = churned.find((x) => x.customer_id === firstChurned[0]);
  const [y, m] = engine.churned.split('-').map(Number);
  assert.equal(firstChurned[1], new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }));
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('search by name or tenant id, sort by seats with unknowns last, and a row opens Customer insights', async () => {
  const page = await open('#/');
  const expected = insightsCustomers();
  const target = expected.find((c) => c.standing === 'active' && c.entitlements > 0);
  await page.getByTestId('list-search').fill(target.customer_id.toUpperCase().slice(0, 13));
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="customer-list"] tbody tr').length < 50);
  assert.ok((await ids(page)).includes(target.customer_id));
  const word = target.name.split(' ')[0].toLowerCase();
  await page.getByTestId('list-search').fill(word);
  const matching = expected.filter((c) => c.name.toLowerCase().includes(word) || c.customer_id.includes(word));
  await page.waitForFunction((n) => document.querySelector('[data-testid="list-count"]').textContent.includes(`of ${n} customers`), matching.length.toLocaleString('en-US'));
  await page.getByTestId('list-search').fill('');

  // Seats, largest first: the engine's largest; customers without seat
  // figures come last either way.
  await page.locator('[data-testid="customer-list"] button[data-sort="seats"]').click();
  const most = Math.max(...expected.map((c) => c.entitlements ?? -1));
  const top = await rows(page).first().locator('td').nth(5).innerText();
  assert.equal(number(top), most);
  await page.locator('[data-testid="customer-list"] button[data-sort="deployment"]').click();
  const lowest = Math.min(...expected.filter((c) => c.deployment_pct !== null).map((c) => c.deployment_pct));
  assert.equal(number(await rows(page).first().locator('td').nth(6).innerText()), Math.round(lowest * 10) / 10);

  const link = rows(page).nth(2).locator('th a');
  const name = await link.innerText();
  await link.click();
  await page.getByTestId('customer-name').waitFor();
  assert.equal(await page.getByTestId('customer-name').innerText(), name);
  await page.goBack();
  await page.locator('#customer-list').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="customer-list"] tbody tr');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('under a filter the list follows the page, and it downloads as the CSV the engine writes', async () => {
  const page = await open('#/?product=Azure&range=6');
  const report = insightsReport(['--product', 'Azure']);
  const [ty, tm] = report.range.to.split('-').map(Number);
  const from = new Date(Date.UTC(ty, tm - 6, 1)).toISOString().slice(0, 7);
  const lines = insightsCustomers(['--product', 'Azure', '--from', from, '--to', report.range.to]);
  const n = lines.length.toLocaleString('en-US');
  await page.waitForFunction((n) => document.querySelector('[data-testid="list-count"]').textContent.endsWith(`(${n} in the range)`), n);
  const products = await rows(page).evaluateAll((trs) => trs.map((tr) => tr.cells[4].textContent));
  assert.ok(products.every((p) => p === 'Azure'), products.join('|'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-list').click()]);
  assert.equal(download.suggestedFilename(), 'customer-list.csv');
  const text = readFileSync(await download.path(), 'utf8');
  const csvLines = text.trim().split('\r\n');
  assert.equal(csvLines[0], 'Customer,Tenant id,Status,Market,Segment,Products,Subscriptions,Entitlements,Deployment %,Usage %,Added,Churned,As of');
  assert.equal(csvLines.length, lines.length + 1);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('on a phone the list scrolls inside its frame, not the page', async () => {
  const page = await open('#/', 390);
  await page.locator('#customer-list').scrollIntoViewIfNeeded();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
  await page.locator('#customer-list').screenshot({ path: join(SHOTS, 'customer-list-390.png') });
  await page.context().close();
});

test('a churned customer opened from the list says it holds nothing active, not that its adoption is fine', async () => {
  const page = await open('#/');
  await page.getByTestId('list-status').selectOption('churned');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="customer-list"] tbody tr')].every((tr) => tr.dataset.standing === 'churned'));
  const report = insightsReport();
  await rows(page).first().locator('th a').click();
  await page.getByTestId('verdict').waitFor();
  const [y, m] = report.range.to.split('-').map(Number);
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  assert.equal(await page.getByTestId('verdict').innerText(), `No active subscription in ${month}: not a customer that month under the current filters.`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('the list is made when its section comes near the screen, and follows the filters from then on', async () => {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  // Far below the first screen: nothing made yet.
  assert.equal(await rows(page).count(), 0);
  await page.locator('#customer-list').scrollIntoViewIfNeeded();
  await page.waitForSelector('[data-testid="customer-list"] tbody tr');
  const all = await count(page);
  // Away and back with nothing changed: the list is not made again.
  const made = () => page.evaluate(() => performance.getEntriesByName('pi:customers').length);
  assert.equal(await made(), 1);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  await page.locator('#customer-list').scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  assert.equal(await made(), 1);
  await page.evaluate(() => { location.hash = '#/?product=Azure'; });
  await page.waitForFunction((before) => document.querySelector('[data-testid="list-count"]').textContent !== before, all);
  const azure = insightsCustomers(['--product', 'Azure', '--from', insightsReport().range.from]);
  assert.ok((await count(page)).endsWith(`(${azure.length.toLocaleString('en-US')} in the range)`), await count(page));
  await context.close();
});
