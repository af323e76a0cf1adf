/**
 * The density models inside TPE, ported from hyperopt's `tpe.py` (James Bergstra, BSD-3):
 * `linear_forgetting_weights`, `adaptive_parzen_normal`, the truncated Gaussian mixture `GMM1`
 * with its `GMM1_lpdf` (continuous and quantised), and the categorical posterior of
 * `ap_categorical_sampler` / `ap_randint_sampler`. Names of the Python originals are given on
 * each function so the two can be read side by side.
 */
import type { Random } from '../ml/random';
import { randomNormal } from '../ml/random';

/** hyperopt's EPS: floors on standard deviations. */
const EPS = 1e-12;

/** A 1-D Gaussian mixture: normalised `weights`, component means `mus` and deviations `sigmas`. */
export type Mixture = { readonly weights: readonly number[]; readonly mus: readonly number[]; readonly sigmas: readonly number[] };

/** numpy's `linspace(start, stop, num)`. */
function linspace(start: number, stop: number, num: number): number[] {
  if (num <= 0) return [];
  if (num === 1) return [start];
  return Array.from({ length: num }, (_, i) => start + ((stop - start) * i) / (num - 1));
}

/**
 * `linear_forgetting_weights(N, LF)`: the newest LF observations weigh 1, older ones ramp down
 * linearly towards 1/N. Observations are in trial order, oldest first.
 */
export function linearForgettingWeights(n: number, lf: number): number[] {
  if (n === 0) return [];
  if (n < lf) return new Array<number>(n).fill(1);
  return [...linspace(1 / n, 1, n - lf), ...new Array<number>(lf).fill(1)];
}

/** Indices that sort `values` ascending; ties keep their original order (numpy's argsort is not stable). */
function argsort(values: readonly number[]): number[] {
  return values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
}

/**
 * `adaptive_parzen_normal(mus, prior_weight, prior_mu, prior_sigma, LF)`: one Gaussian per
 * observation plus one for the prior, inserted in sorted order. Each observation's width is the
 * larger gap to its sorted neighbours, clipped to [prior_sigma / min(100, 1 + components),
 * prior_sigma]; the prior keeps prior_sigma. Weights: linear forgetting once there are more than
 * LF observations, prior_weight for the prior, then normalised.
 */
export function adaptiveParzenNormal(
  observations: readonly number[],
  priorWeight: number,
  priorMu: number,
  priorSigma: number,
  lf: number,
): Mixture {
  const n = observations.length;
  let mus: number[];
  let sigmas: number[];
  let priorPos: number;
  let order: number[] = [];
  if (n === 0) {
    mus = [priorMu];
    sigmas = [priorSigma];
    priorPos = 0;
  } else if (n === 1) {
    const only = observations[0] as number;
    priorPos = priorMu < only ? 0 : 1;
    mus = priorPos === 0 ? [priorMu, only] : [only, priorMu];
    sigmas = priorPos === 0 ? [priorSigma, priorSigma * 0.5] : [priorSigma * 0.5, priorSigma];
  } else {
    order = argsort(observations);
    const sorted = order.map((i) => observations[i] as number);
    priorPos = sorted.findIndex((x) => x >= priorMu); // numpy searchsorted, side='left'
    if (priorPos < 0) priorPos = n;
    mus = [...sorted.slice(0, priorPos), priorMu, ...sorted.slice(priorPos)];
    const m = mus.length;
    sigmas = mus.map((mu, i) => {
      if (i === 0) return (mus[1] as number) - mu;
      if (i === m - 1) return mu - (mus[m - 2] as number);
      return Math.max(mu - (mus[i - 1] as number), (mus[i + 1] as number) - mu);
    });
  }

  let weights: number[];
  if (lf > 0 && lf < n) {
    const unsorted = linearForgettingWeights(n, lf);
    const sortedWeights = order.map((i) => unsorted[i] as number);
    weights = [...sortedWeights.slice(0, priorPos), priorWeight, ...sortedWeights.slice(priorPos)];
  } else {
    weights = mus.map((_, i) => (i === priorPos ? priorWeight : 1));
  }

  const maxSigma = priorSigma;
  const minSigma = priorSigma / Math.min(100, 1 + mus.length);
  sigmas = sigmas.map((s, i) => (i === priorPos ? priorSigma : Math.min(maxSigma, Math.max(minSigma, s))));
  const total = weights.reduce((a, b) => a + b, 0);
  return { weights: weights.map((w) => w / total), mus, sigmas };
}

/** A category index drawn with the given (normalised) probabilities. */
export function sampleCategorical(probabilities: readonly number[], random: Random): number {
  const u = random();
  let cumulative = 0;
  for (let i = 0; i < probabilities.length; i++) {
    cumulative += probabilities[i] as number;
    if (u < cumulative) return i;
  }
  return probabilities.length - 1; // round-off left u above the last cumulative sum
}

/** Rejection sampling gives up after this many draws (a mixture with almost no mass in range). */
const MAX_REJECTIONS = 10_000;

/**
 * `GMM1(weights, mus, sigmas, low, high)`: pick a component by weight, draw from it, keep the draw
 * if it lies in [low, high), else start again. After 10,000 misses the last draw is clamped
 * (hyperopt would loop forever; unreachable with TPE's mixtures, whose prior component alone
 * puts over a third of its mass in range).
 */
export function sampleMixture(mixture: TruncatedMixture, random: Random): number {
  const { low, high } = mixture;
  let draw = low;
  for (let attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
    const k = sampleCategorical(mixture.weights, random);
    draw = randomNormal(random, mixture.mus[k] as number, mixture.sigmas[k] as number);
    if (draw >= low && draw < high) return draw;
  }
  return Math.min(high, Math.max(low, draw));
}

/**
 * erfc(x) with fractional error below 1.2e-7 everywhere (the Chebyshev fit in Numerical Recipes,
 * 2nd ed., §6.2). Relative accuracy in the tails is what keeps differences of tail CDFs useful.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
        t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(a ≤ X ≤ b) for X ~ N(mu, sigma²), a ≤ b, computed from the nearer tail to keep precision. */
export function normalMass(a: number, b: number, mu: number, sigma: number): number {
  const scale = Math.max(Math.SQRT2 * sigma, EPS);
  const za = (a - mu) / scale;
  const zb = (b - mu) / scale;
  if (za >= 0) return 0.5 * (erfc(za) - erfc(zb));
  if (zb <= 0) return 0.5 * (erfc(-zb) - erfc(-za));
  return 1 - 0.5 * erfc(zb) - 0.5 * erfc(-za);
}

/** A mixture truncated to [low, high], with the log of its mass there (hyperopt's `p_accept`) computed once. */
export type TruncatedMixture = Mixture & {
  readonly low: number;
  readonly high: number;
  readonly logAcceptance: number;
  /** log(weight / sqrt(2π σ²)) per component, for the density. */
  readonly logCoefficients: readonly number[];
};

/** Truncates a mixture to [low, high]. */
export function truncate(mixture: Mixture, low: number, high: number): TruncatedMixture {
  let p = 0;
  for (let k = 0; k < mixture.weights.length; k++) {
    p += (mixture.weights[k] as number) * normalMass(low, high, mixture.mus[k] as number, mixture.sigmas[k] as number);
  }
  const logCoefficients = mixture.weights.map((w, k) => {
    const sigma = mixture.sigmas[k] as number;
    return Math.log(w / Math.sqrt(2 * Math.PI * sigma * sigma));
  });
  return { ...mixture, low, high, logAcceptance: Math.log(p), logCoefficients };
}

/** `GMM1_lpdf` with q = None: log density at x of the truncated mixture. */
export function mixtureLogPdf(x: number, mixture: TruncatedMixture): number {
  const n = mixture.weights.length;
  const terms = new Array<number>(n);
  let max = -Infinity;
  for (let k = 0; k < n; k++) {
    const z = (x - (mixture.mus[k] as number)) / Math.max(mixture.sigmas[k] as number, EPS);
    const term = -0.5 * z * z + (mixture.logCoefficients[k] as number);
    terms[k] = term;
    if (term > max) max = term;
  }
  if (!Number.isFinite(max)) return max;
  let sum = 0;
  for (let k = 0; k < n; k++) sum += Math.exp((terms[k] as number) - max);
  return max + Math.log(sum) - mixture.logAcceptance;
}

/**
 * `GMM1_lpdf` with q: log of the truncated mixture's mass on [lower, upper], the interval that
 * quantises to the value being scored.
 */
export function mixtureLogMass(lower: number, upper: number, mixture: TruncatedMixture): number {
  let p = 0;
  for (let k = 0; k < mixture.weights.length; k++) {
    p += (mixture.weights[k] as number) * normalMass(lower, upper, mixture.mus[k] as number, mixture.sigmas[k] as number);
  }
  return Math.log(p) - mixture.logAcceptance;
}

/**
 * `ap_categorical_sampler` / `ap_randint_sampler`: linear-forgetting-weighted counts of each
 * category among the observations, plus `priorWeight` pseudo-counts for every category (hyperopt
 * adds K · prior_weight · p with p uniform = 1/K). Kept sparse, so an int range of a billion
 * values costs no more than one of ten.
 */
export type CategoricalModel = {
  readonly categories: number;
  readonly priorWeight: number;
  /** Forgetting-weighted count per observed category. */
  readonly counts: ReadonlyMap<number, number>;
  /** categories · priorWeight + the sum of the counts: the normaliser. */
  readonly total: number;
};

/** Fits the model to `observed` category indices, oldest first. */
export function fitCategorical(observed: readonly number[], categories: number, priorWeight: number, lf: number): CategoricalModel {
  const weights = linearForgettingWeights(observed.length, lf);
  const counts = new Map<number, number>();
  let observedMass = 0;
  observed.forEach((category, i) => {
    const w = weights[i] as number;
    counts.set(category, (counts.get(category) ?? 0) + w);
    observedMass += w;
  });
  return { categories, priorWeight, counts, total: categories * priorWeight + observedMass };
}

/** The model's probability of category i. */
export function categoricalProbability(model: CategoricalModel, i: number): number {
  return (model.priorWeight + (model.counts.get(i) ?? 0)) / model.total;
}

/** One category from the model: the uniform pseudo-count part or one observed category, by mass. */
export function sampleCategoricalModel(model: CategoricalModel, random: Random): number {
  let u = random() * model.total;
  const priorMass = model.categories * model.priorWeight;
  if (u < priorMass) return Math.min(model.categories - 1, Math.floor(u / model.priorWeight));
  u -= priorMass;
  let last = model.categories - 1;
  for (const [category, weight] of model.counts) {
    if (u < weight) return category;
    u -= weight;
    last = category;
  }
  return last; // round-off left u past the last count
}

/** Every category's probability, as hyperopt's normalised pseudo-counts (small K only). */
export function categoricalPosterior(observed: readonly number[], categories: number, priorWeight: number, lf: number): number[] {
  const model = fitCategorical(observed, categories, priorWeight, lf);
  return Array.from({ length: categories }, (_, i) => categoricalProbability(model, i));
}
