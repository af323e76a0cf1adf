import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportReport, PendingImport } from '../../db/bundleTransfer';
import type { TrainyardDB } from '../../db/schema';
import type { TrackingClient } from '../../db/trackingClient';
import { BundleImportError } from '../../domain/errors';
import { rejectionOf } from '../../test/expectErrors';
import { closeTestStore, openTestStore } from '../../test/testStore';
import { BundleService } from './bundleService';

let db: TrainyardDB;
let client: TrackingClient;

beforeEach(async () => {
  ({ db, client } = await openTestStore(Date.now));
});

afterEach(() => closeTestStore({ db, client }));

/** A bundle worker's client that records calls and what the store held when each came. */
function fakeWorker() {
  const calls: Array<{ verb: 'export' | 'open'; chunksStored: number }> = [];
  // Read the table itself: the client's own reads would write its buffer first.
  const stored = () => db.metricChunks.count();
  return {
    calls,
    client: {
      async export(): Promise<ExportReport> {
        calls.push({ verb: 'export', chunksStored: await stored() });
        return { blob: new Blob(['zip']), warnings: [] };
      },
      async open(): Promise<PendingImport> {
        calls.push({ verb: 'open', chunksStored: await stored() });
        return { notes: [], plan: () => Promise.reject(new Error('unused')), write: () => Promise.reject(new Error('unused')) };
      },
    },
  };
}

describe('BundleService', () => {
  it('writes the page’s buffered metrics before the bundle worker exports', async () => {
    const worker = fakeWorker();
    const bundles = new BundleService({ tracking: client, workerClient: worker.client });
    const run = await client.startRun();
    for (let step = 0; step < 5; step++) client.logMetric('loss', 1 / (step + 1), { step });
    await bundles.exportBundle({ runIds: [run.runId] });
    expect(worker.calls).toEqual([{ verb: 'export', chunksStored: 1 }]);
  });

  it('opens a bundle in the worker, but on this thread when the caller sets its own limits (they do not cross to the worker)', async () => {
    const worker = fakeWorker();
    const bundles = new BundleService({ tracking: client, workerClient: worker.client });
    await bundles.openBundle(new Uint8Array([1, 2, 3]));
    expect(worker.calls.map((c) => c.verb)).toEqual(['open']);
    // Not a zip: refused here, by the in-thread reader, with its problems listed.
    const error = await rejectionOf(bundles.importBundle(new Uint8Array([1, 2, 3]), { limits: { maxEntries: 10 } }));
    expect(error).toBeInstanceOf(BundleImportError);
    expect(worker.calls).toHaveLength(1);
  });
});
