/**
 * Ties a search space to a recipe entry point: default ranges from the parameter table (what the
 * search form prefills) and the check that every value the space can produce passes
 * `validateParams`, so no trial fails on its parameters.
 */
import { closestName, quoteName } from '../recipes/closestName';
import type { EntryPoint, ParamSpec, Params } from '../recipes/recipe.types';
import { validateParam } from '../recipes/validateRecipe';
import { valueRange } from './dimensions';
import type { Dimension, SearchParam, SearchSpace } from './search.types';

/** A float range spanning at least this ratio (with min > 0) is searched on a log scale. */
export const LOG_SCALE_RATIO = 100;

/**
 * The default distribution for one parameter: choices → choice over all of them; int with min and
 * max → int range; float with min and max → loguniform when min > 0 and max/min ≥ 100 (learning
 * rates), else uniform. Undefined for strings and unbounded numbers: there is no range to prefill.
 */
export function defaultDimensionFor(spec: ParamSpec): Dimension | undefined {
  switch (spec.type) {
    case 'choice':
      return spec.choices.length > 0 ? { type: 'choice', options: [...spec.choices] } : undefined;
    case 'string':
      return undefined;
    case 'int':
    case 'float': {
      const { min, max } = spec;
      if (min === undefined || max === undefined || !(min < max)) return undefined;
      if (spec.type === 'int') {
        const low = Math.ceil(min);
        const high = Math.floor(max);
        return low < high ? { type: 'int', low, high } : undefined;
      }
      return min > 0 && max / min >= LOG_SCALE_RATIO ? { type: 'loguniform', low: min, high: max } : { type: 'uniform', low: min, high: max };
    }
  }
}

/**
 * A space over `names`, in the entry point's table order. Without `names`: every parameter that
 * has a default distribution except `seed` (the training seed is held fixed across trials so they
 * differ only in what is searched). Throws for a name that is not a parameter or has no range.
 */
export function defaultSearchSpace(entryPoint: EntryPoint, names?: readonly string[]): SearchSpace {
  const known = entryPoint.params.map((spec) => spec.name);
  for (const name of names ?? []) {
    if (!known.includes(name)) throw new RangeError(unknownParamMessage(name, entryPoint));
  }
  const space: SearchParam[] = [];
  for (const spec of entryPoint.params) {
    if (names === undefined ? spec.name === 'seed' : !names.includes(spec.name)) continue;
    const dim = defaultDimensionFor(spec);
    if (dim !== undefined) space.push({ name: spec.name, ...dim });
    else if (names !== undefined) throw new RangeError(`${spec.name} has no range to search: it needs a min and a max, or choices`);
  }
  return space;
}

function unknownParamMessage(name: string, entryPoint: EntryPoint): string {
  const known = entryPoint.params.map((spec) => spec.name);
  const hint = closestName(name, known);
  return hint === undefined
    ? `${quoteName(name)} is not a parameter of ${entryPoint.name}; its parameters: ${known.join(', ')}`
    : `${quoteName(name)} is not a parameter of ${entryPoint.name} — did you mean ${quoteName(hint)}?`;
}

/** What kinds of dimension each parameter type accepts, in words, for the error message. */
const ACCEPTS: Record<ParamSpec['type'], string> = {
  int: 'int, quniform or qloguniform with an integer q, or choice of integers',
  float: 'uniform, loguniform, quniform, qloguniform, int or choice of numbers',
  choice: 'choice of its choices',
  string: 'choice of valid values',
};

function kindMismatch(param: SearchParam, spec: ParamSpec): string | undefined {
  const ok =
    spec.type === 'float' ? param.type !== 'choice' || param.options.every((o) => typeof o === 'number')
    : spec.type === 'int' ?
      param.type === 'int' ||
      ((param.type === 'quniform' || param.type === 'qloguniform') && Number.isInteger(param.q)) ||
      (param.type === 'choice' && param.options.every((o) => typeof o === 'number'))
    : param.type === 'choice';
  return ok ? undefined : `${param.name} is ${spec.type === 'int' ? 'an int' : `a ${spec.type}`} parameter: search it with ${ACCEPTS[spec.type]}; got ${param.type}`;
}

function rangeProblem(param: SearchParam, spec: ParamSpec): string | undefined {
  if (param.type === 'choice') {
    for (const [i, option] of param.options.entries()) {
      const check = validateParam(spec, option);
      if (!check.ok) return `${param.name}.options[${i}]: ${check.error}`;
      if (check.value !== option) return `${param.name}.options[${i}] must be written ${quoteName(String(check.value))}; got ${quoteName(String(option))}`;
    }
    return undefined;
  }
  if (spec.type !== 'int' && spec.type !== 'float') return undefined;
  const { min, max } = spec;
  if (min !== undefined && param.low < min) return `${param.name}.low must be at least ${min}, the parameter's min; got ${param.low}`;
  if (max !== undefined && param.high > max) return `${param.name}.high must be at most ${max}, the parameter's max; got ${param.high}`;
  return undefined;
}

/** The lowest and highest value a parameter can take in a trial: from the space, else its fixed value. */
function reach(name: string, space: SearchSpace, fixed: Params): { min: number; max: number } | undefined {
  const param = space.find((p) => p.name === name);
  if (param !== undefined) return valueRange(param);
  const value = fixed[name];
  return typeof value === 'number' ? { min: value, max: value } : undefined;
}

/**
 * Checks a (valid) space against an entry point: every name is a parameter of it, the kind of
 * dimension suits the parameter type, ranges stay within the parameter's min/max, choices are
 * valid values, and "at most another parameter" rules hold for every combination. `fixedParams`
 * are the values of the parameters not searched (defaults where absent). Errors are keyed by name.
 */
export function checkSpaceForEntryPoint(space: SearchSpace, entryPoint: EntryPoint, fixedParams: Params = {}): Record<string, string> {
  const specs = new Map(entryPoint.params.map((spec) => [spec.name, spec]));
  const fixed: Params = Object.fromEntries(entryPoint.params.map((spec) => [spec.name, fixedParams[spec.name] ?? spec.default]));
  const errors = new Map<string, string>();
  for (const param of space) {
    const spec = specs.get(param.name);
    const problem =
      spec === undefined ? unknownParamMessage(param.name, entryPoint) : (kindMismatch(param, spec) ?? rangeProblem(param, spec));
    if (problem !== undefined) errors.set(param.name, problem);
  }
  for (const spec of entryPoint.params) {
    if ((spec.type !== 'int' && spec.type !== 'float') || spec.atMostParam === undefined) continue;
    const searched = space.some((p) => p.name === spec.name || p.name === spec.atMostParam);
    if (!searched || errors.has(spec.name) || errors.has(spec.atMostParam)) continue;
    const own = reach(spec.name, space, fixed);
    const limit = reach(spec.atMostParam, space, fixed);
    if (own !== undefined && limit !== undefined && own.max > limit.min) {
      errors.set(
        spec.name,
        `${spec.name} must be at most ${spec.atMostParam} in every trial, but ${spec.name} can reach ${own.max} while ${spec.atMostParam} can be as low as ${limit.min}`,
      );
    }
  }
  return Object.fromEntries(errors);
}
