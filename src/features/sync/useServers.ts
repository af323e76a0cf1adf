/**
 * The connected servers and the mirror, as the sync service keeps them in this browser's
 * localStorage. Read again after this page changes them (serversChanged), when a view showing
 * them opens, when another tab does (the `storage` event) and when the page gets focus back (the
 * console's `trainyard.connectServer` changes them without an event), so every view agrees.
 */
import { useSyncExternalStore } from 'react';
import { sync } from '../../services/page';
import type { ServerSummary } from '../../services/mlflowServer/sync.types';

export interface ServersSnapshot {
  servers: ServerSummary[];
  mirror: ServerSummary | null;
}

const listeners = new Set<() => void>();
let snapshot: ServersSnapshot | null = null;
let snapshotJson = '';
let stale = true;

function read(): ServersSnapshot {
  try {
    return { servers: sync.listServers(), mirror: sync.getMirror() };
  } catch {
    return { servers: [], mirror: null }; // storage disabled: no servers can be kept
  }
}

/** Call after connecting, removing or mirroring a server: every view reads the list again. */
export function serversChanged(): void {
  stale = true;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // A view that opens reads the list again (the console may have changed it meanwhile).
  stale = true;
  queueMicrotask(listener);
  if (listeners.size === 1) {
    window.addEventListener('storage', serversChanged);
    window.addEventListener('focus', serversChanged);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      window.removeEventListener('storage', serversChanged);
      window.removeEventListener('focus', serversChanged);
    }
  };
}

/** The same object until the list really changes, so a focus that changed nothing re-renders nothing. */
function getSnapshot(): ServersSnapshot {
  if (stale || snapshot === null) {
    stale = false;
    const next = read();
    const json = JSON.stringify(next);
    if (snapshot === null || json !== snapshotJson) {
      snapshot = next;
      snapshotJson = json;
    }
  }
  return snapshot;
}

export function useServers(): ServersSnapshot {
  return useSyncExternalStore(subscribe, getSnapshot);
}
