// Trunk post-build hook. First it minifies wasm-bindgen's JS glue with terser
// (Trunk's own minifier leaves it as written): 1.5 KB less to download,
// brotli. Then it moves the module script Trunk writes inline into
// index.html (it loads the wasm) to its own file, boot-<hash>.js, so the
// page's Content-Security-Policy allows no inline script at all. The file also
// registers the service worker.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  // Trunk's loader imports the glue and instantiates the wasm at once, and
  // index.html preloads both: on a slow network they share the line with the
  // page and delay its first paint. Instead the page paints first (the first
  // view written at build time, or the app's loading view), and then the
  // wasm, its glue and ECharts are fetched side by side; the app starts once
  // all three are here, so ECharts is there before any chart is drawn.
  const loader = found[1].match(/import init, \* as bindings from '(\.\/[^']+\.js)';\s*const wasm = await init\(\{ module_or_path: '(\.\/[^']+\.wasm)' \}\);([\s\S]*)$/);
  if (!loader) throw new Error(`${html}: Trunk's loader is not as expected:\n${found[1]}`);
  const [, glue, wasmFile, rest] = loader;
  const start = `// Once the first view is on screen: the frame after the one that paints it (its
// callbacks run once the first has been shown). At once in a tab in the background,
// which paints no frames, and after two seconds at most wherever frames are held back.
await new Promise((painted) => {
  if (document.visibilityState === 'hidden') painted();
  requestAnimationFrame(() => requestAnimationFrame(painted));
  setTimeout(painted, 2000);
});
const script = (src) => new Promise((loaded, failed) => {
  const element = document.createElement('script');
  element.src = src;
  element.onload = loaded;
  element.onerror = () => failed(new Error(\`\${src} did not load\`));
  document.head.append(element);
});
const response = fetch(new URL('${wasmFile}', import.meta.url));
const [bindings] = await Promise.all([import('${glue}'), script('echarts.min.js')]);
const wasm = await bindings.default({ module_or_path: response });
${rest.trim()}`;
  const code = `// Starts the app (written by scripts/extract-boot.mjs from Trunk's loader).\n${register}\n${start}\n`;
  const name = `boot-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.js`;
  writeFileSync(join(dir, name), code);
  const preloads = /<link [^>]*\b(rel=modulepreload|rel=preload)\b[^>]*>/g;
  if ((page.match(preloads) ?? []).length !== 2) throw new Error(`${html}: expected Trunk's two preloads`);
  writeFileSync(html, page.replace(inline, `<script type="module" src="./${name}"></script>`).replace(preloads, ''));
} else if (!/<script type="module" src="\.\/boot-/.test(page)) {
  throw new Error(`${html}: no module script to move`);
}
if (/<script(?![^>]*\bsrc=)[^>]*>/.test(readFileSync(html, 'utf8'))) throw new Error(`${html}: an inline script is left`);

// The dashboard's first view written at build time (public/first-view.html,
// made by scripts/first-view.mjs), shown while the app loads when
// public/first-view.js says it is the view the app will open. Inert: its
// controls work once the app has taken its place.
// Left out when the build's data are not the ones it shows.
const firstView = new URL('../public/first-view.html', import.meta.url).pathname;
if (existsSync(firstView)) {
  const { dataDigest, readFirstView } = await import('./first-view.mjs');
  const { digest, markup } = readFirstView(firstView);
  const built = readFileSync(html, 'utf8');
  if (!built.includes('<body>')) throw new Error(`${html}: no <body> to put the first view in`);
  if (digest !== dataDigest(join(dir, 'data'))) {
    console.warn('public/first-view.html shows other data than this build\'s: left out (make first-view writes it anew)');
  } else if (!built.includes('id=first-view')) {
    writeFileSync(html, built.replace('<body>', `<body><div id=first-view inert>${markup}</div>`));
  }
}

// Every language but English, which the wasm holds, as a file of its own
// that the page fetches when that language is asked for (src/ui/i18n.rs): a
// partner downloads the words of one language, not four. Comment lines go,
// as build.rs leaves them out of the wasm (blank, so line numbers hold).
const locales = new URL('../src/l10n/locales/', import.meta.url).pathname;
mkdirSync(join(dir, 'locales'), { recursive: true });
for (const name of readdirSync(locales).filter((n) => n.endsWith('.txt') && n !== 'en.txt')) {
  const text = readFileSync(join(locales, name), 'utf8');
  const stripped = text.split('\n').map((line) => (line.trimStart().startsWith('#') ? '' : line)).join('\n');
  writeFileSync(join(dir, 'locales', name), stripped);
}

// Hooks of one stage run side by side, so the service worker, which lists
// every file of the build, is written from here, after the boot file.
await import('./service-worker.mjs');
