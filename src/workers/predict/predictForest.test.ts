/**
 * The model server on random forests trained by the csv recipe's random_forest entry point:
 * served by runs:/ and models:/ URIs with the MLP's row checks and messages, predicting a run's
 * test rows from raw values exactly as predictions.csv records them, and every broken file
 * reported by name and field.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import { trainTestSplit } from '../../domain/ml/split';
import { parseBatchCsv } from '../../domain/playground/rows';
import { defaultParams, findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import { PredictClient } from '../../services/prediction/predictClient';
import { importDataset } from '../../services/training/datasetImport';
import { setupRecipeHarness } from '../../test/recipeHarness';
import { registryOf } from '../../test/testServices';
import { runCsv } from '../train/recipes/tabular';
import { ModelServer } from './predictModel';
import type { FromPredictWorker, ToPredictWorker } from './protocol';
import { NO_BACKEND } from './runnable.types';

const { harness, runRecipe } = setupRecipeHarness();

const COLORS = ['red', 'green', 'blue'];

/** size (numeric, skewed), color (text), weight (numeric, signed), then price (regression) or kind (classification). */
function shopCsv(rows: number, task: 'regression' | 'classification'): string {
  const lines = [`size,color,weight,${task === 'regression' ? 'price' : 'kind'}`];
  for (let i = 0; i < rows; i++) {
    const size = ((i * 37) % 23) ** 2 / 10;
    const weight = ((i * 53) % 41) / 4 - 5;
    const price = size * 2 + ((i * 7) % 3) * 5 - weight;
    const target = task === 'regression' ? price.toFixed(2) : price > 20 ? 'dear' : price > 8 ? 'fair' : 'cheap';
    lines.push(`${size},${COLORS[(i * 7) % 3]},${weight},${target}`);
  }
  return lines.join('\n');
}

/** The CSV's rows as objects keyed by column (numbers as numbers, text as it is), as a person passes them. */
function csvRows(csv: string): Record<string, string | number>[] {
  const [head = '', ...lines] = csv.split('\n');
  const header = head.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, c) => [header[c] as string, Number.isFinite(Number(cell)) ? Number(cell) : cell])));
}

async function trainForest(task: 'regression' | 'classification', rows: number, nEstimators = 12) {
  const csv = shopCsv(rows, task);
  const dataset = await importDataset(harness.client, csv, { fileName: 'shop.csv' });
  const target = task === 'regression' ? 'price' : 'kind';
  const { runId } = await runRecipe({ runner: runCsv, recipe: 'csv', entryPoint: 'random_forest', params: { dataset, target, task, n_estimators: nEstimators } });
  const params = defaultParams(findRecipe('csv'), findEntryPoint(findRecipe('csv'), 'random_forest'));
  return { csv, runId, testFraction: Number(params.test_fraction), seed: Number(params.seed) };
}

/** predictions.csv as rows of cells (no quoted cells here). */
async function predictionsCsv(runId: RunId): Promise<string[][]> {
  const text = await (await harness.client.downloadArtifact(runId, 'predictions.csv')).text();
  return text.trim().split('\n').slice(1).map((line) => line.split(','));
}

/** A worker that runs the model server on this thread, for PredictClient. */
class InProcessWorker extends EventTarget {
  private readonly server: ModelServer;
  constructor(server: ModelServer) {
    super();
    this.server = server;
  }
  postMessage(message: ToPredictWorker): void {
    const reply = (data: FromPredictWorker) => this.dispatchEvent(new MessageEvent('message', { data }));
    const failed = (error: unknown) => reply({ type: 'failed', id: message.id, error: { name: (error as Error).name, message: (error as Error).message } });
    if (message.type === 'describe') this.server.describe(message.location).then((info) => reply({ type: 'described', id: message.id, info }), failed);
    else this.server.predict(message.location, message.rows).then((results) => reply({ type: 'predicted', id: message.id, results }), failed);
  }
  terminate(): void {}
}

describe('ModelServer on a random forest', { timeout: 30_000 }, () => {
  it('should describe a forest regressor and predict raw test rows exactly as predictions.csv records them, with no TF.js backend', async () => {
    const { csv, runId, testFraction, seed } = await trainForest('regression', 160);
    let switches = 0;
    const server = new ModelServer({ tf, client: harness.client, selectBackend: async () => `${++switches}` });
    const location = { runId, artifactPath: 'model' };
    const info = await server.describe(location);
    expect(info.format).toEqual({ flavor: 'trainyard_forest', file: 'forest.json', task: 'regression', trees: 12, nEstimators: 12 });
    expect(info.backend).toBe(NO_BACKEND);
    expect([info.inputWidth, info.outputWidth]).toEqual([3, 1]);
    expect(info.signatureInputs).toContain('"shape": [-1, 3]');
    if (info.summary.input !== 'features') throw new Error('features expected');
    expect(info.summary.output).toEqual({ kind: 'value' });
    expect(info.summary.preprocessed).toBe(true);
    expect(info.summary.features.map((f) => [f.name, f.levels])).toEqual([
      ['size', undefined],
      ['color', ['blue', 'green', 'red']],
      ['weight', undefined],
    ]);
    // The input example (the forest's prepared inputs of the first training rows) comes back in raw units.
    const rows = csvRows(csv);
    const { train, test } = trainTestSplit(160, { testFraction, seed });
    const first = rows[train[0] as number];
    expect(info.summary.example[0]).toEqual([first?.size, ['blue', 'green', 'red'].indexOf(first?.color as string), first?.weight]);

    // The training CSV as a batch upload: every row fits and is predicted.
    const batch = parseBatchCsv(csv, 'shop.csv', info.summary);
    expect(batch.rows.every((row) => row.check.ok)).toBe(true);
    const all = await server.predict(location, batch.rows.map((row) => (row.check as { input: number[] }).input));
    expect(all.every((r) => r.ok && r.prediction.kind === 'value')).toBe(true);

    // The test rows, given raw by name: the very numbers of predictions.csv.
    const results = await server.predict(location, Array.from(test, (r) => rows[r]));
    const expected = await predictionsCsv(runId);
    expect(results).toHaveLength(expected.length);
    results.forEach((result, i) => {
      if (!result.ok || result.prediction.kind !== 'value') throw new Error(`row ${i}: ${JSON.stringify(result)}`);
      expect(result.prediction.value).toBe(Number(expected[i]?.[1]));
    });
    expect(switches).toBe(0);
    server.dispose();
  });

  it('should classify with the run\'s labels like predictions.csv, and check rows as for a network', async () => {
    const { csv, runId, testFraction, seed } = await trainForest('classification', 150);
    const server = new ModelServer({ tf, client: harness.client });
    const location = { runId, artifactPath: 'model' };
    const info = await server.describe(location);
    expect(info.format).toMatchObject({ flavor: 'trainyard_forest', task: 'classification', trees: 12 });
    expect(info.summary.output).toEqual({ kind: 'classes', labels: ['cheap', 'dear', 'fair'] });

    const rows = csvRows(csv);
    const kinds = rows.map((row) => ['cheap', 'dear', 'fair'].indexOf(row.kind as string));
    const { test } = trainTestSplit(150, { testFraction, seed, stratifyBy: Float64Array.from(kinds) });
    const results = await server.predict(location, [...Array.from(test, (r) => rows[r]), { size: 1, color: 'red' }, [1, 'purple', 2], 'text']);
    const expected = await predictionsCsv(runId);
    expected.forEach((cells, i) => {
      const result = results[i];
      if (!result?.ok || result.prediction.kind !== 'classes') throw new Error(`row ${i}: ${JSON.stringify(result)}`);
      expect(result.prediction.label).toBe(cells[1]);
      result.prediction.probabilities.forEach((p, k) => expect(p).toBeCloseTo(Number(cells[2 + k]), 5));
    });
    const n = test.length;
    expect(results.slice(n)).toEqual([
      { ok: false, error: `row ${n + 1}: missing "weight"` },
      { ok: false, error: `row ${n + 2}, value 2 (color): "purple" is not one of the levels seen in training ("blue", "green", "red")` },
      { ok: false, error: `row ${n + 3}: expected an object keyed by feature name or a list of values in feature order; got "text"` },
    ]);
    server.dispose();
  });

  it('should serve a registered forest by models:/ URI to the console\'s predict', async () => {
    const { runId } = await trainForest('classification', 120, 5);
    const registry = registryOf(harness.client);
    const version = await registry.registerModel(runId, 'shop-kind');
    await registry.setAlias('shop-kind', 'champion', version);
    const server = new ModelServer({ tf, client: harness.client });
    const client = new PredictClient({ registry: () => registry, createWorker: () => new InProcessWorker(server) as unknown as Worker });
    const described = await client.describe('models:/shop-kind@champion');
    expect(described).toMatchObject({ uri: 'models:/shop-kind@champion', location: { runId, artifactPath: 'model' }, backend: NO_BACKEND, format: { flavor: 'trainyard_forest' } });
    const [prediction] = await client.predict('models:/shop-kind/1', [{ size: 4, color: 'blue', weight: 0 }]);
    expect(prediction).toMatchObject({ label: expect.any(String) as string, probabilities: { cheap: expect.any(Number) as number, dear: expect.any(Number) as number, fair: expect.any(Number) as number } });
    await expect(client.predict('models:/shop-kind/1', [{ size: 4, color: 'blue' }])).rejects.toThrow('1 of 1 rows don\'t fit the model, nothing was predicted: row 1: missing "weight"');
    server.dispose();
  });

  /** A forest run with one of its model files then rewritten by `edit`. */
  async function brokenRun(edit: (files: { forest: string; mlmodel: string }) => { path: string; text: string }): Promise<RunId> {
    const { runId } = await trainForest('regression', 60, 3);
    const read = async (path: string) => (await harness.client.downloadArtifact(runId, path)).text();
    const { path, text } = edit({ forest: await read('model/forest.json'), mlmodel: await read('model/MLmodel') });
    await harness.client.logText(text, path, { runId });
    return runId;
  }

  it('should name the file and field of a broken forest.json, never crash', async () => {
    const runId = await brokenRun(({ forest }) => {
      const doc = JSON.parse(forest) as { trees: { thresholds: string }[] };
      (doc.trees[2] as { thresholds: string }).thresholds = 'AAAA';
      return { path: 'model/forest.json', text: JSON.stringify(doc) };
    });
    const server = new ModelServer({ tf, client: harness.client });
    const error = await server.describe({ runId, artifactPath: 'model' }).then(() => null, (e: unknown) => e as Error);
    expect(error?.name).toBe('PlaygroundError');
    expect(error?.message).toMatch(new RegExp(`^model/forest\\.json of run ${runId} is not a valid random forest model: trees\\[2\\]\\.thresholds: holds 3 bytes where \\d+ float32 thresholds need \\d+\\.$`));
  });

  it.each<[string, (files: { forest: string; mlmodel: string }) => { path: string; text: string }, RegExp]>([
    ['forest.json is not JSON', () => ({ path: 'model/forest.json', text: '{"format": "trainyard-forest", ' }), /^model\/forest\.json of run \w+ is not a valid random forest model: not valid JSON/],
    ['the flavor names a file that is not there', ({ mlmodel }) => ({ path: 'model/MLmodel', text: mlmodel.replace('forest_json: forest.json', 'forest_json: trees.json') }), /has no model at "model": model\/trees\.json, which MLmodel's trainyard_forest flavor names, is missing\./],
    ['forest.json contradicts the flavor', ({ mlmodel }) => ({ path: 'model/MLmodel', text: mlmodel.replace('task: regression', 'task: classification') }), /holds a regression forest, but MLmodel's trainyard_forest flavor says task: classification\./],
    ['the flavor is from the future', ({ mlmodel }) => ({ path: 'model/MLmodel', text: mlmodel.replace('format_version: 1', 'format_version: 2') }), /^model\/MLmodel of run \w+: flavors\.trainyard_forest\.format_version: this app reads version 1; got 2\.$/],
    [
      'forest.json reads other features than the preprocessing prepares',
      ({ forest }) => ({ path: 'model/forest.json', text: forest.replace('"featureNames":["size","color","weight"]', '"featureNames":["color","size","weight"]') }),
      /^model\/forest\.json reads the features "color", "size", "weight", but preprocessing\.json prepares "size", "color", "weight"/,
    ],
  ])('should say so when %s', async (_, edit, message) => {
    const runId = await brokenRun(edit);
    const server = new ModelServer({ tf, client: harness.client });
    await expect(server.describe({ runId, artifactPath: 'model' })).rejects.toThrow(message);
  });

  it('should name the flavors of a model it can\'t run', async () => {
    const run = await harness.client.startRun();
    await harness.client.logText('artifact_path: model\nflavors:\n  python_function: {}\n  sklearn: {}\n', 'model/MLmodel');
    await harness.client.endRun();
    const server = new ModelServer({ tf, client: harness.client });
    await expect(server.describe({ runId: run.runId, artifactPath: 'model' })).rejects.toThrow(
      'model/model.json is missing. Its MLmodel lists the flavors python_function, sklearn; the playground serves TF.js layers models (tfjs) and Trainyard random forests (trainyard_forest).',
    );
  });
});
