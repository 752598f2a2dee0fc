// Trunk post-build hook. First it minifies wasm-bindgen's JS glue with terser
// (Trunk's own minifier leaves it as written): 1.5 KB less to download,
// brotli. Then it moves the module script Trunk writes inline into
// index.html (it loads the wasm) to its own file, boot-<hash>.js, so the
// page's Content-Security-Policy allows no inline script at all. The file also
// registers the service worker.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR ?? 'dist';

// The glue's exports and the names the wasm imports are properties, which
// terser keeps; only local names and white space go.
for (const name of readdirSync(dir).filter((n) => /^partner-insights-[0-9a-f]+\.js$/.test(n))) {
  const path = join(dir, name);
  const { code } = await minify(readFileSync(path, 'utf8'), { module: true, compress: { passes: 2 } });
  writeFileSync(path, code);
}
const html = join(dir, 'index.html');
const page = readFileSync(html, 'utf8');
const inline = /<script type="?module"?>([\s\S]*?)<\/script>/;
const found = page.match(inline);
if (found) {
  const register = `// Offline use: the service worker beside this file (scripts/service-worker.mjs).
// Installing it downloads every file of the build, the sample data included, so it
// is registered once the first view is drawn: when the page is idle after the app's
// first report (the app sends pi-ready), or 10 s after the page loaded, whichever
// comes first.
if ('serviceWorker' in navigator) {
  const worker = new URL('sw.js', import.meta.url);
  let asked = false;
  const register = () => {
    if (asked) return;
    asked = true;
    navigator.serviceWorker.register(worker).catch((e) => console.warn('offline use unavailable:', e));
  };
  const idle = (f) => ('requestIdleCallback' in self ? requestIdleCallback(f, { timeout: 3000 }) : setTimeout(f, 500));
  addEventListener('pi-ready', () => idle(register), { once: true });
  addEventListener('load', () => setTimeout(register, 10000), { once: true });
}`;
  const code = `// Starts the app (written by scripts/extract-boot.mjs from Trunk's loader).\n${register}\n${found[1].trim()}\n`;
  const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  writeFileSync(html, page.replace(inline, `<script type="module" src="./${name}"></script>`));
} else if (!/<script type="module" src="\.\/boot-/.test(page)) {
  throw new Error(`${html}: no module script to move`);
}
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(readFileSync(html, 'utf8'))) throw new Error(`${html}: an inline script is left`);

// Hooks of one stage run side by side, so the service worker, which lists
// every file of the build, is written from here, after the boot file.
await import('./service-worker.mjs');
