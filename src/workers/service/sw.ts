/**
 * The service worker (vite-plugin-pwa, injectManifest): precaches the whole build, so the app
 * starts and trains with no network: app shell, lazy chunks (Plotly), the training, bundle and
 * script worker chunks, TF.js and its three wasm binaries, and the built-in datasets (the Brown
 * corpus JSON asset; Iris is in the JS). Downloaded datasets are not cached here: the app stores
 * them parsed in IndexedDB on first download (training/datasetImport.ts).
 *
 * It adds COOP/COEP/CORP to everything it serves (securityHeaders.ts), so after the first load
 * the page is cross-origin isolated even when the host sends no headers. Cross-origin requests
 * (the dataset download) are not intercepted: they go to the network as if there were no worker.
 *
 * Updates wait: a new version takes over only when the page asks (SKIP_WAITING), which it does
 * when the user presses Reload (pwa/updatePolicy.ts).
 */
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { addPlugins, cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { withIsolationHeaders } from './securityHeaders';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<string | { url: string; revision: string | null }> };

addPlugins([{ handlerWillRespond: ({ response }) => Promise.resolve(withIsolationHeaders(response)) }]);
precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation (the app routes in the hash) gets the precached shell, online or not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html')));

self.addEventListener('message', (event: ExtendableMessageEvent) => {
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install controls the open page at once (so it works offline without a reload);
// later versions wait for SKIP_WAITING, and then take over the pages that are open.
clientsClaim();
