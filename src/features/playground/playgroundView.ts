/** Pure view helpers of the playground page. */
import { formatNumber } from '../../domain/compare/evaluation';
import { forestText, type ModelFormat } from '../../domain/playground/modelFormat';
import type { FeatureField, ModelSummary } from '../../domain/playground/playgroundModel';

/** What the model is and what runs it: "TF.js layers model on the wasm backend", "Random forest regressor, 200 trees, in plain JavaScript". */
export function modelKindText(model: { format: ModelFormat; backend: string }): string {
  if (model.format.flavor === 'trainyard_forest') return `${forestText(model.format)}, predicted in plain JavaScript (no TF.js)`;
  return `TF.js layers model, predicted on the ${model.backend} backend`;
}

/** The Input line: "text", "11 numeric features", "3 features (2 numeric, 1 text)", with a note on preprocessing. */
export function inputsText(summary: ModelSummary): string {
  if (summary.input === 'text') return 'text';
  const count = summary.features.length;
  const text = summary.features.filter((f) => f.levels).length;
  const kinds = text === 0 ? `${count} numeric feature${count === 1 ? '' : 's'}` : `${count} features (${count - text} numeric, ${text} text)`;
  return `${kinds}${summary.preprocessed ? ' (type raw values; the run\'s preprocessing is applied)' : ''}`;
}

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


/**
 * A class probability as a beginner reads it: a percentage with one decimal ("97.2 %"), "< 0.1 %"
 * for what rounds to nothing but isn't zero, "> 99.9 %" for what rounds to 100 but isn't sure.
 * The exact value is in the title (and in the batch CSV).
 */
export function percentText(probability: number): string {
  if (!Number.isFinite(probability)) return String(probability);
  const percent = probability * 100;
  if (percent > 0 && percent < 0.05) return '< 0.1 %';
  if (percent < 100 && percent >= 99.95) return '> 99.9 %';
  return `${percent.toFixed(1)} %`;
}
