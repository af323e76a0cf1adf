/**
 * Registers the service worker (production builds only: the dev server has none) with
 * workbox-window, and keeps the update phase that the prompt renders. The decisions are in
 * updatePolicy.ts; this module only wires browser events to it and carries out its effects.
 */
import { Workbox } from 'workbox-window';
import { nextUpdateState, type UpdateEvent, type UpdatePhase } from './updatePolicy';
import { whenQuiet } from './whenQuiet';

type Listener = () => void;

let phase: UpdatePhase = 'current';
let workbox: Workbox | null = null;
const listeners = new Set<Listener>();

function dispatch(event: UpdateEvent): void {
  const next = nextUpdateState(phase, event);
  if (next.phase !== phase) {
    phase = next.phase;
    for (const listener of listeners) listener();
  }
  if (next.effect === 'skip-waiting') workbox?.messageSkipWaiting();
  else if (next.effect === 'reload') window.location.reload();
}

/** How long no run may train in this tab before the service worker registers (whenQuiet.ts). */
const QUIET_MS = 5000;

/**
 * Registers once per page, after the page has loaded and no run has trained in this tab for a
 * few seconds (`isTraining`); later calls do nothing.
 */
export function registerServiceWorker(isTraining: () => boolean): void {
  if (workbox || !import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const wb = new Workbox(`${import.meta.env.BASE_URL}sw.js`, { scope: import.meta.env.BASE_URL });
  workbox = wb;
  // Fired for a worker that was already waiting when the page loaded, too.
  wb.addEventListener('waiting', () => dispatch({ type: 'waiting' }));
  let hadController = navigator.serviceWorker.controller !== null;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    dispatch({ type: 'controller-changed', hadController });
    hadController = navigator.serviceWorker.controller !== null;
  });
  void whenQuiet(isTraining, { quietMs: QUIET_MS, pollMs: 1000 })
    .then(() => wb.register({ immediate: true }))
    .catch((error: unknown) => console.warn('The service worker could not be registered, so the app will not work offline:', error));
}

export function getUpdatePhase(): UpdatePhase {
  return phase;
}

export function subscribeUpdatePhase(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The user pressed Reload; refused while `trainingRuns` > 0. */
export function requestReload(trainingRuns: number): void {
  dispatch({ type: 'reload-clicked', trainingRuns });
}
