/**
 * The runs table's derived state, memoised step by step so typing a filter re-runs only the
 * filter, sort and tree, and live updates of the runs re-run only what depends on them.
 */
import { useMemo } from 'react';
import { FilterSyntaxError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { compileFilter, parseFilter } from '../../domain/tracking/searchFilter';
import type { Run } from '../../domain/tracking/types';
import { columnCatalog, mainMetric, newColumns, visibleColumns, type ColumnGroup, type ColumnPrefs } from './columnPrefs';
import { completionCandidates } from './filterCompletion';
import { collectRunKeys, runKeysFromSignature, runKeysSignature, type RunKeys } from './runKeys';
import { buildRunTree, columnKey, sortByColumn, type ColumnId, type RunRowModel, type SortState } from './runsTableModel';

export interface RunsTableModel {
  rows: RunRowModel[];
  matched: number;
  filterError: FilterSyntaxError | null;
}

/** Filter, sort and nest the runs; a filter that doesn't parse leaves the table unfiltered and says why. */
export function useRunsTableModel(options: {
  runs: readonly Run[];
  filter: string;
  sort: SortState;
  expanded: ReadonlySet<RunId>;
  now: number;
}): RunsTableModel {
  const { runs, filter, sort, expanded, now } = options;
  const parsed = useMemo(() => {
    try {
      return { expr: parseFilter(filter), error: null };
    } catch (error) {
      if (error instanceof FilterSyntaxError) return { expr: null, error };
      throw error;
    }
  }, [filter]);
  const filtered = useMemo(() => {
    if (!parsed.expr) return runs;
    const matches = compileFilter(parsed.expr);
    return runs.filter((run) => matches(run));
  }, [runs, parsed.expr]);
  // Duration of running runs depends on `now`; other sorts don't need to rerun every tick.
  const sortNow = sort.column.kind === 'attribute' && sort.column.key === 'duration' ? now : 0;
  const sorted = useMemo(() => sortByColumn(filtered, sort, sortNow), [filtered, sort, sortNow]);
  const rows = useMemo(() => buildRunTree(sorted, expanded), [sorted, expanded]);
  return { rows, matched: filtered.length, filterError: parsed.error };
}

export interface RunColumns {
  keys: RunKeys;
  /** Every column, grouped, for the chooser. */
  groups: ColumnGroup[];
  /** The table's columns, in order. */
  visible: ColumnId[];
  visibleKeys: ReadonlySet<string>;
  /** Columns that appeared after the user chose columns: offered in the chooser, not shown. */
  fresh: ColumnId[];
  mainMetric: string | null;
  /** The names the filter box completes. */
  candidates: string[];
}

/** The column catalog and the visible columns; they keep their identity while runs update without new keys. */
export function useRunColumns(runs: readonly Run[], prefs: ColumnPrefs): RunColumns {
  const signature = useMemo(() => runKeysSignature(collectRunKeys(runs)), [runs]);
  const keys = useMemo(() => runKeysFromSignature(signature), [signature]);
  const groups = useMemo(() => columnCatalog(keys, prefs), [keys, prefs]);
  const visible = useMemo(() => visibleColumns(keys, prefs), [keys, prefs]);
  const visibleKeys = useMemo(() => new Set(visible.map(columnKey)), [visible]);
  const fresh = useMemo(() => newColumns(keys, prefs), [keys, prefs]);
  const candidates = useMemo(() => completionCandidates(keys), [keys]);
  return { keys, groups, visible, visibleKeys, fresh, mainMetric: mainMetric(keys, prefs), candidates };
}
