/**
 * The side-by-side table of the compare view (MLflow's CompareRunView): one row per attribute,
 * param, metric and tag, one value per run. Rows say whether the runs differ, and metric rows
 * which runs are best given a direction, so the UI only formats and highlights.
 */
import { metricDirection, type Direction } from '../tracking/metricDirection';
import type { Run } from '../tracking/types';
import type { ColumnKind } from './columns';
import { columnValue, compareText } from './columns';

export type { Direction };
export type CompareValue = string | number | null;

export interface CompareRow {
  section: ColumnKind;
  key: string;
  /** One value per run, in the order of the runs passed in; null where the run has none. */
  values: CompareValue[];
  /** True when any two values differ; a missing value differs from a present one. */
  differs: boolean;
  /** Metric rows only: indices of the best finite values (ties all best). Empty elsewhere. */
  bestIndices: number[];
}

export interface CompareOptions {
  /** Keep only rows whose values differ (MLflow's "show diff only"), in every section. */
  onlyDiffering?: boolean;
  /** Per metric key, which direction is better; keys not listed use metricDirection. */
  directions?: Record<string, Direction>;
}

/** The attribute rows, in this fixed order (not alphabetical, unlike the other sections). */
export const TABLE_ATTRIBUTES = ['run_name', 'status', 'duration', 'start_time'] as const;

function sameValue(a: CompareValue, b: CompareValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  return a === b;
}

function anyDiffer(values: readonly CompareValue[]): boolean {
  return values.some((v) => !sameValue(v, values[0] ?? null));
}

/** Indices of the best finite numbers; NaN and ±Infinity (diverged runs) are never best. */
export function bestIndices(values: readonly CompareValue[], direction: Direction): number[] {
  let best: number | null = null;
  for (const v of values) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    if (best === null || (direction === 'lower' ? v < best : v > best)) best = v;
  }
  if (best === null) return [];
  const out: number[] = [];
  values.forEach((v, i) => {
    if (v === best) out.push(i);
  });
  return out;
}

function keysOf(runs: readonly Run[], pick: (run: Run) => Record<string, unknown>): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(pick(run))) keys.add(key);
  return [...keys].sort(compareText);
}

/**
 * The compare table for `runs` (one column each, in the order given): attribute rows first, then
 * params, metrics (latest value) and tags, each sorted by key.
 */
export function compareRows(runs: readonly Run[], options: CompareOptions = {}): CompareRow[] {
  if (runs.length === 0) return [];
  const directions = options.directions ?? {};
  const rows: CompareRow[] = [];
  const add = (section: ColumnKind, key: string): void => {
    const values = runs.map((run) => columnValue(run, { kind: section, key }));
    const direction = Object.hasOwn(directions, key) ? (directions[key] ?? metricDirection(key)) : metricDirection(key);
    rows.push({
      section,
      key,
      values,
      differs: anyDiffer(values),
      bestIndices: section === 'metric' ? bestIndices(values, direction) : [],
    });
  };
  for (const key of TABLE_ATTRIBUTES) add('attribute', key);
  for (const key of keysOf(runs, (run) => run.params)) add('param', key);
  for (const key of keysOf(runs, (run) => run.metrics)) add('metric', key);
  for (const key of keysOf(runs, (run) => run.tags)) add('tag', key);
  return options.onlyDiffering ? rows.filter((row) => row.differs) : rows;
}
