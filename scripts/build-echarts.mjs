// Builds vendor/echarts.min.js, the page's ECharts: only the charts,
// components and renderer of scripts/echarts.entry.mjs, minified. Trunk runs
// it before each build (Trunk.toml); it does nothing when the output is
// newer than its inputs.
import { statSync } from 'node:fs';
import { build } from 'esbuild';

const ROOT = new URL('../', import.meta.url).pathname;
const entry = `${ROOT}scripts/echarts.entry.mjs`;
const out = `${ROOT}vendor/echarts.min.js`;
const inputs = [entry, `${ROOT}package-lock.json`, new URL(import.meta.url).pathname];

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

if (mtime(out) > Math.max(...inputs.map(mtime))) process.exit(0);

await build({
  entryPoints: [entry],
  outfile: out,
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
console.log(`built ${out.slice(ROOT.length)}`);
