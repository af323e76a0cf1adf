/**
 * The parser for `classification_report.json` as the recipes log it (per-class precision, recall,
 * F1 and support, with accuracy and averages), and the JSON error locator its messages use.
 */
import { showValue, stripBom } from '../datasets/delimited';
import { CLASSIFICATION_REPORT_FILE, EvaluationFileError, checkClassCount } from './evaluationFiles';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReportFile {
  labels: string[];
  classes: Array<ClassScores & { label: string }>;
  accuracy: number;
  macroAvg: ClassScores;
  weightedAvg: ClassScores;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readScores(value: unknown, path: string, file: string): ClassScores {
  if (!isRecord(value)) throw new EvaluationFileError(file, `${path} must be an object with precision, recall, f1 and support`);
  const score = (key: 'precision' | 'recall' | 'f1') => {
    const v = value[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
      throw new EvaluationFileError(file, `${path}.${key} must be a number from 0 to 1, got ${showValue(JSON.stringify(v) ?? 'nothing')}`);
    }
    return v;
  };
  const support = value.support;
  if (typeof support !== 'number' || !Number.isSafeInteger(support) || support < 0) {
    throw new EvaluationFileError(file, `${path}.support must be a whole number ≥ 0, got ${showValue(JSON.stringify(support) ?? 'nothing')}`);
  }
  return { precision: score('precision'), recall: score('recall'), f1: score('f1'), support };
}

/**
 * Where JSON.parse gave up, for the message: engines word (and place) their errors differently and
 * some quote the whole input, so this walks the text itself (iteratively: deep nesting is no
 * problem) and returns the 1-based line and what it found there; null for valid JSON.
 */
export function locateJsonError(text: string): { line: number; found: string } | null {
  const n = text.length;
  let i = 0;
  const fail = () => ({
    line: 1 + (text.slice(0, i).match(/\r\n|\r|\n/g)?.length ?? 0),
    found: i >= n ? 'the end of the file' : showValue(text.slice(i, i + 12)),
  });
  const readString = (): boolean => {
    // eslint-disable-next-line no-control-regex -- JSON strings may not hold raw control characters
    const match = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
    match.lastIndex = i;
    if (!match.test(text)) return false;
    i = match.lastIndex;
    return true;
  };
  const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  /** Open containers, innermost last. */
  const stack: Array<'{' | '['> = [];
  let mode: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    while (i < n && ' \t\r\n'.includes(text.charAt(i))) i++;
    const c = text.charAt(i);
    if (mode === 'value') {
      if (c === '{' || c === '[') {
        i++;
        while (i < n && ' \t\r\n'.includes(text.charAt(i))) i++;
        if (text.charAt(i) === (c === '{' ? '}' : ']')) {
          i++;
          mode = 'after';
        } else {
          stack.push(c);
          mode = c === '{' ? 'key' : 'value';
        }
      } else if (c === '"') {
        if (!readString()) return fail();
        mode = 'after';
      } else {
        literal.lastIndex = i;
        if (!literal.test(text)) return fail();
        i = literal.lastIndex;
        mode = 'after';
      }
    } else if (mode === 'key') {
      if (c !== '"' || !readString()) return fail();
      while (i < n && ' \t\r\n'.includes(text.charAt(i))) i++;
      if (text.charAt(i) !== ':') return fail();
      i++;
      mode = 'value';
    } else {
      const top = stack.at(-1);
      if (top === undefined) return i < n ? fail() : null;
      if (c === ',') {
        i++;
        mode = top === '{' ? 'key' : 'value';
      } else if (c === (top === '{' ? '}' : ']')) {
        stack.pop();
        i++;
      } else return fail();
    }
  }
}

/** Reads classification_report.json as the recipes log it. */
export function parseClassificationReport(text: string, file = CLASSIFICATION_REPORT_FILE): ClassificationReportFile {
  const clean = stripBom(text);
  if (clean.trim() === '') throw new EvaluationFileError(file, 'is empty');
  let json: unknown;
  try {
    json = JSON.parse(clean);
  } catch {
    const where = locateJsonError(clean);
    throw new EvaluationFileError(file, `is not valid JSON: unexpected ${where?.found ?? 'content'}`, where?.line);
  }
  if (!isRecord(json)) throw new EvaluationFileError(file, 'must hold a JSON object');
  const { labels, classes, accuracy } = json;
  if (!Array.isArray(labels) || !labels.every((l): l is string => typeof l === 'string')) {
    throw new EvaluationFileError(file, '"labels" must be a list of class names');
  }
  checkClassCount(labels.length, file);
  if (!Array.isArray(classes) || classes.length !== labels.length) {
    throw new EvaluationFileError(file, `"classes" must be a list with one entry per label (${labels.length})`);
  }
  if (typeof accuracy !== 'number' || !(accuracy >= 0 && accuracy <= 1)) {
    throw new EvaluationFileError(file, '"accuracy" must be a number from 0 to 1');
  }
  return {
    labels,
    classes: classes.map((entry: unknown, k) => ({ label: labels[k] as string, ...readScores(entry, `classes[${k}]`, file) })),
    accuracy,
    macroAvg: readScores(json.macro_avg, 'macro_avg', file),
    weightedAvg: readScores(json.weighted_avg, 'weighted_avg', file),
  };
}
