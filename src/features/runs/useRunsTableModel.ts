import { useMemo } from 'react';
import { FilterSyntaxError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { matchesFilter, parseFilter } from '../../domain/tracking/searchFilter';
import type { Run } from '../../domain/tracking/types';
import { buildRunTree, dataColumns, sortByColumn, type RunRowModel, type SortState } from './runs.common';

export interface RunsTableModel {
  rows: RunRowModel[];
  columns: ReturnType<typeof dataColumns>;
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
  const columns = useMemo(() => dataColumns(runs), [runs]);
  const filtered = useMemo(
    () => (parsed.expr ? runs.filter((run) => matchesFilter(parsed.expr, run)) : runs),
    [runs, parsed.expr],
  );
  // Duration of running runs depends on `now`; other sorts don't need to rerun every tick.
  const sortNow = sort.column.kind === 'attribute' && sort.column.key === 'duration' ? now : 0;
  const sorted = useMemo(() => sortByColumn(filtered, sort, sortNow), [filtered, sort, sortNow]);
  const rows = useMemo(() => buildRunTree(sorted, expanded), [sorted, expanded]);
  return { rows, columns, matched: filtered.length, filterError: parsed.error };
}
