/**
 * The JSON Lines reader of the labelled-text import: one object per line, fields picked by
 * textColumns.ts, documents collected and checked by textDocuments.ts.
 */
import { DatasetError } from './dataset.types';
import type { TextDataset } from './dataset.types';
import { showValue } from './messageText';
import { rejectNul } from './recordReader';
import { listNames, resolveColumn } from './textColumns';
import type { Role } from './textColumns';
import { finishTextDataset, missingValue, parseSplit } from './textDocuments';
import type { DocumentBuilder } from './textDocuments';
import type { ParseTextOptions } from './textImport.types';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return 'a string';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return `${v}`;
  return typeof v;
}

function jsonField(
  obj: Record<string, unknown>,
  key: string,
  role: Role,
  file: string,
  line: number,
): string {
  if (!Object.hasOwn(obj, key)) {
    throw new DatasetError('MISSING_FIELD', {
      file,
      line,
      column: key,
      problem: `the object has no field ${showValue(key)} (the ${role}); it has ${listNames(Object.keys(obj))}`,
    });
  }
  const v = obj[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || (typeof v === 'boolean' && role !== 'text')) return String(v);
  if (v === null) throw missingValue(file, line, key, 'field');
  const hint = Array.isArray(v) && role === 'label' ? ' (one label per document: pick one topic or repeat the document per label)' : '';
  throw new DatasetError('BAD_FIELD_TYPE', {
    file,
    line,
    column: key,
    problem: `field ${showValue(key)} (the ${role}) is ${kindOf(v)}, not a string${hint}`,
  });
}

const MAX_JSON_MESSAGE = 120;

/** Parses JSON Lines labelled text (BOM already stripped) into a TextDataset. */
export function parseJsonLines(body: string, options: ParseTextOptions): TextDataset {
  const file = options.fileName;
  rejectNul(body, file);
  let textKey: string | undefined;
  let labelKey: string | undefined;
  let splitKey: string | undefined;
  let b: DocumentBuilder | undefined;
  let pos = 0;
  let line = 0;
  const n = body.length;
  while (pos < n) {
    line++;
    let end = body.indexOf('\n', pos);
    if (end === -1) end = n;
    let raw = body.slice(pos, end);
    pos = end + 1;
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    const trimmed = raw.trim();
    if (trimmed === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      const short = reason.length > MAX_JSON_MESSAGE ? `${reason.slice(0, MAX_JSON_MESSAGE)}…` : reason;
      const hint = trimmed === '[' || (trimmed.startsWith('[') && b === undefined)
        ? '; JSON Lines needs one object per line, not one JSON array'
        : '';
      throw new DatasetError('BAD_JSON_LINE', { file, line, problem: `the line is not valid JSON (${short})${hint}` });
    }
    if (!isObject(value)) {
      throw new DatasetError('BAD_JSON_LINE', {
        file,
        line,
        problem: `the line is ${kindOf(value)}, not a JSON object; each line must be one object such as {"text": "…", "label": "…"}`,
      });
    }
    if (b === undefined) {
      const keys = Object.keys(value);
      const where = { file, line, what: 'field' };
      textKey = resolveColumn(keys, 'text', options.textColumn, where);
      labelKey = resolveColumn(keys, 'label', options.labelColumn, where);
      splitKey = resolveColumn(keys, 'split', options.splitColumn, where);
      b = { texts: [], labels: [], split: splitKey === undefined ? undefined : [], distinct: new Set() };
    }
    const tk = textKey ?? '';
    const lk = labelKey ?? '';
    const text = jsonField(value, tk, 'text', file, line);
    const label = jsonField(value, lk, 'label', file, line).trim();
    if (text.trim() === '') throw missingValue(file, line, tk, 'field');
    if (label === '') throw missingValue(file, line, lk, 'field');
    if (b.split !== undefined && splitKey !== undefined) {
      b.split.push(parseSplit(jsonField(value, splitKey, 'split', file, line), file, line, splitKey));
    }
    b.texts.push(text);
    b.labels.push(label);
    b.distinct.add(label);
  }
  if (b === undefined) throw new DatasetError('EMPTY_FILE', { file, problem: 'the file has only blank lines' });
  return finishTextDataset(b, file, options.name ?? file, splitKey);
}
