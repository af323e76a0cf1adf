import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejectionOf as rejection, thrownTrackingError as thrown } from '../test/expectErrors';
import { TrackingError } from '../domain/errors';
import { DEFAULT_EXPERIMENT_ID, type RunId } from '../domain/ids';
import type { ParamValue } from '../domain/tracking/types';
import { createRun as storeCreateRun, getRunRow } from './runStore';
import { TrainyardDB } from './schema';
import { STALE_HEARTBEAT_MS } from './orphanSweep';
import { TrackingClient, type TrackingClientOptions } from './trackingClient';
import { bundlesOf } from '../test/testServices';

let db: TrainyardDB;
let clients: TrackingClient[];
/** The injected clock: tests move it by hand. */
let clock: number;

beforeEach(async () => {
  db = new TrainyardDB(`t-${crypto.randomUUID()}`);
  await db.open();
  clients = [];
  clock = 1_000_000;
});

afterEach(async () => {
  for (const client of clients) {
    try {
      await client.close();
    } catch {
      // A test may leave a failed write behind on purpose; closing still stops the timers.
    }
  }
  await db.delete();
});

/** A client on this test's database; by default it never flushes on its own during a test. */
function makeClient(options: Partial<TrackingClientOptions> = {}): TrackingClient {
  const client = new TrackingClient({ db, userId: 'tester', now: () => clock, flushIntervalMs: 60_000, ...options });
  clients.push(client);
  return client;
}

async function storedValues(runId: RunId, key: string): Promise<number[]> {
  const chunks = await db.metricChunks.where('runId').equals(runId).toArray();
  return chunks
    .filter((c) => c.key === key)
    .sort((a, b) => a.seq - b.seq)
    .flatMap((c) => Array.from(c.values));
}

describe('startRun and endRun', () => {
  it('should start a RUNNING run in the Default experiment and make it active', async () => {
    const client = makeClient();
    const run = await client.startRun({ runName: 'first', tags: { k: 'v' }, description: 'notes' });
    expect(client.activeRunId()).toBe(run.runId);
    expect(run).toMatchObject({
      experimentId: DEFAULT_EXPERIMENT_ID,
      runName: 'first',
      status: 'RUNNING',
      startTime: clock,
      userId: 'tester',
      parentRunId: null,
    });
    expect(run.tags).toMatchObject({ k: 'v', 'mlflow.note.content': 'notes', 'mlflow.user': 'tester', 'mlflow.runName': 'first' });
    expect((await getRunRow(db, run.runId)).writerId).toBe(client.writerId);
  });

  it('should refuse a second non-nested run, mentioning nested runs, and create nothing', async () => {
    const client = makeClient();
    const run = await client.startRun();
    const error = await rejection(client.startRun());
    expect(error).toBeInstanceOf(TrackingError);
    expect(error.message).toContain(run.runId);
    expect(error.message).toContain('nested');
    expect(await db.runs.count()).toBe(1);
    expect(client.activeRunId()).toBe(run.runId);
  });

  it('should nest a run under the active one and end runs in stack order', async () => {
    const client = makeClient();
    const parent = await client.startRun({ runName: 'parent' });
    clock += 10;
    const child = await client.startRun({ runName: 'child', nested: true });
    expect(child.parentRunId).toBe(parent.runId);
    expect(child.tags['mlflow.parentRunId']).toBe(parent.runId);
    expect(client.activeRunId()).toBe(child.runId);

    clock += 100;
    await client.endRun();
    expect(await client.getRun(child.runId)).toMatchObject({ status: 'FINISHED', endTime: clock });
    expect((await client.getRun(parent.runId)).status).toBe('RUNNING');
    expect(client.activeRunId()).toBe(parent.runId);

    clock += 100;
    await client.endRun('FAILED');
    expect(await client.getRun(parent.runId)).toMatchObject({ status: 'FAILED', endTime: clock });
    expect(client.activeRunId()).toBeNull();
    expect((await getRunRow(db, parent.runId)).heartbeatAt).toBeNull();
  });

  it('should reject endRun without an active run and with a non-terminal status', async () => {
    const client = makeClient();
    expect((await rejection(client.endRun())).message).toContain('no active run');
    const run = await client.startRun();
    expect((await rejection(client.endRun('RUNNING'))).message).toContain('"RUNNING"');
    expect((await client.getRun(run.runId)).status).toBe('RUNNING');
    expect(client.activeRunId()).toBe(run.runId);
  });

  it('should end a run given by id that is not the active one', async () => {
    const client = makeClient();
    const other = await client.createRun({ runName: 'side' });
    const active = await client.startRun();
    await client.endRun('KILLED', { runId: other.runId });
    expect((await client.getRun(other.runId)).status).toBe('KILLED');
    expect(client.activeRunId()).toBe(active.runId);
  });

  it('should require an active run or a runId to log', () => {
    const client = makeClient();
    expect(thrown(() => client.logMetric('m', 1)).message).toContain('No active run');
  });
});

describe('createRun startTime and endRun endTime (MlflowClient.create_run, set_terminated)', () => {
  /** Long before the injected clock (1,000,000): far older than STALE_HEARTBEAT_MS. */
  const past = 1_000;

  it('should create a run with the given start time and end it at the given end time', async () => {
    const client = makeClient();
    const run = await client.createRun({ runName: 'after the fact', startTime: 500_000 });
    expect(run.startTime).toBe(500_000);
    expect(client.activeRunId()).toBeNull();
    await client.endRun('FINISHED', { runId: run.runId, endTime: 700_000 });
    expect(await client.getRun(run.runId)).toMatchObject({ status: 'FINISHED', startTime: 500_000, endTime: 700_000 });
    expect((await getRunRow(db, run.runId)).heartbeatAt).toBeNull();
  });

  it('should default both times to now, and accept 0 and an end equal to the start', async () => {
    const client = makeClient();
    const run = await client.createRun();
    expect(run.startTime).toBe(clock);
    const epoch = await client.createRun({ startTime: 0 });
    expect(epoch.startTime).toBe(0);
    await client.endRun('KILLED', { runId: epoch.runId, endTime: 0 });
    expect((await client.getRun(epoch.runId)).endTime).toBe(0);
    clock += 5;
    await client.endRun('FINISHED', { runId: run.runId });
    expect((await client.getRun(run.runId)).endTime).toBe(clock);
  });

  it('should treat null as not given, like Python None', async () => {
    const client = makeClient();
    const run = await client.createRun({ startTime: null as unknown as number });
    expect(run.startTime).toBe(clock);
    await client.endRun('FINISHED', { runId: run.runId, endTime: null as unknown as number });
    expect((await client.getRun(run.runId)).endTime).toBe(clock);
  });

  it('should start the heartbeat now, not at a past start time, so the orphan sweep keeps the run', async () => {
    const writer = makeClient();
    const run = await writer.createRun({ startTime: past });
    expect((await getRunRow(db, run.runId)).heartbeatAt).toBe(clock);
    // Another client, which can't tell whether `writer` is alive (no Web Locks in Node), goes by the heartbeat.
    const sweeper = makeClient();
    expect(await sweeper.killOrphanedRuns()).toEqual([]);
    expect((await sweeper.getRun(run.runId)).status).toBe('RUNNING');
    const created = clock;
    clock += STALE_HEARTBEAT_MS + 1;
    expect(await sweeper.killOrphanedRuns()).toEqual([run.runId]);
    expect(await sweeper.getRun(run.runId)).toMatchObject({ status: 'KILLED', startTime: past, endTime: created });
  });

  it.each<[string, unknown, string]>([
    ['a negative time', -1, 'got -1'],
    ['a fraction', 1.5, 'got 1.5'],
    ['NaN', Number.NaN, 'got NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, 'got Infinity'],
    ['a number as text', '1700000000000', 'got "1700000000000"'],
    ['a Date', new Date(0), 'got an object'],
  ])('should refuse %s as startTime, naming the argument, and create nothing', async (_label, startTime, got) => {
    const client = makeClient();
    const error = await rejection(client.createRun({ startTime: startTime as number }));
    expect(error).toBeInstanceOf(TrackingError);
    expect((error as TrackingError).code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('Invalid startTime');
    expect(error.message).toContain(got);
    expect(await db.runs.count()).toBe(0);
  });

  it.each<[string, unknown, string]>([
    ['a negative time', -5, 'Invalid endTime: expected whole milliseconds'],
    ['a fraction', 10.25, 'Invalid endTime: expected whole milliseconds'],
    ['a time before the start', 999_999, "Invalid endTime 999999: it is before the run's start time (1000000)"],
  ])('should refuse %s as endTime and leave the run running and active', async (_label, endTime, message) => {
    const client = makeClient();
    const run = await client.startRun();
    client.logMetric('loss', 1);
    const error = await rejection(client.endRun('FINISHED', { endTime: endTime as number }));
    expect((error as TrackingError).code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(message);
    expect(await client.getRun(run.runId)).toMatchObject({ status: 'RUNNING', endTime: null });
    expect(client.activeRunId()).toBe(run.runId);
    await client.endRun('FINISHED', { endTime: clock });
    expect(await client.getRun(run.runId)).toMatchObject({ status: 'FINISHED', endTime: clock });
    expect(await storedValues(run.runId, 'loss')).toEqual([1]);
  });

  it('should check the tags of endRun before changing anything', async () => {
    const client = makeClient();
    const run = await client.startRun();
    const error = await rejection(client.endRun('FAILED', { tags: { 'bad:key': 'x' } }));
    expect(error.message).toContain('Invalid tag key "bad:key"');
    expect((await client.getRun(run.runId)).status).toBe('RUNNING');
    expect(client.activeRunId()).toBe(run.runId);
  });

  it('should refuse an endTime for a run that does not exist, naming it', async () => {
    const client = makeClient();
    const error = await rejection(client.endRun('FINISHED', { runId: 'f'.repeat(32) as RunId, endTime: clock }));
    expect((error as TrackingError).code).toBe('RESOURCE_DOES_NOT_EXIST');
  });
});

describe('logMetric', () => {
  it('should buffer points until flush', async () => {
    const client = makeClient();
    const run = await client.startRun();
    client.logMetric('loss', 0.5, { step: 0 });
    client.logMetric('loss', 0.4, { step: 1 });
    expect(await db.metricChunks.count()).toBe(0);
    expect((await getRunRow(db, run.runId)).metrics).toEqual({});
    await client.flush();
    expect(await storedValues(run.runId, 'loss')).toEqual([0.5, 0.4]);
    expect((await getRunRow(db, run.runId)).metrics.loss).toEqual({
      key: 'loss',
      latest: { value: 0.4, step: 1, timestamp: clock },
      min: 0.4,
      max: 0.5,
      count: 2,
    });
  });

  it('should write every point of a loop when the run ends', async () => {
    const client = makeClient();
    const run = await client.startRun();
    const expected: number[] = [];
    for (let step = 0; step < 5000; step++) {
      const value = step % 100 === 0 ? Number.NaN : 1 / (step + 1);
      expected.push(value);
      client.logMetric('loss', value, { step, timestamp: 1000 + step });
      client.logMetrics({ acc: step / 5000, lr: 0.01 }, { step });
    }
    await client.endRun();
    expect(await storedValues(run.runId, 'loss')).toEqual(expected);
    expect(await storedValues(run.runId, 'acc')).toHaveLength(5000);
    const finished = await client.getRun(run.runId);
    expect(finished.status).toBe('FINISHED');
    expect(finished.metrics.loss).toMatchObject({ count: 5000, latest: { step: 4999, timestamp: 5999, value: 1 / 5000 } });
    expect(finished.metrics.acc?.latest.value).toBe(4999 / 5000);
  });

  it('should flush on its own when the buffer reaches maxBufferedPoints', async () => {
    const client = makeClient({ maxBufferedPoints: 10 });
    const run = await client.startRun();
    for (let i = 0; i < 9; i++) client.logMetric('m', i, { step: i });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await db.metricChunks.count()).toBe(0);
    client.logMetric('m', 9, { step: 9 });
    await vi.waitFor(async () => {
      expect(await storedValues(run.runId, 'm')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });
  });

  it('should flush on its own after flushIntervalMs', async () => {
    const client = makeClient({ flushIntervalMs: 10 });
    const run = await client.startRun();
    client.logMetric('m', 42);
    await vi.waitFor(async () => {
      expect(await storedValues(run.runId, 'm')).toEqual([42]);
    });
    expect((await getRunRow(db, run.runId)).metrics.m?.latest).toEqual({ value: 42, step: 0, timestamp: clock });
  });

  it('should default the step to 0 and the timestamp to now', async () => {
    const client = makeClient();
    const run = await client.startRun();
    client.logMetric('m', 1);
    expect(await client.getMetricHistory(run.runId, 'm')).toEqual([{ key: 'm', value: 1, step: 0, timestamp: clock }]);
  });

  it.each([
    ['a bad key', 'bad:key', 1, {}, 'metric key "bad:key"'],
    ['an empty key', '', 1, {}, 'metric key'],
    ['a string value', 'm', '0.5', {}, 'metric "m"'],
    ['a boolean value', 'm', true, {}, 'metric "m"'],
    ['a float step', 'm', 1, { step: 1.5 }, 'step for metric "m"'],
    ['a negative timestamp', 'm', 1, { timestamp: -1 }, 'timestamp for metric "m"'],
  ])('should throw synchronously for %s and buffer nothing', async (_label, key, value, options, message) => {
    const client = makeClient();
    const run = await client.startRun();
    const error = thrown(() => client.logMetric(key, value as number, options));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(message);
    await client.flush();
    expect(await db.metricChunks.count()).toBe(0);
    expect((await getRunRow(db, run.runId)).metrics).toEqual({});
  });

  it('should reject the flush, naming the run, when the run was deleted in between', async () => {
    const client = makeClient();
    const listener = vi.fn();
    client.onError(listener);
    const run = await client.startRun({ runName: 'doomed' });
    client.logMetric('m', 1);
    await client.deleteRun(run.runId);
    const error = await rejection(client.flush());
    expect(error).toBeInstanceOf(TrackingError);
    expect(error.message).toContain('"doomed"');
    expect(error.message).toContain(run.runId);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener).toHaveBeenCalledWith(error, run.runId);
    expect(await db.metricChunks.count()).toBe(0);
    // The failure is reported once; the next flush is clean.
    await client.flush();
  });

  it('should report a failure met by an automatic flush at the next flush', async () => {
    const client = makeClient({ flushIntervalMs: 5 });
    const errors: RunId[] = [];
    client.onError((_error, runId) => errors.push(runId));
    const run = await client.startRun();
    await client.deleteRun(run.runId);
    client.logMetric('m', 1);
    await vi.waitFor(() => expect(errors).toEqual([run.runId]));
    expect((await rejection(client.flush())).message).toContain(run.runId);
  });

  it('should still write the other runs when one run of a flush fails', async () => {
    const client = makeClient();
    const good = await client.createRun();
    const bad = await client.createRun();
    client.logMetric('m', 1, { runId: good.runId });
    client.logMetric('m', 2, { runId: bad.runId });
    await client.deleteRun(bad.runId);
    expect((await rejection(client.flush())).message).toContain(bad.runId);
    expect(await storedValues(good.runId, 'm')).toEqual([1]);
    expect(await storedValues(bad.runId, 'm')).toEqual([]);
  });

  it('should stop notifying a listener after it unsubscribes', async () => {
    const client = makeClient();
    const listener = vi.fn();
    const unsubscribe = client.onError(listener);
    unsubscribe();
    const run = await client.startRun();
    await client.deleteRun(run.runId);
    client.logMetric('m', 1);
    await rejection(client.flush());
    expect(listener).not.toHaveBeenCalled();
  });

  // A listener is user code: if it throws, flush() must still report the write's own error, and
  // the client must keep writing later points.
  it("should reject flush with the run's error even when an onError listener throws", async () => {
    const client = makeClient();
    client.onError(() => {
      throw new Error('listener bug');
    });
    const doomed = await client.createRun();
    client.logMetric('m', 1, { runId: doomed.runId });
    await client.deleteRun(doomed.runId);
    const error = await rejection(client.flush());
    expect(error.message).toContain(doomed.runId);
  });

  it('should keep writing after an onError listener throws', async () => {
    const client = makeClient();
    client.onError(() => {
      throw new Error('listener bug');
    });
    const doomed = await client.createRun();
    const good = await client.createRun();
    client.logMetric('m', 1, { runId: doomed.runId });
    await client.deleteRun(doomed.runId);
    await rejection(client.flush());
    client.logMetric('m', 2, { runId: good.runId });
    await client.flush();
    expect(await storedValues(good.runId, 'm')).toEqual([2]);
  });

  it('should include points whose automatic flush is still in flight when reading a history', async () => {
    const client = makeClient({ maxBufferedPoints: 5 });
    const run = await client.startRun();
    for (let i = 0; i < 5; i++) client.logMetric('m', i, { step: i });
    // Let the automatic flush take the buffer; its write is now in flight.
    await Promise.resolve();
    const history = await client.getMetricHistory(run.runId, 'm');
    // The points do reach the store…
    await vi.waitFor(async () => expect(await storedValues(run.runId, 'm')).toEqual([0, 1, 2, 3, 4]));
    // …but the read that was asked for after logging them must see them too.
    expect(history.map((p) => p.value)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('getMetricHistory', () => {
  it('should return MetricPoint objects in logged order, flushing buffered points first', async () => {
    const client = makeClient();
    const run = await client.startRun();
    client.logMetric('acc', 0.2, { step: 5, timestamp: 10 });
    client.logMetric('acc', 0.1, { step: 1, timestamp: 20 });
    client.logMetric('acc', Number.NEGATIVE_INFINITY, { step: 3, timestamp: 30 });
    expect(await client.getMetricHistory(run.runId, 'acc')).toEqual([
      { key: 'acc', value: 0.2, step: 5, timestamp: 10 },
      { key: 'acc', value: 0.1, step: 1, timestamp: 20 },
      { key: 'acc', value: Number.NEGATIVE_INFINITY, step: 3, timestamp: 30 },
    ]);
    expect((await client.getRun(run.runId)).metrics.acc?.latest).toEqual({ value: 0.2, step: 5, timestamp: 10 });
    const columns = await client.getMetricColumns(run.runId, 'acc');
    expect(Array.from(columns.steps)).toEqual([5, 1, 3]);
  });

  it('should return [] for a key never logged', async () => {
    const client = makeClient();
    const run = await client.startRun();
    expect(await client.getMetricHistory(run.runId, 'nothing')).toEqual([]);
  });
});

describe('logParam and setTag', () => {
  it.each([
    ['a string', 'adam', 'adam'],
    ['a number', 0.001, '0.001'],
    ['true', true, 'True'],
    ['null', null, 'None'],
  ])('should store %s as MLflow would', async (_label, value, expected) => {
    const client = makeClient();
    const run = await client.startRun();
    await client.logParam('p', value as ParamValue);
    expect((await client.getRun(run.runId)).params.p).toBe(expected);
  });

  it('should accept the same value again and reject a different one naming both', async () => {
    const client = makeClient();
    const run = await client.startRun();
    await client.logParam('lr', 0.1);
    await client.logParam('lr', '0.1');
    const error = await rejection(client.logParam('lr', 0.2));
    expect(error).toBeInstanceOf(TrackingError);
    expect(error instanceof TrackingError ? error.code : undefined).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain('"0.1"');
    expect(error.message).toContain('"0.2"');
    expect((await client.getRun(run.runId)).params).toEqual({ lr: '0.1' });
  });

  it('should write all params of logParams or none', async () => {
    const client = makeClient();
    const run = await client.startRun();
    await client.logParam('a', 1);
    await rejection(client.logParams({ b: 2, a: 3 }));
    expect((await client.getRun(run.runId)).params).toEqual({ a: '1' });
  });

  it('should reject a param path clash and an invalid key', async () => {
    const client = makeClient();
    await client.startRun();
    await client.logParam('opt', 'adam');
    expect((await rejection(client.logParam('opt/lr', 1))).message).toContain('clashes');
    expect((await rejection(client.logParam('a:b', 1))).message).toContain('param key "a:b"');
  });

  it('should overwrite tags and delete them', async () => {
    const client = makeClient();
    const run = await client.startRun();
    await client.setTag('stage', 'dev');
    await client.setTags({ stage: 'prod', owner: 'me' });
    expect((await client.getRun(run.runId)).tags).toMatchObject({ stage: 'prod', owner: 'me' });
    await client.deleteTag('stage');
    expect((await client.getRun(run.runId)).tags.stage).toBeUndefined();
    expect((await rejection(client.setTag('t', 'x'.repeat(5001)))).message).toContain('Tag "t"');
  });

  it('should rename a run through its mlflow.runName tag', async () => {
    const client = makeClient();
    const run = await client.startRun({ runName: 'a' });
    await client.setRunName(run.runId, 'b');
    expect((await client.getRun(run.runId)).runName).toBe('b');
  });
});

describe('artifacts', () => {
  async function stored(client: TrackingClient, runId: RunId, path: string): Promise<{ text: string; type: string }> {
    const blob = await client.downloadArtifact(runId, path);
    return { text: await blob.text(), type: blob.type };
  }

  it.each([
    ['text without an extension as text/plain', 'hello', 'notes', 'hello', 'text/plain'],
    ['text at a .json path as application/json', '{"a":1}', 'data.json', '{"a":1}', 'application/json'],
    ['text at a .csv path as text/csv', 'a,b\n1,2', 'table.csv', 'a,b\n1,2', 'text/csv'],
    ['text at an .html path as text/plain', '<b>x</b>', 'page.html', '<b>x</b>', 'text/plain'],
    ['an object as JSON', { lr: 0.1, layers: [1, 2] }, 'config.yaml', JSON.stringify({ lr: 0.1, layers: [1, 2] }, null, 2), 'application/json'],
    ['an array as JSON', [1, 'two'], 'list.json', JSON.stringify([1, 'two'], null, 2), 'application/json'],
    ['a typed Blob as is', new Blob(['png?'], { type: 'image/png' }), 'img/plot.png', 'png?', 'image/png'],
    ['an untyped Blob by its extension', new Blob(['k: v']), 'conf.yml', 'k: v', 'application/yaml'],
  ])('should store %s', async (_label, content, path, text, type) => {
    const client = makeClient();
    const run = await client.startRun();
    await client.logArtifact(content, path);
    expect(await stored(client, run.runId, path)).toEqual({ text, type });
  });

  it('should store bytes exactly', async () => {
    const client = makeClient();
    const run = await client.startRun();
    const bytes = new Uint8Array([0, 1, 2, 254, 255]);
    await client.logArtifact(bytes.subarray(1, 4), 'w.bin');
    const blob = await client.downloadArtifact(run.runId, 'w.bin');
    expect(blob.type).toBe('application/octet-stream');
    expect(Array.from(new Uint8Array(await blob.arrayBuffer()))).toEqual([1, 2, 254]);
  });

  it("should store a File under its own name by default", async () => {
    const client = makeClient();
    const run = await client.startRun();
    await client.logArtifact(new File(['col\n1'], 'results.csv', { type: 'text/csv' }));
    expect(await stored(client, run.runId, 'results.csv')).toEqual({ text: 'col\n1', type: 'text/csv' });
    await client.logArtifact(new File(['x'], 'ignored.txt'), 'renamed/file.txt');
    expect((await stored(client, run.runId, 'renamed/file.txt')).text).toBe('x');
  });

  it('should require a path for content other than a File', async () => {
    const client = makeClient();
    const run = await client.startRun();
    expect((await rejection(client.logArtifact('text'))).message).toContain('needs a path');
    expect(await client.listArtifacts(run.runId)).toEqual([]);
  });

  it('should list folders first with their sizes, and the files of a folder', async () => {
    const client = makeClient();
    const run = await client.startRun();
    await client.logText('12345', 'z.txt');
    await client.logDict({ a: 1 }, 'model/meta.json');
    await client.logArtifact(new Uint8Array(100), 'model/weights.bin');
    await client.logText('ab', 'a.txt');
    const metaSize = JSON.stringify({ a: 1 }, null, 2).length;
    expect(await client.listArtifacts(run.runId)).toEqual([
      { path: 'model', isDir: true, fileSize: 100 + metaSize },
      { path: 'a.txt', isDir: false, fileSize: 2 },
      { path: 'z.txt', isDir: false, fileSize: 5 },
    ]);
    expect(await client.listArtifacts(run.runId, 'model')).toEqual([
      { path: 'model/meta.json', isDir: false, fileSize: metaSize },
      { path: 'model/weights.bin', isDir: false, fileSize: 100 },
    ]);
  });

  it('should refuse a path that is both a file and a folder', async () => {
    const client = makeClient();
    await client.startRun();
    await client.logText('x', 'model');
    const error = await rejection(client.logText('y', 'model/a.txt'));
    expect(error.message).toContain('"model/a.txt"');
    expect(error.message).toContain('"model"');
  });

  it('should refuse artifacts for a deleted run', async () => {
    const client = makeClient();
    const run = await client.startRun({ runName: 'trash' });
    await client.deleteRun(run.runId);
    expect((await rejection(client.logText('x', 'a.txt'))).message).toContain('"trash"');
  });

  it('should report a missing artifact', async () => {
    const client = makeClient();
    const run = await client.startRun();
    expect((await rejection(client.downloadArtifact(run.runId, 'nope'))).message).toContain('"nope"');
  });
});

describe('experiments', () => {
  it('should create an experiment with setExperiment, then reuse it, and start runs in it', async () => {
    const client = makeClient();
    const created = await client.setExperiment('mnist');
    expect(created.experimentId).toMatch(/^\d{18}$/);
    const reused = await client.setExperiment('mnist');
    expect(reused.experimentId).toBe(created.experimentId);
    expect((await client.listExperiments()).filter((e) => e.name === 'mnist')).toHaveLength(1);
    const run = await client.startRun();
    expect(run.experimentId).toBe(created.experimentId);
    expect(run.artifactUri).toBe(`mlruns/${created.experimentId}/${run.runId}/artifacts`);
    expect((await client.getExperimentByName('mnist'))?.experimentId).toBe(created.experimentId);
    expect(await client.getExperimentByName('nope')).toBeNull();
  });

  it('should refuse setExperiment on a deleted experiment', async () => {
    const client = makeClient();
    const id = await client.createExperiment('old');
    await client.deleteExperiment(id);
    expect((await rejection(client.setExperiment('old'))).message).toContain('trash');
  });

  it('should rename, delete and restore with the injected clock', async () => {
    const client = makeClient();
    const id = await client.createExperiment('a', { tags: { t: '1' } });
    clock = 2_000_000;
    await client.renameExperiment(id, 'b');
    expect(await client.getExperiment(id)).toMatchObject({ name: 'b', lastUpdateTime: 2_000_000, creationTime: 1_000_000 });
    const run = await client.createRun({ experimentId: id });
    clock = 3_000_000;
    await client.deleteExperiment(id);
    expect(await client.getRun(run.runId)).toMatchObject({ lifecycleStage: 'deleted', deletedTime: 3_000_000 });
    await client.restoreExperiment(id);
    expect((await client.getRun(run.runId)).lifecycleStage).toBe('active');
    await client.setExperimentTag(id, 'mlflow.note.content', 'hi');
    expect((await client.getExperiment(id)).tags).toEqual({ t: '1', 'mlflow.note.content': 'hi' });
  });
});

describe('searchRuns', () => {
  async function seed(client: TrackingClient): Promise<RunId[]> {
    const ids: RunId[] = [];
    const rows: Array<[string, number]> = [
      ['rf', 0.5],
      ['rf', 0.9],
      ['svm', 0.7],
      ['knn', 1.2],
      ['rf', 0.75],
    ];
    for (const [model, rmse] of rows) {
      clock += 1000;
      const run = await client.createRun();
      await client.logParam('model', model, { runId: run.runId });
      client.logMetric('rmse', rmse, { runId: run.runId });
      ids.push(run.runId);
    }
    await client.flush();
    return ids;
  }

  it('should page through runs newest first', async () => {
    const client = makeClient();
    const ids = await seed(client);
    const newestFirst = [...ids].reverse();
    const first = await client.searchRuns('', { maxResults: 2 });
    expect(first.runs.map((r) => r.runId)).toEqual(newestFirst.slice(0, 2));
    expect(first.nextPageToken).not.toBeNull();
    const second = await client.searchRuns('', { maxResults: 2, pageToken: first.nextPageToken });
    expect(second.runs.map((r) => r.runId)).toEqual(newestFirst.slice(2, 4));
    const third = await client.searchRuns('', { maxResults: 2, pageToken: second.nextPageToken });
    expect(third.runs.map((r) => r.runId)).toEqual(newestFirst.slice(4));
    expect(third.nextPageToken).toBeNull();
    const all = await client.searchRuns('', { maxResults: 5 });
    expect(all.runs).toHaveLength(5);
    expect(all.nextPageToken).toBeNull();
  });

  it.each([[0], [-1], [1.5], [50_001]])('should reject maxResults %s', async (maxResults) => {
    const client = makeClient();
    const error = await rejection(client.searchRuns('', { maxResults }));
    expect(error.message).toContain(`Invalid maxResults ${maxResults}`);
  });

  it('should accept maxResults 50000 and reject a hostile page token', async () => {
    const client = makeClient();
    await seed(client);
    expect((await client.searchRuns('', { maxResults: 50_000 })).runs).toHaveLength(5);
    expect((await rejection(client.searchRuns('', { pageToken: 'garbage!' }))).message).toContain('page token');
  });

  it('should filter on the latest metric value, flushing buffered points first', async () => {
    const client = makeClient();
    const ids = await seed(client);
    // A point still in the buffer moves run 4 (rmse 1.2) into the result.
    client.logMetric('rmse', 0.1, { runId: ids[3] as RunId, step: 1 });
    const result = await client.searchRuns('metrics.rmse < 0.8');
    expect(new Set(result.runs.map((r) => r.runId))).toEqual(new Set([ids[0], ids[2], ids[3], ids[4]]));
  });

  it('should filter on a param', async () => {
    const client = makeClient();
    const ids = await seed(client);
    const result = await client.searchRuns("params.model = 'rf'");
    expect(new Set(result.runs.map((r) => r.runId))).toEqual(new Set([ids[0], ids[1], ids[4]]));
  });

  it('should honour viewType after deleteRun and restoreRun', async () => {
    const client = makeClient();
    const ids = await seed(client);
    const target = ids[1] as RunId;
    await client.deleteRun(target);
    expect(await client.getRun(target)).toMatchObject({ lifecycleStage: 'deleted', deletedTime: clock });
    const active = await client.searchRuns();
    expect(active.runs.map((r) => r.runId)).not.toContain(target);
    expect(active.runs).toHaveLength(4);
    expect((await client.searchRuns('', { viewType: 'DELETED_ONLY' })).runs.map((r) => r.runId)).toEqual([target]);
    expect((await client.searchRuns('', { viewType: 'ALL' })).runs).toHaveLength(5);
    await client.restoreRun(target);
    expect(await client.getRun(target)).toMatchObject({ lifecycleStage: 'active', deletedTime: null });
    expect((await client.searchRuns('', { viewType: 'DELETED_ONLY' })).runs).toEqual([]);
  });

  it('should search only the given experiments', async () => {
    const client = makeClient();
    await seed(client);
    const id = await client.createExperiment('other');
    const run = await client.createRun({ experimentId: id });
    expect((await client.searchRuns('', { experimentIds: [id] })).runs.map((r) => r.runId)).toEqual([run.runId]);
  });
});

describe('exportBundleWithReport', () => {
  it('should return the bundle with no warnings for what Trainyard logged, and exportBundle the same bundle', async () => {
    const client = makeClient();
    await client.startRun({ runName: 'plain', tags: { note: '🚂'.repeat(5000) } });
    await client.endRun();
    const { blob, warnings } = await bundlesOf(client).exportBundleWithReport({ all: true });
    expect(blob.type).toBe('application/zip');
    expect(warnings).toEqual([]);
    const again = await bundlesOf(client).exportBundle({ all: true });
    expect(again).toBeInstanceOf(Blob);
    expect(again.size).toBe(blob.size);
  });

  it('should export a run tag value over 5,000 characters as logged, warning that MLflow 2.x refuses it', async () => {
    const client = makeClient();
    const run = await client.createRun({ runName: 'from-mlflow-3' });
    await client.endRun('FINISHED', { runId: run.runId });
    // As an import from MLflow 3.x (8,000 allowed) leaves it: the store holds what the reader accepted.
    const row = await getRunRow(db, run.runId);
    await db.runs.update(run.runId, { tags: { ...row.tags, summary: 's'.repeat(7000) } });
    const { blob, warnings } = await bundlesOf(client).exportBundleWithReport({ runIds: [run.runId] });
    expect(blob.size).toBeGreaterThan(0);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ problem: 'long-value', count: 1 });
    expect(warnings[0]?.example).toBe(`tag "summary" in run "from-mlflow-3" (${run.runId.slice(0, 8)}…), 7,000 characters`);
  });
});

describe('killOrphanedRuns', () => {
  it("should never kill the client's own runs, however old their heartbeat", async () => {
    const client = makeClient();
    const own = await client.startRun();
    const foreign = await storeCreateRun(db, {
      experimentId: DEFAULT_EXPERIMENT_ID,
      userId: 'someone',
      writerId: 'a-writer-that-is-gone',
      startTime: clock,
    });
    clock += STALE_HEARTBEAT_MS * 10;
    const killed = await client.killOrphanedRuns();
    expect(killed).toEqual([foreign.runId]);
    expect(await client.getRun(own.runId)).toMatchObject({ status: 'RUNNING', endTime: null });
    expect(await client.getRun(foreign.runId)).toMatchObject({ status: 'KILLED', endTime: foreign.startTime });
  });

  it('should keep a foreign run with a fresh heartbeat', async () => {
    const client = makeClient();
    const foreign = await storeCreateRun(db, {
      experimentId: DEFAULT_EXPERIMENT_ID,
      userId: 'someone',
      writerId: 'another-tab',
      startTime: clock,
    });
    clock += STALE_HEARTBEAT_MS - 1;
    expect(await client.killOrphanedRuns()).toEqual([]);
    expect((await client.getRun(foreign.runId)).status).toBe('RUNNING');
  });
});
