/**
 * The building blocks of the console's argument schemas (consoleSchemas.ts). Every leaf carries
 * the plain words of what it expects ("an integer ≥ 1", "a function"), which become the second
 * half of a wrong call's message ("… must be an integer ≥ 1, got "10""): see formatIssues.ts.
 */
import { z } from 'zod';

// No generated code: zod's fast path compiles parsers with `new Function`, which the app's
// Content-Security-Policy (no 'unsafe-eval') refuses, and even its probe is reported as a violation.
z.config({ jitless: true });

/** A verb's positional arguments: their names (for messages) and one tuple schema. */
export interface Signature {
  readonly names: readonly string[];
  readonly args: z.ZodType<readonly unknown[]>;
  /** The verb returns a promise: a wrong call rejects instead of throwing. */
  readonly async: boolean;
}

/** One positional argument; a name ending in `?` makes it optional (trailing arguments only). */
export type Arg = readonly [name: string, schema: z.ZodType];

function build(async: boolean, params: readonly Arg[]): Signature {
  const names = params.map(([name]) => name.replace(/\?$/, ''));
  const items = params.map(([name, schema]) => (name.endsWith('?') ? schema.optional() : schema));
  return { names, args: z.tuple(items as [z.ZodType, ...z.ZodType[]]), async };
}

/** A verb that returns a promise. */
export const verb = (...params: readonly Arg[]): Signature => build(true, params);
/** A verb that returns at once (logMetric, stopRun, listeners…): a wrong call throws. */
export const syncVerb = (...params: readonly Arg[]): Signature => build(false, params);

/** A value the predicate accepts, described as `expected` when it doesn't. */
export function is<T>(expected: string, predicate: (value: unknown) => boolean): z.ZodType<T> {
  return z.custom<T>(predicate, { error: expected });
}

export const string = (expected = 'a string') => z.string({ error: expected });
export const boolean = () => z.boolean({ error: 'true or false' });

/** Any number, NaN and ±Infinity included (metric values keep them, as MLflow does). */
export const anyNumber = () => is<number>('a number', (v) => typeof v === 'number');

/** A finite number, optionally bounded (inclusive). */
export function number(bounds: { min?: number; max?: number } = {}): z.ZodType<number> {
  const { min, max } = bounds;
  return is<number>(
    `a number${rangeWords(min, max)}`,
    (v) => typeof v === 'number' && Number.isFinite(v) && (min === undefined || v >= min) && (max === undefined || v <= max),
  );
}

/** A whole number, optionally bounded (inclusive). */
export function integer(bounds: { min?: number; max?: number } = {}): z.ZodType<number> {
  const { min, max } = bounds;
  return is<number>(
    `an integer${rangeWords(min, max)}`,
    (v) => typeof v === 'number' && Number.isInteger(v) && (min === undefined || v >= min) && (max === undefined || v <= max),
  );
}

function rangeWords(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T): z.ZodType<T[number]> {
  return z.enum(values, { error: `one of ${values.map((v) => JSON.stringify(v)).join(', ')}` });
}

/** An object whose keys are all optional; a key it doesn't know is reported (a misspelt option). */
export function options<S extends z.ZodRawShape>(shape: S) {
  return z.strictObject(shape).partial();
}

/** A run, experiment or dataset id, a name, a key: ids are branded strings in TypeScript. */
export const id = (what: string) => string(`${what} (a string)`);

export const stringMap = () => z.record(z.string(), string(), { error: 'an object of string values' });
export const numberMap = () => z.record(z.string(), anyNumber(), { error: 'an object of number values' });
export const list = <T extends z.ZodType>(item: T, expected: string) => z.array(item, { error: expected });

export const fn = <T>(expected = 'a function') => is<T>(expected, (v) => typeof v === 'function');
export const plainObject = (expected = 'an object') =>
  is<Record<string, unknown>>(expected, (v) => typeof v === 'object' && v !== null && !Array.isArray(v));

/** What a bundle import reads: a Blob or File, an ArrayBuffer or a Uint8Array. */
export const bundleBytes = () =>
  is<Blob | ArrayBuffer | Uint8Array>(
    'a Blob or File, an ArrayBuffer or a Uint8Array',
    (v) => v instanceof Blob || v instanceof ArrayBuffer || v instanceof Uint8Array,
  );
