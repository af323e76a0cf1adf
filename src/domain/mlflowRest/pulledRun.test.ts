import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExperimentId } from '../ids';
import { pulledRun, TAG_PULLED_FROM } from './pulledRun';
import type { RestRun } from './restTypes';
import { MLFLOW_DBL_MAX } from './values';

const REST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../shared/mlflow-fixtures/rest-3.5');
const present = existsSync(REST);
if (!present) console.warn(`Skipping the recorded-pull checks: ${REST} is missing.`);

const OPTIONS = { experimentId: '42' as ExperimentId, serverUrl: 'http://127.0.0.1:5000' };
const RUN_ID = '0123456789abcdef0123456789abcdef';

function rest(info: Partial<RestRun['info']> = {}, data: RestRun['data'] = {}): RestRun {
  return { info: { run_id: RUN_ID, experiment_id: '1', status: 'FINISHED', start_time: 1_764_000_000_000, end_time: '1764000005000', run_name: 'a', ...info }, data };
}

describe('pulledRun', () => {
  it('keeps the server id, name, times, params and tags, into the local experiment', () => {
    const { bundleRun, problems } = pulledRun(rest({}, { params: [{ key: 'lr', value: '0.1' }], tags: [{ key: 'mlflow.parentRunId', value: 'f'.repeat(32) }] }), {}, OPTIONS);
    expect(problems).toEqual([]);
    expect(bundleRun?.run).toMatchObject({
      runId: RUN_ID,
      experimentId: '42',
      runName: 'a',
      status: 'FINISHED',
      startTime: 1_764_000_000_000,
      endTime: 1_764_000_005_000,
      lifecycleStage: 'active',
      parentRunId: 'f'.repeat(32),
      params: { lr: '0.1' },
      tags: { 'mlflow.runName': 'a', [TAG_PULLED_FROM]: 'http://127.0.0.1:5000' },
    });
  });

  it('reads NaN and the SQL store\'s ±DBL_MAX back as NaN and ±Infinity, and summarises each metric', () => {
    const points = [
      { key: 'g', value: 0.5, step: 0, timestamp: 1 },
      { key: 'g', value: 'NaN', step: 1, timestamp: 2 },
      { key: 'g', value: MLFLOW_DBL_MAX, step: '2', timestamp: '3' },
      { key: 'g', value: -MLFLOW_DBL_MAX, step: 3, timestamp: 4 },
    ];
    const { bundleRun } = pulledRun(rest(), { g: points }, OPTIONS);
    expect([...(bundleRun?.histories.g?.values ?? [])]).toEqual([0.5, Number.NaN, Infinity, -Infinity]);
    expect([...(bundleRun?.histories.g?.steps ?? [])]).toEqual([0, 1, 2, 3]);
    expect(bundleRun?.run.metrics.g?.count).toBe(4);
  });

  it('names what it cannot read: a bad run is refused whole, a bad point is left out and named', () => {
    expect(pulledRun(rest({ run_id: '../x' }), {}, OPTIONS)).toEqual({ bundleRun: null, problems: ['a run has no valid run_id ("../x")'] });
    expect(pulledRun(rest({ status: 'DONE' }), {}, OPTIONS).problems).toEqual([`run ${RUN_ID}: status "DONE" is not one of RUNNING, SCHEDULED, FINISHED, FAILED, KILLED`]);
    expect(pulledRun(rest({ start_time: 'soon' }), {}, OPTIONS).problems[0]).toContain('start_time "soon" is not a whole number');
    const { bundleRun, problems } = pulledRun(rest({}, { params: [{ key: 'lr', value: 3 as unknown as string }] }), { loss: [{ key: 'loss', value: null, step: 0, timestamp: 0 }, { key: 'loss', value: 1, step: 1, timestamp: 1 }] }, OPTIONS);
    expect(problems).toEqual([`run ${RUN_ID}: params[0] is not a { key, value } pair of strings`, `run ${RUN_ID}: metric "loss" point 0 has an unreadable value null; it was left out`]);
    expect(bundleRun?.histories.loss?.values.length).toBe(1);
  });

  it('does not let a key named __proto__ reach an object\'s prototype', () => {
    const { bundleRun } = pulledRun(rest({}, { tags: [{ key: '__proto__', value: 'x' }] }), {}, OPTIONS);
    expect(Object.getPrototypeOf(bundleRun?.run.tags)).toBe(Object.prototype);
    expect(Object.hasOwn(bundleRun?.run.tags ?? {}, '__proto__')).toBe(true);
  });

  it.skipIf(!present)('reads the recorded runs/get and get-history replies as MLflow stored them', () => {
    const read = (name: string) => JSON.parse(readFileSync(resolve(REST, name), 'utf8')).response.body;
    const run = read('22-runs-get.json').run as RestRun;
    const loss = read('32-metrics-get-history.json').metrics;
    const grad = read('33-metrics-get-history-nonfinite.json').metrics;
    const { bundleRun, problems } = pulledRun(run, { loss, grad_norm: grad }, OPTIONS);
    expect(problems).toEqual([]);
    expect(bundleRun?.run.runName).toBe(run.info.run_name);
    expect(bundleRun?.run.status).toBe('FINISHED');
    expect(bundleRun?.histories.loss?.values.length).toBe(loss.length);
    expect([...(bundleRun?.histories.grad_norm?.values ?? [])]).toEqual([0.5, Number.NaN, Infinity, -Infinity]);
    expect(Object.keys(bundleRun?.run.params ?? {}).length).toBe((run.data.params ?? []).length);
  });
});
