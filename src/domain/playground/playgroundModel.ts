/**
 * What the playground knows about a logged model, read from the files a run logged next to it:
 * - tabular models (Iris, wine, any CSV): `preprocessing.json` lists the features in input order,
 *   the log-transformed ones, the standardiser's mean and std, each feature's raw training range,
 *   the levels of each text (categorical) feature and a classifier's labels; the form shows a
 *   numeric field per numeric feature and a choice of levels per text feature;
 * - the text classifier: `vocabulary.json` (Keras Tokenizer words, mode, idf) and `labels.json`;
 *   the form is a text box;
 * - any other model (e.g. autologged from the console): the signature's input width, with no
 *   preprocessing, fields named x0, x1… (or as the model file names its inputs, as a forest's does).
 * The same holds for TF.js models and random forests: the model file gives the widths (and a
 * forest its input and class names), the files around it the rest.
 * `input_example.json` holds rows of the model's own input (standardised for tabular runs, because
 * autolog takes it from the training tensor); the form shows them in raw units (example.ts).
 */
import { parse as parseYaml } from 'yaml';
import type { VectorizeMode, Vocabulary } from '../ml/vectorizer';
import { PlaygroundError } from './playgroundError';
import { toRawRows } from './preprocess';

export { PlaygroundError };

export interface FeatureField {
  name: string;
  /** The smallest and largest raw value of this feature in the training split, when recorded. */
  min: number | null;
  max: number | null;
  /**
   * A text (categorical) feature's levels in code order: the model takes the index of the level
   * (then the usual preprocessing). Absent for a numeric feature.
   */
  levels?: string[];
}

/** What the tabular preprocessing does to a raw row before the model sees it. */
export interface TabularTransform {
  /** Feature names in the model's input order. */
  features: string[];
  /** Features replaced by ln(1 + max(x, 0)) before standardising. */
  log1pFeatures: string[];
  mean: number[];
  std: number[];
}

export interface TextTransform {
  vocabulary: Vocabulary;
  mode: VectorizeMode;
  idf: number[] | null;
}

export type OutputKind =
  | { kind: 'value' }
  | { kind: 'classes'; labels: string[] }
  /** Several outputs with no names: shown as numbers. */
  | { kind: 'vector'; width: number };

/** Plain data the page gets: enough for the form, its validation and the results table. */
export type ModelSummary =
  | { input: 'features'; features: FeatureField[]; output: OutputKind; example: number[][]; preprocessed: boolean }
  | { input: 'text'; output: OutputKind; example: string[] };

/** Everything prediction needs (the worker keeps this; the vocabulary can be large). */
export type Predictor =
  | { input: 'features'; summary: Extract<ModelSummary, { input: 'features' }>; transform: TabularTransform | null }
  | { input: 'text'; summary: Extract<ModelSummary, { input: 'text' }>; transform: TextTransform };

/** The artifacts a model may come with, as logged (JSON already parsed; null when absent). */
export interface ModelFiles {
  mlmodel: string | null;
  inputExample: unknown;
  preprocessing: unknown;
  vocabulary: unknown;
  labels: unknown;
  /** The loaded network's input and output widths (last dimension). */
  inputWidth: number;
  outputWidth: number;
  /** Names of the inputs the model file itself records (a forest's), used when no preprocessing names them. */
  featureNames?: readonly string[];
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function numbers(value: unknown, field: string, file: string, length?: number): number[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    throw new PlaygroundError(`${file}: "${field}" must be a list of numbers.`);
  }
  if (length !== undefined && value.length !== length) {
    throw new PlaygroundError(`${file}: "${field}" has ${value.length} entries but there are ${length} features.`);
  }
  return value as number[];
}

function strings(value: unknown, field: string, file: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw new PlaygroundError(`${file}: "${field}" must be a list of text.`);
  return value as string[];
}

/** preprocessing.json as the tabular recipes write it (tabularData.ts logTableInfo). */
export function parseTabularPreprocessing(json: unknown): {
  transform: TabularTransform;
  ranges: { min: number[]; max: number[] } | null;
  labels: string[] | null;
  /** Levels of the categorical features by name (empty when every feature is numeric, as in files written before levels were recorded). */
  levels: Record<string, string[]>;
} {
  const file = 'preprocessing.json';
  if (!isObject(json)) throw new PlaygroundError(`${file} is not a JSON object.`);
  const features = strings(json.features, 'features', file);
  if (features.length === 0) throw new PlaygroundError(`${file}: "features" is empty.`);
  const mean = numbers(json.mean, 'mean', file, features.length);
  const std = numbers(json.std, 'std', file, features.length);
  std.forEach((s, c) => {
    if (!(s > 0)) throw new PlaygroundError(`${file}: the std of feature "${features[c]}" is ${s}; it must be positive.`);
  });
  const log1pFeatures = json.log1p_features === undefined ? [] : strings(json.log1p_features, 'log1p_features', file);
  for (const name of log1pFeatures) {
    if (!features.includes(name)) throw new PlaygroundError(`${file}: log1p feature "${name}" is not one of the features.`);
  }
  const ranges =
    json.feature_min !== undefined && json.feature_max !== undefined
      ? { min: numbers(json.feature_min, 'feature_min', file, features.length), max: numbers(json.feature_max, 'feature_max', file, features.length) }
      : null;
  const labels = json.labels === undefined ? null : strings(json.labels, 'labels', file);
  return { transform: { features, log1pFeatures, mean, std }, ranges, labels, levels: featureLevels(json.feature_levels, features, file) };
}

/** `feature_levels`: { feature: [level 0, level 1, …] } for the categorical features only. */
function featureLevels(value: unknown, features: readonly string[], file: string): Record<string, string[]> {
  if (value === undefined) return {};
  if (!isObject(value)) throw new PlaygroundError(`${file}: "feature_levels" must be an object of level lists keyed by feature.`);
  const levels: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(value)) {
    if (!features.includes(name)) throw new PlaygroundError(`${file}: "feature_levels" names "${name}", which is not one of the features.`);
    const names = strings(list, `feature_levels.${name}`, file);
    if (names.length === 0) throw new PlaygroundError(`${file}: "feature_levels.${name}" is empty.`);
    levels[name] = names;
  }
  return levels;
}

/** vocabulary.json as the text classifier writes it (recipes/text.ts). */
export function parseVocabularyFile(json: unknown): TextTransform & { example: string[] } {
  const file = 'vocabulary.json';
  if (!isObject(json)) throw new PlaygroundError(`${file} is not a JSON object.`);
  const words = strings(json.words, 'words', file);
  const docFreq = numbers(json.doc_freq, 'doc_freq', file, words.length);
  const width = json.width;
  if (typeof width !== 'number' || !Number.isSafeInteger(width) || width < 1) throw new PlaygroundError(`${file}: "width" must be a whole number ≥ 1.`);
  const documentCount = typeof json.document_count === 'number' ? json.document_count : 0;
  const mode = json.mode;
  if (mode !== 'binary' && mode !== 'count' && mode !== 'freq' && mode !== 'tfidf') {
    throw new PlaygroundError(`${file}: "mode" must be binary, count, freq or tfidf; got ${JSON.stringify(mode)}.`);
  }
  const idf = json.idf === undefined ? null : numbers(json.idf, 'idf', file);
  const example = json.input_example === undefined ? [] : strings(json.input_example, 'input_example', file);
  return { vocabulary: { words, docFreq, documentCount, width }, mode, idf, example };
}

/** The class labels of labels.json (text classifier), or null. */
function labelsFile(json: unknown): string[] | null {
  if (json === null || json === undefined) return null;
  if (!isObject(json)) throw new PlaygroundError('labels.json is not a JSON object.');
  return strings(json.labels, 'labels', 'labels.json');
}

/** Rows of input_example.json: `{"inputs": [[…]]}` (ndarray) or pandas split `{"columns", "data"}`. */
export function exampleRows(json: unknown, width: number): number[][] {
  const rows = isObject(json) ? (Array.isArray(json.inputs) ? json.inputs : Array.isArray(json.data) ? json.data : null) : null;
  if (!rows) return [];
  return rows.filter(
    (row): row is number[] => Array.isArray(row) && row.length === width && row.every((v) => typeof v === 'number' && Number.isFinite(v)),
  );
}

/** The parts of MLmodel the playground shows: the input signature as MLflow wrote it. */
export function mlmodelInputs(mlmodel: string | null): string | null {
  if (!mlmodel) return null;
  try {
    const doc: unknown = parseYaml(mlmodel);
    const signature = isObject(doc) ? doc.signature : undefined;
    return isObject(signature) && typeof signature.inputs === 'string' ? signature.inputs : null;
  } catch {
    return null;
  }
}

function outputKind(labels: string[] | null, outputWidth: number): OutputKind {
  if (labels) {
    if (labels.length !== outputWidth) {
      throw new PlaygroundError(`The model has ${outputWidth} outputs but ${labels.length} class labels were logged with it.`);
    }
    return { kind: 'classes', labels };
  }
  return outputWidth === 1 ? { kind: 'value' } : { kind: 'vector', width: outputWidth };
}

/** Builds the predictor from a model's files; throws PlaygroundError naming the file at fault. */
export function describeModel(files: ModelFiles): Predictor {
  if (files.vocabulary !== null && files.vocabulary !== undefined) {
    const { example, ...transform } = parseVocabularyFile(files.vocabulary);
    if (transform.vocabulary.width !== files.inputWidth) {
      throw new PlaygroundError(`vocabulary.json is ${transform.vocabulary.width} columns wide but the model takes ${files.inputWidth} inputs.`);
    }
    const labels = labelsFile(files.labels);
    return { input: 'text', transform, summary: { input: 'text', output: outputKind(labels, files.outputWidth), example } };
  }
  if (files.preprocessing !== null && files.preprocessing !== undefined) {
    const { transform, ranges, labels, levels } = parseTabularPreprocessing(files.preprocessing);
    if (transform.features.length !== files.inputWidth) {
      throw new PlaygroundError(`preprocessing.json lists ${transform.features.length} features but the model takes ${files.inputWidth} inputs.`);
    }
    const features = transform.features.map((name, c): FeatureField => {
      const field = { name, min: ranges?.min[c] ?? null, max: ranges?.max[c] ?? null };
      return levels[name] ? { ...field, levels: levels[name] } : field;
    });
    // A categorical feature's example value comes back from float32 as a code near a whole number.
    const example = toRawRows(exampleRows(files.inputExample, files.inputWidth), transform).map((row) =>
      row.map((value, c) => {
        const count = features[c]?.levels?.length;
        return count === undefined ? value : Math.min(count - 1, Math.max(0, Math.round(value)));
      }),
    );
    return {
      input: 'features',
      transform,
      summary: { input: 'features', features, output: outputKind(labels ?? labelsFile(files.labels), files.outputWidth), example, preprocessed: true },
    };
  }
  const names = files.featureNames?.length === files.inputWidth ? files.featureNames : null;
  const features = Array.from({ length: files.inputWidth }, (_, c) => ({ name: names?.[c] ?? `x${c}`, min: null, max: null }));
  return {
    input: 'features',
    transform: null,
    summary: {
      input: 'features',
      features,
      output: outputKind(labelsFile(files.labels), files.outputWidth),
      example: exampleRows(files.inputExample, files.inputWidth),
      preprocessed: false,
    },
  };
}
