/**
 * Data shaping for the compare view's Plotly charts (parallel coordinates, scatter, contour, box),
 * as plain arrays: no Plotly import and no HTML. Strings that end up in Plotly labels are either
 * passed through the caller's `escape` (plotText) here or documented as raw for the caller to escape.
 * Functions take their columns in one options object, shaped like the URL state's chart fields.
 */
import type { RunId } from '../ids';
import type { Run } from '../tracking/types';
import type { ColumnRef } from './columns';
import { columnLabel, columnValue, parseNumeric, sortValues } from './columns';

export interface ParallelDimension {
  label: string;
  /** One value per run; NaN where the run has none (or a non-finite metric). */
  values: number[];
  /**
   * Categorical columns only: positions 0..k−1 and their texts, RAW: Plotly draws parcoords tick
   * texts as plain text (escaping would show "&lt;"), unlike its labels, which it reads as HTML.
   */
  tickvals?: number[];
  ticktext?: string[];
  range: [number, number];
}

/** [min, max], widened around a single value so the axis is not degenerate; [0, 1] when empty. */
function rangeOf(values: readonly number[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min > max) return [0, 1];
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) / 2;
    return [min - pad, max + pad];
  }
  return [min, max];
}

/**
 * One parallel-coordinates dimension per column; the label goes through `escape`, the tick texts
 * don't. A column is numeric when every present value is a finite number (param strings are
 * parsed; non-finite metric values count as missing), else categorical: distinct values sorted,
 * mapped to 0..k−1, with tickvals and ticktext.
 */
export function parallelDimensions(
  runs: readonly Run[],
  options: { columns: readonly ColumnRef[]; escape: (text: string) => string },
): ParallelDimension[] {
  return options.columns.map((ref) => {
    const raw = runs.map((run) => {
      const v = columnValue(run, ref);
      return typeof v === 'number' && !Number.isFinite(v) ? null : v;
    });
    const label = options.escape(columnLabel(ref));
    const parsed = raw.map(parseNumeric);
    if (raw.every((v, i) => v === null || parsed[i] !== null)) {
      const values = parsed.map((n) => n ?? NaN);
      return { label, values, range: rangeOf(values.filter((v) => !Number.isNaN(v))) };
    }
    const texts = raw.map((v) => (v === null ? null : String(v)));
    const { sorted } = sortValues(new Set(texts.filter((t): t is string => t !== null)));
    const position = new Map(sorted.map((t, i) => [t, i]));
    const tickvals = sorted.map((_, i) => i);
    return {
      label,
      values: texts.map((t) => (t === null ? NaN : (position.get(t) ?? NaN))),
      tickvals,
      ticktext: sorted,
      range: rangeOf(tickvals),
    };
  });
}

export interface ScatterPoints {
  x: Array<number | string>;
  y: Array<number | string>;
  runIds: RunId[];
  /** Run names, RAW: escape them (plotText) before they reach Plotly. */
  texts: string[];
}

/** Present and, for numbers, finite. */
function usable(v: string | number | null): v is string | number {
  return v !== null && (typeof v === 'string' || Number.isFinite(v));
}

/** Numbers when every value parses as one (so "0.01" plots on a numeric axis), else the texts. */
function axisValues(values: ReadonlyArray<string | number>): Array<number | string> {
  const parsed = values.map(parseNumeric);
  if (parsed.every((n) => n !== null)) return parsed as number[];
  return values.map(String);
}

/** One point per run that has both values (non-finite metrics count as missing). */
export function scatterPoints(runs: readonly Run[], options: { x: ColumnRef; y: ColumnRef }): ScatterPoints {
  const xs: Array<string | number> = [];
  const ys: Array<string | number> = [];
  const runIds: RunId[] = [];
  const texts: string[] = [];
  for (const run of runs) {
    const x = columnValue(run, options.x);
    const y = columnValue(run, options.y);
    if (!usable(x) || !usable(y)) continue;
    xs.push(x);
    ys.push(y);
    runIds.push(run.runId);
    texts.push(run.runName);
  }
  return { x: axisValues(xs), y: axisValues(ys), runIds, texts };
}

export interface ContourGrid {
  x: number[];
  y: number[];
  /** z[row][col] for y[row], x[col] (Plotly's layout): the mean z of the runs there, null if none. */
  z: Array<Array<number | null>>;
  /** Why there is no contour to draw, naming the column; null when the grid is usable. */
  reason: string | null;
}

/**
 * A contour grid of z over two numeric columns (MLflow's contour plot of two params against a
 * metric). Runs missing x, y or a finite numeric z are left out. Needs numeric x and y, each with
 * at least 2 distinct values among the runs used; otherwise the grid is empty and `reason` says why.
 */
export function contourGrid(runs: readonly Run[], options: { x: ColumnRef; y: ColumnRef; z: ColumnRef }): ContourGrid {
  const empty = (reason: string): ContourGrid => ({ x: [], y: [], z: [], reason });
  const [xName, yName, zName] = [options.x, options.y, options.z].map(columnLabel);
  const used: Array<{ x: string | number; y: string | number; z: number }> = [];
  for (const run of runs) {
    const x = columnValue(run, options.x);
    const y = columnValue(run, options.y);
    const z = parseNumeric(columnValue(run, options.z));
    if (usable(x) && usable(y) && z !== null) used.push({ x, y, z });
  }
  if (used.length === 0) return empty(`No run has ${xName}, ${yName} and a finite ${zName}.`);

  const axis = (name: string | undefined, values: Array<string | number>): number[] | string => {
    const numbers: number[] = [];
    for (const v of values) {
      const n = parseNumeric(v);
      if (n === null) return `${name} is not numeric (${JSON.stringify(String(v))}).`;
      numbers.push(n);
    }
    const distinct = [...new Set(numbers)].sort((a, b) => a - b);
    if (distinct.length < 2) return `${name} needs at least 2 distinct values; the runs have ${distinct.length}.`;
    return distinct;
  };
  const xs = axis(xName, used.map((p) => p.x));
  if (typeof xs === 'string') return empty(xs);
  const ys = axis(yName, used.map((p) => p.y));
  if (typeof ys === 'string') return empty(ys);

  const cells = ys.map(() => xs.map(() => ({ mean: 0, n: 0 })));
  for (const p of used) {
    const cell = cells[ys.indexOf(parseNumeric(p.y) ?? NaN)]?.[xs.indexOf(parseNumeric(p.x) ?? NaN)];
    if (!cell) continue;
    cell.n += 1;
    cell.mean = cell.mean * ((cell.n - 1) / cell.n) + p.z / cell.n;
  }
  return { x: xs, y: ys, z: cells.map((row) => row.map((c) => (c.n > 0 ? c.mean : null))), reason: null };
}

export interface BoxGroup {
  /** The param value; null for runs without the param (shown last). */
  value: string | null;
  metrics: number[];
}

/**
 * A metric's finite latest values grouped by a param's value, for a box plot. Groups are ordered
 * numerically when every value is a number, else as text; runs without the param form a last
 * group; groups without any finite metric value are left out.
 */
export function boxByParam(runs: readonly Run[], options: { param: string; metric: string }): BoxGroup[] {
  const groups = new Map<string | null, number[]>();
  for (const run of runs) {
    const metric = columnValue(run, { kind: 'metric', key: options.metric });
    if (typeof metric !== 'number' || !Number.isFinite(metric)) continue;
    const value = columnValue(run, { kind: 'param', key: options.param });
    const key = value === null ? null : String(value);
    const list = groups.get(key);
    if (list) list.push(metric);
    else groups.set(key, [metric]);
  }
  const named = [...groups.keys()].filter((k): k is string => k !== null);
  const out: BoxGroup[] = sortValues(named).sorted.map((value) => ({ value, metrics: groups.get(value) ?? [] }));
  const none = groups.get(null);
  if (none) out.push({ value: null, metrics: none });
  return out;
}
