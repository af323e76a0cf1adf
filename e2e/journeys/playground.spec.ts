/**
 * The prediction playground: a trained model predicts through the generated form, a CSV batch
 * (with a bad row) and the console, and exports as a standalone zip. The expected numbers come
 * from elsewhere: the run's own test-set predictions (predictions.csv, logged in training) for
 * raw test rows rebuilt here in Node with the recipe's seeded split, and the exported zip loaded
 * with TF.js in Node.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import type { Tensor } from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test } from '../fixtures';
import { irisDataset, IRIS_TARGET, parseWineCsv, WINE_TARGET } from '../../src/domain/datasets/builtins';
import { trainTestSplit } from '../../src/domain/ml/split';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

interface TestSet {
  features: string[];
  rows: number[][];
}

/** The raw feature rows of a tabular run's test split, in predictions.csv's order. */
function testRows(dataset: ReturnType<typeof irisDataset>, target: string, params: Record<string, string>, stratify: boolean): TestSet {
  const targetColumn = dataset.data[dataset.columns.indexOf(target)] as Float64Array;
  const { test } = trainTestSplit(targetColumn.length, {
    testFraction: Number(params.test_fraction),
    seed: Number(params.seed),
    ...(stratify ? { stratifyBy: targetColumn } : {}),
  });
  const features = dataset.columns.filter((c) => c !== target);
  const columns = features.map((name) => dataset.data[dataset.columns.indexOf(name)] as Float64Array);
  return { features, rows: Array.from(test, (r) => columns.map((column) => column[r] as number)) };
}

async function artifactText(page: Page, runId: string, path: string): Promise<string> {
  return page.evaluate(async ([id, p]) => (await window.trainyard.downloadArtifact(id as never, p)).text(), [runId, path] as const);
}

/** predictions.csv as rows of cells (no quoted cells in these runs). */
async function loggedPredictions(page: Page, runId: string): Promise<{ header: string[]; rows: string[][] }> {
  const [header, ...rows] = (await artifactText(page, runId, 'predictions.csv')).trim().split('\n').map((line) => line.split(','));
  return { header: header ?? [], rows };
}

async function fillRow(page: Page, features: string[], row: readonly number[]): Promise<void> {
  for (const [c, name] of features.entries()) await page.getByTestId(`playground.input.${name}`).fill(String(row[c]));
}

test.describe('Prediction playground', () => {
  test('Iris: the form, a CSV batch with a bad row, the console and the exported zip all predict as the model did in training', async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.open();
    const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 40 }, { runName: 'iris-for-playground' }));
    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    const { features, rows } = testRows(irisDataset(), IRIS_TARGET, run.params, true);
    const logged = await loggedPredictions(page, runId);
    expect(logged.rows).toHaveLength(rows.length);
    const labels = logged.header.slice(2).map((h) => h.replace(/^p_/, ''));

    // Open the playground from the nav and pick the run.
    await page.getByTestId('nav.playground').click();
    await page.getByTestId('playground.run-select').selectOption(`runs:/${runId}/model`);
    await expect(page).toHaveURL(new RegExp(`#/playground\\?model=runs%3A%2F${runId}%2Fmodel$`));
    await expect(page.getByTestId('playground.field')).toHaveCount(4);
    await expect(page.getByTestId('playground.range').first()).toContainText(/range 4\.\d+ – 7\.\d+ in training/);

    // Prefilled with the input example: the logged (standardised) first row, back in centimetres.
    const example = JSON.parse(await artifactText(page, runId, 'model/input_example.json')) as { inputs: number[][] };
    const pre = JSON.parse(await artifactText(page, runId, 'preprocessing.json')) as { features: string[]; mean: number[]; std: number[] };
    expect(pre.features).toEqual(features);
    for (const [c, name] of features.entries()) {
      const shown = Number(await page.getByTestId(`playground.input.${name}`).inputValue());
      expect(shown).toBeCloseTo((example.inputs[0]?.[c] as number) * (pre.std[c] as number) + (pre.mean[c] as number), 4);
    }
    await page.getByTestId('playground.predict').click();
    await expect(page.getByTestId('playground.prediction')).toHaveText(/^(setosa|versicolor|virginica)$/);

    // A bad field is named, and nothing is predicted.
    const prefilled = await page.getByTestId(`playground.input.${features[2]}`).inputValue();
    await page.getByTestId(`playground.input.${features[2]}`).fill('long');
    await page.getByTestId('playground.predict').click();
    await expect(page.getByTestId('playground.field-error')).toHaveText(`${features[2]}: "long" is not a number`);
    await expect(page.getByTestId('playground.prediction')).toHaveCount(0);
    // Reset brings back the input example and takes the stale error away with the bad value.
    await page.getByRole('button', { name: 'Reset to the input example' }).click();
    await expect(page.getByTestId(`playground.input.${features[2]}`)).toHaveValue(prefilled);
    await expect(page.getByTestId('playground.field-error')).toHaveCount(0);
    await expect(page.getByTestId(`playground.input.${features[2]}`)).not.toHaveAttribute('aria-invalid');

    // Test row 1 through the form: the class and probabilities the model gave it in training.
    await fillRow(page, features, rows[0] as number[]);
    await page.getByTestId('playground.predict').click();
    const expected = logged.rows[0] as string[];
    await expect(page.getByTestId('playground.prediction')).toHaveText(expected[1] as string);
    const shownProbabilities = new Map<string, number>();
    for (const row of await page.getByTestId('playground.class').all()) {
      const cells = await row.locator('td').allInnerTexts();
      // Shown as a percentage; the exact value is the cell's title.
      expect(cells[2]).toMatch(/^(< 0\.1|> 99\.9|\d{1,3}\.\d) %$/);
      shownProbabilities.set((cells[0] ?? '').trim(), Number(await row.getByTestId('playground.probability').getAttribute('title')));
    }
    labels.forEach((label, k) => expect(shownProbabilities.get(label), label).toBeCloseTo(Number(expected[2 + k]), 5));
    // Reset also clears the result, which belonged to the row it replaces.
    await page.getByRole('button', { name: 'Reset to the input example' }).click();
    await expect(page.getByTestId('playground.prediction')).toHaveCount(0);
    await expect(page.getByTestId('playground.classes')).toHaveCount(0);

    // Batch: the first 6 test rows with a bad value on line 4 (the 3rd data row).
    const lines = [features.join(','), ...rows.slice(0, 6).map((row, i) => (i === 2 ? row.map((v, c) => (c === 2 ? 'abc' : v)) : row).join(','))];
    await page.getByTestId('playground.batch-file').setInputFiles({ name: 'iris-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
    await expect(page.getByTestId('playground.batch-summary')).toContainText('iris-rows.csv: 5 of 6 rows predicted, 1 with errors');
    await expect(page.getByTestId('playground.row-error')).toHaveText([`line 4, column "${features[2]}": "abc" is not a number`]);
    await expect(page.getByTestId('playground.result-prediction')).toHaveText(
      logged.rows.slice(0, 6).map((cells, i) => (i === 2 ? 'error' : (cells[1] as string))),
    );
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('playground.download').click()]);
    expect(download.suggestedFilename()).toBe('predictions-iris-rows.csv');
    const csv = readFileSync(await download.path(), 'utf8').trim().split('\n');
    expect(csv[0]).toBe(['line', ...features, 'prediction', ...labels.map((l) => `p_${l}`), 'error'].join(','));
    expect(csv).toHaveLength(7);
    expect(csv[3]).toMatch(/^4,.*,abc,.*,"line 4, column ""petal_length"": ""abc"" is not a number"$/);
    for (const i of [0, 1, 3, 4, 5]) {
      const cells = (csv[i + 1] as string).split(',');
      expect(cells[5], `line ${i + 2}`).toBe(logged.rows[i]?.[1]);
      labels.forEach((_, k) => expect(Number(cells[6 + k])).toBeCloseTo(Number(logged.rows[i]?.[2 + k]), 5));
    }

    // The console: rows keyed by feature name; a bad row rejects naming it.
    const viaConsole = await page.evaluate(
      ([uri, objects]) => window.trainyard.predict(uri, objects),
      [`runs:/${runId}/model`, rows.slice(0, 2).map((row) => Object.fromEntries(features.map((f, c) => [f, row[c]])))] as const,
    );
    expect(viaConsole.map((p) => (typeof p === 'object' && !Array.isArray(p) ? p.label : p))).toEqual([logged.rows[0]?.[1], logged.rows[1]?.[1]]);
    const refused = await page.evaluate((uri) => window.trainyard.predict(uri, [{ sepal_length: 5 }]).then(() => 'predicted', (e: Error) => e.message), `runs:/${runId}/model`);
    expect(refused).toContain('row 1: missing "sepal_width", "petal_length", "petal_width"');
    const badUri = await page.evaluate(() => window.trainyard.predict('models:/iris', []).then(() => 'predicted', (e: Error) => e.message));
    expect(badUri).toContain('Not a model URI: "models:/iris" (it names a model but no version or alias');

    // Export: a standalone zip whose model, loaded with TF.js outside the app, gives the same numbers.
    const [zipDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('playground.export').click()]);
    expect(zipDownload.suggestedFilename()).toBe(`model-run-${runId.slice(0, 8)}.zip`);
    const files = unzipSync(readFileSync(await zipDownload.path()));
    expect(Object.keys(files).sort()).toEqual(['MLmodel', 'README.md', 'input_example.json', 'model.json', 'preprocessing.json', 'weights.bin']);
    const readme = strFromU8(files['README.md'] as Uint8Array);
    expect(readme).toContain("tf.loadLayersModel('model.json')");
    expect(readme).toContain(`runs:/${runId}/model`);
    expect(strFromU8(files.MLmodel as Uint8Array)).toContain(`run_id: ${runId}`);
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const modelJson = JSON.parse(strFromU8(files['model.json'] as Uint8Array)) as { modelTopology: object; weightsManifest: { weights: never[] }[] };
    const weights = files['weights.bin'] as Uint8Array;
    const model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest.flatMap((g) => g.weights),
        weightData: weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength) as ArrayBuffer,
      }),
    );
    const zipPre = JSON.parse(strFromU8(files['preprocessing.json'] as Uint8Array)) as { mean: number[]; std: number[] };
    const x = (rows[0] as number[]).map((v, c) => (v - (zipPre.mean[c] as number)) / (zipPre.std[c] as number));
    const output = model.predict(tf.tensor2d([x])) as Tensor;
    const probabilities = Array.from(await output.data());
    labels.forEach((_, k) => expect(probabilities[k]).toBeCloseTo(Number(expected[2 + k]), 5));
  });

  test('works offline: the prediction worker and its wasm binaries come from the service worker cache', async ({ app, page, context }) => {
    await app.open();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
    const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5 }, { backend: 'wasm' }));
    await context.setOffline(true);
    await page.reload();
    await app.open(`#/playground?model=runs:/${runId}/model`);
    await expect(page.getByTestId('playground.model')).toContainText('on the wasm backend');
    await page.getByTestId('playground.predict').click();
    await expect(page.getByTestId('playground.prediction')).toHaveText(/^(setosa|versicolor|virginica)$/);
  });

  test('a URI that names nothing says so on the page', async ({ app, page }) => {
    await app.open('#/playground?model=models:/no-such-model@champion');
    await expect(page.getByTestId('playground.model-error')).toContainText('Could not open models:/no-such-model@champion');
    await page.getByTestId('playground.uri').fill('runs:/not a run/model');
    await page.getByTestId('playground.open').click();
    await expect(page.getByTestId('playground.model-error')).toContainText('"not a run" is not a run id');
  });

  test.describe('Wine', () => {
    test.skip(!existsSync(`${DATASETS}winequality-red.csv`), `../shared/datasets is absent (looked in ${DATASETS}); the wine download can't be routed to a local copy`);

    test('train wine → register → @champion → predict through the form: the test-set prediction', async ({ app, page }) => {
      test.setTimeout(180_000);
      await page.route(RED_URL, (route) =>
        route.fulfill({ path: `${DATASETS}winequality-red.csv`, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } }),
      );
      await app.open();
      const name = 'wine-quality';
      const runId = await page.evaluate(async (model) => {
        const id = await window.trainyard.train('wine_quality', { epochs: 30 }, { entryPoint: 'mlp' });
        const version = await window.trainyard.registerModel(id, model);
        await window.trainyard.setAlias(model, 'champion', version);
        return id;
      }, name);
      const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
      const { dataset } = parseWineCsv(readFileSync(`${DATASETS}winequality-red.csv`, 'utf8'), 'winequality-red.csv');
      const { features, rows } = testRows(dataset, WINE_TARGET, run.params, false);
      const logged = await loggedPredictions(page, runId);
      expect(logged.rows).toHaveLength(rows.length);

      await app.open('#/playground');
      await page.getByTestId('playground.registered-select').selectOption(`models:/${name}@champion`);
      await expect(page.getByTestId('playground.model-uri')).toHaveText(`models:/${name}@champion`);
      await expect(page.getByTestId('playground.field')).toHaveCount(11);
      // Every field shows the training split's range (the rows not in the test split, computed here).
      await expect(page.getByTestId('playground.range')).toHaveCount(11);
      const testSet = new Set(trainTestSplit(dataset.data[0]?.length ?? 0, { testFraction: Number(run.params.test_fraction), seed: Number(run.params.seed) }).test);
      for (const feature of ['alcohol', 'pH']) {
        const column = Array.from(dataset.data[dataset.columns.indexOf(feature)] as Float64Array).filter((_, r) => !testSet.has(r));
        await expect(page.getByTestId('playground.field').filter({ hasText: new RegExp(`^${feature}`) }).getByTestId('playground.range')).toHaveText(
          `range ${Math.min(...column)} – ${Math.max(...column)} in training`,
        );
      }
      for (const name of features) expect(Number(await page.getByTestId(`playground.input.${name}`).inputValue()), name).not.toBeNaN();

      for (const i of [0, 7]) {
        await fillRow(page, features, rows[i] as number[]);
        await page.getByTestId('playground.predict').click();
        const expected = Number(logged.rows[i]?.[1]);
        await expect
          .poll(async () => Math.abs(Number(await page.getByTestId('playground.prediction').textContent()) - expected), { message: `test row ${i + 1}` })
          .toBeLessThan(1e-4);
      }

      // Batch through the registered version too: the test rows plus one row with a value missing.
      const lines = [features.join(';'), ...rows.slice(0, 20).map((row, i) => (i === 5 ? row.slice(0, -1).concat(Number.NaN) : row).map((v) => (Number.isNaN(v) ? '' : v)).join(';'))];
      await page.getByTestId('playground.batch-file').setInputFiles({ name: 'wine-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
      await expect(page.getByTestId('playground.batch-summary')).toContainText('wine-rows.csv: 19 of 20 rows predicted, 1 with errors');
      await expect(page.getByTestId('playground.row-error')).toHaveText([`line 7, column "${features.at(-1)}": the value is missing`]);
      const shown = await page.getByTestId('playground.result-prediction').allInnerTexts();
      shown.forEach((text, i) => {
        if (i === 5) expect(text).toBe('error');
        else expect(Math.abs(Number(text) - Number(logged.rows[i]?.[1])), `row ${i + 1}`).toBeLessThan(1e-4);
      });
    });
  });
});
