/**
 * Bundle exports and imports off the main thread: zipping or reading a million metric points
 * takes seconds of CPU, and the page must stay responsive. The worker opens the same store; the
 * page's writer has flushed before an export, and an import is still one transaction.
 */
import { TrainyardDB } from '../../db/schema';
import { exportBundleHere, openBundleHere, type PendingImport } from '../../db/bundleTransfer';
import { BundleImportError } from '../../domain/errors';
import type { FromBundleWorker, ToBundleWorker } from './protocol';

const db = new TrainyardDB();
const pending = new Map<number, PendingImport>();

function post(message: FromBundleWorker): void {
  self.postMessage(message);
}

function failed(id: number, error: unknown): void {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', id, error: { name: e.name, message: e.message, ...(error instanceof BundleImportError ? { problems: [...error.problems] } : {}) } });
}

self.addEventListener('message', (event: MessageEvent<ToBundleWorker>) => {
  const message = event.data;
  const { id } = message;
  void (async () => {
    try {
      switch (message.type) {
        case 'export': {
          const { blob, warnings } = await exportBundleHere(db, message.selection, {
            now: Date.now,
            appVersion: message.appVersion,
            onProgress: (p) => post({ type: 'progress', id, done: p.bytesDone, total: p.bytesTotal }),
          });
          post({ type: 'exported', id, blob, warnings });
          return;
        }
        case 'open': {
          const opened = await openBundleHere(db, message.file, { onProgress: (done, total) => post({ type: 'progress', id, done, total }) });
          pending.set(id, opened);
          post({ type: 'opened', id, notes: opened.notes });
          return;
        }
        case 'plan':
        case 'write': {
          const opened = pending.get(id);
          if (!opened) throw new Error('This bundle is no longer open; choose the file again.');
          const summary = message.type === 'plan' ? await opened.plan(message.onConflict) : await opened.write(message.onConflict);
          if (message.type === 'write') pending.delete(id);
          post({ type: 'summary', id, summary });
          return;
        }
        case 'close':
          pending.delete(id);
          return;
      }
    } catch (error) {
      failed(id, error);
    }
  })();
});
