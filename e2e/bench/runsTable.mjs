// Runs-table figures at scale: seeds 10,000 runs × 20 params × 10 metrics into a new experiment
// through window.trainyard, then measures the real UI: first render (in-app navigation and a fresh
// page load), filtering, and scrolling (frame times). Run alone with `node e2e/bench/runsTable.mjs`
// after `npx vite build` (it starts its own preview server), or from run.mjs.
import { chromium } from '@playwright/test';
import { benchLaunchOptions, isMainModule, printFigure, withPreviewServer } from './standalone.mjs';

const RUNS = 10_000;
const PARAMS = 20;
const METRICS = 10;
const STEPS = 3;
const REPEATS = 5;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
};
const round = (x, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Seeds the runs in chunks (Promise.all per chunk); resolves with the experiment id. With `reuse`,
 * an experiment a previous bench seeded completely (its `bench.seeded` tag) is used as it is.
 */
async function seed(page, reuse) {
  return page.evaluate(
    async ({ runs, params, metrics, steps, reuse }) => {
      const t = window.trainyard;
      const name = `bench-runs-table-${runs}`;
      if (reuse) {
        const old = await t.getExperimentByName(name).catch(() => null);
        if (old?.tags['bench.seeded'] === 'yes') return { experimentId: old.experimentId, seconds: 0, reused: true };
        if (old) await t.renameExperiment(old.experimentId, `${name}-partial-${Date.now()}`);
      }
      const experimentId = await t.createExperiment(reuse ? name : `${name}-${Date.now()}`);
      // A small deterministic PRNG, so every bench sees the same values.
      let state = 12345;
      const random = () => {
        state = (state * 1103515245 + 12345) % 2147483648;
        return state / 2147483648;
      };
      const started = performance.now();
      const CHUNK = 250;
      for (let first = 0; first < runs; first += CHUNK) {
        const jobs = [];
        for (let i = first; i < Math.min(runs, first + CHUNK); i++) {
          const values = {};
          for (let p = 0; p < params; p++) values[`p${p}`] = `v${Math.floor(random() * 10)}`;
          const points = [];
          for (let step = 0; step < steps; step++) {
            const m = {};
            for (let k = 0; k < metrics; k++) m[`m${k}`] = random();
            points.push(m);
          }
          jobs.push(
            (async () => {
              const run = await t.createRun({ experimentId, runName: `run-${i}` });
              await t.logParams(values, { runId: run.runId });
              points.forEach((m, step) => t.logMetrics(m, { step, runId: run.runId }));
              await t.endRun('FINISHED', { runId: run.runId });
            })(),
          );
        }
        await Promise.all(jobs);
      }
      await t.flush();
      await t.setExperimentTag(experimentId, 'bench.seeded', 'yes');
      return { experimentId, seconds: (performance.now() - started) / 1000, reused: false };
    },
    { runs: RUNS, params: PARAMS, metrics: METRICS, steps: STEPS, reuse },
  );
}

/** In the page: resolves with performance.now() when `test()` first holds (checked on every DOM mutation and frame). */
const WAIT_FOR = `(test) => new Promise((resolve, reject) => {
  const timeout = setTimeout(() => { observer.disconnect(); reject(new Error('timed out')); }, 60000);
  const check = () => { if (test()) { clearTimeout(timeout); observer.disconnect(); resolve(performance.now()); return true; } return false; };
  const observer = new MutationObserver(check);
  observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
  check();
})`;

/**
 * Navigates in the app (hash change) from the Default experiment to the big one until rows are in
 * the DOM. `reload` first reloads the page on Default, so the runs were never read in this page (cold).
 */
async function navigationMs(page, experimentId, { reload }) {
  if (reload) {
    await page.evaluate(() => {
      location.hash = '#/experiments/0';
    });
    await page.reload();
    await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
  }
  return page.evaluate(
    async ({ experimentId, waitFor }) => {
      const wait = eval(waitFor);
      location.hash = '#/experiments/0';
      await wait(() => document.querySelector('[data-testid="experiment.title"]')?.textContent === 'Default');
      await new Promise((r) => setTimeout(r, 500));
      const t0 = performance.now();
      location.hash = `#/experiments/${encodeURIComponent(experimentId)}`;
      const t1 = await wait(
        () =>
          document.querySelector('[data-testid="experiment.title"]')?.textContent !== 'Default' &&
          document.querySelectorAll('[data-testid="run-table.row"]').length > 0,
      );
      return t1 - t0;
    },
    { experimentId, waitFor: WAIT_FOR },
  );
}

/** A fresh page load straight onto the experiment: ms from navigation start until the first rows are in the DOM. */
async function freshLoadMs(page, baseUrl, experimentId) {
  await page.goto('about:blank');
  await page.goto(`${baseUrl}/#/experiments/${encodeURIComponent(experimentId)}`, { waitUntil: 'commit' });
  return page.evaluate(async (waitFor) => {
    const wait = eval(waitFor);
    const [title, rows] = await Promise.all([
      wait(() => document.querySelector('[data-testid="experiment.title"]') !== null),
      wait(() => document.querySelectorAll('[data-testid="run-table.row"]').length > 0),
    ]);
    return { rowsAt: rows, titleAt: title };
  }, WAIT_FOR);
}

/** Sets the filter as one input event (a paste) and waits until the count text changes. */
async function filterMs(page, filter) {
  return page.evaluate(
    async ({ filter, waitFor }) => {
      const wait = eval(waitFor);
      const input = document.querySelector('[data-testid="run-search.input"]');
      const count = document.querySelector('[data-testid="run-table.count"]');
      const before = count.textContent;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const t0 = performance.now();
      setter.call(input, filter);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      const t1 = await wait(() => count.textContent !== before);
      // Let React finish the frame before the next measurement.
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 50)));
      return { ms: t1 - t0, count: count.textContent };
    },
    { filter, waitFor: WAIT_FOR },
  );
}

/** Scrolls the table by `dy`/`dx` per frame for `steps` frames; frame times from rAF, long tasks from PerformanceObserver. */
async function scrollFrames(page, { dx, dy, steps }) {
  return page.evaluate(
    async ({ dx, dy, steps }) => {
      const el = document.querySelector('[data-testid="run-table"]');
      el.scrollTop = 0;
      el.scrollLeft = 0;
      await new Promise((r) => setTimeout(r, 200));
      const longTasks = [];
      const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
      try {
        observer.observe({ type: 'longtask', buffered: false });
      } catch {
        // longtask entries unsupported
      }
      const frames = [];
      let last = await new Promise((r) => requestAnimationFrame(r));
      for (let i = 0; i < steps; i++) {
        el.scrollTop += dy;
        el.scrollLeft += dx;
        const now = await new Promise((r) => requestAnimationFrame(r));
        frames.push(now - last);
        last = now;
      }
      await new Promise((r) => setTimeout(r, 100));
      observer.disconnect();
      const sorted = [...frames].sort((a, b) => a - b);
      const rows = document.querySelectorAll('[data-testid="run-table.row"]');
      return {
        mean: frames.reduce((a, b) => a + b, 0) / frames.length,
        p50: sorted[Math.floor(sorted.length * 0.5)],
        p95: sorted[Math.floor(sorted.length * 0.95)],
        max: sorted[sorted.length - 1],
        longTasks: longTasks.length,
        rowsInDom: rows.length,
        cellsInDom: document.querySelectorAll('[data-testid="run-table"] td').length,
        scrolledTo: [el.scrollLeft, el.scrollTop],
      };
    },
    { dx, dy, steps },
  );
}

/** Prints the runs-table figures; `reuseSeed` keeps a seeded experiment across runs of a persistent browser profile. */
export async function runsTableFigures(page, print, { reuseSeed = false } = {}) {
  const baseUrl = new URL(page.url()).origin;
  const seeded = await seed(page, reuseSeed);
  print({
    figure: 'runs_table_seed_s',
    value: round(seeded.seconds),
    unit: 's',
    how: seeded.reused ? 'reused the experiment a previous bench seeded' : 'createRun, logParams, logMetrics, endRun per run, 250 runs at a time',
    runs: RUNS,
    params: PARAMS,
    metrics: METRICS,
    steps: STEPS,
  });
  const { experimentId } = seeded;

  const cold = [];
  for (let i = 0; i < 3; i++) cold.push(await navigationMs(page, experimentId, { reload: true }));
  print({
    figure: 'runs_table_first_render_ms',
    how: 'first in-app navigation to the experiment after a page load, until rows are in the DOM (the newest 100 runs, read from the [experimentId+startTime] index; the full list follows)',
    value: round(median(cold)),
    unit: 'ms (median of 3)',
    target: '<= 500',
    all: cold.map((x) => round(x)),
  });
  const warm = [];
  for (let i = 0; i < REPEATS; i++) warm.push(await navigationMs(page, experimentId, { reload: false }));
  print({
    figure: 'runs_table_revisit_render_ms',
    how: 'in-app navigation back to an experiment shown before in this page, until rows are in the DOM',
    value: round(median(warm)),
    unit: `ms (median of ${REPEATS})`,
    target: '<= 500',
    all: warm.map((x) => round(x)),
  });

  // The floor for a cold render: IndexedDB alone, reading the same rows the table reads (no Dexie, no React).
  const raw = await page.evaluate(async (experimentId) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('trainyard');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const times = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        const get = db.transaction('runs').objectStore('runs').index('experimentId').getAll(IDBKeyRange.only(experimentId));
        get.onsuccess = () => resolve(get.result.length);
        get.onerror = () => reject(get.error);
      });
      times.push(performance.now() - t0);
    }
    db.close();
    return times;
  }, experimentId);
  print({
    figure: 'runs_table_idb_read_ms',
    how: "reference: a bare IndexedDB getAll of the experiment's 10,000 run rows, the floor under a cold first render",
    value: round(median(raw)),
    unit: 'ms (median of 3)',
    all: raw.map((x) => round(x)),
  });

  const fresh = [];
  for (let i = 0; i < 3; i++) fresh.push(await freshLoadMs(page, baseUrl, experimentId));
  print({
    figure: 'runs_table_fresh_load_ms',
    how: 'page load straight onto the experiment: navigation start until rows are in the DOM',
    value: round(median(fresh.map((f) => f.rowsAt))),
    unit: 'ms (median of 3)',
    target: '<= 500 (rowsAfterPageShown)',
    pageShownAt: round(median(fresh.map((f) => f.titleAt))),
    rowsAfterPageShown: round(median(fresh.map((f) => f.rowsAt - f.titleAt))),
    all: fresh.map((f) => round(f.rowsAt)),
  });

  const filters = ["params.p3 = 'v7' and metrics.m2 > 0.5", 'metrics.m0 < 0.1', "params.p0 = 'v1' or params.p1 = 'v2'", ''];
  const filterTimes = [];
  const counts = [];
  for (let i = 0; i < REPEATS; i++) {
    for (const filter of filters) {
      const r = await filterMs(page, filter);
      filterTimes.push(r.ms);
      if (i === 0) counts.push(`${filter || '(cleared)'} → ${r.count}`);
    }
  }
  print({
    figure: 'runs_table_filter_ms',
    how: 'set the filter (one input event) until the count text updates',
    value: round(median(filterTimes)),
    unit: `ms (median of ${filterTimes.length})`,
    target: '<= 200',
    max: round(Math.max(...filterTimes)),
    counts,
  });

  const scrolls = [
    { name: 'runs_table_scroll_frame_ms', how: '120 frames scrolling down 120 px per frame (a fast wheel)', dx: 0, dy: 120, steps: 120 },
    { name: 'runs_table_fling_frame_ms', how: '120 frames scrolling down 400 px per frame (a fling: 12 new rows a frame)', dx: 0, dy: 400, steps: 120 },
    { name: 'runs_table_scroll_xy_frame_ms', how: '90 frames scrolling 120 px right and 200 px down per frame', dx: 120, dy: 200, steps: 90 },
  ];
  for (const { name, how, ...scroll } of scrolls) {
    const r = await scrollFrames(page, scroll);
    print({
      figure: name,
      how,
      value: round(r.p95),
      unit: 'ms per frame (p95; 16.7 = 60 fps)',
      target: 'smooth: p95 <= 33',
      ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])),
    });
  }
  await page.evaluate(() => {
    location.hash = '#/experiments/0';
  });
}

// Standalone: `node e2e/bench/runsTable.mjs` (after a build) runs only these figures.
if (isMainModule(import.meta.url)) {
  await withPreviewServer(4185, async (origin) => {
    // BENCH_PROFILE: a browser profile folder kept between runs, so the 10,000 runs are seeded once.
    const profile = process.env.BENCH_PROFILE;
    const browser = profile
      ? await chromium.launchPersistentContext(profile, { ...benchLaunchOptions, viewport: { width: 1400, height: 900 } })
      : await chromium.launch(benchLaunchOptions);
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${origin}/`);
      await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
      await runsTableFigures(page, printFigure, { reuseSeed: Boolean(profile) });
    } finally {
      await browser.close();
    }
  });
}
