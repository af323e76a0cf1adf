/**
 * The hyperparameter charts of the compare view as Plotly data: parallel coordinates (every run
 * drawn, missing values on a "(missing)" tick), scatter, contour and box (on a category axis).
 * Their default columns are chosen in compareDefaults.ts. Every user string goes through plotText().
 */
import type { ColumnRef } from '../../domain/compare/columns';
import { columnLabel } from '../../domain/compare/columns';
import { NO_VALUE_LABEL } from '../../domain/compare/grouping';
import { MISSING_TICK, withMissingTick } from '../../domain/compare/parallelMissing';
import { boxByParam, contourGrid, parallelDimensions, scatterPoints } from '../../domain/compare/plotData';
import { formatMetric } from '../../domain/tracking/formatMetric';
import type { Run } from '../../domain/tracking/types';
import { plotText } from '../charts/plotText';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import { runColor } from './runColors';

/** The caption under parallel coordinates: how to read it, and where runs without a value go. */
export const PARALLEL_CAPTION =
  'Each line is one run, crossing every axis at its value; lines are coloured by the last axis. ' +
  `A run without a value on an axis crosses it at "${MISSING_TICK}", at the bottom. Drag along an axis to highlight runs.`;

/**
 * Parallel coordinates over the chosen columns, lines coloured by the last column when numeric.
 * Every run is drawn: a missing value sits on the axis's "(missing)" tick (parallelMissing.ts).
 * The layout leaves room above the axes and at both ends for the axis titles.
 */
export function parallelFigure(runs: readonly Run[], columns: readonly ColumnRef[]): { data: FigureTrace[]; layout: FigureLayout } {
  if (columns.length < 2) return { data: [], layout: {} };
  const dimensions = parallelDimensions(runs, { columns, escape: plotText });
  const last = dimensions[dimensions.length - 1];
  const colorByLast = Boolean(last && !last.tickvals && last.values.some((v) => !Number.isNaN(v)));
  const shown = dimensions.map((d) => withMissingTick(d, formatMetric));
  const shownLast = shown[shown.length - 1];
  const color = colorByLast && last && shownLast ? shownLast.values : runs.map((_, i) => i);
  const [cmin, cmax] = colorByLast && last ? last.range : [0, Math.max(1, runs.length - 1)];
  // Titles are tilted so neighbours don't overlap; the margins hold the first and last ones.
  const longest = Math.max(...shown.map((d) => d.label.length));
  return {
    data: [
      {
        type: 'parcoords',
        dimensions: shown.map((d) => ({
          label: d.label,
          values: d.values,
          range: d.range,
          ...(d.tickvals ? { tickvals: d.tickvals, ticktext: d.ticktext } : {}),
        })),
        labelangle: -20,
        labelfont: { size: 12 },
        tickfont: { size: 10 },
        line: colorByLast
          ? { color, colorscale: 'Viridis', cmin, cmax, showscale: true, colorbar: { thickness: 12, x: 1.02, xpad: 0 } }
          : { color, colorscale: 'Viridis', cmin, cmax, showscale: false },
      },
    ],
    layout: { margin: { l: 60, r: colorByLast ? 70 : 40, t: Math.min(110, 40 + Math.round(longest * 2.6)), b: 30 } },
  };
}

/** An axis value for Plotly: text values become category labels, which Plotly reads as HTML, so they are escaped. */
function axisValue(value: number | string): number | string {
  return typeof value === 'string' ? plotText(value) : value;
}

/**
 * A log axis for positive numbers spread over two decades or more (a learning rate searched from
 * 1e-4 to 1e-1): on a linear axis all but the largest would sit in one pile at the left.
 */
export function spreadAxisType(values: ReadonlyArray<number | string>): { type?: 'log' } {
  if (values.length === 0 || !values.every((v) => typeof v === 'number' && v > 0)) return {};
  const numbers = values as number[];
  return Math.max(...numbers) / Math.min(...numbers) >= 100 ? { type: 'log' } : {};
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
      xaxis: { title: { text: plotText(columnLabel(axes.x)) }, ...spreadAxisType(points.x) },
      yaxis: { title: { text: plotText(columnLabel(axes.y)) }, ...spreadAxisType(points.y) },
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
      xaxis: { title: { text: plotText(columnLabel(axes.x)) }, ...spreadAxisType(grid.x) },
      yaxis: { title: { text: plotText(columnLabel(axes.y)) }, ...spreadAxisType(grid.y) },
    },
    reason: null,
  };
}

/**
 * A box per param value, on a category axis in the groups' order: without one, Plotly reads
 * numeric-looking names ("32", "64") as numbers and puts "(none)" somewhere on that number line.
 */
export function boxFigure(runs: readonly Run[], choice: { param: string; metric: string }): { data: FigureTrace[]; layout: FigureLayout } {
  const groups = boxByParam(runs, choice);
  const names = groups.map((g) => plotText(g.value ?? NO_VALUE_LABEL));
  return {
    data: groups.map((g, i) => ({
      type: 'box',
      x: g.metrics.map(() => names[i]),
      y: g.metrics,
      name: names[i],
      boxpoints: 'all',
      jitter: 0.3,
      pointpos: 0, // each run's dot on its box, not beside it: with a few runs the dots are the story
      marker: { color: runColor(i) },
    })),
    layout: {
      margin: { l: 60, r: 10, t: 10, b: 50 },
      showlegend: false,
      xaxis: { type: 'category', categoryorder: 'array', categoryarray: names, title: { text: plotText(`params.${choice.param}`) } },
      yaxis: { title: { text: plotText(`metrics.${choice.metric}`) } },
    },
  };
}
