import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

test.describe('Wine quality', () => {
  test.skip(!existsSync(`${DATASETS}winequality-red.csv`), `../shared/datasets is absent (looked in ${DATASETS}); the wine download can't be routed to a local copy`);

  test('downloads red wine once (routed to the shared copy), trains the MLP and the ElasticNet model', async ({ app, page }) => {
    let downloads = 0;
    await page.route(RED_URL, (route) => {
      downloads += 1;
      return route.fulfill({ path: `${DATASETS}winequality-red.csv`, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } });
    });
    await app.open();
    const result = await page.evaluate(async () => {
      const mlp = await window.trainyard.train('wine_quality', { epochs: 60 }, { entryPoint: 'mlp' });
      const linear = await window.trainyard.train('wine_quality', { epochs: 100 }, { entryPoint: 'elasticnet' });
      return Promise.all([window.trainyard.getRun(mlp), window.trainyard.getRun(linear)]);
    });
    expect(downloads).toBe(1); // the second run used the stored copy
    const [mlp, linear] = result;
    for (const run of [mlp, linear]) {
      expect(run.status).toBe('FINISHED');
      expect(run.params).toMatchObject({ dataset_digest: '4a402cf041b025d4566d954c3b9ba8635a3a8a01e039005d97d6a710278cf05e', train_size: '1199', test_size: '400' });
      for (const key of ['test_rmse', 'test_mae', 'test_r2', 'test_baseline_rmse', 'test_baseline_mae']) expect(run.metrics[key], key).toBeDefined();
    }
    console.log(`wine red: MLP test_rmse=${mlp.metrics.test_rmse?.latest.value}, ElasticNet test_rmse=${linear.metrics.test_rmse?.latest.value}`);
    expect(mlp.metrics.test_rmse?.latest.value).toBeLessThan(mlp.metrics.test_baseline_rmse?.latest.value ?? 0);
    // The MLP's defaults: the weights of epochs 20..60 averaged, log1p features, no validation split.
    expect(mlp.params).toMatchObject({ swa_start_epoch: '20', feature_transform: 'log1p', validation_split: '0' });
    expect(mlp.metrics.swa_epochs_averaged?.latest.value).toBe(41);
    // The run page opens with the test RMSE against guessing the training mean, as logged.
    await page.goto(`/#/experiments/0/runs/${mlp.runId}`);
    const shown = (value: number | undefined) => (value === undefined ? 'missing' : value >= 1 ? String(Number(value.toPrecision(3))) : value.toFixed(2));
    await expect(page.getByTestId('run.headline.text')).toHaveText(
      `test RMSE ${shown(mlp.metrics.test_rmse?.latest.value)} — guessing the mean: ${shown(mlp.metrics.test_baseline_rmse?.latest.value)}`,
    );
    await expect(page.getByTestId('run.headline.note')).toContainText('Better than guessing the mean');
    const files = await page.evaluate((id) => window.trainyard.listArtifacts(id as never, 'plots'), mlp.runId);
    expect(files.map((f) => f.path)).toEqual(['plots/predicted_vs_actual.png', 'plots/residuals.png']);

    // MLflow's hyperparameter example network: SGD with momentum on a 56/19/25 split.
    const sgd = await page.evaluate(async () => {
      const runId = await window.trainyard.train('wine_quality', { epochs: 10, learning_rate: 0.01, momentum: 0.9 }, { entryPoint: 'sgd' });
      return window.trainyard.getRun(runId);
    });
    expect(sgd.status).toBe('FINISHED');
    expect(sgd.params).toMatchObject({ train_size: '1199', fit_size: '899', validation_size: '300', test_size: '400', opt_name: 'Momentum' });
    for (const key of ['train_rmse', 'val_rmse', 'test_rmse']) expect(sgd.metrics[key]?.latest.value, key).toBeLessThan(1.5);
  });

  test('a download whose bytes are wrong is refused and nothing is stored', async ({ app, page }) => {
    await page.route(RED_URL, (route) =>
      route.fulfill({ body: '"fixed acidity";"quality"\n1;5\n', headers: { 'access-control-allow-origin': '*' } }),
    );
    await app.open();
    const message = await page.evaluate(() =>
      window.trainyard.train('wine_quality', {}, { entryPoint: 'mlp' }).then(
        () => 'trained',
        (e: Error) => e.message,
      ),
    );
    expect(message).toContain('winequality-red.csv is not the expected file');
    expect(await page.evaluate(() => window.trainyard.listDatasets())).toEqual([]);
    expect(await page.evaluate(async () => (await window.trainyard.searchRuns('')).runs.length)).toBe(0);
  });
});
