/**
 * The metric curves of the compare view as Plotly data: TensorBoard smoothing, x-axis choice,
 * spike-keeping downsampling (and how many buckets each series gets), and when grouping, the
 * group mean with a min–max band. Every user string goes through plotText().
 */
import type { CsvSeries } from '../../domain/compare/chartCsv';
import type { ColumnRef } from '../../domain/compare/columns';
import { columnLabel } from '../../domain/compare/columns';
import { downsampleMinMax } from '../../domain/compare/downsample';
import { aggregateCurves, groupRuns } from '../../domain/compare/grouping';
import { smoothEma } from '../../domain/compare/smoothing';
import type { XAxisMode } from '../../domain/compare/xAxis';
import { sortHistory } from '../../domain/compare/xAxis';
import type { RunId } from '../../domain/ids';
import type { MetricColumns, Run } from '../../domain/tracking/types';
import { chartValue, plotText } from '../charts/plotText';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import { runColor, translucent } from './runColors';

export const X_AXIS_TITLES: Record<XAxisMode, string> = { step: 'step', wall: 'wall time', relative: 'relative time (s)' };

export interface CurveOptions {
  runs: readonly Run[];
  /** The metric's history per run; a run without the metric is simply absent. */
  histories: ReadonlyMap<RunId, MetricColumns>;
  metric: string;
  xAxis: XAxisMode;
  smoothing: number;
  /** Buckets for downsampling: about the chart's width in pixels. */
  buckets: number;
  groupBy: ColumnRef | null;
}

export interface CurveFigure {
  data: FigureTrace[];
  /** Points drawn and points logged, for "showing N of M points". */
  shown: number;
  total: number;
  csv: CsvSeries[];
}

function pick(values: ArrayLike<number>, indices: Uint32Array): Array<number | null> {
  const out = new Array<number | null>(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = chartValue(values[indices[i] as number] as number);
  return out;
}

function pickX(values: ArrayLike<number>, indices: Uint32Array, xAxis: XAxisMode): Array<number | string> {
  const out = new Array<number | string>(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const v = values[indices[i] as number] as number;
    out[i] = xAxis === 'wall' ? new Date(v).toISOString() : v;
  }
  return out;
}

const HOVER = (xTitle: string) => `%{fullData.name}<br>${xTitle} %{x}<br>%{y}<extra></extra>`;

/** Indices kept from several series over the same x: the union of each one's min/max picks. */
function unionIndices(x: ArrayLike<number>, series: ReadonlyArray<ArrayLike<number>>, buckets: number): Uint32Array {
  const keep = new Uint8Array(x.length);
  for (const y of series) for (const i of downsampleMinMax(x, y, buckets).indices) keep[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) out.push(i);
  return Uint32Array.from(out);
}

/**
 * The curves of one metric: per run a line (smoothed when asked, with the raw line faint behind
 * it, as TensorBoard draws it), or, when grouping, per group the mean line and a min–max band.
 */
export function curveFigure(options: CurveOptions): CurveFigure {
  const { runs, histories, metric, xAxis, smoothing, buckets } = options;
  const xTitle = X_AXIS_TITLES[xAxis];
  const sorted = new Map<RunId, { x: Float64Array; y: Float64Array; smoothed: Float64Array }>();
  for (const run of runs) {
    const history = histories.get(run.runId);
    if (!history || history.steps.length === 0) continue;
    const { x, y } = sortHistory(history, xAxis, { runStart: run.startTime });
    sorted.set(run.runId, { x, y, smoothed: smoothing > 0 ? smoothEma(y, smoothing) : y });
  }
  const data: FigureTrace[] = [];
  const csv: CsvSeries[] = [];
  let shown = 0;
  let total = 0;
  // WebGL only when many points are drawn after downsampling: with no GPU (headless, many laptops on
  // battery) it is software-rendered per trace, and SVG is faster for 100 short lines.
  const drawn = [...sorted.values()].reduce((n, s) => n + Math.min(s.x.length, 2 * buckets + 2) * (smoothing > 0 ? 2 : 1), 0);
  const type = drawn > 20_000 ? 'scattergl' : 'scatter';

  if (options.groupBy) {
    const groups = groupRuns(runs.filter((r) => sorted.has(r.runId)), options.groupBy);
    groups.forEach((group, g) => {
      const curves = group.runIds.flatMap((id) => {
        const s = sorted.get(id);
        return s ? [{ x: s.x, y: s.smoothed }] : [];
      });
      const agg = aggregateCurves(curves);
      const keep = unionIndices(agg.x, [agg.mean, agg.min, agg.max], buckets);
      const color = runColor(g);
      const name = plotText(`${columnLabel(options.groupBy as ColumnRef)} = ${group.label} (${group.runIds.length})`);
      const x = pickX(agg.x, keep, xAxis);
      data.push(
        { type, mode: 'lines', x, y: pick(agg.max, keep), line: { width: 0 }, hoverinfo: 'skip', showlegend: false, legendgroup: `g${g}`, name: `${name} max` },
        {
          type,
          mode: 'lines',
          x,
          y: pick(agg.min, keep),
          line: { width: 0 },
          fill: 'tonexty',
          fillcolor: translucent(color, 0.2),
          hoverinfo: 'skip',
          showlegend: false,
          legendgroup: `g${g}`,
          name: `${name} min`,
        },
        { type, mode: 'lines', x, y: pick(agg.mean, keep), line: { color, width: 2 }, name, legendgroup: `g${g}`, hovertemplate: HOVER(xTitle) },
      );
      shown += keep.length;
      total += curves.reduce((n, c) => n + c.x.length, 0);
      csv.push({ run: `${group.label} (mean)`, metric, x: agg.x, y: agg.mean });
    });
    return { data, shown, total, csv };
  }

  runs.forEach((run, index) => {
    const s = sorted.get(run.runId);
    if (!s) return;
    const color = runColor(index);
    const name = plotText(run.runName || run.runId);
    const kept = downsampleMinMax(s.x, s.smoothed, buckets).indices;
    if (smoothing > 0) {
      const raw = downsampleMinMax(s.x, s.y, buckets).indices;
      data.push({
        type,
        mode: 'lines',
        x: pickX(s.x, raw, xAxis),
        y: pick(s.y, raw),
        line: { color, width: 1 },
        opacity: 0.25,
        hoverinfo: 'skip',
        showlegend: false,
        legendgroup: run.runId,
        name: `${name} (raw)`,
      });
    }
    data.push({
      type,
      mode: s.x.length <= 50 ? 'lines+markers' : 'lines',
      x: pickX(s.x, kept, xAxis),
      y: pick(s.smoothed, kept),
      line: { color, width: 2 },
      name,
      legendgroup: run.runId,
      customdata: Array.from(kept, () => run.runId),
      hovertemplate: HOVER(xTitle),
    });
    shown += kept.length;
    total += s.x.length;
    csv.push({ run: run.runName || run.runId, metric, x: s.x, y: s.smoothed });
  });
  return { data, shown, total, csv };
}

export function curveLayout(options: { metric: string; xAxis: XAxisMode; yScale: 'linear' | 'log' }): FigureLayout {
  return {
    margin: { l: 55, r: 10, t: 10, b: 45 },
    xaxis: { title: { text: X_AXIS_TITLES[options.xAxis] }, ...(options.xAxis === 'wall' ? { type: 'date' } : {}) },
    yaxis: { title: { text: plotText(options.metric) }, type: options.yScale },
    showlegend: true,
    legend: { orientation: 'h', y: -0.25 },
    hovermode: 'closest',
  };
}

/**
 * Min/max buckets per series: the chart's width shared among its series (about four points per
 * pixel column in all), at least 64 each so every line keeps its shape. 100 runs on 800 px: 64
 * buckets, ≤ 130 points per run, 13,000 in all instead of 160,000.
 */
export function bucketsPerSeries(width: number, series: number, grouped: boolean): number {
  if (grouped || series <= 1) return Math.max(100, width);
  return Math.max(64, Math.floor((2 * width) / Math.max(1, series)), series <= 4 ? width : 0);
}
