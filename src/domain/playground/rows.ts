/**
 * Inputs to predict, checked against the model before anything runs: the form's fields, rows
 * passed to `trainyard.predict`, and the lines of an uploaded CSV. Every problem names where it is:
 * the field; the row (1-based) and column; the CSV's line (as a text editor numbers it) and column.
 * A bad row never stops the good ones: each row gets its input or its error.
 *
 * A numeric feature takes a number. A text (categorical) feature takes one of the levels seen in
 * training, as written in the training CSV (spaces around ignored, case counts), and becomes the
 * level's code, as training encoded it; `trainyard.predict` also takes the code itself.
 */
import { detectDelimiter, readRecords, showValue, stripBom } from '../datasets/delimited';
import type { FeatureField, ModelSummary } from './playgroundModel';
import { PlaygroundError } from './playgroundError';

export type ModelInput = number[] | string;

export type RowCheck = { ok: true; input: ModelInput } | { ok: false; error: string };

/** Most rows one upload may hold: a results table and a download, not a data pipeline. */
export const MAX_BATCH_ROWS = 100_000;

/** A number as typed: decimal or exponent notation, spaces around ignored; null for anything else. */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

function cellProblem(text: string): string {
  return text.trim() === '' ? 'the value is missing' : `${showValue(text)} is not a number`;
}

/** How many known levels an unknown-level error lists. */
const LEVELS_SHOWN = 5;

/** The first few levels, quoted: `"blue", "green", … (12 in all)`. */
export function knownLevels(levels: readonly string[]): string {
  const shown = levels.slice(0, LEVELS_SHOWN).map(showValue).join(', ');
  return levels.length > LEVELS_SHOWN ? `${shown}, … (${levels.length} in all)` : shown;
}

/** The code of a level as typed (spaces around ignored), or null when training never saw it. */
export function levelCode(levels: readonly string[], text: string): number | null {
  const code = levels.indexOf(text.trim());
  return code < 0 ? null : code;
}

function unknownLevel(shown: string, levels: readonly string[]): string {
  return `${shown} is not one of the levels seen in training (${knownLevels(levels)})`;
}

/** A text cell (form field or CSV cell) for a feature: its number or level code, or what is wrong. */
function readCell(field: FeatureField, text: string): { value: number } | { problem: string } {
  if (field.levels) {
    if (text.trim() === '') return { problem: 'the value is missing' };
    const code = levelCode(field.levels, text);
    return code === null ? { problem: unknownLevel(showValue(text.trim()), field.levels) } : { value: code };
  }
  const value = parseNumber(text);
  return value === null ? { problem: cellProblem(text) } : { value };
}

/** The form's values (by feature name) as a row, or an error per field. */
export function checkFormValues(values: Readonly<Record<string, string>>, features: readonly FeatureField[]): { row: number[] } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const row = features.map((field) => {
    const cell = readCell(field, values[field.name] ?? '');
    if ('problem' in cell) {
      errors[field.name] = `${field.name}: ${cell.problem}`;
      return Number.NaN;
    }
    return cell.value;
  });
  return Object.keys(errors).length > 0 ? { errors } : { row };
}

/** One text for the text model; empty text is allowed (it predicts from no known words). */
function checkText(value: unknown, where: string): RowCheck {
  if (typeof value === 'string') return { ok: true, input: value };
  if (typeof value === 'object' && value !== null && typeof (value as { text?: unknown }).text === 'string') {
    return { ok: true, input: (value as { text: string }).text };
  }
  return { ok: false, error: `${where}: the text model takes a string (or { text: "…" }); got ${describe(value)}` };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return showValue(value);
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

function numberCell(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseNumber(value);
  return null;
}

/** A value given to `trainyard.predict` for a feature: its number or level code, or what is wrong. */
function valueCell(field: FeatureField, value: unknown): { value: number } | { problem: string } {
  const { levels } = field;
  if (!levels) {
    const number = numberCell(value);
    return number === null ? { problem: `${describe(value)} is not a number` } : { value: number };
  }
  if (typeof value === 'string') {
    const code = levelCode(levels, value);
    return code === null ? { problem: unknownLevel(showValue(value.trim()), levels) } : { value: code };
  }
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < levels.length) return { value };
  return { problem: `${unknownLevel(describe(value), levels)}, nor a level code 0–${levels.length - 1}` };
}

/**
 * A row given to `trainyard.predict`: an object keyed by feature name (extra keys are ignored, as
 * a CSV's extra columns are), a list of values in feature order, or a string for the text model.
 * A text feature's value is its level (or the level's code).
 * `index` is 0-based; messages say "row <index + 1>".
 */
export function checkRow(summary: ModelSummary, value: unknown, index: number): RowCheck {
  const where = `row ${index + 1}`;
  if (summary.input === 'text') return checkText(value, where);
  const { features } = summary;
  if (Array.isArray(value)) {
    if (value.length !== features.length) return { ok: false, error: `${where}: ${value.length} values, but the model takes ${features.length} (${features.map((f) => f.name).join(', ')})` };
    const row: number[] = [];
    for (let c = 0; c < features.length; c++) {
      const field = features[c] as FeatureField;
      const cell = valueCell(field, value[c]);
      if ('problem' in cell) return { ok: false, error: `${where}, value ${c + 1} (${field.name}): ${cell.problem}` };
      row.push(cell.value);
    }
    return { ok: true, input: row };
  }
  if (typeof value !== 'object' || value === null) {
    return { ok: false, error: `${where}: expected an object keyed by feature name or a list of values in feature order; got ${describe(value)}` };
  }
  const record = value as Record<string, unknown>;
  const missing = features.filter((f) => !(f.name in record) || record[f.name] === undefined || record[f.name] === null || record[f.name] === '');
  if (missing.length > 0) return { ok: false, error: `${where}: missing ${missing.map((f) => `"${f.name}"`).join(', ')}` };
  const row: number[] = [];
  for (const field of features) {
    const cell = valueCell(field, record[field.name]);
    if ('problem' in cell) return { ok: false, error: `${where}, column "${field.name}": ${cell.problem}` };
    row.push(cell.value);
  }
  return { ok: true, input: row };
}

export interface BatchRow {
  /** 1-based line of the CSV the row starts on. */
  line: number;
  /** The row's cells as read, in the header's order. */
  cells: string[];
  check: RowCheck;
}

export interface Batch {
  file: string;
  header: string[];
  rows: BatchRow[];
}

/**
 * Reads an uploaded CSV (comma, tab, semicolon or pipe; header row first) into rows for the model.
 * Columns are matched by name, so the training CSV itself can be uploaded (its target column is
 * ignored). A model with unnamed inputs takes the columns in order when none of the names match.
 * Throws PlaygroundError (naming the file and, when there is one, the line) when the file as a
 * whole can't be used: no header, a needed column absent, a broken quote, too many rows.
 */
export function parseBatchCsv(text: string, file: string, summary: ModelSummary): Batch {
  const body = stripBom(text);
  const delimiter = detectDelimiter(body, file);
  const { records, problem } = readRecords(body, delimiter);
  const headerRecord = records[0];
  if (!headerRecord) throw new PlaygroundError(`${file}: the file is empty; it needs a header row and then one row per prediction.`);
  if (problem) {
    throw new PlaygroundError(`${file}, line ${problem.line}: a quoted value ${problem.kind === 'unterminated' ? 'is never closed' : 'has text after its closing quote'}; nothing was predicted.`);
  }
  const header = headerRecord.fields.map((f) => f.trim());
  const dataRecords = records.slice(1);
  if (dataRecords.length === 0) throw new PlaygroundError(`${file}: there are no rows under the header.`);
  if (dataRecords.length > MAX_BATCH_ROWS) throw new PlaygroundError(`${file}: ${dataRecords.length.toLocaleString('en-US')} rows; at most ${MAX_BATCH_ROWS.toLocaleString('en-US')} can be predicted at once.`);
  const columns = neededColumns(header, `${file}, line ${headerRecord.line}`, summary);
  const names = summary.input === 'text' ? ['text'] : summary.features.map((f) => f.name);
  const rows = dataRecords.map((record): BatchRow => {
    const where = `line ${record.line}`;
    if (record.fields.length !== header.length) {
      return {
        line: record.line,
        cells: record.fields,
        check: { ok: false, error: `${where}: ${record.fields.length} values, but the header has ${header.length} columns` },
      };
    }
    if (summary.input === 'text') return { line: record.line, cells: record.fields, check: { ok: true, input: record.fields[columns[0] as number] ?? '' } };
    const row: number[] = [];
    for (let c = 0; c < columns.length; c++) {
      const cell = readCell(summary.features[c] as FeatureField, record.fields[columns[c] as number] ?? '');
      if ('problem' in cell) {
        return { line: record.line, cells: record.fields, check: { ok: false, error: `${where}, column "${names[c]}": ${cell.problem}` } };
      }
      row.push(cell.value);
    }
    return { line: record.line, cells: record.fields, check: { ok: true, input: row } };
  });
  return { file, header, rows };
}

/** The header index of each input the model needs, in input order. */
function neededColumns(header: readonly string[], where: string, summary: ModelSummary): number[] {
  const lower = header.map((h) => h.toLowerCase());
  if (summary.input === 'text') {
    const text = lower.indexOf('text');
    if (text >= 0) return [text];
    if (header.length === 1) return [0];
    throw new PlaygroundError(`${where}: the text model needs a column named "text" (or a file with a single column); the header has ${header.map((h) => `"${h}"`).join(', ')}.`);
  }
  const indices = summary.features.map((f) => header.indexOf(f.name));
  if (indices.every((i) => i >= 0)) return indices;
  if (!summary.preprocessed && indices.every((i) => i < 0) && header.length === summary.features.length) return header.map((_, i) => i);
  const missing = summary.features.filter((_, c) => (indices[c] as number) < 0).map((f) => `"${f.name}"`);
  throw new PlaygroundError(
    `${where}: the header lacks ${missing.length === 1 ? 'the column' : `${missing.length} columns`} ${missing.join(', ')} the model needs; nothing was predicted.`,
  );
}
