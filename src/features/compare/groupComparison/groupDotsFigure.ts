/**
 * The panel's dot plot: one column per group, every run a dot (so five seeds look like five
 * seeds, not like a bar), and beside them the group's mean with its 95% interval as an error bar.
 * Colours are the compare view's group colours; every user string goes through plotText().
 */
import { formatInterval, formatNumber } from '../../../domain/stats/verdict';
import type { FigureLayout, FigureTrace } from '../../charts/figure.types';
import { plotText } from '../../charts/plotText';
import type { GroupModel } from './groupModel';

/** How far the dots of one group spread sideways, and where the mean sits, in column widths. */
const DOT_SPREAD = 0.24;
const DOT_CENTRE = -0.1;
const MEAN_OFFSET = 0.22;

/** Sideways position of the k-th of n dots: spread evenly so equal values stay visible as n dots. */
export function dotOffset(k: number, n: number): number {
  if (n <= 1) return DOT_CENTRE;
  return DOT_CENTRE - DOT_SPREAD / 2 + (DOT_SPREAD * k) / (n - 1);
}

export function groupDotsFigure(model: GroupModel, colorOf: (label: string) => string): { data: FigureTrace[]; layout: FigureLayout } {
  const data: FigureTrace[] = [];
  const metric = plotText(model.metric);
  model.groups.forEach((group, i) => {
    const color = colorOf(group.label);
    // n as the table counts it: runs that share a seed are one sample in the seed grouping.
    const name = plotText(`${group.label} (n = ${group.samples.length})`);
    data.push({
      type: 'scatter',
      mode: 'markers',
      name,
      legendgroup: `group-${i}`,
      x: group.runs.map((_, k) => i + dotOffset(k, group.runs.length)),
      y: group.runs.map((r) => r.value),
      text: group.runs.map((r) => plotText(r.name)),
      customdata: group.runs.map((r) => r.runId),
      marker: { color, size: 9, opacity: 0.85, line: { color: '#fff', width: 1 } },
      hovertemplate: `%{text}<br>${metric} %{y}<extra></extra>`,
    });
    // One run (or one seed) is its own dot: a mean beside it would repeat it, and it has no interval.
    const { mean, ci95 } = group.stats;
    if (mean === null || group.samples.length < 2) return;
    const hover = ci95 ? `mean ${formatNumber(mean)}, 95% CI ${formatInterval(ci95[0], ci95[1])}` : `mean ${formatNumber(mean)}`;
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: plotText(`${group.label}: mean and 95% CI`),
      legendgroup: `group-${i}`,
      showlegend: false,
      x: [i + MEAN_OFFSET],
      y: [mean],
      marker: { color, size: 13, symbol: 'diamond', line: { color: '#1d2733', width: 1 } },
      ...(ci95
        ? { error_y: { type: 'data', symmetric: false, array: [ci95[1] - mean], arrayminus: [mean - ci95[0]], color: '#1d2733', thickness: 2, width: 8 } }
        : {}),
      hovertemplate: `${plotText(group.label)}<br>${plotText(hover)}<extra></extra>`,
    });
  });
  return {
    data,
    layout: {
      margin: { l: 60, r: 10, t: 10, b: 40 },
      xaxis: {
        tickmode: 'array',
        tickvals: model.groups.map((_, i) => i),
        ticktext: model.groups.map((g) => plotText(g.label)),
        range: [-0.6, model.groups.length - 0.4],
        automargin: true,
        showgrid: false,
      },
      yaxis: { title: { text: metric }, automargin: true },
      showlegend: false,
      hovermode: 'closest',
    },
  };
}
