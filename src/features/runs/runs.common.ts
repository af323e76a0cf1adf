/** Pure view helpers for the runs table: columns, cell values, sorting and the nested-run tree. */
import type { RunId } from '../../domain/ids';
import { ownValue } from '../../domain/records';
import { parseOrderBy, sortRuns } from '../../domain/tracking/searchFilter';
import type { Run } from '../../domain/tracking/types';

export type ColumnId =
  | { kind: 'attribute'; key: 'run_name' | 'status' | 'start_time' | 'duration' }
  | { kind: 'param'; key: string }
  | { kind: 'metric'; key: string };

export interface SortState {
  column: ColumnId;
  direction: 'ASC' | 'DESC';
}

export const DEFAULT_SORT: SortState = { column: { kind: 'attribute', key: 'start_time' }, direction: 'DESC' };

export const ATTRIBUTE_COLUMNS: ColumnId[] = [
  { kind: 'attribute', key: 'run_name' },
  { kind: 'attribute', key: 'status' },
  { kind: 'attribute', key: 'start_time' },
  { kind: 'attribute', key: 'duration' },
];

export function columnLabel(column: ColumnId): string {
  if (column.kind === 'attribute') {
    return { run_name: 'Run name', status: 'Status', start_time: 'Started', duration: 'Duration' }[column.key];
  }
  return column.key;
}

export function columnKey(column: ColumnId): string {
  return `${column.kind}:${column.key}`;
}

export function sameColumn(a: ColumnId, b: ColumnId): boolean {
  return a.kind === b.kind && a.key === b.key;
}

/** Param and metric columns: the union of keys over the runs, sorted by name. */
export function dataColumns(runs: readonly Run[]): ColumnId[] {
  const params = new Set<string>();
  const metrics = new Set<string>();
  for (const run of runs) {
    for (const key in run.params) params.add(key);
    for (const key in run.metrics) metrics.add(key);
  }
  return [
    ...[...params].sort().map((key): ColumnId => ({ kind: 'param', key })),
    ...[...metrics].sort().map((key): ColumnId => ({ kind: 'metric', key })),
  ];
}

export function durationMs(run: Run, now: number): number {
  return (run.endTime ?? now) - run.startTime;
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 59_950) return `${(ms / 1000).toFixed(1)} s`;
  // Round the total once, then split, so a unit never shows 60.
  const seconds = Math.round(ms / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  const minutes = Math.round(ms / 60_000);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(5)));
}

export function cellText(run: Run, column: ColumnId, now: number): string {
  switch (column.kind) {
    case 'param':
      return ownValue(run.params, column.key) ?? '';
    case 'metric': {
      const summary = ownValue(run.metrics, column.key);
      return summary ? formatMetric(summary.latest.value) : '';
    }
    case 'attribute':
      switch (column.key) {
        case 'run_name':
          return run.runName;
        case 'status':
          return run.status;
        case 'start_time':
          return new Date(run.startTime).toLocaleString();
        case 'duration':
          return formatDuration(durationMs(run, now));
      }
  }
}

function backtick(key: string): string {
  return `\`${key}\``;
}

/** Sorts by a column with the search grammar's order_by rules (missing values last both ways). */
export function sortByColumn(runs: readonly Run[], sort: SortState, now: number): Run[] {
  const { column, direction } = sort;
  if (column.kind === 'attribute' && column.key === 'duration') {
    const sign = direction === 'ASC' ? 1 : -1;
    return [...runs].sort((a, b) => sign * (durationMs(a, now) - durationMs(b, now)));
  }
  const identifier =
    column.kind === 'attribute'
      ? `attributes.${column.key}`
      : `${column.kind === 'param' ? 'params' : 'metrics'}.${backtick(column.key)}`;
  return sortRuns(runs, parseOrderBy([`${identifier} ${direction}`]));
}

export interface RunRowModel {
  run: Run;
  depth: number;
  childCount: number;
}

/**
 * Nests runs under their parent when the parent is in the list (children keep the list's order);
 * a run whose parent is filtered out stands at the top level. Collapsed parents hide their subtree.
 */
export function buildRunTree(sorted: readonly Run[], expanded: ReadonlySet<RunId>): RunRowModel[] {
  const present = new Set(sorted.map((r) => r.runId));
  const children = new Map<RunId, Run[]>();
  const roots: Run[] = [];
  for (const run of sorted) {
    const parent = run.parentRunId;
    if (parent && parent !== run.runId && present.has(parent)) {
      const list = children.get(parent) ?? [];
      list.push(run);
      children.set(parent, list);
    } else roots.push(run);
  }
  // Runs in a parent cycle (only corrupt imported data can make one) are reachable from no root: promote them.
  const reachable = new Set<RunId>();
  const stack = [...roots];
  for (let run = stack.pop(); run; run = stack.pop()) {
    reachable.add(run.runId);
    for (const kid of children.get(run.runId) ?? []) if (!reachable.has(kid.runId)) stack.push(kid);
  }
  for (const run of sorted) {
    if (reachable.has(run.runId)) continue;
    roots.push(run);
    children.delete(run.runId);
    reachable.add(run.runId);
  }
  const rows: RunRowModel[] = [];
  const visit = (run: Run, depth: number) => {
    const kids = children.get(run.runId) ?? [];
    rows.push({ run, depth, childCount: kids.length });
    if (expanded.has(run.runId)) for (const kid of kids) visit(kid, depth + 1);
  };
  for (const root of roots) visit(root, 0);
  return rows;
}
