// Bundle figures: export and import of 1,000 runs / 1,000,000 metric points (targets ≤ 10 s and ≤ 15 s),
// and how long the page's main thread was blocked meanwhile (longest task).

import { watchLongTasks } from './standalone.mjs';

const RUNS = 1_000;
const POINTS_PER_RUN = 1_000;

export async function bundleFigures(page, print) {
  const seeded = await page.evaluate(
    async ({ runs, points }) => {
      const t = window.trainyard;
      const experimentId = await t.createExperiment(`bench-bundle-${Date.now()}`);
      const t0 = performance.now();
      for (let r = 0; r < runs; r++) {
        await t.startRun({ experimentId, runName: `run-${r}` });
        await t.logParams({ lr: 0.001 * (1 + (r % 10)), seed: r });
        const ts = Date.now();
        for (let s = 0; s < points; s++) t.logMetric('loss', 1 / (s + 1) + r * 1e-6, { step: s, timestamp: ts + s });
        await t.endRun();
      }
      return { experimentId, seconds: (performance.now() - t0) / 1000 };
    },
    { runs: RUNS, points: POINTS_PER_RUN },
  );
  print({ figure: 'bundle_seed_seconds', value: Math.round(seeded.seconds * 10) / 10, unit: `s to log ${RUNS} runs × ${POINTS_PER_RUN} points` });

  await page.evaluate(watchLongTasks);
  const exported = await page.evaluate(async (experimentId) => {
    const t0 = performance.now();
    const blob = await window.trainyard.exportBundle({ experimentIds: [experimentId] });
    const seconds = (performance.now() - t0) / 1000;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    // Handed to the second profile through a base64 string (Playwright can't pass a Blob).
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { seconds, size: blob.size, base64: btoa(binary), longest: window.__longest };
  }, seeded.experimentId);
  print({
    figure: 'bundle_export_seconds',
    value: Math.round(exported.seconds * 100) / 100,
    unit: `s (${RUNS} runs, ${RUNS * POINTS_PER_RUN} points, zip ${Math.round(exported.size / 1e5) / 10} MB)`,
    target: '<= 10',
    longest_main_thread_task_ms: Math.round(exported.longest),
  });

  // Import into a fresh profile (its own empty IndexedDB).
  const context = await page.context().browser().newContext();
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  await fresh.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
  await fresh.evaluate(watchLongTasks);
  const imported = await fresh.evaluate(async (base64) => {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const t0 = performance.now();
    const summary = await window.trainyard.importBundle(new Blob([bytes]));
    return { seconds: (performance.now() - t0) / 1000, runs: summary.runs.created, points: summary.metricPoints, longest: window.__longest };
  }, exported.base64);
  await context.close();
  print({
    figure: 'bundle_import_seconds',
    value: Math.round(imported.seconds * 100) / 100,
    unit: `s (${imported.runs} runs, ${imported.points} points, into an empty store)`,
    target: '<= 15',
    longest_main_thread_task_ms: Math.round(imported.longest),
  });
}
