/** Branded ids: a run id can't be passed where an experiment id is expected. */
export type ExperimentId = string & { readonly __brand: 'ExperimentId' };
export type RunId = string & { readonly __brand: 'RunId' };

const RUN_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,255}$/;
const EXPERIMENT_ID_PATTERN = /^[a-zA-Z0-9][\w-]{0,63}$/;

export const DEFAULT_EXPERIMENT_ID = '0' as ExperimentId;

function randomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  crypto.getRandomValues(bytes);
  return bytes;
}

/** A run id as MLflow makes it: a UUID4 as 32 lowercase hex characters. */
export function newRunId(): RunId {
  const b = randomBytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('') as RunId;
}

/** An experiment id as MLflow makes it: 18 decimal digits, no leading zero. Kept as a string. */
export function newExperimentId(): ExperimentId {
  const b = randomBytes(18);
  let id = '';
  for (let i = 0; i < 18; i++) {
    const digit = (b[i] ?? 0) % 10;
    id += i === 0 && digit === 0 ? String(1 + ((b[i] ?? 0) % 9)) : String(digit);
  }
  return id as ExperimentId;
}

export function isRunId(value: unknown): value is RunId {
  return typeof value === 'string' && RUN_ID_PATTERN.test(value);
}

export function isExperimentId(value: unknown): value is ExperimentId {
  return typeof value === 'string' && EXPERIMENT_ID_PATTERN.test(value);
}
