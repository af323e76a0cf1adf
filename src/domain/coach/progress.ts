/**
 * How fast training is still going at the end: not converged (still clearly improving at the last
 * epoch: more epochs would help) and learning too slowly (a straight, shallow descent from the
 * start with a small learning rate: bigger steps would help).
 */
import type { CoachInput, Finding } from './coach.types';
import { argMin, fmt, linearFit, noiseLevel, pct, type Curves } from './curves';
import { detectOverfitting } from './overfitting';
import { numericParam, scaledParam } from './suggest';

/**
 * - `window` 3: judge the last 3 epochs (fewer in a shorter run), long enough to average out one
 *   noisy epoch, short enough to describe the end of training rather than its start.
 * - `minRatePerEpoch` 0.5%: the watched curve must still improve by at least 0.5% of its value
 *   per epoch over that window. A curve that has levelled off improves by far less; at 0.5% per
 *   epoch, doubling a 50-epoch run would still gain roughly a fifth.
 * - `noiseSigmas` 2: and by more than 2 noise levels, so a lucky last epoch is not "progress".
 */
export const NOT_CONVERGED = { window: 3, minRatePerEpoch: 0.005, noiseSigmas: 2 } as const;

/**
 * - `maxLearningRate` 1e-3: only below the usual default (Keras' Adam uses 1e-3, which is already
 *   on the small side for SGD); at or above it a straight descent is more likely a hard problem.
 * - `minR2` 0.95: the training curve is a nearly straight line. A well-tuned run falls fast and
 *   then bends and levels off, which a straight line fits poorly.
 * - `maxDrop` 50% and `minDrop` 1%: and over the whole run it lost less than half (but more than
 *   1%) of its starting value: still far from where the bend should be, yet not flat either.
 * - `minEpochs` 5: a straight line through fewer points says nothing about shape.
 */
export const LEARNING_TOO_SLOWLY = { maxLearningRate: 1e-3, minR2: 0.95, maxDrop: 0.5, minDrop: 0.01, minEpochs: 5 } as const;

/** Epochs × 2, capped; the default caps are in suggest.ts. */
export const EPOCHS_FACTOR = 2;

/** The not-converged finding (the validation curve if logged, else training), or null; never alongside overfitting. */
export function detectNotConverged(curves: Curves, input: Pick<CoachInput, 'params' | 'paramLimits'>): Finding | null {
  const curve = curves.val && curves.val.bad.length >= 2 ? curves.val : curves.train;
  if (!curve || curve.bad.length < 2) return null;
  if (detectOverfitting(curves, input)) return null;
  const n = curve.bad.length;
  const w = Math.min(NOT_CONVERGED.window, n - 1);
  const then = curve.bad[n - 1 - w] as number;
  const now = curve.bad[n - 1] as number;
  const epochs = (curve.steps[n - 1] as number) - (curve.steps[n - 1 - w] as number);
  const sigma = noiseLevel(curve.bad);
  if (epochs <= 0 || then - now <= NOT_CONVERGED.noiseSigmas * sigma) return null;
  const rate = (then - now) / Math.max(Math.abs(then), 1e-12) / epochs;
  if (rate < NOT_CONVERGED.minRatePerEpoch) return null;
  // Still improving means the end is (within noise) the best so far, not a recovery after a bump.
  if (now > (curve.bad[argMin(curve.bad)] as number) + sigma) return null;
  const more = scaledParam(input.params, 'epochs', EPOCHS_FACTOR, input.paramLimits, true);
  const fromStep = curve.steps[n - 1 - w] as number;
  return {
    finding: 'not_converged',
    fromEpoch: fromStep,
    evidence:
      `The ${curve.label} was still improving at the last epoch: ${fmt(curve.values[n - 1 - w] as number)} at epoch ${fromStep} → ` +
      `${fmt(curve.values[n - 1] as number)} at epoch ${curve.steps[n - 1] as number} (about ${pct(rate)} better per epoch). ` +
      'Training stopped before the model finished learning.',
    suggestion: more === undefined ? null : { text: `Re-run with more epochs (${more}).`, params: { epochs: more } },
  };
}

/** The learning-too-slowly finding of the training curve, or null (needs a numeric learning_rate param). */
export function detectLearningTooSlowly(curves: Curves, input: Pick<CoachInput, 'params' | 'paramLimits'>): Finding | null {
  const train = curves.train;
  const lr = numericParam(input.params, 'learning_rate');
  if (!train || lr === undefined || lr >= LEARNING_TOO_SLOWLY.maxLearningRate) return null;
  const n = train.bad.length;
  if (n < LEARNING_TOO_SLOWLY.minEpochs) return null;
  const first = train.bad[0] as number;
  const last = train.bad[n - 1] as number;
  const drop = (first - last) / Math.max(Math.abs(first), 1e-12);
  if (drop < LEARNING_TOO_SLOWLY.minDrop || drop > LEARNING_TOO_SLOWLY.maxDrop) return null;
  const { slope, r2 } = linearFit(train.steps, train.bad);
  if (slope >= 0 || r2 < LEARNING_TOO_SLOWLY.minR2) return null;
  const faster = scaledParam(input.params, 'learning_rate', 10, input.paramLimits);
  return {
    finding: 'learning_too_slowly',
    fromEpoch: train.steps[0] as number,
    evidence:
      `The ${train.label} went down in an almost straight, shallow line from ${fmt(train.values[0] as number)} to ` +
      `${fmt(train.values[n - 1] as number)} over ${n} epochs (only ${pct(drop)} better) with a small learning rate (${lr}): ` +
      'each step is too small, so training crawls.',
    suggestion: faster === undefined ? null : { text: `Re-run with a 10× larger learning rate (${faster}).`, params: { learning_rate: faster } },
  };
}
