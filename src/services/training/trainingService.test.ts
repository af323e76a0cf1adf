import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import brownCorpusUrl from 'virtual:brown-corpus';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import { trackingRejection } from '../../test/expectErrors';
import { closeTestStore, openTestStore } from '../../test/testStore';
import type { FromWorker, ToWorker } from '../../workers/train/protocol';
import { TrainingService } from './trainingService';

/** A training worker that records what it is sent; the test plays its answers. */
class FakeWorker extends EventTarget {
  readonly sent: ToWorker[] = [];
  postMessage(message: ToWorker): void {
    if (message.type !== 'configure') this.sent.push(message);
  }
  terminate(): void {}
  answer(message: FromWorker): void {
    this.dispatchEvent(new MessageEvent('message', { data: message }));
  }
}

let db: TrainyardDB;
let client: TrackingClient;
let workers: FakeWorker[];
let training: TrainingService;
let prefetched: string[];

beforeEach(async () => {
  ({ db, client } = await openTestStore(Date.now));
  workers = [];
  prefetched = [];
  training = new TrainingService(client, {
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    corpusPrefetch: {
      fetcher: (async (input: RequestInfo | URL) => {
        prefetched.push(String(input));
        return new Response('{}');
      }) as typeof fetch,
      servedByServiceWorker: () => false,
    },
  });
});

afterEach(() => closeTestStore({ db, client }));

describe('TrainingService', () => {
  it('refuses invalid params naming each field, before any worker starts or run exists', async () => {
    const error = await trackingRejection(training.train('iris_logreg', { epochs: 0, learning_rate: 'fast' }));
    expect(error.code).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toMatch(/^Invalid params for iris_logreg\/main: /);
    expect(error.message).toContain('epochs');
    expect(error.message).toContain('learning_rate');
    expect(workers).toHaveLength(0);
    expect((await client.searchRuns('', { viewType: 'ALL' })).runs).toHaveLength(0);
  });

  it('refuses an unknown recipe, naming it', async () => {
    const error = await trackingRejection(training.train('no_such_recipe'));
    expect(error.message).toContain('no_such_recipe');
    expect(workers).toHaveLength(0);
  });

  it('sends checked params (defaults filled in) to a worker, into the active experiment, and resolves when the run ends', async () => {
    await client.setExperiment('demos');
    const started: RunId[] = [];
    const done = training.train('iris_logreg', { epochs: 3 }, { onStarted: (runId) => started.push(runId) });
    await expect.poll(() => workers[0]?.sent.length ?? 0).toBe(1);
    const start = workers[0]?.sent[0];
    expect(start?.type).toBe('start');
    if (start?.type !== 'start') throw new Error('no start message');
    expect(start.request).toMatchObject({ recipe: 'iris_logreg', entryPoint: 'main', experimentId: client.getActiveExperimentId() });
    expect(start.request.params.epochs).toBe(3);
    expect(Object.keys(start.request.params).length).toBeGreaterThan(1);
    const requestId = start.request.requestId;
    workers[0]?.answer({ type: 'started', requestId, runId: 'r1' as RunId, backend: 'cpu' });
    workers[0]?.answer({ type: 'ended', requestId, runId: 'r1' as RunId, status: 'FINISHED' });
    await expect(done).resolves.toBe('r1');
    expect(started).toEqual(['r1']);
  });

  it('rejects train() with the worker’s reason when the run fails, and startTraining resolves with it', async () => {
    const failed = training.train('iris_logreg', { epochs: 1 });
    await expect.poll(() => workers[0]?.sent.length ?? 0).toBe(1);
    const start = workers[0]?.sent[0];
    if (start?.type !== 'start') throw new Error('no start message');
    workers[0]?.answer({ type: 'ended', requestId: start.request.requestId, runId: null, status: 'FAILED', error: 'bad data' });
    expect((await trackingRejection(failed)).message).toBe('Training "iris_logreg" failed: bad data');
  });

  it('prefetches the built-in corpus as soon as a run on it is asked for', async () => {
    void training.startTraining('text_classifier', {});
    expect(prefetched).toEqual([brownCorpusUrl]);
    await expect.poll(() => workers[0]?.sent.length ?? 0).toBe(1);
  });

  it('stops nothing before any training started', () => {
    expect(training.stopRun('r1' as RunId)).toBe(false);
    expect(workers).toHaveLength(0);
  });
});
