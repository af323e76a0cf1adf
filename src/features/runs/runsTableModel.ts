/** Pure view helpers for the runs table: columns, cell values, sorting and the nested-run tree. */
import type { RunId } from '../../domain/ids';
import { ownValue } from '../../domain/records';
import { formatMetric } from '../../domain/tracking/formatMetric';
import { parseOrderBy, sortRuns } from '../../domain/tracking/searchFilter';
import type { MetricSummary, Run } from '../../domain/tracking/types';

/** Which number of a metric's history a metric column shows (and sorts by). */
export type MetricSummaryChoice = 'latest' | 'min' | 'max';
export const METRIC_SUMMARY_CHOICES: readonly MetricSummaryChoice[] = ['latest', 'min', 'max'];

export type AttributeColumnKey = 'run_name' | 'status' | 'start_time' | 'duration' | 'end_time' | 'user_id' | 'run_id';

export type ColumnId =
  | { kind: 'attribute'; key: AttributeColumnKey }
  | { kind: 'param'; key: string }
  /** `summary` absent means 'latest'. */
  | { kind: 'metric'; key: string; summary?: MetricSummaryChoice }
  | { kind: 'tag'; key: string };

export type ColumnKind = ColumnId['kind'];

export interface SortState {
  column: ColumnId;
  direction: 'ASC' | 'DESC';
}

export const DEFAULT_SORT: SortState = { column: { kind: 'attribute', key: 'start_time' }, direction: 'DESC' };

/** Every attribute column, in table order; the first four are shown by default. */
export const ALL_ATTRIBUTE_COLUMNS: readonly ColumnId[] = [
  { kind: 'attribute', key: 'run_name' },
  { kind: 'attribute', key: 'status' },
  { kind: 'attribute', key: 'start_time' },
  { kind: 'attribute', key: 'duration' },
  { kind: 'attribute', key: 'end_time' },
  { kind: 'attribute', key: 'user_id' },
  { kind: 'attribute', key: 'run_id' },
];

export const ATTRIBUTE_COLUMNS: ColumnId[] = ALL_ATTRIBUTE_COLUMNS.slice(0, 4);

const ATTRIBUTE_LABELS: Readonly<Record<AttributeColumnKey, string>> = {
  run_name: 'Run name',
  status: 'Status',
  start_time: 'Started',
  duration: 'Duration',
  end_time: 'Ended',
  user_id: 'User',
  run_id: 'Run ID',
};

/** What a header says: attribute names, keys as they are, and a metric's summary when it isn't the latest value. */
export function columnLabel(column: ColumnId): string {
  if (column.kind === 'attribute') return ATTRIBUTE_LABELS[column.key];
  if (column.kind === 'metric' && column.summary && column.summary !== 'latest') return `${column.key} (${column.summary})`;
  return column.key;
}

/** A column's identity, independent of the metric summary it shows ("param:lr", "metric:loss"). */
export function columnKey(column: Pick<ColumnId, 'kind' | 'key'>): string {
  return `${column.kind}:${column.key}`;
}

export function sameColumn(a: Pick<ColumnId, 'kind' | 'key'>, b: Pick<ColumnId, 'kind' | 'key'>): boolean {
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

/** The number a metric column shows for one run's summary. */
export function metricSummaryValue(summary: MetricSummary, choice: MetricSummaryChoice | undefined): number {
  if (choice === 'min') return summary.min;
  if (choice === 'max') return summary.max;
  return summary.latest.value;
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

// One formatter for every time cell: the same text as Date#toLocaleString(), without building a formatter per call.
const TIME_FORMAT = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
});

export function formatTime(ms: number): string {
  return Number.isFinite(ms) ? TIME_FORMAT.format(ms) : '';
}

const TIME_OF_DAY = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: 'numeric', second: 'numeric' });
const DAY_AND_TIME = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: 'numeric' });
const DATE_ONLY = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/**
 * A start time short enough for a narrow column (the cell's tooltip has the full one): the time
 * for today, the day and time this year, the date before that.
 */
export function formatTimeShort(ms: number, reference: number): string {
  if (!Number.isFinite(ms)) return '';
  const date = new Date(ms);
  const today = new Date(reference);
  if (date.getFullYear() !== today.getFullYear()) return DATE_ONLY.format(ms);
  if (date.getMonth() === today.getMonth() && date.getDate() === today.getDate()) return TIME_OF_DAY.format(ms);
  return DAY_AND_TIME.format(ms);
}

export function cellText(run: Run, column: ColumnId, now: number): string {
  switch (column.kind) {
    case 'param':
      return ownValue(run.params, column.key) ?? '';
    case 'tag':
      return ownValue(run.tags, column.key) ?? '';
    case 'metric': {
      const summary = ownValue(run.metrics, column.key);
      return summary ? formatMetric(metricSummaryValue(summary, column.summary)) : '';
    }
    case 'attribute':
      switch (column.key) {
        case 'run_name':
          return run.runName;
        case 'status':
          return run.status;
        case 'start_time':
          return formatTime(run.startTime);
        case 'end_time':
          return run.endTime === null ? '' : formatTime(run.endTime);
        case 'duration':
          return formatDuration(durationMs(run, now));
        case 'user_id':
          return run.userId;
        case 'run_id':
          return run.runId;
      }
  }
}

function backtick(key: string): string {
  return `\`${key}\``;
}

/** The search grammar's default order: start time, newest first, then run id. */
function defaultOrder(a: Run, b: Run): number {
  if (a.startTime !== b.startTime) return b.startTime - a.startTime;
  return a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
}

/**
 * Sorts by a metric's min or max with order_by's rules: ties keep the default order; a NaN value
 * (every point NaN) comes after every number, ±inf included, and runs lacking the metric come
 * after those, in both directions.
 */
function sortByMetricSummary(runs: readonly Run[], key: string, choice: MetricSummaryChoice, ascending: boolean): Run[] {
  const present: Array<{ run: Run; value: number }> = [];
  const nan: Run[] = [];
  const missing: Run[] = [];
  for (const run of runs) {
    const summary = ownValue(run.metrics, key);
    if (!summary) {
      missing.push(run);
      continue;
    }
    const value = metricSummaryValue(summary, choice);
    if (Number.isNaN(value)) nan.push(run);
    else present.push({ run, value });
  }
  const sign = ascending ? 1 : -1;
  present.sort((a, b) => (a.value < b.value ? -sign : a.value > b.value ? sign : defaultOrder(a.run, b.run)));
  nan.sort(defaultOrder);
  missing.sort(defaultOrder);
  const sorted = present.map((item) => item.run);
  for (const run of nan) sorted.push(run);
  for (const run of missing) sorted.push(run);
  return sorted;
}

/**
 * Sorts by a column with the search grammar's order_by rules (NaN metrics after the numbers,
 * missing values last, both ways); a metric column sorts by the summary it shows.
 */
export function sortByColumn(runs: readonly Run[], sort: SortState, now: number): Run[] {
  const { column, direction } = sort;
  if (column.kind === 'attribute' && column.key === 'duration') {
    const sign = direction === 'ASC' ? 1 : -1;
    return [...runs].sort((a, b) => sign * (durationMs(a, now) - durationMs(b, now)));
  }
  if (column.kind === 'attribute' && column.key === 'start_time') {
    // The table's default sort: one comparator pass instead of order_by's two (same order, ties by run id).
    const copy = [...runs];
    return direction === 'DESC' ? copy.sort(defaultOrder) : copy.sort((a, b) => a.startTime - b.startTime || defaultOrder(a, b));
  }
  if (column.kind === 'metric' && column.summary && column.summary !== 'latest') {
    return sortByMetricSummary(runs, column.key, column.summary, direction === 'ASC');
  }
  const identifier =
    column.kind === 'attribute' ? `attributes.${column.key}` : `${ENTITY_PREFIX[column.kind]}.${backtick(column.key)}`;
  return sortRuns(runs, parseOrderBy([`${identifier} ${direction}`]));
}

const ENTITY_PREFIX = { param: 'params', metric: 'metrics', tag: 'tags' } as const;

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
  // Most experiments have no nested runs: then every run is a root, with no sets or maps to build.
  if (!sorted.some((run) => run.parentRunId)) return sorted.map((run) => ({ run, depth: 0, childCount: 0 }));
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
