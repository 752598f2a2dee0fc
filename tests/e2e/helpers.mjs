// Shared set-up for the browser tests: a static server over the built app,
// headless Chromium, and the native command's report to compare with.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = new URL('../../', import.meta.url).pathname;
// PI_DIST=<another build> runs the tests against it (say, the build before a fix).
export const DIST = process.env.PI_DIST ? resolve(process.env.PI_DIST) : join(ROOT, 'dist');
export const SHOTS = join(ROOT, 'tests', 'e2e', 'screenshots');

/** Serves `dir` on a free loopback port; returns { url, close }. Uncompressed
 * unless `compress`: the tests and the browser benchmark time the page, and
 * on the loopback compressing costs more than it saves. */
export async function startServer({ dir = DIST, base = '/', compress = false } = {}) {
  const server = await serve({ dir, port: 0, base, compress });
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
export async function openPage(browser, { width = 1280, height = 900, theme = 'light' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, locale: 'en-US', colorScheme: theme });
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

/**
 * [`openPage`] at `hash` of the app, once the view it opens is drawn (the
 * dashboard's tiles, unless `ready` names another selector).
 */
export async function openAt(ctx, hash = '', { ready = '[data-kpi="customers"] .value', ...options } = {}) {
  const page = await openPage(ctx.browser, options);
  await page.goto(ctx.server.url + hash);
  await page.waitForSelector(ready);
  await chartsDrawn(page);
  return page;
}

/**
 * Waits until every chart of the page is drawn: the charts in view are
 * drawn at once, the others in the tasks after the first frame.
 */
export async function chartsDrawn(page) {
  await page.waitForFunction(() => [...document.querySelectorAll('.chart:not(.micro)')]
    .every((c) => c.querySelector('svg') || c.offsetParent === null));
}

/** A directory with `insights generate`'s customers.csv and usage.csv. */
export function generated(customers, months, seed) {
  const dir = mkdtempSync(join(tmpdir(), 'pi-generated-'));
  execFileSync(join(ROOT, 'target', 'debug', 'insights'),
    ['generate', '--customers', String(customers), '--months', String(months), '--seed', String(seed), '--out', dir], { stdio: 'ignore' });
  return dir;
}

/** `insights report` on the bundled sample (or other files), parsed. */
export function insightsReport(args = []) {
  const bin = join(ROOT, 'target', 'debug', 'insights');
  // The page reads the sample with its usage file, whose activity counts
  // in active customers (spec 1.4).
  const usage = args.includes('--usage') ? [] : ['--usage', join(ROOT, 'public', 'data', 'usage.csv')];
  const out = execFileSync(bin, ['report', '--data', join(ROOT, 'public', 'data', 'customers.csv'), ...usage, ...args], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}

/** `insights customers` on the bundled sample with its usage file, parsed. */
export function insightsCustomers(args = []) {
  const bin = join(ROOT, 'target', 'debug', 'insights');
  const data = join(ROOT, 'public', 'data');
  const out = execFileSync(bin, ['customers', '--data', join(data, 'customers.csv'), '--usage', join(data, 'usage.csv'), ...args], { maxBuffer: 1 << 28 });
  return JSON.parse(out.toString());
}

/** "2025-03" -> "Mar 2025", as the page writes months in English. */
export function monthLabel(iso) {
  const [y, m] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** "1,234" -> 1234; "+12.3%" -> 12.3; "–" and "not available" -> null. */
export function number(text) {
  const cleaned = text.replace(/[▲▼\s,%+]/g, '').replace('−', '-');
  return cleaned === '–' || cleaned === '' || cleaned === 'notavailable' ? null : Number(cleaned);
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

/**
 * The labels that overlap in the page's charts: axis labels (numbers and
 * months) and a legend's page number with one another or with a legend
 * entry, and any of them with a chart's PNG button. A text is measured as
 * far as it shows (a paging legend clips the entries beyond its page).
 * Side by side, texts need 2 px between them (`100150` reads as one
 * number); one above the other, their boxes may overlap by 2 px, the space
 * above and below a line of text. Each as "chart: text / text".
 */
export function overlappingLabels(page) {
  return page.evaluate(() => {
    const out = [];
    const meets = (a, b) => a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom - 2 && b.top < a.bottom - 2;
    const cut = (a, b) => ({ left: Math.max(a.left, b.left), right: Math.min(a.right, b.right), top: Math.max(a.top, b.top), bottom: Math.min(a.bottom, b.bottom) });
    // The screen rectangle a text is clipped to, if any.
    const clip = (text) => {
      for (let g = text.parentElement; g && g.tagName !== 'svg'; g = g.parentElement) {
        const ref = g.getAttribute('clip-path')?.match(/#([^)]+)/);
        if (!ref) continue;
        const shape = document.getElementById(ref[1])?.firstElementChild;
        if (!shape) return null;
        const b = shape.getBBox();
        const own = shape.transform.baseVal.consolidate();
        const m = own ? g.getScreenCTM().multiply(own.matrix) : g.getScreenCTM();
        const [p, q] = [new DOMPoint(b.x, b.y).matrixTransform(m), new DOMPoint(b.x + b.width, b.y + b.height).matrixTransform(m)];
        return { left: Math.min(p.x, q.x), right: Math.max(p.x, q.x), top: Math.min(p.y, q.y), bottom: Math.max(p.y, q.y) };
      }
      return null;
    };
    for (const el of document.querySelectorAll('.chart')) {
      const chart = globalThis.echarts.getInstanceByDom(el);
      if (!chart) continue;
      const names = new Set((chart.getOption().series ?? []).map((s) => s.name));
      // Numbers, months and a paging legend's page ("1/3").
      const kind = (s) => (names.has(s) ? 'legend' : /^-?[\d.,/\s\u00a0\u202f%−]+$|\d{4}$/.test(s) ? 'axis' : null);
      const texts = [...el.querySelectorAll('svg text')]
        .map((t) => {
          const r = t.getBoundingClientRect();
          const c = clip(t);
          return { text: t.textContent, kind: kind(t.textContent), box: c ? cut(r, c) : r };
        })
        .filter((t) => t.kind && t.box.right - t.box.left > 0 && t.box.bottom - t.box.top > 0);
      const button = el.parentElement.querySelector('.chart-png')?.getBoundingClientRect();
      const chartName = el.getAttribute('aria-label');
      texts.forEach((a, i) => {
        if (button && meets(a.box, button)) out.push(`${chartName}: ${a.text} / PNG`);
        for (const b of texts.slice(i + 1)) {
          if (a.kind === 'legend' && b.kind === 'legend') continue;
          if (meets(a.box, b.box)) out.push(`${chartName}: ${a.text} / ${b.text}`);
        }
      });
    }
    return out;
  });
}

/** What the page says in words: text, labels, titles, placeholders. */
export const words = (page) => page.evaluate(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode.textContent.trim();
    if (text && !walker.currentNode.parentElement.closest('script, style, .chart')) out.push(text);
  }
  for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a).trim());
  }
  return out;
});
