// Import of a team-size MLflow directory (target ≤ 30 s): 10,000 runs × (20 params + 10 metrics of one
// point each, plus the tags MLflow writes) in MLflow's FileStore layout, zipped by Info-ZIP `zip -r`
// as a user would (folder entries included, ≈ 400,000 entries), imported into an empty profile
// through `trainyard.importBundle`. Also reports the longest main-thread task during the import.
// Standalone: `npm run build && node e2e/bench/mlflowImport.mjs` (MLFLOW_BENCH_RUNS=… for a smaller tree).
import { chromium } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchLaunchOptions, isMainModule, printFigure, watchLongTasks, withPreviewServer } from './standalone.mjs';

const RUNS = Number(process.env.MLFLOW_BENCH_RUNS ?? 10_000);
const PARAMS = 20;
const METRICS = 10;
const EXPERIMENT_ID = '431245871229731985';
const BASE_TIME = 1_764_000_000_000;

const hex = (n) => n.toString(16).padStart(32, '0');

/** Writes mlruns/ as MLflow 2.x's FileStore does (absolute file:// URIs, tags files, empty artifacts/). */
function writeTree(root) {
  const mlruns = join(root, 'mlruns');
  const uri = `file://${mlruns}`;
  mkdirSync(join(mlruns, '.trash'), { recursive: true });
  mkdirSync(join(mlruns, '0'), { recursive: true });
  writeFileSync(join(mlruns, '0', 'meta.yaml'), `artifact_location: ${uri}/0\ncreation_time: ${BASE_TIME}\nexperiment_id: '0'\nlast_update_time: ${BASE_TIME}\nlifecycle_stage: active\nname: Default\n`);
  const exp = join(mlruns, EXPERIMENT_ID);
  mkdirSync(join(exp, 'tags'), { recursive: true });
  writeFileSync(join(exp, 'meta.yaml'), `artifact_location: ${uri}/${EXPERIMENT_ID}\ncreation_time: ${BASE_TIME}\nexperiment_id: '${EXPERIMENT_ID}'\nlast_update_time: ${BASE_TIME}\nlifecycle_stage: active\nname: team-sweep\n`);
  writeFileSync(join(exp, 'tags', 'mlflow.note.content'), 'A team-size sweep');
  for (let r = 0; r < RUNS; r++) {
    const id = hex(0xabc0000 + r);
    const dir = join(exp, id);
    for (const sub of ['metrics', 'params', 'tags', 'artifacts']) mkdirSync(join(dir, sub), { recursive: true });
    const start = BASE_TIME + r * 1000;
    writeFileSync(
      join(dir, 'meta.yaml'),
      `artifact_uri: ${uri}/${EXPERIMENT_ID}/${id}/artifacts\nend_time: ${start + 900}\nentry_point_name: ''\nexperiment_id: '${EXPERIMENT_ID}'\n` +
        `lifecycle_stage: active\nrun_id: ${id}\nrun_name: run-${r}\nrun_uuid: ${id}\nsource_name: ''\nsource_type: 4\nsource_version: ''\n` +
        `start_time: ${start}\nstatus: 3\ntags: []\nuser_id: bench\n`,
    );
    for (let p = 0; p < PARAMS; p++) writeFileSync(join(dir, 'params', `param_${p}`), String((r * 7 + p) % 97));
    for (let m = 0; m < METRICS; m++) writeFileSync(join(dir, 'metrics', `metric_${m}`), `${start + 500} ${((r + m) % 1000) / 1000} 0\n`);
    writeFileSync(join(dir, 'tags', 'mlflow.runName'), `run-${r}`);
    writeFileSync(join(dir, 'tags', 'mlflow.user'), 'bench');
    writeFileSync(join(dir, 'tags', 'mlflow.source.type'), 'LOCAL');
    writeFileSync(join(dir, 'tags', 'mlflow.source.name'), 'train.py');
  }
}

/** The zip (made once and kept in .bench/, git-ignored) and its entry count. */
export function mlflowZip() {
  const folder = resolve('.bench', `mlruns-${RUNS}`);
  const zip = `${folder}.zip`;
  if (!existsSync(zip)) {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder, { recursive: true });
    writeTree(folder);
    execFileSync('zip', ['-r', '-q', zip, 'mlruns'], { cwd: folder });
    rmSync(folder, { recursive: true, force: true });
  }
  const listing = execFileSync('unzip', ['-Z1', zip], { maxBuffer: 1 << 30 }).toString();
  return { path: zip, bytes: statSync(zip).size, entries: listing.split('\n').filter(Boolean).length };
}


export async function mlflowImportFigures(page, print) {
  if (!existsSync('/usr/bin/zip') || !existsSync('/usr/bin/unzip')) {
    print({ figure: 'mlflow_dir_import_seconds', value: null, unit: 's', note: 'not measured: Info-ZIP zip/unzip are not installed (npm run bench installs them as root)' });
    return;
  }
  const t0 = Date.now();
  const zip = mlflowZip();
  const made = (Date.now() - t0) / 1000;
  const context = await page.context().browser().newContext();
  try {
    const fresh = await context.newPage();
    fresh.on('crash', () => console.error('[mlflow-import] the page crashed (out of memory?)'));
    fresh.on('console', (m) => m.type() === 'error' && console.error(`[mlflow-import] ${m.text()}`));
    await fresh.goto(page.url());
    await fresh.waitForFunction(() => typeof window.trainyard?.importBundle === 'function');
    // The zip reaches the page as a user's file does: a disk-backed File from a file input
    // (Playwright hands the browser the path; routing a 100+ MB response through it crashes Chromium).
    await fresh.evaluate(() => {
      const input = document.createElement('input');
      input.type = 'file';
      input.id = 'bench-file';
      input.hidden = true;
      document.body.append(input);
    });
    await fresh.setInputFiles('#bench-file', zip.path);
    await fresh.evaluate(watchLongTasks);
    const imported = await fresh.evaluate(async () => {
      const file = document.querySelector('#bench-file').files[0];
      const t1 = performance.now();
      const summary = await window.trainyard.importBundle(file);
      return { seconds: (performance.now() - t1) / 1000, runs: summary.runs.created, points: summary.metricPoints, longest: window.__longest };
    });
    print({
      figure: 'mlflow_dir_import_seconds',
      value: Math.round(imported.seconds * 100) / 100,
      unit: `s (${imported.runs} runs, ${imported.points} points, ${zip.entries} zip entries by zip -r, ${Math.round(zip.bytes / 1e5) / 10} MB, into an empty store)`,
      target: '<= 30',
      longest_main_thread_task_ms: Math.round(imported.longest),
      tree_and_zip_seconds: Math.round(made * 10) / 10,
    });
  } finally {
    await context.close();
  }
}

if (isMainModule(import.meta.url)) {
  await withPreviewServer(Number(process.env.BENCH_PORT ?? 4188), async (origin) => {
    const browser = await chromium.launch(benchLaunchOptions);
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await mlflowImportFigures(page, printFigure);
    } finally {
      await browser.close();
    }
  });
}
