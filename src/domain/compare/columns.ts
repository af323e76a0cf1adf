/**
 * Column references for the compare view: one shape ({kind, key}) for a param, metric, tag or run
 * attribute, so tables, charts and the URL state all name a column the same way. Labels follow
 * MLflow's search syntax ("params.lr", "metrics.loss"), which is also how the URL spells them.
 */
import type { Run } from '../tracking/types';

export type ColumnKind = 'param' | 'metric' | 'tag' | 'attribute';

export interface ColumnRef {
  kind: ColumnKind;
  key: string;
}

/** Run attributes a column can show, in the order the compare table lists them. */
export const ATTRIBUTE_KEYS = ['run_name', 'status', 'duration', 'start_time', 'end_time', 'run_id', 'user_id'] as const;
export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

const PREFIX: Record<ColumnKind, string> = { param: 'params', metric: 'metrics', tag: 'tags', attribute: 'attributes' };
const KIND_BY_PREFIX = new Map<string, ColumnKind>(
  (Object.keys(PREFIX) as ColumnKind[]).map((kind) => [PREFIX[kind], kind]),
);

export function isAttributeKey(key: string): key is AttributeKey {
  return (ATTRIBUTE_KEYS as readonly string[]).includes(key);
}

/** "params.lr", "metrics.val/loss", "tags.mlflow.runName", "attributes.duration". */
export function columnLabel(ref: ColumnRef): string {
  return `${PREFIX[ref.kind]}.${ref.key}`;
}

/** The inverse of columnLabel; null for an unknown prefix, an empty key or an unknown attribute. */
export function parseColumnLabel(label: string): ColumnRef | null {
  const dot = label.indexOf('.');
  if (dot <= 0 || dot === label.length - 1) return null;
  const kind = KIND_BY_PREFIX.get(label.slice(0, dot));
  const key = label.slice(dot + 1);
  if (!kind || (kind === 'attribute' && !isAttributeKey(key))) return null;
  return { kind, key };
}

export function sameColumn(a: ColumnRef, b: ColumnRef): boolean {
  return a.kind === b.kind && a.key === b.key;
}

/**
 * A run's value in a column, or null when the run has none. Metrics give their latest value
 * (possibly NaN or ±Infinity, as logged); params and tags their string; duration is
 * endTime - startTime in ms, null while the run has no end time.
 */
export function columnValue(run: Run, ref: ColumnRef): string | number | null {
  switch (ref.kind) {
    case 'param':
      return Object.hasOwn(run.params, ref.key) ? (run.params[ref.key] ?? null) : null;
    case 'tag':
      return Object.hasOwn(run.tags, ref.key) ? (run.tags[ref.key] ?? null) : null;
    case 'metric':
      return Object.hasOwn(run.metrics, ref.key) ? (run.metrics[ref.key]?.latest.value ?? null) : null;
    case 'attribute':
      return attributeValue(run, ref.key);
  }
}

function attributeValue(run: Run, key: string): string | number | null {
  if (!isAttributeKey(key)) return null;
  switch (key) {
    case 'run_name':
      return run.runName;
    case 'status':
      return run.status;
    case 'duration':
      return run.endTime === null ? null : run.endTime - run.startTime;
    case 'start_time':
      return run.startTime;
    case 'end_time':
      return run.endTime;
    case 'run_id':
      return run.runId;
    case 'user_id':
      return run.userId;
  }
}

/** A plain decimal number ("0.01", "-3", "1e-5", ".5"); rejects "", "0x10", "Infinity", "NaN", "1,000". */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A param-style string as a finite number, or null when it is not one. Finite numbers pass through. */
export function parseNumeric(value: string | number | null): number | null {
  if (value === null) return null;
  const n = typeof value === 'number' ? value : DECIMAL.test(value.trim()) ? Number(value.trim()) : NaN;
  if (!Number.isFinite(n)) return null;
  return n === 0 ? 0 : n; // -0 would show as a separate tick or cell
}

/** Code-unit order, case-insensitive first so "Loss" sits next to "loss"; deterministic everywhere. */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorts distinct values numerically when every one parses as a number, else as text; the
 * returned flag says which order was used.
 */
export function sortValues(values: Iterable<string>): { sorted: string[]; numeric: boolean } {
  const list = [...values];
  const numbers = list.map((v) => parseNumeric(v));
  const numeric = list.length > 0 && numbers.every((n) => n !== null);
  const order = list.map((_, i) => i);
  order.sort((i, j) => {
    if (numeric) {
      const d = (numbers[i] as number) - (numbers[j] as number);
      if (d !== 0) return d;
    }
    return compareText(list[i] as string, list[j] as string);
  });
  return { sorted: order.map((i) => list[i] as string), numeric };
}
