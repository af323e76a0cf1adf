/**
 * Plotly figures of the regression evaluation views: predicted vs actual (with the y = x line) and
 * residuals vs predicted (with the zero line), one point per test example.
 */
import { csvNumber } from '../../domain/compare/chartCsv';
import { residuals } from '../../domain/compare/evaluation';
import type { FigureTrace } from '../charts/figure.types';
import type { EvaluationFigure } from './evaluationFigure.types';

function range(...arrays: ArrayLike<number>[]): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (const values of arrays) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return min > max ? [0, 1] : [min, max];
}

function pointsTrace(x: ArrayLike<number>, y: ArrayLike<number>, hovertemplate: string): FigureTrace {
  return {
    type: x.length > 2000 ? 'scattergl' : 'scatter',
    mode: 'markers',
    name: 'test examples',
    x: Array.from(x),
    y: Array.from(y),
    marker: { size: 5, opacity: 0.6, color: '#1f77b4' },
    hovertemplate,
  };
}

function regressionCsv(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): () => string {
  return () => {
    const e = residuals(yTrue, yPred);
    const lines = ['actual,predicted,residual'];
    for (let i = 0; i < yTrue.length; i++) lines.push(`${csvNumber(yTrue[i] as number)},${csvNumber(yPred[i] as number)},${csvNumber(e[i] as number)}`);
    return `${lines.join('\r\n')}\r\n`;
  };
}

export function predictedVsActualFigure(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): EvaluationFigure {
  const [lo, hi] = range(yTrue, yPred);
  // The same range on both axes, so the y = x line is the diagonal and errors look the same size either way.
  const pad = (hi - lo) * 0.04 || 1;
  const axisRange = [lo - pad, hi + pad];
  return {
    data: [
      pointsTrace(yTrue, yPred, 'actual %{x:.4g}<br>predicted %{y:.4g}<extra></extra>'),
      { type: 'scatter', mode: 'lines', name: 'y = x (perfect)', x: [lo, hi], y: [lo, hi], line: { dash: 'dash', color: '#c62828', width: 1 }, hoverinfo: 'skip' },
    ],
    layout: {
      xaxis: { title: { text: 'actual value' }, range: axisRange, zeroline: false },
      yaxis: { title: { text: 'predicted value' }, range: axisRange, zeroline: false },
      showlegend: true,
      legend: { x: 0, y: 1 },
    },
    pointsShown: yTrue.length,
    height: 360,
    csv: regressionCsv(yTrue, yPred),
  };
}

export function residualsFigure(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): EvaluationFigure {
  const e = residuals(yTrue, yPred);
  const [lo, hi] = range(yPred);
  return {
    data: [
      pointsTrace(yPred, e, 'predicted %{x:.4g}<br>residual %{y:.4g}<extra></extra>'),
      { type: 'scatter', mode: 'lines', name: 'zero error', x: [lo, hi], y: [0, 0], line: { dash: 'dash', color: '#c62828', width: 1 }, hoverinfo: 'skip' },
    ],
    layout: {
      xaxis: { title: { text: 'predicted value' }, zeroline: false },
      yaxis: { title: { text: 'residual (actual − predicted)' }, zeroline: false },
      showlegend: true,
      legend: { x: 0, y: 1 },
    },
    pointsShown: yTrue.length,
    height: 360,
    csv: regressionCsv(yTrue, yPred),
  };
}
