// Tracking-store figures, measured in the page through window.trainyard.

/** Appends points through the public API (validation, buffer, batched transactions) and reads histories back. */
export async function storeFigures(page) {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const figures = [];
    const KEYS = 5;
    const PER_KEY = 100_000;
    const run = await t.startRun({ runName: 'bench-append' });
    const start = performance.now();
    const ts = Date.now();
    for (let step = 0; step < PER_KEY; step++) {
      for (let k = 0; k < KEYS; k++) t.logMetric(`m${k}`, Math.sin(step / 100) + k, { step, timestamp: ts + step });
    }
    await t.flush();
    const seconds = (performance.now() - start) / 1000;
    figures.push({
      figure: 'metric_append_points_per_s',
      value: Math.round((KEYS * PER_KEY) / seconds),
      unit: 'points/s',
      target: '>= 200000',
      points: KEYS * PER_KEY,
    });

    const times = [];
    for (let i = 0; i < 7; i++) {
      const t0 = performance.now();
      const h = await t.getMetricColumns(run.runId, `m${i % KEYS}`);
      times.push(performance.now() - t0);
      if (h.values.length !== PER_KEY) throw new Error(`read ${h.values.length} points, expected ${PER_KEY}`);
    }
    times.sort((a, b) => a - b);
    figures.push({
      figure: 'metric_history_read_100k_ms',
      value: Math.round(times[Math.floor(times.length / 2)] * 10) / 10,
      unit: 'ms (median of 7)',
      target: '<= 50',
      min: Math.round(times[0] * 10) / 10,
    });
    const t1 = performance.now();
    const points = await t.getMetricHistory(run.runId, 'm0');
    figures.push({
      figure: 'metric_history_read_100k_as_objects_ms',
      value: Math.round((performance.now() - t1) * 10) / 10,
      unit: 'ms',
      points: points.length,
    });
    await t.endRun();
    return figures;
  });
}
