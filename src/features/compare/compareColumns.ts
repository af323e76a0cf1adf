/**
 * The columns of the compare view: which metric, param and tag keys the runs have, a column as a
 * <select> value and back, and a table cell formatted as the runs table formats it.
 */
import type { ColumnRef } from '../../domain/compare/columns';
import { formatMetric } from '../../domain/tracking/formatMetric';
import type { Run } from '../../domain/tracking/types';
import { formatDuration, formatTime } from '../runs/runsTableModel';

/** Every metric key logged by any of the runs, sorted. */
export function metricKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.metrics)) keys.add(key);
  return [...keys].sort();
}

/** Every param key of any of the runs, sorted. */
export function paramKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.params)) keys.add(key);
  return [...keys].sort();
}

/** A table cell, formatted as the runs table formats it; null as "—". */
export function formatCompareValue(value: string | number | null, key: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (key === 'duration') return formatDuration(value);
  if (key === 'start_time' || key === 'end_time') return formatTime(value);
  return formatMetric(value);
}

/** `kind:key` as a <select> value, and back. */
export function columnOption(ref: ColumnRef): string {
  return `${ref.kind}:${ref.key}`;
}

export function parseColumnOption(value: string): ColumnRef | null {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  if (at < 0 || !['param', 'metric', 'tag', 'attribute'].includes(kind)) return null;
  return { kind: kind as ColumnRef['kind'], key: value.slice(at + 1) };
}

/** The columns a hyperparameter chart can use: params, metrics, and user tags (not mlflow.*). */
export function chartColumns(runs: readonly Run[]): ColumnRef[] {
  const tags = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.tags)) if (!key.startsWith('mlflow.') && !key.startsWith('trainyard.')) tags.add(key);
  return [
    ...paramKeys(runs).map((key): ColumnRef => ({ kind: 'param', key })),
    ...metricKeys(runs).map((key): ColumnRef => ({ kind: 'metric', key })),
    ...[...tags].sort().map((key): ColumnRef => ({ kind: 'tag', key })),
  ];
}
