/**
 * Overfitting: the validation loss turned back up and kept rising while the training loss kept
 * falling, so the model is memorising the training data instead of learning what generalises.
 */
import type { CoachInput, Finding } from './coach.types';
import { argMin, fmt, noiseLevel, valueAt, worsened, type Curves } from './curves';
import { clampParam } from './suggest';

/**
 * - `patience` 4: the validation loss must have stayed above its best for at least 4 epochs, like
 *   Keras' EarlyStopping with patience 3–5; fewer epochs cannot tell a trend from a wobble.
 * - `noiseSigmas` 4: the last epochs must sit, on average, more than 4 noise levels above the best
 *   (noise measured from the curve itself, see noiseLevel). The best of a flat noisy curve is
 *   itself a lucky dip about 2 noise levels low, so a flat curve rises ~2σ from it, never 4σ.
 * - `minRise` 5%: and at least 5% above the best, so a perfectly smooth curve creeping up by
 *   0.1% is not called overfitting.
 * - `trainDrop` 1%: the training loss must have fallen by at least 1% meanwhile; if it rose too,
 *   the trouble is the optimiser (see divergence), not memorising.
 */
export const OVERFITTING = { patience: 4, noiseSigmas: 4, minRise: 0.05, trainDrop: 0.01 } as const;

/** The overfitting finding, or null (always null without a validation curve: nothing to see it by). */
export function detectOverfitting(curves: Curves, input: Pick<CoachInput, 'params' | 'paramLimits'>): Finding | null {
  const { train, val } = curves;
  if (!train || !val) return null;
  const n = val.bad.length;
  const m = argMin(val.bad);
  if (n - 1 - m < OVERFITTING.patience) return null;
  const best = val.bad[m] as number;
  const recent = val.bad.slice(n - OVERFITTING.patience);
  const rise = recent.reduce((s, v) => s + v, 0) / recent.length - best;
  if (rise <= OVERFITTING.noiseSigmas * noiseLevel(val.bad)) return null;
  if (rise <= OVERFITTING.minRise * Math.max(Math.abs(best), 1e-12)) return null;
  const bestStep = val.steps[m] as number;
  const lastStep = val.steps[n - 1] as number;
  const trainThen = valueAt(train, bestStep, 'bad');
  const trainNow = valueAt(train, lastStep, 'bad');
  if (trainThen === undefined || trainNow === undefined) return null;
  if (trainThen - trainNow < OVERFITTING.trainDrop * Math.max(Math.abs(trainThen), 1e-12)) return null;
  // Epochs count from 0, so stopping after the best epoch means training bestStep + 1 of them.
  const epochs = Object.hasOwn(input.params, 'epochs') ? clampParam('epochs', bestStep + 1, input.paramLimits) : undefined;
  return {
    finding: 'overfitting',
    fromEpoch: bestStep,
    evidence:
      `The ${val.label} has ${worsened(val)} for ${lastStep - bestStep} epochs since epoch ${bestStep} ` +
      `(${fmt(val.values[m] as number)} → ${fmt(val.values[n - 1] as number)}) while the ${train.label} kept improving ` +
      `(${fmt(valueAt(train, bestStep, 'values') as number)} → ${fmt(valueAt(train, lastStep, 'values') as number)}): ` +
      'the model is memorising the training data instead of learning patterns that carry over to new data.',
    suggestion:
      epochs === undefined
        ? null
        : { text: `Re-run with ${epochs} epochs, stopping where the ${val.label} was lowest (epoch ${bestStep}).`, params: { epochs } },
  };
}
