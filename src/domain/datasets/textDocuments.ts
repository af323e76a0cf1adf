/**
 * Collecting labelled documents for the text import: per-document value checks (split value,
 * empty text or label) and the checks on the finished dataset (enough documents and labels, both
 * splits present).
 */
import { DatasetError } from './dataset.types';
import type { Split, TextDataset } from './dataset.types';
import { showValue } from './messageText';

/** A split value as `train` or `test`, or BAD_SPLIT_VALUE. */
export function parseSplit(value: string, file: string, line: number, column: string): Split {
  const v = value.trim().toLowerCase();
  if (v === 'train' || v === 'test') return v;
  throw new DatasetError('BAD_SPLIT_VALUE', {
    file,
    line,
    column,
    problem: `${column === '' ? 'the split' : `column ${showValue(column)}`} has ${showValue(value)}; a split must be "train" or "test"`,
  });
}

/** MISSING_VALUE for an empty text or label. */
export function missingValue(file: string, line: number, column: string, kind: 'column' | 'field'): DatasetError {
  return new DatasetError('MISSING_VALUE', {
    file,
    line,
    column,
    problem: `${kind} ${showValue(column)} is empty; every document needs a text and a label`,
  });
}

/** The documents read so far; `distinct` holds the labels seen. */
export interface DocumentBuilder {
  readonly texts: string[];
  readonly labels: string[];
  readonly split: Split[] | undefined;
  readonly distinct: Set<string>;
}

/** Checks the collected documents (see the rules in textImport.ts) and returns the dataset. */
export function finishTextDataset(b: DocumentBuilder, file: string, name: string, splitColumn: string | undefined): TextDataset {
  if (b.texts.length === 0) {
    throw new DatasetError('TOO_FEW_ROWS', { file, problem: 'the file has no documents' });
  }
  if (b.distinct.size < 2) {
    const only = b.labels[0] ?? '';
    throw new DatasetError('TOO_FEW_LABELS', {
      file,
      problem: `every document has the label ${showValue(only)}; a classifier needs at least two labels`,
    });
  }
  if (b.split !== undefined) {
    let train = 0;
    for (const s of b.split) if (s === 'train') train++;
    const test = b.split.length - train;
    if (train === 0 || test === 0) {
      const missing = train === 0 ? 'train' : 'test';
      throw new DatasetError('TOO_FEW_ROWS', {
        file,
        ...(splitColumn !== undefined ? { column: splitColumn } : {}),
        problem: `no document has the split "${missing}" in ${splitColumn === undefined ? 'the split' : `column ${showValue(splitColumn)}`}; both train and test documents are needed (or drop the split column and let Trainyard split)`,
      });
    }
  }
  return { name, texts: b.texts, labels: b.labels, ...(b.split !== undefined ? { split: b.split } : {}) };
}
