/**
 * Page start-up: expose the page's services as `window.trainyard` (through the validating
 * console facade), write buffered points when the page hides, end runs whose writer is gone
 * (closed tab, killed worker) as KILLED, and resume interrupted searches.
 */
import type { PageServices } from '../services/page';
import type { ConsoleFacade } from './console/facade';
import { reportError } from '../shared/notifications';

declare global {
  interface Window {
    trainyard: ConsoleFacade;
  }
}

const ORPHAN_SWEEP_MS = 15_000;

export function bootstrapTracking(services: PageServices): void {
  const client = services.tracking;
  // The facade and its argument schemas (zod, ~30 KB gzipped) load after first paint: the console
  // is for scripters, and `window.trainyard` appears a moment after the page.
  void import('./console/facade')
    .then(({ consoleFacade }) => {
      window.trainyard = consoleFacade(services);
    })
    .catch((error: unknown) => reportError('load the devtools console API (window.trainyard)', error));
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
  services.searches.resumeSearches().catch((error: unknown) => reportError('resume interrupted searches', error));
  // Runs mirrored to a tracking server that a closed tab or a lost connection left in the outbox.
  services.sync.drainOutbox().catch((error: unknown) => reportError('push the runs waiting for the tracking server', error));
}
