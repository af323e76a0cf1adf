/**
 * Seeded pseudo-random numbers for reproducible runs: splits, shuffles and anything else that must
 * come out the same when a run is re-run with the same seed.
 *
 * The generator is mulberry32 (Tommy Ettinger's 32-bit generator as published by bryc,
 * https://github.com/bryc/code/blob/master/jshash/PRNGs.md): one 32-bit word of state, period 2^32,
 * fast in JavaScript because it needs only `Math.imul` and shifts. It is not cryptographic, and it
 * is not numpy's generator: the same seed gives the same numbers here, not the numbers Python gives.
 */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** Anything indexable and writable: plain arrays and every typed array. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/**
 * Returns a generator of uniform numbers in [0, 1) with 32 bits of resolution.
 * `seed` must be a safe integer; it is taken modulo 2^32, so -1 and 4294967295 give the same stream.
 * Throws for NaN, infinities and fractions, which would otherwise collapse silently onto another seed.
 */
export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`Random seed must be an integer, got ${String(seed)}`);
  }
  // ToUint32 is exact modular arithmetic on the integer value, for any safe integer.
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n) drawn from `random`; `n` must be a positive integer. */
export function randomInt(random: Random, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`randomInt needs a positive integer bound, got ${String(n)}`);
  return Math.floor(random() * n);
}

/**
 * Shuffles `array` in place with the Fisher–Yates (Durstenfeld) algorithm, walking from the last
 * element down: element i swaps with a uniform j in [0, i]. Every permutation is equally likely
 * (up to the generator's resolution). Returns the same array for chaining.
 */
export function shuffleInPlace<T, A extends MutableArrayLike<T>>(array: A, random: Random): A {
  for (let i = array.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = array[i] as T;
    array[i] = array[j] as T;
    array[j] = tmp;
  }
  return array;
}

/** A uniformly random ordering of 0..n-1 (a shuffled identity), as numpy's `permutation(n)`. */
export function permutation(n: number, random: Random): Uint32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`permutation needs a non-negative integer, got ${String(n)}`);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return shuffleInPlace<number, Uint32Array>(out, random);
}

/**
 * One standard-normal sample by the Box–Muller transform:
 * z = sqrt(-2 ln u1) · cos(2π u2) with u1 = 1 - random() in (0, 1] (so ln never sees 0) and u2 = random().
 * Consumes exactly two uniforms per call (the sine twin is discarded, which keeps calls stateless).
 */
export function randomNormal(random: Random, mean = 0, std = 1): number {
  const u1 = 1 - random();
  const u2 = random();
  return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
