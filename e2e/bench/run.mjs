#!/usr/bin/env node
// npm run bench: Playwright drives headless Debian Chromium against the production build and
// prints one JSON line per figure. Figures are measurements, never assertions; compare them to
// the targets in ../shared/BRIEF.md (the `target` field repeats the target for the reader).
import { chromium } from '@playwright/test';
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import { bundleFigures } from './bundles.mjs';
import { compareFigures } from './compare.mjs';
import { forestFigures } from './forest.mjs';
import { mlflowImportFigures } from './mlflowImport.mjs';
import { runsTableFigures } from './runsTable.mjs';
import { searchFigures } from './search.mjs';
import { soakFigures } from './soak.mjs';
import { speedFigures } from './speed.mjs';
import { storeFigures } from './store.mjs';
import { syncFigures } from './sync.mjs';
import { trainingFigures } from './training.mjs';

// BENCH_PORT and BENCH_OUTDIR (as in standalone.mjs) serve another build on another port, e.g. a helper's own.
const PORT = Number(process.env.BENCH_PORT ?? 4184);
const OUTDIR = process.env.BENCH_OUTDIR ?? 'dist';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync',
];

export function print(figure) {
  console.log(JSON.stringify({ ...figure, machine: `${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(2)}` }));
}

/** Gzip size of the JavaScript the browser must load before first paint: the entry and its static imports. */
function firstPaintJs() {
  const html = readFileSync(`${OUTDIR}/index.html`, 'utf8');
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set();
  const queue = [...files];
  let bytes = 0;
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(`${OUTDIR}/${file}`);
    bytes += gzipSync(code).length;
    // Static imports of other chunks (dynamic import() chunks load lazily and don't count).
    for (const m of code.toString().matchAll(/(?:^|[;}\n])import\s*(?:[^'"()]*?from\s*)?["']\.\/([^"']+\.js)["']/g)) {
      queue.push(`assets/${m[1]}`);
    }
  }
  return { bytes, files: [...seen] };
}

async function waitForServer(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview server did not start at ${url}`);
}

const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort', '--outDir', OUTDIR], { stdio: 'ignore', detached: true });
let browser;
try {
  await waitForServer(`http://localhost:${PORT}/`, 30_000);
  const js = firstPaintJs();
  print({ figure: 'first_paint_js_gzip_kb', value: Math.round(js.bytes / 102.4) / 10, unit: 'KB', target: '<= 400', files: js.files.length });
  const lazy = readdirSync(`${OUTDIR}/assets`).filter((f) => f.endsWith('.js') && !js.files.includes(`assets/${f}`)).length;
  print({ figure: 'lazy_js_chunks', value: lazy, unit: 'chunks' });

  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
  // `npm run bench -- --only=compare,bundles` runs some groups: store, runs-table, compare, bundles, mlflow-import, training, search, soak, speed, forest, sync.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7).split(',');
  const want = (group) => !only || only.includes(group);
  if (want('store')) for (const figure of await storeFigures(page)) print(figure);
  if (want('runs-table')) await runsTableFigures(page, print);
  if (want('compare')) await compareFigures(page, print);
  if (want('bundles')) await bundleFigures(page, print);
  if (want('mlflow-import')) await mlflowImportFigures(page, print);
  if (want('training')) await trainingFigures(page, print);
  if (want('search')) await searchFigures(page, print);
  if (want('soak')) await soakFigures(page, print);
  if (want('forest')) await forestFigures(page, print);
  if (want('sync')) await syncFigures(page, print);
  if (want('speed')) await speedFigures(page, print, { launchOptions: { executablePath: CHROMIUM, args: ARGS }, outDir: OUTDIR });
} finally {
  await browser?.close();
  try {
    process.kill(-server.pid);
  } catch {
    // already gone
  }
}
