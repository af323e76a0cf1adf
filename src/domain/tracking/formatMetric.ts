/**
 * How a metric value reads in every table of the app (runs, compare, models, run page, search):
 * the one formatter, so the same number never shows two ways on two pages.
 */

/**
 * A metric value as text: 5 significant digits with trailing zeros dropped (`0.33333`, `123.46`,
 * `123460`); scientific with 4 digits below 0.001 or from a million up (`9.990e-4`, `1.235e+6`);
 * `NaN`, `Infinity` and `-Infinity` as JavaScript spells them (as MLflow's files and the CSV export
 * do); and "—" when there is no value.
 */
export function formatMetric(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3);
  return String(Number(value.toPrecision(5)));
}
