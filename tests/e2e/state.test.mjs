// The view lives in the URL: reload restores it, Back and Forward step
// through changes, a copied link opens the same view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { insightsReport, number, openPage, suite } from './helpers.mjs';

const ctx = suite();

async function view(page) {
  return page.evaluate(() => ({
    preset: document.querySelector('[data-testid="range-preset"]').value,
    product: document.querySelector('[data-filter="product"] summary').textContent,
    tab: document.querySelector('#distribution [aria-selected="true"]')?.dataset.tab,
    trend: document.querySelector('#distribution-trend [aria-selected="true"]')?.dataset.tab,
    figure: document.querySelector('#geography [aria-checked="true"]')?.dataset.figure,
    country: document.querySelector('[data-testid="country-grid"] tr[aria-selected="true"]')?.dataset.country ?? null,
    sku: document.querySelector('#products [aria-pressed="true"]')?.dataset.product ?? null,
    customers: document.querySelector('[data-kpi="customers"] .value').textContent,
  }));
}

test('range, filters, tabs, map figure, country and product round-trip through the URL', async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"]');
  assert.equal(await page.evaluate(() => location.hash), '', 'the default view adds nothing to the address');

  await page.getByTestId('range-preset').selectOption('6');
  await page.locator('[data-filter="product"] summary').click();
  await page.locator('[data-filter="product"] label', { hasText: 'Azure' }).locator('input').check();
  await page.locator('[data-filter="product"] summary').click();
  await page.locator('#distribution [data-tab="segment"]').click();
  await page.locator('#distribution-trend [data-tab="product"]').click();
  await page.locator('[data-figure="active"]').click();
  await page.locator('[data-testid="country-grid"] tbody tr', { hasText: 'Germany' }).click();
  await page.locator('[data-product="Azure"]').click();
  await page.waitForFunction(() => location.hash.includes('sku=Azure'));
  const hash = await page.evaluate(() => location.hash);
  for (const part of ['range=6', 'product=Azure', 'dist=segment', 'trend=product', 'map=active', 'country=DE', 'sku=Azure']) {
    assert.ok(hash.includes(part), `${part} in ${hash}`);
  }
  const shown = await view(page);
  const [y, m] = insightsReport().data_months.last.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 6, 1)).toISOString().slice(0, 7);
  const expected = insightsReport(['--from', from, '--product', 'Azure']).summary.customers.value;
  assert.equal(number(shown.customers), expected);
  assert.deepEqual({ ...shown, customers: undefined }, {
    preset: '6', product: 'Product: 1 selected', tab: 'segment', trend: 'product', figure: 'active', country: 'Germany', sku: 'Azure', customers: undefined,
  });

  // Reload restores the view.
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"]');
  await page.waitForFunction(() => document.querySelector('#products [aria-pressed="true"]'));
  assert.deepEqual(await view(page), shown);

  // Back undoes the last change (the product selection), Forward redoes it.
  await page.goBack();
  await page.waitForFunction(() => !document.querySelector('#products [aria-pressed="true"]'));
  assert.equal((await view(page)).country, 'Germany');
  await page.goForward();
  await page.waitForFunction(() => document.querySelector('#products [aria-pressed="true"]'));

  // A copied link opens the same view in another tab.
  const other = await openPage(ctx.browser);
  await other.goto(`${ctx.server.url}${hash}`);
  await other.waitForSelector('[data-kpi="customers"]');
  await other.waitForFunction(() => document.querySelector('#products [aria-pressed="true"]'));
  assert.deepEqual(await view(other), shown);

  // Filters are page-level: the Adoption page keeps them.
  await other.locator('nav a', { hasText: 'Adoption' }).click();
  // Azure has no seats: the page says so under the same filter.
  await other.getByTestId('no-seats').waitFor();
  assert.equal(await other.locator('[data-filter="product"] summary').innerText(), 'Product: 1 selected');
  assert.deepEqual(page.errors, []);
});
