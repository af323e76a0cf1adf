/**
 * The hyperparameter charts of the compare view as Plotly data: parallel coordinates (and their
 * default axes), scatter, contour and box. Every user string goes through plotText().
 */
import type { ColumnRef } from '../../domain/compare/columns';
import { columnLabel } from '../../domain/compare/columns';
import { boxByParam, contourGrid, parallelDimensions, scatterPoints } from '../../domain/compare/plotData';
import type { Run } from '../../domain/tracking/types';
import { plotText } from '../charts/plotText';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import { runColor } from './runColors';

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
