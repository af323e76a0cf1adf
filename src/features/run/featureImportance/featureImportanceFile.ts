/**
 * Reads `feature_importances.json`, the per-column importances a random-forest run logs at its
 * artifact root: `{ "method": "mean_decrease_in_impurity", "features": [...], "importances": [...] }`,
 * one importance per feature, each 0 or more, adding up to 1 (scikit-learn's
 * `feature_importances_`; all zeros when no tree made a split).
 *
 * The file is a run artifact, so anything can be in it (an imported bundle, a user's own
 * `logText`): the reader never throws, and every problem comes back as one message that names the
 * file and says what is wrong.
 */
import { showValue } from '../../../domain/datasets/messageText';

export const FEATURE_IMPORTANCES_FILE = 'feature_importances.json';
export const IMPORTANCE_METHOD = 'mean_decrease_in_impurity';

/** Bigger than any real forest's file (100,000 features ≈ 3 MB); read no further. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** More features than this is not a forest anyone trained here; the chart shows the top ones anyway. */
export const MAX_FEATURES = 100_000;
/** Writers round (0.07, 0.12, …): shares that add up to 1 within this count as adding up to 1. */
const SUM_TOLERANCE = 0.01;

export interface FeatureImportances {
  /** Column names, in the file's order. */
  features: string[];
  /** One share per feature, in the same order: 0 or more, adding up to 1 (or all 0). */
  importances: number[];
  /** No tree made a split, so the forest used no column at all. */
  allZero: boolean;
}

export type ImportanceRead = { ok: true; value: FeatureImportances } | { ok: false; message: string };

function fail(problem: string): ImportanceRead {
  return { ok: false, message: `${FEATURE_IMPORTANCES_FILE} ${problem}` };
}

function count(n: number, noun?: string): string {
  const number = n.toLocaleString('en-US');
  return noun === undefined ? number : `${number} ${noun}${n === 1 ? '' : 's'}`;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** A JSON value as messages show it: strings quoted and cut short, other kinds named. */
function describe(value: unknown): string {
  if (typeof value === 'string') return showValue(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** A message when a file of `bytes` is too big to read, else null. */
export function checkFileSize(bytes: number): string | null {
  return bytes > MAX_FILE_BYTES
    ? `${FEATURE_IMPORTANCES_FILE} is ${megabytes(bytes)}; the run page reads at most ${megabytes(MAX_FILE_BYTES)} (a forest's importances take a few kB)`
    : null;
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(clean) as unknown };
  } catch (error) {
    // Python's json.dumps writes NaN and Infinity unless told not to; JSON has no such numbers.
    const outsideStrings = clean.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    if (/(^|[^A-Za-z0-9_])-?(NaN|Infinity)([^A-Za-z0-9_]|$)/.test(outsideStrings)) {
      return { ok: false, message: 'holds NaN or Infinity, which is not valid JSON: every importance must be a finite number' };
    }
    const reason = error instanceof Error ? error.message : String(error);
    const short = reason.length > 120 ? `${reason.slice(0, 119)}…` : reason;
    return { ok: false, message: `is not valid JSON (${short})` };
  }
}

/** The features as a list of distinct, non-empty names, or the problem. */
function checkFeatures(features: readonly unknown[]): string | null {
  const seen = new Map<string, number>();
  for (let i = 0; i < features.length; i++) {
    const name = features[i];
    if (typeof name !== 'string') return `has feature ${i + 1} as ${describe(name)}, not a column name (text)`;
    if (name.trim() === '') return `has an empty name for feature ${i + 1}`;
    const first = seen.get(name);
    if (first !== undefined) return `names the feature ${showValue(name)} twice (features ${first + 1} and ${i + 1})`;
    seen.set(name, i);
  }
  return null;
}

/** Each importance a finite share, 0 or more, and together 1 (or all 0); or the problem. */
function checkImportances(importances: readonly unknown[], features: readonly string[]): string | null {
  let sum = 0;
  for (let i = 0; i < importances.length; i++) {
    const value = importances[i];
    const which = `the importance of ${showValue(features[i] ?? '')} (number ${i + 1})`;
    if (typeof value !== 'number' || !Number.isFinite(value)) return `has ${which} as ${describe(value)}, not a number`;
    if (value < 0) return `has ${which} as ${value}: an importance is a share of the total and is never negative`;
    sum += value;
  }
  if (sum !== 0 && Math.abs(sum - 1) > SUM_TOLERANCE) {
    return `has importances that add up to ${Number(sum.toPrecision(4))}, not 1: each should be its feature's share of the total`;
  }
  return null;
}

/** Reads the text of feature_importances.json; never throws. */
export function parseFeatureImportances(text: string): ImportanceRead {
  if (text.length > MAX_FILE_BYTES) return { ok: false, message: checkFileSize(text.length) as string };
  if (text.trim() === '') return fail('is empty');
  const json = parseJson(text);
  if (!json.ok) return fail(json.message);
  const root = json.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    return fail(`must be a JSON object with "method", "features" and "importances"; it is ${describe(root)}`);
  }
  const { method, features, importances } = root as Record<string, unknown>;
  if (method === undefined) return fail(`has no "method"; expected "${IMPORTANCE_METHOD}"`);
  if (method !== IMPORTANCE_METHOD) {
    return fail(`has the method ${describe(method)}; the run page can only explain "${IMPORTANCE_METHOD}"`);
  }
  if (!Array.isArray(features)) return fail(`needs "features", a list of column names; it has ${features === undefined ? 'none' : describe(features)}`);
  if (!Array.isArray(importances)) return fail(`needs "importances", a list of numbers; it has ${importances === undefined ? 'none' : describe(importances)}`);
  if (features.length === 0) return fail('lists no features');
  if (features.length > MAX_FEATURES) return fail(`lists ${count(features.length)} features; the run page shows at most ${count(MAX_FEATURES)}`);
  if (features.length !== importances.length) {
    return fail(`has ${count(features.length, 'feature')} but ${count(importances.length, 'importance')}: there must be one importance per feature`);
  }
  const featureProblem = checkFeatures(features);
  if (featureProblem) return fail(featureProblem);
  const names = features as string[];
  const importanceProblem = checkImportances(importances, names);
  if (importanceProblem) return fail(importanceProblem);
  const values = importances as number[];
  return { ok: true, value: { features: [...names], importances: [...values], allZero: values.every((v) => v === 0) } };
}
