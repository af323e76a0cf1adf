/**
 * The built-in text corpus (a 6 MB asset), downloaded by the page into the browser's HTTP cache as
 * soon as a run on it is asked for, on a first visit. The training worker asks for the same URL
 * only once TF.js has loaded in it (0.3–0.5 s later, more on a busy machine), and is then answered
 * from the cache instead of starting the download itself. On later visits the service worker's
 * precache answers the worker, so nothing is fetched here.
 */
import brownCorpusUrl from 'virtual:brown-corpus';
import { BUILTIN_DATASETS } from '../../domain/recipes/recipeCatalogue';

export interface CorpusPrefetchOptions {
  fetcher?: typeof fetch;
  /** Whether a service worker serves this page (then its precache has the corpus). */
  servedByServiceWorker?: () => boolean;
}

/** A function that starts the download for `datasetId` when it is the built-in corpus, once per page. */
export function corpusPrefetcher(options: CorpusPrefetchOptions = {}): (datasetId: unknown) => void {
  const fetcher = options.fetcher ?? ((input, init) => fetch(input, init));
  const servedByServiceWorker = options.servedByServiceWorker ?? (() => globalThis.navigator?.serviceWorker?.controller != null);
  let started = false;
  return (datasetId) => {
    if (started || datasetId !== BUILTIN_DATASETS.brown || servedByServiceWorker()) return;
    started = true;
    // Low priority: the worker's own script and wasm come first. Read to the end, so the whole body
    // is cached. A failure is the worker's to report; a later run tries again.
    fetcher(brownCorpusUrl, { priority: 'low' })
      .then((response) => response.arrayBuffer())
      .catch(() => {
        started = false;
      });
  };
}
