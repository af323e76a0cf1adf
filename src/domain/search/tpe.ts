/**
 * Tree-structured Parzen Estimator, following hyperopt's `tpe.suggest`:
 * 1. fewer than `nStartupJobs` observations → a draw from the prior (random search);
 * 2. otherwise sort observations by loss and split them (`ap_split_trials`): the best
 *    n_below = min(ceil(gamma · sqrt(n)), 25) are "below" (good), the rest "above";
 * 3. per parameter, fit l(x) to the below values and g(x) to the above values
 *    (`adaptive_parzen_normal` with the prior as an extra component, in log space for log
 *    dimensions; weighted counts plus prior pseudo-counts for choices and int ranges);
 * 4. draw `nEiCandidates` values from l(x) and keep the one with the largest log l(x) − log g(x).
 *
 * As in hyperopt, step 4 runs per parameter (`broadcast_best` on each node): because the score is
 * a sum over parameters of independent terms, this is the argmax of Σ log l − log g over every
 * combination of the per-parameter candidates.
 */
import type { Random } from '../ml/random';
import { clamp, intCount, intIndex, intValue, quantize, samplePrior, multipleRange } from './dimensions';
import {
  adaptiveParzenNormal, categoricalProbability, fitCategorical, mixtureLogMass, mixtureLogPdf, sampleCategoricalModel, sampleMixture, truncate,
  type TruncatedMixture,
} from './parzen';
import type { SearchParam, SearchSpace, SuggestedParams, TpeSettings } from './search.types';

export const DEFAULT_TPE_SETTINGS: TpeSettings = {
  nStartupJobs: 20,
  gamma: 0.25,
  nEiCandidates: 24,
  priorWeight: 1,
  linearForgetting: 25,
};

/** hyperopt's `gamma_cap` in `ap_split_trials` (fixed at DEFAULT_LF there too). */
const GAMMA_CAP = 25;

/** hyperopt's EPS, the floor for qloguniform observations before taking logs. */
const EPS = 1e-12;

/**
 * One past trial as TPE sees it: its parameters and its loss (lower is better). Trials still
 * pending or running, and failed ones, have loss +Infinity, as hyperopt gives them.
 */
export type Observation = { readonly params: SuggestedParams; readonly loss: number };

/** A value for every parameter drawn from the prior, in space order (random search). */
export function sampleRandom(space: SearchSpace, random: Random): SuggestedParams {
  return Object.fromEntries(space.map((param) => [param.name, samplePrior(param, random)]));
}

/**
 * `ap_split_trials`: the parameters of the n_below lowest-loss observations and of the rest,
 * each in trial order (so linear forgetting still sees the oldest first). Ties keep trial order.
 */
export function splitObservations(observations: readonly Observation[], gamma: number): { below: Observation[]; above: Observation[] } {
  const n = observations.length;
  const nBelow = Math.min(Math.ceil(gamma * Math.sqrt(n)), GAMMA_CAP);
  const order = observations.map((_, i) => i).sort((a, b) => {
    const la = (observations[a] as Observation).loss;
    const lb = (observations[b] as Observation).loss;
    return la < lb ? -1 : la > lb ? 1 : a - b;
  });
  const isBelow = new Set(order.slice(0, nBelow));
  return {
    below: observations.filter((_, i) => isBelow.has(i)),
    above: observations.filter((_, i) => !isBelow.has(i)),
  };
}

type NumericParam = Extract<SearchParam, { type: 'uniform' | 'loguniform' | 'quniform' | 'qloguniform' }>;

function argmax(scores: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < scores.length; i++) {
    if ((scores[i] as number) > (scores[best] as number)) best = i; // NaN never wins
  }
  return best;
}

/** Continuous and quantised dimensions: adaptive Parzen mixtures in (log) space. */
function suggestNumeric(
  param: NumericParam, below: readonly number[], above: readonly number[], random: Random, settings: TpeSettings,
): number {
  const log = param.type === 'loguniform' || param.type === 'qloguniform';
  const quantized = param.type === 'quniform' || param.type === 'qloguniform';
  const toModel = (x: number): number => (log ? Math.log(Math.max(x, param.low, EPS)) : x);
  const lo = toModel(param.low);
  const hi = toModel(param.high);
  const priorMu = 0.5 * (lo + hi);
  const priorSigma = hi - lo;
  const fit = (values: readonly number[]): TruncatedMixture =>
    truncate(adaptiveParzenNormal(values.map(toModel), settings.priorWeight, priorMu, priorSigma, settings.linearForgetting), lo, hi);
  const good = fit(below);
  const bad = fit(above);

  const score = (value: number, mixture: TruncatedMixture): number => {
    if (!quantized) return mixtureLogPdf(toModel(value), mixture);
    // The interval of continuous draws that quantise to `value`, ends widened to the bounds
    // where clamping sends the draws beyond the outermost multiples.
    const q = param.q;
    const { lowK, highK } = multipleRange(param.low, param.high, q);
    const k = Math.round(value / q);
    const lower = k <= lowK ? param.low : Math.max(value - q / 2, param.low);
    const upper = k >= highK ? param.high : Math.min(value + q / 2, param.high);
    return mixtureLogMass(toModel(lower), toModel(upper), mixture);
  };

  const candidates: number[] = [];
  const scores: number[] = [];
  for (let c = 0; c < settings.nEiCandidates; c++) {
    const draw = sampleMixture(good, random);
    const raw = clamp(log ? Math.exp(draw) : draw, param.low, param.high);
    const value = quantized ? quantize(raw, param) : raw;
    candidates.push(value);
    scores.push(score(value, good) - score(value, bad));
  }
  return candidates[argmax(scores)] as number;
}

/** Choices and int ranges: hyperopt's categorical / randint posteriors over the value indices. */
function suggestCategorical(
  count: number, below: readonly number[], above: readonly number[], random: Random, settings: TpeSettings,
): number {
  const good = fitCategorical(below, count, settings.priorWeight, settings.linearForgetting);
  const bad = fitCategorical(above, count, settings.priorWeight, settings.linearForgetting);
  const candidates: number[] = [];
  const scores: number[] = [];
  for (let c = 0; c < settings.nEiCandidates; c++) {
    const i = sampleCategoricalModel(good, random);
    candidates.push(i);
    scores.push(Math.log(categoricalProbability(good, i)) - Math.log(categoricalProbability(bad, i)));
  }
  return candidates[argmax(scores)] as number;
}

function valuesOf(observations: readonly Observation[], name: string): (number | string)[] {
  return observations.map((o) => o.params[name]).filter((v): v is number | string => v !== undefined);
}

function suggestParam(param: SearchParam, below: readonly Observation[], above: readonly Observation[], random: Random, settings: TpeSettings): number | string {
  const belowValues = valuesOf(below, param.name);
  const aboveValues = valuesOf(above, param.name);
  switch (param.type) {
    case 'choice': {
      const indexOf = (values: readonly (number | string)[]): number[] =>
        values.map((v) => param.options.indexOf(v)).filter((i) => i >= 0);
      const i = suggestCategorical(param.options.length, indexOf(belowValues), indexOf(aboveValues), random, settings);
      return param.options[i] as number | string;
    }
    case 'int': {
      const indexOf = (values: readonly (number | string)[]): number[] =>
        values.map((v) => (typeof v === 'number' ? intIndex(param, v) : -1)).filter((i) => i >= 0);
      return intValue(param, suggestCategorical(intCount(param), indexOf(belowValues), indexOf(aboveValues), random, settings));
    }
    default: {
      const numbers = (values: readonly (number | string)[]): number[] =>
        values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
      return suggestNumeric(param, numbers(belowValues), numbers(aboveValues), random, settings);
    }
  }
}

/**
 * hyperopt's `tpe.suggest` for one new trial. `observations` are every earlier trial that counts
 * (oldest first), with loss +Infinity for those still pending or running and for failed ones.
 * Draws from `random` in space order; the same inputs and random stream give the same suggestion.
 */
export function suggestTpe(
  space: SearchSpace, observations: readonly Observation[], random: Random, settings: TpeSettings = DEFAULT_TPE_SETTINGS,
): SuggestedParams {
  if (observations.length < settings.nStartupJobs) return sampleRandom(space, random);
  const { below, above } = splitObservations(observations, settings.gamma);
  return Object.fromEntries(space.map((param) => [param.name, suggestParam(param, below, above, random, settings)]));
}
