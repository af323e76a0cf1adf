/**
 * JSON text as Python's `json.dumps` writes it with default settings, which is how MLflow writes
 * signature strings and input examples: `", "` and `": "` separators, and `ensure_ascii` (every
 * character outside printable ASCII escaped as a lowercase `\uXXXX`). Readers only need valid
 * JSON; matching Python keeps our files byte-comparable with MLflow's for the same content.
 * Numbers use JavaScript's shortest form (`1e-7` where Python writes `1e-07`; both are valid JSON).
 */
import { TrackingError } from '../errors';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

function quote(text: string): string {
  // JSON.stringify already escapes `"`, `\` and C0 controls; Python also escapes DEL and non-ASCII.
  return JSON.stringify(text).replace(/[^\x20-\x7e]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function dump(value: JsonValue, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TrackingError('INVALID_PARAMETER_VALUE', `${path} must be a finite number; got ${value}`);
      }
      return JSON.stringify(value);
    case 'string':
      return quote(value);
  }
  if (Array.isArray(value)) {
    return `[${(value as readonly JsonValue[]).map((item, i) => dump(item, `${path}[${i}]`)).join(', ')}]`;
  }
  const entries = Object.entries(value as { readonly [key: string]: JsonValue });
  return `{${entries.map(([key, item]) => `${quote(key)}: ${dump(item, `${path}.${key}`)}`).join(', ')}}`;
}

/** `json.dumps(value)` as Python writes it; keys keep their insertion order. Throws on NaN/Infinity. */
export function toPythonJson(value: JsonValue, path = 'value'): string {
  return dump(value, path);
}
