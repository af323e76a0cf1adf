/**
 * What the Storage page shows: the store's contents by experiment and run, and the browser's
 * usage estimate. Read again after every write (from this page, a worker or another tab), at
 * once when the last read is older than RELOAD_MS, else when it is: during training the store
 * changes several times a second, and a read of 1,000 runs takes a few hundred milliseconds.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { reads } from '../../../services/page';
import type { StoreContents } from '../../../db/storageQueries';
import type { StorageEstimateInput } from '../../../domain/storage/storageNotice';

const RELOAD_MS = 1000;

export interface StorageState {
  contents: StoreContents | undefined;
  /** null when the browser has no estimate(). */
  estimate: StorageEstimateInput | null | undefined;
  error: Error | null;
  /** How long the last read of the store took (ms). */
  readMs: number | null;
  /** When the last read finished (ms since the epoch). */
  readAt: number;
}

async function readEstimate(): Promise<StorageEstimateInput | null> {
  if (typeof navigator === 'undefined' || typeof navigator.storage?.estimate !== 'function') return null;
  const { usage, quota } = await navigator.storage.estimate();
  return usage === undefined || quota === undefined ? null : { usage, quota };
}

export function useStorageReport(): StorageState & { refresh: () => void } {
  const [state, setState] = useState<StorageState>({ contents: undefined, estimate: undefined, error: null, readMs: null, readAt: 0 });
  const refreshNow = useRef<() => void>(() => undefined);

  useEffect(() => {
    let alive = true;
    let loading = false;
    /** A write landed during the read in flight: read again after it (at once when `urgent`). */
    let dirty = false;
    let urgent = false;
    let lastLoadEnd = -Infinity;
    let timer: ReturnType<typeof setTimeout> | null = null;
    /**
     * Reads again: at once for the user's own action (`now`), else once RELOAD_MS have passed since
     * the last read. A request during a read is remembered and served when the read is done.
     */
    const request = (now = false) => {
      if (loading) {
        dirty = true;
        urgent ||= now;
        return;
      }
      if (now || timer === null) {
        if (timer !== null) clearTimeout(timer);
        const wait = now ? 0 : Math.max(0, lastLoadEnd + RELOAD_MS - performance.now());
        timer = setTimeout(() => {
          timer = null;
          void load();
        }, wait);
      }
    };
    const load = async () => {
      loading = true;
      dirty = false;
      urgent = false;
      try {
        const started = performance.now();
        const contents = await reads.storeContents();
        const readMs = performance.now() - started;
        const estimate = await readEstimate().catch(() => null); // no estimate is shown as "not reported"
        if (alive) setState({ contents, estimate, error: null, readMs, readAt: Date.now() });
      } catch (error) {
        if (alive) setState((s) => ({ ...s, error: error instanceof Error ? error : new Error(String(error)) }));
      } finally {
        loading = false;
        lastLoadEnd = performance.now();
        if (dirty && alive) request(urgent);
      }
    };
    refreshNow.current = () => request(true);
    void load();
    const stop = reads.watchStore(() => request());
    return () => {
      alive = false;
      stop();
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  const refresh = useCallback(() => refreshNow.current(), []);
  return { ...state, refresh };
}
