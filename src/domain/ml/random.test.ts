import { describe, expect, it } from 'vitest';
import { createRandom, permutation, randomInt, randomNormal, shuffleInPlace } from './random';
import type { Random } from './random';

const TWO_32 = 4294967296;

/** A fake generator that replays fixed values, so shuffles and transforms can be checked by hand. */
function replay(values: readonly number[]): Random {
  let i = 0;
  return () => {
    const v = values[i++];
    if (v === undefined) throw new Error('replay ran out of values');
    return v;
  };
}

function take(random: Random, n: number): number[] {
  return Array.from({ length: n }, () => random());
}

describe('createRandom', () => {
  // Seed 0, first draw, step by step (all arithmetic mod 2^32):
  //   state = 0 + 0x6d2b79f5                      = 0x6d2b79f5
  //   t ^ (t >>> 15)  = 0x6d2b79f5 ^ 0x0000da56   = 0x6d2ba3a3
  //   t = imul(0x6d2ba3a3, t | 1 = 0x6d2b79f5)    = 0xfe7ca5ff
  //   t ^ (t >>> 7)   = 0xfe7ca5ff ^ 0x01fcf94b   = 0xff805cb4
  //   imul(0xff805cb4, t | 61 = 0xfe7ca5ff)       = 0xbbcc5b4c
  //   t ^= t + 0xbbcc5b4c: 0xfe7ca5ff + 0xbbcc5b4c = 0xba49014b; 0xfe7ca5ff ^ 0xba49014b = 0x4435a4b4
  //   t ^ (t >>> 14)  = 0x4435a4b4 ^ 0x000110d6   = 0x4434b462 = 1144304738
  //   1144304738 / 2^32 = 0.26642920868471265
  // The later values are the published reference mulberry32's output for these seeds (×2^32).
  it.each([
    [0, [1144304738, 1416247, 958946056]],
    [1, [2693262067, 11749833, 2265367787]],
    [42, [2581720956, 1925393290, 3661312704]],
  ])('should reproduce the reference mulberry32 stream for seed %i', (seed, expected) => {
    expect(take(createRandom(seed), 3).map((x) => x * TWO_32)).toEqual(expected);
  });

  it('should give the same sequence for the same seed', () => {
    expect(take(createRandom(123), 50)).toEqual(take(createRandom(123), 50));
  });

  it('should give different sequences for different seeds', () => {
    const a = take(createRandom(1), 20);
    const b = take(createRandom(2), 20);
    expect(a).not.toEqual(b);
    expect(a.filter((x, i) => x === b[i])).toHaveLength(0);
  });

  it('should take seeds modulo 2^32', () => {
    // -1 mod 2^32 = 4294967295; 2^32 + 5 mod 2^32 = 5.
    expect(take(createRandom(-1), 5)).toEqual(take(createRandom(4294967295), 5));
    expect(take(createRandom(TWO_32 + 5), 5)).toEqual(take(createRandom(5), 5));
  });

  it('should stay in [0, 1) with a mean near 1/2', () => {
    const r = createRandom(7);
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = r();
      if (!(x >= 0 && x < 1)) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    // Uniform mean 0.5, standard error sqrt(1/12 / 10000) ≈ 0.0029; 0.02 is ~7 standard errors.
    expect(Math.abs(sum / 10_000 - 0.5)).toBeLessThan(0.02);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [1.5], [2 ** 60]])('should reject the seed %s', (seed) => {
    expect(() => createRandom(seed)).toThrow(/seed must be an integer/);
  });
});

describe('randomInt', () => {
  it.each([
    // floor(u * n)
    [0, 10, 0],
    [0.999, 10, 9],
    [0.5, 3, 1], // 1.5 → 1
  ])('should map u=%d with n=%i to %i', (u, n, expected) => {
    expect(randomInt(() => u, n)).toBe(expected);
  });

  it.each([[0], [-1], [2.5], [Number.NaN]])('should reject the bound %s', (n) => {
    expect(() => randomInt(() => 0, n)).toThrow(/positive integer/);
  });
});

describe('shuffleInPlace', () => {
  it('should perform the Fisher–Yates swaps chosen by the generator', () => {
    // [a, b, c, d], draws 0.5, 0.9, 0.1:
    //   i=3: j = floor(0.5 * 4) = 2 → swap 3,2 → [a, b, d, c]
    //   i=2: j = floor(0.9 * 3) = 2 → no-op    → [a, b, d, c]
    //   i=1: j = floor(0.1 * 2) = 0 → swap 1,0 → [b, a, d, c]
    const array = ['a', 'b', 'c', 'd'];
    const result = shuffleInPlace<string, string[]>(array, replay([0.5, 0.9, 0.1]));
    expect(result).toBe(array);
    expect(array).toEqual(['b', 'a', 'd', 'c']);
  });

  it('should shuffle typed arrays in place', () => {
    // [10, 20, 30], draws 0, 0: i=2: j=0 → [30, 20, 10]; i=1: j=0 → [20, 30, 10]
    const array = Float32Array.of(10, 20, 30);
    shuffleInPlace<number, Float32Array>(array, replay([0, 0]));
    expect(Array.from(array)).toEqual([20, 30, 10]);
  });

  it.each([[[]], [[7]]])('should leave %j untouched without drawing', (input) => {
    const array = [...input];
    shuffleInPlace<number, number[]>(array, replay([]));
    expect(array).toEqual(input);
  });

  it('should keep every element exactly once', () => {
    const array = Array.from({ length: 100 }, (_, i) => i);
    shuffleInPlace<number, number[]>(array, createRandom(9));
    expect([...array].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(array).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
});

describe('permutation', () => {
  it('should be a deterministic permutation of 0..n-1 per seed', () => {
    const a = permutation(50, createRandom(3));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(permutation(50, createRandom(3)))).toEqual(Array.from(a));
    expect(Array.from(permutation(50, createRandom(4)))).not.toEqual(Array.from(a));
  });

  it('should return an empty array for n = 0 and reject negatives', () => {
    expect(permutation(0, createRandom(1))).toHaveLength(0);
    expect(() => permutation(-1, createRandom(1))).toThrow(/non-negative integer/);
  });
});

describe('randomNormal', () => {
  it.each([
    // u1 = 1 - r1, z = sqrt(-2 ln u1) · cos(2π r2)
    ['r1 = 0 → u1 = 1 → radius 0', [0, 0.3], 0],
    ['u1 = e^-0.5 → radius sqrt(1) = 1; r2 = 0 → cos 0 = 1', [1 - Math.exp(-0.5), 0], 1],
    ['radius 1; r2 = 0.5 → cos π = -1', [1 - Math.exp(-0.5), 0.5], -1],
    ['u1 = e^-2 → radius sqrt(4) = 2; r2 = 0.25 → cos(π/2) = 0', [1 - Math.exp(-2), 0.25], 0],
  ])('should apply Box–Muller: %s', (_label, draws, expected) => {
    expect(randomNormal(replay(draws))).toBeCloseTo(expected, 12);
  });

  it('should scale and shift: mean 10, std 3, radius 1, cos 0 = 1 → 10 + 3·1 = 13', () => {
    expect(randomNormal(replay([1 - Math.exp(-0.5), 0]), 10, 3)).toBeCloseTo(13, 12);
  });

  it('should have mean ≈ 0 and variance ≈ 1 over many draws', () => {
    const r = createRandom(2024);
    const n = 20_000;
    let sum = 0;
    let sumSq = 0;
    let nonFinite = 0;
    for (let i = 0; i < n; i++) {
      const z = randomNormal(r);
      if (!Number.isFinite(z)) nonFinite++;
      sum += z;
      sumSq += z * z;
    }
    expect(nonFinite).toBe(0);
    const mean = sum / n;
    // Standard error of the mean 1/sqrt(20000) ≈ 0.007; of the variance ≈ sqrt(2/20000) ≈ 0.01.
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(Math.abs(sumSq / n - mean * mean - 1)).toBeLessThan(0.06);
  });
});
