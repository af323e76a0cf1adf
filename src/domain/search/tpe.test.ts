import { describe, expect, it } from 'vitest';
import { createRandom } from '../ml/random';
import type { SearchSpace, SuggestedParams } from './search.types';
import { DEFAULT_TPE_SETTINGS, sampleRandom, splitObservations, suggestTpe, type Observation } from './tpe';

type Objective = (p: SuggestedParams) => number;

/** About a second alone; the generous limit is for a machine busy with other test files. */
const HEAVY_TEST_TIMEOUT = 60_000;

/** Sequential search: trial i draws from stream (seed, i), as the search state does. */
function search(space: SearchSpace, objective: Objective, algorithm: 'tpe' | 'random', seed: number, trials: number): number[] {
  const observations: Observation[] = [];
  const bestCurve: number[] = [];
  let best = Infinity;
  for (let i = 0; i < trials; i++) {
    const random = createRandom(seed * 10_007 + i);
    const params = algorithm === 'tpe' ? suggestTpe(space, observations, random) : sampleRandom(space, random);
    const loss = objective(params);
    observations.push({ params, loss });
    best = Math.min(best, loss);
    bestCurve.push(best);
  }
  return bestCurve;
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const box: SearchSpace = [
  { name: 'x', type: 'uniform', low: -5, high: 10 },
  { name: 'y', type: 'uniform', low: 0, high: 15 },
];

const bowl: Objective = (p) => ((p.x as number) - 2) ** 2 + ((p.y as number) - 7) ** 2;

/** Branin-Hoo, the smooth 2-D benchmark of the TPE paper; global minimum 0.397887 at three points. */
const branin: Objective = (p) => {
  const x = p.x as number;
  const y = p.y as number;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const t = 1 / (8 * Math.PI);
  return (y - b * x * x + c * x - 6) ** 2 + 10 * (1 - t) * Math.cos(x) + 10;
};

describe('splitObservations', () => {
  const obs = (losses: number[]): Observation[] => losses.map((loss, i) => ({ params: { i }, loss }));

  it('puts the ceil(gamma * sqrt(n)) best in "below", capped at 25, keeping trial order', () => {
    const losses = Array.from({ length: 20 }, (_, i) => 20 - i);
    const { below, above } = splitObservations(obs(losses), 0.25);
    expect(below.map((o) => o.params.i)).toEqual([18, 19]); // ceil(0.25 · √20) = 2
    expect(above).toHaveLength(18);
    expect(above.map((o) => o.params.i)).toEqual(Array.from({ length: 18 }, (_, i) => i));
    expect(splitObservations(obs(Array.from({ length: 100 }, (_, i) => i)), 0.25).below).toHaveLength(3);
    expect(splitObservations(obs(Array.from({ length: 20_000 }, (_, i) => i)), 0.25).below).toHaveLength(25);
  });

  it('sends trials without a loss (pending, running, failed: +Infinity) above', () => {
    const { below } = splitObservations(obs([Infinity, 5, Infinity, 3]), 1);
    expect(below.map((o) => o.params.i)).toEqual([1, 3]);
  });
});

describe('suggestTpe', () => {
  it('draws from the prior, exactly as random search, during the start-up trials', () => {
    const observations: Observation[] = Array.from({ length: 19 }, (_, i) => ({ params: { x: i, y: i }, loss: i }));
    expect(suggestTpe(box, observations, createRandom(5))).toEqual(sampleRandom(box, createRandom(5)));
    const afterStartUp = suggestTpe(box, [...observations, { params: { x: 0, y: 0 }, loss: 0 }], createRandom(5));
    expect(afterStartUp).not.toEqual(sampleRandom(box, createRandom(5)));
  });

  it('is deterministic for the same observations and seed', () => {
    const observations: Observation[] = Array.from({ length: 30 }, (_, i) => ({ params: { x: (i * 7) % 15 - 5, y: (i * 3) % 15 }, loss: (i * 13) % 17 }));
    expect(suggestTpe(box, observations, createRandom(11))).toEqual(suggestTpe(box, observations, createRandom(11)));
  });

  it('closes in on the minimum of a quadratic bowl far beyond its start-up phase (60 trials)', () => {
    const seeds = Array.from({ length: 10 }, (_, s) => s);
    const curves = seeds.map((s) => search(box, bowl, 'tpe', s, 60));
    const afterStartUp = mean(curves.map((c) => c[DEFAULT_TPE_SETTINGS.nStartupJobs - 1] as number));
    const after60 = mean(curves.map((c) => c[59] as number));
    console.log(`quadratic bowl, TPE mean best: ${afterStartUp.toFixed(3)} after the 20 start-up trials, ${after60.toFixed(3)} after 60`);
    expect(after60).toBeLessThan(afterStartUp / 3);
  }, HEAVY_TEST_TIMEOUT);

  it('concentrates on the good choice and the good log-scale region', () => {
    const space: SearchSpace = [
      { name: 'lr', type: 'loguniform', low: 1e-6, high: 1 },
      { name: 'opt', type: 'choice', options: ['sgd', 'adam', 'rmsprop', 'adagrad'] },
      { name: 'units', type: 'int', low: 1, high: 8 },
    ];
    const objective: Objective = (p) =>
      (Math.log10(p.lr as number) + 3) ** 2 + (p.opt === 'adam' ? 0 : 4) + Math.abs((p.units as number) - 6);
    const observations: Observation[] = [];
    for (let i = 0; i < 80; i++) {
      const params = suggestTpe(space, observations, createRandom(1000 + i));
      observations.push({ params, loss: objective(params) });
    }
    const late = observations.slice(40);
    expect(late.filter((o) => o.params.opt === 'adam').length / late.length).toBeGreaterThan(0.5);
    const lateLog = late.map((o) => Math.log10(o.params.lr as number));
    expect(Math.abs(mean(lateLog) + 3)).toBeLessThan(1);
    for (const o of observations) {
      expect(o.params.lr).toBeGreaterThanOrEqual(1e-6);
      expect(o.params.lr).toBeLessThanOrEqual(1);
      expect(Number.isInteger(o.params.units) && (o.params.units as number) >= 1 && (o.params.units as number) <= 8).toBe(true);
    }
  });

  it('handles an int range of two billion values without building it', () => {
    const space: SearchSpace = [{ name: 'seed', type: 'int', low: 0, high: 2_147_483_647 }];
    const observations: Observation[] = Array.from({ length: 30 }, (_, i) => ({ params: { seed: i * 1000 }, loss: i }));
    const started = performance.now();
    const { seed } = suggestTpe(space, observations, createRandom(1));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(Number.isInteger(seed) && (seed as number) >= 0 && (seed as number) <= 2_147_483_647).toBe(true);
  });

  it('keeps quantised suggestions on their grid', () => {
    const space: SearchSpace = [
      { name: 'units', type: 'qloguniform', low: 8, high: 512, q: 8 },
      { name: 'drop', type: 'quniform', low: 0, high: 0.5, q: 0.05 },
    ];
    const observations: Observation[] = [];
    for (let i = 0; i < 40; i++) {
      const params = suggestTpe(space, observations, createRandom(i));
      observations.push({ params, loss: Math.abs((params.units as number) - 64) + (params.drop as number) });
    }
    for (const { params } of observations) {
      expect((params.units as number) % 8).toBe(0);
      expect(params.units).toBeGreaterThanOrEqual(8);
      expect(params.units).toBeLessThanOrEqual(512);
      expect(Number((params.drop as number).toFixed(2))).toBe(params.drop);
      expect(Math.round((params.drop as number) / 0.05) * 0.05).toBeCloseTo(params.drop as number, 12);
    }
  });
});

describe('TPE against random search (measured)', () => {
  const seeds = Array.from({ length: 50 }, (_, s) => s + 1);

  function compare(name: string, objective: Objective, trials: number): { tpe: number; random: number } {
    const tpe = seeds.map((s) => search(box, objective, 'tpe', s, trials).at(-1) as number);
    const random = seeds.map((s) => search(box, objective, 'random', s, trials).at(-1) as number);
    const wins = tpe.filter((t, i) => t < (random[i] as number)).length;
    console.log(
      `${name}, 50 seeds × ${trials} trials (the first 20 are TPE's random start-up): TPE lower in ${wins}/50 seeds; ` +
        `mean best TPE ${mean(tpe).toFixed(4)} vs random ${mean(random).toFixed(4)}`,
    );
    return { tpe: mean(tpe), random: mean(random) };
  }

  it('reaches a lower value than random search on average on a smooth 2-D bowl (40 trials)', () => {
    const result = compare('quadratic bowl', bowl, 40);
    expect(result.tpe).toBeLessThan(result.random);
    // Printed for the record, not asserted: with only 20 TPE trials, Branin's three basins keep
    // the gap within the noise of 50 seeds (over 400 seeds TPE's mean best is lower, 1.36 vs
    // 1.70 with standard error 0.07, yet TPE is lower in only 47% of seeds).
    compare('Branin', branin, 40);
  }, HEAVY_TEST_TIMEOUT);
});
