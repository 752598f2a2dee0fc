// Builds vendor/echarts.min.js, the page's ECharts: only the charts,
// components and renderer of scripts/echarts.entry.mjs, bundled by esbuild
// and minified by terser (two passes: 9 KB smaller compressed than esbuild's
// own minifier, BENCHMARKS.md section 3), its functions compiled as it
// downloads (the first line). Trunk runs it before each build
// (Trunk.toml); it does nothing when the output is newer than its inputs.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { minify } from 'terser';

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

const bundle = await build({
  entryPoints: [entry],
  write: false,
  bundle: true,
  format: 'iife',
  target: 'es2020',
  legalComments: 'eof',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
const minified = await minify(bundle.outputFiles[0].text, {
  ecma: 2020,
  compress: { passes: 2 },
  // esbuild gathers the bundled libraries' notices (ZRender's, tslib's) into
  // one `/*!` comment at the end, which terser keeps.
  format: { comments: 'some' },
});
// vendor/ is not in the repository: a fresh clone has none yet.
mkdirSync(new URL('../vendor/', import.meta.url), { recursive: true });
// The first line asks V8 to compile every function of the file while it
// downloads, on a background thread (Chromium 136 and later: "explicit
// compile hints"): the page draws every kind of chart it holds soon after
// it starts, and each function compiled on its first call instead stopped
// the page's thread (the first chart's drawing took about a fifth longer,
// BENCHMARKS.md). Other browsers read a comment.
writeFileSync(out, `//# allFunctionsCalledOnLoad\n${minified.code}`);
console.log(`built ${out.slice(ROOT.length)}`);
