/**
 * Persistent storage (`navigator.storage.persist()`): without it the browser may clear the site's
 * data under storage pressure, runs included. The app asks once the first run exists (the moment
 * there is something to lose; asking on a first visit would prompt, in browsers that prompt, with
 * nothing to keep yet), and the Storage page shows the answer with a button to ask again.
 */
import { useSyncExternalStore } from 'react';

export type PersistenceState = 'checking' | 'granted' | 'not-granted' | 'unsupported' | 'error';

let state: PersistenceState = 'checking';
const listeners = new Set<() => void>();

/** Records the state and tells the page (exported for the start-up hook's failures). */
export function setPersistenceState(next: PersistenceState): PersistenceState {
  state = next;
  for (const listener of listeners) listener();
  return next;
}

function storageManager(): StorageManager | null {
  return typeof navigator !== 'undefined' && navigator.storage && typeof navigator.storage.persist === 'function'
    ? navigator.storage
    : null;
}

/** Reads whether storage is persistent, without asking. */
export async function checkPersistence(): Promise<PersistenceState> {
  const storage = storageManager();
  if (!storage || typeof storage.persisted !== 'function') return setPersistenceState('unsupported');
  try {
    return setPersistenceState((await storage.persisted()) ? 'granted' : 'not-granted');
  } catch {
    return setPersistenceState('error');
  }
}

/** Asks the browser to make storage persistent; it may grant silently, prompt, or refuse. */
export async function requestPersistence(): Promise<PersistenceState> {
  const storage = storageManager();
  if (!storage) return setPersistenceState('unsupported');
  try {
    return setPersistenceState((await storage.persist()) ? 'granted' : 'not-granted');
  } catch {
    return setPersistenceState('error');
  }
}

export function usePersistence(): PersistenceState {
  return useSyncExternalStore(
    (onChange) => {
      listeners.add(onChange);
      return () => listeners.delete(onChange);
    },
    () => state,
  );
}
