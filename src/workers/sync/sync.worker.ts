/**
 * Push and pull off the main thread: a push of 100 runs × 10,000 points is a million points read,
 * encoded and sent, and the page must stay responsive while it goes. The worker opens the same
 * store with its own tracking client (it creates experiments for pulled runs).
 */
import { readsOf } from '../../db/queries';
import { TrainyardDB } from '../../db/schema';
import { TrackingClient } from '../../db/trackingClient';
import type { FromSyncWorker, ToSyncWorker } from './protocol';
import { handleSyncRequest } from './syncHandler';

const db = new TrainyardDB();
const deps = { db, reads: readsOf(db), tracking: new TrackingClient({ db }) };

self.addEventListener('message', (event: MessageEvent<ToSyncWorker>) => {
  void handleSyncRequest(event.data, deps, (message: FromSyncWorker) => self.postMessage(message));
});
