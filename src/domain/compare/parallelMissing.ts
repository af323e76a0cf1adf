/**
 * Runs with a missing value in parallel coordinates. Plotly drops a run's whole line when any of
 * its values is NaN, so one run without a param would vanish from every axis. Instead, a missing
 * value gets its own tick, "(missing)", at the bottom of the axis, below the real values and set
 * apart by a gap: every run is drawn, and a reader sees which runs lack the value.
 */
import type { ParallelDimension } from './plotData';

export const MISSING_TICK = '(missing)';

/** About `count` round tick values (1, 2 or 5 × 10^n apart) within [min, max]; [min] when they are equal. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (min === max) return [min];
  const raw = (max - min) / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let k = Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
    const tick = Number((k * step).toPrecision(12));
    ticks.push(tick === 0 ? 0 : tick);
  }
  return ticks;
}

/**
 * The dimension with its missing values (NaN) moved onto a "(missing)" tick at the bottom.
 * Unchanged when no value is missing (Plotly then draws its own ticks). Numeric axes get explicit
 * round ticks (Plotly shows only the given ones once any are given), formatted by `format`; the
 * "(missing)" tick sits a fifth of the axis's span below the lowest value.
 */
export function withMissingTick(dim: ParallelDimension, format: (value: number) => string): ParallelDimension {
  if (!dim.values.some((v) => Number.isNaN(v))) return dim;
  const present = dim.values.filter((v) => !Number.isNaN(v));
  if (present.length === 0) {
    return { ...dim, values: dim.values.map(() => 0), tickvals: [0], ticktext: [MISSING_TICK], range: [-1, 1] };
  }
  if (dim.tickvals && dim.ticktext) {
    const at = -1;
    const top = Math.max(0, dim.tickvals.length - 1);
    return {
      ...dim,
      values: dim.values.map((v) => (Number.isNaN(v) ? at : v)),
      tickvals: [at, ...dim.tickvals],
      ticktext: [MISSING_TICK, ...dim.ticktext],
      range: [at, top],
    };
  }
  const lo = Math.min(...present);
  const hi = Math.max(...present);
  const span = hi - lo || Math.abs(lo) || 1;
  const at = lo - span / 5;
  const ticks = niceTicks(lo, hi);
  return {
    ...dim,
    values: dim.values.map((v) => (Number.isNaN(v) ? at : v)),
    tickvals: [at, ...ticks],
    ticktext: [MISSING_TICK, ...ticks.map(format)],
    range: [at, hi === lo ? hi + span / 5 : hi],
  };
}
