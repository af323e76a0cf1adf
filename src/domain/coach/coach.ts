/**
 * The training coach: reads a run's curves, params and final metrics and says what is happening,
 * in the glossary's plain language, with one suggested re-run per finding. Pure: the run page, the
 * Train panel and the console build the input from what the run logged.
 *
 * Each rule lives in its own file with its thresholds and why they were chosen:
 * divergence.ts, overfitting.ts, underfitting.ts, progress.ts (not converged, learning too slowly).
 */
import type { CoachInput, Finding, FindingKind } from './coach.types';
import { argMin, fmt, pct, pickCurves, type Curves } from './curves';
import { detectDivergence } from './divergence';
import { detectOverfitting } from './overfitting';
import { detectLearningTooSlowly, detectNotConverged } from './progress';
import { numericParam } from './suggest';
import { baselineOf, detectUnderfitting, gainOverBaseline } from './underfitting';

export type { CoachInput, Finding, FindingKind, MetricPoint, Suggestion } from './coach.types';

/** Most severe first: a blown-up run must be fixed before anything else about it matters. */
export const SEVERITY: readonly FindingKind[] = ['divergence', 'overfitting', 'underfitting', 'learning_too_slowly', 'not_converged', 'healthy'];

/** Fewer epochs than this and there is no curve to call healthy (or anything else but divergence). */
export const MIN_EPOCHS_TO_READ = 3;

/**
 * The findings for a run, most severe first. Empty when there is no training curve with at least
 * 3 epochs and nothing blew up (a random forest, a run still at its first epochs): there is nothing
 * to read, and "healthy" would be a claim without evidence.
 *
 * Divergence stands alone: the other rules read a curve that is no longer meaningful. Learning too
 * slowly replaces not converged (both see a curve still falling; the small learning rate is the
 * cause, and more epochs at a crawl is the worse fix).
 */
export function coachRun(input: CoachInput): Finding[] {
  const curves = pickCurves(input);
  const divergence = detectDivergence(curves, input);
  if (divergence) return [divergence];
  if (!curves.train || curves.train.bad.length < MIN_EPOCHS_TO_READ) return [];
  const slow = detectLearningTooSlowly(curves, input);
  const found = [detectOverfitting(curves, input), detectUnderfitting(curves, input), slow, slow ? null : detectNotConverged(curves, input)];
  const findings = found.filter((f): f is Finding => f !== null);
  if (findings.length === 0) findings.push(healthy(curves, input));
  return findings.sort((a, b) => SEVERITY.indexOf(a.finding) - SEVERITY.indexOf(b.finding));
}

/**
 * "Looks healthy", with what was checked. A run without a validation curve cannot show overfitting,
 * so when its validation_split param is 0 the suggestion turns one on (20%, Keras' usual hold-out).
 */
export function healthy(curves: Curves, input: Pick<CoachInput, 'params' | 'finalMetrics' | 'task'>): Finding {
  const parts: string[] = [];
  const { train, val } = curves;
  if (train) {
    const n = train.values.length;
    const improved = (train.bad[n - 1] as number) < (train.bad[0] as number);
    const from = `from ${fmt(train.values[0] as number)} to ${fmt(train.values[n - 1] as number)}`;
    parts.push(improved ? `The ${train.label} improved ${from} and levelled off.` : `The ${train.label} went ${from} without blowing up.`);
  }
  if (val) {
    const m = argMin(val.bad);
    parts.push(`The ${val.label} was best at epoch ${val.steps[m] as number} (${fmt(val.values[m] as number)}) and did not turn back up.`);
  }
  const found = baselineOf(input);
  const gain = found ? gainOverBaseline(found.pair, found.value, found.baseline) : null;
  if (found && gain !== null) {
    parts.push(`The ${found.pair.label} (${fmt(found.value)}) is ${pct(gain)} better than ${found.pair.baselineLabel} (${fmt(found.baseline)}).`);
  }
  let suggestion: Finding['suggestion'] = null;
  if (!val) {
    parts.push('No validation curve was logged, so overfitting cannot be seen.');
    if (numericParam(input.params, 'validation_split') === 0) {
      suggestion = { text: 'Re-run holding back 20% of the training data for validation, to watch for overfitting.', params: { validation_split: 0.2 } };
    }
  }
  return { finding: 'healthy', fromEpoch: null, evidence: `Training looks healthy. ${parts.join(' ')}`, suggestion };
}
