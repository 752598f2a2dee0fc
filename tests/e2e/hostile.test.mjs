// Trust: a file full of hostile text is shown as text everywhere, runs no
// code, breaks no layout, and nothing leaves the page's origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, SHOTS, suite } from './helpers.mjs';

const ctx = suite();

// Each payload would set window.__pwned if it ever ran.
const PAYLOADS = [
  '<img src=x onerror="window.__pwned=1">',
  '</script><script>window.__pwned=2</script>',
  'javascript:window.__pwned=3',
  '<svg onload="window.__pwned=4"><circle r=9></circle></svg>',
  '"><iframe src="javascript:window.__pwned=5"></iframe>',
  '{a}{b}{c}<b>bold</b>',
  '=HYPERLINK("http://example.invalid","x")',
  `W${'w'.repeat(3000)}`,
];
const FIELDS = ['CustomerName', 'CustomerMarket', 'CustomerSegment', 'Product', 'SKU', 'PartnerLocation',
  'PartnerAttributionType', 'SalesChannel', 'AzurePricingModel'];
const csvCell = (text) => `"${String(text).replaceAll('"', '""')}"`;

function hostileFiles() {
  const dir = mkdtempSync(join(tmpdir(), 'pi-hostile-'));
  const header = ['Month', 'CustomerTenantId', ...FIELDS, 'SubscriptionStatus', 'AvailableSeats', 'AssignedSeats', 'ActiveUsers'];
  const lines = [header.join(',')];
  for (let c = 0; c < 16; c++) {
    const payload = (i) => PAYLOADS[(c + i) % PAYLOADS.length];
    // Some real countries too, so the map has shapes and points to hover.
    const market = ['Germany', 'Singapore', 'France', payload(1)][c % 4];
    for (const month of ['2026-07', '2026-08', '2026-09']) {
      if (c % 5 === 4 && month === '2026-09') continue; // some churn
      const id = c % 3 === 0 ? payload(2) : `tenant-${c}`;
      const text = FIELDS.map((f, i) => (f === 'CustomerMarket' ? market : payload(i)));
      lines.push([month, id, ...text].map(csvCell).join(',') + `,Active,${10 + c},${5 + c},${c % 4}`);
    }
  }
  // A rejected row whose text is hostile too.
  lines.push(['not a month', PAYLOADS[0], PAYLOADS[1]].map(csvCell).join(','));
  writeFileSync(join(dir, 'hostile.csv'), `${lines.join('\r\n')}\r\n`);
  const usage = ['Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers'];
  for (let c = 0; c < 16; c++) usage.push(['2026-09', `tenant-${c}`, PAYLOADS[c % PAYLOADS.length], 10, 4].map(csvCell).join(','));
  writeFileSync(join(dir, 'usage.csv'), `${usage.join('\n')}\n`);
  return { dir, rows: lines.length - 2 };
}

/** Hovers a few points of every chart within `scope`; returns the tooltip texts seen. */
async function hoverCharts(page, scope = 'main') {
  const seen = [];
  const charts = page.locator(`${scope} .chart`);
  for (let i = 0; i < await charts.count(); i++) {
    const chart = charts.nth(i);
    await chart.scrollIntoViewIfNeeded();
    const box = await chart.boundingBox();
    if (!box) continue;
    for (const [fx, fy] of [[0.5, 0.5], [0.3, 0.6], [0.7, 0.35]]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      await page.waitForTimeout(20);
      seen.push(await chart.evaluate((el) => [...el.querySelectorAll(':scope > div')]
        .filter((d) => d.style.display !== 'none').map((d) => d.innerText).join(' ')));
    }
  }
  return seen.join('\n');
}

/**
 * What makes the page scroll sideways, if anything: the chain of elements down
 * to the one whose hiding ends the overflow. Empty when the page fits.
 */
function overflowing(page) {
  return page.evaluate(() => {
    const fits = () => document.documentElement.scrollWidth <= window.innerWidth + 1;
    const chain = [];
    const probe = (root) => {
      for (const e of root.children) {
        const display = e.style.display;
        e.style.display = 'none';
        const culprit = fits();
        e.style.display = display;
        if (culprit) {
          chain.push(`${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${e.className?.baseVal ?? e.className}`);
          probe(e);
          return;
        }
      }
    };
    if (!fits()) probe(document.body);
    return fits() ? [] : [chain.join(' > ') || 'the page scrolls sideways'];
  });
}

/** Elements a payload would have made, anywhere in the document. */
function injected(page) {
  return page.evaluate(() => [...document.querySelectorAll(
    'img[src="x"], iframe, svg[onload], [onerror], [onload], a[href^="javascript:"], script:not([src]), body b',
  )].map((e) => e.outerHTML.slice(0, 80)));
}

test('a file full of hostile text is shown as text, runs nothing and sends nothing away', async () => {
  const { dir, rows } = hostileFiles();
  const page = await openPage(ctx.browser, { width: 1280, height: 900 });
  await page.addInitScript(() => {
    window.violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  await page.getByTestId('open-files').setInputFiles([join(dir, 'hostile.csv'), join(dir, 'usage.csv')]);
  await page.waitForFunction((n) => document.querySelector('[data-testid="source"]')?.textContent.startsWith(`hostile.csv · ${n} rows loaded · 1 rejected`),
    String(rows), { timeout: 20000 });

  // The validation report quotes the rejected row as text.
  await page.getByTestId('validation').waitFor();
  const [rejected] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
  assert.ok(readFileSync(await rejected.path(), 'utf8').includes('window.__pwned=1'));

  // Every section: filters with hostile values, tabs, the product drill-down, the grid search.
  let tooltips = await hoverCharts(page);
  for (const dim of ['product', 'segment', 'market', 'partner_location', 'attribution_type', 'sales_channel']) {
    await page.locator(`[data-filter="${dim}"] summary`).click();
    const options = page.locator(`[data-filter="${dim}"] label`);
    assert.ok(await options.count() >= 1, dim);
    assert.ok((await options.allInnerTexts()).some((t) => /<|=|\{a\}|javascript:|Www/.test(t)), `${dim} lists the values as text`);
    await options.first().locator('input').check();
    await page.locator(`[data-filter="${dim}"] summary`).click();
    await page.getByTestId('clear-filters').click();
  }
  for (const tab of await page.locator('[role="tab"]').all()) {
    await tab.click();
    const section = await tab.evaluate((t) => t.closest('section').id);
    tooltips += await hoverCharts(page, `#${section}`);
  }
  for (const chip of (await page.locator('[data-product]').all()).slice(0, 3)) {
    await chip.click();
    await page.getByTestId('skus').waitFor();
    tooltips += await hoverCharts(page, '#products');
  }
  await page.getByTestId('country-search').fill('<img');
  await page.getByTestId('country-search').fill('');
  const [grid] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-countries').click()]);
  const gridCsv = readFileSync(await grid.path(), 'utf8');
  assert.ok(gridCsv.includes('"<img src=x onerror=""window.__pwned=1"">"'), 'the grid CSV keeps the market as written');
  const [raw] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download raw data' }).click()]);
  const rawCsv = readFileSync(await raw.path(), 'utf8');
  assert.ok(rawCsv.includes("'=HYPERLINK"), 'a formula is neutralised');
  assert.ok(!/(^|,)"?=HYPERLINK/m.test(rawCsv));

  // Text that looks like markup is visible as text in tooltips, legends and the grid.
  assert.ok(tooltips.includes('<img src=x') || tooltips.includes('</script>'), 'tooltips show markup as text');
  assert.match(await page.locator('#products').innerText(), /<svg onload=|<img src=x|<\/script>/);
  // Long values wrap or clip; the page never scrolls sideways.
  assert.deepEqual(await overflowing(page), []);
  await page.screenshot({ path: join(SHOTS, 'hostile-dashboard.png'), fullPage: true });

  // Adoption and a customer whose name and id are payloads.
  await page.locator('nav a', { hasText: 'Adoption' }).click();
  await page.waitForSelector('[data-testid="customers"] tbody tr');
  await page.getByTestId('only-low').uncheck();
  tooltips += await hoverCharts(page);
  assert.deepEqual(await overflowing(page), []);
  const [adoption] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-customers').click()]);
  assert.ok(!/(^|,)"?[=+\-@]/m.test(readFileSync(await adoption.path(), 'utf8').split('\r\n').slice(1).join('\n')));
  const hostileRow = page.locator('[data-testid="customers"] tbody tr').filter({ hasText: '<svg onload' }).first();
  const name = (await hostileRow.locator('th a').innerText()).trim();
  await hostileRow.locator('th a').click();
  await page.getByTestId('customer-name').waitFor();
  assert.equal(await page.getByTestId('customer-name').innerText(), name);
  assert.equal(await page.title(), `${name} · Customer insights · Partner Insights`);
  tooltips += await hoverCharts(page);
  for (const id of ['export-subscriptions', 'export-customer-workloads']) {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(id).click()]);
    assert.ok(readFileSync(await file.path(), 'utf8').length > 0);
  }
  assert.deepEqual(await overflowing(page), []);
  await page.screenshot({ path: join(SHOTS, 'hostile-customer.png'), fullPage: true });

  // Nothing ran, nothing was made from a payload, nothing left the origin.
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.deepEqual(await injected(page), []);
  assert.deepEqual(await page.evaluate(() => window.violations), []);
  const origin = new URL(ctx.server.url).origin;
  const away = page.requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
  assert.deepEqual(away, []);
  assert.deepEqual(page.errors, []);
});

test('the page declares a strict Content-Security-Policy and has no inline script', async () => {
  const page = await openPage(ctx.browser);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
  assert.deepEqual(directives['default-src'], ["'self'"]);
  assert.deepEqual(directives['script-src'], ["'self'", "'wasm-unsafe-eval'"]);
  assert.deepEqual(directives['connect-src'], ["'self'"]);
  assert.ok(!csp.includes("'unsafe-eval'"));
  assert.equal(await page.locator('script:not([src])').count(), 0);
  // Under that policy the app really runs: ECharts drew, the wasm computed.
  assert.ok(await page.locator('#geography .chart svg path').count() > 100);
  assert.deepEqual(page.errors, []);
});
