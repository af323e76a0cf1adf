/**
 * Per-dimension arithmetic shared by every sampler: quantisation, the values of an int range,
 * prior sampling (random search and TPE's start-up phase) and the lowest/highest value a dimension
 * can produce (for checks against a recipe's min/max).
 *
 * Quantisation differs from hyperopt on purpose: hyperopt returns round(x / q) · q, which can
 * fall outside [low, high] (quniform(1, 10, 2) can give 0), and a recipe would then reject it.
 * Here the result is the multiple of q nearest to x among the multiples inside [low, high].
 */
import { randomInt, type Random } from '../ml/random';
import type { Dimension, IntDimension, QLogUniformDimension, QUniformDimension } from './search.types';

/** Tolerance for "k·q is inside [low, high]" so 0.3 counts as a multiple of 0.1 despite 3 · 0.1 = 0.30000000000000004. */
const MULTIPLE_SLACK = 1e-9;

/** k · q without binary noise: 3 · 0.1 gives 0.3. Exact for integer q. */
export function multipleOf(k: number, q: number): number {
  const value = k * q;
  if (Number.isInteger(q)) return value;
  const clean = Number(value.toPrecision(15));
  return clean === 0 ? 0 : clean;
}

/** The smallest and largest k with k · q in [low, high]; lowK > highK when there is none. */
export function multipleRange(low: number, high: number, q: number): { lowK: number; highK: number } {
  return { lowK: Math.ceil(low / q - MULTIPLE_SLACK), highK: Math.floor(high / q + MULTIPLE_SLACK) };
}

/** The multiple of `q` nearest to `x` among those in [low, high] (half-way rounds up). */
export function quantize(x: number, dim: QUniformDimension | QLogUniformDimension): number {
  const { lowK, highK } = multipleRange(dim.low, dim.high, dim.q);
  const k = Math.min(highK, Math.max(lowK, Math.round(x / dim.q)));
  return Math.min(dim.high, Math.max(dim.low, multipleOf(k, dim.q)));
}

/** How many values a quantised dimension has. */
export function quantizedCount(dim: QUniformDimension | QLogUniformDimension): number {
  const { lowK, highK } = multipleRange(dim.low, dim.high, dim.q);
  return Math.max(0, highK - lowK + 1);
}

/** How many values an int range has: low, low + step, … ≤ high. */
export function intCount(dim: IntDimension): number {
  return Math.floor((dim.high - dim.low) / (dim.step ?? 1)) + 1;
}

/** The i-th value of an int range (0-based). */
export function intValue(dim: IntDimension, i: number): number {
  return dim.low + i * (dim.step ?? 1);
}

/** The position of `value` in an int range, or -1 when it is not one of its values. */
export function intIndex(dim: IntDimension, value: number): number {
  const i = (value - dim.low) / (dim.step ?? 1);
  return Number.isInteger(i) && i >= 0 && i < intCount(dim) ? i : -1;
}

/** Keeps exp(log(x)) round-off (exp(log(1e-4)) ≠ 1e-4) from stepping outside a recipe's min/max. */
export function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

/** One draw from the dimension's prior (what random search and TPE's start-up trials use). */
export function samplePrior(dim: Dimension, random: Random): number | string {
  switch (dim.type) {
    case 'uniform':
      return clamp(dim.low + random() * (dim.high - dim.low), dim.low, dim.high);
    case 'loguniform':
      return clamp(Math.exp(Math.log(dim.low) + random() * (Math.log(dim.high) - Math.log(dim.low))), dim.low, dim.high);
    case 'quniform':
      return quantize(dim.low + random() * (dim.high - dim.low), dim);
    case 'qloguniform':
      return quantize(Math.exp(Math.log(dim.low) + random() * (Math.log(dim.high) - Math.log(dim.low))), dim);
    case 'int':
      return intValue(dim, randomInt(random, intCount(dim)));
    case 'choice':
      return dim.options[randomInt(random, dim.options.length)] as number | string;
  }
}

/**
 * The lowest and highest value the dimension can produce (choices: over its numeric options),
 * or undefined for a choice without numbers.
 */
export function valueRange(dim: Dimension): { min: number; max: number } | undefined {
  switch (dim.type) {
    case 'uniform':
    case 'loguniform':
      return { min: dim.low, max: dim.high };
    case 'quniform':
    case 'qloguniform': {
      const { lowK, highK } = multipleRange(dim.low, dim.high, dim.q);
      const at = (k: number): number => Math.min(dim.high, Math.max(dim.low, multipleOf(k, dim.q)));
      return { min: at(lowK), max: at(highK) };
    }
    case 'int':
      return { min: dim.low, max: intValue(dim, intCount(dim) - 1) };
    case 'choice': {
      const numbers = dim.options.filter((o): o is number => typeof o === 'number');
      return numbers.length === 0 ? undefined : { min: Math.min(...numbers), max: Math.max(...numbers) };
    }
  }
}
