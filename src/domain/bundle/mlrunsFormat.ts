/**
 * The text formats inside `mlruns/` (spec §4–6): meta.yaml documents and metric lines, both ways.
 */
import { stringifyFlatMetaYaml } from './metaYaml';
import type { Experiment, Run, RunStatus } from '../tracking/types';
import type { BundleHistory } from './bundle.types';

/** RunStatus ↔ the int MLflow keeps in run meta.yaml (§5). */
export const STATUS_CODE: Readonly<Record<RunStatus, number>> = {
  RUNNING: 1,
  SCHEDULED: 2,
  FINISHED: 3,
  FAILED: 4,
  KILLED: 5,
};
export const STATUS_BY_CODE: ReadonlyMap<number, RunStatus> = new Map(
  Object.entries(STATUS_CODE).map(([status, code]) => [code, status as RunStatus]),
);

/** Legacy `source_type` MLflow still writes: 4 = LOCAL. */
const SOURCE_TYPE_LOCAL = 4;

export function experimentArtifactLocation(experimentId: string): string {
  return `mlruns/${experimentId}`;
}

export function runArtifactUri(experimentId: string, runId: string): string {
  return `mlruns/${experimentId}/${runId}/artifacts`;
}

/** An int field: integer doubles only (steps/timestamps beyond 2^53 print as their exact double). */
export function formatInteger(value: number, what: string): string {
  if (!Number.isInteger(value)) throw new RangeError(`${what} must be an integer, got ${String(value)}`);
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * A metric value as Python's float() reads it: non-finite numbers in Python's spelling, finite ones
 * as JavaScript's shortest round-trip text (`1e-7`, `1e+21`, `0.30000000000000004` all parse).
 */
export function formatMetricValue(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return Object.is(value, -0) ? '-0.0' : String(value);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const NON_FINITE = /^([+-]?)(inf|infinity|nan)$/i;
const INTEGER = /^[+-]?\d+$/;

/** What Python's float() accepts (except digit-group underscores); `inf`/`nan` in any case. */
export function parsePythonFloat(text: string): number | undefined {
  if (DECIMAL.test(text)) return Number(text);
  const m = NON_FINITE.exec(text);
  if (!m) return undefined;
  if ((m[2] as string).toLowerCase() === 'nan') return NaN;
  return m[1] === '-' ? -Infinity : Infinity;
}

/** What Python's int() accepts for these files: optional sign, decimal digits. */
export function parseInteger(text: string): number | undefined {
  return INTEGER.test(text) ? Number(text) : undefined;
}

export function experimentMetaYaml(experiment: Experiment): string {
  return stringifyFlatMetaYaml({
    artifact_location: experimentArtifactLocation(experiment.experimentId),
    creation_time: experiment.creationTime,
    experiment_id: experiment.experimentId,
    last_update_time: experiment.lastUpdateTime,
    lifecycle_stage: experiment.lifecycleStage,
    name: experiment.name,
  });
}

/** Run meta.yaml as MLflow 3.x writes it, plus `run_uuid` so 2.x can read it (§5, §16). */
export function runMetaYaml(run: Run): string {
  const meta: Parameters<typeof stringifyFlatMetaYaml>[0] = {
    artifact_uri: runArtifactUri(run.experimentId, run.runId),
    end_time: run.endTime,
    entry_point_name: '',
    experiment_id: run.experimentId,
    lifecycle_stage: run.lifecycleStage,
    run_id: run.runId,
    run_name: run.runName,
    run_uuid: run.runId,
    source_name: '',
    source_type: SOURCE_TYPE_LOCAL,
    source_version: '',
    start_time: run.startTime,
    status: STATUS_CODE[run.status],
    tags: [],
    user_id: run.userId,
  };
  if (run.deletedTime !== null) meta.deleted_time = run.deletedTime;
  return stringifyFlatMetaYaml(meta);
}

const DIGITS = new Uint8Array(24);

/** Writes integer `x` as ASCII decimal digits at `at`; returns the new end. */
function writeInteger(out: Uint8Array, at: number, x: number, what: string): number {
  if (!Number.isSafeInteger(x)) return writeAscii(out, at, formatInteger(x, what));
  if (x < 0) {
    out[at++] = 45; // '-'
    x = -x;
  }
  let k = 0;
  do {
    const q = Math.floor(x / 10);
    DIGITS[k++] = 48 + x - q * 10;
    x = q;
  } while (x > 0);
  while (k > 0) out[at++] = DIGITS[--k] as number;
  return at;
}

function writeAscii(out: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) out[at++] = text.charCodeAt(i);
  return at;
}

/** Longest field text: `-1.7976931348623157e+308` and int64 timestamps/steps fit in 26 bytes each. */
const MAX_LINE_BYTES = 3 * 26 + 3;
/** Reused between calls; each file gets an exact-size copy. */
let scratch = new Uint8Array(64 * 1024);

/**
 * `<timestamp> <value> <step>\n` per point, in history order (§6: 3-field lines only), as UTF-8
 * (ASCII) bytes. Written byte by byte: building 10^6 lines as strings costs several times more.
 */
export function metricFileBytes(key: string, history: BundleHistory): Uint8Array {
  const { steps, values, timestamps } = history;
  const n = values.length;
  if (steps.length !== n || timestamps.length !== n) {
    throw new RangeError(`Metric "${key}": steps, values and timestamps have different lengths`);
  }
  if (scratch.length < n * MAX_LINE_BYTES) scratch = new Uint8Array(Math.max(n * MAX_LINE_BYTES, 2 * scratch.length));
  const out = scratch;
  let at = 0;
  for (let i = 0; i < n; i++) {
    at = writeInteger(out, at, timestamps[i] as number, `Metric "${key}" timestamp`);
    out[at++] = 32;
    const value = values[i] as number;
    at = Number.isSafeInteger(value) && !Object.is(value, -0) ? writeInteger(out, at, value, '') : writeAscii(out, at, formatMetricValue(value));
    out[at++] = 32;
    at = writeInteger(out, at, steps[i] as number, `Metric "${key}" step`);
    out[at++] = 10;
  }
  return out.slice(0, at);
}
