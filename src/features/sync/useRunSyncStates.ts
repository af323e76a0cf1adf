/**
 * Every run's sync state with every server, live: one query for the whole store (the table maps it
 * by run id), and none at all while no server is connected.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { RunId } from '../../domain/ids';
import { reads } from '../../services/page';
import type { RunSyncState } from '../../services/mlflowServer/sync.types';
import { syncBadges, type SyncBadgeModel } from './syncViewModel';
import { useServers } from './useServers';

const NONE: RunSyncState[] = [];

/** The raw states (undefined while the first read runs). */
export function useSyncStates(): RunSyncState[] | undefined {
  const { servers } = useServers();
  const connected = servers.length > 0;
  return useLiveQuery(() => (connected ? reads.runSyncStates() : NONE), [connected]);
}

/** The badge per run, or null when no server is connected (then the table shows no sync state). */
export function useRunSyncBadges(): ReadonlyMap<RunId, SyncBadgeModel> | null {
  const { servers } = useServers();
  const states = useSyncStates();
  return useMemo(() => {
    if (servers.length === 0) return null;
    const urls = new Map(servers.map((s) => [s.id, s.url]));
    return syncBadges(states ?? NONE, (id) => urls.get(id));
  }, [servers, states]);
}
