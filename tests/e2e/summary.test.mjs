// The page loads the bundled sample through the WASM engine and shows the
// same Summary figures as `insights report`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, distWithout, insightsReport, number, openPage, startServer, suite } from './helpers.mjs';

const ctx = suite();

async function tile(page, kpi) {
  const root = page.locator(`[data-kpi="${kpi}"]`);
  return {
    value: number(await root.locator('.value').innerText()),
    change: number(await root.locator('.change-value').innerText()),
  };
}

function assertChange(shown, expected, label) {
  if (expected === null) assert.equal(shown, null, label);
  else assert.ok(Math.abs(shown - expected) <= 0.05 + 1e-9, `${label}: shown ${shown}, expected ${expected}`);
}

test('summary tiles equal insights report on the bundled sample', async () => {
  const expected = insightsReport().summary;
  const page = await openPage(ctx.browser);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"]');
  for (const kpi of ['customers', 'active_customers', 'subscriptions', 'customers_added', 'customers_churned']) {
    const shown = await tile(page, kpi);
    assert.equal(shown.value, expected[kpi].value, kpi);
    assertChange(shown.change, expected[kpi].change_pct, kpi);
  }
  const churn = await page.locator('[data-kpi="customers_churned"] .extra').innerText();
  assertChange(number(churn.replace('churn', '')), expected.customers_churned.churn_pct, 'churn %');
  const products = await page.locator('[data-kpi="customers_by_product"] li').evaluateAll((items) =>
    items.map((li) => [li.querySelector('.key').textContent, li.querySelector('.num').textContent]));
  assert.deepEqual(products.map(([k, v]) => [k, number(v)]), expected.customers_by_product.map((e) => [e.key, e.value]));
  const source = await page.getByTestId('source').innerText();
  assert.match(source, /Bundled sample data · [\d,]+ rows loaded · 0 rejected/);
  assert.deepEqual(page.errors, []);
  // Every request stayed on the app's own origin.
  assert.ok(page.requests.every((u) => u.startsWith(ctx.server.url)), page.requests.join('\n'));
  await page.screenshot({ path: join(SHOTS, 'summary-desktop.png'), fullPage: true });
});

test('the built app works from a sub-path of a static host', async () => {
  const sub = await startServer({ base: '/some/path/' });
  try {
    const page = await openPage(ctx.browser, { width: 390, height: 844 });
    await page.goto(sub.url);
    await page.waitForSelector('[data-kpi="customers"]');
    assert.equal(number(await page.locator('[data-kpi="customers"] .value').innerText()), insightsReport().summary.customers.value);
    await page.screenshot({ path: join(SHOTS, 'summary-phone.png'), fullPage: true });
  } finally {
    await sub.close();
  }
});

test('a missing data file shows an error, not a blank page', async () => {
  const broken = await startServer({ dir: distWithout('data/customers.csv') });
  try {
    const page = await openPage(ctx.browser);
    await page.goto(broken.url);
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be loaded: data\/customers\.csv: HTTP 404/);
    // A file can be opened instead; the sample that failed is not offered again.
    assert.equal(await page.getByTestId('open-files').count(), 1);
    assert.equal(await page.getByTestId('back-to-sample').count(), 0);
    await page.screenshot({ path: join(SHOTS, 'sample-missing.png') });
  } finally {
    await broken.close();
  }
});
