// Issue 17's speed figures. The small models against native PyTorch (../shared/baselines/native_mlp.py)
// on the same data, model and batch, taken INTERLEAVED (native, app, native, app …, medians): this
// machine's speed moves by 2× from one minute to the next, so only runs taken side by side compare.
// Then what a run costs beyond its epochs with a warm worker, Iris's and the CSV recipe's epochs,
// the built-in wine search's trials per minute with 1 and 2 workers, and the text demo's cold first
// run in fresh browser profiles. The app is driven only through window.trainyard (and the UI for the
// cold run), so the figures hold for whatever training engine the build has.
import { chromium } from '@playwright/test';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { load, median, round } from './figures.mjs';

const PYTHON = '/usr/bin/python3'; // Debian's, with python3-torch; the pyenv python3 on PATH has no torch
const NATIVE = resolve('../shared/baselines/native_mlp.py');
const WINE_FILE = resolve('../shared/datasets/winequality-red.csv');
const WINE_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';
const ROUNDS = Number(process.env.SPEED_ROUNDS ?? 3);
/** The wine MLP as native_mlp.py trains it: 11-64-64-1, batch 32, 100 epochs, no validation, no weight averaging. */
const WINE = { recipe: 'wine_quality', params: { epochs: 100, batch_size: 32, validation_split: 0, swa_start_epoch: 0, hidden_layers: '64,64' }, options: { entryPoint: 'mlp' } };
const TEXT = { recipe: 'text_classifier', params: {}, options: {} };
const IRIS = { recipe: 'iris_logreg', params: {}, options: {} };

const run = promisify(execFile);
const toMs = (seconds, digits = 1) => (typeof seconds === 'number' ? round(seconds * 1000, digits) : null);

/** `context`: { launchOptions, outDir } of the bench (Chromium's executable and args, the build folder). */
export async function speedFigures(page, print, context) {
  const noNative = await nativeMissing();
  const hasWine = existsSync(WINE_FILE);
  const noWine = `${WINE_FILE} is absent (the shared datasets are never copied into the repository)`;
  if (hasWine) await page.route(WINE_URL, (route) => route.fulfill({ path: WINE_FILE, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } }));
  const scratch = mkdtempSync(join(os.tmpdir(), 'trainyard-speed-'));
  // A part that fails (a run FAILED while the training engine is being rewritten) is printed as
  // such, and the other parts still measure. SPEED_PARTS=text,cold (of wine, text, overhead, small,
  // search, cold) measures some parts only.
  const parts = (process.env.SPEED_PARTS ?? 'wine,text,overhead,small,search,cold').split(',');
  const part = async (name, figure, body, { needsWine = false } = {}) => {
    if (!parts.includes(name)) return;
    if (needsWine && !hasWine) return print({ figure, skipped: noWine });
    try {
      await body();
    } catch (error) {
      print({ figure, error: String(error?.message ?? error).split('\n')[0] });
    }
  };
  try {
    await part('wine', 'speed_wine_mlp_epoch_ratio', () => wineVsNative(page, print, noNative), { needsWine: true });
    await part('text', 'speed_text_mlp_epoch_ratio', () => textVsNative(page, print, { noNative, outDir: context.outDir, scratch }));
    await part('overhead', 'speed_overhead_s', () => overheadFigures(page, print, hasWine ? [WINE, TEXT] : [TEXT]));
    await part('small', 'speed_small_recipes_epoch_ms', () => smallRecipeFigures(page, print, hasWine, noWine));
    await part('search', 'speed_wine_search_trials_per_min', () => searchFigures(page, print), { needsWine: true });
    await part('cold', 'speed_text_demo_cold_first_run_s', () => coldTextDemo(new URL(page.url()).origin, context.launchOptions, print));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---- the app and the native script, one run each ----

/** Trains in the page; the run's wall time (page clock), status, per-epoch loss timestamps and params. */
function trainInPage(page, { recipe, params, options }, overrides = {}) {
  return page.evaluate(async ([recipe, params, options]) => {
    const t = window.trainyard;
    const startedAt = Date.now();
    const t0 = performance.now();
    const runId = await t.train(recipe, params, options);
    const seconds = (performance.now() - t0) / 1000;
    const resolvedAt = Date.now();
    const stored = await t.getRun(runId);
    const loss = await t.getMetricHistory(runId, 'loss');
    const samplesPerS = await t.getMetricHistory(runId, 'train_samples_per_s');
    return {
      runId, seconds, startedAt, resolvedAt, status: stored.status, startTime: stored.startTime, endTime: stored.endTime,
      epochEnds: loss.map((p) => p.timestamp), samplesPerS: samplesPerS.map((p) => p.value),
      params: stored.params, backend: stored.tags['trainyard.backend'],
    };
  }, [recipe, { ...params, ...overrides }, options]);
}

/**
 * Seconds per epoch from the per-epoch `loss` timestamps (logged when each epoch ends): the span
 * from the first epoch's end to the last's over the epochs between, so the whole epoch as a user
 * waits for it (batches, validation, progress, Stop check, store writes), without the first one's
 * warm-up. The store's timestamps are whole milliseconds; over 99 epochs that is 0.01 ms.
 */
function epochSeconds(trained) {
  const ends = trained.epochEnds;
  return ends.length < 2 ? null : (ends[ends.length - 1] - ends[0]) / (ends.length - 1) / 1000;
}

/**
 * Each epoch's seconds from the text recipe's `train_samples_per_s` (the rows it trained on over
 * the epoch's batches and validation, timed in the worker; no store writes): [] for recipes that
 * don't log it.
 */
function samplesPerSEpochs(trained) {
  const rows = Number(trained.params.train_size) - Number(trained.params.validation_size);
  return Number.isFinite(rows) ? trained.samplesPerS.map((v) => rows / v) : [];
}

/** Why the native side can't run, or null when Debian's python has torch and pandas. */
async function nativeMissing() {
  if (!existsSync(NATIVE)) return `${NATIVE} is absent: ratio not measured`;
  try {
    await run(PYTHON, ['-c', 'import torch, pandas']);
    return null;
  } catch {
    return `python3-torch absent (or python3-pandas; ${PYTHON}): ratio not measured`;
  }
}

/** One native run on one thread with one seed: its JSON line (`epoch_s` is the median epoch). */
async function nativeRun(task, csv) {
  const { stdout } = await run(PYTHON, [NATIVE, task, csv, '--threads', '1', '--seeds', '1'], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop());
}

/** ROUNDS rounds of native then app; each round's epoch seconds and the load it ran under. */
async function interleave(native, app) {
  const rounds = [];
  for (let r = 1; r <= ROUNDS; r++) {
    const nativeResult = native ? await native() : null;
    const appResult = await app(r);
    rounds.push({ native: nativeResult, app: appResult, load: load() });
  }
  return rounds;
}

/** The figure of an interleaved comparison: both medians, their ratio and every round. */
function ratioFigure(figure, rounds, { noNative, appEpoch, extra }) {
  const nativeS = median(rounds.map((r) => r.native?.epoch_s));
  const appS = median(rounds.map((r) => appEpoch(r.app)));
  return {
    figure,
    value: noNative ? null : round(nativeS / appS, 2),
    unit: `native epoch ÷ app epoch, medians of ${rounds.length} interleaved rounds (native, app, …)`,
    target: '>= 1.0',
    ...(noNative ? { ratio: null, note: noNative } : {}),
    native_epoch_ms: toMs(nativeS),
    app_epoch_ms: toMs(appS),
    ...extra,
    rounds: rounds.map((r) => ({
      native_ms: toMs(r.native?.epoch_s),
      app_ms: toMs(appEpoch(r.app)),
      ratio: round((r.native?.epoch_s ?? NaN) / appEpoch(r.app), 2),
      load: r.load,
    })),
    backend: rounds[0]?.app.backend,
  };
}

// ---- 1. native vs app ----

async function wineVsNative(page, print, noNative) {
  const rounds = await interleave(noNative ? null : () => nativeRun('wine', WINE_FILE), (seed) => trainInPage(page, WINE, { seed }));
  print(ratioFigure('speed_wine_mlp_epoch_ratio', rounds, {
    noNative,
    appEpoch: epochSeconds,
    extra: {
      app_epoch_how: "span of the per-epoch loss timestamps ÷ (epochs − 1); this recipe logs no per-epoch time of its own",
      model: `11-64-64-1 ReLU, Adam, batch 32, 100 epochs, no validation; ${rounds[0].app.params.train_size} training rows in the app, ${rounds[0].native?.rows ?? '?'} native`,
      app_params: { ...WINE.params, seed: 'the round' },
      native: 'native_mlp.py wine --threads 1 --seeds 1 (its median epoch)',
    },
  }));
}

/**
 * The built-in Brown corpus as native_mlp.py's text,label,split CSV, split as the text recipe splits
 * it at its defaults: prepareText (src/workers/train/text/textData.ts) on a corpus without a split
 * column sorts the labels, splits with the app's seeded stratified trainTestSplit (imported here
 * from src/domain, so it is the app's own code) and takes the validation rows from the tail of the
 * shuffled training order. Training rows are written in that order so the native script cuts the
 * same tail. The corpus is the asset the build serves.
 */
async function writeBrownCsv(outDir, scratch) {
  const assetName = readdirSync(join(outDir, 'assets')).find((f) => /^brown-corpus-.*\.json$/.test(f));
  if (!assetName) throw new Error(`no brown-corpus-*.json in ${outDir}/assets`);
  const [split, textAsset, catalogue] = await Promise.all(
    ['src/domain/ml/split.ts', 'src/domain/datasets/textAsset.ts', 'src/domain/recipes/recipeCatalogue.ts'].map(appModule),
  );
  const defaults = catalogue.defaultParams(catalogue.findRecipe('text_classifier'), 'mlp');
  const corpus = textAsset.fromTextDatasetAsset(JSON.parse(readFileSync(join(outDir, 'assets', assetName), 'utf8')), assetName);
  const labels = [...new Set(corpus.labels)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const y = corpus.labels.map((label) => labels.indexOf(label));
  const { train, test } = split.trainTestSplit(y.length, { testFraction: defaults.test_fraction, seed: defaults.seed, stratifyBy: y });
  const quote = (s) => `"${s.replaceAll('"', '""')}"`;
  const rows = (indices, name) => Array.from(indices, (i) => `${quote(corpus.texts[i])},${quote(corpus.labels[i])},${name}`);
  const file = join(scratch, 'brown.csv');
  writeFileSync(file, ['text,label,split', ...rows(train, 'train'), ...rows(test, 'test')].join('\n'));
  const counts = (indices) => labels.map((_, k) => Array.from(indices).filter((i) => y[i] === k).length);
  return { file, labels, trainCounts: counts(train), testCounts: counts(test), trainRows: train.length, defaults };
}

function textModel(p, width, classes) {
  return (
    `bag of words → ${p.hidden_units} ReLU → dropout ${p.dropout} → ${classes} softmax, Adam, batch ${p.batch_size}, ${p.epochs} epochs; ` +
    `the app is ${width} wide (Keras's column 0) and tokenises letters and digits, native 1000 wide on [a-z]+ (native_mlp.py's own)`
  );
}

/** A TypeScript module of the app, loaded through Vite's module runner (no config, no plugins). */
async function appModule(path) {
  const { runnerImport } = await import('vite'); // only when this group runs
  return (await runnerImport(resolve(path), { configFile: false, logLevel: 'silent' })).module;
}

/** Whether the run split the corpus as the CSV does: sizes and per-genre counts from its labels.json. */
async function splitCheck(page, runId, csv) {
  const logged = await page.evaluate(async (runId) => JSON.parse(await (await window.trainyard.downloadArtifact(runId, 'labels.json')).text()), runId);
  const same = JSON.stringify([logged.labels, logged.train_counts, logged.test_counts]) === JSON.stringify([csv.labels, csv.trainCounts, csv.testCounts]);
  return same ? "same labels and per-genre train/test counts as the run's labels.json" : `DIFFERENT from the run's labels.json: ${JSON.stringify(logged)}`;
}

async function textVsNative(page, print, { noNative, outDir, scratch }) {
  let csv;
  try {
    csv = await writeBrownCsv(outDir, scratch);
  } catch (error) {
    print({ figure: 'speed_text_mlp_epoch_ratio', skipped: `could not write the Brown corpus CSV: ${error.message}` });
    return;
  }
  // Every app round at the defaults: the seed also draws the split, and the CSV holds the default seed's.
  const rounds = await interleave(noNative ? null : () => nativeRun('text', csv.file), () => trainInPage(page, TEXT));
  const first = rounds[0].app;
  const trainedRows = Number(first.params.train_size) - Number(first.params.validation_size);
  print(ratioFigure('speed_text_mlp_epoch_ratio', rounds, {
    noNative,
    appEpoch: epochSeconds,
    extra: {
      app_epoch_how: "span of the per-epoch loss timestamps ÷ (epochs − 1); app_epoch_ms_from_samples_per_s: the run's train_samples_per_s (batches and validation, no store writes)",
      app_epoch_ms_from_samples_per_s: toMs(median(rounds.map((r) => median(samplesPerSEpochs(r.app))))),
      data:
        `the built-in Brown corpus (builtin:brown), written to a text,label,split CSV with the recipe's default split ` +
        `(stratified, seed ${csv.defaults.seed}, test ${csv.defaults.test_fraction}): ${csv.trainRows} training rows, of which the app trains on ${trainedRows} ` +
        `(Keras's validation tail: n − floor(0.9 n)) and native on ${csv.trainRows - Math.floor(csv.trainRows * csv.defaults.validation_split)} (n − int(0.1 n))`,
      split_check: await splitCheck(page, first.runId, csv),
      model: textModel(csv.defaults, first.params.input_width, csv.labels.length),
      app_params: 'the recipe defaults in every round',
      native: 'native_mlp.py text --threads 1 --seeds 1 (its median epoch)',
    },
  }));
}

// ---- 2. train() → FINISHED beyond the epochs, warm worker ----

async function overheadFigures(page, print, cases) {
  for (const demo of cases) {
    await trainInPage(page, demo, { epochs: 1 }); // the worker and this recipe's code, warm
    const runs = [];
    for (let i = 0; i < ROUNDS; i++) runs.push(overheadOf(await trainInPage(page, demo)));
    const overhead = median(runs.map((r) => r.overhead_s));
    print({
      figure: `speed_${demo.recipe}_overhead_s`,
      value: round(overhead, 2),
      unit: `s: await trainyard.train() − the epochs' time (span of the per-epoch loss timestamps + the first epoch), warm worker, median of ${runs.length}`,
      target: '<= 0.5',
      total_s: round(median(runs.map((r) => r.total_s)), 2),
      epochs_s: round(median(runs.map((r) => r.epochs_s)), 2),
      breakdown: 'to_run_created: train() → run row; before_first_epoch: run row → first epoch start (data, model); after_last_epoch: → run ended (evaluation, model, flush); to_resolve: run ended → train() resolved',
      runs,
    });
  }
}

/** Where one run's time went beyond its epochs (page and worker share the wall clock). */
function overheadOf(trained) {
  const ends = trained.epochEnds;
  // The epochs run from the first one's start to the last one's end: the first epoch's length is
  // its own where the recipe logs it (5 text epochs vary too much to take a mean for it), else the mean.
  const firstEpoch = samplesPerSEpochs(trained)[0] ?? epochSeconds(trained);
  const firstEpochStart = ends[0] - firstEpoch * 1000;
  const epochsSeconds = (ends[ends.length - 1] - firstEpochStart) / 1000;
  const s = (ms) => round(ms / 1000, 2);
  return {
    status: trained.status,
    total_s: round(trained.seconds, 2),
    epochs_s: round(epochsSeconds, 2),
    overhead_s: round(trained.seconds - epochsSeconds, 2),
    to_run_created_s: s(trained.startTime - trained.startedAt),
    before_first_epoch_s: s(firstEpochStart - trained.startTime),
    after_last_epoch_s: s(trained.endTime - ends[ends.length - 1]),
    to_resolve_s: s(trained.resolvedAt - trained.endTime),
    load: load(),
  };
}

// ---- 4. Iris and the CSV recipe (no native task for them) ----

async function smallRecipeFigures(page, print, hasWine, noWine) {
  const unit = `ms per epoch: span of the per-epoch loss timestamps ÷ (epochs − 1), median of ${ROUNDS} runs at the recipe defaults; no native counterpart`;
  print(await epochFigure(page, 'speed_iris_logreg_epoch_ms', IRIS, unit));
  if (!hasWine) {
    print({ figure: 'speed_csv_wine_epoch_ms', skipped: noWine });
    return;
  }
  const csvText = readFileSync(WINE_FILE, 'utf8');
  const dataset = await page.evaluate((text) => window.trainyard.importDataset(text, { kind: 'tabular', fileName: 'winequality-red.csv', name: 'speed bench: red wine' }), csvText);
  print(await epochFigure(page, 'speed_csv_wine_epoch_ms', { recipe: 'csv', params: { dataset, target: 'quality' }, options: {} }, unit));
}

async function epochFigure(page, figure, demo, unit) {
  const runs = [];
  for (let i = 0; i < ROUNDS; i++) runs.push(await trainInPage(page, demo));
  const first = runs[0];
  return {
    figure,
    value: toMs(median(runs.map(epochSeconds)), 2),
    unit,
    per_run_ms: runs.map((r) => toMs(epochSeconds(r), 2)),
    epochs: first.epochEnds.length,
    params: Object.fromEntries(['epochs', 'batch_size', 'hidden_layers', 'task', 'train_size', 'validation_split'].filter((k) => k in first.params).map((k) => [k, first.params[k]])),
    statuses: [...new Set(runs.map((r) => r.status))],
    backend: first.backend,
  };
}

// ---- 5. the built-in wine search, 1 vs 2 workers ----

/**
 * The pool's size is read when the page loads, so each setting is applied with a reload; the
 * search's `parallel` follows it, and every worker is started and warmed first (one short Iris run
 * each), so the figure is the search's pace, not the workers' cold start (see the cold run for that).
 * 1 and 2 workers alternate, ROUNDS times, as native and app do. The user's setting comes back (and
 * the page reloads) at the end.
 */
async function searchFigures(page, print) {
  const saved = await page.evaluate(() => window.trainyard.getTrainingSettings());
  const maxTrials = process.env.SPEED_SEARCH_TRIALS ? { maxTrials: Number(process.env.SPEED_SEARCH_TRIALS) } : {};
  const results = { 1: [], 2: [] };
  try {
    for (let r = 1; r <= ROUNDS; r++) {
      for (const workers of [1, 2]) {
        await withWorkers(page, workers);
        await page.evaluate((n) => Promise.all(Array.from({ length: n }, () => window.trainyard.train('iris_logreg', { epochs: 1 }))), workers);
        results[workers].push(await timedSearch(page, { parallel: workers, runName: `speed-bench-${workers}-workers`, ...maxTrials }));
      }
    }
  } finally {
    await withWorkers(page, saved.workers);
  }
  const summary = (runs) => {
    const seconds = median(runs.map((r) => r.seconds));
    const trials = median(runs.map((r) => r.trials));
    return { trials, seconds, trials_per_min: round((trials / seconds) * 60, 1), rounds: runs };
  };
  const one = summary(results[1]);
  const two = summary(results[2]);
  print({
    figure: 'speed_wine_search_trials_per_min',
    value: two.trials_per_min,
    unit:
      `trials per minute of the built-in wine-sgd search (${maxTrials.maxTrials ? `a ${maxTrials.maxTrials}-trial subset` : 'in full'}) ` +
      `with 2 warm workers, 2 trials at once; median seconds of ${ROUNDS} rounds alternating with 1 worker`,
    one_worker: one,
    two_workers: two,
    speedup: round(one.seconds / two.seconds, 2),
  });
}

async function withWorkers(page, workers) {
  await page.evaluate((workers) => window.trainyard.setTrainingSettings({ workers }), workers);
  await page.reload();
  await page.waitForFunction(() => typeof window.trainyard?.searchBuiltin === 'function');
}

function timedSearch(page, overrides) {
  return page.evaluate(async (overrides) => {
    const t = window.trainyard;
    const t0 = performance.now();
    const parentRunId = await t.searchBuiltin('wine-sgd', overrides);
    const seconds = (performance.now() - t0) / 1000;
    const { runs } = await t.searchRuns('', { maxResults: 1000 });
    const trials = runs.filter((r) => r.parentRunId === parentRunId);
    return { trials: trials.length, finished: trials.filter((r) => r.status === 'FINISHED').length, seconds: Math.round(seconds * 10) / 10 };
  }, overrides).then((r) => ({ ...r, load: load() }));
}

// ---- 3. the text demo's cold first run, fresh profile ----

async function coldTextDemo(origin, launchOptions, print) {
  for (const profile of [1, 2]) {
    const dir = mkdtempSync(join(os.tmpdir(), 'trainyard-cold-'));
    const context = await chromium.launchPersistentContext(dir, launchOptions);
    try {
      print({ ...(await coldRun(context, origin)), profile });
    } catch (error) {
      print({ figure: 'speed_text_demo_cold_first_run_s', profile, error: String(error.message ?? error).split('\n')[0] });
    } finally {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * As a first-time user does it: open the app, click the text classifier's card on the landing page,
 * press Train on the Train page, and wait until the page shows FINISHED. Times are from navigation
 * start (the document's timeOrigin; the hash routes keep the same document).
 */
async function coldRun(context, origin) {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`${origin}/`);
  const card = page.locator('[data-testid="landing.demo"][data-recipe="text_classifier"]');
  await card.waitFor();
  const cardShown = Date.now();
  await card.click();
  await page.getByTestId('train.submit').click(); // waits until the form is there and enabled
  const trainPressed = Date.now();
  await page.waitForFunction(
    () => ['FINISHED', 'FAILED', 'KILLED'].includes(document.querySelector('[data-testid="train.status"]')?.textContent?.trim() ?? ''),
    null,
    { timeout: 300_000, polling: 50 },
  );
  const shown = Date.now();
  const run = await page.evaluate(async () => {
    const t = window.trainyard;
    const [found] = (await t.searchRuns('', { maxResults: 1 })).runs;
    const loss = await t.getMetricHistory(found.runId, 'loss');
    const samplesPerS = await t.getMetricHistory(found.runId, 'train_samples_per_s');
    return {
      navStart: performance.timeOrigin, status: found.status, startTime: found.startTime, endTime: found.endTime, params: found.params,
      epochEnds: loss.map((p) => p.timestamp), samplesPerS: samplesPerS.map((p) => p.value), backend: found.tags['trainyard.backend'],
    };
  });
  const at = (ms) => round((ms - run.navStart) / 1000, 2);
  const firstEpoch = (samplesPerSEpochs(run)[0] ?? epochSeconds(run)) * 1000;
  return {
    figure: 'speed_text_demo_cold_first_run_s',
    value: at(shown),
    unit: 's from navigation start to the Train page showing FINISHED: fresh profile (empty user-data-dir), landing card → Train, recipe defaults',
    target: '<= 10',
    status: run.status,
    landing_card_shown_s: at(cardShown),
    train_pressed_s: at(trainPressed),
    run_created_s: at(run.startTime),
    training_started_s: at(run.epochEnds[0] - firstEpoch),
    first_epoch_logged_s: at(run.epochEnds[0]),
    epoch_s: round(epochSeconds(run), 2),
    run_ended_s: at(run.endTime),
    backend: run.backend,
    load: load(),
  };
}
