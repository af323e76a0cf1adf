/**
 * Pure chart building for the compare view: metric curves (TensorBoard smoothing, x-axis choice,
 * spike-keeping downsampling, group mean with a min–max band) and the hyperparameter charts
 * (parallel coordinates, scatter, contour, box). Every user string goes through plotText().
 */
import type { CsvSeries } from '../../domain/compare/chartCsv';
import type { ColumnRef } from '../../domain/compare/columns';
import { columnLabel } from '../../domain/compare/columns';
import { downsampleMinMax } from '../../domain/compare/downsample';
import { aggregateCurves, groupRuns } from '../../domain/compare/grouping';
import { boxByParam, contourGrid, parallelDimensions, scatterPoints } from '../../domain/compare/plotData';
import { smoothEma } from '../../domain/compare/smoothing';
import type { XAxisMode } from '../../domain/compare/xAxis';
import { sortHistory } from '../../domain/compare/xAxis';
import type { RunId } from '../../domain/ids';
import { formatMetric } from '../../domain/tracking/formatMetric';
import type { MetricColumns, Run } from '../../domain/tracking/types';
import { chartValue, plotText } from '../charts/charts.common';
import { formatDuration, formatTime } from '../runs/runs.common';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';

/** Plotly's default colours first (what users know from MLflow), then evenly spaced hues. */
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function runColor(index: number): string {
  if (index < PALETTE.length) return PALETTE[index] as string;
  const hue = Math.round((index * 137.508) % 360); // golden angle: neighbours get distant hues
  return `hsl(${hue}, 65%, 45%)`;
}

/** `rgba()` of a palette or hsl colour at the given opacity, for bands. */
export function translucent(color: string, alpha: number): string {
  if (color.startsWith('#') && color.length === 7) {
    const n = Number.parseInt(color.slice(1), 16);
    return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
  }
  return color.replace(/^hsl\((.*)\)$/, `hsla($1, ${alpha})`);
}

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

/** Parallel coordinates over the chosen columns, lines coloured by the last column when numeric. */
export function parallelFigure(runs: readonly Run[], columns: readonly ColumnRef[]): FigureTrace[] {
  if (columns.length < 2) return [];
  const dimensions = parallelDimensions(runs, { columns, escape: plotText });
  const last = dimensions[dimensions.length - 1];
  const colorBy = last && !last.tickvals ? last.values : runs.map((_, i) => i);
  return [
    {
      type: 'parcoords',
      dimensions: dimensions.map((d) => ({
        label: d.label,
        values: d.values,
        range: d.range,
        ...(d.tickvals ? { tickvals: d.tickvals, ticktext: d.ticktext } : {}),
      })),
      line: { color: colorBy, colorscale: 'Viridis', showscale: Boolean(last && !last.tickvals) },
    },
  ];
}

/** An axis value for Plotly: text values become category labels, which Plotly reads as HTML, so they are escaped. */
function axisValue(value: number | string): number | string {
  return typeof value === 'string' ? plotText(value) : value;
}

export function scatterFigure(runs: readonly Run[], axes: { x: ColumnRef; y: ColumnRef }): { data: FigureTrace[]; layout: FigureLayout } {
  const points = scatterPoints(runs, axes);
  return {
    data: [
      {
        type: 'scatter',
        mode: 'markers',
        x: points.x.map(axisValue),
        y: points.y.map(axisValue),
        text: points.texts.map(plotText),
        customdata: points.runIds,
        marker: { size: 9, color: '#1f77b4' },
        hovertemplate: '%{text}<br>%{x}, %{y}<extra></extra>',
      },
    ],
    layout: {
      margin: { l: 60, r: 10, t: 10, b: 50 },
      xaxis: { title: { text: plotText(columnLabel(axes.x)) } },
      yaxis: { title: { text: plotText(columnLabel(axes.y)) } },
    },
  };
}

export function contourFigure(
  runs: readonly Run[],
  axes: { x: ColumnRef; y: ColumnRef; z: ColumnRef },
): { data: FigureTrace[]; layout: FigureLayout; reason: string | null } {
  const grid = contourGrid(runs, axes);
  if (grid.reason) return { data: [], layout: {}, reason: grid.reason };
  return {
    data: [
      {
        type: 'contour',
        x: grid.x,
        y: grid.y,
        z: grid.z,
        connectgaps: true,
        colorscale: 'Viridis',
        colorbar: { title: { text: plotText(columnLabel(axes.z)) } },
        hovertemplate: `${plotText(columnLabel(axes.x))} %{x}<br>${plotText(columnLabel(axes.y))} %{y}<br>%{z}<extra></extra>`,
      },
    ],
    layout: {
      margin: { l: 60, r: 10, t: 10, b: 50 },
      xaxis: { title: { text: plotText(columnLabel(axes.x)) } },
      yaxis: { title: { text: plotText(columnLabel(axes.y)) } },
    },
    reason: null,
  };
}

export function boxFigure(runs: readonly Run[], choice: { param: string; metric: string }): { data: FigureTrace[]; layout: FigureLayout } {
  const groups = boxByParam(runs, choice);
  return {
    data: groups.map((g, i) => ({
      type: 'box',
      y: g.metrics,
      name: plotText(g.value ?? '(none)'),
      boxpoints: 'all',
      jitter: 0.3,
      marker: { color: runColor(i) },
    })),
    layout: {
      margin: { l: 60, r: 10, t: 10, b: 50 },
      showlegend: false,
      xaxis: { title: { text: plotText(`params.${choice.param}`) } },
      yaxis: { title: { text: plotText(`metrics.${choice.metric}`) } },
    },
  };
}

/** Params whose values differ among the runs, then metrics: the default axes of parallel coordinates. */
export function defaultParallelColumns(runs: readonly Run[], metric: string | undefined): ColumnRef[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.params)) keys.add(key);
  const varying = [...keys]
    .filter((key) => new Set(runs.map((r) => (Object.hasOwn(r.params, key) ? r.params[key] : undefined))).size > 1)
    .sort()
    .slice(0, 8)
    .map((key): ColumnRef => ({ kind: 'param', key }));
  return metric ? [...varying, { kind: 'metric', key: metric }] : varying;
}

/** Every metric key logged by any of the runs, sorted. */
export function metricKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.metrics)) keys.add(key);
  return [...keys].sort();
}

/** Every param key of any of the runs, sorted. */
export function paramKeys(runs: readonly Run[]): string[] {
  const keys = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.params)) keys.add(key);
  return [...keys].sort();
}

/** A table cell, formatted as the runs table formats it; null as "—". */
export function formatCompareValue(value: string | number | null, key: string): string {
  if (value === null) return '—';
  if (typeof value === 'string') return value;
  if (key === 'duration') return formatDuration(value);
  if (key === 'start_time' || key === 'end_time') return formatTime(value);
  return formatMetric(value);
}

/** `kind:key` as a <select> value, and back. */
export function columnOption(ref: ColumnRef): string {
  return `${ref.kind}:${ref.key}`;
}

export function parseColumnOption(value: string): ColumnRef | null {
  const at = value.indexOf(':');
  const kind = value.slice(0, at);
  if (at < 0 || !['param', 'metric', 'tag', 'attribute'].includes(kind)) return null;
  return { kind: kind as ColumnRef['kind'], key: value.slice(at + 1) };
}

/** The columns a hyperparameter chart can use: params, metrics, and user tags (not mlflow.*). */
export function chartColumns(runs: readonly Run[]): ColumnRef[] {
  const tags = new Set<string>();
  for (const run of runs) for (const key of Object.keys(run.tags)) if (!key.startsWith('mlflow.') && !key.startsWith('trainyard.')) tags.add(key);
  return [
    ...paramKeys(runs).map((key): ColumnRef => ({ kind: 'param', key })),
    ...metricKeys(runs).map((key): ColumnRef => ({ kind: 'metric', key })),
    ...[...tags].sort().map((key): ColumnRef => ({ kind: 'tag', key })),
  ];
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
