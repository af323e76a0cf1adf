import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackingRejection as rejection } from '../test/expectErrors';
import { TrackingError } from '../domain/errors';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId, type RunId } from '../domain/ids';
import { updateSummary } from '../domain/tracking/metricSummary';
import type { MetricColumns, MetricSummary, Run } from '../domain/tracking/types';
import { getArtifact, listAllArtifacts, putArtifact } from './artifactStore';
import {
  createExperiment,
  deleteExperiment,
  findExperimentByName,
  getExperiment,
  listExperiments,
  renameExperiment,
  restoreExperiment,
  setExperimentTag,
} from './experimentStore';
import { appendSeries, getMetricHistory, historyToPoints } from './metricStore';
import {
  TAG_PARENT_RUN_ID,
  TAG_RUN_NAME,
  TAG_SOURCE_TYPE,
  TAG_USER,
  createRun,
  deleteTag,
  getRunRow,
  killOrphanedRuns,
  recordHeartbeat,
  reopenRun,
  setRunLifecycle,
  updateRun,
  type CreateRunOptions,
} from './runStore';
import { METRIC_CHUNK_SIZE, TrainyardDB } from './schema';
import { writeBatch } from './writeBatch';

let db: TrainyardDB;

beforeEach(async () => {
  db = new TrainyardDB(`t-${crypto.randomUUID()}`);
  await db.open();
});

afterEach(async () => {
  await db.delete();
});

function newRun(options: Partial<CreateRunOptions> = {}): Promise<Run> {
  return createRun(db, { experimentId: DEFAULT_EXPERIMENT_ID, userId: 'alice', writerId: 'w1', startTime: 1000, ...options });
}

function cols(values: readonly number[], firstStep = 0, timestamp = 5): MetricColumns {
  return {
    steps: values.map((_, i) => firstStep + i),
    values: [...values],
    timestamps: values.map(() => timestamp),
  };
}

async function chunkCount(runId: RunId, key?: string): Promise<number> {
  const rows = await db.metricChunks.where('runId').equals(runId).toArray();
  return rows.filter((r) => key === undefined || r.key === key).length;
}

describe('schema defaults', () => {
  it('should have the Default experiment with id "0" on first open', async () => {
    const experiment = await getExperiment(db, DEFAULT_EXPERIMENT_ID);
    expect(experiment).toMatchObject({ experimentId: '0', name: 'Default', lifecycleStage: 'active', artifactLocation: 'mlruns/0' });
    expect((await listExperiments(db)).map((e) => e.name)).toEqual(['Default']);
  });
});

describe('createExperiment', () => {
  it('should create an active experiment with an 18-digit id and mlruns/<id> location', async () => {
    const experiment = await createExperiment(db, { name: 'mnist', tags: { team: 'vision' }, now: 1234 });
    expect(experiment.experimentId).toMatch(/^[1-9]\d{17}$/);
    expect(experiment).toMatchObject({
      name: 'mnist',
      artifactLocation: `mlruns/${experiment.experimentId}`,
      lifecycleStage: 'active',
      creationTime: 1234,
      lastUpdateTime: 1234,
      tags: { team: 'vision' },
    });
    expect(await getExperiment(db, experiment.experimentId)).toEqual(experiment);
    expect(await findExperimentByName(db, 'mnist')).toEqual(experiment);
  });

  it('should give different ids to different experiments', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await createExperiment(db, { name: `e${i}` })).experimentId);
    expect(ids.size).toBe(20);
  });

  it('should reject a name that is taken by an active experiment', async () => {
    await createExperiment(db, { name: 'dup' });
    const error = await rejection(createExperiment(db, { name: 'dup' }));
    expect(error.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(error.message).toBe('An experiment named "dup" already exists.');
  });

  it('should reject the name of a deleted experiment, saying it is in the trash', async () => {
    const experiment = await createExperiment(db, { name: 'old' });
    await deleteExperiment(db, { experimentId: experiment.experimentId });
    const error = await rejection(createExperiment(db, { name: 'old' }));
    expect(error.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(error.message).toContain('"old"');
    expect(error.message).toContain('trash');
  });

  it('should reject "Default" as a name since the default experiment has it', async () => {
    expect((await rejection(createExperiment(db, { name: 'Default' }))).code).toBe('RESOURCE_ALREADY_EXISTS');
  });

  it('should validate the name and the tags', async () => {
    expect((await rejection(createExperiment(db, { name: ' ' }))).message).toContain('experiment name');
    const tagError = await rejection(createExperiment(db, { name: 'x', tags: { 'bad:key': 'v' } }));
    expect(tagError.message).toContain('experiment tag key "bad:key"');
    expect(await findExperimentByName(db, 'x')).toBeUndefined();
  });

  it('should say which experiment id does not exist', async () => {
    const error = await rejection(getExperiment(db, '123' as ExperimentId));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toContain('"123"');
  });
});

describe('renameExperiment', () => {
  it('should rename and bump lastUpdateTime', async () => {
    const { experimentId } = await createExperiment(db, { name: 'a', now: 1 });
    await renameExperiment(db, { experimentId, name: 'b', now: 99 });
    expect(await getExperiment(db, experimentId)).toMatchObject({ name: 'b', lastUpdateTime: 99, creationTime: 1 });
    expect(await findExperimentByName(db, 'a')).toBeUndefined();
  });

  it('should allow renaming to its own name', async () => {
    const { experimentId } = await createExperiment(db, { name: 'same' });
    await renameExperiment(db, { experimentId, name: 'same', now: 7 });
    expect((await getExperiment(db, experimentId)).lastUpdateTime).toBe(7);
  });

  it('should reject a name taken by another experiment', async () => {
    await createExperiment(db, { name: 'taken' });
    const { experimentId } = await createExperiment(db, { name: 'mine' });
    const error = await rejection(renameExperiment(db, { experimentId, name: 'taken' }));
    expect(error.code).toBe('RESOURCE_ALREADY_EXISTS');
    expect(error.message).toContain('"taken"');
    expect((await getExperiment(db, experimentId)).name).toBe('mine');
  });

  it('should refuse to rename a deleted experiment', async () => {
    const { experimentId } = await createExperiment(db, { name: 'gone' });
    await deleteExperiment(db, { experimentId });
    const error = await rejection(renameExperiment(db, { experimentId, name: 'back' }));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('"gone"');
    expect((await getExperiment(db, experimentId)).name).toBe('gone');
  });
});

describe('setExperimentTag', () => {
  it('should add and overwrite tags, keeping the others', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e', tags: { a: '1' } });
    await setExperimentTag(db, { experimentId, key: 'b', value: '2' });
    await setExperimentTag(db, { experimentId, key: 'a', value: '3' });
    expect((await getExperiment(db, experimentId)).tags).toEqual({ a: '3', b: '2' });
  });

  it('should reject a value over 5000 characters naming the tag', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e' });
    const error = await rejection(setExperimentTag(db, { experimentId, key: 'mlflow.note.content', value: 'x'.repeat(5001) }));
    expect(error.message).toContain('"mlflow.note.content"');
  });
});

describe('deleteExperiment', () => {
  it('should move the experiment and its active runs to the trash with deletedTime', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e' });
    const a = await newRun({ experimentId });
    const b = await newRun({ experimentId });
    const other = await newRun();
    await deleteExperiment(db, { experimentId, now: 5000 });
    expect(await getExperiment(db, experimentId)).toMatchObject({ lifecycleStage: 'deleted', lastUpdateTime: 5000 });
    for (const run of [a, b]) {
      expect(await getRunRow(db, run.runId)).toMatchObject({ lifecycleStage: 'deleted', deletedTime: 5000 });
    }
    expect(await getRunRow(db, other.runId)).toMatchObject({ lifecycleStage: 'active', deletedTime: null });
    expect((await listExperiments(db, 'DELETED_ONLY')).map((e) => e.experimentId)).toEqual([experimentId]);
    expect((await listExperiments(db, 'ACTIVE_ONLY')).map((e) => e.experimentId)).toEqual(['0']);
    expect(await listExperiments(db, 'ALL')).toHaveLength(2);
  });

  it('should refuse to delete the Default experiment', async () => {
    const error = await rejection(deleteExperiment(db, { experimentId: DEFAULT_EXPERIMENT_ID }));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('"Default"');
    expect((await getExperiment(db, DEFAULT_EXPERIMENT_ID)).lifecycleStage).toBe('active');
  });
});

describe('restoreExperiment', () => {
  it('should bring back only the runs trashed with it', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e' });
    const earlier = await newRun({ experimentId });
    const withIt = await newRun({ experimentId });
    await setRunLifecycle(db, { runId: earlier.runId, deleted: true, now: 1000 });
    await deleteExperiment(db, { experimentId, now: 2000 });
    expect((await getRunRow(db, earlier.runId)).deletedTime).toBe(1000);
    await restoreExperiment(db, { experimentId, now: 3000 });
    expect(await getExperiment(db, experimentId)).toMatchObject({ lifecycleStage: 'active', lastUpdateTime: 3000 });
    expect(await getRunRow(db, withIt.runId)).toMatchObject({ lifecycleStage: 'active', deletedTime: null });
    expect(await getRunRow(db, earlier.runId)).toMatchObject({ lifecycleStage: 'deleted', deletedTime: 1000 });
  });

  // Restore recognises "trashed with it" by deletedTime === the experiment's lastUpdateTime, so a
  // run deleted on its own in the same millisecond as the experiment comes back with it.
  it('should keep a run deleted on its own in the same millisecond as the experiment deleted', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e' });
    const alone = await newRun({ experimentId });
    const withIt = await newRun({ experimentId });
    await setRunLifecycle(db, { runId: alone.runId, deleted: true, now: 2000 });
    await deleteExperiment(db, { experimentId, now: 2000 });
    await restoreExperiment(db, { experimentId, now: 3000 });
    expect((await getRunRow(db, withIt.runId)).lifecycleStage).toBe('active');
    expect((await getRunRow(db, alone.runId)).lifecycleStage).toBe('deleted');
  });

  it('should do nothing to an active experiment', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e', now: 10 });
    await restoreExperiment(db, { experimentId, now: 20 });
    expect((await getExperiment(db, experimentId)).lastUpdateTime).toBe(10);
  });
});

describe('createRun', () => {
  it('should set the system tags, the artifact uri and the RUNNING state', async () => {
    const { experimentId } = await createExperiment(db, { name: 'e' });
    const run = await newRun({ experimentId, runName: '  my run  ', tags: { team: 'x' } });
    expect(run.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(run).toMatchObject({
      experimentId,
      runName: 'my run',
      status: 'RUNNING',
      startTime: 1000,
      endTime: null,
      lifecycleStage: 'active',
      deletedTime: null,
      userId: 'alice',
      parentRunId: null,
      artifactUri: `mlruns/${experimentId}/${run.runId}/artifacts`,
      params: {},
      metrics: {},
    });
    expect(run.tags).toMatchObject({
      [TAG_RUN_NAME]: 'my run',
      [TAG_USER]: 'alice',
      [TAG_SOURCE_TYPE]: 'LOCAL',
      team: 'x',
    });
    expect(run.tags[TAG_PARENT_RUN_ID]).toBeUndefined();
    expect(run).not.toHaveProperty('writerId');
    expect(await getRunRow(db, run.runId)).toMatchObject({ writerId: 'w1', heartbeatAt: 1000 });
  });

  it('should use mlruns/0/<run>/artifacts in the Default experiment', async () => {
    const run = await newRun();
    expect(run.artifactUri).toBe(`mlruns/0/${run.runId}/artifacts`);
  });

  it.each([[undefined], [''], ['   ']])('should give a random adjective-noun-number name for %j', async (runName) => {
    const run = await newRun({ runName });
    expect(run.runName).toMatch(/^[a-z]+-[a-z]+-\d{1,3}$/);
    expect(run.runName.length).toBeLessThanOrEqual(20);
    expect(run.tags[TAG_RUN_NAME]).toBe(run.runName);
  });

  // MLflow's create_run: run_name = run_name or tags["mlflow.runName"] or a random name.
  it('should take the run name from an mlflow.runName tag when no runName is given', async () => {
    const run = await newRun({ tags: { [TAG_RUN_NAME]: 'from-tag' } });
    expect(run.runName).toBe('from-tag');
    expect(run.tags[TAG_RUN_NAME]).toBe('from-tag');
  });

  it('should record a nested run parent in parentRunId and mlflow.parentRunId', async () => {
    const parent = await newRun();
    const child = await newRun({ parentRunId: parent.runId });
    expect(child.parentRunId).toBe(parent.runId);
    expect(child.tags[TAG_PARENT_RUN_ID]).toBe(parent.runId);
  });

  it('should reject a parent that does not exist', async () => {
    const error = await rejection(newRun({ parentRunId: 'f'.repeat(32) as RunId }));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await db.runs.count()).toBe(0);
  });

  it("should refuse runs in a deleted experiment, naming it", async () => {
    const { experimentId } = await createExperiment(db, { name: 'trashed' });
    await deleteExperiment(db, { experimentId });
    const error = await rejection(newRun({ experimentId }));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('"trashed"');
    expect(await db.runs.count()).toBe(0);
  });

  it('should validate tag keys and values', async () => {
    expect((await rejection(newRun({ tags: { 'a:b': 'x' } }))).message).toContain('tag key "a:b"');
    expect((await rejection(newRun({ tags: { t: 'x'.repeat(5001) } }))).message).toContain('Tag "t"');
    expect(await db.runs.count()).toBe(0);
  });

  it('should reject tags that clash as paths (a vs a/b)', async () => {
    const error = await rejection(newRun({ tags: { a: '1', 'a/b': '2' } }));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('"a/b"');
    expect(await db.runs.count()).toBe(0);
  });

  it('should not start a heartbeat for a run created in a terminal status', async () => {
    const run = await newRun({ status: 'FINISHED' });
    expect(await getRunRow(db, run.runId)).toMatchObject({ status: 'FINISHED', heartbeatAt: null });
  });
});

describe('updateRun', () => {
  it('should end a run with an endTime and drop its heartbeat', async () => {
    const run = await newRun();
    await updateRun(db, { runId: run.runId, status: 'FINISHED', endTime: 4242 });
    expect(await getRunRow(db, run.runId)).toMatchObject({ status: 'FINISHED', endTime: 4242, heartbeatAt: null });
  });

  it('should rename a run and its mlflow.runName tag', async () => {
    const run = await newRun({ runName: 'a' });
    await updateRun(db, { runId: run.runId, runName: ' b ' });
    const row = await getRunRow(db, run.runId);
    expect(row.runName).toBe('b');
    expect(row.tags[TAG_RUN_NAME]).toBe('b');
  });

  it('should reject an empty run name', async () => {
    const run = await newRun({ runName: 'a' });
    expect((await rejection(updateRun(db, { runId: run.runId, runName: '  ' }))).message).toContain('run name');
    expect((await getRunRow(db, run.runId)).runName).toBe('a');
  });
});

describe('deleteTag', () => {
  it('should remove a tag and report a missing one by name', async () => {
    const run = await newRun({ tags: { k: 'v', keep: '1' } });
    await deleteTag(db, { runId: run.runId, key: 'k' });
    const row = await getRunRow(db, run.runId);
    expect(row.tags.k).toBeUndefined();
    expect(row.tags.keep).toBe('1');
    const error = await rejection(deleteTag(db, { runId: run.runId, key: 'k' }));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toContain('"k"');
  });
});

describe('setRunLifecycle', () => {
  it('should delete with a deletedTime and restore without one', async () => {
    const run = await newRun();
    await setRunLifecycle(db, { runId: run.runId, deleted: true, now: 77 });
    expect(await getRunRow(db, run.runId)).toMatchObject({ lifecycleStage: 'deleted', deletedTime: 77 });
    await setRunLifecycle(db, { runId: run.runId, deleted: false });
    expect(await getRunRow(db, run.runId)).toMatchObject({ lifecycleStage: 'active', deletedTime: null });
  });
});

describe('writeBatch', () => {
  it('should write params, tags and metrics of several runs in one call', async () => {
    const a = await newRun();
    const b = await newRun();
    const errors = await writeBatch(db, [
      { runId: a.runId, params: { lr: '0.1' }, tags: { t: 'x' }, metrics: new Map([['loss', cols([3, 2, 1])]]) },
      { runId: b.runId, params: { lr: '0.2' }, metrics: new Map([['acc', cols([0.5])]]) },
    ]);
    expect(errors).toEqual([]);
    const rowA = await getRunRow(db, a.runId);
    expect(rowA.params).toEqual({ lr: '0.1' });
    expect(rowA.tags.t).toBe('x');
    expect(rowA.metrics.loss).toEqual({ key: 'loss', latest: { step: 2, timestamp: 5, value: 1 }, min: 1, max: 3, count: 3 });
    expect((await getRunRow(db, b.runId)).metrics.acc?.count).toBe(1);
    expect(Array.from((await getMetricHistory(db, { runId: a.runId, key: 'loss' })).values)).toEqual([3, 2, 1]);
  });

  it('should return [] and write nothing for no batches', async () => {
    expect(await writeBatch(db, [])).toEqual([]);
  });

  it('should write the good runs and nothing of a deleted one, reporting it', async () => {
    const good1 = await newRun();
    const bad = await newRun({ runName: 'gone-run' });
    const good2 = await newRun();
    await setRunLifecycle(db, { runId: bad.runId, deleted: true, now: 1 });
    const batch = (runId: RunId) => ({
      runId,
      params: { p: '1' },
      tags: { t: '1' },
      metrics: new Map([['m', cols([1, 2])]]),
    });
    const errors = await writeBatch(db, [batch(good1.runId), batch(bad.runId), batch(good2.runId)]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.runId).toBe(bad.runId);
    expect(errors[0]?.error).toBeInstanceOf(TrackingError);
    expect(errors[0]?.error.message).toContain('"gone-run"');
    expect(errors[0]?.error.message).toContain(bad.runId);
    const badRow = await getRunRow(db, bad.runId);
    expect(badRow.params).toEqual({});
    expect(badRow.tags.t).toBeUndefined();
    expect(badRow.metrics).toEqual({});
    expect(await chunkCount(bad.runId)).toBe(0);
    for (const good of [good1, good2]) {
      const row = await getRunRow(db, good.runId);
      expect(row.params).toEqual({ p: '1' });
      expect(row.metrics.m?.count).toBe(2);
      expect(await chunkCount(good.runId)).toBe(1);
    }
  });

  it('should report a run that does not exist by id and write the others', async () => {
    const good = await newRun();
    const missing = 'a'.repeat(32) as RunId;
    const errors = await writeBatch(db, [
      { runId: missing, params: { p: '1' } },
      { runId: good.runId, params: { p: '1' } },
    ]);
    expect(errors.map((e) => e.runId)).toEqual([missing]);
    expect(errors[0]?.error.message).toContain(missing);
    expect((await getRunRow(db, good.runId)).params).toEqual({ p: '1' });
  });

  it('should accept re-logging a param with the same value', async () => {
    const run = await newRun();
    expect(await writeBatch(db, [{ runId: run.runId, params: { lr: '0.1' } }])).toEqual([]);
    expect(await writeBatch(db, [{ runId: run.runId, params: { lr: '0.1' } }])).toEqual([]);
    expect((await getRunRow(db, run.runId)).params).toEqual({ lr: '0.1' });
  });

  it('should reject changing a param, naming both values, and write nothing else of that batch', async () => {
    const run = await newRun();
    await writeBatch(db, [{ runId: run.runId, params: { lr: '0.1' } }]);
    const errors = await writeBatch(db, [
      { runId: run.runId, params: { lr: '0.2', other: 'x' }, tags: { t: 'y' }, metrics: new Map([['m', cols([1])]]) },
    ]);
    expect(errors).toHaveLength(1);
    const error = errors[0]?.error;
    expect(error).toBeInstanceOf(TrackingError);
    expect(error instanceof TrackingError ? error.code : undefined).toBe('INVALID_PARAMETER_VALUE');
    expect(error?.message).toContain('"lr"');
    expect(error?.message).toContain('"0.1"');
    expect(error?.message).toContain('"0.2"');
    const row = await getRunRow(db, run.runId);
    expect(row.params).toEqual({ lr: '0.1' });
    expect(row.tags.t).toBeUndefined();
    expect(row.metrics).toEqual({});
    expect(await chunkCount(run.runId)).toBe(0);
  });

  it.each([
    ['param', { params: { a: '1' } }, { params: { 'a/b': '2' } }],
    ['param (reverse order)', { params: { 'a/b': '1' } }, { params: { a: '2' } }],
    ['tag', { tags: { a: '1' } }, { tags: { 'a/b': '2' } }],
    ['metric', { metrics: new Map([['a', cols([1])]]) }, { metrics: new Map([['a/b', cols([1])]]) }],
    ['metric (reverse order)', { metrics: new Map([['a/b', cols([1])]]) }, { metrics: new Map([['a', cols([1])]]) }],
  ])('should reject a %s key clash between a and a/b', async (kind, first, second) => {
    const run = await newRun();
    expect(await writeBatch(db, [{ runId: run.runId, ...first }])).toEqual([]);
    const errors = await writeBatch(db, [{ runId: run.runId, ...second }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.error.message).toContain(`Invalid ${kind.split(' ')[0] ?? ''} key`);
    expect(errors[0]?.error.message).toContain('clashes');
    const row = await getRunRow(db, run.runId);
    expect(Object.keys(row.params).length + Object.keys(row.tags).length + Object.keys(row.metrics).length).toBe(
      Object.keys(run.tags).length + 1,
    );
  });

  it('should reject a clash inside a single batch', async () => {
    const run = await newRun();
    const errors = await writeBatch(db, [{ runId: run.runId, params: { x: '1', 'x/y': '2' } }]);
    expect(errors[0]?.error.message).toContain('clashes');
    expect((await getRunRow(db, run.runId)).params).toEqual({});
  });

  it('should allow the same key as a param, a tag and a metric', async () => {
    const run = await newRun();
    const errors = await writeBatch(db, [
      { runId: run.runId, params: { a: '1' }, tags: { 'a/b': '1' }, metrics: new Map([['a/c', cols([1])]]) },
    ]);
    expect(errors).toEqual([]);
  });

  it('should keep both entries when the same run appears twice in one call', async () => {
    const run = await newRun();
    const errors = await writeBatch(db, [
      { runId: run.runId, params: { a: '1' }, metrics: new Map([['m', cols([1, 2])]]) },
      { runId: run.runId, params: { b: '2' }, metrics: new Map([['m', cols([3], 2)]]) },
    ]);
    expect(errors).toEqual([]);
    const row = await getRunRow(db, run.runId);
    expect(row.params).toEqual({ a: '1', b: '2' });
    expect(row.metrics.m?.count).toBe(3);
    expect(Array.from((await getMetricHistory(db, { runId: run.runId, key: 'm' })).values)).toEqual([1, 2, 3]);
  });
});

describe('writeBatch with keys named like Object.prototype members', () => {
  it.each([['constructor'], ['toString'], ['valueOf'], ['hasOwnProperty']])(
    'should store and summarise %s like any other key',
    async (key) => {
      const run = await newRun();
      const errors = await writeBatch(db, [
        { runId: run.runId, params: { [key]: 'p' }, tags: { [key]: 't' }, metrics: new Map([[key, cols([1, 2])]]) },
      ]);
      expect(errors).toEqual([]);
      const row = await getRunRow(db, run.runId);
      expect(Object.getOwnPropertyDescriptor(row.params, key)?.value).toBe('p');
      expect(Object.getOwnPropertyDescriptor(row.tags, key)?.value).toBe('t');
      expect(Object.getOwnPropertyDescriptor(row.metrics, key)?.value).toMatchObject({ count: 2, max: 2 });
      // A second, different value is a param conflict naming the first one, not Object's function.
      const [conflict] = await writeBatch(db, [{ runId: run.runId, params: { [key]: 'q' } }]);
      expect(conflict?.error.message).toContain('already logged with value "p"');
    },
  );
});

describe('appendSeries and getMetricHistory', () => {
  const TOTAL = 10_000;
  const SPECIAL: ReadonlyMap<number, number> = new Map([
    [0, Number.NaN],
    [4095, Number.POSITIVE_INFINITY],
    [4096, Number.NEGATIVE_INFINITY],
    [8191, Number.NaN],
    [9999, Number.POSITIVE_INFINITY],
  ]);
  const valueAt = (i: number): number => SPECIAL.get(i) ?? Math.sin(i) * 1000;
  const stepAt = (i: number): number => (i % 7 === 0 ? -i : i * 3);
  const timestampAt = (i: number): number => 1_700_000_000_000 + i;

  function slice(start: number, end: number, typed: boolean): MetricColumns {
    const idx = Array.from({ length: end - start }, (_, k) => start + k);
    const steps = idx.map(stepAt);
    const values = idx.map(valueAt);
    const timestamps = idx.map(timestampAt);
    return typed
      ? { steps: new Float64Array(steps), values: new Float64Array(values), timestamps: new Float64Array(timestamps) }
      : { steps, values, timestamps };
  }

  it.each([
    ['1,000', [1000], false],
    ['3,333', [3333], false],
    ['1,000, 3,333 and 1 in turn', [1000, 3333, 1], false],
    ['1,000, 3,333 and 1 in turn as typed arrays', [1000, 3333, 1], true],
    ['exactly one chunk', [METRIC_CHUNK_SIZE], false],
    ['one chunk minus one, then 2', [METRIC_CHUNK_SIZE - 1, 2], true],
    ['all at once', [TOTAL], true],
  ])('should read back 10,000 points appended in batches of %s in order', async (_label, sizes, typed) => {
    const run = await newRun();
    let written = 0;
    let turn = 0;
    let summary: MetricSummary | undefined;
    while (written < TOTAL) {
      const size = Math.min(sizes[turn++ % sizes.length] ?? 1, TOTAL - written);
      const points = slice(written, written + size, typed);
      const errors = await writeBatch(db, [{ runId: run.runId, metrics: new Map([['loss', points]]) }]);
      expect(errors).toEqual([]);
      summary = updateSummary(summary, points, 'loss');
      written += size;
    }
    const history = await getMetricHistory(db, { runId: run.runId, key: 'loss' });
    const expected = slice(0, TOTAL, false);
    expect(history.values).toBeInstanceOf(Float64Array);
    expect(Array.from(history.values)).toEqual(expected.values);
    expect(Array.from(history.steps)).toEqual(expected.steps);
    expect(Array.from(history.timestamps)).toEqual(expected.timestamps);
    expect(history.values[0]).toBeNaN();
    expect(history.values[4095]).toBe(Number.POSITIVE_INFINITY);
    expect(history.values[4096]).toBe(Number.NEGATIVE_INFINITY);

    const chunks = await db.metricChunks.where('runId').equals(run.runId).toArray();
    expect(chunks).toHaveLength(Math.ceil(TOTAL / METRIC_CHUNK_SIZE));
    expect(chunks.map((c) => c.seq).sort((x, y) => x - y)).toEqual([0, 1, 2]);
    const bySeq = [...chunks].sort((x, y) => x.seq - y.seq);
    expect(bySeq.map((c) => c.values.length)).toEqual([4096, 4096, TOTAL - 2 * 4096]);

    const row = await getRunRow(db, run.runId);
    expect(row.metrics.loss).toEqual(summary);
    expect(row.metrics.loss).toEqual(updateSummary(undefined, expected, 'loss'));
    expect(row.metrics.loss?.count).toBe(TOTAL);
  });

  it('should keep series of different keys and runs apart', async () => {
    const a = await newRun();
    const b = await newRun();
    await writeBatch(db, [
      { runId: a.runId, metrics: new Map([['x', cols([1, 2])], ['x2', cols([9])]]) },
      { runId: b.runId, metrics: new Map([['x', cols([5])]]) },
    ]);
    expect(Array.from((await getMetricHistory(db, { runId: a.runId, key: 'x' })).values)).toEqual([1, 2]);
    expect(Array.from((await getMetricHistory(db, { runId: a.runId, key: 'x2' })).values)).toEqual([9]);
    expect(Array.from((await getMetricHistory(db, { runId: b.runId, key: 'x' })).values)).toEqual([5]);
  });

  it('should return empty columns for a key never logged', async () => {
    const run = await newRun();
    const history = await getMetricHistory(db, { runId: run.runId, key: 'none' });
    expect(history.values).toHaveLength(0);
    expect(history.steps).toHaveLength(0);
  });

  it('should write nothing for zero points', async () => {
    const run = await newRun();
    await db.transaction('rw', db.metricChunks, () => appendSeries(db, { runId: run.runId, key: 'k', points: cols([]) }));
    expect(await chunkCount(run.runId)).toBe(0);
  });

  it('should fill the last chunk exactly and then start the next', async () => {
    const run = await newRun();
    const append = (n: number) =>
      db.transaction('rw', db.metricChunks, () =>
        appendSeries(db, { runId: run.runId, key: 'k', points: cols(new Array<number>(n).fill(1)) }),
      );
    await append(METRIC_CHUNK_SIZE - 1);
    expect(await chunkCount(run.runId, 'k')).toBe(1);
    await append(1);
    expect(await chunkCount(run.runId, 'k')).toBe(1);
    await append(1);
    expect(await chunkCount(run.runId, 'k')).toBe(2);
    expect((await getMetricHistory(db, { runId: run.runId, key: 'k' })).values).toHaveLength(METRIC_CHUNK_SIZE + 1);
  });
});

describe('historyToPoints', () => {
  it('should turn columns into MetricPoint objects in order', () => {
    expect(
      historyToPoints('acc', {
        steps: new Float64Array([2, 1]),
        values: new Float64Array([0.5, Number.NaN]),
        timestamps: new Float64Array([10, 20]),
      }),
    ).toEqual([
      { key: 'acc', value: 0.5, step: 2, timestamp: 10 },
      { key: 'acc', value: Number.NaN, step: 1, timestamp: 20 },
    ]);
  });
});

describe('artifacts', () => {
  it('should store, read back and list files sorted by path', async () => {
    const run = await newRun();
    await putArtifact(db, { runId: run.runId, path: 'model/model.json', blob: new Blob(['{"a":1}'], { type: 'application/json' }), now: 9 });
    await putArtifact(db, { runId: run.runId, path: 'README.md', blob: new Blob(['hi']) });
    const row = await getArtifact(db, { runId: run.runId, path: 'model/model.json' });
    expect(row).toMatchObject({ size: 7, type: 'application/json', modifiedTime: 9 });
    expect(await row.blob.text()).toBe('{"a":1}');
    expect((await getArtifact(db, { runId: run.runId, path: 'README.md' })).type).toBe('application/octet-stream');
    expect(await listAllArtifacts(db, run.runId)).toEqual([
      { path: 'README.md', isDir: false, fileSize: 2 },
      { path: 'model/model.json', isDir: false, fileSize: 7 },
    ]);
  });

  it('should overwrite a file at the same path', async () => {
    const run = await newRun();
    await putArtifact(db, { runId: run.runId, path: 'a.txt', blob: new Blob(['one']) });
    await putArtifact(db, { runId: run.runId, path: 'a.txt', blob: new Blob(['three']) });
    expect(await (await getArtifact(db, { runId: run.runId, path: 'a.txt' })).blob.text()).toBe('three');
    expect(await listAllArtifacts(db, run.runId)).toHaveLength(1);
  });

  it('should keep the artifacts of different runs apart', async () => {
    const a = await newRun();
    const b = await newRun();
    await putArtifact(db, { runId: a.runId, path: 'x', blob: new Blob(['a']) });
    expect(await listAllArtifacts(db, b.runId)).toEqual([]);
  });

  it.each([
    ['a folder over an existing file', 'model', 'model/weights.bin'],
    ['a file over an existing folder', 'model/weights.bin', 'model'],
  ])('should refuse %s', async (_label, first, second) => {
    const run = await newRun();
    await putArtifact(db, { runId: run.runId, path: first, blob: new Blob(['1']) });
    const error = await rejection(putArtifact(db, { runId: run.runId, path: second, blob: new Blob(['2']) }));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(`"${second}"`);
    expect(error.message).toContain(`"${first}"`);
    expect((await listAllArtifacts(db, run.runId)).map((f) => f.path)).toEqual([first]);
  });

  it('should refuse writing to a deleted run', async () => {
    const run = await newRun({ runName: 'trashed-run' });
    await setRunLifecycle(db, { runId: run.runId, deleted: true });
    const error = await rejection(putArtifact(db, { runId: run.runId, path: 'a.txt', blob: new Blob(['x']) }));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('"trashed-run"');
    expect(await listAllArtifacts(db, run.runId)).toEqual([]);
  });

  it('should validate the path', async () => {
    const run = await newRun();
    expect((await rejection(putArtifact(db, { runId: run.runId, path: '../x', blob: new Blob(['x']) }))).message).toContain('"../x"');
  });

  it('should report a missing artifact by path', async () => {
    const run = await newRun();
    const error = await rejection(getArtifact(db, { runId: run.runId, path: 'nope.txt' }));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(error.message).toContain('"nope.txt"');
  });
});

describe('recordHeartbeat', () => {
  it("should touch only the writer's RUNNING runs", async () => {
    const mine = await newRun({ writerId: 'w1' });
    const theirs = await newRun({ writerId: 'w2' });
    const ended = await newRun({ writerId: 'w1' });
    await updateRun(db, { runId: ended.runId, status: 'FINISHED', endTime: 2000 });
    await recordHeartbeat(db, { runIds: [mine.runId, theirs.runId, ended.runId], writerId: 'w1', now: 9000 });
    expect((await getRunRow(db, mine.runId)).heartbeatAt).toBe(9000);
    expect((await getRunRow(db, theirs.runId)).heartbeatAt).toBe(1000);
    expect((await getRunRow(db, ended.runId)).heartbeatAt).toBeNull();
  });
});

describe('writeBatch heartbeat', () => {
  it('should count a write to a RUNNING run as a heartbeat, and leave ended runs alone', async () => {
    const running = await newRun({ startTime: 1000 });
    const ended = await newRun({ startTime: 1000 });
    await updateRun(db, { runId: ended.runId, status: 'FINISHED', endTime: 1500 });
    await writeBatch(db, [{ runId: running.runId, metrics: new Map([['m', cols([1])]]) }], 7000);
    await writeBatch(db, [{ runId: ended.runId, metrics: new Map([['m', cols([1])]]) }], 7000);
    expect((await getRunRow(db, running.runId)).heartbeatAt).toBe(7000);
    expect((await getRunRow(db, ended.runId)).heartbeatAt).toBeNull();
  });
});

describe('killOrphanedRuns', () => {
  async function runWithData(writerId: string | null, heartbeatAt: number): Promise<RunId> {
    const run = await newRun({ writerId, startTime: 1000 });
    // Written at the start time, so the write's own heartbeat doesn't move the clock.
    await writeBatch(db, [{ runId: run.runId, params: { p: 'v' }, metrics: new Map([['m', cols([1, 2, 3])]]) }], 1000);
    if (writerId) await recordHeartbeat(db, { runIds: [run.runId], writerId, now: heartbeatAt });
    return run.runId;
  }

  it('should leave runs of a live writer alone, even with an old heartbeat', async () => {
    const runId = await runWithData('alive', 2000);
    const killed = await killOrphanedRuns(db, { isWriterAlive: () => true, now: 10_000_000, staleAfterMs: 1000 });
    expect(killed).toEqual([]);
    expect(await getRunRow(db, runId)).toMatchObject({ status: 'RUNNING', endTime: null, heartbeatAt: 2000 });
  });

  it('should end runs of a dead writer as KILLED at their last heartbeat, keeping their data', async () => {
    const dead = await runWithData('dead', 2500);
    const alive = await runWithData('alive', 2500);
    const killed = await killOrphanedRuns(db, {
      isWriterAlive: (w) => w === 'alive',
      now: 3000,
      staleAfterMs: 60_000,
    });
    expect(killed).toEqual([dead]);
    const row = await getRunRow(db, dead);
    expect(row).toMatchObject({ status: 'KILLED', endTime: 2500, heartbeatAt: null, params: { p: 'v' } });
    expect(row.metrics.m?.count).toBe(3);
    expect(Array.from((await getMetricHistory(db, { runId: dead, key: 'm' })).values)).toEqual([1, 2, 3]);
    expect((await getRunRow(db, alive)).status).toBe('RUNNING');
  });

  it('should decide by heartbeat age when liveness is unknown', async () => {
    const stale = await runWithData('w-stale', 1000);
    const fresh = await runWithData('w-fresh', 50_000);
    const edge = await runWithData('w-edge', 40_000);
    const killed = await killOrphanedRuns(db, { isWriterAlive: () => undefined, now: 70_000, staleAfterMs: 30_000 });
    expect(killed).toEqual([stale]);
    expect(await getRunRow(db, stale)).toMatchObject({ status: 'KILLED', endTime: 1000 });
    expect((await getRunRow(db, fresh)).status).toBe('RUNNING');
    expect((await getRunRow(db, edge)).status).toBe('RUNNING');
  });

  it('should fall back to the start time for a run without a writer', async () => {
    const runId = await runWithData(null, 0);
    const killed = await killOrphanedRuns(db, { isWriterAlive: () => false, now: 100_000, staleAfterMs: 30_000 });
    expect(killed).toEqual([runId]);
    expect(await getRunRow(db, runId)).toMatchObject({ status: 'KILLED', endTime: 1000 });
  });

  it('should leave an imported RUNNING run alone until it is resumed here', async () => {
    const runId = await runWithData(null, 0);
    await db.runs.update(runId, { imported: true });
    const stale = { isWriterAlive: () => false, now: 1e12, staleAfterMs: 1 };
    expect(await killOrphanedRuns(db, stale)).toEqual([]);
    expect(await getRunRow(db, runId)).toMatchObject({ status: 'RUNNING', endTime: null, imported: true });
    await reopenRun(db, { runId, writerId: 'here', now: 2000 });
    expect(await getRunRow(db, runId)).not.toHaveProperty('imported');
    expect(await killOrphanedRuns(db, stale)).toEqual([runId]);
  });

  it('should leave finished runs untouched', async () => {
    const runId = await runWithData('dead', 1500);
    await updateRun(db, { runId, status: 'FINISHED', endTime: 1600 });
    const before = await getRunRow(db, runId);
    const killed = await killOrphanedRuns(db, { isWriterAlive: () => false, now: 1e9, staleAfterMs: 1 });
    expect(killed).toEqual([]);
    expect(await getRunRow(db, runId)).toEqual(before);
  });
});
