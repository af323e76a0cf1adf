/**
 * Storage errors at the store boundary (the faults.ts seam): a failed write leaves nothing half
 * written, is reported to onError and by flush(), and the client keeps working afterwards.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeFailure } from '../domain/tracking/failure';
import { setStoreFault } from './faults';
import { TrainyardDB } from './schema';
import { TrackingClient } from './trackingClient';

let db: TrainyardDB;
let client: TrackingClient;

beforeEach(async () => {
  db = new TrainyardDB(`faults-${crypto.randomUUID()}`);
  await db.open();
  client = new TrackingClient({ db, flushIntervalMs: 60_000 });
});

afterEach(async () => {
  setStoreFault(null);
  await client.close().catch(() => undefined);
  await db.delete();
});

describe('simulated storage faults', () => {
  it('should fail a metric flush as a whole (no chunk, no summary), report it, and let later writes through', async () => {
    const run = await client.startRun();
    const other = await client.createRun({ runName: 'other' });
    for (let step = 0; step < 10; step++) client.logMetric('loss', 1 / (step + 1), { step });
    await client.flush();
    const errors: Array<{ runId: string; name: string }> = [];
    client.onError((error, runId) => errors.push({ runId, name: error.name }));

    setStoreFault({ kind: 'quota', writes: ['metrics'] });
    for (let step = 10; step < 20; step++) client.logMetric('loss', 0.01, { step });
    client.logMetric('acc', 0.9, { runId: other.runId });
    const flushed = client.flush();
    await expect(flushed).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(describeFailure(await flushed.catch((e: unknown) => e)).kind).toBe('quota');
    // Both runs were in the one failed transaction: both are told, neither got anything of it.
    expect(errors.map((e) => e.runId).sort()).toEqual([run.runId, other.runId].sort());
    expect((await client.getMetricHistory(run.runId, 'loss')).map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const stored = await client.getRun(run.runId);
    expect(stored.metrics.loss).toMatchObject({ count: 10, latest: { step: 9 } });
    expect((await client.getRun(other.runId)).metrics).toEqual({});
    // Params and tags are not growth the seam blocks: the failure's reason can still be written.
    await client.setTag('note', 'still writable');

    setStoreFault(null);
    client.logMetric('loss', 0.5, { step: 20 });
    await client.flush();
    expect((await client.getRun(run.runId)).metrics.loss).toMatchObject({ count: 11, latest: { step: 20 } });
  });

  it('should let `after` writes through first, then fail artifacts without leaving the file behind', async () => {
    const run = await client.startRun();
    setStoreFault({ kind: 'error', writes: ['artifacts'], after: 1 });
    await client.logText('first', 'a.txt');
    await expect(client.logText('second', 'b.txt')).rejects.toMatchObject({ name: 'UnknownError' });
    expect((await client.listArtifacts(run.runId)).map((f) => f.path)).toEqual(['a.txt']);
    // Metrics are not in this fault's `writes`.
    client.logMetric('m', 1);
    await client.flush();
    expect(describeFailure(new DOMException('x', 'UnknownError')).kind).toBe('storage');
  });

  it('should end a run FAILED with its reason tags in the same write as the status', async () => {
    const run = await client.startRun();
    setStoreFault({ kind: 'quota', writes: ['metrics'] });
    client.logMetric('loss', 1);
    await expect(
      client.endRun('FAILED', { tags: { 'trainyard.error': 'Storage is full', 'trainyard.failure_kind': 'quota' } }),
    ).rejects.toMatchObject({ name: 'QuotaExceededError' });
    const stored = await client.getRun(run.runId);
    expect(stored.status).toBe('FAILED');
    expect(stored.endTime).not.toBeNull();
    expect(stored.tags).toMatchObject({ 'trainyard.error': 'Storage is full', 'trainyard.failure_kind': 'quota' });
  });
});
