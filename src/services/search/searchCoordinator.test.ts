/**
 * The search coordinator against a real (fake-indexeddb) store and a fake pool that plays the
 * workers: it creates each child run as the worker does (parent, tags), and the test decides how
 * each trial ends. Checks what the parent records, the parallel limit, failed trials, Stop, and
 * resuming from the stored state after the page went away.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import { resumeSearch, suggestNext, type SearchState } from '../../domain/search';
import type { TrainRequest } from '../../workers/train/protocol';
import type { TrainResult } from '../training/trainingPool';
import { SearchCoordinator, searchLockName, type SearchDeps, type SearchOutcome, type SearchPool } from './searchCoordinator';
import { parseStoredSearch, SEARCH_STATE_PATH, TAG_BEST_PARAMS, TAG_BEST_RUN_ID, TAG_SEARCH_TRIAL, TRIALS_CSV_PATH, type SearchRunRequest } from './searchPlan';

interface Call {
  request: TrainRequest;
  runId: RunId;
  done: boolean;
  resolve: (result: TrainResult) => void;
}

/** Plays the workers: each train() creates the child run as runTraining does, then waits for the test. */
class FakePool implements SearchPool {
  readonly calls: Call[] = [];
  readonly stopped: RunId[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private readonly client: TrackingClient;
  /** When set, each trial finishes by itself with this objective (or fails when it returns null). */
  private readonly auto: ((call: Call, index: number) => number | null) | undefined;

  constructor(client: TrackingClient, auto?: (call: Call, index: number) => number | null) {
    this.client = client;
    this.auto = auto;
  }

  async train(request: TrainRequest, onStarted?: (runId: RunId) => void): Promise<TrainResult> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const run = await this.client.createRun({
      experimentId: request.experimentId,
      runName: request.runName,
      ...(request.parentRunId ? { parentRunId: request.parentRunId } : {}),
      tags: request.tags,
    });
    await this.client.logParams(request.params, { runId: run.runId });
    onStarted?.(run.runId);
    return new Promise<TrainResult>((resolve) => {
      const call: Call = {
        request,
        runId: run.runId,
        done: false,
        resolve: (result) => {
          call.done = true;
          this.inFlight--;
          resolve(result);
        },
      };
      const index = this.calls.push(call) - 1;
      if (this.auto) {
        const value = this.auto(call, index);
        setTimeout(() => void (value === null ? this.fail(index, 'the recipe threw') : this.finish(index, value)), 0);
      }
    });
  }

  stop(runId: RunId): boolean {
    this.stopped.push(runId);
    const index = this.calls.findIndex((c) => c.runId === runId && !c.done);
    if (index === -1) return false;
    void this.client.endRun('KILLED', { runId }).then(() => this.calls[index]?.resolve({ runId, status: 'KILLED' }));
    return true;
  }

  async finish(index: number, objective: number): Promise<void> {
    const call = this.calls[index];
    if (!call || call.done) throw new Error(`no running call ${index}`);
    this.client.logMetric('test_accuracy', objective, { runId: call.runId });
    this.client.logMetric('train_accuracy', objective + 0.01, { runId: call.runId });
    // As autolog does: the model under model/, its MLmodel naming the run.
    await this.client.logText(`artifact_path: model\nflavors: {}\nrun_id: ${call.runId}\n`, 'model/MLmodel', { runId: call.runId });
    await this.client.logText(JSON.stringify({ trial: index }), 'model/data/model.json', { runId: call.runId });
    await this.client.logText(JSON.stringify({ mean: [index] }), 'preprocessing.json', { runId: call.runId });
    await this.client.endRun('FINISHED', { runId: call.runId });
    call.resolve({ runId: call.runId, status: 'FINISHED' });
  }

  async fail(index: number, error: string): Promise<void> {
    const call = this.calls[index];
    if (!call || call.done) throw new Error(`no running call ${index}`);
    await this.client.endRun('FAILED', { runId: call.runId });
    call.resolve({ runId: call.runId, status: 'FAILED', error });
  }

  running(): number[] {
    return this.calls.flatMap((c, i) => (c.done ? [] : [i]));
  }
}

let db: TrainyardDB;
let client: TrackingClient;
const clients: TrackingClient[] = [];

beforeEach(async () => {
  db = new TrainyardDB(`search-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db, flushIntervalMs: 5 });
  clients.push(client);
});

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close().catch(() => undefined);
  db.close();
  await new TrainyardDB(db.name).delete();
});

function coordinator(pool: SearchPool, on: TrackingClient = client, lock?: SearchDeps['lock']): SearchCoordinator {
  return new SearchCoordinator({ client: on, pool: () => pool, backend: () => 'cpu', experimentId: () => on.getActiveExperimentId(), ...(lock ? { lock } : {}) });
}

/** Web Locks as pages share them: a name is held by one holder until released. */
class FakeLocks {
  readonly held = new Set<string>();
  readonly lock = async (name: string): Promise<(() => void) | null> => {
    await Promise.resolve();
    if (this.held.has(name)) return null;
    this.held.add(name);
    return () => this.held.delete(name);
  };
}

function request(overrides: Partial<SearchRunRequest> = {}): SearchRunRequest {
  return {
    recipe: 'iris_logreg',
    space: [
      { name: 'learning_rate', type: 'loguniform', low: 1e-3, high: 1 },
      { name: 'epochs', type: 'int', low: 1, high: 5 },
    ],
    algorithm: 'random',
    objective: { metric: 'test_accuracy', direction: 'maximize' },
    maxTrials: 5,
    seed: 7,
    parallel: 2,
    fixedParams: { seed: 3 },
    ...overrides,
  };
}

async function storedState(parentRunId: RunId, on: TrackingClient = client): Promise<SearchState> {
  return parseStoredSearch(await (await on.downloadArtifact(parentRunId, SEARCH_STATE_PATH)).text()).state;
}

async function children(parentRunId: RunId) {
  return (await db.runs.toArray()).filter((r) => r.parentRunId === parentRunId);
}

describe('runSearch', () => {
  it('keeps at most `parallel` trials in flight and records every trial on the parent', async () => {
    const objectives = [0.5, 0.8, 0.6, 0.9, 0.7];
    const pool = new FakePool(client, (_call, i) => objectives[i] ?? 0);
    const outcome = await coordinator(pool).run(request());
    expect(outcome.status).toBe('FINISHED');
    expect(pool.calls).toHaveLength(5);
    expect(pool.maxInFlight).toBe(2);

    const parent = await client.getRun(outcome.parentRunId);
    expect(parent.status).toBe('FINISHED');
    expect(parent.tags['trainyard.search.algorithm']).toBe('random');
    expect(parent.params).toMatchObject({ algorithm: 'random', seed: '7', max_trials: '5', objective: 'test_accuracy', objective_direction: 'maximize' });
    expect(JSON.parse(parent.params.space ?? '')).toHaveLength(2);

    const kids = await children(outcome.parentRunId);
    expect(kids).toHaveLength(5);
    for (const kid of kids) {
      expect(kid.tags['mlflow.parentRunId']).toBe(outcome.parentRunId);
      expect(kid.experimentId).toBe(parent.experimentId);
      expect(kid.params.seed).toBe('3'); // fixed param
      expect(Number(kid.params.learning_rate)).toBeGreaterThanOrEqual(1e-3);
    }
    // Each trial's params: the suggestion merged over the defaults and fixed params.
    const call0 = pool.calls[0]!.request;
    expect(call0.params).toMatchObject({ test_fraction: 0.25, seed: 3 });
    expect(call0.tags).toEqual({ [TAG_SEARCH_TRIAL]: '0' });

    const history = await client.getMetricHistory(outcome.parentRunId, 'best_test_accuracy');
    expect(history.map((p) => [p.step, p.value])).toEqual([[0, 0.5], [1, 0.8], [2, 0.8], [3, 0.9], [4, 0.9]].map(([s, v]) => [s, expect.closeTo(v!, 6)]));
    const best = outcome.state.trials[3]!;
    expect(parent.tags[TAG_BEST_RUN_ID]).toBe(best.runId);
    expect(JSON.parse(parent.tags[TAG_BEST_PARAMS] ?? '')).toEqual(best.params);

    const csv = await (await client.downloadArtifact(outcome.parentRunId, TRIALS_CSV_PATH)).text();
    expect(csv.split('\r\n')[0]).toBe('trial,status,run_id,learning_rate,epochs,test_accuracy,best_so_far,error');
    expect(csv.trim().split('\r\n')).toHaveLength(6);
    expect((await storedState(outcome.parentRunId)).trials.map((t) => t.status)).toEqual(Array(5).fill('completed'));

    // The best trial's model and split metrics are kept on the parent; its MLmodel names the parent.
    expect(parent.metrics.test_accuracy?.latest.value).toBeCloseTo(0.9, 6);
    expect(parent.metrics.train_accuracy?.latest.value).toBeCloseTo(0.91, 6);
    const files = await client.listArtifacts(outcome.parentRunId, 'model');
    expect(files.map((f) => f.path).sort()).toEqual(['model/MLmodel', 'model/data']);
    expect(await (await client.downloadArtifact(outcome.parentRunId, 'model/data/model.json')).text()).toBe(JSON.stringify({ trial: 3 }));
    const mlmodel = await (await client.downloadArtifact(outcome.parentRunId, 'model/MLmodel')).text();
    expect(mlmodel).toBe(`artifact_path: model\nflavors: {}\nrun_id: ${outcome.parentRunId}\n`);
    // With the preprocessing the model predicts through.
    expect(await (await client.downloadArtifact(outcome.parentRunId, 'preprocessing.json')).text()).toBe(JSON.stringify({ mean: [3] }));
  });

  it('keeps no model when no trial completed, and the search still finishes', async () => {
    const pool = new FakePool(client, () => null);
    const outcome = await coordinator(pool).run(request({ maxTrials: 2 }));
    expect(outcome.status).toBe('FINISHED');
    expect(await client.listArtifacts(outcome.parentRunId, 'model')).toEqual([]);
  });

  it('logs the running best by trial index, in order, when parallel trials end out of order', async () => {
    const pool = new FakePool(client);
    const { parentRunId, done } = await coordinator(pool).start(request({ maxTrials: 3, objective: { metric: 'test_accuracy', direction: 'minimize' } }));
    await vi.waitFor(() => expect(pool.running()).toEqual([0, 1]));
    await pool.finish(1, 0.2);
    await vi.waitFor(() => expect(pool.running()).toEqual([0, 2]));
    await pool.finish(2, 0.1);
    await vi.waitFor(async () => expect((await storedState(parentRunId)).trials[2]?.status).toBe('completed'));
    await client.flush();
    // Trial 0 still runs: nothing can be said yet about the best up to trial 0.
    expect(await client.getMetricHistory(parentRunId, 'best_test_accuracy')).toEqual([]);
    expect((await client.getRun(parentRunId)).tags[TAG_BEST_RUN_ID]).toBe(pool.calls[2]!.runId);
    await pool.finish(0, 0.3);
    await done;
    const history = await client.getMetricHistory(parentRunId, 'best_test_accuracy');
    expect(history.map((p) => [p.step, p.value])).toEqual([[0, 0.3], [1, 0.2], [2, 0.1]].map(([s, v]) => [s, expect.closeTo(v!, 6)]));
  });

  it('records a failed trial and goes on to the end of the budget', async () => {
    const pool = new FakePool(client, (_call, i) => (i === 1 ? null : 0.5 + i / 10));
    const outcome = await coordinator(pool).run(request({ parallel: 1, maxTrials: 4 }));
    expect(outcome.status).toBe('FINISHED');
    expect(outcome.state.trials.map((t) => t.status)).toEqual(['completed', 'failed', 'completed', 'completed']);
    expect(outcome.state.trials[1]!.error).toBe('the recipe threw');
    const history = await client.getMetricHistory(outcome.parentRunId, 'best_test_accuracy');
    // After every trial, failed ones included, the running best.
    expect(history.map((p) => [p.step, p.value])).toEqual([[0, 0.5], [1, 0.5], [2, 0.7], [3, 0.8]].map(([s, v]) => [s, expect.closeTo(v!, 6)]));
    const csv = await (await client.downloadArtifact(outcome.parentRunId, TRIALS_CSV_PATH)).text();
    expect(csv).toContain('failed');
  });

  it('counts a finished trial without the objective metric as failed, naming what it logged', async () => {
    const pool = new FakePool(client, () => 0.5);
    const outcome = await coordinator(pool).run(request({ parallel: 1, maxTrials: 2, objective: { metric: 'test_loss', direction: 'minimize' } }));
    expect(outcome.state.trials.map((t) => t.status)).toEqual(['failed', 'failed']);
    expect(outcome.state.trials[0]!.error).toContain('"test_loss"');
    expect(outcome.state.trials[0]!.error).toContain('test_accuracy');
  });

  it('rejects bad input naming the field, and creates no run', async () => {
    const pool = new FakePool(client);
    const search = coordinator(pool);
    await expect(search.run(request({ recipe: 'irs' }))).rejects.toThrow(/recipe: unknown recipe "irs"/);
    await expect(search.run(request({ space: [{ name: 'learning_rat', type: 'loguniform', low: 1e-3, high: 1 }] }))).rejects.toThrow(/space\.learning_rat: .*learning_rate/);
    await expect(search.run(request({ space: [{ name: 'learning_rate', type: 'uniform', low: 0, high: 1 }] }))).rejects.toThrow(/space\.learning_rate: .*at least/);
    await expect(search.run(request({ parallel: 0 }))).rejects.toThrow(/parallel must be an integer/);
    await expect(search.run(request({ maxTrials: 0 }))).rejects.toThrow(/maxTrials must be/);
    await expect(search.run(request({ fixedParams: { epochs: -1 } }))).rejects.toThrow(/fixedParams\.epochs/);
    expect(await db.runs.count()).toBe(0);
    expect(pool.calls).toHaveLength(0);
  });

  it('stops: no new trials, the running ones are stopped and end KILLED, then the parent', async () => {
    const pool = new FakePool(client);
    const search = coordinator(pool);
    const { parentRunId, done } = await search.start(request({ maxTrials: 6 }));
    await vi.waitFor(() => expect(pool.running()).toHaveLength(2));
    await pool.finish(0, 0.7);
    await vi.waitFor(() => expect(pool.running()).toEqual([1, 2]));
    expect(search.stop(parentRunId)).toBe(true);
    const outcome: SearchOutcome = await done;
    expect(outcome.status).toBe('KILLED');
    expect(pool.calls).toHaveLength(3);
    expect(pool.stopped).toEqual([pool.calls[1]!.runId, pool.calls[2]!.runId]);
    expect(outcome.state.trials.map((t) => t.status)).toEqual(['completed', 'killed', 'killed']);
    expect((await client.getRun(parentRunId)).status).toBe('KILLED');
    expect((await storedState(parentRunId)).stopped).toBe(true);
    for (const kid of await children(parentRunId)) expect(kid.status).toBe(kid.runId === pool.calls[0]!.runId ? 'FINISHED' : 'KILLED');
    expect(search.stop(parentRunId)).toBe(false); // ended: nothing left to stop
  });
});

describe('resume', () => {
  it('goes on from the stored state after the page went away, with the same next suggestion', async () => {
    // Page 1 runs two trials; the first finishes, then the page goes away with the second running.
    const pool1 = new FakePool(client);
    const { parentRunId } = await coordinator(pool1).start(request({ algorithm: { name: 'tpe', nStartupJobs: 1 }, parallel: 1, maxTrials: 4 }));
    await vi.waitFor(() => expect(pool1.running()).toEqual([0]));
    await pool1.finish(0, 0.6);
    await vi.waitFor(() => expect(pool1.running()).toEqual([1]));
    await vi.waitFor(async () => expect((await storedState(parentRunId)).trials[1]?.runId).toBe(pool1.calls[1]!.runId));
    await client.close(); // stops its heartbeats, as a closed tab does
    const before = await storedState(parentRunId);
    const expected = suggestNext(resumeSearch(before));
    if (!expected.ok) throw new Error('expected a suggestion');

    // Page 2: a new client (the old one's heartbeat is stale by its clock) resumes.
    const page2 = new TrackingClient({ db, flushIntervalMs: 5, now: () => Date.now() + 120_000 });
    clients.push(page2);
    const pool2 = new FakePool(page2);
    const search2 = coordinator(pool2, page2);
    const outcome = search2.resume(parentRunId);
    await vi.waitFor(() => expect(pool2.running()).toEqual([0]));
    expect((await page2.getRun(parentRunId)).status).toBe('RUNNING');
    expect((await page2.getRun(pool1.calls[1]!.runId)).status).toBe('KILLED');
    // The interrupted trial doesn't count: trial 2 is the same suggestion the stored state gives.
    expect(pool2.calls[0]!.request.tags).toEqual({ [TAG_SEARCH_TRIAL]: '2' });
    expect(pool2.calls[0]!.request.params).toMatchObject(expected.trial.params);
    expect(pool2.calls[0]!.request.parentRunId).toBe(parentRunId);
    await pool2.finish(0, 0.9);
    await vi.waitFor(() => expect(pool2.running()).toEqual([1]));
    await pool2.finish(1, 0.1);
    // The killed trial doesn't count against maxTrials (4): one more.
    await vi.waitFor(() => expect(pool2.running()).toEqual([2]));
    await pool2.finish(2, 0.2);
    const done = await outcome;
    expect(done.status).toBe('FINISHED');
    expect(pool2.calls).toHaveLength(3);
    expect(done.state.trials.map((t) => t.status)).toEqual(['completed', 'killed', 'completed', 'completed', 'completed']);
    const parent = await page2.getRun(parentRunId);
    expect(parent.status).toBe('FINISHED');
    expect(parent.tags['trainyard.killedReason']).toBeUndefined();
    expect(parent.tags[TAG_BEST_RUN_ID]).toBe(pool2.calls[0]!.runId);
    const history = await page2.getMetricHistory(parentRunId, 'best_test_accuracy');
    expect(history.map((p) => [p.step, p.value])).toEqual([[0, 0.6], [2, 0.9], [3, 0.9], [4, 0.9]].map(([s, v]) => [s, expect.closeTo(v!, 6)]));
    // Finished searches are not resumed again.
    await expect(search2.resume(parentRunId)).rejects.toThrow(/ended \(FINISHED\)/);
    expect(await search2.resumeInterrupted()).toEqual([]);
  });

  it('resumeInterrupted finds interrupted searches and leaves stopped ones', async () => {
    const pool1 = new FakePool(client);
    const search1 = coordinator(pool1);
    const stopped = await search1.start(request({ parallel: 1, maxTrials: 3 }));
    await vi.waitFor(() => expect(pool1.running()).toEqual([0]));
    search1.stop(stopped.parentRunId);
    await stopped.done;
    const interrupted = await search1.start(request({ parallel: 1, maxTrials: 2 }));
    await vi.waitFor(() => expect(pool1.running()).toEqual([1]));
    await vi.waitFor(async () => expect((await storedState(interrupted.parentRunId)).trials[0]?.runId).toBeDefined());
    await client.close();

    const page2 = new TrackingClient({ db, flushIntervalMs: 5, now: () => Date.now() + 120_000 });
    clients.push(page2);
    const pool2 = new FakePool(page2, () => 0.5);
    const outcomes: Promise<SearchOutcome>[] = [];
    const resumed = await coordinator(pool2, page2).resumeInterrupted({ onOutcome: (o) => outcomes.push(o) });
    expect(resumed).toEqual([interrupted.parentRunId]);
    const [outcome] = await Promise.all(outcomes);
    expect(outcome?.status).toBe('FINISHED');
    // The interrupted trial doesn't count against maxTrials (2): two more ran.
    expect(outcome?.state.trials.map((t) => t.status)).toEqual(['killed', 'completed', 'completed']);
    expect((await page2.getRun(stopped.parentRunId)).status).toBe('KILLED');
  });

  it('two pages resuming at once: only the one holding the search lock resumes it', async () => {
    const pool1 = new FakePool(client);
    const { parentRunId } = await coordinator(pool1).start(request({ parallel: 1, maxTrials: 2 }));
    await vi.waitFor(() => expect(pool1.running()).toEqual([0]));
    await vi.waitFor(async () => expect((await storedState(parentRunId)).trials[0]?.runId).toBeDefined());
    await client.close();

    const locks = new FakeLocks();
    const pages = [0, 1].map(() => {
      const page = new TrackingClient({ db, flushIntervalMs: 5, now: () => Date.now() + 120_000 });
      clients.push(page);
      const pool = new FakePool(page, () => 0.5);
      return { pool, search: coordinator(pool, page, locks.lock), outcomes: [] as Promise<SearchOutcome>[] };
    });
    const [a, b] = pages as [(typeof pages)[0], (typeof pages)[0]];
    const resumed = await Promise.all([a, b].map((p) => p.search.resumeInterrupted({ onOutcome: (o) => p.outcomes.push(o) })));
    expect(resumed.flat()).toEqual([parentRunId]);
    expect(locks.held.has(searchLockName(parentRunId))).toBe(true);
    const [winner, loser] = resumed[0]!.length === 1 ? [a, b] : [b, a];
    await expect(loser.search.resume(parentRunId)).rejects.toThrow(/running in another tab/);
    expect((await Promise.all(winner.outcomes)).map((o) => o.status)).toEqual(['FINISHED']);
    expect(loser.pool.calls).toHaveLength(0);
    expect(winner.pool.calls).toHaveLength(2);
    // Ended: the lock is free again.
    expect(locks.held.size).toBe(0);
  });
});
