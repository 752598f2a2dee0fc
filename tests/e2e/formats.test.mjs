// Files as Partner Center, its APIs and spreadsheets write them (spec 1.4),
// opened in the browser: the same figures as `insights report`, unknown
// measures shown as not available, and how each file was read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedTiles, openPage, ROOT, SHOTS, suite, tiles } from './helpers.mjs';

const ctx = suite();
const FIXTURES = join(ROOT, 'tests', 'fixtures');

function report(file) {
  const out = execFileSync(join(ROOT, 'target', 'debug', 'insights'), ['report', '--data', file]);
  return JSON.parse(out.toString());
}

async function openFile(file, rows, width = 1280) {
  const page = await openPage(ctx.browser, { width, height: 900 });
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"]');
  await page.getByTestId('open-files').setInputFiles(file);
  const name = file.split('/').pop();
  await page.waitForFunction(([n, r]) => document.querySelector('[data-testid="source"]')?.textContent.startsWith(`${n} · ${r} rows loaded`),
    [name, rows]);
  return page;
}

/** The Customers and tenants fixture as Excel's "Unicode Text" writes it: UTF-16 LE with its mark, tab separated. */
function unicodeText() {
  const dir = mkdtempSync(join(tmpdir(), 'pi-utf16-'));
  const text = readFileSync(join(FIXTURES, 'customers-and-tenants.csv'), 'utf8')
    .replace('Alpine Bakeries', 'Boulangerie Élise')
    .split('\n')
    .map((line) => {
      // Commas inside quotes stay; the others become tabs.
      let quoted = false;
      return [...line].map((ch) => {
        if (ch === '"') quoted = !quoted;
        return ch === ',' && !quoted ? '\t' : ch;
      }).join('');
    })
    .join('\r\n');
  const file = join(dir, 'customers-unicode.txt');
  writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  return file;
}

test('a UTF-16 file through Open files gives the figures of insights report', async () => {
  const file = unicodeText();
  const page = await openFile(file, 9);
  const expected = report(file);
  assert.equal(expected.summary.active_customers.value, 2);
  assert.deepEqual(await tiles(page), expectedTiles(expected));
  // The summary says so without opening the panel.
  assert.equal(await page.getByTestId('read-as').innerText(), ' · read as UTF-16 LE');
  assert.equal(await page.getByTestId('dates-read').innerText(), ' · slash dates month first (M/D/YYYY)');
  await page.getByTestId('reading').locator('summary').click();
  assert.equal(await page.getByTestId('reading-encoding').innerText(), 'UTF-16 LE');
  assert.equal(await page.getByTestId('reading-delimiter').innerText(), 'tab');
  assert.equal(await page.getByTestId('reading-layout').innerText(), 'Customers and tenants');
  assert.equal(await page.getByTestId('reading-date-order').innerText(), 'month first (M/D/YYYY)');
  // The accented name came through.
  await page.locator('[data-filter="market"] summary').click();
  assert.deepEqual(page.errors, []);
});

test('a Subscription details file gives the figures of insights report, and its panel says how it was read', async () => {
  const file = join(FIXTURES, 'subscription-details.csv');
  const page = await openFile(file, 8);
  const expected = report(file);
  assert.equal(expected.summary.customers.value, 2);
  assert.deepEqual(await tiles(page), expectedTiles(expected));
  assert.equal(await page.getByTestId('dates-read').innerText(), ' · slash dates day first (D/M/YYYY)');
  assert.equal(await page.getByTestId('read-as').count(), 0);
  const panel = page.getByTestId('reading');
  await panel.locator('summary').click();
  assert.equal(await page.getByTestId('reading-layout').innerText(), 'Subscription details');
  assert.equal(await page.getByTestId('reading-encoding').innerText(), 'UTF-8');
  assert.equal(await page.getByTestId('reading-date-order').innerText(), 'day first (D/M/YYYY)');
  assert.match(await page.getByTestId('reading-pga').innerText(), /^3 \(IsDuplicateRowForPGA\)/);
  assert.match(await page.getByTestId('reading-ignored').innerText(), /(^|, )AvailableSeats(,|$)/);
  const columns = await page.locator('[data-testid="reading-columns"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  for (const pair of [['Month', 'Month'], ['CustomerTenantId', 'CustomerTenantId'], ['AvailableSeats', 'AvailableSeatsEOP'],
    ['AssignedSeats', 'AssignedSeats'], ['IsDuplicateRowForPGA', 'IsDuplicateRowForPGA'], ['SubscriptionId', 'SubscriptionGuid']]) {
    assert.ok(columns.some((c) => c[0] === pair[0] && c[1] === pair[1]), `${pair} in ${JSON.stringify(columns)}`);
  }
  await panel.screenshot({ path: join(SHOTS, 'how-read-panel.png') });
  // Seats at the end of March, PGA repeats counted once: 35 entitled, 24 assigned.
  await page.evaluate(() => { location.hash = '#/adoption'; });
  await page.waitForSelector('[data-kpi="entitlements"] .value');
  assert.equal(await page.locator('[data-kpi="entitlements"] .value').innerText(), String(expected.licenses.portfolio.entitlements));
  assert.equal(await page.locator('[data-kpi="assigned"] .value').innerText(), String(expected.licenses.portfolio.assigned));
  assert.equal(await page.locator('[data-kpi="active_users"] .value').innerText(), 'not available');
  assert.match(await page.locator('[data-kpi="usage_pct"] .unknown-reason').innerText(), /no active-user column for licences/);
  await page.screenshot({ path: join(SHOTS, 'adoption-unknown-users.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
});

for (const width of [1280, 390]) {
  test(`without active users, every place that shows active customers says not available (${width} px)`, async () => {
    const file = join(FIXTURES, 'subscription-details.csv');
    const page = await openFile(file, 8, width);
    const tile = page.locator('[data-kpi="active_customers"]');
    assert.equal(await tile.locator('.value').innerText(), 'not available');
    assert.match(await tile.locator('.unknown-reason').innerText(), /no active-user column/);
    await tile.screenshot({ path: join(SHOTS, `active-unknown-tile-${width}.png`) });
    // The map coloured by active customers.
    await page.locator('#geography [data-figure="active"]').click();
    assert.match(await page.locator('#geography .unknown-reason').innerText(), /Open the Office usage report/);
    // The grid, its CSV, and the active trend.
    const cells = await page.locator('[data-testid="country-grid"] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.children].map((td) => td.textContent.trim())));
    assert.equal(cells.length, 2);
    // Country, customers, share, active customers, share, added, share.
    assert.ok(cells.every((row) => row[3] === 'not available' && row[4] === '–'), JSON.stringify(cells));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-countries').click()]);
    const lines = readFileSync(await csv.path(), 'utf8').trim().split('\r\n');
    assert.ok(lines.slice(1).every((l) => l.split(',')[4] === 'not available' && l.split(',')[5] === 'not available'), lines.join('\n'));
    assert.match(await page.locator('#active-trend .unknown-reason').innerText(), /no active-user column/);
    const trend = page.locator('#active-trend');
    await trend.locator('summary').first().click();
    const rows = await trend.locator('table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r.includes('not available')), JSON.stringify(rows));
    await page.locator('#geography').screenshot({ path: join(SHOTS, `active-unknown-map-${width}.png`) });
    await trend.screenshot({ path: join(SHOTS, `active-unknown-trend-${width}.png`) });
    assert.deepEqual(page.errors, []);
  });
}

test('a Windows-1252 re-save is read as a whole in Windows-1252, also after rows that looked like UTF-8', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-cp1252-'));
  const header = 'Month,CustomerTenantId,CustomerName,CustomerMarket,Product,AvailableSeats,AssignedSeats,ActiveUsers\r\n';
  // Bytes C3 B6 are "ö" in UTF-8 and "Ã¶" in Windows-1252; E9 is "é" and no UTF-8.
  const early = Buffer.concat([Buffer.from('2024-01,t1,K'), Buffer.from([0xc3, 0xb6]), Buffer.from('ln GmbH,Deutschland,Microsoft 365,10,1,1\r\n')]);
  const filler = Array.from({ length: 4000 }, (_, i) => `2024-01,f${i},Filler ${i},France,Azure,0,0,0\r\n`).join('');
  const late = Buffer.concat([Buffer.from('2024-02,t2,Soci'), Buffer.from([0xe9]), Buffer.from('t'), Buffer.from([0xe9]), Buffer.from(' G'), Buffer.from([0xe9]), Buffer.from('n'), Buffer.from([0xe9]), Buffer.from('rale,France,Microsoft 365,10,2,1\r\n')]);
  const file = join(dir, 'excel-western.csv');
  writeFileSync(file, Buffer.concat([Buffer.from(header), early, Buffer.from(filler), late]));
  const page = await openFile(file, '4,002');
  const expected = report(file);
  assert.deepEqual(await tiles(page), expectedTiles(expected));
  assert.equal(await page.getByTestId('read-as').innerText(), ' · read as Windows-1252');
  await page.getByTestId('reading').locator('summary').click();
  assert.equal(await page.getByTestId('reading-encoding').innerText(), 'Windows-1252');
  // Every name as the whole file reads in Windows-1252, as insights reads it.
  await page.evaluate(() => { location.hash = '#/adoption'; });
  await page.waitForSelector('[data-testid="customers"] tbody tr');
  const names = await page.locator('[data-testid="customers"] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent.trim()));
  assert.deepEqual(names, [expected.licenses.customers.find((c) => c.customer_id === 't2').name]);
  assert.deepEqual(names, ['Société Générale']);
  await page.evaluate(() => { location.hash = '#/customers/t1'; });
  await page.waitForSelector('[data-testid="customer-name"]');
  assert.equal(await page.getByTestId('customer-name').innerText(), 'KÃ¶ln GmbH');
  assert.deepEqual(page.errors, []);
});
