/**
 * The feature importance chart: horizontal bars, the most important feature on top, each labelled
 * with its share in percent. A forest over hundreds of columns would be a wall of slivers, so the
 * chart shows the top `TOP_FEATURES` and says how many it left out; the CSV export has them all.
 * Every column name reaching Plotly goes through plotText().
 */
import { csvNumber, csvText } from '../../../domain/compare/chartCsv';
import { plotText } from '../../charts/plotText';
import type { FigureLayout, FigureTrace } from '../../charts/figure.types';
import type { FeatureImportances } from './featureImportanceFile';

/** Bars drawn at most. */
export const TOP_FEATURES = 25;
const BAR_COLOR = '#0b6bcb'; // the app's accent (--accent)
const MAX_TICK_CHARS = 28;

export interface RankedFeature {
  feature: string;
  importance: number;
}

export interface RankedImportances {
  /** Every feature, most important first; ties keep the file's order. */
  all: RankedFeature[];
  /** The first `TOP_FEATURES` of `all`: the bars. */
  shown: RankedFeature[];
}

/** The features sorted by importance, largest first, and the ones the chart draws. */
export function rankImportances(model: FeatureImportances, top = TOP_FEATURES): RankedImportances {
  const all = model.features
    .map((feature, i) => ({ feature, importance: model.importances[i] ?? 0, i }))
    .sort((a, b) => b.importance - a.importance || a.i - b.i)
    .map(({ feature, importance }) => ({ feature, importance }));
  return { all, shown: all.slice(0, top) };
}

/**
 * A share as a percentage label: one decimal from 0.1% up; below that two significant digits, so
 * that the bars of a forest over thousands of columns still differ ("0.015%"); "<0.001%" for less.
 */
export function formatShare(share: number): string {
  const percent = share * 100;
  if (percent === 0) return '0%';
  if (percent >= 0.1) return `${percent.toFixed(1)}%`;
  if (percent >= 0.001) return `${Number(percent.toPrecision(2))}%`;
  return '<0.001%';
}

/** Long names would take the chart's width as tick text; the hover shows them whole. */
function shorten(name: string): string {
  const chars = Array.from(name);
  return chars.length > MAX_TICK_CHARS ? `${chars.slice(0, MAX_TICK_CHARS - 1).join('')}…` : name;
}

export interface ImportanceFigure {
  data: FigureTrace[];
  layout: FigureLayout;
  height: number;
  pointsShown: number;
  csv: () => string;
}

export function featureImportanceFigure(ranked: RankedImportances): ImportanceFigure {
  const { shown, all } = ranked;
  const percents = shown.map((r) => r.importance * 100);
  const largest = Math.max(0, ...percents);
  const trace: FigureTrace = {
    type: 'bar',
    orientation: 'h',
    // Bars by position with the names as tick text: names may look like numbers (Plotly would
    // make the axis numeric) and are drawn escaped.
    x: percents,
    y: shown.map((_, i) => i),
    text: shown.map((r) => formatShare(r.importance)),
    textposition: 'outside',
    cliponaxis: false,
    hovertext: shown.map((r) => `${plotText(r.feature)}: ${formatShare(r.importance)}`),
    hoverinfo: 'text',
    marker: { color: BAR_COLOR },
  };
  return {
    data: [trace],
    layout: {
      xaxis: {
        title: { text: 'share of the total importance' },
        ticksuffix: '%',
        // Room on the right for the largest bar's label.
        range: [0, largest > 0 ? largest * 1.18 : 1],
        automargin: true,
      },
      yaxis: {
        tickmode: 'array',
        tickvals: shown.map((_, i) => i),
        ticktext: shown.map((r) => plotText(shorten(r.feature))),
        autorange: 'reversed', // the first (largest) at the top
        ticklabelstandoff: 6, // names clear of the bars they label
        automargin: true,
      },
      bargap: 0.25,
      showlegend: false,
      margin: { l: 10, r: 20, t: 10, b: 40 },
    },
    height: Math.max(180, 70 + shown.length * 24),
    pointsShown: shown.length,
    csv: () => [['feature', 'importance'].join(','), ...all.map((r) => `${csvText(r.feature)},${csvNumber(r.importance)}`)].join('\r\n') + '\r\n',
  };
}
