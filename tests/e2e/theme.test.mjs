// Dark mode: follows the system setting, a toggle overrides it (remembered),
// and the charts and the map change colours with the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SHOTS, suite } from './helpers.mjs';

const ctx = suite();

const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor || getComputedStyle(document.documentElement).backgroundColor);
const pageColour = (page) => page.evaluate(() => getComputedStyle(document.querySelector('main section')).backgroundColor);
const chartText = (page, sel) => page.evaluate((s) => globalThis.echarts.getInstanceByDom(document.querySelector(`${s} .chart`)).getOption().textStyle?.color ?? null, sel);
const land = (page) => page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#geography .chart')).getOption().geo[0].itemStyle.areaColor);

test('a dark system gets a dark page and dark charts; the toggle switches and is remembered', async () => {
  const context = await ctx.browser.newContext({ colorScheme: 'dark', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await pageColour(page), 'rgb(27, 30, 36)');
  assert.equal(await page.getByTestId('theme-toggle').getAttribute('aria-pressed'), 'true');
  assert.equal(await chartText(page, '#adds-churns'), '#e6e8eb');
  assert.equal(await land(page), '#2a2f37');
  await page.screenshot({ path: join(SHOTS, 'dark-desktop.png'), fullPage: true });

  // The toggle: light, for this page and the next visit.
  await page.getByTestId('theme-toggle').click();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await pageColour(page), 'rgb(255, 255, 255)');
  await page.waitForFunction(() => !globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getOption().textStyle?.color
    || globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getOption().textStyle.color !== '#e6e8eb');
  assert.equal(await land(page), '#eef0f3');
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await page.getByTestId('theme-toggle').getAttribute('aria-pressed'), 'false');

  // Back to dark, which is the system's setting again: the pick is forgotten.
  await page.getByTestId('theme-toggle').click();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.equal(await page.evaluate(() => localStorage.getItem('partner-insights-theme')), null);
  await context.close();
});

test('a light system gets the light page', async () => {
  const context = await ctx.browser.newContext({ colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.equal(await page.getAttribute('html', 'data-theme'), 'light');
  assert.equal(await pageColour(page), 'rgb(255, 255, 255)');
  assert.equal(await land(page), '#eef0f3');
  await context.close();
});
