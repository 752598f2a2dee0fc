// Files that stay: opened files kept on this device by choice (the
// browser's origin-private storage), reopened on the next visit before
// anything is drawn, forgotten on request; without that choice, the next
// visit says what was open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, SHOTS, expectedTiles, generated, suite, tiles } from './helpers.mjs';

const ctx = suite();


async function context(width = 1280) {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  // Every request the page makes, to tell whether the sample was fetched.
  page.asked = [];
  page.on('request', (r) => page.asked.push(new URL(r.url()).pathname));
  return page;
}

const source = (page) => page.getByTestId('source').innerText();

test('kept files open by themselves on the next visit, before anything else is drawn, until forgotten', async () => {
  const dir = generated(300, 14, 5);
  const page = await context();
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  await page.getByTestId('open-files').setInputFiles([join(dir, 'customers.csv'), join(dir, 'usage.csv')]);
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('customers.csv'));
  const mine = JSON.parse(execFileSync(join(ROOT, 'target', 'debug', 'insights'),
    ['report', '--data', join(dir, 'customers.csv'), '--usage', join(dir, 'usage.csv')]).toString());
  assert.deepEqual(await tiles(page), expectedTiles(mine));

  await page.getByTestId('keep-files').click();
  await page.getByTestId('kept').waitFor();
  assert.match(await page.getByTestId('kept').innerText(), /Kept on this device/);
  await page.screenshot({ path: join(SHOTS, 'kept-1280.png') });

  // The next visit: the kept files, with their usage file, and the
  // bundled sample never asked for.
  page.asked.length = 0;
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.match(await source(page), /^customers\.csv · /);
  assert.deepEqual(await tiles(page), expectedTiles(mine));
  assert.ok(!page.asked.some((p) => p.endsWith('/data/customers.csv')), page.asked.join(' '));
  await page.getByTestId('kept').waitFor();

  // Forgotten: the data stays for this visit, the next one opens the sample.
  await page.getByTestId('forget-files').click();
  await page.getByTestId('keep-files').waitFor();
  assert.match(await source(page), /^customers\.csv/);
  const stored = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const names = [];
    for await (const name of root.keys()) names.push(name);
    return names;
  });
  assert.deepEqual(stored, [], 'no copy is left on the device');
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.match(await source(page), /^Bundled sample data/);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('files not kept: the next visit says what was open and offers to open it again', async () => {
  const dir = generated(300, 14, 5);
  const page = await context(390);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  await page.getByTestId('open-files').setInputFiles(join(dir, 'customers.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('customers.csv'));
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.match(await source(page), /^Bundled sample data/);
  const note = page.getByTestId('last-opened');
  assert.equal(await note.innerText(), 'At your last visit customers.csv was open; it was not kept on this device. Open it again…');
  await page.screenshot({ path: join(SHOTS, 'last-opened-390.png') });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), note.getByRole('button').click()]);
  await chooser.setFiles(join(dir, 'customers.csv'));
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('customers.csv'));
  assert.equal(await note.count(), 0);
  // Back to the sample: nothing is said at the next visit.
  await page.getByTestId('back-to-sample').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="source"]')?.textContent.startsWith('Bundled'));
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.equal(await page.getByTestId('last-opened').count(), 0);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
