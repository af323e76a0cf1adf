/**
 * The latest progress event of each run training in this tab's workers. One subscription to the
 * training pool, made on first use and kept, so a live view that mounts after a run started still
 * gets the next event (events come at most every 100 ms) and keeps the last one after the end
 * (for the newest runs only: see LatestProgress).
 */
import { useSyncExternalStore } from 'react';
import { training } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import type { Progress } from '../../../workers/train/protocol';
import { LatestProgress } from '../latestProgress';

const latest = new LatestProgress();
const listeners = new Set<() => void>();
let subscribed = false;

/** Starts listening to training progress; call it before starting a run so no event is missed. */
export function watchTrainingProgress(): void {
  if (subscribed) return;
  subscribed = true;
  training.onTrainingProgress((runId, progress) => {
    latest.set(runId, progress);
    for (const listener of listeners) listener();
  });
}

function subscribe(onChange: () => void): () => void {
  watchTrainingProgress();
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

/** The run's latest progress in this tab, or undefined before the first event (or elsewhere). */
export function useTrainingProgress(runId: RunId): Progress | undefined {
  return useSyncExternalStore(subscribe, () => latest.get(runId));
}
