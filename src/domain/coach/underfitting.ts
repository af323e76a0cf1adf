/**
 * Underfitting: the model barely beats a baseline that ignores its inputs (guessing the mean, or
 * the most common class), and its training curve has gone flat, so more of the same training will
 * not help: it needs more capacity or bigger steps.
 */
import { BASELINE_PAIRS, type BaselinePair } from '../ml/baseline';
import type { CoachInput, Finding, Suggestion } from './coach.types';
import { fmt, pct, type Curves } from './curves';
import { scaledParam, widerHiddenLayers } from './suggest';

/**
 * - `minGain` 10%: the model must remove at least 10% of the baseline's error (RMSE, MAE, or the
 *   error rate 1 − accuracy) to count as having learned something. On the demos the split seed
 *   alone moves test RMSE by about that much, so a smaller gain cannot be told from luck.
 * - `flatChange` 5%: the training curve changed by less than 5% over the last third of the run.
 *   A curve still falling faster than that is "not converged" instead: more epochs would help.
 * - `minEpochs` 3: a last third needs at least 2 points.
 */
export const UNDERFITTING = { minGain: 0.1, flatChange: 0.05, minEpochs: 3 } as const;

/** The main test metric and its baseline the run logged, both finite, for the task if known. */
export function baselineOf(input: Pick<CoachInput, 'finalMetrics' | 'task'>): { pair: BaselinePair; value: number; baseline: number } | null {
  for (const pair of BASELINE_PAIRS) {
    if (input.task && pair.higherIsBetter !== (input.task === 'classification')) continue;
    const value = input.finalMetrics[pair.metric];
    const baseline = input.finalMetrics[pair.baseline];
    if (Number.isFinite(value) && Number.isFinite(baseline)) return { pair, value: value as number, baseline: baseline as number };
  }
  return null;
}

/** The share of the baseline's error the model removes (1 = perfect, 0 = as bad, < 0 = worse). */
export function gainOverBaseline(pair: BaselinePair, value: number, baseline: number): number | null {
  const bad = (v: number): number => (pair.higherIsBetter ? 1 - v : v);
  return bad(baseline) > 0 ? (bad(baseline) - bad(value)) / bad(baseline) : null;
}

/** The underfitting finding, or null. */
export function detectUnderfitting(curves: Curves, input: Pick<CoachInput, 'params' | 'paramLimits' | 'finalMetrics' | 'task'>): Finding | null {
  const train = curves.train;
  const found = baselineOf(input);
  if (!train || !found || train.bad.length < UNDERFITTING.minEpochs) return null;
  const gain = gainOverBaseline(found.pair, found.value, found.baseline);
  if (gain === null || gain >= UNDERFITTING.minGain) return null;
  const n = train.bad.length;
  const start = Math.min(Math.floor((2 * n) / 3), n - 2);
  const then = train.bad[start] as number;
  const change = Math.abs(then - (train.bad[n - 1] as number)) / Math.max(Math.abs(then), 1e-12);
  if (change >= UNDERFITTING.flatChange) return null;
  const { pair, value, baseline } = found;
  const versus = gain <= 0 ? 'no better than' : `only ${pct(gain)} better than`;
  return {
    finding: 'underfitting',
    fromEpoch: train.steps[start] as number,
    evidence:
      `The ${pair.label} (${fmt(value)}) is ${versus} ${pair.baselineLabel} (${fmt(baseline)}), and the ${train.label} has ` +
      `stayed flat since epoch ${train.steps[start] as number} (${fmt(train.values[start] as number)} → ${fmt(train.values[n - 1] as number)}): ` +
      'the model is too simple, or its steps too small, to learn the pattern.',
    suggestion: moreCapacity(input),
  };
}

/** Wider layers first (capacity is what a flat, high curve lacks), else bigger steps. */
function moreCapacity(input: Pick<CoachInput, 'params' | 'paramLimits'>): Suggestion | null {
  const units = scaledParam(input.params, 'hidden_units', 2, input.paramLimits, true);
  if (units !== undefined) return { text: `Re-run with twice as many hidden units (${units}) so the model can learn more.`, params: { hidden_units: units } };
  const layers = widerHiddenLayers(input.params);
  if (layers !== undefined) return { text: `Re-run with wider hidden layers (${layers}) so the model can learn more.`, params: { hidden_layers: layers } };
  const lr = scaledParam(input.params, 'learning_rate', 10, input.paramLimits);
  if (lr !== undefined) return { text: `Re-run with a 10× larger learning rate (${lr}).`, params: { learning_rate: lr } };
  return null;
}
