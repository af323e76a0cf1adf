/**
 * The run selection shared by every experiment page (and whatever else wants it): one module-level
 * store, kept in sessionStorage so it survives navigation and reloads of this tab.
 */
import { useSyncExternalStore } from 'react';
import { createSelectionStore, type Selection, type StorageLike } from '../runSelection';

function tabStorage(): StorageLike | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null; // storage disabled: the selection lives in memory only
  }
}

export const runSelection = createSelectionStore(tabStorage());

export function useRunSelection(): Selection {
  return useSyncExternalStore(runSelection.subscribe, runSelection.getSnapshot);
}
