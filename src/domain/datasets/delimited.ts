/**
 * The start every delimited importer shares (tabular CSV and labelled text): read the records,
 * check the header and each row's width, and turn reader problems into DatasetErrors that name
 * the column. Also re-exports the pieces it is built from (the record reader, delimiter detection,
 * message formatting) so importers need a single import.
 */
import { DatasetError } from './dataset.types';
import { columnLabel, delimiterName, showValue } from './messageText';
import { readRecords, rejectNul } from './recordReader';
import type { Delimiter, RawRecord, ReadProblem } from './recordReader';

export { DELIMITERS, lineOf, readRecords, rejectNul, stripBom } from './recordReader';
export type { Delimiter, RawRecord, ReadProblem, ReadResult } from './recordReader';
export { delimiterForName, detectDelimiter, extensionOf } from './delimiterDetection';
export { columnLabel, delimiterName, showValue } from './messageText';

/** Header checks shared by both importers: no empty names, no duplicates. Returns trimmed names. */
export function checkHeader(record: RawRecord, file: string): string[] {
  const names = record.fields.map((f) => f.trim());
  const seen = new Map<string, number>();
  for (let c = 0; c < names.length; c++) {
    const name = names[c] ?? '';
    if (name === '') {
      throw new DatasetError('EMPTY_COLUMN_NAME', {
        file,
        line: record.line,
        columnIndex: c + 1,
        problem: `the header's column ${c + 1} has no name; every column needs one`,
      });
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new DatasetError('DUPLICATE_COLUMN', {
        file,
        line: record.line,
        column: name,
        columnIndex: c + 1,
        problem: `column name ${showValue(name)} appears twice in the header (columns ${first + 1} and ${c + 1}); rename one`,
      });
    }
    seen.set(name, c);
  }
  return names;
}

/** Turns a reader problem into the DatasetError users see. */
export function problemError(problem: ReadProblem, file: string, header: readonly string[] | undefined): DatasetError {
  const column = header?.[problem.fieldIndex];
  const label = columnLabel(header, problem.fieldIndex);
  const base = { file, line: problem.line, columnIndex: problem.fieldIndex + 1, ...(column !== undefined ? { column } : {}) };
  if (problem.kind === 'unterminated') {
    return new DatasetError('UNTERMINATED_QUOTE', {
      ...base,
      problem: `${label} opens a quote (") that is never closed; add the closing quote, or double a quote inside a value ("")`,
    });
  }
  return new DatasetError('BAD_QUOTE', {
    ...base,
    problem: `${label} has ${showValue(problem.found)} right after its closing quote; quote the whole value and double any quote inside it ("")`,
  });
}

/** Throws RAGGED_ROW unless `record` has exactly `header.length` fields. */
export function checkWidth(record: RawRecord, header: readonly string[], file: string, delimiter: Delimiter): void {
  const found = record.fields.length;
  const expected = header.length;
  if (found === expected) return;
  if (found < expected) {
    const missing = header[found] ?? '';
    throw new DatasetError('RAGGED_ROW', {
      file,
      line: record.line,
      column: missing,
      columnIndex: found + 1,
      problem: `expected ${expected} fields like the header but found ${found}: column ${showValue(missing)} and any after it are missing (the delimiter is ${delimiterName(delimiter)})`,
    });
  }
  throw new DatasetError('RAGGED_ROW', {
    file,
    line: record.line,
    columnIndex: expected + 1,
    problem: `expected ${expected} fields like the header but found ${found}: field ${expected + 1} has no column (is there an unquoted ${delimiterName(delimiter)} inside a value?)`,
  });
}

/**
 * The start every delimited parser shares: no NUL bytes, records read, a header checked. Row-level
 * problems come back (not thrown) so the caller can report them with the header's column names.
 */
export function readHeaderAndRows(
  body: string,
  delimiter: Delimiter,
  file: string,
): { header: string[]; headerRecord: RawRecord; rows: RawRecord[]; problem: ReadProblem | undefined } {
  rejectNul(body, file, delimiter);
  const { records, problem } = readRecords(body, delimiter);
  const headerRecord = records[0];
  if (headerRecord === undefined) {
    if (problem !== undefined) throw problemError(problem, file, undefined);
    throw new DatasetError('EMPTY_FILE', { file, problem: 'the file has no header row' });
  }
  return { header: checkHeader(headerRecord, file), headerRecord, rows: records.slice(1), problem };
}
