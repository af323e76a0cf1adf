import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LOG_BATCH_LIMITS, planLogBatches, type LogBatchBody, type MetricPointIn } from './logBatch';

const REST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/mlflow-fixtures/rest-3.5');
const present = existsSync(REST);
if (!present) console.warn(`Skipping the recorded log-batch checks: ${REST} is missing.`);

function points(n: number, key = 'loss'): MetricPointIn[] {
  return Array.from({ length: n }, (_, step) => ({ key, value: 1 / (step + 1), timestamp: 1_764_000_000_000 + step, step }));
}

function within(batch: LogBatchBody): void {
  const m = batch.metrics?.length ?? 0;
  const p = batch.params?.length ?? 0;
  const t = batch.tags?.length ?? 0;
  expect(m).toBeLessThanOrEqual(LOG_BATCH_LIMITS.metrics);
  expect(p).toBeLessThanOrEqual(LOG_BATCH_LIMITS.params);
  expect(t).toBeLessThanOrEqual(LOG_BATCH_LIMITS.tags);
  expect(m + p + t).toBeLessThanOrEqual(LOG_BATCH_LIMITS.entries);
  expect(new TextEncoder().encode(JSON.stringify(batch)).length).toBeLessThanOrEqual(LOG_BATCH_LIMITS.bodyBytes);
}

describe('planLogBatches', () => {
  it('sends nothing for nothing, and one request for a small run, params first', () => {
    expect(planLogBatches('r1', {})).toEqual([]);
    const batches = planLogBatches('r1', { params: { lr: '0.1' }, tags: { 'mlflow.runName': 'a' }, metrics: points(2) });
    expect(batches).toEqual([
      {
        run_id: 'r1',
        params: [{ key: 'lr', value: '0.1' }],
        tags: [{ key: 'mlflow.runName', value: 'a' }],
        metrics: [
          { key: 'loss', value: 1, timestamp: 1_764_000_000_000, step: 0 },
          { key: 'loss', value: 0.5, timestamp: 1_764_000_000_001, step: 1 },
        ],
      },
    ]);
  });

  it('splits 10,000 points into requests of 1,000, in order, none over a limit', () => {
    const all = points(10_000);
    const batches = planLogBatches('r1', { metrics: all });
    expect(batches).toHaveLength(10);
    batches.forEach(within);
    expect(batches.flatMap((b) => b.metrics ?? []).map((m) => m.step)).toEqual(all.map((p) => p.step));
  });

  it('counts params, tags and metrics against the 1,000 entries in all', () => {
    const params = Object.fromEntries(Array.from({ length: 250 }, (_, i) => [`p${i}`, String(i)]));
    const tags = Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`t${i}`, 'x']));
    const batches = planLogBatches('r1', { params, tags, metrics: points(1900) });
    batches.forEach(within);
    expect(batches.map((b) => [b.params?.length ?? 0, b.tags?.length ?? 0, b.metrics?.length ?? 0])).toEqual([
      [100, 0, 0],
      [100, 0, 0],
      [50, 100, 0],
      [0, 50, 950],
      [0, 0, 950],
    ]);
  });

  it('keeps a request under 1 MB when the values are long', () => {
    const params = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`p${i}`, '🚂'.repeat(3000)]));
    const tags = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`t${i}`, 'é'.repeat(4999)]));
    const batches = planLogBatches('r1', { params, tags });
    expect(batches.length).toBeGreaterThan(2);
    batches.forEach(within);
    expect(batches.reduce((n, b) => n + (b.params?.length ?? 0) + (b.tags?.length ?? 0), 0)).toBe(200);
  });

  it('sends non-finite values as strings, never null', () => {
    const [batch] = planLogBatches('r1', { metrics: [Number.NaN, Infinity, -Infinity].map((value, step) => ({ key: 'g', value, timestamp: 0, step })) });
    expect(JSON.stringify(batch)).toBe('{"run_id":"r1","metrics":[{"key":"g","value":"NaN","timestamp":0,"step":0},{"key":"g","value":"Infinity","timestamp":0,"step":1},{"key":"g","value":"-Infinity","timestamp":0,"step":2}]}');
  });

  it('names an entry too large for a request', () => {
    expect(() => planLogBatches('r1', { tags: { huge: 'x'.repeat(200) } }, { ...LOG_BATCH_LIMITS, bodyBytes: 100 })).toThrow('tag "huge" alone is');
  });

  it.skipIf(!present)('plans the recorded 40-point batch as the recording sent it, and never the recorded 1,001-metric request the server refused', () => {
    const read = (name: string) => JSON.parse(readFileSync(resolve(REST, name), 'utf8'));
    const recorded = read('13-runs-log-batch.json').request.body as Required<LogBatchBody>;
    const params = Object.fromEntries(recorded.params.map((p) => [p.key, p.value]));
    const tags = Object.fromEntries(recorded.tags.map((t) => [t.key, t.value]));
    const metrics = recorded.metrics.map((m) => ({ ...m, value: m.value as number }));
    const [planned, ...rest] = planLogBatches(recorded.run_id, { params, tags, metrics });
    expect(rest).toEqual([]);
    expect(planned?.params).toEqual(recorded.params);
    expect(planned?.tags).toEqual(recorded.tags);
    expect(planned?.metrics).toEqual(recorded.metrics);
    const refused = read('17-runs-log-batch-1001-metrics.json');
    expect(refused.request.body.metrics).toHaveLength(1001);
    expect(refused.response.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    const replanned = planLogBatches('r', { metrics: refused.request.body.metrics });
    expect(replanned.map((b) => b.metrics?.length)).toEqual([1000, 1]);
  });
});
