/**
 * The evaluation every recipe logs after training: the test-set predictions file (read back with
 * the parsers the run page uses) next to the report and the confusion matrix, for both tasks.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  parseClassificationReport,
  parseConfusionMatrixCsv,
  parsePredictionsCsv,
  rocCurveOvr,
} from '../../../domain/compare/evaluation';
import type { RunId } from '../../../domain/ids';
import { setupRecipeHarness } from '../../../test/recipeHarness';
import { argmaxRows, logClassificationEvaluation, logRegressionEvaluation } from './evaluate';
import { runIris } from './iris';
import type { RecipeContext } from './runner.types';

const { harness, runRecipe } = setupRecipeHarness();

async function context(): Promise<RecipeContext> {
  const run = await harness.client.startRun({ runName: 'evaluate' });
  return { tf, client: harness.client, runId: run.runId, entryPoint: 'main', params: {}, stopRequested: () => false, onProgress: () => {} };
}

async function readText(runId: RunId, path: string): Promise<string> {
  return (await harness.client.downloadArtifact(runId, path)).text();
}

describe('logClassificationEvaluation', () => {
  it('should log predictions.csv with quoted label names and 6-digit probabilities, consistent with the metrics, report and matrix', async () => {
    const labels = ['<img src=x onerror=alert(1)>', 'a,b', 'say "hi"'];
    const yTrue = Int32Array.of(0, 1, 2, 0, 1, 2, 2);
    const probabilities = Float32Array.of(
      0.7, 0.2, 0.1,
      0.1, 0.8, 0.1,
      0.2, 0.3, 0.5,
      0.3, 0.6, 0.1,
      0.123456789, 0.5, 0.376543211,
      0.1, 0.1, 0.8,
      0.4, 0.35, 0.25,
    );
    const ctx = await context();
    const metrics = await logClassificationEvaluation(ctx, { yTrue, yTrain: yTrue, probabilities, labels });

    const text = await readText(ctx.runId, 'predictions.csv');
    const lines = text.split('\n');
    expect(lines[0]).toBe('y_true,y_pred,p_<img src=x onerror=alert(1)>,"p_a,b","p_say ""hi"""');
    expect(lines[1]).toBe('<img src=x onerror=alert(1)>,<img src=x onerror=alert(1)>,0.7,0.2,0.1');
    expect(lines[5]).toBe('"a,b","a,b",0.123457,0.5,0.376543');
    expect(lines[7]).toBe('"say ""hi""",<img src=x onerror=alert(1)>,0.4,0.35,0.25');
    expect(lines).toHaveLength(yTrue.length + 2); // header, rows, and the final newline

    const parsed = parsePredictionsCsv(text);
    if (parsed.task !== 'classification') throw new Error('expected a classification predictions file');
    expect(parsed.labels).toEqual(labels);
    expect(Array.from(parsed.yTrue)).toEqual(Array.from(yTrue));
    expect(Array.from(parsed.yPred)).toEqual(Array.from(argmaxRows(probabilities, 3)));
    // The macro mean of the per-class curves' AUCs is the logged test_roc_auc_ovr.
    const curves = rocCurveOvr(parsed.yTrue, parsed.probabilities, 3);
    const macro = curves.reduce((sum, c) => sum + (c.auc ?? 0), 0) / 3;
    expect(macro).toBeCloseTo(metrics.test_roc_auc_ovr ?? Number.NaN, 6);

    const matrix = parseConfusionMatrixCsv(await readText(ctx.runId, 'confusion_matrix.csv'));
    expect(matrix).toEqual({ labels, counts: [[1, 1, 0], [0, 2, 0], [1, 0, 2]] });
    const report = parseClassificationReport(await readText(ctx.runId, 'classification_report.json'));
    expect(report.labels).toEqual(labels);
    expect(report.accuracy).toBeCloseTo(metrics.test_accuracy ?? Number.NaN, 12);
    expect(report.classes.map((c) => c.support)).toEqual([2, 2, 3]);
  });

  it('should log the majority-class baseline with the run: the training majority scored on the test labels', async () => {
    const ctx = await context();
    // Training majority: class 2 (3 of 5). Test labels 0, 2, 1, 2: the guess "2" is right twice of 4.
    const probabilities = Float32Array.of(1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1);
    const metrics = await logClassificationEvaluation(ctx, { yTrue: [0, 2, 1, 2], yTrain: [2, 0, 2, 1, 2], probabilities, labels: ['a', 'b', 'c'] });
    expect(metrics.test_baseline_accuracy).toBe(0.5);
    await harness.client.flush();
    const stored = await harness.client.getRun(ctx.runId);
    expect(stored.metrics.test_baseline_accuracy?.latest.value).toBe(0.5);
  });

  it('should score the majority class of the training labels on the test labels', async () => {
    const ctx = await context();
    const probabilities = Float32Array.of(1, 0, 0, 1, 0, 1, 0, 1);
    const metrics = await logClassificationEvaluation(ctx, { yTrue: [0, 1, 1, 1], yTrain: [0, 1, 1, 1], probabilities, labels: ['no', 'yes'] });
    expect(metrics.test_baseline_accuracy).toBe(0.75);
  });

  it('should log predictions.csv when only one class is in the test split (no AUC metric)', async () => {
    const ctx = await context();
    const metrics = await logClassificationEvaluation(ctx, { yTrue: [1, 1], yTrain: [1, 1], probabilities: Float32Array.of(0.2, 0.8, 0.6, 0.4), labels: ['no', 'yes'] });
    expect(metrics.test_roc_auc_ovr).toBeUndefined();
    expect(await readText(ctx.runId, 'predictions.csv')).toBe('y_true,y_pred,p_no,p_yes\nyes,yes,0.2,0.8\nyes,no,0.6,0.4\n');
  });
});

describe('logRegressionEvaluation', () => {
  it('should log predictions.csv as y_true,y_pred, the model outputs in their shortest float32 form', async () => {
    const ctx = await context();
    const yTest = Float64Array.of(5, 6, 7.25);
    const predictions = Float32Array.of(5.1, 5.9, 7.5);
    const metrics = await logRegressionEvaluation(ctx, { yTrain: [5, 6, 7], yTest, predictions });
    const text = await readText(ctx.runId, 'predictions.csv');
    expect(text).toBe('y_true,y_pred\n5,5.1\n6,5.9\n7.25,7.5\n');
    const parsed = parsePredictionsCsv(text);
    if (parsed.task !== 'regression') throw new Error('expected a regression predictions file');
    expect(Array.from(parsed.yTrue)).toEqual([5, 6, 7.25]);
    expect(metrics.test_mae).toBeCloseTo((0.1 + 0.1 + 0.25) / 3, 6);
  });

  it('should log the RMSE and MAE of guessing the training mean with the run', async () => {
    const ctx = await context();
    // Training mean 6; test errors 1, 0, 1.25: RMSE √((1 + 0 + 1.5625) / 3), MAE 2.25 / 3.
    const metrics = await logRegressionEvaluation(ctx, { yTrain: [5, 6, 7], yTest: [5, 6, 7.25], predictions: [5, 6, 7] });
    expect(metrics.test_baseline_rmse).toBeCloseTo(Math.sqrt(2.5625 / 3), 12);
    expect(metrics.test_baseline_mae).toBeCloseTo(0.75, 12);
    await harness.client.flush();
    const stored = await harness.client.getRun(ctx.runId);
    expect(stored.metrics.test_baseline_mae?.latest.value).toBeCloseTo(0.75, 12);
  });
});

describe('a trained recipe', () => {
  it('should leave predictions.csv for every test example of Iris', async () => {
    const { runId, stored } = await runRecipe({ runner: runIris, recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 3 } });
    const parsed = parsePredictionsCsv(await readText(runId, 'predictions.csv'));
    if (parsed.task !== 'classification') throw new Error('expected a classification predictions file');
    expect(parsed.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(parsed.yTrue).toHaveLength(Number(stored.params.test_size));
    const baseline = stored.metrics.test_baseline_accuracy?.latest.value ?? Number.NaN;
    expect(baseline).toBeGreaterThan(0.2); // three balanced species: about a third
    expect(baseline).toBeLessThan(0.5);
    for (let i = 0; i < parsed.yTrue.length; i++) {
      const row = parsed.probabilities.subarray(i * 3, i * 3 + 3);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    }
  });
});
