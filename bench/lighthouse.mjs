// Lighthouse (mobile profile, its simulated slow 4G and CPU) over the built
// app served from a sub-path by scripts/serve.mjs (compressed), as a
// partner's static host would: performance, accessibility and best practices, with the metrics
// behind the performance score.
//
//   node bench/lighthouse.mjs [--dist OTHER_BUILD] [--runs 3] [--report]
//
// --report opens the sample's report JSON (`insights report` on the bundled
// sample, written beside the app) with ?report= instead of the sample's rows:
// what drawing the first view from figures computed at build time would
// score, before any row is read.
//
// Lighthouse 12.2.3 is installed by scripts/bench.sh under target/bench-tools
// (version 13 wants Node 22); Chromium is Debian's.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { distWithout, startServer, DIST, ROOT } from '../tests/e2e/helpers.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const REPORT = args.includes('--report');
let BUILD = args.includes('--dist') ? resolve(option('dist')) : DIST;
if (REPORT) {
  BUILD = distWithout();
  const data = join(ROOT, 'public', 'data');
  const json = execFileSync(join(ROOT, 'target', 'release', 'insights'),
    ['report', '--data', join(data, 'customers.csv'), '--usage', join(data, 'usage.csv')], { maxBuffer: 1 << 28 });
  writeFileSync(join(BUILD, 'data', 'report.json'), json);
}
const RUNS = Number(option('runs', 3));
const BIN = join(ROOT, 'target', 'bench-tools', 'node_modules', '.bin', 'lighthouse');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// Compressed, as `make run`'s server and most static hosts send it.
const server = await startServer({ dir: BUILD, base: '/partner-insights/', compress: true });
const runs = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const out = join(mkdtempSync(join(tmpdir(), 'pi-lighthouse-')), 'report.json');
    // Asynchronously: the server answering Lighthouse runs in this process.
    const url = REPORT ? `${server.url}?report=data/report.json` : server.url;
    await promisify(execFile)(BIN, [url, '--quiet', '--output=json', `--output-path=${out}`,
      '--only-categories=performance,accessibility,best-practices',
      '--chrome-path=/usr/bin/chromium',
      '--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking --disable-component-update --disable-sync'],
    { env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' }, maxBuffer: 1 << 26, timeout: 300_000 });
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const audit = (id) => report.audits[id]?.numericValue;
    runs.push({
      performance: Math.round(report.categories.performance.score * 100),
      accessibility: report.categories.accessibility.score * 100,
      practices: report.categories['best-practices'].score * 100,
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      si: audit('speed-index'),
      tti: audit('interactive'),
      bytes: audit('total-byte-weight'),
    });
  }
} finally {
  await server.close();
}
const m = (key) => median(runs.map((r) => r[key]));
const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
console.log(`Lighthouse 12.2.3, mobile, ${server.url.replace(/^http:\/\/[^/]+/, '')}${REPORT ? '?report=data/report.json' : ''} (median of ${RUNS}):`);
console.log(`  performance ${m('performance')} (goal >= 95) [runs ${runs.map((r) => Math.round(r.performance)).join(' ')}], accessibility ${m('accessibility')}, best practices ${m('practices')}`);
console.log(`  first contentful paint ${s(m('fcp'))}, largest contentful paint ${s(m('lcp'))}, total blocking time ${m('tbt').toFixed(0)} ms,`
  + ` cumulative layout shift ${m('cls').toFixed(3)}, speed index ${s(m('si'))}, time to interactive ${s(m('tti'))}`);
console.log(`  bytes transferred ${(m('bytes') / 1e6).toFixed(2)} MB`);
console.log(`LIGHTHOUSE_PERFORMANCE=${m('performance')}`);
