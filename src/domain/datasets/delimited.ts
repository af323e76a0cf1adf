/**
 * A small RFC 4180 reader shared by the tabular and the text importers.
 *
 * Written here rather than delegated to papaparse so that every error can name the exact
 * 1-based line a text editor shows (records may span lines inside quotes) and the column
 * by its header name, and so that delimiter detection can score candidates quote-aware.
 *
 * Rules:
 * - line breaks are CRLF, LF or a lone CR; a leading BOM is dropped;
 * - a field that starts with `"` (after optional spaces) is quoted: `""` inside is one quote,
 *   and delimiters and line breaks inside are part of the value; anything but spaces between
 *   the closing quote and the next delimiter/line end is BAD_QUOTE;
 * - a `"` inside an unquoted field is an ordinary character (`5" screen` stays as is);
 * - a line that is empty or only spaces/tabs is skipped, wherever it is;
 * - NUL characters are rejected (BINARY_CONTENT): they mean a binary or UTF-16 file.
 */
import { DatasetError } from './dataset.types';

export type Delimiter = ',' | ';' | '\t' | '|';

export const DELIMITERS: readonly Delimiter[] = [',', '\t', ';', '|'];

export interface RawRecord {
  readonly fields: string[];
  /** 1-based line the record starts on. */
  readonly line: number;
}

export type ReadProblem =
  | { readonly kind: 'unterminated'; readonly line: number; readonly fieldIndex: number }
  | { readonly kind: 'after-quote'; readonly line: number; readonly fieldIndex: number; readonly found: string };

export interface ReadResult {
  readonly records: RawRecord[];
  /** The first problem; `records` holds every complete record before it. */
  readonly problem?: ReadProblem;
}

const CR = 13;
const LF = 10;
const QUOTE = 34;
const SPACE = 32;
const TAB = 9;

/** Counts line breaks (CRLF, LF, lone CR) in text[from, to). */
function countLineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) n++;
    else if (c === CR && text.charCodeAt(i + 1) !== LF) n++;
  }
  return n;
}

/**
 * Splits `text` into records. Stops after `limit` records (for sniffing) or at the first problem.
 * Never throws: callers turn problems into DatasetErrors because only they know the header.
 */
export function readRecords(text: string, delimiter: Delimiter, limit = Number.POSITIVE_INFINITY): ReadResult {
  const records: RawRecord[] = [];
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n && records.length < limit) {
    const recordLine = line;
    const fields: string[] = [];
    let quotedAny = false;
    for (;;) {
      // Peek past leading spaces (not tabs, which may be the delimiter) for an opening quote.
      let p = i;
      while (p < n && text.charCodeAt(p) === SPACE) p++;
      if (p < n && text.charCodeAt(p) === QUOTE) {
        quotedAny = true;
        const openLine = line;
        let value = '';
        let from = p + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close === -1) {
            return { records, problem: { kind: 'unterminated', line: openLine, fieldIndex: fields.length } };
          }
          line += countLineBreaks(text, from, close);
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          i = close + 1;
          break;
        }
        while (i < n && (text.charCodeAt(i) === SPACE || (text.charCodeAt(i) === TAB && d !== TAB))) i++;
        fields.push(value);
        const c = text.charCodeAt(i);
        if (i < n && c !== d && c !== CR && c !== LF) {
          let stop = i;
          while (stop < n && stop < i + 20) {
            const s = text.charCodeAt(stop);
            if (s === d || s === CR || s === LF) break;
            stop++;
          }
          return { records, problem: { kind: 'after-quote', line, fieldIndex: fields.length - 1, found: text.slice(i, stop) } };
        }
      } else {
        let j = i;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (c === d || c === CR || c === LF) break;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      // Now at a delimiter, a line break, or the end.
      if (i < n && text.charCodeAt(i) === d) {
        i++;
        continue;
      }
      break;
    }
    if (i < n) {
      if (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === LF) i += 2;
      else i++;
      line++;
    }
    const only = fields[0];
    const blank = !quotedAny && fields.length === 1 && only !== undefined && only.trim() === '';
    if (!blank) records.push({ fields, line: recordLine });
  }
  return { records };
}

/** Drops a leading byte-order mark. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line of character index `at`. */
export function lineOf(text: string, at: number): number {
  return 1 + countLineBreaks(text, 0, at);
}

/** Throws BINARY_CONTENT when the text holds a NUL character, naming its line and field. */
export function rejectNul(text: string, file: string, delimiter?: Delimiter): void {
  const at = text.indexOf('\u0000');
  if (at === -1) return;
  const line = lineOf(text, at);
  let lineStart = at;
  while (lineStart > 0) {
    const c = text.charCodeAt(lineStart - 1);
    if (c === LF || c === CR) break;
    lineStart--;
  }
  const char = at - lineStart + 1;
  // The field is counted on the raw line (a delimiter inside quotes would shift it; good enough to find the spot).
  let fieldNumber: number | undefined;
  if (delimiter !== undefined) {
    fieldNumber = 1;
    for (let q = lineStart; q < at; q++) if (text[q] === delimiter) fieldNumber++;
  }
  throw new DatasetError('BINARY_CONTENT', {
    file,
    line,
    ...(fieldNumber !== undefined ? { columnIndex: fieldNumber } : {}),
    problem: `${fieldNumber !== undefined ? `field ${fieldNumber}, ` : ''}character ${char} is a NUL byte; this looks like a binary file or UTF-16 text, not UTF-8 text (save it as UTF-8)`,
  });
}

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** The delimiter a file name suggests: .tsv/.tab → tab, .psv → pipe, anything else → comma. */
export function delimiterForName(fileName: string): Delimiter {
  const ext = extensionOf(fileName);
  if (ext === 'tsv' || ext === 'tab') return '\t';
  if (ext === 'psv') return '|';
  return ',';
}

const SNIFF_RECORDS = 30;

/**
 * Picks the delimiter among `candidates` (default `, \t ; |`) from the first 30 records:
 * a candidate must split the header into ≥ 2 fields and must not misread quotes; the one whose
 * share of records with the header's field count is highest wins; ties go to the delimiter the
 * file name suggests, then to the candidates' order. A single-column file gets the suggested one.
 */
export function detectDelimiter(text: string, fileName: string, candidates: readonly Delimiter[] = DELIMITERS): Delimiter {
  const suggested = delimiterForName(fileName);
  const ordered = candidates.includes(suggested)
    ? [suggested, ...candidates.filter((c) => c !== suggested)]
    : [...candidates];
  const body = stripBom(text);
  let best: Delimiter | undefined;
  let bestScore = 0;
  for (const candidate of ordered) {
    const { records, problem } = readRecords(body, candidate, SNIFF_RECORDS);
    if (problem?.kind === 'after-quote') continue;
    const width = records[0]?.fields.length ?? 0;
    if (width < 2) continue;
    let same = 0;
    for (const r of records) if (r.fields.length === width) same++;
    const score = same / records.length;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best ?? ordered[0] ?? ',';
}

/** Printable name of a delimiter for messages. */
export function delimiterName(d: Delimiter): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}

const MAX_SHOWN = 40;

/**
 * A value as messages show it: double-quoted, control characters escaped, at most 40 characters
 * (a 1 MB value must not become a 1 MB message).
 */
export function showValue(value: string): string {
  const cut = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
  // eslint-disable-next-line no-control-regex
  const escaped = cut.replace(/[\u0000-\u001f\u007f"\\]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    if (c === '"') return '\\"';
    if (c === '\\') return '\\\\';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  const more = value.length > MAX_SHOWN ? ` (${value.length.toLocaleString('en-US')} characters)` : '';
  return `"${escaped}"${more}`;
}

/** How a column is named in messages: `column "pH"`, or `column 3` when the header cell is unknown. */
export function columnLabel(header: readonly string[] | undefined, index: number): string {
  const name = header?.[index];
  return name === undefined ? `column ${index + 1}` : `column ${showValue(name)}`;
}

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
