/** The evaluation views' logic: picking the run, reading its files, and the Plotly figures. */
import { describe, expect, it } from 'vitest';
import {
  classificationPredictionsCsv,
  confusionMatrixCsv,
  regressionPredictionsCsv,
  type RocCurve,
} from '../../domain/compare/evaluation';
import { classificationReport } from '../../domain/ml/metrics';
import {
  EVALUATION_EXPLANATIONS,
  confusionFigure,
  evaluationFilesOf,
  evaluationModel,
  normalizeRows,
  perClassFigure,
  pickEvaluationRun,
  predictedVsActualFigure,
  residualsFigure,
  rocCurveName,
  rocFigure,
  type EvaluationModel,
  type PerClassTable,
} from './evaluationFigures';

const XSS = '<img src=x onerror=alert(1)>';
const LABELS = ['cat', XSS, 'a,b'];
const Y_TRUE = [0, 1, 2, 0, 1, 2];
const PREDICTED = [0, 1, 1, 0, 2, 2];
const PROBABILITIES = [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.5, 0.4, 0.6, 0.3, 0.1, 0.2, 0.3, 0.5, 0.1, 0.2, 0.7];

function reportJson(): string {
  const report = classificationReport(Y_TRUE, PREDICTED, 3);
  return JSON.stringify({
    labels: LABELS,
    classes: report.perClass.map((s, k) => ({ label: LABELS[k], ...s })),
    accuracy: report.accuracy,
    macro_avg: report.macro,
    weighted_avg: report.weighted,
  });
}

const PREDICTIONS = classificationPredictionsCsv({ yTrue: Y_TRUE, predicted: PREDICTED, probabilities: PROBABILITIES, labels: LABELS });
const CONFUSION = confusionMatrixCsv(
  [
    [2, 0, 0],
    [0, 1, 1],
    [0, 1, 1],
  ],
  LABELS,
);

function classification(model: EvaluationModel) {
  if (model.task !== 'classification') throw new Error(`expected classification, got ${model.task}`);
  return model;
}

describe('evaluationFilesOf and pickEvaluationRun', () => {
  const files = new Map([
    ['r1', [{ path: 'model/model.json', fileSize: 10 }]],
    ['r2', [{ path: 'predictions.csv', fileSize: 5 }, { path: 'confusion_matrix.csv', fileSize: 7 }]],
    ['r3', [{ path: 'plots/residuals.png', fileSize: 9 }]],
  ]);

  it('should list the evaluation files in a fixed order with a signature that follows their sizes', () => {
    expect(evaluationFilesOf(files.get('r2') ?? [])).toEqual({
      present: ['confusion_matrix.csv', 'predictions.csv'],
      signature: 'confusion_matrix.csv:7|predictions.csv:5',
      legacyPlots: false,
    });
    expect(evaluationFilesOf(files.get('r3') ?? [])).toMatchObject({ present: [], legacyPlots: true });
  });

  it('should default to the first run with evaluation artifacts, keep a valid choice, and fall back to the first run', () => {
    expect(pickEvaluationRun(['r1', 'r2', 'r3'], files, null)).toBe('r2');
    expect(pickEvaluationRun(['r1', 'r2', 'r3'], files, 'r3')).toBe('r3');
    expect(pickEvaluationRun(['r1', 'r2'], files, 'gone')).toBe('r2');
    expect(pickEvaluationRun(['r1', 'r3'], files, null)).toBe('r1');
    expect(pickEvaluationRun(['r1'], undefined, null)).toBe('r1');
    expect(pickEvaluationRun([], files, null)).toBeNull();
  });
});

describe('evaluationModel', () => {
  it('should read all three classification files', () => {
    const model = classification(
      evaluationModel({ 'confusion_matrix.csv': CONFUSION, 'classification_report.json': reportJson(), 'predictions.csv': PREDICTIONS }),
    );
    expect(model.confusion).toEqual({ state: 'ready', value: { labels: LABELS, counts: [[2, 0, 0], [0, 1, 1], [0, 1, 1]] } });
    if (model.perClass.state !== 'ready' || model.roc.state !== 'ready') throw new Error('expected ready views');
    expect(model.perClass.value.rows.map((r) => r.label)).toEqual(LABELS);
    expect(model.perClass.value.accuracy).toBeCloseTo(4 / 6, 12);
    expect(model.roc.value.curves.map((c) => c.label)).toEqual(LABELS);
    expect(model.roc.value.skipped).toEqual([]);
  });

  it('should compute the matrix and the per-class scores from predictions.csv when their files are missing', () => {
    const model = classification(evaluationModel({ 'predictions.csv': PREDICTIONS }));
    if (model.confusion.state !== 'ready' || model.perClass.state !== 'ready') throw new Error('expected ready views');
    expect(model.confusion.value.counts).toEqual([[2, 0, 0], [0, 1, 1], [0, 1, 1]]);
    expect(model.perClass.value.rows[0]).toEqual({ label: 'cat', precision: 1, recall: 1, f1: 1, support: 2 });
  });

  it('should explain that ROC curves need predictions.csv for runs logged before it existed', () => {
    const model = classification(evaluationModel({ 'confusion_matrix.csv': CONFUSION, 'classification_report.json': reportJson() }));
    expect(model.confusion.state).toBe('ready');
    expect(model.perClass.state).toBe('ready');
    expect(model.roc).toMatchObject({ state: 'missing', message: expect.stringMatching(/no predictions\.csv .* Re-run it/) as string });
  });

  it('should show a malformed file as an error naming the file and line, and the other views still', () => {
    const model = classification(
      evaluationModel({ 'confusion_matrix.csv': 'h,a,b\na,1,2\nb,NaN,1\n', 'classification_report.json': reportJson(), 'predictions.csv': PREDICTIONS }),
    );
    expect(model.confusion).toEqual({ state: 'error', message: expect.stringMatching(/^confusion_matrix\.csv, line 3: .*"NaN", not a finite number$/) as string });
    expect(model.perClass.state).toBe('ready');
    expect(model.roc.state).toBe('ready');
    const broken = classification(evaluationModel({ 'classification_report.json': reportJson(), 'predictions.csv': 'y_true,y_pred,p_a\n' }));
    expect(broken.roc).toEqual({ state: 'error', message: 'predictions.csv, line 1: has a header but no rows' });
    expect(broken.confusion).toEqual(broken.roc);
  });

  it('should list classes without a ROC curve', () => {
    const text = classificationPredictionsCsv({ yTrue: [0, 1], predicted: [0, 1], probabilities: [0.9, 0.1, 0, 0.2, 0.8, 0], labels: ['a', 'b', 'never'] });
    const model = classification(evaluationModel({ 'predictions.csv': text }));
    expect(model.roc).toMatchObject({ state: 'ready', value: { skipped: ['never'] } });
  });

  it('should read regression predictions, and say when there is nothing to show', () => {
    const model = evaluationModel({ 'predictions.csv': regressionPredictionsCsv([1, 2], [1.5, 1.5]) });
    if (model.task !== 'regression' || model.points.state !== 'ready') throw new Error('expected regression points');
    expect(Array.from(model.points.value.yPred)).toEqual([1.5, 1.5]);
    expect(evaluationModel({})).toEqual({ task: 'none', legacyPlots: false });
    expect(evaluationModel({}, true)).toEqual({ task: 'none', legacyPlots: true });
    expect(evaluationModel({ 'predictions.csv': '' })).toEqual({ task: 'regression', points: { state: 'error', message: 'predictions.csv: is empty' } });
  });

  it('should refuse regression predictions next to a classification report', () => {
    const model = classification(evaluationModel({ 'classification_report.json': reportJson(), 'predictions.csv': 'y_true,y_pred\n1,2\n' }));
    expect(model.roc).toMatchObject({ state: 'error', message: expect.stringMatching(/holds regression predictions/) as string });
  });
});

describe('confusionFigure', () => {
  const matrix = { labels: LABELS, counts: [[2, 0, 0], [0, 1, 3], [0, 0, 0]] };

  it('should draw counts on a class-index grid with escaped labels, true classes top to bottom', () => {
    const figure = confusionFigure(matrix, false);
    const [trace] = figure.data;
    expect(trace).toMatchObject({ type: 'heatmap', x: [0, 1, 2], y: [0, 1, 2], z: matrix.counts, texttemplate: '%{z}', zmin: 0 });
    expect(figure.pointsShown).toBe(9);
    const yaxis = figure.layout.yaxis as Record<string, unknown>;
    expect(yaxis.autorange).toBe('reversed');
    expect(yaxis.ticktext).toEqual(['cat', '&lt;img src=x onerror=alert(1)&gt;', 'a,b']);
    expect((trace?.text as string[][])[1]?.[2]).toBe(
      'true: &lt;img src=x onerror=alert(1)&gt;<br>predicted: a,b<br>count: 3<br>share of the true class: 75.0%',
    );
    expect(JSON.stringify(figure)).not.toContain('<img');
  });

  it('should normalise by true class: rows sum to 1, a class without examples stays empty', () => {
    expect(normalizeRows(matrix.counts)).toEqual([[1, 0, 0], [0, 0.25, 0.75], [null, null, null]]);
    const [trace] = confusionFigure(matrix, true).data;
    expect(trace).toMatchObject({ z: [[1, 0, 0], [0, 0.25, 0.75], [null, null, null]], zmax: 1, texttemplate: '%{z:.2f}' });
  });

  it('should drop the cell labels when there are too many classes to read them', () => {
    const labels = Array.from({ length: 21 }, (_, i) => `c${i}`);
    const counts = labels.map((_, t) => labels.map((__, p) => (t === p ? 1 : 0)));
    expect(confusionFigure({ labels, counts }, false).data[0]).not.toHaveProperty('texttemplate');
  });

  it('should export the counts as CSV with formula-like labels neutralised', () => {
    const csv = confusionFigure({ labels: ['=cmd', 'ok'], counts: [[1, 0], [0, 1]] }, true).csv();
    expect(csv).toBe("true \\ predicted,'=cmd,ok\r\n'=cmd,1,0\r\nok,0,1\r\n");
  });
});

describe('rocFigure', () => {
  const curves: RocCurve[] = [
    { classIndex: 0, label: XSS, fpr: [0, 0, 1], tpr: [0, 1, 1], auc: 1, positives: 2 },
    { classIndex: 1, label: 'b', fpr: [0, 0.5, 1], tpr: [0, 0.5, 1], auc: 0.5, positives: 3 },
  ];

  it('should name each curve by its class and AUC (escaped) and add the chance diagonal', () => {
    const figure = rocFigure({ curves, skipped: [] });
    expect(rocCurveName(curves[0] as RocCurve)).toBe(`${XSS} (AUC = 1.000)`);
    expect(figure.data.map((t) => t.name)).toEqual(['&lt;img src=x onerror=alert(1)&gt; (AUC = 1.000)', 'b (AUC = 0.500)', 'chance (AUC = 0.500)']);
    expect(figure.data[2]).toMatchObject({ x: [0, 1], y: [0, 1], line: { dash: 'dash' } });
    expect(figure.layout.showlegend).toBe(true);
    expect(figure.pointsShown).toBe(6);
    expect(JSON.stringify(figure)).not.toContain('<img');
    expect(figure.csv().split('\r\n')[1]).toBe('<img src=x onerror=alert(1)>,1,0,0');
  });
});

describe('perClassFigure', () => {
  it('should draw precision, recall and F1 as grouped bars per class', () => {
    const table: PerClassTable = {
      rows: [
        { label: XSS, precision: 1, recall: 0.5, f1: 2 / 3, support: 2 },
        { label: 'b', precision: 0.5, recall: 1, f1: 2 / 3, support: 1 },
      ],
      accuracy: 2 / 3,
      macro: { precision: 0.75, recall: 0.75, f1: 2 / 3, support: 3 },
      weighted: { precision: 5 / 6, recall: 2 / 3, f1: 2 / 3, support: 3 },
    };
    const figure = perClassFigure(table);
    expect(figure.data.map((t) => [t.type, t.name, t.y])).toEqual([
      ['bar', 'precision', [1, 0.5]],
      ['bar', 'recall', [0.5, 1]],
      ['bar', 'F1', [2 / 3, 2 / 3]],
    ]);
    expect(figure.layout.barmode).toBe('group');
    expect(figure.pointsShown).toBe(6);
    expect(figure.data[0]?.text).toEqual(['&lt;img src=x onerror=alert(1)&gt; (support 2)', 'b (support 1)']);
    expect(JSON.stringify(figure)).not.toContain('<img');
    expect(figure.csv()).toBe(`class,precision,recall,f1,support\r\n${XSS},1,0.5,${2 / 3},2\r\nb,0.5,1,${2 / 3},1\r\n`);
  });
});

describe('regression figures', () => {
  const yTrue = Float64Array.of(1, 2, 3, 10);
  const yPred = Float64Array.of(1.5, 2, 2, 8);

  it('should plot predicted against actual with the y = x line across both ranges', () => {
    const figure = predictedVsActualFigure(yTrue, yPred);
    expect(figure.data[0]).toMatchObject({ type: 'scatter', mode: 'markers', x: [1, 2, 3, 10], y: [1.5, 2, 2, 8] });
    expect(figure.data[1]).toMatchObject({ x: [1, 10], y: [1, 10], name: 'y = x (perfect)' });
    expect(figure.pointsShown).toBe(4);
    expect(figure.csv()).toBe('actual,predicted,residual\r\n1,1.5,-0.5\r\n2,2,0\r\n3,2,1\r\n10,8,2\r\n');
  });

  it('should plot residuals (actual − predicted) against the prediction with the zero line', () => {
    const figure = residualsFigure(yTrue, yPred);
    expect(figure.data[0]).toMatchObject({ x: [1.5, 2, 2, 8], y: [-0.5, 0, 1, 2] });
    expect(figure.data[1]).toMatchObject({ x: [1.5, 8], y: [0, 0] });
  });

  it('should switch to WebGL markers for large test sets', () => {
    const big = Float64Array.from({ length: 3000 }, (_, i) => i);
    expect(predictedVsActualFigure(big, big).data[0]?.type).toBe('scattergl');
  });
});

describe('EVALUATION_EXPLANATIONS', () => {
  it('should say what each view shows, how to read it, and its formula', () => {
    for (const [view, entry] of Object.entries(EVALUATION_EXPLANATIONS)) {
      expect(entry.title, view).not.toBe('');
      expect(entry.what.length, view).toBeGreaterThan(40);
      expect(entry.read.length, view).toBeGreaterThan(60);
      expect(entry.formula, view).toMatch(/=/);
    }
  });
});
