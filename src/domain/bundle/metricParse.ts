/**
 * Metric files as MLflow's FileStore reads them (spec §6): each line stripped (Python's
 * `str.strip()`), split on single spaces into 2, 3 or 5 fields
 * (`timestamp value [step [dataset_name dataset_digest]]`); a blank line or a double space is an
 * error. For 5-field lines the third field is the step. Scans the text in place (no per-line
 * arrays): a million points is the import's hot path.
 */
import type { BundleHistory } from './bundle.types';
import { parsePythonFloat } from './mlrunsFormat';

export interface MetricParse {
  history: BundleHistory;
  errors: Array<{ line: number; message: string }>;
  /** Lines with 5 fields (3.x metrics tied to a dataset); their dataset fields are dropped. */
  datasetLines: number;
}

/** Python's str.isspace() characters. */
function isSpace(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || (c >= 28 && c <= 31) || c === 0x85 || c === 0xa0 || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/** Python's int() of text[from, to) for this format: optional sign and decimal digits. */
function integerAt(text: string, from: number, to: number): number | undefined {
  let at = from;
  const sign = text.charCodeAt(at);
  if (sign === 43 || sign === 45) at++;
  if (at === to) return undefined;
  let x = 0;
  for (let i = at; i < to; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    x = x * 10 + d;
  }
  // Past 15 digits the running sum can round differently from the correctly rounded double.
  if (to - at > 15) x = Number(text.slice(at, to));
  return sign === 45 ? 0 - x : x; // 0 - x: "-0" is the integer 0
}

const BLANK = 'Blank line: every line must be "<timestamp> <value> <step>".';

export function parseMetricFile(text: string, maxErrors = 20): MetricParse {
  const errors: MetricParse['errors'] = [];
  if (text.length === 0) {
    errors.push({ line: 1, message: 'The metric file is empty; MLflow refuses a metric with no data.' });
    return { history: { steps: new Float64Array(0), values: new Float64Array(0), timestamps: new Float64Array(0) }, errors, datasetLines: 0 };
  }
  // Python reads text files with universal newlines: \r\n, \r and \n all end a line.
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  let capacity = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) capacity++;
  const steps = new Float64Array(capacity);
  const values = new Float64Array(capacity);
  const timestamps = new Float64Array(capacity);
  let n = 0;
  let datasetLines = 0;
  let badLines = 0;
  let lineNumber = 0;
  const spaces = [0, 0, 0, 0, 0];
  // A final newline ends the last line; it does not start an empty one (Python's readlines()).
  for (let start = 0; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const lineEnd = newline === -1 ? text.length : newline;
    lineNumber++;
    let from = start;
    let to = lineEnd;
    start = lineEnd + 1;
    while (from < to && isSpace(text.charCodeAt(from))) from++;
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--;
    let problem: string | null = null;
    let fields = 1;
    for (let at = text.indexOf(' ', from); at !== -1 && at < to; at = text.indexOf(' ', at + 1)) {
      if (fields <= 5) spaces[fields - 1] = at;
      fields++;
    }
    if (from === to) {
      problem = BLANK;
    } else if (fields !== 2 && fields !== 3 && fields !== 5) {
      const hint = text.slice(from, to).includes('  ') ? ' (fields must be separated by exactly one space)' : '';
      problem = `Expected 3 fields "<timestamp> <value> <step>" (or 2, or 5), found ${fields}${hint}.`;
    } else {
      const s0 = spaces[0] as number;
      const s1 = fields > 2 ? (spaces[1] as number) : to;
      const timestamp = integerAt(text, from, s0);
      const valueText = text.slice(s0 + 1, s1);
      const value = parsePythonFloat(valueText);
      const step = fields > 2 ? integerAt(text, s1 + 1, fields === 3 ? to : (spaces[2] as number)) : 0;
      if (timestamp === undefined || timestamp < 0) {
        problem = `Timestamp ${JSON.stringify(text.slice(from, s0))} is not a non-negative integer (milliseconds).`;
      } else if (value === undefined) {
        problem = `Value ${JSON.stringify(valueText)} is not a number.`;
      } else if (step === undefined) {
        problem = `Step ${JSON.stringify(text.slice(s1 + 1, fields === 3 ? to : spaces[2]))} is not an integer.`;
      } else {
        timestamps[n] = timestamp;
        values[n] = value;
        steps[n] = step;
        n++;
        if (fields === 5) datasetLines++;
      }
    }
    if (problem !== null) {
      badLines++;
      if (errors.length < maxErrors) errors.push({ line: lineNumber, message: problem });
    }
  }
  if (badLines > errors.length) {
    errors.push({ line: lineNumber, message: `…and ${badLines - errors.length} more malformed lines in this file.` });
  }
  const fit = (a: Float64Array): Float64Array => (a.length === n ? a : a.slice(0, n));
  return { history: { steps: fit(steps), values: fit(values), timestamps: fit(timestamps) }, errors, datasetLines };
}
