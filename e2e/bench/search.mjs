// Hyperparameter search on the built-in wine search (MLflow's hyperparameter example: SGD, learning
// rate log-uniform, momentum uniform, by validation RMSE): the best validation RMSE random search
// and TPE find with the same budget (30 trials, hyperopt's defaults: TPE's first 20 are random),
// over several search seeds, and the wall time of one search with 1 vs 2 trials at once.
// Needs ../shared/datasets/winequality-red.csv (the download is routed to it); says so when absent.
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchLaunchOptions, isMainModule, printFigure, withPreviewServer } from './standalone.mjs';

const WINE_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';
const round = (x, digits = 4) => (x === undefined || x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits);
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Runs the built-in wine search with overrides; its best val/test RMSE, trial count and wall time. */
function runSearch(page, overrides) {
  return page.evaluate(async (overrides) => {
    const t = window.trainyard;
    const t0 = performance.now();
    const parentRunId = await t.searchBuiltin('wine-sgd', overrides);
    const seconds = (performance.now() - t0) / 1000;
    const parent = await t.getRun(parentRunId);
    const { runs } = await t.searchRuns('', { maxResults: 1000 });
    const trials = runs.filter((r) => r.parentRunId === parentRunId);
    return {
      seconds,
      status: parent.status,
      trials: trials.length,
      finished: trials.filter((r) => r.status === 'FINISHED').length,
      bestVal: parent.metrics.val_rmse?.latest.value,
      bestTest: parent.metrics.test_rmse?.latest.value,
      bestParams: parent.tags['trainyard.search.best_params'],
    };
  }, overrides);
}

export async function searchFigures(page, print) {
  const wineFile = resolve('../shared/datasets/winequality-red.csv');
  if (!existsSync(wineFile)) {
    print({ figure: 'wine_search_best_val_rmse', skipped: `${wineFile} is absent (the shared datasets are never copied into the repository)` });
    return;
  }
  await page.route(WINE_URL, (route) => route.fulfill({ path: wineFile, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } }));
  // SEARCH_PARTS=compare or =wall runs one half (e.g. to re-measure the wall time on a quiet machine).
  const parts = (process.env.SEARCH_PARTS ?? 'compare,wall').split(',');
  if (parts.includes('compare')) await compareAlgorithms(page, print);
  if (parts.includes('wall')) await wallTime(page, print);
}

async function compareAlgorithms(page, print) {
  const seeds = (process.env.SEARCH_SEEDS ?? '1,2,3').split(',').map(Number);
  const maxTrials = Number(process.env.SEARCH_TRIALS ?? 30);
  const results = { random: [], tpe: [] };
  for (const seed of seeds) {
    for (const algorithm of ['random', 'tpe']) {
      results[algorithm].push({ seed, ...(await runSearch(page, { algorithm, seed, maxTrials, parallel: 2, runName: `bench-${algorithm}-${seed}` })) });
    }
  }
  for (const algorithm of ['random', 'tpe']) {
    const runs = results[algorithm];
    print({
      figure: `wine_search_${algorithm}_best_val_rmse`,
      value: round(mean(runs.map((r) => r.bestVal))),
      unit: `quality points: best validation RMSE of a ${maxTrials}-trial search (2 at once), mean over search seeds ${seeds.join(', ')}`,
      ...(algorithm === 'tpe' ? { settings: "hyperopt's defaults: 20 random start-up trials, gamma 0.25, 24 candidates" } : {}),
      per_seed: Object.fromEntries(runs.map((r) => [`seed_${r.seed}`, round(r.bestVal)])),
      best_test_rmse: Object.fromEntries(runs.map((r) => [`seed_${r.seed}`, round(r.bestTest)])),
      trials_finished: runs.map((r) => r.finished),
      seconds: runs.map((r) => round(r.seconds, 1)),
    });
  }
  const wins = seeds.filter((_, i) => results.tpe[i].bestVal < results.random[i].bestVal).length;
  print({ figure: 'wine_search_tpe_wins', value: wins, unit: `of ${seeds.length} seeds where TPE's best validation RMSE is lower than random search's` });
}

async function wallTime(page, print) {
  const wall = {};
  for (const parallel of [1, 2]) {
    wall[parallel] = await runSearch(page, { algorithm: 'random', seed: 7, maxTrials: 12, parallel, runName: `bench-parallel-${parallel}` });
  }
  print({
    figure: 'wine_search_wall_seconds',
    value: round(wall[2].seconds, 1),
    unit: 's for a 12-trial random search with 2 trials at once (2 workers)',
    one_worker_seconds: round(wall[1].seconds, 1),
    speedup: round(wall[1].seconds / wall[2].seconds, 2),
    same_best: wall[1].bestVal === wall[2].bestVal,
  });
}

// Standalone: `node e2e/bench/search.mjs` (after a build) prints only the search figures; BENCH_PORT picks the port.
if (isMainModule(import.meta.url)) {
  await withPreviewServer(Number(process.env.BENCH_PORT ?? 4187), async (origin) => {
    const browser = await chromium.launch(benchLaunchOptions);
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => typeof window.trainyard?.searchBuiltin === 'function');
      await searchFigures(page, printFigure);
    } finally {
      await browser.close();
    }
  });
}
