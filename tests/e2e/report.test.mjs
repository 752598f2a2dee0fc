// A report JSON computed elsewhere (`insights report`, the Spark job) opened
// as a read-only dashboard: through Open files, a drop, or ?report=URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chartsDrawn, distWithout, expectedTiles, insightsReport, openAt, openPage, SHOTS, startServer, suite, tiles } from './helpers.mjs';

const ctx = suite();

const FLAGS = ['--from', '2025-03', '--to', '2025-08', '--product', 'Microsoft 365', '--product', 'Azure', '--market', 'US'];
// The same view in the page's address.
const VIEW = '#/?from=2025-03&to=2025-08&product=Microsoft%20365&product=Azure&market=US';

function reportFile(flags = FLAGS) {
  const report = insightsReport(flags);
  const dir = mkdtempSync(join(tmpdir(), 'pi-report-'));
  const file = join(dir, 'scheduled-report.json');
  writeFileSync(file, JSON.stringify(report, null, 2));
  return { report, file, dir };
}

/** What the dashboard shows: tiles, the country grid, the products donut's table. */
async function shown(page) {
  return {
    tiles: await tiles(page),
    countries: await page.getByTestId('country-grid').locator('tbody tr').allInnerTexts(),
    chartTitles: await page.locator('section h2').allInnerTexts(),
  };
}

test('a report JSON opened shows the figures the page computes for the same view, range and filters fixed', async () => {
  const { report, file } = reportFile();
  // The page's own figures for the same range and filters.
  const live = await openAt(ctx, VIEW);
  const own = await shown(live);
  await live.close();

  const page = await openAt(ctx);
  await page.getByTestId('open-files').setInputFiles(file);
  await page.getByTestId('fixed-query').waitFor();
  await page.waitForSelector('[data-kpi="customers"] .value');
  await chartsDrawn(page);
  assert.deepEqual(await tiles(page), expectedTiles(report));
  assert.deepEqual(await shown(page), own);
  assert.equal(await page.getByTestId('source').innerText(), `scheduled-report.json · computed from ${report.rows.loaded.toLocaleString('en-US')} rows · 0 rejected`);
  assert.equal(await page.getByTestId('fixed-range').innerText(), 'Range: Mar 2025 – Aug 2025');
  assert.equal(await page.getByTestId('fixed-filters').innerText(), 'Filters: Product: Microsoft 365, Azure · Market: United States');
  // Nothing offers to change what was computed elsewhere.
  assert.equal(await page.getByTestId('range-preset').count(), 0);
  assert.equal(await page.locator('details.multi').count(), 0);
  await page.locator('#geography .grid tbody tr').first().click();
  assert.equal(await page.getByTestId('filter-to').count(), 0);
  // The customer list needs rows.
  assert.match(await page.locator('#customer-list [data-testid="no-rows"]').innerText(), /holds figures, not rows/);
  // The address says what is shown.
  assert.match(await page.evaluate(() => location.hash), /from=2025-03&to=2025-08/);
  await page.screenshot({ path: join(SHOTS, 'report-1280.png') });

  // Languages work as usual.
  await page.getByTestId('language').selectOption('fr');
  await page.waitForFunction(() => document.querySelector('[data-testid="fixed-query"] strong').textContent === 'Calculé ailleurs');
  assert.match(await page.getByTestId('fixed-filters').innerText(), /^Filtres : Produit : Microsoft 365, Azure · Marché : États-Unis/);
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('the Adoption page of a report is its month, and the thresholds judge its customers again', async () => {
  const { report, file } = reportFile();
  const page = await openAt(ctx);
  await page.getByTestId('open-files').setInputFiles(file);
  await page.getByTestId('fixed-query').waitFor();
  await page.locator('nav a', { hasText: 'Adoption' }).click();
  await page.getByTestId('report-month').waitFor();
  assert.equal(await page.getByTestId('report-month').innerText(), 'The report holds the licences of Aug 2025 only, so each figure is that month\'s.');
  const customers = report.licenses.customers;
  const low = customers.filter((c) => c.low_adoption).length;
  assert.equal(await page.getByTestId('low-count').innerText(), `${low.toLocaleString('en-US')} of ${customers.length.toLocaleString('en-US')} customers with seats are low adoption`);
  // Usage below 20 % instead of 50 %: judged from each customer's figures.
  await page.getByTestId('usage-threshold').fill('20');
  await page.getByTestId('usage-threshold').dispatchEvent('change');
  const lower = customers.filter((c) => (c.deployment_pct !== null && c.deployment_pct < 60) || (c.usage_pct !== null && c.usage_pct < 20)).length;
  await page.waitForFunction((n) => document.querySelector('[data-testid="low-count"]').textContent.startsWith(n), lower.toLocaleString('en-US'));
  assert.ok(lower < low, `${lower} < ${low}`);
  // Workloads come from the report's usage figures.
  const workloads = await page.locator('[data-testid="workloads"] tbody tr').count();
  assert.equal(workloads, report.workloads.length);
  await page.screenshot({ path: join(SHOTS, 'report-adoption-1280.png'), fullPage: false });
  // A customer's page needs rows.
  await page.locator('[data-testid="customers"] tbody a').first().click();
  await page.locator('[data-testid="no-rows"]').waitFor();
  assert.deepEqual(page.errors, []);
  await page.close();
});

test('?report= opens a report published on a static host, on a phone too', async () => {
  const { report } = reportFile(['--from', '2025-01', '--to', '2025-06']);
  const dir = distWithout();
  writeFileSync(join(dir, 'weekly.json'), JSON.stringify(report));
  const server = await startServer({ dir });
  try {
    const page = await openPage(ctx.browser, { width: 390, height: 844 });
    await page.goto(`${server.url}?report=weekly.json`);
    await page.getByTestId('fixed-query').waitFor();
    await page.waitForSelector('[data-kpi="customers"] .value');
    await chartsDrawn(page);
    assert.deepEqual(await tiles(page), expectedTiles(report));
    assert.equal(await page.getByTestId('fixed-filters').innerText(), 'Filters: none');
    // The rows were never asked for.
    assert.ok(!page.requests.some((u) => u.includes('data/customers.csv')), page.requests.join('\n'));
    await page.screenshot({ path: join(SHOTS, 'report-390.png') });
    await page.getByTestId('fixed-query').screenshot({ path: join(SHOTS, 'report-note-390.png') });
    assert.deepEqual(page.errors, []);
    await page.close();
  } finally {
    await server.close();
  }
});

test('a file that is not a report is refused with where it goes wrong, and the data shown stays', async () => {
  const { report, dir } = reportFile();
  report.geography[0].customers = 'many';
  const broken = join(dir, 'broken-report.json');
  writeFileSync(broken, JSON.stringify(report));
  const page = await openAt(ctx);
  const before = await tiles(page);
  await page.getByTestId('open-files').setInputFiles(broken);
  const refusal = page.locator('[data-testid="validation"] .refused');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /broken-report\.json was not loaded: broken-report\.json is not a report this page can read: geography\[0\]\.customers should be a whole number/);
  assert.deepEqual(await tiles(page), before);
  assert.equal(await page.getByTestId('fixed-query').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.close();
});
