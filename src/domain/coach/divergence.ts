/**
 * Divergence: the training loss blew up (NaN or infinite) or climbed far above its best and stayed
 * there. Both are the classic sign of a learning rate too high: each step overshoots the minimum.
 */
import type { CoachInput, Finding } from './coach.types';
import { argMin, fmt, type Curves } from './curves';
import { scaledParam } from './suggest';

/**
 * How far above its lowest point the training loss must end to count: 2× its minimum, at each of
 * the last 3 epochs (so a single noisy spike never counts, even at the very end), and by at least
 * a quarter of all the progress made before (so a loss that reached nearly 0 and wobbles at 0.1
 * does not count: a doubling of a tiny number is noise, not a blow-up).
 */
export const DIVERGENCE = { factor: 2, epochs: 3, shareOfProgress: 0.25 } as const;

/** The divergence finding of the training curve, or null. Validation curves are not read: a NaN only there is a data problem, not the optimiser's. */
export function detectDivergence(curves: Curves, input: Pick<CoachInput, 'params' | 'paramLimits'>): Finding | null {
  const train = curves.train;
  if (!train) return null;
  const suggestion = lowerLearningRate(input);
  const broken = train.firstNonFinite;
  if (broken) {
    const before = train.steps.findLastIndex((s) => s < broken.step);
    const after = before >= 0 ? `, after being ${fmt(train.values[before] as number)} at epoch ${train.steps[before] as number}` : '';
    return {
      finding: 'divergence',
      fromEpoch: broken.step,
      evidence: `The ${train.label} became ${String(broken.value)} at epoch ${broken.step}${after}: the numbers blew up, so the model stopped learning anything. This usually means the learning rate is too high.`,
      suggestion,
    };
  }
  const n = train.bad.length;
  if (n < DIVERGENCE.epochs + 1) return null;
  const m = argMin(train.bad);
  const best = train.bad[m] as number;
  const first = train.bad[0] as number;
  const last = train.bad[n - 1] as number;
  // A floor for a loss whose best is 0 (accuracy 1), so "2× the minimum" still means something.
  const reference = Math.max(best, 1e-3 * Math.abs(first), 1e-12);
  const tail = train.bad.slice(n - DIVERGENCE.epochs);
  if (n - 1 - m < DIVERGENCE.epochs) return null;
  if (!tail.every((v) => v >= DIVERGENCE.factor * reference)) return null;
  if (last - best < DIVERGENCE.shareOfProgress * (first - best)) return null;
  const fromEpoch = train.steps[m + 1] as number;
  return {
    finding: 'divergence',
    fromEpoch,
    evidence:
      `The ${train.label} was lowest at epoch ${train.steps[m] as number} (${fmt(train.values[m] as number)}) and then ${train.higherIsBetter ? 'fell' : 'rose'} to ` +
      `${fmt(train.values[n - 1] as number)} by epoch ${train.steps[n - 1] as number}: training is getting worse, not better. ` +
      'This usually means the learning rate is too high, so each step overshoots.',
    suggestion,
  };
}

function lowerLearningRate(input: Pick<CoachInput, 'params' | 'paramLimits'>): Finding['suggestion'] {
  const lr = scaledParam(input.params, 'learning_rate', 0.1, input.paramLimits);
  return lr === undefined ? null : { text: `Re-run with a 10× smaller learning rate (${lr}).`, params: { learning_rate: lr } };
}
