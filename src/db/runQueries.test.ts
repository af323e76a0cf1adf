import { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId } from '../domain/ids';
import type { Run } from '../domain/tracking/types';
import { createExperiment } from './experimentStore';
import { listNewestRuns, listRuns, searchRuns } from './runQueries';
import { createRun, setRunLifecycle, updateRun } from './runStore';
import { TrainyardDB } from './schema';

let db: TrainyardDB;
let other: ExperimentId;

beforeEach(async () => {
  db = new TrainyardDB(`q-${crypto.randomUUID()}`);
  await db.open();
  other = (await createExperiment(db, { name: 'other' })).experimentId;
});

afterEach(async () => {
  await db.delete();
});

const newRun = (runName: string, experimentId: ExperimentId = DEFAULT_EXPERIMENT_ID, startTime = 1000): Promise<Run> =>
  createRun(db, { experimentId, runName, userId: 'alice', writerId: null, startTime });

const names = (runs: readonly Run[]) => runs.map((r) => r.runName).sort();

describe('listNewestRuns', () => {
  it('should give one experiment\u2019s newest runs first, any lifecycle stage, up to the limit', async () => {
    await newRun('old', DEFAULT_EXPERIMENT_ID, 1_000);
    const deleted = await newRun('newest', DEFAULT_EXPERIMENT_ID, 5_000);
    await newRun('middle', DEFAULT_EXPERIMENT_ID, 3_000);
    await newRun('other-experiment', other, 9_000);
    await setRunLifecycle(db, { runId: deleted.runId, deleted: true, now: 6_000 });
    const runs = await listNewestRuns(db, { experimentId: DEFAULT_EXPERIMENT_ID, limit: 2 });
    expect(runs.map((r) => r.runName)).toEqual(['newest', 'middle']);
    expect(await listNewestRuns(db, { experimentId: DEFAULT_EXPERIMENT_ID, limit: 10 })).toHaveLength(3);
    expect(await listNewestRuns(db, { experimentId: '999' as ExperimentId, limit: 10 })).toEqual([]);
  });
});

describe('listRuns', () => {
  it('should list the runs of each experiment asked for, once, in one view', async () => {
    await newRun('a');
    const b = await newRun('b');
    await newRun('c', other);
    await newRun('elsewhere', (await createExperiment(db, { name: 'third' })).experimentId);
    await setRunLifecycle(db, { runId: b.runId, deleted: true, now: 5 });

    expect(names(await listRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID] }))).toEqual(['a']);
    expect(names(await listRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID], viewType: 'DELETED_ONLY' }))).toEqual(['b']);
    expect(names(await listRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID], viewType: 'ALL' }))).toEqual(['a', 'b']);
    expect(names(await listRuns(db, { experimentIds: [other, DEFAULT_EXPERIMENT_ID, other], viewType: 'ALL' }))).toEqual(['a', 'b', 'c']);
    expect(await listRuns(db, { experimentIds: [] })).toEqual([]);
  });

  it("should return MLflow's run shape, without the store's bookkeeping", async () => {
    await newRun('a');
    const [run] = await listRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID] });
    expect(run).toBeDefined();
    expect(run).not.toHaveProperty('writerId');
    expect(run).not.toHaveProperty('heartbeatAt');
  });

  it('should list in index order: experiment id, then run id', async () => {
    for (let i = 0; i < 5; i++) await newRun(`r${i}`);
    for (let i = 0; i < 3; i++) await newRun(`o${i}`, other);
    const runs = await listRuns(db, { experimentIds: [other, DEFAULT_EXPERIMENT_ID] });
    const keys = runs.map((r) => `${r.experimentId}/${r.runId}`);
    expect(keys).toEqual([...keys].sort());
  });

  it('should keep a live query up to date when runs change, are added or are deleted', async () => {
    const a = await newRun('a');
    const seen: string[][] = [];
    const subscription = liveQuery(() => listRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID] })).subscribe((runs) =>
      seen.push(runs.map((r) => `${r.runName}:${r.status}`).sort()),
    );
    const settle = async (count: number) => {
      for (let i = 0; i < 100 && seen.length < count; i++) await new Promise((r) => setTimeout(r, 10));
    };
    await settle(1);
    await updateRun(db, { runId: a.runId, status: 'FINISHED', endTime: 2000 });
    await settle(2);
    const b = await newRun('b');
    await settle(3);
    await setRunLifecycle(db, { runId: b.runId, deleted: true, now: 5 });
    await settle(4);
    await newRun('not here', other);
    await new Promise((r) => setTimeout(r, 50));
    subscription.unsubscribe();
    expect(seen).toEqual([['a:RUNNING'], ['a:FINISHED'], ['a:FINISHED', 'b:RUNNING'], ['a:FINISHED']]);
  });
});

describe('searchRuns', () => {
  it('should still filter, order and page over the listed runs', async () => {
    for (const [name, start] of [['x', 3], ['y', 1], ['z', 2]] as const) await newRun(name, DEFAULT_EXPERIMENT_ID, start);
    await newRun('w', other, 9);
    const first = await searchRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID, other], orderBy: ['attributes.start_time ASC'], maxResults: 3 });
    expect(first.runs.map((r) => r.runName)).toEqual(['y', 'z', 'x']);
    const rest = await searchRuns(db, {
      experimentIds: [DEFAULT_EXPERIMENT_ID, other],
      orderBy: ['attributes.start_time ASC'],
      maxResults: 3,
      pageToken: first.nextPageToken,
    });
    expect(rest.runs.map((r) => r.runName)).toEqual(['w']);
    expect((await searchRuns(db, { experimentIds: [DEFAULT_EXPERIMENT_ID], filter: "attributes.run_name = 'z'" })).runs).toHaveLength(1);
  });
});
