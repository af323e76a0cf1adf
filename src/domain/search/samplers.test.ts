import { describe, expect, it } from 'vitest';
import { createRandom } from '../ml/random';
import { quantize, samplePrior } from './dimensions';
import { gridPoint, gridSize, MAX_GRID_SIZE } from './gridSampler';
import type { Dimension, SearchSpace } from './search.types';
import { sampleRandom } from './tpe';

function draws(dim: Dimension, n: number, seed = 1): (number | string)[] {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => samplePrior(dim, random));
}

function numbers(dim: Dimension, n: number, seed = 1): number[] {
  return draws(dim, n, seed).map((v) => v as number);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

describe('samplePrior', () => {
  it('keeps uniform draws in [low, high) with mean and spread of a uniform', () => {
    const xs = numbers({ type: 'uniform', low: -2, high: 3 }, 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...xs)).toBeLessThan(3);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeCloseTo(0.5, 1);
    // A quarter of the mass in each quarter of the range.
    expect(xs.filter((x) => x < -0.75).length / xs.length).toBeCloseTo(0.25, 1);
  });

  it('spreads loguniform(1e-4, 1e-1) evenly over decades: median near 10^-2.5', () => {
    const xs = numbers({ type: 'loguniform', low: 1e-4, high: 1e-1 }, 20_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(1e-4);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1e-1);
    expect(Math.log10(median(xs))).toBeCloseTo(-2.5, 1);
    // One third per decade; a uniform would put 90% in the top decade.
    expect(xs.filter((x) => x < 1e-3).length / xs.length).toBeCloseTo(1 / 3, 1);
  });

  it('quantizes quniform to multiples of q inside the bounds, ends included', () => {
    const dim: Dimension = { type: 'quniform', low: 0.05, high: 1, q: 0.1 };
    const xs = numbers(dim, 5000);
    const seen = new Set(xs);
    expect([...seen].sort((a, b) => a - b)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    // hyperopt's round(x / q) * q would give 0 here, below low.
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0.05);
  });

  it('quantizes qloguniform on a log scale', () => {
    const xs = numbers({ type: 'qloguniform', low: 1, high: 1000, q: 1 }, 20_000);
    expect(xs.every((x) => Number.isInteger(x) && x >= 1 && x <= 1000)).toBe(true);
    expect(Math.log10(median(xs))).toBeCloseTo(1.5, 1);
    expect(xs.filter((x) => x <= 10).length / xs.length).toBeGreaterThan(0.3);
  });

  it('draws int ranges inclusively, every value about equally often, honouring step', () => {
    const xs = numbers({ type: 'int', low: 2, high: 6 }, 10_000);
    const counts = new Map<number, number>();
    for (const x of xs) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort()).toEqual([2, 3, 4, 5, 6]);
    for (const c of counts.values()) expect(c / xs.length).toBeCloseTo(0.2, 1);
    const stepped = new Set(numbers({ type: 'int', low: 16, high: 100, step: 16 }, 2000));
    expect([...stepped].sort((a, b) => a - b)).toEqual([16, 32, 48, 64, 80, 96]);
  });

  it('reaches every choice', () => {
    const options = ['relu', 'tanh', 0.5, 'elu', 7];
    const seen = new Set(draws({ type: 'choice', options }, 500));
    expect(seen).toEqual(new Set(options));
  });
});

describe('quantize', () => {
  it('cleans binary noise and clamps to the multiples in range', () => {
    const dim = { type: 'quniform', low: 0, high: 0.3, q: 0.1 } as const;
    expect(quantize(0.29, dim)).toBe(0.3);
    expect(quantize(0.35, dim)).toBe(0.3);
    expect(quantize(-1, dim)).toBe(0);
    expect(quantize(3 * 0.1, dim)).toBe(0.3);
    expect(quantize(1.5, { type: 'quniform', low: 1, high: 10, q: 2 })).toBe(2);
    // 9.4 rounds to 10, past high: the nearest multiple inside is 8, not the clamped 9.5.
    expect(quantize(9.4, { type: 'quniform', low: 1, high: 9.5, q: 2 })).toBe(8);
  });
});

describe('sampleRandom', () => {
  const space: SearchSpace = [
    { name: 'learning_rate', type: 'loguniform', low: 1e-4, high: 1e-1 },
    { name: 'momentum', type: 'uniform', low: 0, high: 0.99 },
    { name: 'mode', type: 'choice', options: ['a', 'b'] },
  ];

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const run = (seed: number) => {
      const random = createRandom(seed);
      return Array.from({ length: 5 }, () => sampleRandom(space, random));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    expect(Object.keys(run(7)[0] ?? {})).toEqual(['learning_rate', 'momentum', 'mode']);
  });
});

describe('grid', () => {
  it('enumerates the cartesian product, first parameter slowest', () => {
    const space: SearchSpace = [
      { name: 'a', type: 'choice', options: ['x', 'y'] },
      { name: 'b', type: 'int', low: 1, high: 3 },
    ];
    expect(gridSize(space)).toBe(6);
    const points = Array.from({ length: 6 }, (_, i) => gridPoint(space, i));
    expect(points).toEqual([
      { a: 'x', b: 1 }, { a: 'x', b: 2 }, { a: 'x', b: 3 },
      { a: 'y', b: 1 }, { a: 'y', b: 2 }, { a: 'y', b: 3 },
    ]);
    expect(() => gridPoint(space, 6)).toThrow('grid point 6 does not exist: the grid has 6 points');
  });

  it('spaces continuous dimensions by gridPoints: linear for uniform, geometric for loguniform', () => {
    const space: SearchSpace = [
      { name: 'lr', type: 'loguniform', low: 1e-4, high: 1e-1, gridPoints: 4 },
      { name: 'm', type: 'uniform', low: 0, high: 1, gridPoints: 3 },
    ];
    expect(gridSize(space)).toBe(12);
    const lrs = [0, 3, 6, 9].map((i) => gridPoint(space, i).lr as number);
    expect(lrs[0]).toBe(1e-4);
    expect(lrs[1]).toBeCloseTo(1e-3, 12);
    expect(lrs[2]).toBeCloseTo(1e-2, 12);
    expect(lrs[3]).toBe(1e-1);
    expect([0, 1, 2].map((i) => gridPoint(space, i).m)).toEqual([0, 0.5, 1]);
  });

  it('takes every multiple of q, or gridPoints of them, and thins int ranges by gridPoints', () => {
    expect(gridSize([{ name: 'q', type: 'quniform', low: 0, high: 1, q: 0.25 }])).toBe(5);
    expect(gridPoint([{ name: 'q', type: 'quniform', low: 0, high: 1, q: 0.25 }], 3)).toEqual({ q: 0.75 });
    const thinned: SearchSpace = [{ name: 'e', type: 'int', low: 1, high: 100, gridPoints: 4 }];
    expect(Array.from({ length: gridSize(thinned) }, (_, i) => gridPoint(thinned, i).e)).toEqual([1, 34, 67, 100]);
    const qlog: SearchSpace = [{ name: 'u', type: 'qloguniform', low: 1, high: 1000, q: 1, gridPoints: 4 }];
    expect(Array.from({ length: gridSize(qlog) }, (_, i) => gridPoint(qlog, i).u)).toEqual([1, 10, 100, 1000]);
  });

  it('asks for gridPoints on a continuous dimension, naming it', () => {
    expect(() => gridSize([{ name: 'momentum', type: 'uniform', low: 0, high: 1 }])).toThrow(
      'momentum.gridPoints is needed for grid search: uniform is continuous',
    );
  });

  it('refuses a huge grid without building it, giving the factors', () => {
    const huge: SearchSpace = [
      { name: 'a', type: 'int', low: 1, high: 1_000_000 },
      { name: 'b', type: 'int', low: 1, high: 1_000_000 },
      { name: 'c', type: 'qloguniform', low: 1, high: 1e12, q: 1 },
    ];
    const started = performance.now();
    expect(() => gridSize(huge)).toThrow(/the grid has [\d,]+ points \(1000000 a × 1000000 b × 1000000000000 c\), more than the limit of 100,000/);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(() => gridSize([{ name: 'a', type: 'int', low: 0, high: MAX_GRID_SIZE }])).toThrow('more than the limit');
    expect(gridSize([{ name: 'a', type: 'int', low: 1, high: MAX_GRID_SIZE }])).toBe(MAX_GRID_SIZE);
  });
});
