import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import type { FromWorker, ToWorker, TrainRequest } from '../../workers/train/protocol';
import { TrainingPool } from './trainingPool';

/** A stand-in for a training worker: records what it was sent; the test plays its answers. */
class FakeWorker extends EventTarget {
  /** Everything but the `configure` message each worker gets first (its own test checks that). */
  readonly sent: ToWorker[] = [];
  readonly configure: ToWorker[] = [];
  terminated = false;
  postMessage(message: ToWorker): void {
    if (message.type === 'configure') this.configure.push(message);
    else this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  answer(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
  crash(message: string): void {
    const event = new Event('error') as Event & { message: string };
    Object.defineProperty(event, 'message', { value: message });
    this.dispatchEvent(event);
  }
}

let db: TrainyardDB;
let client: TrackingClient;
let workers: FakeWorker[];
let pool: TrainingPool;

function request(id: string): TrainRequest {
  return { requestId: id, recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 1, seed: 1 }, backend: 'cpu' };
}

beforeEach(async () => {
  db = new TrainyardDB(`pool-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db });
  workers = [];
  pool = new TrainingPool({
    client,
    size: 2,
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
  });
});

afterEach(async () => {
  vi.unstubAllGlobals();
  await client.close();
  await db.delete();
});

describe('TrainingPool', () => {
  it('should run up to `size` trainings at once and queue the rest', async () => {
    const results = [pool.train(request('a')), pool.train(request('b')), pool.train(request('c'))];
    expect(workers).toHaveLength(2);
    expect(workers.map((w) => w.sent[0]?.type)).toEqual(['start', 'start']);
    workers[0]?.answer({ type: 'started', requestId: 'a', runId: 'r-a' as RunId, backend: 'cpu' });
    workers[0]?.answer({ type: 'ended', requestId: 'a', runId: 'r-a' as RunId, status: 'FINISHED' });
    await expect(results[0]).resolves.toEqual({ runId: 'r-a', status: 'FINISHED', error: undefined });
    // The freed worker takes the queued request; no third worker is made.
    expect(workers).toHaveLength(2);
    expect(workers[0]?.sent[1]).toMatchObject({ type: 'start', request: { requestId: 'c' } });
    workers[1]?.answer({ type: 'ended', requestId: 'b', runId: null, status: 'FAILED', error: 'bad data' });
    await expect(results[1]).resolves.toMatchObject({ status: 'FAILED', error: 'bad data' });
  });

  it('should count runs as active from the request on: queued, starting (no run id yet) and training', async () => {
    expect(pool.activeRunCount()).toBe(0);
    const results = [pool.train(request('a')), pool.train(request('b')), pool.train(request('c'))];
    expect(pool.activeRunCount()).toBe(3);
    expect(pool.runningRunIds()).toEqual([]);
    workers[0]?.answer({ type: 'started', requestId: 'a', runId: 'r-a' as RunId, backend: 'cpu' });
    workers[0]?.answer({ type: 'ended', requestId: 'a', runId: 'r-a' as RunId, status: 'FINISHED' });
    await results[0];
    expect(pool.activeRunCount()).toBe(2);
    workers[1]?.answer({ type: 'ended', requestId: 'b', runId: null, status: 'FAILED', error: 'x' });
    workers[0]?.answer({ type: 'ended', requestId: 'c', runId: null, status: 'FAILED', error: 'x' });
    await Promise.all(results);
    expect(pool.activeRunCount()).toBe(0);
  });

  it('should give each worker one wasm thread by default (the plain SIMD build)', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 8 });
    void pool.train(request('a'));
    void pool.bench('wasm', { kind: 'reuters', variant: 'keras-fit' });
    await vi.waitFor(() => expect(workers).toHaveLength(2));
    expect(workers.map((w) => w.configure)).toEqual([[{ type: 'configure', wasmThreads: 1 }], [{ type: 'configure', wasmThreads: 1 }]]);
  });

  it('with wasm threads on, should give each worker its share of the cores before anything else, and the bench worker all of them', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 8 });
    pool = new TrainingPool({
      client,
      size: 2,
      wasmThreads: true,
      createWorker: () => {
        const worker = new FakeWorker();
        workers.push(worker);
        return worker as unknown as Worker;
      },
    });
    void pool.train(request('a'));
    void pool.train(request('b'));
    expect(workers.map((w) => w.configure)).toEqual([[{ type: 'configure', wasmThreads: 4 }], [{ type: 'configure', wasmThreads: 4 }]]);
    void pool.bench('wasm', { kind: 'reuters', variant: 'keras-fit' });
    await vi.waitFor(() => expect(workers).toHaveLength(3));
    expect(workers[2]?.configure).toEqual([{ type: 'configure', wasmThreads: 8 }]);
    expect(workers[2]?.sent[0]).toMatchObject({ type: 'bench', backend: 'wasm' });
  });

  it('should never ask for fewer than one thread', () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 1 });
    pool = new TrainingPool({ client, size: 2, wasmThreads: true, createWorker: () => workers[workers.push(new FakeWorker()) - 1] as unknown as Worker });
    void pool.train(request('a'));
    expect(workers[0]?.configure).toEqual([{ type: 'configure', wasmThreads: 1 }]);
  });

  it('should relay progress and send stop to the worker that trains the run', () => {
    const seen: number[] = [];
    pool.onProgress((_runId, progress) => seen.push(progress.epoch));
    void pool.train(request('a'));
    workers[0]?.answer({ type: 'started', requestId: 'a', runId: 'r-a' as RunId, backend: 'wasm' });
    workers[0]?.answer({
      type: 'progress',
      runId: 'r-a' as RunId,
      progress: { epoch: 3, epochs: 10, batch: 1, batchesPerEpoch: 5, elapsedMs: 10, etaMs: 20 },
    });
    expect(seen).toEqual([3]);
    expect(pool.runningRunIds()).toEqual(['r-a']);
    expect(pool.stop('r-a' as RunId)).toBe(true);
    expect(workers[0]?.sent.at(-1)).toEqual({ type: 'stop', runId: 'r-a' });
    expect(pool.stop('other' as RunId)).toBe(false);
  });

  it('should end a crashed worker\u2019s run FAILED with the reason and replace the worker', async () => {
    const run = await client.createRun({ runName: 'doomed' });
    const result = pool.train(request('a'));
    workers[0]?.answer({ type: 'started', requestId: 'a', runId: run.runId, backend: 'wasm' });
    workers[0]?.crash('Out of memory');
    await expect(result).resolves.toMatchObject({ runId: run.runId, status: 'FAILED', error: 'Out of memory' });
    expect(workers[0]?.terminated).toBe(true);
    const stored = await client.getRun(run.runId);
    expect(stored.status).toBe('FAILED');
    expect(stored.tags['trainyard.error']).toBe('Training worker crashed: Out of memory');
    expect(stored.tags['trainyard.failure_kind']).toBe('crash');
    // The next training gets a fresh worker.
    void pool.train(request('b'));
    expect(workers).toHaveLength(2);
    expect(workers[1]?.sent[0]).toMatchObject({ type: 'start', request: { requestId: 'b' } });
  });

  it('should notice a worker that vanished without an error (its Web Lock released): its run ends KILLED, the queue goes on', async () => {
    const gone = new Map<string, () => void>();
    pool = new TrainingPool({
      client,
      size: 1,
      createWorker: () => workers[workers.push(new FakeWorker()) - 1] as unknown as Worker,
      whenWriterGone: (writerId) => new Promise<void>((resolve) => gone.set(writerId, resolve)),
    });
    // The lost worker's run, written by "its" client, whose lock the fake releases below.
    const workerClient = new TrackingClient({ db });
    const run = await workerClient.createRun({ runName: 'lost' });
    workerClient.logMetric('loss', 0.5, { runId: run.runId, step: 0 });
    await workerClient.flush();
    const first = pool.train(request('a'));
    const second = pool.train(request('b'));
    workers[0]?.answer({ type: 'started', requestId: 'a', runId: run.runId, backend: 'wasm', writerId: workerClient.writerId });
    expect(gone.has(workerClient.writerId)).toBe(true);

    // Liveness, as the orphan sweep sees it in Node, comes from heartbeats: make the run stale.
    await db.runs.update(run.runId, { heartbeatAt: 1, startTime: 1 });
    gone.get(workerClient.writerId)?.();
    await expect(first).resolves.toMatchObject({ runId: run.runId, status: 'KILLED' });
    const stored = await client.getRun(run.runId);
    expect(stored.status).toBe('KILLED');
    expect(stored.tags['trainyard.killedReason']).toMatch(/closed while it was running/);
    expect(stored.metrics.loss?.count).toBe(1);
    expect(workers[0]?.terminated).toBe(true);
    // The queued training went to a fresh worker.
    expect(workers).toHaveLength(2);
    expect(workers[1]?.sent[0]).toMatchObject({ type: 'start', request: { requestId: 'b' } });
    workers[1]?.answer({ type: 'ended', requestId: 'b', runId: null, status: 'FAILED', error: 'x' });
    await second;
    await workerClient.close();
  });

  it('should end running runs KILLED and resolve their trainings when every worker is terminated', async () => {
    const run = await client.createRun({ runName: 'cut-short' });
    const result = pool.train(request('a'));
    workers[0]?.answer({ type: 'started', requestId: 'a', runId: run.runId, backend: 'wasm' });
    pool.terminateAll();
    await expect(result).resolves.toMatchObject({ runId: run.runId, status: 'KILLED' });
    expect(workers[0]?.terminated).toBe(true);
    const stored = await client.getRun(run.runId);
    expect(stored.status).toBe('KILLED');
    expect(stored.tags['trainyard.killedReason']).toBe('The training workers were shut down.');
  });

  it('should pass a simulated storage fault to running workers and to workers made later', () => {
    void pool.train(request('a'));
    pool.simulateStorageFault({ kind: 'quota' });
    expect(workers[0]?.sent.at(-1)).toEqual({ type: 'faults', fault: { kind: 'quota' } });
    void pool.train(request('b'));
    expect(workers[1]?.sent[0]).toEqual({ type: 'faults', fault: { kind: 'quota' } });
    pool.simulateStorageFault(null);
    expect(workers.map((w) => w.sent.at(-1))).toEqual([{ type: 'faults', fault: null }, { type: 'faults', fault: null }]);
  });
});
