/**
 * Plotly figures of the classification evaluation views: the confusion heatmap, one-vs-rest ROC
 * curves and per-class precision/recall/F1 bars, plus the score format of the per-class table.
 * Every user string (class label) that reaches a trace or layout goes through plotText().
 */
import { csvNumber, csvText } from '../../domain/compare/chartCsv';
import type { ConfusionMatrix, RocCurve } from '../../domain/compare/evaluation';
import { plotText } from '../charts/plotText';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import type { EvaluationFigure } from './evaluationFigure.types';
import type { PerClassTable, RocResult } from './evaluationModel';

/** Class-index axis with the (escaped) labels as ticks: labels may repeat or look like numbers. */
function classAxis(labels: readonly string[], title: string, extra: FigureLayout = {}): FigureLayout {
  const many = labels.length > 20;
  return {
    title: { text: title },
    tickmode: 'array',
    tickvals: labels.map((_, i) => i),
    ticktext: labels.map((label) => plotText(shorten(label))),
    tickfont: { size: many ? 9 : 11 },
    automargin: true,
    ...extra,
  };
}

/** Long labels would take the whole plot as tick text; the hover shows them whole. */
function shorten(label: string): string {
  const chars = Array.from(label);
  return chars.length > 32 ? `${chars.slice(0, 31).join('')}…` : label;
}

function percent(value: number): string {
  return `${(value * 100).toFixed(1)}%`;
}

/** Row shares of a confusion matrix (row = true class); a class with no examples gives a row of nulls. */
export function normalizeRows(counts: readonly (readonly number[])[]): Array<Array<number | null>> {
  return counts.map((row) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((v) => (total === 0 ? null : v / total));
  });
}

export function confusionFigure(matrix: ConfusionMatrix, normalize: boolean): EvaluationFigure {
  const { labels, counts } = matrix;
  const k = labels.length;
  const shares = normalizeRows(counts);
  const z = normalize ? shares : counts.map((row) => [...row]);
  const text = counts.map((row, t) =>
    row.map((count, p) => {
      const share = shares[t]?.[p];
      return (
        `true: ${plotText(labels[t] as string)}<br>predicted: ${plotText(labels[p] as string)}<br>` +
        `count: ${count}${share === null || share === undefined ? '' : `<br>share of the true class: ${percent(share)}`}`
      );
    }),
  );
  const trace: FigureTrace = {
    type: 'heatmap',
    x: labels.map((_, i) => i),
    y: labels.map((_, i) => i),
    z,
    text,
    hovertemplate: '%{text}<extra></extra>',
    // White for 0 to dark blue for the largest cell; Plotly picks a readable text colour per cell.
    colorscale: [
      [0, '#f7fbff'],
      [0.5, '#6baed6'],
      [1, '#08306b'],
    ],
    zmin: 0,
    ...(normalize ? { zmax: 1 } : {}),
    xgap: 1,
    ygap: 1,
    hoverongaps: false,
    colorbar: { title: { text: normalize ? 'share' : 'count' }, thickness: 12 },
  };
  // Cell labels while they fit.
  if (k <= 20) trace.texttemplate = normalize ? '%{z:.2f}' : '%{z}';
  const size = Math.max(320, Math.min(720, 160 + k * 12));
  return {
    data: [trace],
    layout: {
      xaxis: classAxis(labels, 'predicted class', { side: 'bottom', tickangle: k > 20 ? -90 : 'auto' }),
      yaxis: classAxis(labels, 'true class', { autorange: 'reversed' }),
      margin: { l: 60, r: 10, t: 10, b: 50 },
    },
    pointsShown: k * k,
    height: size,
    csv: () =>
      [
        ['true \\ predicted', ...labels].map(csvText).join(','),
        ...counts.map((row, t) => [csvText(labels[t] as string), ...row.map(csvNumber)].join(',')),
      ].join('\r\n') + '\r\n',
  };
}

function auc3(auc: number): string {
  return auc.toFixed(3);
}

/** Legend name of a ROC curve: the class label and its AUC (raw; escape before Plotly). */
export function rocCurveName(curve: RocCurve): string {
  return `${curve.label} (AUC = ${auc3(curve.auc ?? Number.NaN)})`;
}

export function rocFigure(result: RocResult): EvaluationFigure {
  const many = result.curves.length > 8;
  const data: FigureTrace[] = result.curves.map((curve) => ({
    type: curve.fpr.length > 5000 ? 'scattergl' : 'scatter',
    mode: 'lines',
    name: plotText(rocCurveName(curve)),
    x: curve.fpr,
    y: curve.tpr,
    line: { width: 2 },
    hovertemplate: '%{fullData.name}<br>false positive rate %{x:.3f}<br>true positive rate %{y:.3f}<extra></extra>',
  }));
  data.push({
    type: 'scatter',
    mode: 'lines',
    name: 'chance (AUC = 0.500)',
    x: [0, 1],
    y: [0, 1],
    line: { dash: 'dash', color: '#999', width: 1 },
    hoverinfo: 'skip',
  });
  return {
    data,
    layout: {
      xaxis: { title: { text: 'false positive rate' }, range: [0, 1], constrain: 'domain' },
      yaxis: { title: { text: 'true positive rate' }, range: [0, 1.02] },
      showlegend: true,
      // A few curves: the legend sits in the empty bottom-right corner; many: below the plot.
      legend: many
        ? { orientation: 'h', x: 0, xanchor: 'left', y: -0.2, yanchor: 'top', font: { size: 10 } }
        : { x: 1, xanchor: 'right', y: 0, yanchor: 'bottom', bgcolor: 'rgba(255,255,255,0.8)' },
    },
    pointsShown: result.curves.reduce((n, c) => n + c.fpr.length, 0),
    height: many ? 360 + Math.ceil(result.curves.length / 2) * 20 : 360,
    csv: () => {
      const lines = ['class,auc,false_positive_rate,true_positive_rate'];
      for (const curve of result.curves) {
        const prefix = `${csvText(curve.label)},${csvNumber(curve.auc ?? Number.NaN)},`;
        curve.fpr.forEach((x, i) => lines.push(`${prefix}${csvNumber(x)},${csvNumber(curve.tpr[i] as number)}`));
      }
      return `${lines.join('\r\n')}\r\n`;
    },
  };
}

const SCORE_KEYS = [
  { key: 'precision', name: 'precision', color: '#1f77b4' },
  { key: 'recall', name: 'recall', color: '#ff7f0e' },
  { key: 'f1', name: 'F1', color: '#2ca02c' },
] as const;

export function perClassFigure(table: PerClassTable): EvaluationFigure {
  const labels = table.rows.map((r) => r.label);
  const hover = table.rows.map((r) => `${plotText(r.label)} (support ${r.support})`);
  return {
    data: SCORE_KEYS.map(({ key, name, color }) => ({
      type: 'bar',
      name,
      x: labels.map((_, i) => i),
      y: table.rows.map((r) => r[key]),
      text: hover,
      textposition: 'none',
      marker: { color },
      hovertemplate: `%{text}<br>${name} %{y:.3f}<extra></extra>`,
    })),
    layout: {
      barmode: 'group',
      xaxis: classAxis(labels, 'class', { tickangle: labels.length > 20 ? -90 : 'auto' }),
      yaxis: { title: { text: 'score' }, range: [0, 1.05] },
      showlegend: true,
      legend: { orientation: 'h', y: 1.12 },
      margin: { t: 30 },
    },
    pointsShown: labels.length * SCORE_KEYS.length,
    height: 320,
    csv: () =>
      [
        'class,precision,recall,f1,support',
        ...table.rows.map((r) => [csvText(r.label), csvNumber(r.precision), csvNumber(r.recall), csvNumber(r.f1), csvNumber(r.support)].join(',')),
      ].join('\r\n') + '\r\n',
  };
}

/** Score as the table shows it. */
export function formatScore(value: number): string {
  return value.toFixed(3);
}
