/**
 * A run's params, tags and metric points as `runs/log-batch` requests within MLflow's limits
 * (spec §13: at most 1,000 metrics, 100 params and 100 tags, 1,000 entries in all, and a body
 * under 1 MB per request; the recorded server refuses 1,001 metrics with a 400). Params go first,
 * so a run that is cut short on the server still says how it was trained; then tags; then the
 * metric points in the order given (a history's steps in order), so a push that resumes after a
 * failure can skip exactly the batches the server confirmed.
 */
import { encodeMetricValue, type WireMetricValue } from './values';

export const LOG_BATCH_LIMITS = { metrics: 1000, params: 100, tags: 100, entries: 1000, bodyBytes: 1_000_000 } as const;
export type LogBatchLimits = { readonly [K in keyof typeof LOG_BATCH_LIMITS]: number };

export interface MetricPointIn {
  readonly key: string;
  readonly value: number;
  readonly timestamp: number;
  readonly step: number;
}

export interface WireMetric {
  key: string;
  value: WireMetricValue;
  timestamp: number;
  step: number;
}

export interface KeyValue {
  key: string;
  value: string;
}

/** The JSON body of one `POST /api/2.0/mlflow/runs/log-batch`; empty lists are left out, as MLflow's clients do. */
export interface LogBatchBody {
  run_id: string;
  metrics?: WireMetric[];
  params?: KeyValue[];
  tags?: KeyValue[];
}

const encoder = new TextEncoder();
/** UTF-8 bytes of the value's JSON; ASCII text (nearly every metric) is counted without encoding it. */
function bytes(value: unknown): number {
  const json = JSON.stringify(value);
  // JSON.stringify escapes control characters, so printable ASCII is all an ASCII text can hold here.
  return /^[ -~]*$/.test(json) ? json.length : encoder.encode(json).length;
}

/** Room for `{"run_id":"…","metrics":[],"params":[],"tags":[]}` around the entries. */
function envelopeBytes(runId: string): number {
  return bytes({ run_id: runId, metrics: [], params: [], tags: [] });
}

/**
 * The requests that log everything given, in order. Throws a RangeError naming the entry when one
 * entry alone is larger than a request may be (a param or tag the store's own limits keep far
 * below that).
 */
export function planLogBatches(
  runId: string,
  content: { params?: Readonly<Record<string, string>>; tags?: Readonly<Record<string, string>>; metrics?: readonly MetricPointIn[] },
  limits: LogBatchLimits = LOG_BATCH_LIMITS,
): LogBatchBody[] {
  const envelope = envelopeBytes(runId);
  const batches: LogBatchBody[] = [];
  let current: LogBatchBody = { run_id: runId };
  let size = envelope;
  let entries = 0;
  const count = (kind: 'metrics' | 'params' | 'tags') => current[kind]?.length ?? 0;

  const add = (kind: 'metrics' | 'params' | 'tags', entry: WireMetric | KeyValue, name: string) => {
    const entryBytes = bytes(entry) + 1; // and its comma
    if (envelope + entryBytes > limits.bodyBytes) throw new RangeError(`${name} alone is ${entryBytes} bytes of JSON, more than one request may carry (${limits.bodyBytes})`);
    if (count(kind) >= limits[kind] || entries >= limits.entries || size + entryBytes > limits.bodyBytes) {
      batches.push(current);
      current = { run_id: runId };
      size = envelope;
      entries = 0;
    }
    const list = (current[kind] ??= []) as (WireMetric | KeyValue)[];
    list.push(entry);
    size += entryBytes;
    entries += 1;
  };

  for (const [key, value] of Object.entries(content.params ?? {})) add('params', { key, value }, `param "${key}"`);
  for (const [key, value] of Object.entries(content.tags ?? {})) add('tags', { key, value }, `tag "${key}"`);
  for (const point of content.metrics ?? []) {
    add('metrics', { key: point.key, value: encodeMetricValue(point.value), timestamp: point.timestamp, step: point.step }, `metric "${point.key}" at step ${point.step}`);
  }
  if (entries > 0) batches.push(current);
  return batches;
}
