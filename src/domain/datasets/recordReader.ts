/**
 * A small RFC 4180 record reader shared by the tabular and the text importers (through delimited.ts).
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
