/** Pure view helpers of the playground page. */
import { formatNumber } from '../../domain/compare/evaluation';
import type { FeatureField, ModelSummary } from '../../domain/playground/playgroundModel';

/** "range 4.6 – 15.9 in training", or null when the run recorded no range. */
export function rangeText(field: FeatureField): string | null {
  if (field.min === null || field.max === null) return null;
  return `range ${formatNumber(field.min)} – ${formatNumber(field.max)} in training`;
}

/** True when a typed value lies outside the training range (a hint, not an error). */
export function outsideRange(field: FeatureField, value: number): boolean {
  return (field.min !== null && value < field.min) || (field.max !== null && value > field.max);
}

/** The form's starting values: the input example's first row (a text feature's code shown as its level), or empty fields. */
export function initialValues(summary: Extract<ModelSummary, { input: 'features' }>): Record<string, string> {
  const example = summary.example[0];
  return Object.fromEntries(
    summary.features.map((f, c) => {
      const value = example?.[c];
      if (value === undefined) return [f.name, ''];
      return [f.name, f.levels ? (f.levels[value] ?? '') : String(value)];
    }),
  );
}

/** `predictions-<upload name>.csv` for the download. */
export function predictionsFileName(uploaded: string): string {
  const base = uploaded.replace(/\.[^.]*$/, '') || 'rows';
  return `predictions-${base}.csv`;
}

/** `model-<run id prefix>.zip`, or the registered name and version/alias when the URI has them. */
export function exportFileName(uri: string, runId: string): string {
  const registered = /^models:\/(.+)$/.exec(uri);
  const name = registered ? (registered[1] as string).replace(/[@/]/g, '-') : `run-${runId.slice(0, 8)}`;
  return `model-${name.replace(/[^\w.-]+/g, '_')}.zip`;
}

