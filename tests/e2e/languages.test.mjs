// Four languages: the browser's language is followed, the picker switches,
// the choice is in the address and remembered, and numbers, percentages and
// months are written the chosen language's way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SHOTS, distWithout, insightsReport, openAt, startServer, suite, words } from './helpers.mjs';

const ctx = suite();
const report = insightsReport();
const LOCALES = { en: 'en-US', nl: 'nl-NL', sv: 'sv-SE', fr: 'fr-FR' };

/** A translation file as key -> text. */
function messages(code) {
  const out = {};
  for (const line of readFileSync(join(ROOT, 'src', 'l10n', 'locales', `${code}.txt`), 'utf8').split('\n')) {
    const text = line.trim();
    if (!text || text.startsWith('#')) continue;
    const at = text.indexOf('=');
    let value = text.slice(at + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    out[text.slice(0, at).trim()] = value;
  }
  return out;
}

/** A count as the language writes it (the browser's own rules). */
const count = (code, n) => new Intl.NumberFormat(LOCALES[code]).format(n);
/** A change as the page shows it: sign, one decimal, the language's percent. */
const change = (code, p) => {
  const text = new Intl.NumberFormat(LOCALES[code], { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(p / 100);
  return p > 0 ? `+${text}` : text;
};
const month = (code, iso) => {
  const [y, m] = iso.split('-').map(Number);
  const name = messages(code)[`month.${m}`];
  return messages(code)['date.month'].replace('{month}', name).replace('{year}', y);
};

async function open(context, hash = '') {
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(ctx.server.url + hash);
  await page.waitForSelector('[data-kpi="customers"] .value');
  return page;
}

/** Fails on any English message left on a page in another language. */
async function assertNoEnglish(page, code) {
  const en = messages('en');
  const own = messages(code);
  const english = new Set(Object.keys(en).filter((k) => k !== 'language.name' && en[k].trim() !== own[k].trim()
    && !/[{]/.test(en[k]) && en[k].trim().length > 3).map((k) => en[k].trim()));
  const left = (await words(page)).filter((w) => english.has(w));
  assert.deepEqual(left, [], `English left on the ${code} page`);
}

test('the browser language is followed, with its number and month formats', async () => {
  const context = await ctx.browser.newContext({ locale: 'nl-NL', viewport: { width: 1280, height: 900 } });
  const page = await open(context);
  const nl = messages('nl');
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(await page.locator('nav a').first().innerText(), nl['nav.customers']);
  assert.equal(await page.locator('#summary h2').innerText(), 'Samenvatting');
  const s = report.summary;
  assert.equal(await page.locator('[data-kpi="subscriptions"] .value').innerText(), count('nl', s.subscriptions.value));
  assert.equal(await page.locator('[data-kpi="subscriptions"] .value').innerText(), '3.011');
  assert.equal(await page.locator('[data-kpi="customers"] .change-value').innerText(), `▲ ${change('nl', s.customers.change_pct)}`);
  assert.equal(await page.locator('.range-note').innerText(), `${month('nl', report.range.from)} tot ${month('nl', report.range.to)}`);
  assert.equal(await page.getByTestId('language').inputValue(), 'nl');
  await assertNoEnglish(page, 'nl');
  await page.screenshot({ path: join(SHOTS, 'language-nl.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the picker switches language, keeps it in the address and remembers it', async () => {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await open(context, '#/?range=all');
  assert.equal(await page.locator('#summary h2').innerText(), 'Summary');
  assert.equal(await page.locator('[data-kpi="subscriptions"] .value').innerText(), '3,011');

  await page.getByTestId('language').selectOption('fr');
  await page.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Résumé');
  assert.match(page.url(), /[?&]lang=fr/);
  assert.match(page.url(), /[?&]range=all/, 'the view is kept');
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  const all = insightsReport(['--from', report.data_months.first]);
  const subs = await page.locator('[data-kpi="subscriptions"] .value').innerText();
  assert.equal(subs, count('fr', all.summary.subscriptions.value));
  assert.ok(subs.includes('\u202f'), 'French groups digits with a narrow no-break space');
  const shown = await page.locator('[data-kpi="customers_added"] .change-value').innerText();
  const pct = all.summary.customers_added.change_pct;
  assert.equal(shown, pct === null ? '–' : `${pct > 0 ? '▲' : '▼'} ${change('fr', pct)}`);

  // Charts: month names on the axis, the table's header and the legend in French.
  const axis = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getOption().xAxis[0].data);
  assert.equal(axis[0], month('fr', report.data_months.first));
  const legend = await page.evaluate(() => globalThis.echarts.getInstanceByDom(document.querySelector('#adds-churns .chart')).getOption().series.map((s) => s.name));
  assert.deepEqual(legend, ['Nouveaux', 'Existants', 'Perdus']);
  await page.locator('#adds-churns [data-testid="as-table"] summary').click();
  assert.equal(await page.locator('#adds-churns [data-testid="as-table"] th').first().innerText(), 'Mois');
  // Value axes and tooltips use the same conventions.
  const tick = await page.evaluate(() => {
    const chart = globalThis.echarts.getInstanceByDom(document.querySelector('#active-trend .chart'));
    return chart.getOption().yAxis[0].axisLabel.formatter(12000);
  });
  assert.equal(tick, '12\u202f000');
  const pie = await page.evaluate(() => {
    const chart = globalThis.echarts.getInstanceByDom(document.querySelector('#products .chart'));
    return chart.getOption().tooltip[0].formatter({ seriesName: 'x', name: 'Azure', value: 1234, percent: 12.5 });
  });
  assert.equal(pie, 'Azure: 1\u202f234 (12,5\u00a0%)');
  await assertNoEnglish(page, 'fr');

  await page.screenshot({ path: join(SHOTS, 'language-fr.png'), fullPage: true });

  // A reload keeps it (the address); so does a new visit (remembered).
  await page.reload();
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.equal(await page.locator('#summary h2').innerText(), 'Résumé');
  const again = await open(context);
  assert.equal(await again.locator('#summary h2').innerText(), 'Résumé');
  assert.equal(await again.getByTestId('language').inputValue(), 'fr');

  // Each pick is a step in the history: Back returns to the language before.
  await page.getByTestId('language').selectOption('sv');
  await page.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Sammanfattning');
  await page.goBack();
  await page.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Résumé');
  assert.equal(await page.getByTestId('language').inputValue(), 'fr');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a page fetches the words of its own language only, and stays in the one it speaks when they cannot come', async () => {
  const asked = (page) => page.requests.filter((u) => u.includes('/locales/')).map((u) => u.replace(/^.*\/locales\//, ''));
  const watch = (page) => {
    page.requests = [];
    page.on('request', (r) => page.requests.push(r.url()));
  };
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const english = await context.newPage();
  watch(english);
  await english.goto(ctx.server.url);
  await english.waitForSelector('[data-kpi="customers"] .value');
  // English is in the app itself.
  assert.deepEqual(asked(english), []);
  // Another language is fetched when picked, once.
  await english.getByTestId('language').selectOption('nl');
  await english.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Samenvatting');
  await english.getByTestId('language').selectOption('en');
  await english.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Summary');
  await english.getByTestId('language').selectOption('nl');
  await english.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Samenvatting');
  assert.deepEqual(asked(english), ['nl.txt']);
  // The picker lists every language by its own name, whichever is loaded.
  assert.deepEqual(await english.locator('[data-testid="language"] option').allInnerTexts(), ['English', 'Français', 'Nederlands', 'Svenska']);
  await context.close();

  // A page opened in French fetches French before it draws, and nothing else.
  const french = await ctx.browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 900 } });
  const page = await french.newPage();
  watch(page);
  await page.goto(ctx.server.url);
  await page.waitForSelector('[data-kpi="customers"] .value');
  assert.equal(await page.locator('#summary h2').innerText(), 'Résumé');
  assert.deepEqual(asked(page), ['fr.txt']);
  await french.close();

  // A host without the Swedish file: the page stays in English and says so in its picker.
  const dir = distWithout('locales/sv.txt');
  const server = await startServer({ dir });
  const swedish = await ctx.browser.newContext({ locale: 'sv-SE', viewport: { width: 1280, height: 900 } });
  try {
    const without = await swedish.newPage();
    const errors = [];
    without.on('pageerror', (e) => errors.push(e.message));
    await without.goto(server.url);
    await without.waitForSelector('[data-kpi="customers"] .value');
    assert.equal(await without.locator('#summary h2').innerText(), 'Summary');
    assert.equal(await without.getByTestId('language').inputValue(), 'en');
    await without.getByTestId('language').selectOption('sv');
    await without.getByTestId('language').selectOption('fr');
    await without.waitForFunction(() => document.querySelector('#summary h2')?.textContent === 'Résumé');
    await without.getByTestId('language').selectOption('sv');
    await without.waitForFunction(() => document.querySelector('[data-testid="language"]').value === 'fr');
    assert.equal(await without.locator('#summary h2').innerText(), 'Résumé');
    assert.deepEqual(errors, []);
  } finally {
    await swedish.close();
    await server.close();
  }
});

test('a link in Swedish opens the Adoption and customer pages in Swedish', async () => {
  const context = await ctx.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${ctx.server.url}#/adoption?lang=sv`);
  await page.waitForSelector('[data-testid="customers"] tbody tr');
  const sv = messages('sv');
  assert.equal(await page.locator('#low-adoption h2').innerText(), sv['low.title']);
  assert.equal(await page.locator('nav a[aria-current="page"]').innerText(), 'Införande');
  const { customers } = insightsReport(['--usage', join(ROOT, 'public', 'data', 'usage.csv')]).licenses;
  const low = customers.filter((c) => c.low_adoption).length;
  const total = customers.length;
  assert.equal(await page.getByTestId('low-count').innerText(),
    sv['low.count'].replace('{low}', count('sv', low)).replace('{total}', count('sv', total)));
  // A suggested action in Swedish, and percentages with a space before %.
  const action = await page.locator('[data-testid="customers"] td.action').first().innerText();
  assert.ok([sv['advice.low_deployment'], sv['advice.low_usage']].some((a) => action.includes(a)), action);
  const pct = await page.locator('[data-testid="customers"] tbody tr td:nth-child(6)').first().innerText();
  assert.match(pct, /^\d+,\d\u00a0%/);
  await assertNoEnglish(page, 'sv');
  await page.screenshot({ path: join(SHOTS, 'language-sv-adoption.png'), fullPage: true });

  await page.locator('[data-testid="customers"] tbody tr th a').first().click();
  await page.waitForSelector('[data-testid="verdict"]');
  assert.match(await page.getByTestId('verdict').innerText(), /^(Lågt införande|Inte lågt införande) i \S+ \d{4}/);
  assert.match(await page.title(), / · Kundinsikter · Partner Insights$/);
  assert.match(page.url(), /lang=sv/);
  await assertNoEnglish(page, 'sv');
  await page.screenshot({ path: join(SHOTS, 'language-sv-customer.png'), fullPage: true });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a rejected row is explained in the chosen language', async () => {
  const context = await ctx.browser.newContext({ locale: 'fr-FR' });
  const page = await open(context);
  await page.getByTestId('open-files').setInputFiles({
    name: 'clients.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('Month,CustomerTenantId,Product\n2024-01,a,Azure\n2024-01,c,Azure\n2024-13,b,Azure\n'),
  });
  await page.waitForSelector('[data-testid="rejections"] td.reason');
  assert.equal(await page.locator('[data-testid="rejections"] td.reason').innerText(),
    '"2024-13" n’est pas un mois (attendu\u00a0: AAAA-MM, AAAA-MM-JJ ou M/J/AAAA)');
  assert.equal((await page.getByTestId('rows-loaded').innerText()).trim(), '· 2 lignes chargées');
  assert.equal((await page.getByTestId('rows-rejected').innerText()).trim(), '· 1 rejetée', 'one takes the singular');
  // Switching language rewrites the reasons too.
  await page.getByTestId('language').selectOption('en');
  await page.waitForFunction(() => document.querySelector('[data-testid="rejections"] td.reason')?.textContent.includes('is not a month'));
  await context.close();
});

test('on a phone the source line never leaves one word alone on its last line, in any language', async () => {
  for (const code of Object.keys(LOCALES)) {
    const page = await openAt(ctx, `#/?lang=${code}`, { width: 390, height: 844 });
    // The words of the source line, each with the top of the line it is on.
    const lines = await page.evaluate(() => {
      const node = document.querySelector('[data-testid="source"]').firstChild;
      const tops = new Map();
      for (const m of node.textContent.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const top = Math.round(range.getBoundingClientRect().top);
        tops.set(top, [...(tops.get(top) ?? []), m[0]]);
      }
      return [...tops.values()];
    });
    assert.ok(lines.length >= 2, `${code}: the line wraps at 390 px (${JSON.stringify(lines)})`);
    const last = lines.at(-1).filter((w) => w !== '·');
    assert.ok(last.length >= 2, `${code}: the last line is ${JSON.stringify(lines.at(-1))}`);
    await page.close();
  }
});
