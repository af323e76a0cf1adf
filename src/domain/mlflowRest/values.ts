/**
 * Metric values over MLflow's REST API, as a real tracking server treats them (the recordings in
 * shared/mlflow-fixtures/rest-3.5 and rest-2.12, quirk 16):
 *
 * - Non-finite values must be sent as the strings "NaN", "Infinity" and "-Infinity" (protobuf
 *   JSON's spelling). `JSON.stringify(NaN)` writes `null`, which the server refuses with a 400;
 *   bare `NaN` tokens (Python's json.dumps) are accepted with a 200 while the points are lost.
 * - A SQL-backed server stores ±Infinity as ±DBL_MAX (1.7976931348623157e308) and sends that back,
 *   also as the run's latest value; NaN comes back as the string "NaN".
 *
 * So a push encodes with encodeMetricValue, a pull decodes with decodeMetricValue (which maps
 * exactly ±DBL_MAX back to ±Infinity), and the "count it back" check compares with sameStoredValue.
 */

/** The largest double, which MLflow's SQL store keeps in place of +Infinity (and its negative for −Infinity). */
export const MLFLOW_DBL_MAX = 1.7976931348623157e308;

export type WireMetricValue = number | 'NaN' | 'Infinity' | '-Infinity';

/** A metric value as a push sends it: finite numbers as they are, the rest as protobuf JSON's strings. */
export function encodeMetricValue(value: number): WireMetricValue {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

/**
 * A metric value as a server sent it: a number, or one of protobuf JSON's strings. ±DBL_MAX reads
 * as ±Infinity, because that is what the SQL store made of an infinity; nothing else is changed.
 * Anything else is not a metric value: null, so the caller can name the point.
 */
export function decodeMetricValue(raw: unknown): number | null {
  if (typeof raw === 'number') {
    if (raw === MLFLOW_DBL_MAX) return Infinity;
    if (raw === -MLFLOW_DBL_MAX) return -Infinity;
    return raw;
  }
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity' || raw === 'inf') return Infinity;
  if (raw === '-Infinity' || raw === '-inf') return -Infinity;
  // Some proxies pass int64-style numbers as strings; a plain decimal string is still a number.
  if (typeof raw === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) return Number(raw);
  return null;
}

/**
 * Whether the server kept `local` as `remote` (as decoded by decodeMetricValue): NaN equals NaN,
 * ±Infinity equals the ±DBL_MAX the SQL store keeps for it, −0 equals 0 (JSON has no −0 for
 * every server), everything else must be the same double.
 */
export function sameStoredValue(local: number, remote: number): boolean {
  if (Number.isNaN(local)) return Number.isNaN(remote);
  if (local === Infinity) return remote === Infinity || remote === MLFLOW_DBL_MAX;
  if (local === -Infinity) return remote === -Infinity || remote === -MLFLOW_DBL_MAX;
  return local === remote;
}
