/**
 * CSV download of the curves on a chart: one row per point, `run,metric,<x label>,value`.
 * RFC 4180 quoting and CRLF line ends, so spreadsheets and pandas read it as is. Run names and
 * metric keys are user text, so a text cell a spreadsheet would run as a formula (starting with
 * = + - @, tab or CR) gets a leading apostrophe (OWASP's CSV injection advice); a plain negative
 * number stays a number. Values are written as JavaScript prints them: NaN, Infinity, -Infinity.
 */

export interface CsvSeries {
  run: string;
  metric: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEGATIVE_NUMBER = /^-(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const NEEDS_QUOTES = /[",\r\n]/;

/** A text cell: formula-neutralised, then quoted when it holds a quote, comma or line break. */
export function csvText(text: string): string {
  const safe = FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text) ? `'${text}` : text;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** A number cell, never quoted or neutralised: String() gives "-0.5", "1e-7", "NaN", "-Infinity". */
export function csvNumber(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * The points of every series (up to the shorter of x and y), in series order and then point
 * order, under the header `run,metric,<xLabel>,value`. Ends with a line break.
 */
export function seriesToCsv(series: readonly CsvSeries[], xLabel: string): string {
  const lines: string[] = [['run', 'metric', xLabel, 'value'].map(csvText).join(',')];
  for (const s of series) {
    const prefix = `${csvText(s.run)},${csvText(s.metric)},`;
    const n = Math.min(s.x.length, s.y.length);
    for (let i = 0; i < n; i++) lines.push(`${prefix}${csvNumber(s.x[i] as number)},${csvNumber(s.y[i] as number)}`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
