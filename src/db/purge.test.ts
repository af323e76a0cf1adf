/**
 * Permanent deletion through the tracking client (purgeRun, purgeExperiment, emptyTrash,
 * deleteDataset), checked against what the store holds afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { trackingRejection } from '../test/expectErrors';
import type { ExperimentId, RunId } from '../domain/ids';
import type { TrainyardDB } from './schema';
import type { TrackingClient } from './trackingClient';
import { closeTestStore, openTestStore } from '../test/testStore';
import { readStoreContents } from './storageQueries';
import { storageOf } from '../test/testServices';

let db: TrainyardDB;
let client: TrackingClient;
let clock: number;

beforeEach(async () => {
  clock = 1_000_000;
  ({ db, client } = await openTestStore(() => clock));
});

afterEach(() => closeTestStore({ db, client }));

/** A finished run with params, tags, two metrics (one over two chunks) and artifacts, model included. */
async function loggedRun(name: string, experimentId?: ExperimentId): Promise<RunId> {
  const run = await client.createRun({ runName: name, experimentId, tags: { team: 'blue' } });
  await client.logParams({ lr: 0.01, hidden: '64,64' }, { runId: run.runId });
  for (let step = 0; step < 5000; step++) client.logMetric('loss', 1 / (step + 1), { step, runId: run.runId });
  client.logMetric('acc', 0.9, { runId: run.runId });
  await client.logArtifact({ layers: [64] }, 'config.json', { runId: run.runId });
  await client.logArtifact(new Blob([new Uint8Array(2048)]), 'model/weights.bin', { runId: run.runId });
  await client.endRun('FINISHED', { runId: run.runId });
  return run.runId;
}

/** Everything the store holds for a run, row by row. */
async function rowsOf(runId: RunId) {
  return {
    run: await db.runs.get(runId),
    chunks: await db.metricChunks.where('runId').equals(runId).count(),
    artifacts: await db.artifacts.where('runId').equals(runId).count(),
  };
}

describe('purgeRun', () => {
  it('should delete a trashed run with its metric chunks and artifacts, and leave other runs untouched', async () => {
    const doomed = await loggedRun('doomed');
    const kept = await loggedRun('kept');
    const keptBefore = await rowsOf(kept);
    expect(await rowsOf(doomed)).toMatchObject({ chunks: 3, artifacts: 2 });
    await client.deleteRun(doomed);

    await storageOf(client).purgeRun(doomed);

    expect(await rowsOf(doomed)).toEqual({ run: undefined, chunks: 0, artifacts: 0 });
    expect(await rowsOf(kept)).toEqual(keptBefore);
    expect(await client.getMetricHistory(kept, 'loss')).toHaveLength(5000);
    expect(await (await client.downloadArtifact(kept, 'model/weights.bin')).arrayBuffer()).toHaveProperty('byteLength', 2048);
  });

  it('should refuse a run that is not in the trash, naming it, and delete nothing', async () => {
    const runId = await loggedRun('active one');
    const before = await rowsOf(runId);
    const error = await trackingRejection(storageOf(client).purgeRun(runId));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('"active one"');
    expect(error.message).toContain('not in the trash');
    expect(await rowsOf(runId)).toEqual(before);
  });

  it('should never purge a RUNNING run, even in the trash', async () => {
    const run = await client.createRun({ runName: 'still going' });
    client.logMetric('loss', 1, { runId: run.runId });
    await client.flush();
    await client.deleteRun(run.runId);
    const error = await trackingRejection(storageOf(client).purgeRun(run.runId));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('RUNNING');
    expect(await rowsOf(run.runId)).toMatchObject({ run: expect.objectContaining({ status: 'RUNNING' }), chunks: 1 });
  });

  it('should say when there is no such run', async () => {
    const error = await trackingRejection(storageOf(client).purgeRun('0123456789abcdef0123456789abcdef' as RunId));
    expect(error.code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

describe('purgeExperiment', () => {
  it('should delete a trashed experiment and all its runs, and leave other experiments untouched', async () => {
    const gone = await client.createExperiment('gone');
    const other = await client.createExperiment('other');
    const a = await loggedRun('a', gone);
    const b = await loggedRun('b', gone);
    await client.deleteRun(b); // trashed on its own before the experiment: goes too
    const kept = await loggedRun('kept', other);
    const keptBefore = await rowsOf(kept);
    await client.deleteExperiment(gone);

    const purged = await storageOf(client).purgeExperiment(gone);

    expect(new Set(purged)).toEqual(new Set([a, b]));
    expect(await db.experiments.get(gone)).toBeUndefined();
    expect(await rowsOf(a)).toEqual({ run: undefined, chunks: 0, artifacts: 0 });
    expect(await rowsOf(b)).toEqual({ run: undefined, chunks: 0, artifacts: 0 });
    expect(await rowsOf(kept)).toEqual(keptBefore);
    expect((await db.experiments.get(other))?.lifecycleStage).toBe('active');
  });

  it('should refuse an active experiment and delete nothing', async () => {
    const id = await client.createExperiment('alive');
    const runId = await loggedRun('r', id);
    const error = await trackingRejection(storageOf(client).purgeExperiment(id));
    expect(error.code).toBe('INVALID_STATE');
    expect(error.message).toContain('"alive" is not in the trash');
    expect((await rowsOf(runId)).run).toBeDefined();
  });

  it('should refuse while one of its runs is RUNNING, naming it, and delete nothing', async () => {
    const id = await client.createExperiment('busy');
    const done = await loggedRun('done', id);
    const running = await client.createRun({ experimentId: id, runName: 'training' });
    await client.deleteExperiment(id);
    const error = await trackingRejection(storageOf(client).purgeExperiment(id));
    expect(error.message).toContain('"training"');
    expect(await db.experiments.get(id)).toBeDefined();
    expect((await rowsOf(done)).chunks).toBe(3);
    expect((await rowsOf(running.runId)).run).toBeDefined();
  });
});

describe('emptyTrash', () => {
  it('should purge trashed experiments and runs, keep what is active and what is RUNNING', async () => {
    const gone = await client.createExperiment('gone');
    const inGone = await loggedRun('in gone', gone);
    const trashed = await loggedRun('trashed');
    const active = await loggedRun('active');
    const running = await client.createRun({ runName: 'running' });
    await client.deleteRun(trashed);
    await client.deleteRun(running.runId);
    await client.deleteExperiment(gone);
    const activeBefore = await rowsOf(active);

    const result = await storageOf(client).emptyTrash();

    expect(result.experimentIds).toEqual([gone]);
    expect(new Set(result.runIds)).toEqual(new Set([inGone, trashed]));
    expect(result.skipped).toEqual([expect.stringContaining('"running"')]);
    expect(await rowsOf(inGone)).toEqual({ run: undefined, chunks: 0, artifacts: 0 });
    expect(await rowsOf(trashed)).toEqual({ run: undefined, chunks: 0, artifacts: 0 });
    expect(await rowsOf(active)).toEqual(activeBefore);
    expect((await rowsOf(running.runId)).run?.lifecycleStage).toBe('deleted');
    const { report } = await readStoreContents(db);
    expect(report.runs.map((r) => r.runName).sort()).toEqual(['active', 'running']);
  });
});

describe('deleteDataset', () => {
  const row = (datasetId: string, source: 'import' | 'download') => ({
    datasetId,
    name: datasetId,
    kind: 'tabular' as const,
    fileName: 'x.csv',
    source,
    url: null,
    sha256: 'ab',
    size: 3,
    createdTime: 1,
    blob: new Blob(['a,b']),
    summary: { rows: 1 },
  });

  it('should delete an imported dataset and refuse a downloaded one', async () => {
    await client.saveDataset(row('ds-1', 'import'));
    await client.saveDataset(row('builtin:wine-red', 'download'));
    await storageOf(client).deleteDataset('ds-1');
    expect(await db.datasets.get('ds-1')).toBeUndefined();
    const error = await trackingRejection(storageOf(client).deleteDataset('builtin:wine-red'));
    expect(error.message).toContain('only imported datasets can be deleted');
    expect(await db.datasets.get('builtin:wine-red')).toBeDefined();
  });
});
