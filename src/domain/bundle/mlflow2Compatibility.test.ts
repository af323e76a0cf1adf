import { describe, expect, it } from 'vitest';
import { makeRun } from '../../test/makeRun';
import type { ExperimentId } from '../ids';
import type { Experiment, Run } from '../tracking/types';
import type { BundleContent, BundleHistory, BundleModelVersion, BundleRegisteredModel, BundleRun } from './bundle.types';
import { randomContent } from '../../test/bundleTestKit';
import { mlflow2Warnings } from './mlflow2Compatibility';

const RUN_A = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const RUN_B = 'ffeeddccbbaa99887766554433221100';

const history: BundleHistory = { steps: new Float64Array([0]), values: new Float64Array([1]), timestamps: new Float64Array([0]) };

function bundleRun(run: Run, metricKeys: readonly string[] = []): BundleRun {
  return { run, histories: Object.fromEntries(metricKeys.map((key) => [key, history])), artifacts: [] };
}

function experiment(tags: Record<string, string> = {}): Experiment {
  return {
    experimentId: '0' as ExperimentId,
    name: 'Default',
    artifactLocation: 'mlruns/0',
    lifecycleStage: 'active',
    creationTime: 0,
    lastUpdateTime: 0,
    tags,
  };
}

function model(name: string, tags: Record<string, string>, versionTags: Record<string, string> = {}): BundleRegisteredModel {
  const version: BundleModelVersion = {
    version: 1,
    source: `runs:/${RUN_A}/model`,
    runId: null,
    description: '',
    currentStage: 'None',
    creationTimestamp: 0,
    lastUpdatedTimestamp: 0,
    userId: null,
    tags: versionTags,
  };
  return { name, creationTimestamp: 0, lastUpdatedTimestamp: 0, description: '', tags, aliases: [], versions: [version] };
}

function content(runs: BundleRun[], extra: Partial<BundleContent> = {}): BundleContent {
  return { experiments: [experiment()], runs, registeredModels: [], ...extra };
}

describe('mlflow2Warnings', () => {
  it('should find nothing in what Trainyard logs itself', () => {
    const run = makeRun({ id: RUN_A, name: 'plain', params: { lr: '0.1' }, tags: { note: 'x'.repeat(5000) } });
    expect(mlflow2Warnings(content([bundleRun(run, ['train/loss'])]))).toEqual([]);
    expect(mlflow2Warnings({ experiments: [], runs: [] })).toEqual([]);
  });

  it.each([1, 2, 3])('should find nothing in random valid content (seed %d)', (seed) => {
    expect(mlflow2Warnings(randomContent(seed))).toEqual([]);
  });

  it("should count every key with ':' (param, metric, tag, experiment tag, registry tags) in one warning, with the first as example", () => {
    const a = makeRun({ id: RUN_A, name: 'mlp-64', params: { 'opt:lr': '0.1' }, tags: { 'team:name': 'blue' } });
    const b = makeRun({ id: RUN_B, name: 'other' });
    const warnings = mlflow2Warnings(
      content([bundleRun(a, ['eval:recall', 'loss']), bundleRun(b, ['eval:recall'])], {
        experiments: [experiment({ 'owner:team': 'x' })],
        registeredModels: [model('iris', { 'stage:note': 'x' }, { 'v:tag': 'y' })],
      }),
    );
    expect(warnings).toHaveLength(1);
    const [warning] = warnings;
    expect(warning).toMatchObject({ problem: 'colon-in-key', count: 7, example: 'experiment tag "owner:team" in experiment "Default" (0)' });
    expect(warning?.message).toBe(
      "7 keys contain ':', which MLflow 2.x refuses: it cannot read the runs, experiments or models that have them " +
        "(MLflow 3.x reads them, except on Windows, where ':' can't be in a file name). " +
        'For example: experiment tag "owner:team" in experiment "Default" (0).',
    );
  });

  it('should name the run by its name and short id in the example, and say "key" for one', () => {
    const run = makeRun({ id: RUN_A, name: 'mlp-64' });
    const [warning] = mlflow2Warnings(content([bundleRun(run, ['eval:recall'])]));
    expect(warning?.count).toBe(1);
    expect(warning?.example).toBe('metric "eval:recall" in run "mlp-64" (0a1b2c3d…)');
    expect(warning?.message).toMatch(/^1 key contains ':'/);
  });

  it('should warn about run tag values over 5,000 code points, counting emoji as one', () => {
    const run = makeRun({
      id: RUN_A,
      name: 'long',
      tags: { 'mlflow.note.content': 'x'.repeat(5001), fits: '🚂'.repeat(5000), over: '🚂'.repeat(5001) },
    });
    expect(mlflow2Warnings(content([bundleRun(run)]))).toEqual([
      {
        problem: 'long-value',
        count: 2,
        example: 'tag "mlflow.note.content" in run "long" (0a1b2c3d…), 5,001 characters',
        message:
          '2 values are longer than MLflow 2.x allows (6,000 characters for a param, 5,000 for a tag, 500 for an experiment name), ' +
          'which it refuses when they are logged again, for example copied to a tracking server ' +
          '(MLflow 3.x allows run tags of 8,000 and registered model tags of 100,000). ' +
          'For example: tag "mlflow.note.content" in run "long" (0a1b2c3d…), 5,001 characters.',
      },
    ]);
  });

  it.each<[string, Partial<BundleContent>, string]>([
    ['a param value over 6,000', { runs: [bundleRun(makeRun({ id: RUN_A, name: 'p', params: { cfg: '🚂'.repeat(6001) } }))] }, 'param "cfg" in run "p" (0a1b2c3d…), 6,001 characters'],
    ['an experiment tag value over 5,000', { experiments: [experiment({ doc: 'd'.repeat(5001) })] }, 'experiment tag "doc" in experiment "Default" (0), 5,001 characters'],
    ['an experiment name over 500', { experiments: [{ ...experiment(), name: 'n'.repeat(501) }] }, 'the name of experiment 0, 501 characters'],
    ['a registered model tag value over 5,000', { registeredModels: [model('iris', { card: 'c'.repeat(5001) })] }, 'tag "card" in registered model "iris", 5,001 characters'],
    [
      'a model version tag value over 5,000 (3.x allows 100,000)',
      { registeredModels: [model('iris', { ok: 'x' }, { card: 'y'.repeat(100_000) })] },
      'tag "card" in version 1 of registered model "iris", 100,000 characters',
    ],
  ])('should warn about %s', (_label, parts, example) => {
    const warnings = mlflow2Warnings(content([], parts));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ problem: 'long-value', count: 1, example });
  });

  it('should not warn about values at the limits, counted in code points', () => {
    const run = makeRun({ id: RUN_A, params: { cfg: '🚂'.repeat(6000) }, tags: { t: '😀'.repeat(5000) } });
    const parts: Partial<BundleContent> = {
      experiments: [{ ...experiment({ doc: '日'.repeat(5000) }), name: '🧪'.repeat(500) }],
      registeredModels: [model('iris', { card: 'c'.repeat(5000) }, { card: 'v'.repeat(5000) })],
    };
    expect(mlflow2Warnings(content([bundleRun(run)], parts))).toEqual([]);
  });

  it('should warn about keys over 250 code points, not about 250 astral letters', () => {
    const run = makeRun({ id: RUN_A, params: { ['𝐀'.repeat(250)]: '1', ['k'.repeat(251)]: '2' } });
    const [warning, ...rest] = mlflow2Warnings(content([bundleRun(run)]));
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ problem: 'long-key', count: 1 });
    expect(warning?.example).toBe(`param "${'k'.repeat(60)}…" in run "${RUN_A}" (0a1b2c3d…)`);
    expect(warning?.message).toMatch(/^1 key is longer than 250 characters, which MLflow 2.x refuses when they are logged again/);
  });

  it('should list each problem once, in a fixed order, and count a key with two problems under both', () => {
    const key = `a:${'b'.repeat(300)}`;
    const run = makeRun({ id: RUN_A, name: 'r', tags: { [key]: 'v'.repeat(6000) } });
    const warnings = mlflow2Warnings(content([bundleRun(run)], { registeredModels: [model('m', { big: 'z'.repeat(5001) })] }));
    expect(warnings.map((w) => [w.problem, w.count])).toEqual([
      ['colon-in-key', 1],
      ['long-key', 1],
      ['long-value', 2],
    ]);
  });

  it('should show a run without a name by its short id only', () => {
    const run = { ...makeRun({ id: RUN_B }), runName: '' };
    expect(mlflow2Warnings(content([bundleRun(run, ['a:b'])]))[0]?.example).toBe('metric "a:b" in run ffeeddcc…');
  });
});
