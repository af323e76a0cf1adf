/**
 * How values, columns and delimiters are written in import error messages: quoted, escaped and
 * cut short so that a huge or binary value never becomes a huge message.
 */
import type { Delimiter } from './recordReader';

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
