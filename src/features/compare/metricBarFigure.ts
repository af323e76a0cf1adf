/**
 * Metrics logged once per run (test_accuracy, test_loss: final scores) as grouped bars: one bar
 * per run (or, when grouping, per group: the mean, with a whisker from min to max) for each
 * metric, in the same colours as the curves. Every user string goes through plotText().
 */
import type { ColumnRef } from '../../domain/compare/columns';
import { groupRuns } from '../../domain/compare/grouping';
import type { Run } from '../../domain/tracking/types';
import { plotText } from '../charts/plotText';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import { groupColors, runColor } from './runColors';

export const GROUP_BAR_CAPTION = 'Each bar is the mean of the runs in a group that logged the metric; the whisker spans their min to max.';

function finalValue(run: Run, metric: string): number | null {
  const v = run.metrics[metric]?.latest.value;
  return v !== undefined && Number.isFinite(v) ? v : null;
}

export function barFigure(options: {
  runs: readonly Run[];
  metrics: readonly string[];
  groupBy: ColumnRef | null;
  groupColor?: (label: string) => string;
}): { data: FigureTrace[]; layout: FigureLayout; shown: number } {
  const { runs, metrics, groupBy } = options;
  const x = metrics.map(plotText);
  const data: FigureTrace[] = [];
  if (groupBy) {
    const groups = groupRuns(runs, groupBy);
    const colorOf = options.groupColor ?? groupColors(groups.map((g) => g.label));
    const byId = new Map(runs.map((r) => [r.runId, r]));
    for (const group of groups) {
      const stats = metrics.map((metric) => {
        const values = group.runIds.map((id) => (byId.get(id) ? finalValue(byId.get(id) as Run, metric) : null)).filter((v): v is number => v !== null);
        if (values.length === 0) return null;
        return { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values), n: values.length };
      });
      if (stats.every((s) => s === null)) continue;
      const color = colorOf(group.label);
      data.push({
        type: 'bar',
        x,
        y: stats.map((s) => s?.mean ?? null),
        error_y: { type: 'data', symmetric: false, array: stats.map((s) => (s ? s.max - s.mean : 0)), arrayminus: stats.map((s) => (s ? s.mean - s.min : 0)), color: '#444' },
        customdata: stats.map((s) => s?.n ?? 0),
        marker: { color },
        name: plotText(`${groupBy.key} = ${group.label} (${group.runIds.length})`),
        hovertemplate: '%{fullData.name}<br>%{x}: mean %{y} of n = %{customdata} runs<extra></extra>',
      });
    }
  } else {
    runs.forEach((run, index) => {
      const y = metrics.map((metric) => finalValue(run, metric));
      if (y.every((v) => v === null)) return;
      data.push({
        type: 'bar',
        x,
        y,
        marker: { color: runColor(index) },
        name: plotText(run.runName || run.runId),
        customdata: metrics.map(() => run.runId),
        hovertemplate: '%{fullData.name}<br>%{x}: %{y}<extra></extra>',
      });
    });
  }
  const shown = data.reduce((n, trace) => n + (trace.y as Array<number | null>).filter((v) => v !== null).length, 0);
  return {
    data,
    layout: {
      barmode: 'group',
      margin: { l: 55, r: 10, t: 10, b: 45 },
      xaxis: { type: 'category', automargin: true },
      yaxis: { title: { text: 'value' }, automargin: true },
      showlegend: true,
      legend: { orientation: 'h', x: 0, y: -0.15, yanchor: 'top' },
      hovermode: 'closest',
    },
    shown,
  };
}
