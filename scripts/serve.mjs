// A small static file server for the built app: the way any static host
// serves it, optionally under a sub-path. Text and wasm go out compressed
// (brotli or gzip, as the browser accepts) unless `--compress no`, as most
// hosts send them: the bundled sample's 21.7 MB of CSV are 3 MB that way.
//
//   node scripts/serve.mjs [--dir dist] [--port 8080] [--base /some/path/] [--compress no]
import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.geojson': 'application/geo+json',
  '.csv': 'text/csv; charset=utf-8',
  '.tsv': 'text/tab-separated-values; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

// What compresses: everything served but images that are compressed already.
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.wasm', '.json', '.geojson', '.csv', '.tsv', '.svg', '.webmanifest']);

/** The encoder for a response, by the request's Accept-Encoding, or none. */
function encoder(req, ext, size) {
  if (!COMPRESSIBLE.has(ext) || size < 1024) return null;
  const accepted = String(req.headers['accept-encoding'] ?? '');
  // Quality 5: a streamed 15 MB CSV compresses as fast as the loopback sends it.
  if (/\bbr\b/.test(accepted)) return ['br', () => createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })];
  if (/\bgzip\b/.test(accepted)) return ['gzip', () => createGzip()];
  return null;
}

export function serve({ dir = 'dist', port = 8080, base = '/', host = '127.0.0.1', compress = true } = {}) {
  const root = resolve(dir);
  if (!base.endsWith('/')) base += '/';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let path = decodeURIComponent(url.pathname);
    if (!path.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    path = path.slice(base.length);
    const file = normalize(join(root, path || 'index.html'));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      const { size } = info.isDirectory() ? await stat(target) : info;
      // Streamed, as a static host does: the first bytes of a big data file
      // leave at once instead of after the whole file is read.
      const body = createReadStream(target);
      await new Promise((opened, failed) => body.once('open', opened).once('error', failed));
      const type = TYPES[extname(target)] ?? 'application/octet-stream';
      const encoding = compress ? encoder(req, extname(target), size) : null;
      if (encoding) {
        const [name, make] = encoding;
        res.writeHead(200, { 'content-type': type, 'content-encoding': name, vary: 'accept-encoding', 'cache-control': 'no-cache' });
        body.pipe(make()).pipe(res);
      } else {
        res.writeHead(200, { 'content-type': type, 'content-length': size, 'cache-control': 'no-cache' });
        body.pipe(res);
      }
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  return new Promise((ok) => server.listen(port, host, () => ok(server)));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
  );
  const port = Number(args.port ?? 8080);
  const base = args.base ?? '/';
  await serve({ dir: args.dir ?? 'dist', port, base, compress: args.compress !== 'no' });
  console.log(`Partner Insights: http://127.0.0.1:${port}${base.endsWith('/') ? base : base + '/'}`);
}
