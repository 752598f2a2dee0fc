// Shared set-up for the browser tests: a static server over the built app,
// headless Chromium, and the native command's report to compare with.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const DIST = join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

/** Serves `dir` on a free loopback port; returns { url, close }. */
export async function startServer({ dir = DIST, base = '/' } = {}) {
  const server = await serve({ dir, port: 0, base });
  const { port } = server.address();
  // Closing drops open connections too: a page's service worker may still be
  // caching the build over a kept-alive one.
  const close = () => new Promise((ok) => {
    server.close(ok);
    server.closeAllConnections();
  });
  return { url: `http://127.0.0.1:${port}${base}`, close };
}

/** A copy of the built app without some of its files. */
export function distWithout(...paths) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-dist-'));
  cpSync(DIST, dir, { recursive: true });
  for (const p of paths) rmSync(join(dir, p), { recursive: true, force: true });
  return dir;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A page that records its script errors (`errors`), the warnings and errors
 * written to its console (`console`) and every request (`requests`).
 */
export async function openPage(browser, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US' });
  const page = await context.newPage();
  page.errors = [];
  page.console = [];
  page.requests = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'warning' || m.type() === 'error') page.console.push(m.text());
  });
  page.on('request', (r) => page.requests.push(r.url()));
  return page;
}

/** `insights report` on the bundled sample (or other files), parsed. */
export function insightsReport(args = []) {
  const bin = join(ROOT, 'target', 'debug', 'insights');
  const out = execFileSync(bin, ['report', '--data', join(ROOT, 'public', 'data', 'customers.csv'), ...args], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}

/** "2025-03" -> "Mar 2025", as the page writes months in English. */
export function monthLabel(iso) {
  const [y, m] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "1,234" -> 1234; "+12.3%" -> 12.3; "–" -> null. */
export function number(text) {
  const cleaned = text.replace(/[▲▼\s,%+]/g, '').replace('−', '-');
  return cleaned === '–' || cleaned === '' ? null : Number(cleaned);
}

/**
 * One browser and one server over the built app for a test file, started
 * before its tests and closed after them: `const ctx = suite();` then
 * `ctx.browser`, `ctx.server` inside the tests.
 */
export function suite() {
  const ctx = {};
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ctx.browser = await launch();
    ctx.server = await startServer();
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

const TILES = ['customers', 'active_customers', 'subscriptions', 'customers_added', 'customers_churned'];

/** The figures of the Summary tiles as shown. */
export async function tiles(page) {
  const out = {};
  for (const kpi of TILES) out[kpi] = number(await page.locator(`[data-kpi="${kpi}"] .value`).innerText());
  return out;
}

/** The same figures from a report. */
export function expectedTiles(report) {
  return Object.fromEntries(TILES.map((k) => [k, report.summary[k].value]));
}
