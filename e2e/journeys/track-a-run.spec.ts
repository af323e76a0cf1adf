import { expect, test } from '../fixtures';

test.describe('Tracking a run', () => {
  test('create an experiment, log a run from the console, find it, filter to it, open it', async ({ app, page }) => {
    await app.open();
    await app.createExperiment('wine sweep');
    const experimentId = app.experimentIdFromUrl();

    const runId = await page.evaluate(async (experimentId) => {
      const t = window.trainyard;
      const run = await t.startRun({ experimentId: experimentId as never, runName: 'mlp-a' });
      await t.logParams({ learning_rate: 0.01, model: 'mlp' });
      for (let i = 0; i < 1000; i++) t.logMetric('rmse', 1 / (1 + i / 100), { step: i });
      await t.logArtifact({ hidden: [64, 64] }, 'config.json');
      await t.logArtifact('a,b\n1,2\n3,4\n', 'data/sample.csv');
      await t.endRun();
      await t.startRun({ experimentId: experimentId as never, runName: 'linear-b' });
      await t.logParam('model', 'linear');
      t.logMetric('rmse', 0.95);
      await t.endRun();
      return run.runId;
    }, experimentId);

    await expect(app.runRows).toHaveCount(2);
    const row = app.runRow('mlp-a');
    await expect(row).toContainText('FINISHED');
    await expect(row).toContainText('0.01');
    await expect(row).toContainText('0.090992'); // latest rmse = 1 / (1 + 999/100), 5 significant digits

    // The console search agrees with the table.
    const found = await page.evaluate(
      async (experimentId) =>
        (await window.trainyard.searchRuns('metrics.rmse < 0.8', { experimentIds: [experimentId as never] })).runs.map(
          (r) => r.runName,
        ),
      experimentId,
    );
    expect(found).toEqual(['mlp-a']);

    await app.filterInput.fill("metrics.rmse < 0.5 AND params.model = 'mlp'");
    await expect(app.runRows).toHaveCount(1);
    await expect(app.runRow('mlp-a')).toBeVisible();
    await app.filterInput.fill("params.model = 'linear' OR (metrics.rmse < 0.5 AND params.model = 'mlp')");
    await expect(app.runRows).toHaveCount(2);

    await app.runRow('mlp-a').getByRole('link', { name: 'mlp-a' }).click();
    await expect(page.getByTestId('run.title')).toHaveText('mlp-a');
    expect(page.url()).toContain(runId);
    await expect(page.getByTestId('run-params.table')).toContainText('learning_rate');
    await expect(page.getByTestId('run-metrics.table')).toContainText('1000');
    // A console run has no baseline: the headline shows its main metric alone and says so.
    await expect(page.getByTestId('run.headline.text')).toHaveText('rmse 0.09');
    await expect(page.getByTestId('run.headline.note')).toContainText('No baseline was logged');
    const chart = page.locator('[data-metric-key="rmse"] [data-testid="metric-chart.plot"]');
    await expect(chart).toHaveAttribute('data-points', '1000');
    await expect(chart.locator('.main-svg').first()).toBeVisible();

    await page.getByRole('button', { name: /config\.json/ }).click();
    await expect(page.getByTestId('artifact-preview.text')).toContainText('"hidden"');
    await page.getByRole('button', { name: 'data/' }).click();
    await page.getByRole('button', { name: /sample\.csv/ }).click();
    await expect(page.getByTestId('artifact-preview.table').locator('td')).toHaveText(['1', '2', '3', '4']);
    const download = page.waitForEvent('download');
    await page.getByTestId('artifact-preview.download').click();
    expect((await download).suggestedFilename()).toBe('sample.csv');
  });

  test('the run page overlays training and validation curves and lists one-value metrics in a table', async ({ app, page }) => {
    await app.open();
    const runId = await page.evaluate(async () => {
      const t = window.trainyard;
      const run = await t.startRun({ runName: 'curves' });
      for (let step = 0; step < 5; step++) {
        t.logMetrics({ loss: 1 / (step + 1), val_loss: 1.2 / (step + 1), acc: step / 5, val_acc: step / 6 }, { step });
      }
      t.logMetrics({ test_accuracy: 0.8, test_baseline_accuracy: 0.4, best_epoch: 4 });
      await t.endRun();
      return run.runId;
    });
    await page.goto(`/#/experiments/0/runs/${runId}`);
    await expect(page.getByTestId('run.headline.text')).toHaveText('test accuracy 0.80 — always guessing the majority class: 0.40');
    const charts = page.getByTestId('metric-chart');
    await expect(charts).toHaveCount(2);
    expect(await charts.evaluateAll((els) => els.map((el) => el.getAttribute('data-metric-keys')))).toEqual(['acc val_acc', 'loss val_loss']);
    await expect(page.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '10');
    await expect(page.locator('[data-metric-key="loss"] .legendtext')).toHaveText(['loss', 'val_loss']);
    const results = page.getByTestId('run-results.table');
    await expect(results.locator('th')).toHaveText([/^best_epoch/, /^test_accuracy/, /^test_baseline_accuracy/]);
    await expect(results).toContainText('0.8');
  });

  test('a malformed filter shows where it went wrong and keeps the table', async ({ app, page }) => {
    await app.open();
    await page.evaluate(async () => {
      await window.trainyard.startRun({ runName: 'only-run' });
      await window.trainyard.endRun();
    });
    await expect(app.runRows).toHaveCount(1);
    await app.filterInput.fill('metrics.rmse <');
    const error = page.getByTestId('run-search.error');
    await expect(error).toContainText('position 15');
    await expect(error).toContainText('expected a number');
    await expect(app.runRows).toHaveCount(1);
    await app.filterInput.fill("params.x = 'a' AND (metrics.y > 1");
    await expect(error).toContainText("')'");
  });

  test('sorting by a metric column orders runs and keeps runs without it last', async ({ app, page }) => {
    await app.open();
    await page.evaluate(async () => {
      for (const [name, acc] of [['a', 0.5], ['b', 0.9], ['c', null], ['d', 0.7]] as const) {
        await window.trainyard.startRun({ runName: name });
        if (acc !== null) window.trainyard.logMetric('acc', acc);
        await window.trainyard.endRun();
      }
    });
    await expect(app.runRows).toHaveCount(4);
    const names = () => app.runRows.locator('td.col-name a').allTextContents();
    await page.getByTestId('run-table.sort.metric:acc').click();
    await expect.poll(names).toEqual(['b', 'd', 'a', 'c']);
    await page.getByTestId('run-table.sort.metric:acc').click();
    await expect.poll(names).toEqual(['a', 'd', 'b', 'c']);
  });
});
