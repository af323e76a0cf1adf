import { describe, expect, it } from 'vitest';
import { createRandom } from '../ml/random';
import {
  adaptiveParzenNormal, categoricalPosterior, erfc, fitCategorical, sampleCategoricalModel, linearForgettingWeights, mixtureLogMass, mixtureLogPdf, normalMass, sampleMixture, truncate,
} from './parzen';

/**
 * Expected values come from hyperopt's own `adaptive_parzen_normal`, `linear_forgetting_weights`
 * and `GMM1_lpdf` (hyperopt/tpe.py), run with numpy 2.4 and scipy 1.17 on the same inputs.
 */
describe('linearForgettingWeights', () => {
  it('matches hyperopt: ones below LF, then a ramp from 1/N for the oldest', () => {
    expect(linearForgettingWeights(0, 25)).toEqual([]);
    expect(linearForgettingWeights(10, 25)).toEqual(new Array(10).fill(1));
    const w = linearForgettingWeights(30, 25);
    expect(w.slice(0, 5)).toEqual([0.03333333333333333, 0.275, 0.5166666666666667, 0.7583333333333333, 1].map((x) => expect.closeTo(x, 15)));
    expect(w.slice(4)).toEqual(new Array(26).fill(1));
  });
});

describe('adaptiveParzenNormal', () => {
  it('matches hyperopt with several observations (prior inserted in order, widths clipped)', () => {
    const m = adaptiveParzenNormal([0.3, -1.2, 2.5, 0.3, 4.0], 1, 0.5, 10, 25);
    expect(m.mus).toEqual([-1.2, 0.3, 0.3, 0.5, 2.5, 4.0]);
    expect(m.sigmas.map((s) => Number(s.toFixed(12)))).toEqual([1.5, 1.5, 1.428571428571, 10, 2, 1.5]);
    for (const w of m.weights) expect(w).toBeCloseTo(1 / 6, 15);
  });

  it('matches hyperopt with linear forgetting (LF = 3 < 7 observations)', () => {
    const m = adaptiveParzenNormal([0.3, -1.2, 2.5, 0.3, 4.0, 7.5, -3.0], 1, 0.5, 10, 3);
    expect(m.mus).toEqual([-3.0, -1.2, 0.3, 0.3, 0.5, 2.5, 4.0, 7.5]);
    const expected = [0.1590909090909091, 0.06818181818181819, 0.022727272727272728, 0.1590909090909091, 0.1590909090909091, 0.11363636363636366, 0.1590909090909091, 0.1590909090909091];
    m.weights.forEach((w, i) => expect(w).toBeCloseTo(expected[i] as number, 14));
    const sigmas = [1.8, 1.8, 1.5, 1.1111111111111112, 10, 2, 3.5, 3.5];
    m.sigmas.forEach((s, i) => expect(s).toBeCloseTo(sigmas[i] as number, 12));
  });

  it('matches hyperopt with zero, one and two observations', () => {
    expect(adaptiveParzenNormal([], 1, 0.5, 10, 25)).toEqual({ weights: [1], mus: [0.5], sigmas: [10] });
    expect(adaptiveParzenNormal([3], 1, 0.5, 10, 25)).toEqual({ weights: [0.5, 0.5], mus: [0.5, 3], sigmas: [10, 5] });
    expect(adaptiveParzenNormal([-3], 1, 0.5, 10, 25)).toEqual({ weights: [0.5, 0.5], mus: [-3, 0.5], sigmas: [5, 10] });
    const two = adaptiveParzenNormal([0, 0.05], 1, 0.5, 1, 25);
    expect(two.mus).toEqual([0, 0.05, 0.5]);
    two.sigmas.forEach((s, i) => expect(s).toBeCloseTo([0.25, 0.45, 1][i] as number, 15));
  });
});

describe('truncated mixture densities', () => {
  const mixture = truncate(adaptiveParzenNormal([0.3, -1.2, 2.5, 0.3, 4.0], 1, 0.5, 10, 25), -4.5, 5.5);

  it('gives hyperopt GMM1_lpdf values, continuous and quantised (q = 1)', () => {
    [0, 2, -4.5].forEach((x, i) => expect(mixtureLogPdf(x, mixture)).toBeCloseTo([-1.7815615021647726, -2.0729147260029004, -4.42014095924585][i] as number, 6));
    const buckets: [number, number][] = [[-0.5, 0.5], [1.5, 2.5], [4.5, 5.5]];
    buckets.forEach(([a, b], i) =>
      expect(mixtureLogMass(a, b, mixture)).toBeCloseTo([-1.792853400004481, -2.067938554942045, -2.708780035076944][i] as number, 6));
  });

  it('integrates to 1 over its range', () => {
    const n = 20_000;
    const h = 10 / n;
    let total = 0;
    for (let i = 0; i < n; i++) total += Math.exp(mixtureLogPdf(-4.5 + (i + 0.5) * h, mixture)) * h;
    expect(total).toBeCloseTo(1, 4);
    expect(Math.exp(mixtureLogMass(-4.5, 5.5, mixture))).toBeCloseTo(1, 6);
  });

  it('samples only inside [low, high)', () => {
    const random = createRandom(3);
    const xs = Array.from({ length: 5000 }, () => sampleMixture(mixture, random));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-4.5);
    expect(Math.max(...xs)).toBeLessThan(5.5);
  });
});

describe('erfc and normalMass', () => {
  it('matches scipy to 1.2e-7 relative, including the far tail', () => {
    const xs = [-2, -0.5, 0, 0.3, 1, 2.5, 4];
    const scipy = [1.9953222650189528, 1.5204998778130465, 1, 0.6713732405408726, 0.15729920705028522, 0.00040695201744500586, 1.5417257914762672e-8];
    xs.forEach((x, i) => expect(Math.abs(erfc(x) / (scipy[i] as number) - 1)).toBeLessThan(1.2e-7));
  });

  it('keeps precision for intervals deep in a tail', () => {
    // P(6 ≤ Z ≤ 7) for a standard normal ≈ 9.8531e-10 (scipy); 1 - Φ differences would lose it.
    expect(normalMass(6, 7, 0, 1) / 9.853078324938e-10).toBeCloseTo(1, 5);
    expect(normalMass(-7, -6, 0, 1) / 9.853078324938e-10).toBeCloseTo(1, 5);
    expect(normalMass(-1, 1, 0, 1)).toBeCloseTo(0.682689492137, 6);
  });
});

describe('categoricalPosterior', () => {
  it('adds prior pseudo-counts to the forgetting-weighted counts, as ap_categorical_sampler', () => {
    expect(categoricalPosterior([], 3, 1, 25)).toEqual([1 / 3, 1 / 3, 1 / 3]);
    expect(categoricalPosterior([0, 0, 2], 3, 1, 25)).toEqual([3 / 6, 1 / 6, 2 / 6]);
    // LF = 2 with 4 observations: weights [0.25, 1, 1, 1] oldest first.
    const p = categoricalPosterior([1, 0, 0, 2], 3, 1, 2);
    const counts = [1 + 2, 1 + 0.25, 1 + 1];
    p.forEach((x, i) => expect(x).toBeCloseTo((counts[i] as number) / 6.25, 15));
  });

  it('samples categories in proportion to their pseudo-counts', () => {
    const model = fitCategorical([2, 2, 2, 2, 0], 4, 1, 25); // pseudo-counts 2, 1, 5, 1 of 9
    const random = createRandom(9);
    const hits = [0, 0, 0, 0];
    for (let i = 0; i < 36_000; i++) hits[sampleCategoricalModel(model, random)]! += 1;
    // Standard error ≤ 0.0027 per share; 0.015 is over five of them.
    hits.forEach((h, i) => expect(Math.abs(h / 36_000 - ([2, 1, 5, 1][i] as number) / 9)).toBeLessThan(0.015));
  });
});
