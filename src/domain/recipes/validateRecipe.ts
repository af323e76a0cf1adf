/**
 * Checks a Train-form submission (or a console `trainyard.train(recipe, params)` call) against an
 * entry point's parameter table. Pure and synchronous: no run is created until this says ok.
 * Every message names the field, the rule and what was received.
 */
import { TrackingError } from '../errors';
import { closestName, quoteName } from './closestName';
import { HIDDEN_LAYERS_HINT, HIDDEN_LAYER_LIMITS } from './recipeCatalogue';
import type {
  ChoiceParamSpec, EntryPoint, NumericParamSpec, ParamSpec, ParamValue, StringParamSpec, ValidationResult,
} from './recipe.types';

export type ParamCheck = { readonly ok: true; readonly value: ParamValue } | { readonly ok: false; readonly error: string };

/** MLflow's param value limit (spec §13): longer values would be truncated when logged. */
export const MAX_STRING_PARAM_LENGTH = 6000;

/** Plain decimal notation only: no hex/binary/octal, no `Infinity`, no `1_000`. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Error key used when the whole submission is unusable (not an object). */
export const WHOLE_SUBMISSION_KEY = '*';

/** The rule a value must follow, in words: "an integer from 1 to 200", "one of binary, count, tfidf". */
export function describeParamRule(spec: ParamSpec): string {
  switch (spec.type) {
    case 'int':
    case 'float': {
      const kind = spec.type === 'int' ? 'an integer' : 'a number';
      const { min, max } = spec;
      const bounded =
        min !== undefined && max !== undefined ? `${kind} from ${min} to ${max}`
        : min !== undefined ? `${kind} of at least ${min}`
        : max !== undefined ? `${kind} of at most ${max}`
        : kind;
      return spec.atMostParam !== undefined ? `${bounded}, and at most ${spec.atMostParam}` : bounded;
    }
    case 'choice':
      return `one of ${spec.choices.join(', ')}`;
    case 'string': {
      if (spec.format === 'hidden-layers') return spec.patternHint ?? HIDDEN_LAYERS_HINT;
      if (spec.format === 'dataset') {
        const builtins = spec.builtins ?? [];
        return builtins.length > 0 ? `${builtins.join(', ')} or an imported dataset id` : 'an imported dataset id';
      }
      if (spec.patternHint !== undefined) return spec.patternHint;
      if (spec.pattern !== undefined) return `text matching /${spec.pattern}/`;
      return 'non-empty text';
    }
  }
}

/** What the caller sent, for "…; got X": numbers as written, text quoted, blanks named. */
function describeReceived(raw: unknown): string {
  if (typeof raw === 'string') {
    if (raw === '') return 'an empty string';
    if (raw.trim() === '') return 'a blank string';
    return quoteName(raw.trim());
  }
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  return `a value of type ${typeof raw}`;
}

function failure(spec: ParamSpec, got: string): ParamCheck {
  return { ok: false, error: `${spec.name} must be ${describeParamRule(spec)}; got ${got}` };
}

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') {
    const text = raw.trim();
    if (DECIMAL_NUMBER.test(text)) return Number(text);
  }
  return undefined;
}

function checkNumber(spec: NumericParamSpec, raw: unknown): ParamCheck {
  const n = toNumber(raw);
  if (n === undefined) return failure(spec, describeReceived(raw));
  if (!Number.isFinite(n)) return failure(spec, typeof raw === 'string' ? describeReceived(raw) : String(n));
  const outOfRange = (spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max);
  const wrongKind = spec.type === 'int' && !Number.isSafeInteger(n);
  if (outOfRange || wrongKind) return failure(spec, String(n));
  return { ok: true, value: n === 0 ? 0 : n }; // drop -0
}

function checkChoice(spec: ChoiceParamSpec, raw: unknown): ParamCheck {
  if (typeof raw !== 'string') return failure(spec, describeReceived(raw));
  const text = raw.trim();
  const match =
    spec.choices.find((choice) => choice === text) ??
    spec.choices.find((choice) => choice.toLowerCase() === text.toLowerCase());
  return match === undefined ? failure(spec, describeReceived(raw)) : { ok: true, value: match };
}

type LayersCheck = { readonly ok: true; readonly layers: number[] } | { readonly ok: false; readonly error: string };

function checkHiddenLayers(text: string, name: string): LayersCheck {
  const { maxLayers, minUnits, maxUnits } = HIDDEN_LAYER_LIMITS;
  const trimmed = text.trim();
  const rule = `${name} must be ${HIDDEN_LAYERS_HINT}`;
  if (trimmed === '') return { ok: false, error: `${rule}; got ${describeReceived(text)}` };
  const fail = (why: string): LayersCheck => ({ ok: false, error: `${rule}; got ${quoteName(trimmed)} (${why})` });
  const parts = trimmed.split(',');
  if (parts.length > maxLayers) return fail(`${parts.length} layers; at most ${maxLayers}`);
  const layers: number[] = [];
  for (const [index, part] of parts.entries()) {
    const size = part.trim();
    const layer = `layer ${index + 1}`;
    if (size === '') return fail(`${layer} is empty`);
    if (!/^[+-]?\d+$/.test(size)) return fail(`${layer}, ${quoteName(size)}, is not a whole number`);
    const units = Number(size);
    if (units < minUnits || units > maxUnits) return fail(`${layer} is ${size}; sizes go from ${minUnits} to ${maxUnits}`);
    layers.push(units);
  }
  return { ok: true, layers };
}

/**
 * Layer sizes from text such as "64,64" (spaces allowed around commas).
 * Throws INVALID_PARAMETER_VALUE naming the layer at fault: empty, not a whole number,
 * outside 1–1024, or more than 4 layers.
 */
export function parseHiddenLayers(text: string, name = 'hidden_layers'): number[] {
  const result = checkHiddenLayers(text, name);
  if (!result.ok) throw new TrackingError('INVALID_PARAMETER_VALUE', result.error);
  return result.layers;
}

function checkString(spec: StringParamSpec, raw: unknown): ParamCheck {
  let text: string;
  if (typeof raw === 'string') text = raw.trim();
  else if (typeof raw === 'number' && Number.isFinite(raw)) text = String(raw);
  else if (spec.format === 'hidden-layers' && Array.isArray(raw) && raw.every((x) => typeof x === 'number')) text = raw.join(',');
  else return failure(spec, describeReceived(raw));

  if (spec.format === 'hidden-layers') {
    const layers = checkHiddenLayers(text, spec.name);
    return layers.ok ? { ok: true, value: layers.layers.join(',') } : layers;
  }
  if (text === '') {
    return spec.required
      ? { ok: false, error: `${spec.name} is required (${describeParamRule(spec)}); got ${describeReceived(raw)}` }
      : failure(spec, describeReceived(raw));
  }
  if (text.length > MAX_STRING_PARAM_LENGTH) {
    return { ok: false, error: `${spec.name} must be at most ${MAX_STRING_PARAM_LENGTH} characters; got ${text.length}` };
  }
  if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(text)) return failure(spec, describeReceived(raw));
  const builtins = spec.builtins;
  if (spec.format === 'dataset' && builtins !== undefined && text.startsWith('builtin:') && !builtins.includes(text)) {
    return failure(spec, describeReceived(raw));
  }
  return { ok: true, value: text };
}

/** Checks one value against its spec (for inline form errors); `raw` may be a number or form text. */
export function validateParam(spec: ParamSpec, raw: unknown): ParamCheck {
  switch (spec.type) {
    case 'int':
    case 'float':
      return checkNumber(spec, raw);
    case 'choice':
      return checkChoice(spec, raw);
    case 'string':
      return checkString(spec, raw);
  }
}

function unknownParameterMessage(key: string, known: readonly string[]): string {
  const suggestion = closestName(key, known);
  return suggestion === undefined
    ? `unknown parameter ${quoteName(key)}; known parameters: ${known.join(', ')}`
    : `unknown parameter ${quoteName(key)} — did you mean ${quoteName(suggestion)}?`;
}

/**
 * Rules between parameters (`atMostParam`: a start epoch no later than the last epoch), over values
 * that each passed their own rule; a value whose partner is missing or invalid is not judged.
 */
export function relationErrors(entryPoint: EntryPoint, values: ReadonlyMap<string, ParamValue>): Map<string, string> {
  const errors = new Map<string, string>();
  for (const spec of entryPoint.params) {
    if (spec.type === 'choice' || spec.type === 'string' || spec.atMostParam === undefined) continue;
    const value = values.get(spec.name);
    const limit = values.get(spec.atMostParam);
    if (typeof value === 'number' && typeof limit === 'number' && value > limit) {
      errors.set(spec.name, `${spec.name} must be at most ${spec.atMostParam} (${limit}); got ${value}`);
    }
  }
  return errors;
}

/**
 * Validates a whole submission. Numbers may arrive as numbers or as numeric text (" 1e-3 ");
 * missing keys take their defaults (required strings have none); unknown keys are errors with a
 * "did you mean" hint. On success `params` holds every parameter of the entry point, in table
 * order, normalised (numbers as numbers, text trimmed, choices in their canonical spelling).
 */
export function validateParams(entryPoint: EntryPoint, raw: Record<string, unknown>): ValidationResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: { [WHOLE_SUBMISSION_KEY]: `parameters must be an object of name → value; got ${describeReceived(raw)}` } };
  }
  const specs = new Map(entryPoint.params.map((spec) => [spec.name, spec]));
  const known = [...specs.keys()];
  // Maps, not object literals, so keys such as "__proto__" stay ordinary own keys in the result.
  const errors = new Map<string, string>();
  const params = new Map<string, ParamValue>();

  for (const key of Object.keys(raw)) {
    if (!specs.has(key)) errors.set(key, unknownParameterMessage(key, known));
  }
  for (const spec of entryPoint.params) {
    const value = Object.hasOwn(raw, spec.name) ? raw[spec.name] : undefined;
    if (value === undefined) {
      if (spec.type === 'string' && spec.required) {
        errors.set(spec.name, `${spec.name} is required (${describeParamRule(spec)})`);
      } else {
        params.set(spec.name, spec.default);
      }
      continue;
    }
    const check = validateParam(spec, value);
    if (check.ok) params.set(spec.name, check.value);
    else errors.set(spec.name, check.error);
  }
  for (const [name, error] of relationErrors(entryPoint, params)) errors.set(name, error);
  return errors.size > 0
    ? { ok: false, errors: Object.fromEntries(errors) }
    : { ok: true, params: Object.fromEntries(params) };
}
