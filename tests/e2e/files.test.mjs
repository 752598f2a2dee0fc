// Your own data: files opened in the browser, the validation report, the
// previous data kept on refusal, ?data= URLs, back to the sample.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distWithout, expectedTiles, generated, insightsReport, number, openPage, ROOT, SHOTS, startServer, suite, tiles } from './helpers.mjs';

const ctx = suite();


async function open(url = ctx.server.url) {
  const page = await openPage(ctx.browser);
  await page.goto(url);
  await page.waitForSelector('[data-kpi="customers"]');
  return page;
}

test('a 50,000-row export opened in the browser gives the figures of insights report', async () => {
  const dir = generated(1420, 24, 9); // about 50,000 rows
  const rows = readFileSync(join(dir, 'customers.csv'), 'utf8').trim().split('\n').length - 1;
  assert.ok(rows > 45000 && rows < 56000, `${rows} rows`);
  const page = await open();
  await page.getByTestId('open-files').setInputFiles([join(dir, 'customers.csv'), join(dir, 'usage.csv')]);
  await page.waitForFunction((n) => document.querySelector('[data-testid="source"]')?.textContent.startsWith(`customers.csv · ${n} rows loaded`),
    rows.toLocaleString('en-US'), { timeout: 30000 });
  // The usage file's activity counts in active customers (spec 1.4).
  const mine = JSON.parse(execFileSync(join(ROOT, 'target', 'debug', 'insights'),
    ['report', '--data', join(dir, 'customers.csv'), '--usage', join(dir, 'usage.csv')]).toString());
  assert.deepEqual(await tiles(page), expectedTiles(mine));
  // The usage file joined it: the Adoption page lists workloads.
  await page.goto(`${ctx.server.url}#/adoption`);
  // (a reload would bring the sample back: these files were not kept on the device)
  await page.waitForSelector('[data-testid="workloads"] tbody tr');
  assert.match(await page.getByTestId('source').innerText(), /^customers\.csv/);
  assert.deepEqual(page.errors, []);
});

test('a file missing required columns is refused and the previous data stays', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-broken-'));
  writeFileSync(join(dir, 'broken.csv'), 'Month,Customer Name,Product\n2024-01,Alpha,Azure\n');
  const page = await open();
  const before = await tiles(page);
  const source = await page.getByTestId('source').innerText();
  await page.getByTestId('open-files').setInputFiles(join(dir, 'broken.csv'));
  const refusal = page.locator('[data-testid="validation"] .refused');
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /broken\.csv was not loaded: the header lacks the required column CustomerTenantId\. The data loaded before is still shown\./);
  assert.equal(await page.getByTestId('source').innerText(), source);
  assert.deepEqual(await tiles(page), before);
  await page.screenshot({ path: join(SHOTS, 'validation-refused.png') });
});

test('bad rows are reported with line, column and reason, and download as written', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-bad-'));
  const lines = ['Month,CustomerTenantId,CustomerName,AvailableSeats', '2024-01,a,"Alpha, Inc.",5', '2024-13,b,Beta,1', '2024-02,a,"Alpha, Inc.",6', '2024-02,,Nobody,1', '2024-02,c,Gamma,-3'];
  writeFileSync(join(dir, 'mixed.csv'), lines.join('\n') + '\n');
  const page = await open();
  await page.getByTestId('open-files').setInputFiles(join(dir, 'mixed.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('mixed.csv · 2 rows loaded · 3 rejected'));
  const rows = await page.locator('[data-testid="rejections"] tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['3', 'Month', '"2024-13" is not a month (expected YYYY-MM, YYYY-MM-DD or M/D/YYYY)'],
    ['5', 'CustomerTenantId', 'missing value'],
    ['6', 'AvailableSeats', '"-3" is not a non-negative integer'],
  ]);
  assert.equal(number(await page.locator('[data-kpi="customers"] .value').innerText()), 1);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-rejected').click()]);
  assert.equal(download.suggestedFilename(), 'rejected-rows-mixed.csv');
  assert.equal(readFileSync(await download.path(), 'utf8'), [lines[0], lines[2], lines[4], lines[5]].join('\r\n') + '\r\n');
  await page.screenshot({ path: join(SHOTS, 'validation-report.png') });

  await page.getByTestId('back-to-sample').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('Bundled sample data'));
  assert.deepEqual(await tiles(page), expectedTiles(insightsReport()));
});

test('?data= loads a file next to the app', async () => {
  const dir = distWithout();
  writeFileSync(join(dir, 'mine.csv'), 'Month;CustomerTenantId;Product\n2024-01;a;Azure\n2024-02;a;Azure\n2024-02;b;Azure\n');
  const server = await startServer({ dir });
  try {
    const page = await open(`${server.url}?data=mine.csv`);
    assert.match(await page.getByTestId('source').innerText(), /^mine\.csv · 3 rows loaded · 0 rejected/);
    assert.equal(number(await page.locator('[data-kpi="customers"] .value').innerText()), 2);
    const page2 = await openPage(ctx.browser);
    await page2.goto(`${server.url}?data=missing.csv`);
    await page2.getByRole('alert').waitFor();
    assert.match(await page2.getByRole('alert').innerText(), /could not be loaded: missing\.csv: HTTP 404/);
    // Not a dead end: a file can be opened, or the sample shown, and the
    // address then no longer names the missing file.
    await page2.screenshot({ path: join(SHOTS, 'load-failed.png') });
    // A file opened there that is refused too says why in its place.
    await page2.getByTestId('open-files').setInputFiles({ name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('Foo,Bar\n1,2\n') });
    await page2.waitForFunction(() => /wrong\.csv.*lacks the required column/.test(document.querySelector('[role="alert"]')?.textContent));
    await page2.getByTestId('back-to-sample').click();
    await page2.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('Bundled sample data'));
    assert.deepEqual(await tiles(page2), expectedTiles(insightsReport()));
    assert.equal(new URL(page2.url()).search, '');
    assert.deepEqual(page2.errors, []);
  } finally {
    await server.close();
  }
});

test('downloads: raw data behind the filters, the country grid, a chart as PNG', async () => {
  const page = await open();
  await page.locator('[data-filter="product"] summary').click();
  await page.locator('[data-filter="product"] label', { hasText: 'Azure' }).locator('input').check();
  await page.locator('[data-filter="product"] summary').click();
  const report = insightsReport(['--product', 'Azure']);
  await page.waitForFunction((v) => document.querySelector('[data-kpi="customers"] .value').textContent === v, report.summary.customers.value.toLocaleString('en-US'));

  const [raw] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-raw').click()]);
  assert.equal(raw.suggestedFilename(), 'raw-data.csv');
  const lines = readFileSync(await raw.path(), 'utf8').trim().split('\r\n');
  const sampleHeader = readFileSync(join(ROOT, 'public', 'data', 'customers.csv'), 'utf8').split('\n')[0];
  assert.equal(lines[0], sampleHeader, 'the input\'s own column names');
  assert.ok(lines.length > 100);
  const { from, to } = report.range;
  for (const line of lines.slice(1)) {
    assert.ok(line.includes(',Azure,'), line);
    const month = line.slice(0, 7);
    assert.ok(month >= from && month <= to, line);
  }
  // Every active Azure row of the last month is there: its customers match the figure.
  const last = new Set(lines.slice(1).filter((l) => l.startsWith(to) && l.includes(',Active,')).map((l) => l.split(',')[1]));
  assert.equal(last.size, report.summary.customers.value);

  const [countries] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-countries').click()]);
  const grid = readFileSync(await countries.path(), 'utf8').trim().split('\r\n');
  assert.equal(grid[0], 'Country,ISO code,Customers,% of customers,Active customers,% of active,Customers added,% of added');
  assert.equal(grid.length - 1, report.geography.length);
  const first = report.geography[0];
  const cells = grid[1].split(',');
  assert.deepEqual(cells.filter((_, i) => [0, 1, 2, 4, 6].includes(i)),
    [first.country, first.iso2, String(first.customers), String(first.active), String(first.added)]);
  [first.customers_share_pct, first.active_share_pct, first.added_share_pct].forEach((p, k) => {
    const shown = cells[3 + 2 * k];
    if (p === null) assert.equal(shown, '');
    else assert.ok(Math.abs(Number(shown) - p) <= 0.051, `${shown} vs ${p}`);
  });

  const [png] = await Promise.all([page.waitForEvent('download'), page.locator('#active-trend .chart-png').click()]);
  assert.match(png.suggestedFilename(), /\.png$/);
  const bytes = readFileSync(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)].map((b) => String.fromCharCode(b)).join(''), 'PNG');
  assert.ok(bytes.length > 5000);
});

test('a 200 MB export loads with a progress bar and the page keeps answering', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pi-big-'));
  execFileSync(join(ROOT, 'target', 'debug', 'insights'),
    ['generate', '--customers', '19500', '--months', '36', '--seed', '3', '--out', dir], { stdio: 'ignore' });
  const file = join(dir, 'customers.csv');
  const text = readFileSync(file, 'utf8');
  assert.ok(text.length > 200 * 1024 * 1024, `${text.length} bytes`);
  const rows = text.split('\n').length - 2;
  const page = await open();
  await page.getByTestId('open-files').setInputFiles(file);
  // While it loads the page answers and shows progress.
  let progress = 0;
  for (let i = 0; i < 600; i++) {
    if (await page.evaluate(() => document.querySelector('[data-testid="progress"]') !== null)) progress++;
    if ((await page.getByTestId('source').innerText()).startsWith('customers.csv')) break;
    await page.waitForTimeout(100);
  }
  assert.ok(progress > 0, 'the progress bar showed');
  assert.match(await page.getByTestId('source').innerText(), new RegExp(`^customers\\.csv · ${rows.toLocaleString('en-US')} rows loaded · 0 rejected`));
  assert.deepEqual(page.errors, []);
});

/** Drags a file of `text` named `name` onto the page and drops it. */
async function drop(page, name, text) {
  const dataTransfer = await page.evaluateHandle(([n, t]) => {
    const dt = new DataTransfer();
    dt.items.add(new File([t], n, { type: 'text/csv' }));
    return dt;
  }, [name, text]);
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
}

test('a file dropped anywhere on the page loads', async () => {
  const page = await open();
  await drop(page, 'dropped.csv', 'Month,CustomerTenantId,Product\n2024-01,a,Azure\n2024-01,b,Azure\n');
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('dropped.csv · 2 rows loaded'));
  assert.equal(number(await page.locator('[data-kpi="customers"] .value').innerText()), 2);
});

test('after five language switches a dropped file is read once, not once per switch', async () => {
  const page = await open();
  for (const lang of ['nl', 'sv', 'fr', 'nl', 'en']) {
    await page.getByTestId('language').selectOption(lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
  const parses = () => page.evaluate(() => performance.getEntriesByName('pi:parse:start', 'mark').length);
  const before = await parses();
  await drop(page, 'once.csv', 'Month,CustomerTenantId\n2024-01,a\n');
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('once.csv · 1 row loaded'));
  await page.waitForTimeout(300);
  assert.equal(await parses() - before, 1);
  assert.deepEqual(page.errors, []);
});

/**
 * Drops a file of `parts` times one 16 MB part of rows (a blob of parts
 * holds the part once) and waits for its refusal; checks that it names the
 * file's rows, within a tenth, and `limit`, that it came from the first
 * rows, and that the data shown stays. `kind` is the file's: its rows
 * are made in the page (`customers` or `usage`).
 */
async function refusedFromFirstRows(page, { name, kind, parts, limit }) {
  const before = await tiles(page);
  const dataTransfer = await page.evaluateHandle(({ name, kind, parts }) => {
    const header = kind === 'usage'
      ? 'Month,CustomerTenantId,WorkloadName,PaidAvailableUnits,MonthlyActiveUsers'
      : 'Month,CustomerTenantId,CustomerName,Product,SKU,AvailableSeats,AssignedSeats,ActiveUsers';
    const rowOf = kind === 'usage'
      ? (i) => `2025-0${1 + (i % 9)}-01,tenant-${i % 90000},Exchange,25,12\n`
      : (i) => `2024-01,tenant-${i % 50000},Customer ${i % 50000},Azure,Azure plan,5,3,2\n`;
    let rows = '';
    let count = 0;
    for (; rows.length < 16 << 20; count++) rows += rowOf(count);
    window.rowsInFile = count * parts;
    const part = new Blob([rows]);
    const all = [new Blob([header + '\n'])];
    for (let i = 0; i < parts; i++) all.push(part);
    const dt = new DataTransfer();
    dt.items.add(new File(all, name, { type: 'text/csv' }));
    return dt;
  }, { name, kind, parts });
  const started = Date.now();
  await page.dispatchEvent('main', 'dragover', { dataTransfer });
  await page.dispatchEvent('main', 'drop', { dataTransfer });
  const refusal = page.locator('[data-testid="validation"] .refused');
  await refusal.waitFor({ timeout: 60_000 });
  const text = await refusal.innerText();
  const escaped = name.replace('.', '\\.');
  const [, rows, named] = text.match(new RegExp(`${escaped} was not loaded: the file has about ([\\d,]+) rows, more than the ([\\d,]+) a browser tab's memory holds`)) ?? [];
  assert.ok(rows, text);
  assert.equal(named, limit);
  const about = Number(rows.replaceAll(',', ''));
  const actual = await page.evaluate(() => window.rowsInFile);
  // Judged from the first rows, which may be shorter (fewer digits).
  assert.ok(Math.abs(about - actual) < actual * 0.1, `about ${about} rows of ${actual}`);
  assert.ok(Date.now() - started < 30_000, 'told from the first rows, not after reading them all');
  assert.deepEqual(await tiles(page), before, 'the data shown stays');
}

test('a file with more rows than a tab holds is refused from its first rows, naming both', async () => {
  const page = await open();
  // 6.7 GB of rows, about 115 million.
  await refusedFromFirstRows(page, {
    name: 'portfolio.csv',
    kind: 'customers',
    parts: 400,
    limit: '62,634,939',
  });
  const validation = page.locator('[data-testid="validation"]');
  await validation.screenshot({ path: join(SHOTS, 'refused-size-1280.png') });
  await page.setViewportSize({ width: 390, height: 844 });
  await validation.screenshot({ path: join(SHOTS, 'refused-size-390.png') });
});

test('a usage file is read as it arrives, and one with more rows than a tab holds is refused from its first rows', async () => {
  const page = await open();
  // 1.6 GB of usage rows, about 33 million (the limit of a file read whole
  // was 512 MB), dropped alone to join the data.
  await refusedFromFirstRows(page, {
    name: 'usage-all.csv',
    kind: 'usage',
    parts: 100,
    limit: '16,777,216',
  });
  // The Adoption page still has the sample's usage file.
  await page.goto(`${ctx.server.url}#/adoption`);
  await page.waitForSelector('[data-testid="workloads"] tbody tr');
  assert.deepEqual(page.errors, []);
});
