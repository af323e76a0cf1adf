/**
 * Page start-up: expose the tracking client as `window.trainyard`, write buffered points when the
 * page hides, and end runs whose writer is gone (closed tab, killed worker) as KILLED.
 */
import type { TrainyardConsole } from '../training/TrainyardConsole';
import { reportError } from './notifications';

declare global {
  interface Window {
    trainyard: TrainyardConsole;
  }
}

const ORPHAN_SWEEP_MS = 15_000;

export function bootstrapTracking(client: TrainyardConsole): void {
  window.trainyard = client;
  const flushQuietly = () => {
    if (client.db.versionChanged) return; // closed for an upgrade in another tab: the banner says reload
    client.flush().catch((error: unknown) => reportError('save logged metrics', error));
  };
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') flushQuietly();
  });
  window.addEventListener('pagehide', flushQuietly);
  client.onError((error, runId) => reportError(`save metrics of run ${runId}`, error));
  const stopWatching = client.watchForOrphans({
    sweepIntervalMs: ORPHAN_SWEEP_MS,
    onError: (error) => reportError('check for interrupted runs', error),
  });
  client.db.onVersionChange(stopWatching);
  // Hyperparameter searches interrupted by a reload or a closed tab go on where they stopped.
  client.resumeSearches().catch((error: unknown) => reportError('resume interrupted searches', error));
}
