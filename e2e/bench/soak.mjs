// Soak: 20 runs training back to back in 2 workers while a run page's live charts are open, then
// memory compared with its baseline. Baseline = after 2 warm-up runs (one per worker: TF.js, the
// wasm heap and kernels are loaded once per worker and stay), with the page's heap measured after
// a forced GC through CDP. A second round of 20 runs follows, so a leak (the heap grows again by
// as much) can be told from a one-off growth (caches warming, 20 more runs in the store's lists). Worker memory is tf.memory() as each worker reports it after each run.
// A fresh browser context, so the runs land in an empty store and the settings are this test's.
// Run alone with `node e2e/bench/soak.mjs` after a build (it starts its own preview server;
// BENCH_OUTDIR / BENCH_PORT pick another build folder and port, SOAK_ROUNDS=4 adds rounds of 20
// runs to show whether the heap levels off), or from run.mjs.

import { chromium } from '@playwright/test';
import { benchLaunchOptions, isMainModule, printFigure, withPreviewServer } from './standalone.mjs';

const RUNS = 20;
/** Rounds of RUNS runs after the warm-up; the growth of each round after the first tells a leak from a one-off growth. */
const ROUNDS = Math.max(2, Math.floor(Number(process.env.SOAK_ROUNDS)) || 2);
const EPOCHS = 100;
const round = (x, digits = 0) => Math.round(x * 10 ** digits) / 10 ** digits;

async function pageHeap(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = await cdp.send('Runtime.getHeapUsage');
  const { nodes } = await cdp.send('Memory.getDOMCounters');
  return { usedBytes: usedSize, domNodes: nodes };
}

/**
 * A heap snapshot's self sizes split into compiled code (V8's `code` nodes: JIT output, which grows
 * while the engine warms up and is no leak) and everything else (the app's data).
 */
async function heapByKind(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
  const chunks = [];
  const onChunk = ({ chunk }) => chunks.push(chunk);
  cdp.on('HeapProfiler.addHeapSnapshotChunk', onChunk);
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  cdp.off('HeapProfiler.addHeapSnapshotChunk', onChunk);
  const { snapshot, nodes } = JSON.parse(chunks.join(''));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const [typeAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('self_size')];
  let codeBytes = 0;
  let dataBytes = 0;
  for (let i = 0; i < nodes.length; i += fields.length) {
    if (types[nodes[i + typeAt]] === 'code') codeBytes += nodes[i + sizeAt];
    else dataBytes += nodes[i + sizeAt];
  }
  return { codeBytes, dataBytes };
}

/** Trains `count` Iris runs, two at a time, following the newest run's page so its charts draw live. */
function trainBatch(page, count, epochs) {
  return page.evaluate(
    async ([n, e]) => {
      const results = [];
      let next = 0;
      const lane = async () => {
        while (next < n) {
          const i = next++;
          const result = await window.trainyard.startTraining(
            'iris_logreg',
            { epochs: e, seed: i },
            { runName: `soak-${i}`, backend: 'wasm', onStarted: (runId) => (location.hash = `#/experiments/0/runs/${runId}`) },
          );
          results.push(result);
        }
      };
      await Promise.all([lane(), lane()]);
      return results;
    },
    [count, epochs],
  );
}

/** Per worker: its tf.memory() after its last run in `results`. */
function lastByWorker(results) {
  const out = new Map();
  for (const r of results) if (r.worker) out.set(r.worker.writerId, r.worker);
  return out;
}

export async function soakFigures(page, print) {
  const origin = new URL(page.url()).origin;
  const context = await page.context().browser().newContext();
  try {
    const soak = await context.newPage();
    await soak.goto(`${origin}/`);
    await soak.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    await soak.evaluate(() => window.trainyard.setTrainingSettings({ workers: 2, backend: 'wasm', wasmThreads: false }));
    await soak.reload();
    await soak.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    const cdp = await context.newCDPSession(soak);

    const warmup = await trainBatch(soak, 2, EPOCHS);
    await soak.waitForTimeout(1000); // the last live-chart redraw
    const before = await pageHeap(cdp);
    const workersBefore = lastByWorker(warmup);

    const t0 = Date.now();
    const results = await trainBatch(soak, RUNS, EPOCHS);
    const seconds = (Date.now() - t0) / 1000;
    await soak.waitForTimeout(1000);
    const after = await pageHeap(cdp);
    const workersAfter = lastByWorker(results);
    const charted = await soak.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]').getAttribute('data-points');
    // More rounds of the same 20 runs tell a leak (grows again) from a one-off growth (caches, more runs listed).
    const roundGrowth = [after.usedBytes - before.usedBytes];
    const warm = await heapByKind(cdp);
    let again = after;
    for (let r = 1; r < ROUNDS; r++) {
      const previous = again;
      await trainBatch(soak, RUNS, EPOCHS);
      await soak.waitForTimeout(1000);
      again = await pageHeap(cdp);
      roundGrowth.push(again.usedBytes - previous.usedBytes);
    }

    const last = await heapByKind(cdp);
    const laterRuns = (ROUNDS - 1) * RUNS;
    const statuses = results.map((r) => r.status);
    print({
      figure: 'soak_runs_finished',
      value: statuses.filter((s) => s === 'FINISHED').length,
      unit: `of ${RUNS} Iris runs (${EPOCHS} epochs each, 2 workers, the newest run's page open with live charts)`,
      target: `= ${RUNS}`,
      seconds: round(seconds, 1),
      other_statuses: statuses.filter((s) => s !== 'FINISHED'),
      last_chart_points: Number(charted),
    });
    print({
      figure: 'soak_page_js_heap_growth_mb',
      value: round((after.usedBytes - before.usedBytes) / 2 ** 20, 2),
      unit: 'MB (page JS heap after a forced GC: after the 20 runs − after the warm-up)',
      target: '≈ 0 (returns to baseline)',
      before_mb: round(before.usedBytes / 2 ** 20, 2),
      after_mb: round(after.usedBytes / 2 ** 20, 2),
      second_round_growth_mb: round(roundGrowth[1] / 2 ** 20, 2),
      growth_per_round_mb: roundGrowth.map((b) => round(b / 2 ** 20, 2)),
      after_all_rounds_mb: round(again.usedBytes / 2 ** 20, 2),
      dom_nodes_before: before.domNodes,
      dom_nodes_after: after.domNodes,
      dom_nodes_after_all_rounds: again.domNodes,
    });
    print({
      figure: 'soak_page_heap_data_growth_kb_per_run',
      value: round((last.dataBytes - warm.dataBytes) / 1024 / laterRuns, 1),
      unit: `KB per run (page heap snapshots, compiled code excluded: after all ${ROUNDS} rounds − after the first, over ${laterRuns} runs)`,
      target: '≈ 0 (returns to baseline)',
      data_mb: [round(warm.dataBytes / 2 ** 20, 2), round(last.dataBytes / 2 ** 20, 2)],
      code_mb: [round(warm.codeBytes / 2 ** 20, 2), round(last.codeBytes / 2 ** 20, 2)],
    });
    const workers = [...workersAfter.entries()].map(([writerId, last]) => {
      const first = workersBefore.get(writerId);
      return {
        tensors_before: first?.numTensors ?? null,
        tensors_after: last.numTensors,
        bytes_before: first?.numBytes ?? null,
        bytes_after: last.numBytes,
      };
    });
    const growth = workers.map((w) => (w.tensors_before === null ? null : w.tensors_after - w.tensors_before));
    print({
      figure: 'soak_worker_tensor_growth',
      value: growth.every((g) => g !== null) ? Math.max(...growth) : null,
      unit: 'tensors (tf.memory().numTensors in each worker after its last run − after its warm-up run; the largest)',
      target: '= 0 (returns to baseline)',
      workers,
    });
  } finally {
    await context.close();
  }
}

// Standalone: `node e2e/bench/soak.mjs` (after a build) prints only the soak figures; BENCH_PORT picks the port.
if (isMainModule(import.meta.url)) {
  await withPreviewServer(Number(process.env.BENCH_PORT ?? 4186), async (origin) => {
    const browser = await chromium.launch(benchLaunchOptions);
    try {
      const page = await browser.newPage();
      await page.goto(`${origin}/`);
      await soakFigures(page, printFigure);
    } finally {
      await browser.close();
    }
  });
}
