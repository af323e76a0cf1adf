/**
 * Checks a search space that arrived as untrusted data (console call, form, stored state) and
 * returns it normalised. Every message names the parameter and the field: "learning_rate.low must
 * be greater than 0 for loguniform; got 0". Errors are keyed by parameter name, as `validateParams`
 * keys its errors, so a form can show them inline.
 */
import { TrackingError } from '../errors';
import { closestName, quoteName } from '../recipes/closestName';
import { multipleRange } from './dimensions';
import type { Dimension, DimensionType, SearchParam, SearchSpace } from './search.types';

export const DIMENSION_TYPES: readonly DimensionType[] = ['uniform', 'loguniform', 'quniform', 'qloguniform', 'int', 'choice'];

/** MLflow's param key limit. */
const MAX_NAME_LENGTH = 250;
export const MAX_SEARCH_PARAMS = 64;
export const MAX_CHOICE_OPTIONS = 1000;
export const MAX_GRID_POINTS = 10_000;

/** Error key for problems with the space as a whole. */
export const WHOLE_SPACE_KEY = '*';

const FIELDS: Record<DimensionType, readonly string[]> = {
  uniform: ['low', 'high', 'gridPoints'],
  loguniform: ['low', 'high', 'gridPoints'],
  quniform: ['low', 'high', 'q', 'gridPoints'],
  qloguniform: ['low', 'high', 'q', 'gridPoints'],
  int: ['low', 'high', 'step', 'gridPoints'],
  choice: ['options'],
};

export type SpaceCheck =
  | { readonly ok: true; readonly space: SearchSpace }
  | { readonly ok: false; readonly errors: Record<string, string> };

function describe(raw: unknown): string {
  if (typeof raw === 'string') return raw === '' ? 'an empty string' : quoteName(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw === null) return 'null';
  if (raw === undefined) return 'nothing';
  if (Array.isArray(raw)) return 'a list';
  return `a value of type ${typeof raw}`;
}

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** Thrown inside one parameter's check; caught per parameter so every parameter gets its message. */
class ParamProblem extends Error {}

function fail(name: string, field: string, rule: string, got: unknown): never {
  throw new ParamProblem(`${name}.${field} must be ${rule}; got ${describe(got)}`);
}

function finite(name: string, raw: Record<string, unknown>, field: string): number {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(name, field, 'a finite number', value);
  return value;
}

function integer(name: string, raw: Record<string, unknown>, field: string): number {
  const value = raw[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(name, field, 'an integer', value);
  return value;
}

function bounds(name: string, raw: Record<string, unknown>, type: DimensionType, read = finite): { low: number; high: number } {
  const low = read(name, raw, 'low');
  const high = read(name, raw, 'high');
  if (!(low < high)) throw new ParamProblem(`${name}.low must be less than ${name}.high; got low ${low}, high ${high}`);
  if ((type === 'loguniform' || type === 'qloguniform') && !(low > 0)) fail(name, 'low', `greater than 0 for ${type}`, low);
  return { low, high };
}

function gridPoints(name: string, raw: Record<string, unknown>): { gridPoints?: number } {
  if (raw.gridPoints === undefined) return {};
  const value = integer(name, raw, 'gridPoints');
  if (value < 2 || value > MAX_GRID_POINTS) fail(name, 'gridPoints', `an integer from 2 to ${MAX_GRID_POINTS}`, value);
  return { gridPoints: value };
}

function checkOptions(name: string, raw: unknown): (number | string)[] {
  if (!Array.isArray(raw)) fail(name, 'options', 'a list of numbers or strings', raw);
  if (raw.length === 0) throw new ParamProblem(`${name}.options must hold at least one value; got an empty list`);
  if (raw.length > MAX_CHOICE_OPTIONS) throw new ParamProblem(`${name}.options may hold at most ${MAX_CHOICE_OPTIONS} values; got ${raw.length}`);
  const seen = new Set<number | string>();
  return raw.map((option: unknown, i) => {
    const field = `options[${i}]`;
    if (typeof option === 'number' && !Number.isFinite(option)) fail(name, field, 'a finite number or a string', option);
    if (typeof option !== 'number' && typeof option !== 'string') fail(name, field, 'a number or a string', option);
    const value = option === 0 ? 0 : option; // -0 and 0 are one option
    if (seen.has(value)) throw new ParamProblem(`${name}.${field} repeats ${describe(value)}; each option may appear once`);
    seen.add(value);
    return value;
  });
}

function checkDimension(name: string, raw: Record<string, unknown>): Dimension {
  const type = raw.type;
  if (typeof type !== 'string' || !(DIMENSION_TYPES as readonly string[]).includes(type)) {
    fail(name, 'type', `one of ${DIMENSION_TYPES.join(', ')}`, type);
  }
  const dimType = type as DimensionType;
  const allowed = FIELDS[dimType];
  for (const key of Object.keys(raw)) {
    if (key === 'type' || key === 'name' || allowed.includes(key)) continue;
    const hint = closestName(key, allowed);
    const why = key === 'gridPoints' ? 'a choice always uses all its options' : hint === undefined ? `${type} takes ${allowed.join(', ')}` : `did you mean ${quoteName(hint)}?`;
    throw new ParamProblem(`${name}.${key} is not a field of ${type} (${why})`);
  }
  switch (dimType) {
    case 'uniform':
    case 'loguniform':
      return { type: dimType, ...bounds(name, raw, dimType), ...gridPoints(name, raw) };
    case 'quniform':
    case 'qloguniform': {
      const { low, high } = bounds(name, raw, dimType);
      const q = finite(name, raw, 'q');
      if (!(q > 0)) fail(name, 'q', 'greater than 0', q);
      const { lowK, highK } = multipleRange(low, high, q);
      if (lowK > highK) throw new ParamProblem(`${name}.q: no multiple of ${q} lies between ${low} and ${high}`);
      return { type: dimType, low, high, q, ...gridPoints(name, raw) };
    }
    case 'int': {
      const { low, high } = bounds(name, raw, dimType, integer);
      let step: { step?: number } = {};
      if (raw.step !== undefined) {
        const value = integer(name, raw, 'step');
        if (value < 1) fail(name, 'step', 'a positive integer', value);
        step = { step: value };
      }
      return { type: 'int', low, high, ...step, ...gridPoints(name, raw) };
    }
    case 'choice':
      return { type: 'choice', options: checkOptions(name, raw.options) };
  }
}

/** [name, raw dimension] pairs from either accepted shape, or an error message for the whole space. */
function entriesOf(raw: unknown): { entries: [string, unknown][] } | { error: string } {
  if (Array.isArray(raw)) {
    return {
      entries: raw.map((item: unknown, i): [string, unknown] => [
        isRecord(item) && typeof item.name === 'string' ? item.name : `#${i + 1}`, item,
      ]),
    };
  }
  if (isRecord(raw)) return { entries: Object.entries(raw) };
  return { error: `the search space must be a list of {name, type, …} or an object of name → {type, …}; got ${describe(raw)}` };
}

/**
 * Checks and normalises a search space given either as a list of `{ name, type, … }` or as an
 * object `{ name: { type, … } }` (object key order is kept). Unknown fields, NaN, low ≥ high,
 * log bounds ≤ 0, q ≤ 0, empty or repeated choices and repeated names are all errors.
 */
export function checkSearchSpace(raw: unknown): SpaceCheck {
  const found = entriesOf(raw);
  if ('error' in found) return { ok: false, errors: { [WHOLE_SPACE_KEY]: found.error } };
  const { entries } = found;
  if (entries.length === 0) return { ok: false, errors: { [WHOLE_SPACE_KEY]: 'the search space must name at least one parameter' } };
  if (entries.length > MAX_SEARCH_PARAMS) {
    return { ok: false, errors: { [WHOLE_SPACE_KEY]: `the search space may hold at most ${MAX_SEARCH_PARAMS} parameters; got ${entries.length}` } };
  }
  // A Map, so a parameter called "__proto__" stays an ordinary key.
  const errors = new Map<string, string>();
  const space: SearchParam[] = [];
  const seen = new Set<string>();
  for (const [name, item] of entries) {
    if (name === '' || name.trim() !== name || name.length > MAX_NAME_LENGTH) {
      errors.set(name, `parameter name ${describe(name)} must be 1 to ${MAX_NAME_LENGTH} characters without surrounding spaces`);
      continue;
    }
    if (seen.has(name)) {
      errors.set(name, `${name} appears more than once in the search space`);
      continue;
    }
    seen.add(name);
    if (!isRecord(item)) {
      errors.set(name, `${name} must be an object such as { type: 'uniform', low: 0, high: 1 }; got ${describe(item)}`);
      continue;
    }
    try {
      space.push({ name, ...checkDimension(name, item) });
    } catch (error) {
      if (!(error instanceof ParamProblem)) throw error;
      errors.set(name, error.message);
    }
  }
  return errors.size > 0 ? { ok: false, errors: Object.fromEntries(errors) } : { ok: true, space };
}

/** `checkSearchSpace`, throwing INVALID_PARAMETER_VALUE with every message when the space is bad. */
export function parseSearchSpace(raw: unknown): SearchSpace {
  const result = checkSearchSpace(raw);
  if (result.ok) return result.space;
  throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid search space: ${Object.values(result.errors).join('; ')}`);
}
