import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { ModelVersion, RegisteredModel } from '../../domain/registry/registry.types';
import type { Run } from '../../domain/tracking/types';
import {
  aliasBadges,
  aliasProblem,
  bestVersionIndex,
  compareSourceMetrics,
  deleteVersionHint,
  hasLoggedModel,
  modelNameProblem,
  registerTargetName,
  shortDescription,
  sortModels,
} from './modelsView';

const A = 'a'.repeat(32) as RunId;
const B = 'b'.repeat(32) as RunId;

function version(n: number, runId: RunId | null, extra: Partial<ModelVersion> = {}): ModelVersion {
  return {
    name: 'iris', version: n, source: `runs:/${runId}/model`, runId, aliases: [], tags: {}, description: '', currentStage: 'None',
    creationTimestamp: 1, lastUpdatedTimestamp: 1, status: 'READY', userId: null, ...extra,
  };
}

function run(runId: RunId, metrics: Record<string, number>): Run {
  return {
    runId, experimentId: '0' as never, runName: runId.slice(0, 3), status: 'FINISHED', startTime: 0, endTime: 1, lifecycleStage: 'active', deletedTime: null,
    userId: '', artifactUri: '', parentRunId: null, params: {}, tags: {},
    metrics: Object.fromEntries(Object.entries(metrics).map(([key, value]) => [key, { key, latest: { value, step: 0, timestamp: 0 }, min: value, max: value, count: 1 }])),
  } as Run;
}

describe('hasLoggedModel', () => {
  it('should look for model/MLmodel exactly', () => {
    expect(hasLoggedModel([{ path: 'model/MLmodel', isDir: false, fileSize: 3 }])).toBe(true);
    expect(hasLoggedModel([{ path: 'model/model.json', isDir: false, fileSize: 3 }, { path: 'other/MLmodel', isDir: false, fileSize: 1 }])).toBe(false);
    expect(hasLoggedModel(undefined)).toBe(false);
  });
});

describe('names and aliases typed by the user', () => {
  it('should explain a bad model name or alias, and accept good ones', () => {
    expect(modelNameProblem('iris')).toBeNull();
    expect(modelNameProblem('a/b')).toContain("may not contain '/'");
    expect(aliasProblem('champion')).toBeNull();
    expect(aliasProblem('latest')).toContain('reserved');
    expect(aliasBadges(['champion', 'b'])).toEqual(['@champion', '@b']);
  });

  it('should register into the chosen model, or the typed new name', () => {
    expect(registerTargetName('', '  new-model ')).toBe('new-model');
    expect(registerTargetName('iris', 'ignored')).toBe('iris');
  });
});

describe('compareSourceMetrics', () => {
  it('should put each version\'s source-run metrics side by side, with gaps for missing ones', () => {
    const runs = new Map([
      [A, run(A, { accuracy: 0.9, loss: 0.3 })],
      [B, run(B, { accuracy: 0.95, val_loss: 0.2 })],
    ]);
    const result = compareSourceMetrics([version(2, B), version(1, A), version(3, null)], runs);
    expect(result.keys).toEqual(['accuracy', 'loss', 'val_loss']);
    expect(result.values).toEqual([
      { accuracy: 0.95, loss: null, val_loss: 0.2 },
      { accuracy: 0.9, loss: 0.3, val_loss: null },
      { accuracy: null, loss: null, val_loss: null },
    ]);
  });
});

describe('bestVersionIndex', () => {
  it('should pick the lowest loss and the highest score, and nothing for a single value', () => {
    expect(bestVersionIndex('val_loss', [0.3, 0.2, null])).toBe(1);
    expect(bestVersionIndex('accuracy', [0.9, 0.95, NaN])).toBe(1);
    expect(bestVersionIndex('accuracy', [0.9, null])).toBeNull();
  });

  it('should judge a metric by the same direction as the compare page', () => {
    expect(bestVersionIndex('val_perplexity', [12, 9])).toBe(1);
    expect(bestVersionIndex('epoch_seconds', [30, 40])).toBe(0);
    expect(bestVersionIndex('error_score', [0.7, 0.8])).toBe(1);
    expect(bestVersionIndex('lossy_accuracy', [0.7, 0.8])).toBe(1);
    expect(bestVersionIndex('my_metric', [5, 3])).toBe(1);
  });
});

describe('list helpers', () => {
  it('should cut descriptions to their first line', () => {
    expect(shortDescription('first line\nsecond')).toBe('first line');
    expect(shortDescription('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
  });

  it('should sort models by last change, newest first', () => {
    const m = (name: string, t: number) => ({ name, lastUpdatedTimestamp: t }) as RegisteredModel;
    expect(sortModels([m('a', 1), m('b', 3), m('c', 3)]).map((x) => x.name)).toEqual(['b', 'c', 'a']);
  });

  it('should block deleting a Production version with a reason', () => {
    expect(deleteVersionHint(version(1, A, { currentStage: 'Production' }))).toContain('Archived');
    expect(deleteVersionHint(version(1, A))).toBeNull();
  });
});
