/**
 * The metric curves of the compare view as Plotly data: TensorBoard smoothing, x-axis choice,
 * spike-keeping downsampling (and how many buckets each series gets), and when grouping, the
 * group mean with a min–max band. Every user string goes through plotText().
 */
import type { CsvSeries } from '../../domain/compare/chartCsv';
import type { ColumnRef } from '../../domain/compare/columns';
import { downsampleMinMax } from '../../domain/compare/downsample';
import { aggregateCurves, groupRuns } from '../../domain/compare/grouping';
import { smoothEma } from '../../domain/compare/smoothing';
import type { XAxisMode } from '../../domain/compare/xAxis';
import { sortHistory } from '../../domain/compare/xAxis';
import type { RunId } from '../../domain/ids';
import type { MetricColumns, Run } from '../../domain/tracking/types';
import { chartValue, plotText } from '../charts/plotText';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import { groupColors, runColor, translucent } from './runColors';

export const X_AXIS_TITLES: Record<XAxisMode, string> = { step: 'step', wall: 'wall time', relative: 'relative time (s)' };

/** One metric's history per run; a run without the metric is simply absent. */
export interface CurveSeries {
  metric: string;
  histories: ReadonlyMap<RunId, MetricColumns>;
}

export interface CurveOptions extends CurveSeries {
  runs: readonly Run[];
  /**
   * A second metric drawn in the same chart, dashed, in the same colours: the validation curve
   * over the training one (`val_loss` over `loss`), as Keras and TensorBoard users expect.
   */
  overlay?: CurveSeries;
  xAxis: XAxisMode;
  smoothing: number;
  /** Buckets for downsampling: about the chart's width in pixels. */
  buckets: number;
  groupBy: ColumnRef | null;
  /** A group's colour by its label, the same in every chart; default: by its place among these runs' groups. */
  groupColor?: (label: string) => string;
}

export interface CurveFigure {
  data: FigureTrace[];
  /** Points drawn and points logged, for "showing N of M points". */
  shown: number;
  total: number;
  csv: CsvSeries[];
}

/** What the caption says about a grouped chart's lines: how the mean is taken, and the band. */
export const GROUP_MEAN_CAPTION =
  'Each line is the mean of the runs in a group that reached that step (n on hover), so it can jump where a shorter run ends; the band spans their min to max.';

/** Below this many points a line also gets markers, so a metric logged once (one point) still shows. */
const MARKERS_UP_TO = 50;

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
const MEAN_HOVER = (xTitle: string) => `%{fullData.name}<br>${xTitle} %{x}<br>mean %{y} of n = %{customdata} runs<extra></extra>`;

/** Indices kept from several series over the same x: the union of each one's min/max picks. */
function unionIndices(x: ArrayLike<number>, series: ReadonlyArray<ArrayLike<number>>, buckets: number): Uint32Array {
  const keep = new Uint8Array(x.length);
  for (const y of series) for (const i of downsampleMinMax(x, y, buckets).indices) keep[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < keep.length; i++) if (keep[i]) out.push(i);
  return Uint32Array.from(out);
}

interface Sorted {
  x: Float64Array;
  y: Float64Array;
  smoothed: Float64Array;
}

type TraceType = 'scatter' | 'scattergl';

type Drawn = { data: FigureTrace[]; shown: number; total: number; csv: CsvSeries[] };

/** Per series: its run curves sorted on the x axis and smoothed. */
function sortSeries(options: CurveOptions, series: CurveSeries): Map<RunId, Sorted> {
  const sorted = new Map<RunId, Sorted>();
  for (const run of options.runs) {
    const history = series.histories.get(run.runId);
    if (!history || history.steps.length === 0) continue;
    const { x, y } = sortHistory(history, options.xAxis, { runStart: run.startTime });
    sorted.set(run.runId, { x, y, smoothed: options.smoothing > 0 ? smoothEma(y, options.smoothing) : y });
  }
  return sorted;
}

/** Per group: the mean line and its min–max band, over the runs of the group that logged the metric. */
function drawGroups(options: CurveOptions, groupBy: ColumnRef, all: ReadonlyArray<{ metric: string; sorted: Map<RunId, Sorted>; dash: string }>, type: TraceType): Drawn {
  const out: Drawn = { data: [], shown: 0, total: 0, csv: [] };
  const xTitle = X_AXIS_TITLES[options.xAxis];
  // Groups of all the runs, so a group's colour and place do not depend on which runs logged this metric.
  const groups = groupRuns(options.runs, groupBy);
  const colorOf = options.groupColor ?? groupColors(groups.map((g) => g.label));
  for (const { metric, sorted, dash } of all) {
    groups.forEach((group, g) => {
      const curves = group.runIds.flatMap((id) => {
        const s = sorted.get(id);
        return s ? [{ x: s.x, y: s.smoothed }] : [];
      });
      if (curves.length === 0) return;
      const agg = aggregateCurves(curves);
      const keep = unionIndices(agg.x, [agg.mean, agg.min, agg.max], options.buckets);
      const color = colorOf(group.label);
      const suffix = all.length > 1 ? ` · ${metric}` : '';
      const name = plotText(`${groupBy.key} = ${group.label} (${group.runIds.length})${suffix}`);
      const legendgroup = `g${g}${suffix}`;
      const x = pickX(agg.x, keep, options.xAxis);
      out.data.push(
        { type, mode: 'lines', x, y: pick(agg.max, keep), line: { width: 0 }, hoverinfo: 'skip', showlegend: false, legendgroup, name: `${name} max` },
        { type, mode: 'lines', x, y: pick(agg.min, keep), line: { width: 0 }, fill: 'tonexty', fillcolor: translucent(color, 0.2), hoverinfo: 'skip', showlegend: false, legendgroup, name: `${name} min` },
        {
          type,
          mode: keep.length <= MARKERS_UP_TO ? 'lines+markers' : 'lines',
          x,
          y: pick(agg.mean, keep),
          customdata: Array.from(keep, (i) => agg.count[i]),
          line: { color, width: 2, dash },
          marker: { color, size: 6 },
          name,
          legendgroup,
          hovertemplate: MEAN_HOVER(xTitle),
        },
      );
      // Points of the mean line drawn, of the points it has: a label only when it was downsampled.
      out.shown += keep.length;
      out.total += agg.x.length;
      out.csv.push({ run: `${group.label} (mean)`, metric, x: agg.x, y: agg.mean });
    });
  }
  return out;
}

/** Per run: its line (smoothed when asked, with the raw line faint behind it, as TensorBoard draws it). */
function drawRuns(options: CurveOptions, all: ReadonlyArray<{ metric: string; sorted: Map<RunId, Sorted>; dash: string }>, type: TraceType): Drawn {
  const out: Drawn = { data: [], shown: 0, total: 0, csv: [] };
  const { xAxis, smoothing, buckets } = options;
  const xTitle = X_AXIS_TITLES[xAxis];
  for (const { metric, sorted, dash } of all) {
    options.runs.forEach((run, index) => {
      const s = sorted.get(run.runId);
      if (!s) return;
      const color = runColor(index);
      const name = plotText(`${run.runName || run.runId}${all.length > 1 ? ` · ${metric}` : ''}`);
      const kept = downsampleMinMax(s.x, s.smoothed, buckets).indices;
      if (smoothing > 0) {
        const raw = downsampleMinMax(s.x, s.y, buckets).indices;
        const faint = { color, width: 1, dash };
        out.data.push({ type, mode: 'lines', x: pickX(s.x, raw, xAxis), y: pick(s.y, raw), line: faint, opacity: 0.25, hoverinfo: 'skip', showlegend: false, legendgroup: run.runId, name: `${name} (raw)` });
      }
      out.data.push({
        type,
        mode: s.x.length <= MARKERS_UP_TO ? 'lines+markers' : 'lines',
        x: pickX(s.x, kept, xAxis),
        y: pick(s.smoothed, kept),
        line: { color, width: 2, dash },
        name,
        legendgroup: run.runId,
        customdata: Array.from(kept, () => run.runId),
        hovertemplate: HOVER(xTitle),
      });
      out.shown += kept.length;
      out.total += s.x.length;
      out.csv.push({ run: run.runName || run.runId, metric, x: s.x, y: s.smoothed });
    });
  }
  return out;
}

/**
 * The curves of one metric (and of its overlay, dashed): per run a line, or, when grouping, per
 * group the mean line and a min–max band (see GROUP_MEAN_CAPTION for how the mean is taken).
 */
export function curveFigure(options: CurveOptions): CurveFigure {
  const series = options.overlay ? [options, options.overlay] : [options];
  const all = series.map((s, i) => ({ metric: s.metric, sorted: sortSeries(options, s), dash: i === 0 ? 'solid' : 'dash' }));
  // WebGL only when many points are drawn after downsampling: with no GPU (headless, many laptops on
  // battery) it is software-rendered per trace, and SVG is faster for 100 short lines.
  const perPoint = options.smoothing > 0 ? 2 : 1;
  const drawn = all.reduce((n, { sorted }) => n + [...sorted.values()].reduce((m, s) => m + Math.min(s.x.length, 2 * options.buckets + 2) * perPoint, 0), 0);
  const type: TraceType = drawn > 20_000 ? 'scattergl' : 'scatter';
  return options.groupBy ? drawGroups(options, options.groupBy, all, type) : drawRuns(options, all, type);
}

export function curveLayout(options: { metric: string; xAxis: XAxisMode; yScale: 'linear' | 'log' }): FigureLayout {
  return {
    margin: { l: 55, r: 10, t: 10, b: 45 },
    xaxis: { title: { text: X_AXIS_TITLES[options.xAxis] }, ...(options.xAxis === 'wall' ? { type: 'date' } : {}) },
    yaxis: { title: { text: plotText(options.metric) }, type: options.yScale, automargin: true },
    showlegend: true,
    // Above the plot: below it, a tall legend (many runs) would run into the x-axis title.
    legend: { orientation: 'h', x: 0, y: 1.02, yanchor: 'bottom' },
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
