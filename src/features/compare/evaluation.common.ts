/**
 * Pure logic of the per-run evaluation views (EvaluationViews.tsx): which artifacts a run has,
 * what they say once parsed (with a readable reason when a view cannot be drawn), the Plotly
 * figures (confusion heatmap, one-vs-rest ROC, per-class bars, predicted-vs-actual, residuals)
 * and the beginner explanation of each view. Every user string (class label) that reaches a
 * trace or layout goes through plotText().
 */
import { csvNumber, csvText } from '../../domain/compare/chartCsv';
import {
  CLASSIFICATION_REPORT_FILE,
  CONFUSION_MATRIX_FILE,
  PREDICTIONS_FILE,
  parseClassificationReport,
  parseConfusionMatrixCsv,
  parsePredictionsCsv,
  residuals,
  rocCurveOvr,
  type ClassScores,
  type ConfusionMatrix,
  type RocCurve,
} from '../../domain/compare/evaluation';
import { classificationReport, confusionMatrix } from '../../domain/ml/metrics';
import { plotText } from '../charts/charts.common';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';

export const EVALUATION_FILES = [CONFUSION_MATRIX_FILE, CLASSIFICATION_REPORT_FILE, PREDICTIONS_FILE] as const;
export type EvaluationFile = (typeof EVALUATION_FILES)[number];

/** The PNG plots regression runs logged before predictions.csv existed. */
const LEGACY_PLOTS = ['plots/predicted_vs_actual.png', 'plots/residuals.png'];

export type ViewKey = 'confusion' | 'roc' | 'per-class' | 'predicted-vs-actual' | 'residuals';

// ---------------------------------------------------------------------------------------------
// Explanations

export interface ViewExplanation {
  title: string;
  /** What the chart shows. */
  what: string;
  /** How to read it. */
  read: string;
  /** Plain text with Unicode math, as in metricGlossary. */
  formula: string;
}

export const EVALUATION_EXPLANATIONS: Readonly<Record<ViewKey, ViewExplanation>> = {
  confusion: {
    title: 'Confusion matrix',
    what:
      'Every test example (kept aside, never trained on) counted in one cell: the row is its true class, the column the class the model predicted.',
    read:
      'The diagonal from top left to bottom right holds the correct predictions; every other cell is a mistake and tells you which class was taken for which. ' +
      'Normalised by true class, each row adds up to 1, so a diagonal cell is the share of that class the model found (its recall) and rare classes are as easy to read as common ones.',
    formula: 'C[t, p] = number of test examples of true class t predicted as class p; normalised: C[t, p] / Σ_q C[t, q]',
  },
  roc: {
    title: 'ROC curves (one-vs-rest)',
    what:
      'For each class, how well its predicted probability separates the examples of that class from all the others ("one vs the rest"), at every possible decision threshold.',
    read:
      'Lowering the threshold moves along a curve from (0, 0) to (1, 1): more of the class is found (up) at the cost of more false alarms (right). ' +
      'A curve that hugs the top-left corner is good; the dashed diagonal is what guessing gives. ' +
      'The area under the curve (AUC, in the legend) is 1 for a perfect ranking and 0.5 for guessing.',
    formula:
      'TPR = TP / (TP + FN) (true positive rate, up), FPR = FP / (FP + TN) (false positive rate, across), at each threshold; ' +
      'AUC = area under the curve = P(score of a random example of the class > score of a random example of another class)',
  },
  'per-class': {
    title: 'Precision, recall and F1 per class',
    what: 'Three scores for each class on the test set, from 0 (worst) to 1 (best), and the number of test examples of the class (support).',
    read:
      'Precision: of the examples the model put in the class, the share that really belong there (few false alarms). ' +
      'Recall: of the examples that belong to the class, the share the model found (few misses). ' +
      'F1 is high only when both are. A class with a small support has noisy scores.',
    formula:
      'precision = TP / (TP + FP); recall = TP / (TP + FN); F1 = 2 · precision · recall / (precision + recall) ' +
      '(TP, FP, FN: true positives, false positives, false negatives of the class)',
  },
  'predicted-vs-actual': {
    title: 'Predicted vs actual',
    what: 'Every test example as one point: its true value across, the model’s prediction up.',
    read:
      'A perfect model puts every point on the dashed line y = x. Points above the line are predicted too high, points below too low. ' +
      'A cloud flatter than the line means the model pulls its predictions toward the average.',
    formula: 'point i = (yᵢ, ŷᵢ), yᵢ = true value, ŷᵢ = prediction; the dashed line is ŷ = y',
  },
  residuals: {
    title: 'Residuals vs predicted',
    what: 'The error of every test example — its true value minus the prediction — against the prediction.',
    read:
      'Good residuals scatter evenly around the zero line with no shape. A curve or a funnel means the model misses something systematic ' +
      '(a non-linear effect, or errors that grow with the value). Points far from zero are the examples it gets most wrong.',
    formula: 'residual eᵢ = yᵢ − ŷᵢ (positive: predicted too low); RMSE = √((1/n) · Σᵢ eᵢ²)',
  },
};

// ---------------------------------------------------------------------------------------------
// Which run, which files

export interface ArtifactListing {
  path: string;
  fileSize: number;
}

/** The evaluation files a run has, and a key that changes whenever one is (re)logged. */
export function evaluationFilesOf(files: readonly ArtifactListing[]): { present: EvaluationFile[]; signature: string; legacyPlots: boolean } {
  const present: EvaluationFile[] = [];
  const parts: string[] = [];
  for (const name of EVALUATION_FILES) {
    const file = files.find((f) => f.path === name);
    if (file) {
      present.push(name);
      parts.push(`${name}:${file.fileSize}`);
    }
  }
  return { present, signature: parts.join('|'), legacyPlots: files.some((f) => LEGACY_PLOTS.includes(f.path)) };
}

/** The run to show: `chosen` when it is one of `runIds`, else the first with evaluation artifacts, else the first. */
export function pickEvaluationRun<Id extends string>(
  runIds: readonly Id[],
  filesByRun: ReadonlyMap<Id, readonly ArtifactListing[]> | undefined,
  chosen: Id | null,
): Id | null {
  if (chosen !== null && runIds.includes(chosen)) return chosen;
  const withEvaluation = runIds.find((id) => evaluationFilesOf(filesByRun?.get(id) ?? []).present.length > 0);
  return withEvaluation ?? runIds[0] ?? null;
}

// ---------------------------------------------------------------------------------------------
// What the files say

/** A view's content, or why it cannot be drawn (`error`: a file is malformed; `missing`: not logged). */
export type Section<T> = { state: 'ready'; value: T } | { state: 'error'; message: string } | { state: 'missing'; message: string };

export interface PerClassRow extends ClassScores {
  label: string;
}

export interface PerClassTable {
  rows: PerClassRow[];
  accuracy: number;
  macro: ClassScores;
  weighted: ClassScores;
}

export interface RocResult {
  curves: RocCurve[];
  /** Labels of classes without a curve (no test example of the class, or only such examples). */
  skipped: string[];
}

export type EvaluationModel =
  | { task: 'none'; legacyPlots: boolean }
  | { task: 'classification'; confusion: Section<ConfusionMatrix>; perClass: Section<PerClassTable>; roc: Section<RocResult> }
  | { task: 'regression'; points: Section<{ yTrue: Float64Array; yPred: Float64Array }> };

function attempt<T>(fn: () => T): Section<T> {
  try {
    return { state: 'ready', value: fn() };
  } catch (error) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

const NO_PREDICTIONS =
  'This run has no predictions.csv (it was trained before Trainyard logged the test-set predictions), so this view cannot be drawn. Re-run it to get one.';

/**
 * Everything the views need from a run's evaluation files (text per file; absent when not
 * logged). The confusion matrix and per-class scores come from their own files, or are computed
 * from predictions.csv when only that exists; ROC curves need predictions.csv.
 */
export function evaluationModel(texts: Partial<Record<EvaluationFile, string>>, legacyPlots = false): EvaluationModel {
  const predictionsText = texts[PREDICTIONS_FILE];
  const predictions = predictionsText === undefined ? null : attempt(() => parsePredictionsCsv(predictionsText));
  const confusionText = texts[CONFUSION_MATRIX_FILE];
  const reportText = texts[CLASSIFICATION_REPORT_FILE];
  const regression = predictions?.state === 'ready' && predictions.value.task === 'regression' ? predictions.value : null;
  if (regression && confusionText === undefined && reportText === undefined) {
    return { task: 'regression', points: { state: 'ready', value: { yTrue: regression.yTrue, yPred: regression.yPred } } };
  }
  if (predictions === null && confusionText === undefined && reportText === undefined) return { task: 'none', legacyPlots };
  if (predictions?.state === 'error' && confusionText === undefined && reportText === undefined) {
    // Cannot tell the task from a broken file: show the error where both tasks would.
    return { task: 'regression', points: predictions };
  }
  const classification = predictions?.state === 'ready' && predictions.value.task === 'classification' ? predictions.value : null;
  const predictionsProblem: Section<never> =
    predictions === null
      ? { state: 'missing', message: NO_PREDICTIONS }
      : predictions.state === 'error'
        ? predictions
        : { state: 'error', message: `${PREDICTIONS_FILE} holds regression predictions, but this run also logged a classification report.` };

  let confusion: Section<ConfusionMatrix>;
  if (confusionText !== undefined) confusion = attempt(() => parseConfusionMatrixCsv(confusionText));
  else if (classification) {
    confusion = attempt(() => ({
      labels: classification.labels,
      counts: confusionMatrix(classification.yTrue, classification.yPred, classification.labels.length),
    }));
  } else confusion = predictionsProblem;

  let perClass: Section<PerClassTable>;
  if (reportText !== undefined) {
    perClass = attempt(() => {
      const report = parseClassificationReport(reportText);
      return { rows: report.classes, accuracy: report.accuracy, macro: report.macroAvg, weighted: report.weightedAvg };
    });
  } else if (classification) {
    perClass = attempt(() => {
      const report = classificationReport(classification.yTrue, classification.yPred, classification.labels.length);
      return {
        rows: report.perClass.map((scores, k) => ({ label: classification.labels[k] as string, ...scores })),
        accuracy: report.accuracy,
        macro: report.macro,
        weighted: report.weighted,
      };
    });
  } else perClass = predictionsProblem;

  const roc: Section<RocResult> = classification
    ? attempt(() => {
        const all = rocCurveOvr(classification.yTrue, classification.probabilities, classification.labels.length, classification.labels);
        return { curves: all.filter((c) => c.auc !== null), skipped: all.filter((c) => c.auc === null).map((c) => c.label) };
      })
    : predictionsProblem;
  return { task: 'classification', confusion, perClass, roc };
}

// ---------------------------------------------------------------------------------------------
// Figures

export interface EvaluationFigure {
  data: FigureTrace[];
  layout: FigureLayout;
  /** Cells, curve points or test examples drawn (the chart's `data-points`). */
  pointsShown: number;
  csv: () => string;
  height: number;
}

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

/** Score as the table shows it. */
export function formatScore(value: number): string {
  return value.toFixed(3);
}
