// Trunk post-build hook: writes sw.js, the service worker that keeps the app
// and its bundled sample working offline. Its cache list is every file of the
// build, and its version a hash of their contents, so each deploy with any
// change installs a new worker that replaces the old cache.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR ?? 'dist';
const files = [];
const walk = (d) => {
  for (const name of readdirSync(d).sort()) {
    const path = join(d, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name !== 'sw.js' && name !== 'RECIPE') files.push(relative(dir, path).split(sep).join('/'));
  }
};
walk(dir);
const hash = createHash('sha256');
for (const f of files) hash.update(f).update(readFileSync(join(dir, f)));
const version = hash.digest('hex').slice(0, 16);
// index.html is cached as the address of the app's folder, which is how it is opened.
const urls = ['./', ...files.filter((f) => f !== 'index.html').map((f) => `./${f}`)];

const worker = `// Partner Insights service worker (written by scripts/service-worker.mjs).
// Cache-first for the files of this build, so the app and the bundled sample
// work with no network; the page itself is asked of the network first, so a
// new deploy is seen as soon as the network is back.
const VERSION = ${JSON.stringify(version)};
const CACHE = \`partner-insights-\${VERSION}\`;
const FILES = ${JSON.stringify(urls, null, 2)};
const known = new Set(FILES.map((f) => new URL(f, self.location).href));

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('partner-insights-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (request.mode === 'navigate' && url.href.startsWith(self.registration.scope)) {
    const shell = new URL('./', self.location).href;
    event.respondWith(fetch(request).catch(() => caches.match(shell, { cacheName: CACHE })));
    return;
  }
  url.search = '';
  if (!known.has(url.href)) return; // other files (?data=, opened files) go to the network as usual
  event.respondWith(caches.match(url.href, { cacheName: CACHE }).then((hit) => hit ?? fetch(request)));
});
`;
writeFileSync(join(dir, 'sw.js'), worker);
console.log(`sw.js: version ${version}, ${urls.length} files`);
