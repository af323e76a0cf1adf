/**
 * Pure helpers of the Figure component (no Plotly import): export file names, the CSV download
 * (through shared/download), and the default `data-points` count.
 */
import { downloadBlob } from '../../shared/download';
import type { FigureTrace } from './figure.types';

/** Characters no file system accepts, or that mean something in a path or to a shell. */
// eslint-disable-next-line no-control-regex -- control characters are among those removed
const UNSAFE = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;
/** Names Windows reserves, with or without an extension. */
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i;
const MAX_LENGTH = 120;

/**
 * A chart title as a file name without extension: path separators, reserved and control
 * characters become "_", whitespace runs become one "_", no leading or trailing dots or
 * underscores, at most 120 characters (whole code points), never a Windows device name, and
 * "chart" when nothing is left. Letters of any script are kept.
 */
export function exportFileName(title: string): string {
  let name = title
    .normalize('NFC')
    .replace(UNSAFE, '_')
    .replace(/\s+/gu, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._]+|[._]+$/g, '');
  const codePoints = Array.from(name);
  if (codePoints.length > MAX_LENGTH) name = codePoints.slice(0, MAX_LENGTH).join('').replace(/[._]+$/g, '');
  if (name === '') return 'chart';
  return WINDOWS_RESERVED.test(name) ? `_${name}` : name;
}

/** The chart's CSV as a download named after its title: `<exportFileName(title)>.csv`. */
export function downloadCsv(title: string, csv: string): void {
  downloadBlob(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${exportFileName(title)}.csv`);
}

/** Points in a figure: the summed length of every trace's `x` (0 for traces without one, like parcoords). */
export function countPoints(data: readonly FigureTrace[]): number {
  let n = 0;
  for (const trace of data) {
    const x = trace.x as ArrayLike<unknown> | null | undefined;
    if (x != null && typeof x.length === 'number') n += x.length;
  }
  return n;
}
