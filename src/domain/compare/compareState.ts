/**
 * The compare view's state in the URL hash (`#/compare?runs=a,b&smoothing=0.6`), so a comparison
 * can be bookmarked and shared. Encoding is compact (defaults are left out, keys in a fixed order,
 * commas and slashes left readable); decoding never throws: a field it cannot read falls back to
 * its default and adds a warning that names the field, so a stale or hand-edited link still opens.
 * Lists are comma-separated; an item's own "%" and "," are escaped as %25 and %2C.
 */
import { isRunId } from '../ids';
import type { ColumnRef } from './columns';
import { columnLabel, parseColumnLabel, parseNumeric } from './columns';
import { clampSmoothing, MAX_SMOOTHING } from './smoothing';
import type { XAxisMode } from './xAxis';
import { X_AXIS_MODES } from './xAxis';

export type YScale = 'linear' | 'log';

export interface CompareState {
  runIds: string[];
  xAxis: XAxisMode;
  /** TensorBoard smoothing weight, 0 (off) to 0.999. */
  smoothing: number;
  yScale: YScale;
  /** Metric keys drawn as curves. */
  metrics: string[];
  groupBy: ColumnRef | null;
  onlyDiffering: boolean;
  parallel: ColumnRef[];
  scatter: { x: ColumnRef; y: ColumnRef } | null;
  contour: { x: ColumnRef; y: ColumnRef; z: ColumnRef } | null;
  box: { param: string; metric: string } | null;
}

export const MAX_COMPARE_RUNS = 500;
/** Cap on the other lists (metrics, parallel axes), against pathological links. */
export const MAX_LIST_ITEMS = 500;

export function defaultCompareState(): CompareState {
  return {
    runIds: [],
    xAxis: 'step',
    smoothing: 0,
    yScale: 'linear',
    metrics: [],
    groupBy: null,
    onlyDiffering: false,
    parallel: [],
    scatter: null,
    contour: null,
    box: null,
  };
}

/** URL keys, in the order they are written. */
const FIELDS = [
  'runs',
  'xAxis',
  'smoothing',
  'yScale',
  'metrics',
  'groupBy',
  'onlyDiffering',
  'parallel',
  'scatter',
  'contour',
  'box',
] as const;
type Field = (typeof FIELDS)[number];

const escapeItem = (item: string): string => item.replace(/%/g, '%25').replace(/,/g, '%2C');
const joinList = (items: readonly string[]): string => items.map(escapeItem).join(',');
const splitList = (text: string): string[] =>
  text
    .split(',')
    .filter((item) => item !== '')
    .map((item) => item.replace(/%(25|2C)/gi, (m) => (m === '%25' ? '%' : ',')));

/** The query string (without "?") for a state; '' for the default state. */
export function encodeCompareState(state: CompareState): string {
  const values: Partial<Record<Field, string>> = {};
  if (state.runIds.length > 0) values.runs = joinList(state.runIds);
  if (state.xAxis !== 'step') values.xAxis = state.xAxis;
  const smoothing = clampSmoothing(state.smoothing);
  if (smoothing !== 0) values.smoothing = String(smoothing);
  if (state.yScale !== 'linear') values.yScale = state.yScale;
  if (state.metrics.length > 0) values.metrics = joinList(state.metrics);
  if (state.groupBy) values.groupBy = columnLabel(state.groupBy);
  if (state.onlyDiffering) values.onlyDiffering = '1';
  if (state.parallel.length > 0) values.parallel = joinList(state.parallel.map(columnLabel));
  if (state.scatter) values.scatter = joinList([state.scatter.x, state.scatter.y].map(columnLabel));
  if (state.contour) values.contour = joinList([state.contour.x, state.contour.y, state.contour.z].map(columnLabel));
  if (state.box) values.box = joinList([state.box.param, state.box.metric]);
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = values[field];
    if (value !== undefined) params.set(field, value);
  }
  // Commas and slashes are legal in a fragment. An item's own comma is already "%2C" before
  // URL-encoding and so "%252C" after it, which this replacement leaves alone.
  return params.toString().replace(/%2C/g, ',').replace(/%2F/g, '/');
}

function shown(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** `"x" is not a column` or `"x", "y", "z" and 4 more are not columns`, for a warning. */
function badItems(bad: readonly string[], noun: string): string {
  const more = bad.length > 3 ? ` and ${bad.length - 3} more` : '';
  return `${bad.slice(0, 3).map(shown).join(', ')}${more} ${bad.length === 1 ? `is not a ${noun}` : `are not ${noun}s`}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}

function capped<T>(field: string, items: T[], max: number, warnings: string[]): T[] {
  if (items.length <= max) return items;
  warnings.push(`${field}: ${items.length} given, only the first ${max} are kept`);
  return items.slice(0, max);
}

/** Column labels of a list field; the unreadable ones are reported in one warning. */
function columns(field: string, text: string, warnings: string[]): ColumnRef[] {
  const refs: ColumnRef[] = [];
  const bad: string[] = [];
  for (const item of splitList(text)) {
    const ref = parseColumnLabel(item);
    if (ref) refs.push(ref);
    else bad.push(item);
  }
  if (bad.length > 0) {
    warnings.push(`${field}: ${badItems(bad, 'column')} such as params.lr or metrics.loss`);
  }
  return refs;
}

/** Exactly `count` columns, or null with a warning. */
function fixedColumns(field: string, text: string, count: number, warnings: string[]): ColumnRef[] | null {
  const before = warnings.length;
  const refs = columns(field, text, warnings);
  if (warnings.length > before) return null;
  if (refs.length !== count) {
    warnings.push(`${field}: ${shown(text)} should be ${count} columns separated by commas`);
    return null;
  }
  return refs;
}

/**
 * Reads a query string (with or without a leading "?"). Never throws: unknown fields are ignored
 * and unreadable ones keep their default, each with a warning naming the field. Run ids are
 * checked, deduplicated and capped at MAX_COMPARE_RUNS.
 */
export function decodeCompareState(query: string): { state: CompareState; warnings: string[] } {
  const state = defaultCompareState();
  const warnings: string[] = [];
  const params = new URLSearchParams(query);
  const seen = new Set<string>();
  const raw = new Map<Field, string>();
  for (const [key, value] of params) {
    if (!(FIELDS as readonly string[]).includes(key)) {
      if (!seen.has(key)) warnings.push(`${key}: unknown field, ignored`);
    } else if (seen.has(key)) {
      warnings.push(`${key}: given more than once, the first is used`);
    } else {
      raw.set(key as Field, value);
    }
    seen.add(key);
  }
  for (const [field, text] of raw) {
    switch (field) {
      case 'runs': {
        const ids = splitList(text);
        const bad = ids.filter((id) => !isRunId(id));
        if (bad.length > 0) warnings.push(`runs: ${badItems(bad, 'run id')}`);
        state.runIds = capped('runs', unique(ids.filter(isRunId)), MAX_COMPARE_RUNS, warnings);
        break;
      }
      case 'xAxis':
        if ((X_AXIS_MODES as readonly string[]).includes(text)) state.xAxis = text as XAxisMode;
        else warnings.push(`xAxis: ${shown(text)} is not one of ${X_AXIS_MODES.join(', ')}`);
        break;
      case 'smoothing': {
        const n = parseNumeric(text);
        if (n !== null && n >= 0 && n <= MAX_SMOOTHING) state.smoothing = n;
        else warnings.push(`smoothing: ${shown(text)} is not a number from 0 to ${MAX_SMOOTHING}`);
        break;
      }
      case 'yScale':
        if (text === 'linear' || text === 'log') state.yScale = text;
        else warnings.push(`yScale: ${shown(text)} is not one of linear, log`);
        break;
      case 'metrics':
        state.metrics = capped('metrics', unique(splitList(text)), MAX_LIST_ITEMS, warnings);
        break;
      case 'groupBy': {
        const ref = parseColumnLabel(text);
        if (ref) state.groupBy = ref;
        else warnings.push(`groupBy: ${shown(text)} is not a column such as params.lr or tags.team`);
        break;
      }
      case 'onlyDiffering':
        if (text === '1' || text === 'true') state.onlyDiffering = true;
        else if (text !== '0' && text !== 'false') warnings.push(`onlyDiffering: ${shown(text)} is not 1 or 0`);
        break;
      case 'parallel':
        state.parallel = capped('parallel', columns('parallel', text, warnings), MAX_LIST_ITEMS, warnings);
        break;
      case 'scatter': {
        const refs = fixedColumns('scatter', text, 2, warnings);
        if (refs?.[0] && refs[1]) state.scatter = { x: refs[0], y: refs[1] };
        break;
      }
      case 'contour': {
        const refs = fixedColumns('contour', text, 3, warnings);
        if (refs?.[0] && refs[1] && refs[2]) state.contour = { x: refs[0], y: refs[1], z: refs[2] };
        break;
      }
      case 'box': {
        const [param, metric, ...rest] = splitList(text);
        if (param !== undefined && metric !== undefined && rest.length === 0) state.box = { param, metric };
        else warnings.push(`box: ${shown(text)} should be a param key and a metric key separated by a comma`);
        break;
      }
    }
  }
  return { state, warnings };
}
