/**
 * The curves the coach reads, and the few statistics its rules share (noise level, straight-line
 * fit). A curve keeps the values as logged, for the evidence text, and a "badness" copy where
 * lower is always better, so every rule is written once for loss and for accuracy.
 */
import { explainMetric } from '../ml/metricGlossary';
import { formatMetric } from '../tracking/formatMetric';
import { metricDirection } from '../tracking/metricDirection';
import type { CoachInput, MetricPoint } from './coach.types';

export interface Curve {
  readonly key: string;
  /** The metric in words, e.g. "training loss", "validation accuracy". */
  readonly label: string;
  /** Epochs of the finite values, ascending. */
  readonly steps: readonly number[];
  /** Finite values as logged. */
  readonly values: readonly number[];
  /** Lower is better: the value for losses and errors, 1 − value for accuracies. */
  readonly bad: readonly number[];
  /** The first NaN or ±Infinity logged, or undefined (those points are left out of the arrays). */
  readonly firstNonFinite: MetricPoint | null;
  /** True for accuracies: the evidence then says "fell" where a loss "rose". */
  readonly higherIsBetter: boolean;
}

/** The training and validation curves a run's rules read. */
export interface Curves {
  readonly train: Curve | null;
  readonly val: Curve | null;
}

// Loss first: it is what the optimiser minimises, so it shows trouble first. Accuracy only when no
// loss was logged (a classifier's curves), and errors for a regressor without a loss.
const TRAIN_KEYS = {
  classification: ['loss', 'acc', 'accuracy', 'mse', 'mae'],
  regression: ['loss', 'mse', 'mae', 'acc', 'accuracy'],
} as const;

// The names other code gives the same curves (Keras logs `loss`/`val_loss`; PyTorch scripts and
// MLflow examples often `train_loss`, `training_loss`, `validation_loss`). Only these exact
// prefixes: `test_loss` is a one-off score, not a curve of the training.
const TRAIN_PREFIXES = ['', 'train_', 'training_'] as const;
const VAL_PREFIXES = ['val_', 'validation_', 'valid_'] as const;

/** The key without a training/validation prefix, and which curve it is. */
function baseOf(key: string): { base: string; validation: boolean } {
  for (const prefix of VAL_PREFIXES) if (key.startsWith(prefix)) return { base: key.slice(prefix.length), validation: true };
  for (const prefix of TRAIN_PREFIXES) if (prefix && key.startsWith(prefix)) return { base: key.slice(prefix.length), validation: false };
  return { base: key, validation: false };
}

/** A metric key in words, as the glossary titles it ("Validation loss" → "validation loss"). */
export function metricLabel(key: string): string {
  const { base, validation } = baseOf(key);
  const title = explainMetric(validation ? `val_${base}` : base)?.title;
  if (title === undefined) return `${validation ? 'validation' : 'training'} ${base}`;
  const words = /^[A-Z][a-z]/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
  return validation ? words : `training ${words}`;
}

/** A history as a curve, or null when it has no points or is a higher-is-better metric outside 0–1. */
export function toCurve(key: string, points: readonly MetricPoint[] | undefined): Curve | null {
  if (!points || points.length === 0) return null;
  const sorted = [...points].sort((a, b) => a.step - b.step);
  const higher = metricDirection(key) === 'higher';
  const finite = sorted.filter((p) => Number.isFinite(p.value));
  // 1 − accuracy is the error rate; other higher-is-better scores have no such natural badness.
  if (higher && finite.some((p) => p.value < 0 || p.value > 1)) return null;
  return {
    key,
    label: metricLabel(key),
    steps: finite.map((p) => p.step),
    values: finite.map((p) => p.value),
    bad: finite.map((p) => (higher ? 1 - p.value : p.value)),
    firstNonFinite: sorted.find((p) => !Number.isFinite(p.value)) ?? null,
    higherIsBetter: higher,
  };
}

/**
 * The training curve (loss first) and its validation twin (`val_` + the same key), under one of
 * the usual names: `loss`, `train_loss` or `training_loss`, with `val_loss`, `validation_loss` or
 * `valid_loss`. A training curve is paired with the validation name of its own base.
 */
export function pickCurves(input: Pick<CoachInput, 'histories' | 'task'>): Curves {
  const keys = TRAIN_KEYS[input.task ?? 'regression'];
  for (const base of keys) {
    for (const prefix of TRAIN_PREFIXES) {
      const key = `${prefix}${base}`;
      const train = toCurve(key, input.histories[key]);
      if (!train) continue;
      let val: Curve | null = null;
      for (const valPrefix of VAL_PREFIXES) val ??= toCurve(`${valPrefix}${base}`, input.histories[`${valPrefix}${base}`]);
      return { train, val };
    }
  }
  return { train: null, val: null };
}

/** The training-curve names the coach reads, in words, for a note when a run logged none of them. */
export function readableCurveNames(task: CoachInput['task']): string {
  const [first, ...rest] = TRAIN_KEYS[task ?? 'regression'];
  return `${TRAIN_PREFIXES.map((p) => `${p}${first}`).join(', ')} (or ${rest.join(', ')}), with its validation twin val_${first}, validation_${first} or valid_${first}`;
}

/** Whether one of the keys is a training curve the coach reads (by name; its length aside). */
export function hasReadableCurve(keys: readonly string[], task: CoachInput['task']): boolean {
  const names = new Set(TRAIN_KEYS[task ?? 'regression'].flatMap((base) => TRAIN_PREFIXES.map((p) => `${p}${base}`)));
  return keys.some((k) => names.has(k));
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The epoch-to-epoch noise of a curve as a standard deviation: the median absolute deviation of
 * successive differences around their median (so a steady trend does not count as noise), scaled
 * by 1.4826 to a normal's σ and by 1/√2 because a difference of two noisy values has √2 × the
 * noise. 0 with fewer than 4 points, where there is too little to tell noise from signal.
 */
export function noiseLevel(values: readonly number[]): number {
  if (values.length < 4) return 0;
  const diffs = values.slice(1).map((v, i) => v - (values[i] as number));
  const centre = median(diffs);
  return (1.4826 * median(diffs.map((d) => Math.abs(d - centre)))) / Math.SQRT2;
}

/** Least-squares line through (x, y): its slope and R² (1 for a perfect line, 0 for none). */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0) return { slope: 0, r2: 0 };
  const slope = sxy / sxx;
  return { slope, r2: syy === 0 ? 0 : (sxy * sxy) / (sxx * syy) };
}

/** Index of the first smallest value. */
export function argMin(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[best] as number)) best = i;
  return best;
}

/** The curve's logged value at the last epoch at or before `step` (curves may skip epochs). */
export function valueAt(curve: Curve, step: number, which: 'values' | 'bad'): number | undefined {
  let found: number | undefined;
  for (let i = 0; i < curve.steps.length && (curve.steps[i] as number) <= step; i++) found = curve[which][i];
  return found;
}

/** A number for the evidence text, as every table in the app shows it. */
export const fmt = formatMetric;

/** A ratio as a percentage for the evidence text ("3.2%"). */
export function pct(ratio: number): string {
  return `${Number((ratio * 100).toPrecision(2))}%`;
}

/** "risen" for a loss, "fallen" for an accuracy: the word for getting worse. */
export function worsened(curve: Curve): string {
  return curve.higherIsBetter ? 'fallen' : 'risen';
}
