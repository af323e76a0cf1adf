import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RunId } from '../../../domain/ids';
import { importDataset } from '../../../services/training/datasetImport';
import { runCsv, runWine } from './tabular';
import { validationCut } from './wineSgd';
import { featureRanges, targetStats } from './tabularData';
import { setupRecipeHarness } from '../../../test/recipeHarness';

const { harness, runRecipe } = setupRecipeHarness();

/** y = 50 + 20·a − 10·b (+ a little deterministic wiggle): a target far from 0 with a large spread. */
function regressionCsv(rows: number): string {
  const lines = ['a,b,y'];
  for (let i = 0; i < rows; i++) {
    const a = ((i * 37) % 101) / 50 - 1;
    const b = ((i * 53) % 97) / 48 - 1;
    lines.push(`${a.toFixed(4)},${b.toFixed(4)},${(50 + 20 * a - 10 * b + Math.sin(i) * 0.1).toFixed(4)}`);
  }
  return lines.join('\n');
}

async function readJson(runId: RunId, path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await (await harness.client.downloadArtifact(runId, path)).text()) as Record<string, unknown>;
}

describe('targetStats', () => {
  it.each([
    { values: [1, 2, 3, 4], mean: 2.5, std: Math.sqrt(1.25) },
    { values: [5, 5, 5], mean: 5, std: 1 },
    { values: [], mean: 0, std: 1 },
    { values: [7], mean: 7, std: 1 },
  ])('should give mean $mean and std $std for $values (std 1 when there is no spread)', ({ values, mean, std }) => {
    const stats = targetStats(values);
    expect(stats.mean).toBeCloseTo(mean, 12);
    expect(stats.std).toBeCloseTo(std, 12);
  });
});

describe('featureRanges', () => {
  it('should give each column its smallest and largest value over the chosen rows only', () => {
    const columns = [Float64Array.from([5, -1, 3, 100]), Float64Array.from([0.5, 0.25, 0.75, -9])];
    expect(featureRanges(columns, [0, 1, 2])).toEqual({ min: [-1, 0.25], max: [5, 0.75] });
    expect(featureRanges(columns, [3])).toEqual({ min: [100, -9], max: [100, -9] });
  });
});

describe('runCsv (regression)', () => {
  it('should end the network with a Rescaling to the target units, record its mean and std, and fit a far-from-zero target', async () => {
    const before = tf.memory().numTensors;
    const datasetId = await importDataset(harness.client, regressionCsv(400), { fileName: 'linear.csv' });
    const { stored, runId } = await runRecipe({
      runner: runCsv,
      recipe: 'csv',
      entryPoint: 'mlp',
      params: { dataset: datasetId, target: 'y', task: 'regression', epochs: 40, hidden_layers: '16' },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(stored.tags['trainyard.fit_engine']).toBe('smallnet');
    const preprocessing = await readJson(runId, 'preprocessing.json');
    expect(preprocessing.target_mean).toBeGreaterThan(45);
    expect(preprocessing.target_mean).toBeLessThan(55);
    expect(preprocessing.target_std).toBeGreaterThan(5);
    // Without the rescaling, 40 epochs of Adam at 0.001 from a zero bias leave the RMSE near 50.
    const rmse = stored.metrics.test_rmse?.latest.value ?? NaN;
    const baseline = stored.metrics.test_baseline_rmse?.latest.value ?? NaN;
    expect(rmse).toBeLessThan(baseline / 3);
    const modelJson = await readJson(runId, 'model/model.json');
    const topology = modelJson.modelTopology as { config: { layers: Array<{ class_name: string; config: Record<string, unknown> }> } };
    const layers = topology.config.layers;
    const last = layers.at(-1);
    expect(last?.class_name).toBe('Rescaling');
    expect(last?.config.offset).toBeCloseTo(Number(preprocessing.target_mean), 6);
    expect(last?.config.scale).toBeCloseTo(Number(preprocessing.target_std), 6);
  });

  it('should not rescale a classification target', async () => {
    const csv = ['a,b,label', ...Array.from({ length: 120 }, (_, i) => `${i % 7},${i % 5},${i % 2 === 0 ? 'even' : 'odd'}`)].join('\n');
    const datasetId = await importDataset(harness.client, csv, { fileName: 'classes.csv' });
    const { runId } = await runRecipe({
      runner: runCsv,
      recipe: 'csv',
      entryPoint: 'mlp',
      params: { dataset: datasetId, target: 'label', task: 'classification', epochs: 2, hidden_layers: '4' },
    });
    expect(await readJson(runId, 'preprocessing.json')).not.toHaveProperty('target_mean');
    const summary = await (await harness.client.downloadArtifact(runId, 'model_summary.txt')).text();
    expect(summary).not.toMatch(/Rescaling/);
  });
});

describe('runCsv (a text feature)', () => {
  it('should record the levels of each text feature in code order in preprocessing.json, and none for numeric features', async () => {
    const colors = ['red', 'green', 'blue'];
    const csv = ['size,color,price', ...Array.from({ length: 90 }, (_, i) => `${(i % 9) + 1},${colors[i % 3]},${(i % 9) * 2 + (i % 3) * 5}`)].join('\n');
    const datasetId = await importDataset(harness.client, csv, { fileName: 'shop.csv' });
    const { runId } = await runRecipe({
      runner: runCsv,
      recipe: 'csv',
      entryPoint: 'mlp',
      params: { dataset: datasetId, target: 'price', task: 'regression', epochs: 1, hidden_layers: '4' },
    });
    const preprocessing = await readJson(runId, 'preprocessing.json');
    expect(preprocessing.features).toEqual(['size', 'color']);
    // The importer codes levels in sorted order: blue 0, green 1, red 2.
    expect(preprocessing.feature_levels).toEqual({ color: ['blue', 'green', 'red'] });
    expect(preprocessing.feature_max).toEqual([9, 2]);

    // An all-numeric table records no levels (the playground reads that as all numeric).
    const numericId = await importDataset(harness.client, regressionCsv(60), { fileName: 'linear.csv' });
    const numeric = await runRecipe({
      runner: runCsv,
      recipe: 'csv',
      entryPoint: 'mlp',
      params: { dataset: numericId, target: 'y', task: 'regression', epochs: 1, hidden_layers: '4' },
    });
    expect(await readJson(numeric.runId, 'preprocessing.json')).not.toHaveProperty('feature_levels');
  });
});

/** A wine-shaped table: a skewed non-negative feature, one that goes negative, and `quality`. */
function wineLikeCsv(rows: number): string {
  const lines = ['"sugar";"temperature";"quality"'];
  for (let i = 0; i < rows; i++) {
    const sugar = ((i * 37) % 101) ** 2 / 100;
    const temperature = ((i * 53) % 97) / 10 - 4;
    lines.push(`${sugar.toFixed(3)};${temperature.toFixed(2)};${Math.round(5 + Math.log1p(sugar) / 2 - temperature / 8)}`);
  }
  return lines.join('\n');
}

describe('runWine (MLP)', () => {
  it('should average the weights from swa_start_epoch on and log-transform only the never-negative features', async () => {
    const before = tf.memory().numTensors;
    const datasetId = await importDataset(harness.client, wineLikeCsv(300), { fileName: 'wine-like.csv' });
    const { stored, runId } = await runRecipe({
      runner: runWine,
      recipe: 'wine_quality',
      entryPoint: 'mlp',
      // A validation split still gives val_loss, but the average (not the best epoch) is the model.
      params: { dataset: datasetId, epochs: 12, swa_start_epoch: 5, validation_split: 0.2, hidden_layers: '8' },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(stored.status).toBe('FINISHED');
    expect(stored.metrics.swa_epochs_averaged?.latest.value).toBe(8); // epochs 5..12
    expect(stored.metrics.val_loss).toBeDefined();
    expect(stored.metrics.best_epoch).toBeUndefined();
    expect(stored.params).not.toHaveProperty('restore_best_weights');
    const preprocessing = await readJson(runId, 'preprocessing.json');
    expect(preprocessing.log1p_features).toEqual(['sugar']);
    // Ranges are of the raw training values (the playground shows them), not of ln(1 + sugar).
    const features = preprocessing.features as string[];
    const min = preprocessing.feature_min as number[];
    const max = preprocessing.feature_max as number[];
    expect(min).toHaveLength(features.length);
    expect(max).toHaveLength(features.length);
    expect(max[features.indexOf('sugar')]).toBeGreaterThan(Math.log1p(100));
    features.forEach((_, c) => expect(min[c]).toBeLessThanOrEqual(max[c] as number));
    expect(preprocessing).not.toHaveProperty('labels');
    expect(preprocessing.log_transform).toMatch(/ln\(1 \+ max\(x, 0\)\)/);
    // The standardiser's statistics are those of ln(1 + sugar), not of sugar (max 100).
    expect((preprocessing.mean as number[])[0]).toBeLessThan(Math.log1p(100));
    expect(stored.metrics.test_rmse!.latest.value).toBeLessThan(stored.metrics.test_baseline_rmse!.latest.value);
  });

  it('should keep the best validation epoch and raw features when averaging and the transform are off', async () => {
    const datasetId = await importDataset(harness.client, wineLikeCsv(200), { fileName: 'wine-like.csv' });
    const { stored, runId } = await runRecipe({
      runner: runWine,
      recipe: 'wine_quality',
      entryPoint: 'mlp',
      params: { dataset: datasetId, epochs: 6, swa_start_epoch: 0, feature_transform: 'none', validation_split: 0.2, hidden_layers: '4' },
    });
    expect(stored.metrics.best_epoch).toBeDefined();
    expect(stored.metrics.swa_epochs_averaged).toBeUndefined();
    expect(stored.params).toMatchObject({ restore_best_weights: 'True' });
    expect(await readJson(runId, 'preprocessing.json')).not.toHaveProperty('log1p_features');
  });
});

describe('runWine (sgd, MLflow\'s hyperparameter example)', () => {
  it('should cut 56/19/25 by default: a quarter for test, then a quarter of the rest for validation', () => {
    expect(validationCut(1199, 0.25)).toBe(899); // red wine: 899 / 300 / 400 of 1,599
    expect(validationCut(300, 0.25)).toBe(225);
    expect(validationCut(10, 0.05)).toBe(9);
  });

  it('should train with SGD and momentum and log train, validation and test RMSE', async () => {
    const before = tf.memory().numTensors;
    const datasetId = await importDataset(harness.client, wineLikeCsv(400), { fileName: 'wine-like.csv' });
    const { stored } = await runRecipe({
      runner: runWine,
      recipe: 'wine_quality',
      entryPoint: 'sgd',
      params: { dataset: datasetId, epochs: 8, learning_rate: 0.01, momentum: 0.9 },
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(stored.status).toBe('FINISHED');
    expect(stored.tags['trainyard.fit_engine']).toBe('smallnet');
    expect(stored.params).toMatchObject({ train_size: '300', test_size: '100', fit_size: '225', validation_size: '75', opt_name: 'Momentum' });
    for (const key of ['train_rmse', 'val_rmse', 'test_rmse', 'val_loss']) expect(stored.metrics[key], key).toBeDefined();
    expect(stored.metrics.val_loss?.count).toBe(8);
    // The validation RMSE is the root of the last epoch's validation MSE (same rows, same weights).
    expect(stored.metrics.val_rmse!.latest.value).toBeCloseTo(Math.sqrt(stored.metrics.val_loss!.latest.value), 3);
  });
});
