// Writes public/first-view.html: the top of the dashboard (header, source
// line, range, filters and the summary's tiles) as the built app draws it for
// the bundled sample, in English and the light theme, at a phone's width. The
// build puts it in index.html (scripts/extract-boot.mjs) and the page shows it
// while the app loads (public/first-view.js), so a phone on a slow network
// sees the figures before the WebAssembly has arrived.
//
//   node scripts/first-view.mjs [DIST]     (make first-view: builds first)
//
// The file is kept in the repository, as the sample is: the app's markup or
// the sample changing makes it stale, and tests/e2e/first-view.test.mjs then
// fails, naming this command.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

// The build's hook reads the digest from here: the browser and the test
// helpers are imported only where they are used.
const ROOT = new URL('../', import.meta.url).pathname;

export const FIRST_VIEW = join(ROOT, 'public', 'first-view.html');

/** A digest of the data files in `dir` (customers.csv, usage.csv): the first
 * view names the data it shows, and the build leaves it out of a build whose
 * data differ. */
export function dataDigest(dir) {
  const hash = createHash('sha256');
  for (const name of ['customers.csv', 'usage.csv']) hash.update(readFileSync(join(dir, name)));
  return hash.digest('hex').slice(0, 16);
}

/** public/first-view.html's parts: the digest of the data it shows and its markup. */
export function readFirstView(path = FIRST_VIEW) {
  const [head, ...rest] = readFileSync(path, 'utf8').split('\n');
  return { digest: head.match(/^<!-- data ([0-9a-f]{16}) -->$/)?.[1], markup: rest.join('\n').trim() };
}

/** The app's own top of the dashboard on `page`, as static markup: the
 * selects keep what they show, and ids, test hooks and references between
 * elements go (the copy sits beside the app's own view for a moment). */
export function staticTop(page) {
  return page.evaluate(() => {
    const main = document.querySelector('body > main');
    const parts = [document.querySelector('body > header.top')];
    for (const child of main.children) {
      parts.push(child);
      if (child.id === 'summary') break;
    }
    const copy = (node) => {
      const clone = node.cloneNode(true);
      const selects = node.querySelectorAll('select');
      clone.querySelectorAll('select').forEach((select, i) => {
        [...select.options].forEach((option, j) => {
          option.toggleAttribute('selected', j === selects[i].selectedIndex);
        });
      });
      for (const el of [clone, ...clone.querySelectorAll('*')]) {
        for (const name of ['id', 'for', 'aria-labelledby', 'aria-describedby', 'aria-controls', 'data-testid', 'data-kpi']) {
          el.removeAttribute(name);
        }
      }
      return clone.outerHTML;
    };
    const [header, ...rest] = parts;
    // Leptos marks its reactive places with empty comments: not needed here.
    return `${copy(header)}<main>${rest.map(copy).join('')}</main>`.replaceAll('<!---->', '');
  });
}

/** Opens the built app in `dir` at a phone's width, once its first view is drawn. */
export async function openSample(browser, url) {
  const { openPage } = await import('../tests/e2e/helpers.mjs');
  const page = await openPage(browser, { width: 412, height: 823 });
  await page.goto(url);
  await page.waitForSelector('body > main [data-kpi="customers"] .value');
  await page.waitForFunction(() => !document.getElementById('first-view'));
  return page;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { launch, startServer } = await import('../tests/e2e/helpers.mjs');
  const dist = resolve(process.argv[2] ?? join(ROOT, 'dist'));
  const server = await startServer({ dir: dist });
  const browser = await launch();
  try {
    const page = await openSample(browser, server.url);
    const html = await staticTop(page);
    writeFileSync(FIRST_VIEW, `<!-- data ${dataDigest(join(dist, 'data'))} -->\n${html}\n`);
    console.log(`wrote public/first-view.html (${html.length} characters)`);
  } finally {
    await browser.close();
    await server.close();
  }
}
