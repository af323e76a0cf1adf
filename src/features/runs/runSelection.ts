/**
 * The run selection: run ids with their experiment, in the order they were picked, shared by every
 * experiment page so runs of several experiments can be compared together. Pure updates (each
 * returns the same object when nothing changes), tolerant parsing of the stored JSON, and a tiny
 * store (subscribe/getSnapshot for useSyncExternalStore) over any Storage-like object.
 */
import { isExperimentId, isRunId, type ExperimentId, type RunId } from '../../domain/ids';

export type Selection = ReadonlyMap<RunId, ExperimentId>;

export interface SelectableRun {
  runId: RunId;
  experimentId: ExperimentId;
}

export const EMPTY_SELECTION: Selection = new Map();

export function toggleRun(selection: Selection, run: SelectableRun): Selection {
  const next = new Map(selection);
  if (next.has(run.runId)) next.delete(run.runId);
  else next.set(run.runId, run.experimentId);
  return next;
}

export function selectRuns(selection: Selection, runs: Iterable<SelectableRun>): Selection {
  let next: Map<RunId, ExperimentId> | null = null;
  for (const run of runs) {
    if (selection.get(run.runId) === run.experimentId) continue;
    next ??= new Map(selection);
    next.set(run.runId, run.experimentId);
  }
  return next ?? selection;
}

export function deselectRuns(selection: Selection, runIds: Iterable<RunId>): Selection {
  let next: Map<RunId, ExperimentId> | null = null;
  for (const runId of runIds) {
    if (!selection.has(runId)) continue;
    next ??= new Map(selection);
    next.delete(runId);
  }
  return next ?? selection;
}

/** Drops the selected runs of `experimentId` that are not among its existing runs (deleted for good, or moved). */
export function pruneExperiment(selection: Selection, experimentId: ExperimentId, existing: ReadonlySet<RunId>): Selection {
  let next: Map<RunId, ExperimentId> | null = null;
  for (const [runId, owner] of selection) {
    if (owner !== experimentId || existing.has(runId)) continue;
    next ??= new Map(selection);
    next.delete(runId);
  }
  return next ?? selection;
}

export function hasRunsOf(selection: Selection, experimentId: ExperimentId): boolean {
  for (const owner of selection.values()) if (owner === experimentId) return true;
  return false;
}

export interface SelectionSummary {
  runIds: RunId[];
  count: number;
  experiments: number;
  /** True when every selected run belongs to `experimentId`. */
  onlyHere: boolean;
}

export function summarizeSelection(selection: Selection, experimentId: ExperimentId | null): SelectionSummary {
  const experiments = new Set(selection.values());
  return {
    runIds: [...selection.keys()],
    count: selection.size,
    experiments: experiments.size,
    onlyHere: experiments.size === 0 || (experiments.size === 1 && experimentId !== null && experiments.has(experimentId)),
  };
}

/** "3 selected", or "5 selected (across 2 experiments)" when some selected runs live in other experiments. */
export function selectionText(summary: SelectionSummary): string {
  if (summary.onlyHere) return `${summary.count} selected`;
  const unit = summary.experiments === 1 ? 'experiment' : 'experiments';
  return `${summary.count} selected (across ${summary.experiments} ${unit})`;
}

/** Compare needs at least two runs. */
export const MIN_COMPARE = 2;

// ---- storage ----

export const SELECTION_STORAGE_KEY = 'trainyard.runs.selection';
const MAX_STORED = 10_000;

/** Stored `[[runId, experimentId], …]`; anything else (or any malformed pair) is ignored. */
export function parseSelection(text: string | null | undefined): Selection {
  if (typeof text !== 'string' || text.length === 0) return EMPTY_SELECTION;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return EMPTY_SELECTION;
  }
  if (!Array.isArray(data)) return EMPTY_SELECTION;
  const selection = new Map<RunId, ExperimentId>();
  for (const pair of data.slice(0, MAX_STORED)) {
    if (!Array.isArray(pair) || pair.length !== 2) continue;
    const [runId, experimentId] = pair as unknown[];
    if (isRunId(runId) && isExperimentId(experimentId)) selection.set(runId, experimentId);
  }
  return selection;
}

export function serializeSelection(selection: Selection): string {
  return JSON.stringify([...selection]);
}

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface SelectionStore {
  getSnapshot: () => Selection;
  subscribe: (listener: () => void) => () => void;
  update: (change: (selection: Selection) => Selection) => void;
}

/** A store over `storage` (null: memory only); storage errors (quota, privacy mode) never break selecting. */
export function createSelectionStore(storage: StorageLike | null, key = SELECTION_STORAGE_KEY): SelectionStore {
  let state: Selection = EMPTY_SELECTION;
  try {
    state = parseSelection(storage?.getItem(key));
  } catch {
    // unreadable storage: start empty
  }
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    update(change) {
      const next = change(state);
      if (next === state) return;
      state = next;
      try {
        if (next.size === 0) storage?.removeItem(key);
        else storage?.setItem(key, serializeSelection(next));
      } catch {
        // the selection still works for this page
      }
      for (const listener of [...listeners]) listener();
    },
  };
}
