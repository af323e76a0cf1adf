// Issue 20's sync figures: push and pull of 100 finished runs × 10,000 metric points each between
// the app and the fake MLflow tracking server of the contract tests (src/test/mlflowServer, the
// recorded-contract server), on loopback, in the bench's own Node process. Targets: each in ≤ 30 s,
// and no main-thread task over 200 ms meanwhile (the work belongs in the sync worker). The push is
// checked against what the server holds (every run, every point) and a shortfall is printed as a
// warning line; the pull goes into a fresh browser profile, so it writes every run for real.
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load, round } from './figures.mjs';
import { benchLaunchOptions, isMainModule, printFigure, withPreviewServer } from './standalone.mjs';

const RUNS = Number(process.env.SYNC_RUNS ?? 100);
const POINTS = Number(process.env.SYNC_POINTS ?? 10_000);
const LONG_TASK_MS = 200;

/**
 * The fake server is TypeScript; Node cannot import it as it is, so it is bundled for Node into a
 * scratch folder (rolldown, which Vite already brings) and imported from there.
 */
async function startFakeServer(scratch) {
  const { build } = await import('rolldown'); // only when this group runs
  const file = join(scratch, 'fakeMlflowServer.mjs');
  await build({
    input: resolve('src/test/mlflowServer/fakeMlflowServer.ts'),
    platform: 'node',
    logLevel: 'silent',
    output: { file, format: 'esm' },
  });
  const { startFakeMlflowServer } = await import(pathToFileURL(file).href);
  // Request bodies are not kept: a million points would be held twice.
  return startFakeMlflowServer({ recordBodies: false });
}

/** Run in a page before a measured call: keeps every main-thread task's duration in `window.__syncTasks`. */
const watchTasks = () => {
  window.__syncTasks = [];
  window.__syncObserver?.disconnect();
  window.__syncObserver = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__syncTasks.push(entry.duration);
  });
  window.__syncObserver.observe({ type: 'longtask' });
};

/** The longest task and how many went over LONG_TASK_MS since watchTasks (read after the call settles). */
async function tasksSeen(page) {
  // Long-task entries are delivered after the task ends: give the observer a frame to report.
  await page.evaluate(() => new Promise((r) => setTimeout(r, 100)));
  return page.evaluate((limit) => {
    const tasks = window.__syncTasks ?? [];
    return { longest: tasks.reduce((m, d) => Math.max(m, d), 0), over: tasks.filter((d) => d > limit).length, count: tasks.length };
  }, LONG_TASK_MS);
}

/** The page's sync worker (its script is named after sync.worker.ts), or null before it started. */
function syncWorker(page) {
  return page.workers().find((w) => /sync/i.test(w.url())) ?? null;
}

/** Starts counting the sync worker's requests (Resource Timing, read back by workerFetches). */
async function watchFetches(page) {
  await syncWorker(page)?.evaluate(() => {
    performance.setResourceTimingBufferSize(1_000_000);
    performance.clearResourceTimings();
  });
}

/**
 * The sync worker's requests since watchFetches: how many, and the seconds spent waiting on them
 * (each fetch's start to the end of its response, preflight included; the worker waits on one at
 * a time, so the sum is wall time spent on the network and the server, and the rest of the call is
 * the worker's own work and the store's).
 */
async function workerFetches(page) {
  const worker = syncWorker(page);
  if (!worker) return null;
  return worker.evaluate(() => {
    const entries = performance.getEntriesByType('resource');
    const byPath = {};
    let ms = 0;
    for (const e of entries) {
      ms += e.duration;
      const name = new URL(e.name).pathname.replace(/^\/api\/2\.0\/mlflow\//, '');
      const slot = (byPath[name] ??= { n: 0, s: 0 });
      slot.n += 1;
      slot.s += e.duration / 1000;
    }
    for (const slot of Object.values(byPath)) slot.s = Math.round(slot.s * 100) / 100;
    return { count: entries.length, seconds: Math.round(ms / 10) / 100, byPath };
  });
}

/** CPU seconds of this Node process (the fake server's work, and Playwright's) since `since`. */
const cpuSeconds = (since) => {
  const { user, system } = process.cpuUsage(since);
  return round((user + system) / 1e6, 2);
};

/** Logs RUNS finished runs of POINTS `loss` points each into a new experiment (not measured). */
async function seed(page) {
  const experimentName = `bench-sync-${Date.now()}`;
  const experimentId = await page.evaluate((name) => window.trainyard.createExperiment(name), experimentName);
  const t0 = Date.now();
  const runIds = [];
  // One evaluate per run: a million logMetric calls in one evaluate would hold the page for minutes.
  for (let r = 0; r < RUNS; r++) {
    runIds.push(
      await page.evaluate(
        async ({ experimentId, r, points }) => {
          const t = window.trainyard;
          const run = await t.startRun({ experimentId, runName: `sync-${r}` });
          await t.logParams({ lr: 0.001 * (1 + (r % 10)), seed: r });
          const ts = Date.now();
          for (let s = 0; s < points; s++) t.logMetric('loss', 1 / (s + 1) + r * 1e-6, { step: s, timestamp: ts + s });
          await t.endRun();
          return run.runId;
        },
        { experimentId, r, points: POINTS },
      ),
    );
  }
  await page.evaluate(() => window.trainyard.flush());
  return { experimentName, runIds, seconds: (Date.now() - t0) / 1000 };
}

/** Runs and points the server holds in its experiment of this name. */
function serverCounts(fake, experimentName) {
  const experimentId = [...fake.state.experiments.values()].find((e) => e.name === experimentName)?.experimentId;
  let runs = 0;
  let points = 0;
  let short = 0;
  for (const run of fake.state.runs.values()) {
    if (run.experimentId !== experimentId) continue;
    runs += 1;
    let n = 0;
    for (const history of run.metrics.values()) n += history.length;
    points += n;
    if (n !== POINTS) short += 1;
  }
  return { runs, points, short };
}

/** What the fake server was asked during a call: requests by endpoint, from index `from` of its log. */
function requestsSince(fake, from) {
  const byPath = {};
  for (const request of fake.requests.slice(from)) {
    const name = request.method === 'OPTIONS' ? 'OPTIONS (preflight)' : request.path.replace(/^\/api\/2\.0\/mlflow\//, '');
    byPath[name] = (byPath[name] ?? 0) + 1;
  }
  return byPath;
}

export async function syncFigures(page, print) {
  const scratch = mkdtempSync(join(os.tmpdir(), 'trainyard-sync-'));
  let fake;
  let context;
  try {
    fake = await startFakeServer(scratch);
    const seeded = await seed(page);
    print({ figure: 'sync_seed_s', value: round(seeded.seconds, 1), unit: `s to log ${RUNS} runs × ${POINTS} points (not a target)` });

    // ---- push ----
    const serverId = await page.evaluate((url) => window.trainyard.connectServer(url), fake.url);
    await page.evaluate(watchTasks);
    await watchFetches(page);
    const pushFrom = fake.requests.length;
    const pushCpu = process.cpuUsage();
    const pushed = await page.evaluate(
      async ({ runIds, server }) => {
        const t0 = performance.now();
        const outcomes = await window.trainyard.pushRuns(runIds, { server });
        const failed = outcomes.filter((o) => !o.ok);
        return { seconds: (performance.now() - t0) / 1000, ok: outcomes.length - failed.length, errors: failed.slice(0, 3).map((o) => o.error) };
      },
      { runIds: seeded.runIds, server: serverId },
    );
    const pushServerCpu = cpuSeconds(pushCpu);
    const pushTasks = await tasksSeen(page);
    const pushRequests = requestsSince(fake, pushFrom);
    print({
      figure: 'sync_push_100x10k_s', value: round(pushed.seconds, 2), unit: `s (${pushed.ok} of ${RUNS} runs pushed, ${RUNS} × ${POINTS} points, loopback, fake server)`, target: '<= 30', load: load(),
      server_requests: pushRequests, worker_fetches: await workerFetches(page), fake_server_process_cpu_s: pushServerCpu,
    });
    print({ figure: 'sync_push_longest_task_ms', value: round(pushTasks.longest), unit: 'ms (longest main-thread task during the push)', target: '<= 200', tasks_over_200ms: pushTasks.over, long_tasks: pushTasks.count });
    if (pushed.errors.length > 0) console.log(JSON.stringify({ warning: 'sync push: some runs failed', errors: pushed.errors }));
    const held = serverCounts(fake, seeded.experimentName);
    if (held.runs !== RUNS || held.points !== RUNS * POINTS || held.short > 0) {
      console.log(JSON.stringify({ warning: `sync push: the server holds ${held.runs} runs and ${held.points} points (${held.short} runs short), expected ${RUNS} × ${POINTS}` }));
    }

    // ---- pull, into a fresh profile (its own empty store) ----
    context = await page.context().browser().newContext();
    const fresh = await context.newPage();
    fresh.on('crash', () => console.error('[sync] the pulling page crashed (out of memory?)'));
    await fresh.goto(page.url());
    await fresh.waitForFunction(() => typeof window.trainyard?.pullRuns === 'function');
    const freshServer = await fresh.evaluate((url) => window.trainyard.connectServer(url), fake.url);
    await fresh.evaluate(watchTasks);
    await watchFetches(fresh);
    const pullFrom = fake.requests.length;
    const pullCpu = process.cpuUsage();
    const pulled = await fresh.evaluate(
      async ({ server, experimentName, maxRuns }) => {
        const t0 = performance.now();
        const outcome = await window.trainyard.pullRuns({ server, experimentNames: [experimentName], maxRuns });
        const seconds = (performance.now() - t0) / 1000;
        const runs = outcome.runs ?? [];
        return { seconds, runs: runs.length, points: runs.reduce((n, r) => n + r.points, 0), problems: (outcome.problems ?? []).slice(0, 3) };
      },
      { server: freshServer, experimentName: seeded.experimentName, maxRuns: RUNS },
    );
    const pullServerCpu = cpuSeconds(pullCpu);
    const pullTasks = await tasksSeen(fresh);
    const pullRequests = requestsSince(fake, pullFrom);
    print({
      figure: 'sync_pull_100x10k_s', value: round(pulled.seconds, 2), unit: `s (${pulled.runs} runs, ${pulled.points} points into an empty store, loopback, fake server)`, target: '<= 30', load: load(),
      server_requests: pullRequests, worker_fetches: await workerFetches(fresh), fake_server_process_cpu_s: pullServerCpu,
    });
    print({ figure: 'sync_pull_longest_task_ms', value: round(pullTasks.longest), unit: 'ms (longest main-thread task during the pull)', target: '<= 200', tasks_over_200ms: pullTasks.over, long_tasks: pullTasks.count });
    if (pulled.runs !== RUNS || pulled.points !== RUNS * POINTS) {
      console.log(JSON.stringify({ warning: `sync pull: ${pulled.runs} runs and ${pulled.points} points arrived, expected ${RUNS} × ${POINTS}`, problems: pulled.problems }));
    }
  } finally {
    await context?.close();
    await fake?.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (isMainModule(import.meta.url)) {
  await withPreviewServer(Number(process.env.BENCH_PORT ?? 4297), async (origin) => {
    const browser = await chromium.launch(benchLaunchOptions);
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => typeof window.trainyard?.pushRuns === 'function');
      await syncFigures(page, printFigure);
    } finally {
      await browser.close();
    }
  });
}
