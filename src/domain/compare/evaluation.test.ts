/** Round trips and hostile input for the evaluation artifacts, and the ROC curves drawn from them. */
import { describe, expect, it } from 'vitest';
import { classificationReport, confusionMatrix, rocAuc } from '../ml/metrics';
import { createRandom } from '../ml/random';
import {
  EvaluationFileError,
  MAX_EVALUATION_CLASSES,
  classificationPredictionsCsv,
  confusionMatrixCsv,
  csvCell,
  formatNumber,
  formatProbability,
  locateJsonError,
  parseClassificationReport,
  parseConfusionMatrixCsv,
  parsePredictionsCsv,
  regressionPredictionsCsv,
  residuals,
  rocCurveOvr,
} from './evaluation';

const HOSTILE = ['<img src=x onerror=alert(1)>', 'a,b', 'say "hi"', 'two\nlines', ' padded ', '%{x}'];

function errorOf(fn: () => unknown): EvaluationFileError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EvaluationFileError) return error;
    throw new Error(`expected an EvaluationFileError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an EvaluationFileError, but nothing was thrown');
}

describe('csvCell', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' padded ', '" padded "'],
    ['<img src=x>', '<img src=x>'],
  ])('should write %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });
});

describe('formatProbability and formatNumber', () => {
  it.each([
    [0.5, '0.5'],
    [1, '1'],
    [0, '0'],
    [0.123456789, '0.123457'],
    [Math.fround(0.1), '0.1'],
    [1.234567e-9, '1.23457e-9'],
  ])('should write the probability %d as %j (6 significant digits)', (value, expected) => {
    expect(formatProbability(value)).toBe(expected);
  });

  it('should write a float32 in its shortest round-trip form and a double exactly', () => {
    expect(formatNumber(Math.fround(0.1), true)).toBe('0.1');
    expect(formatNumber(Math.fround(5.123456), true)).toBe('5.123456');
    expect(Math.fround(Number(formatNumber(Math.fround(1 / 3), true)))).toBe(Math.fround(1 / 3));
    expect(formatNumber(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatNumber(Number.NaN, true)).toBe('NaN');
  });
});

describe('confusion_matrix.csv', () => {
  it('should read back what confusionMatrixCsv writes, hostile labels included', () => {
    const labels = HOSTILE.slice(0, 4);
    const counts = [
      [5, 1, 0, 0],
      [0, 7, 2, 0],
      [1, 0, 9, 0],
      [0, 0, 0, 3],
    ];
    const text = confusionMatrixCsv(counts, labels);
    expect(text.split('\n')[0]).toBe('true \\ predicted,<img src=x onerror=alert(1)>,"a,b","say ""hi""","two');
    expect(parseConfusionMatrixCsv(text)).toEqual({ labels, counts });
  });

  it('should read the format the recipes logged before this module (same header, CRLF and a BOM tolerated)', () => {
    const text = '\ufefftrue \\ predicted,setosa,versicolor\r\nsetosa,12,0\r\nversicolor,1,11\r\n';
    expect(parseConfusionMatrixCsv(text)).toEqual({ labels: ['setosa', 'versicolor'], counts: [[12, 0], [1, 11]] });
  });

  it.each([
    ['an empty file', '', /^confusion_matrix\.csv: is empty$/],
    ['blank lines only', '\n \n', /is empty/],
    ['a header without rows', 'true \\ predicted,a,b\n', /line 1: has a header but no rows/],
    ['a header naming no classes', 'true \\ predicted\nx\n', /line 1: the header names no classes/],
    ['a ragged row', 'h,a,b\na,1,2\nb,3\n', /line 3: has 2 cells but the header has 3/],
    ['a missing row', 'h,a,b\na,1,2\n', /line 2: has 1 class rows but the header names 2 classes/],
    ['an extra row', 'h,a\na,1\nb,2\n', /line 3: has 2 class rows but the header names 1 classes/],
    ['a non-numeric count', 'h,a,b\na,1,x\nb,0,1\n', /line 2: the count for predicted "b" is "x", not a finite number/],
    ['a NaN count', 'h,a,b\na,1,2\nb,NaN,1\n', /line 3: .* is "NaN", not a finite number/],
    ['an Infinity count', 'h,a\na,Infinity\n', /line 2: .*"Infinity", not a finite number/],
    ['an empty count', 'h,a,b\na,1,\nb,0,1\n', /line 2: .*"", not a finite number/],
    ['a fractional count', 'h,a\na,1.5\n', /line 2: .*"1.5", not a whole number ≥ 0/],
    ['a negative count', 'h,a\na,-1\n', /line 2: .*"-1", not a whole number ≥ 0/],
    ['a count too large to be exact', 'h,a\na,1e300\n', /line 2: .*"1e300", not a whole number ≥ 0/],
    ['rows out of order', 'h,a,b\nb,1,2\na,3,4\n', /line 2: row 1 is class "b" but column 2 is "a"/],
    ['a duplicate class', 'h,a,a\na,1,2\na,3,4\n', /line 1: the class "a" appears twice/],
    ['an unterminated quote', 'h,a\n"a,1\n', /line 2: the quoted field 1 is never closed/],
    ['text after a quote', 'h,a\n"a"x,1\n', /line 2: unexpected text "x" after the closing quote/],
    ['a NUL character', 'h,a\na,\u00001\n', /line 2: holds a NUL character/],
  ])('should refuse %s, naming the file and line', (_label, text, message) => {
    const error = errorOf(() => parseConfusionMatrixCsv(text));
    expect(error.message).toMatch(message);
    expect(error.file).toBe('confusion_matrix.csv');
  });

  it(`should refuse more than ${MAX_EVALUATION_CLASSES} classes without reading the rows`, () => {
    const labels = Array.from({ length: 100_000 }, (_, i) => `c${i}`);
    const text = `h,${labels.join(',')}\nc0,${labels.map(() => '0').join(',')}\n`;
    expect(errorOf(() => parseConfusionMatrixCsv(text)).message).toBe(
      `confusion_matrix.csv, line 1: has 100,000 classes; the evaluation views show at most ${MAX_EVALUATION_CLASSES}`,
    );
  });

  it('should keep a line number right after a quoted label spanning lines', () => {
    const text = confusionMatrixCsv([[1, 0], [0, 1]], ['two\nlines', 'b']).replace(/b,0,1\n$/, 'b,0,x\n');
    expect(errorOf(() => parseConfusionMatrixCsv(text)).line).toBe(5);
  });
});

describe('predictions.csv (classification)', () => {
  const labels = HOSTILE;
  const yTrue = [0, 1, 2, 3, 4, 5, 0];
  const predicted = [0, 1, 2, 3, 4, 5, 1];
  const probabilities = Float32Array.from({ length: yTrue.length * labels.length }, (_, i) => ((i * 7919) % 1000) / 1000);

  it('should write y_true,y_pred,p_<label>… and read back the same classes and 6-digit probabilities', () => {
    const text = classificationPredictionsCsv({ yTrue, predicted, probabilities, labels });
    expect(text.split('\n')[0]).toBe('y_true,y_pred,p_<img src=x onerror=alert(1)>,"p_a,b","p_say ""hi""","p_two');
    const parsed = parsePredictionsCsv(text);
    if (parsed.task !== 'classification') throw new Error('expected classification');
    expect(parsed.labels).toEqual(labels);
    expect(Array.from(parsed.yTrue)).toEqual(yTrue);
    expect(Array.from(parsed.yPred)).toEqual(predicted);
    expect(Array.from(parsed.probabilities)).toEqual(Array.from(probabilities, (p) => Number(p.toPrecision(6))));
  });

  it('should refuse probabilities that do not match the rows and classes', () => {
    expect(() => classificationPredictionsCsv({ yTrue: [0], predicted: [0], probabilities: [1, 0, 0], labels: ['a', 'b'] })).toThrow(
      'probabilities has 3 values, expected 1 rows × 2 classes',
    );
  });

  it.each([
    ['an empty file', '', /^predictions\.csv: is empty$/],
    ['a header only', 'y_true,y_pred,p_a,p_b', /line 1: has a header but no rows/],
    ['another header', 'label,guess,p_a\na,a,1\n', /line 1: the header must start with y_true,y_pred; found "label,guess"/],
    ['a probability column without p_', 'y_true,y_pred,p_a,b\na,a,1,0\n', /line 1: column 4 is "b"; class probability columns are named p_<class>/],
    ['a duplicate class', 'y_true,y_pred,p_a,p_a\na,a,1,0\n', /line 1: the class "a" appears twice/],
    ['a ragged row', 'y_true,y_pred,p_a,p_b\na,a,1,0\nb,b,0\n', /line 3: has 4 cells but the header has 4|line 3: has 3 cells but the header has 4/],
    ['an unknown true class', 'y_true,y_pred,p_a,p_b\nc,a,1,0\n', /line 2: y_true is "c", which is not one of the 2 classes/],
    ['an unknown predicted class', 'y_true,y_pred,p_a,p_b\na,A,1,0\n', /line 2: y_pred is "A", which is not one of the 2 classes/],
    ['a non-numeric probability', 'y_true,y_pred,p_a,p_b\na,a,high,0\n', /line 2: "p_a" is "high", not a finite number/],
    ['a NaN probability', 'y_true,y_pred,p_a,p_b\na,a,0.5,0.5\nb,b,NaN,1\n', /line 3: "p_a" is "NaN", not a finite number/],
  ])('should refuse %s, naming the file and line', (_label, text, message) => {
    expect(errorOf(() => parsePredictionsCsv(text)).message).toMatch(message);
  });

  it('should refuse a header with a huge number of classes', () => {
    const header = ['y_true', 'y_pred', ...Array.from({ length: MAX_EVALUATION_CLASSES + 1 }, (_, i) => `p_${i}`)].join(',');
    expect(errorOf(() => parsePredictionsCsv(`${header}\n0,0\n`)).message).toMatch(/line 1: has 501 classes; the evaluation views show at most 500/);
  });
});

describe('predictions.csv (regression)', () => {
  it('should write y_true,y_pred and read the same values back, model outputs in their shortest float32 form', () => {
    const yTrue = Float64Array.of(5, 6.25, -1e-9, 1234.5678);
    const yPred = Float32Array.of(5.1, 6, 0, 1200.25);
    const text = regressionPredictionsCsv(yTrue, yPred);
    expect(text).toBe('y_true,y_pred\n5,5.1\n6.25,6\n-1e-9,0\n1234.5678,1200.25\n');
    const parsed = parsePredictionsCsv(text);
    if (parsed.task !== 'regression') throw new Error('expected regression');
    expect(Array.from(parsed.yTrue)).toEqual(Array.from(yTrue));
    expect(Array.from(parsed.yPred, Math.fround)).toEqual(Array.from(yPred));
  });

  it.each([
    ['a NaN prediction (a diverged model)', 'y_true,y_pred\n1,2\n3,NaN\n', /line 3: y_pred is "NaN", not a finite number/],
    ['a non-numeric truth', 'y_true,y_pred\nfive,2\n', /line 2: y_true is "five", not a finite number/],
    ['a ragged row', 'y_true,y_pred\n1,2,3\n', /line 2: has 3 cells but the header has 2/],
    ['an empty cell', 'y_true,y_pred\n1,\n', /line 2: y_pred is "", not a finite number/],
  ])('should refuse %s', (_label, text, message) => {
    expect(errorOf(() => parsePredictionsCsv(text)).message).toMatch(message);
  });
});

describe('classification_report.json', () => {
  function logged(labels: string[]) {
    const report = classificationReport([0, 1, 1, 2], [0, 1, 2, 2], 3);
    return {
      labels,
      classes: report.perClass.map((scores, k) => ({ label: labels[k], ...scores })),
      accuracy: report.accuracy,
      macro_avg: report.macro,
      weighted_avg: report.weighted,
    };
  }

  it('should read the report the recipes log', () => {
    const labels = HOSTILE.slice(0, 3);
    const parsed = parseClassificationReport(JSON.stringify(logged(labels), null, 2));
    expect(parsed.labels).toEqual(labels);
    expect(parsed.accuracy).toBe(0.75);
    expect(parsed.classes[1]).toEqual({ label: 'a,b', precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(parsed.macroAvg.support).toBe(4);
  });

  it.each([
    ['an empty file', '', /^classification_report\.json: is empty$/],
    ['a syntax error, with its line', '{\n  "labels": [\n}', /^classification_report\.json, line 3: is not valid JSON: unexpected "}"$/],
    ['a truncated file', '{"labels": ["a"', /line 1: is not valid JSON: unexpected the end of the file$/],
    ['a list', '[]', /must hold a JSON object/],
    ['labels that are not strings', JSON.stringify({ ...logged(['a', 'b', 'c']), labels: [1, 2, 3] }), /"labels" must be a list of class names/],
    ['classes of the wrong length', JSON.stringify({ ...logged(['a', 'b', 'c']), classes: [] }), /"classes" must be a list with one entry per label \(3\)/],
    ['a precision above 1', JSON.stringify({ ...logged(['a', 'b', 'c']), macro_avg: { precision: 2, recall: 0, f1: 0, support: 1 } }), /macro_avg\.precision must be a number from 0 to 1, got "2"/],
    ['a string score', JSON.stringify({ ...logged(['a', 'b', 'c']), classes: [{ precision: '1', recall: 0, f1: 0, support: 0 }, {}, {}] }), /classes\[0\]\.precision must be a number from 0 to 1, got "\\"1\\""/],
    ['a missing support', JSON.stringify({ ...logged(['a', 'b', 'c']), weighted_avg: { precision: 0, recall: 0, f1: 0 } }), /weighted_avg\.support must be a whole number ≥ 0, got "nothing"/],
    ['a missing accuracy', JSON.stringify({ ...logged(['a', 'b', 'c']), accuracy: null }), /"accuracy" must be a number from 0 to 1/],
    ['a huge class count', JSON.stringify({ ...logged(['a']), labels: Array.from({ length: 10_000 }, String) }), /has 10,000 classes/],
  ])('should refuse %s', (_label, text, message) => {
    expect(errorOf(() => parseClassificationReport(text)).message).toMatch(message);
  });
});

describe('locateJsonError', () => {
  it.each([
    '{}',
    '[]',
    ' {"a": [1, -2.5e+3, true, false, null, "x\\"y\\u00e9"], "b": {"c": {}}} ',
    '"just a string"',
    '0',
  ])('should find nothing wrong in %s (as JSON.parse)', (text) => {
    expect(() => JSON.parse(text) as unknown).not.toThrow();
    expect(locateJsonError(text)).toBeNull();
  });

  it.each([
    ['{"a": 1,}', 1, '"}"'],
    ['{"a" 1}', 1, '"1}"'],
    ['[1,\n2,\n03]', 3, '"3]"'],
    ['{\n"a": NaN}', 2, '"NaN}"'],
    ['[1] [2]', 1, '"[2]"'],
    ["{'a': 1}", 1, '"\'a\': 1}"'],
    ['"line\nbreak"', 1, '"\\"line\\nbreak\\""'],
    ['[1, 2', 1, 'the end of the file'],
  ])('should place the error in %j on line %i at %s', (text, line, found) => {
    expect(() => JSON.parse(text) as unknown).toThrow();
    expect(locateJsonError(text)).toEqual({ line, found });
  });

  it('should survive a million open brackets', () => {
    expect(locateJsonError('['.repeat(1_000_000))).toEqual({ line: 1, found: 'the end of the file' });
  });
});

describe('rocCurveOvr', () => {
  it('should draw the textbook curve and its area for one class', () => {
    // Scores of "is class 1", highest first: 0.9 (pos), 0.8 (neg), 0.7 (pos), 0.1 (neg).
    const yTrue = [1, 0, 1, 0];
    const p1 = [0.9, 0.8, 0.7, 0.1];
    const probabilities = p1.flatMap((p) => [1 - p, p]);
    const [c0, c1] = rocCurveOvr(yTrue, probabilities, 2, ['neg', 'pos']);
    expect(c1).toEqual({ classIndex: 1, label: 'pos', fpr: [0, 0, 0.5, 0.5, 1], tpr: [0, 0.5, 0.5, 1, 1], auc: 0.75, positives: 2 });
    expect(c0?.auc).toBe(0.75);
    expect(c0?.label).toBe('neg');
  });

  it('should take tied scores as one diagonal step, dropping points on a straight segment', () => {
    // All four scores tie: the curve is the chance diagonal and the area one half.
    const curves = rocCurveOvr([0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 2);
    expect(curves[1]).toMatchObject({ fpr: [0, 1], tpr: [0, 1], auc: 0.5 });
    // A positive ranked first, then a tie of one positive and one negative, then a negative.
    const yTrue = [1, 1, 0, 0];
    const scores = [0.9, 0.5, 0.5, 0.1];
    const [, c1] = rocCurveOvr(yTrue, scores.flatMap((p) => [1 - p, p]), 2);
    expect(c1).toMatchObject({ fpr: [0, 0, 0.5, 1], tpr: [0, 0.5, 1, 1], auc: 0.875 });
    expect(c1?.auc).toBe(rocAuc(yTrue, scores));
  });

  it('should give the same AUC as rocAuc for every class of random data with many ties', () => {
    const random = createRandom(11);
    for (const [n, k, levels] of [
      [50, 3, 5],
      [400, 5, 20],
      [1000, 4, 1_000_000],
    ] as const) {
      const yTrue = Array.from({ length: n }, () => Math.floor(random() * k));
      const probabilities = Array.from({ length: n * k }, () => Math.floor(random() * levels) / levels);
      const curves = rocCurveOvr(yTrue, probabilities, k);
      expect(curves).toHaveLength(k);
      for (const curve of curves) {
        const column = Array.from({ length: n }, (_, i) => probabilities[i * k + curve.classIndex] as number);
        const binary = yTrue.map((y) => (y === curve.classIndex ? 1 : 0));
        expect(curve.auc).toBeCloseTo(rocAuc(binary, column), 12);
        expect(curve.fpr[0]).toBe(0);
        expect(curve.tpr[0]).toBe(0);
        expect(curve.fpr.at(-1)).toBe(1);
        expect(curve.tpr.at(-1)).toBe(1);
        for (let i = 1; i < curve.fpr.length; i++) {
          expect(curve.fpr[i]).toBeGreaterThanOrEqual(curve.fpr[i - 1] as number);
          expect(curve.tpr[i]).toBeGreaterThanOrEqual(curve.tpr[i - 1] as number);
        }
      }
    }
  });

  it('should leave a class with no examples (or only examples) without a curve', () => {
    const curves = rocCurveOvr([0, 0, 1], [0.9, 0.1, 0, 0.8, 0.2, 0, 0.3, 0.7, 0], 3);
    expect(curves[2]).toMatchObject({ fpr: [], tpr: [], auc: null, positives: 0 });
    const single = rocCurveOvr([0, 0], [1, 1], 1);
    expect(single[0]).toMatchObject({ auc: null, positives: 2 });
  });

  it('should handle ±Infinity scores and refuse NaN, bad labels and mismatched sizes', () => {
    const [, c1] = rocCurveOvr([1, 0], [0, Infinity, 0, -Infinity], 2);
    expect(c1?.auc).toBe(1);
    expect(() => rocCurveOvr([1, 0], [0, NaN, 0, 1], 2)).toThrow('probabilities[1] (row 0) is NaN');
    expect(() => rocCurveOvr([2], [0, 1], 2)).toThrow('yTrue[0] = 2 is not a class index in 0..1');
    expect(() => rocCurveOvr([0], [0, 1, 1], 2)).toThrow('probabilities has 3 values');
    expect(() => rocCurveOvr([], [], 0)).toThrow('numClasses must be an integer ≥ 1');
  });

  it('should agree with a confusion matrix built from the same predictions at the argmax', () => {
    // Sanity: the curves are read from the same file as the heatmap.
    const yTrue = [0, 1, 2, 2];
    const probabilities = [0.8, 0.1, 0.1, 0.2, 0.7, 0.1, 0.1, 0.2, 0.7, 0.6, 0.2, 0.2];
    expect(confusionMatrix(yTrue, [0, 1, 2, 0], 3)[2]).toEqual([1, 0, 1]);
    expect(rocCurveOvr(yTrue, probabilities, 3).map((c) => c.positives)).toEqual([1, 1, 2]);
  });
});

describe('residuals', () => {
  it('should be true minus predicted', () => {
    expect(Array.from(residuals([3, -0.5, 2], Float32Array.of(2.5, 0, 2)))).toEqual([0.5, -0.5, 0]);
    expect(() => residuals([1], [])).toThrow('yTrue has 1 values but yPred has 0');
  });
});
