import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { irisDataset, IRIS_TARGET } from '../../domain/datasets/builtins';
import type { RunId } from '../../domain/ids';
import { defaultParams, findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import { importDataset } from '../../services/training/datasetImport';
import { runIris } from '../train/recipes/iris';
import { parseBatchCsv } from '../../domain/playground/rows';
import { runCsv, runWine } from '../train/recipes/tabular';
import { trainTestSplit } from '../../domain/ml/split';
import { runText } from '../train/recipes/text';
import { setupRecipeHarness } from '../../test/recipeHarness';
import { ModelServer } from './predictModel';

const { harness, runRecipe } = setupRecipeHarness();

/** predictions.csv as rows of cells (the test data has no quoted cells). */
async function predictionsCsv(runId: RunId): Promise<string[][]> {
  const text = await (await harness.client.downloadArtifact(runId, 'predictions.csv')).text();
  return text.trim().split('\n').slice(1).map((line) => line.split(','));
}

/** Iris's raw test rows, in predictions.csv's order: the recipe's stratified split, redone. */
function irisTestRows(params: Record<string, number | string>): { features: string[]; rows: number[][] } {
  const dataset = irisDataset();
  const target = dataset.data[dataset.columns.indexOf(IRIS_TARGET)] as Float64Array;
  const { test } = trainTestSplit(target.length, { testFraction: Number(params.test_fraction), seed: Number(params.seed), stratifyBy: target });
  const features = dataset.columns.filter((c) => c !== IRIS_TARGET);
  const columns = features.map((name) => dataset.data[dataset.columns.indexOf(name)] as Float64Array);
  return { features, rows: Array.from(test, (r) => columns.map((column) => column[r] as number)) };
}

describe('ModelServer', { timeout: 30_000 }, () => {
  it('should never switch backends for two requests at once', async () => {
    const { runId } = await runRecipe({ runner: runIris, recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 2 } });
    let active = 0;
    let most = 0;
    const selectBackend = async () => {
      most = Math.max(most, ++active);
      await new Promise((resolve) => setTimeout(resolve, 5));
      active--;
      return tf.getBackend();
    };
    const server = new ModelServer({ tf, client: harness.client, selectBackend });
    // Two models (the second folder doesn't exist, but its run is read and a backend chosen first) and a predict.
    const results = await Promise.allSettled([
      server.describe({ runId, artifactPath: 'model' }),
      server.describe({ runId, artifactPath: 'other' }),
      server.predict({ runId, artifactPath: 'model' }, [[5.1, 3.5, 1.4, 0.2]]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(most).toBe(1);
  });

  it('should predict an Iris run\'s test rows from raw measurements exactly as the model did in training', async () => {
    const { runId } = await runRecipe({ runner: runIris, recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 20 } });
    const params = { ...defaultParams(findRecipe('iris_logreg'), findEntryPoint(findRecipe('iris_logreg'), 'main')) };
    const server = new ModelServer({ tf, client: harness.client });
    const info = await server.describe({ runId, artifactPath: 'model' });
    expect(info.summary).toMatchObject({ input: 'features', output: { kind: 'classes', labels: ['setosa', 'versicolor', 'virginica'] }, preprocessed: true });
    if (info.summary.input !== 'features') throw new Error('features expected');
    expect(info.summary.features.map((f) => f.name)).toHaveLength(4);
    expect(info.summary.features[0]?.min).toBeGreaterThanOrEqual(4.3);
    // The input example (logged standardised) comes back in centimetres.
    expect(info.summary.example[0]?.every((v) => v > 0 && v < 8)).toBe(true);

    const { features, rows } = irisTestRows(params);
    const objects = rows.map((row) => Object.fromEntries(features.map((name, c) => [name, row[c]])));
    const before = tf.memory().numTensors;
    const results = await server.predict({ runId, artifactPath: 'model' }, objects);
    expect(tf.memory().numTensors).toBe(before);
    const expected = await predictionsCsv(runId);
    expect(results).toHaveLength(expected.length);
    results.forEach((result, i) => {
      if (!result.ok || result.prediction.kind !== 'classes') throw new Error(`row ${i}: ${JSON.stringify(result)}`);
      const cells = expected[i] as string[];
      expect(result.prediction.label).toBe(cells[1]);
      result.prediction.probabilities.forEach((p, k) => expect(p).toBeCloseTo(Number(cells[2 + k]), 5));
    });
    server.dispose();
  });

  it('should report each bad row and predict the others', async () => {
    const { runId } = await runRecipe({ runner: runIris, recipe: 'iris_logreg', entryPoint: 'main', params: { epochs: 2 } });
    const server = new ModelServer({ tf, client: harness.client });
    const info = await server.describe({ runId, artifactPath: 'model' });
    if (info.summary.input !== 'features') throw new Error('features expected');
    const [a, b, c, d] = info.summary.features.map((f) => f.name) as [string, string, string, string];
    const results = await server.predict({ runId, artifactPath: 'model' }, [
      { [a]: 5.1, [b]: 3.5, [c]: 1.4, [d]: 0.2 },
      { [a]: 5.1, [b]: 3.5, [c]: 1.4 },
      [5.1, 3.5, 1.4, 'x'],
      [6.3, 2.9, 5.6, 1.8],
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    expect(results[1]).toEqual({ ok: false, error: `row 2: missing "${d}"` });
    expect(results[2]).toMatchObject({ ok: false, error: expect.stringContaining('row 3, value 4') as string });
    server.dispose();
  });

  it('should predict a wine-style regressor with log1p features like its test rows in training', async () => {
    const lines = ['"sugar";"temperature";"quality"'];
    for (let i = 0; i < 200; i++) {
      const sugar = ((i * 37) % 101) ** 2 / 100;
      const temperature = ((i * 53) % 97) / 10 - 4;
      lines.push(`${sugar.toFixed(3)};${temperature.toFixed(2)};${Math.round(5 + Math.log1p(sugar) / 2 - temperature / 8)}`);
    }
    const datasetId = await importDataset(harness.client, lines.join('\n'), { fileName: 'wine-like.csv' });
    const { runId } = await runRecipe({
      runner: runWine,
      recipe: 'wine_quality',
      entryPoint: 'mlp',
      params: { dataset: datasetId, epochs: 5, swa_start_epoch: 0, validation_split: 0, hidden_layers: '8' },
    });
    const params = defaultParams(findRecipe('wine_quality'), findEntryPoint(findRecipe('wine_quality'), 'mlp'));
    const split = trainTestSplit(200, { testFraction: Number(params.test_fraction), seed: Number(params.seed) });
    const raw = lines.slice(1).map((line) => line.split(';').map(Number));
    const server = new ModelServer({ tf, client: harness.client });
    const results = await server.predict(
      { runId, artifactPath: 'model' },
      Array.from(split.test, (r) => ({ sugar: raw[r]?.[0], temperature: raw[r]?.[1] })),
    );
    const expected = await predictionsCsv(runId);
    results.forEach((result, i) => {
      if (!result.ok || result.prediction.kind !== 'value') throw new Error(`row ${i}: ${JSON.stringify(result)}`);
      expect(result.prediction.value).toBe(Math.fround(Number(expected[i]?.[1])));
    });
    server.dispose();
  });

  it('should predict a CSV run with a text feature from the training CSV itself, like its test rows in training', async () => {
    const colors = ['red', 'green', 'blue'];
    const csv = ['size,color,price', ...Array.from({ length: 120 }, (_, i) => `${(i % 9) + 1},${colors[(i * 7) % 3]},${(i % 9) * 2 + ((i * 7) % 3) * 5}`)].join('\n');
    const datasetId = await importDataset(harness.client, csv, { fileName: 'shop.csv' });
    const { runId } = await runRecipe({
      runner: runCsv,
      recipe: 'csv',
      entryPoint: 'mlp',
      params: { dataset: datasetId, target: 'price', task: 'regression', epochs: 3, hidden_layers: '8' },
    });
    const server = new ModelServer({ tf, client: harness.client });
    const location = { runId, artifactPath: 'model' };
    const info = await server.describe(location);
    if (info.summary.input !== 'features') throw new Error('features expected');
    expect(info.summary.features.map((f) => f.levels)).toEqual([undefined, ['blue', 'green', 'red']]);
    expect(info.summary.features[1]?.levels?.[info.summary.example[0]?.[1] ?? -1]).toBeDefined();

    // Upload the training CSV: every row is read, the text column as the codes training used.
    const batch = parseBatchCsv(csv, 'shop.csv', info.summary);
    expect(batch.rows.every((row) => row.check.ok)).toBe(true);
    const all = await server.predict(location, batch.rows.map((row) => (row.check as { input: number[] }).input));
    expect(all.every((r) => r.ok)).toBe(true);

    // Rows keyed by name with the level text give the test rows' predictions from training.
    const params = defaultParams(findRecipe('csv'), findEntryPoint(findRecipe('csv'), 'mlp'));
    const split = trainTestSplit(120, { testFraction: Number(params.test_fraction), seed: Number(params.seed) });
    const raw = csv.split('\n').slice(1).map((line) => line.split(','));
    const results = await server.predict(
      location,
      [...Array.from(split.test, (r) => ({ size: Number(raw[r]?.[0]), color: raw[r]?.[1] })), { size: 2, color: 'purple' }],
    );
    const expected = await predictionsCsv(runId);
    expected.forEach((cells, i) => {
      const result = results[i];
      if (!result?.ok || result.prediction.kind !== 'value') throw new Error(`row ${i}: ${JSON.stringify(result)}`);
      expect(result.prediction.value).toBe(Math.fround(Number(cells[1])));
    });
    expect(results.at(-1)).toEqual({
      ok: false,
      error: `row ${split.test.length + 1}, column "color": "purple" is not one of the levels seen in training ("blue", "green", "red")`,
    });
    server.dispose();
  });

  it('should classify text with the run\'s vocabulary, like the test documents in training', async () => {
    const topics: Record<string, string[]> = { grain: ['wheat', 'corn', 'harvest', 'crop'], oil: ['crude', 'barrel', 'opec', 'refinery'] };
    const lines = ['text,label,split'];
    const texts: string[] = [];
    for (let i = 0; i < 80; i++) {
      const label = i % 2 === 0 ? 'grain' : 'oil';
      const words = topics[label] as string[];
      const text = `the ${words[i % 4]} said ${words[(i * 3) % 4]} market ${i % 5 === 0 ? words[(i + 1) % 4] : 'week'}`;
      lines.push(`${text},${label},${i % 4 === 0 ? 'test' : 'train'}`);
      if (i % 4 === 0) texts.push(text);
    }
    const datasetId = await importDataset(harness.client, `${lines.join('\n')}\n`, { kind: 'text', fileName: 'topics.csv' });
    const { runId } = await runRecipe({
      runner: runText,
      recipe: 'text_classifier',
      entryPoint: 'mlp',
      params: { dataset: datasetId, epochs: 3, hidden_units: 8, max_words: 50, learning_rate: 0.01 },
    });
    const server = new ModelServer({ tf, client: harness.client });
    const info = await server.describe({ runId, artifactPath: 'model' });
    expect(info.summary).toMatchObject({ input: 'text', output: { kind: 'classes', labels: ['grain', 'oil'] } });
    if (info.summary.input !== 'text') throw new Error('text expected');
    expect(info.summary.example[0]).toBe(lines[1]?.split(',')[0]);
    const results = await server.predict({ runId, artifactPath: 'model' }, [...texts, 42]);
    const expected = await predictionsCsv(runId);
    texts.forEach((_, i) => {
      const result = results[i];
      if (!result?.ok || result.prediction.kind !== 'classes') throw new Error(`row ${i}: ${JSON.stringify(result)}`);
      expect(result.prediction.label).toBe(expected[i]?.[1]);
      result.prediction.probabilities.forEach((p, k) => expect(p).toBeCloseTo(Number(expected[i]?.[2 + k]), 5));
    });
    expect(results.at(-1)).toMatchObject({ ok: false, error: expect.stringContaining(`row ${texts.length + 1}: the text model takes a string`) as string });
    server.dispose();
  });

  it('should say when a run has no model', async () => {
    const run = await harness.client.startRun();
    await harness.client.endRun();
    const server = new ModelServer({ tf, client: harness.client });
    await expect(server.describe({ runId: run.runId, artifactPath: 'model' })).rejects.toThrow(/has no model at "model": model\/model.json is missing/);
  });
});
