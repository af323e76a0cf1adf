import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { AppPage, expect, test } from '../fixtures';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

/** Iris trials: learning rate on a log scale, a few epochs each, so a trial takes about a second. */
const SPACE = [
  { name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 },
  { name: 'epochs', type: 'int', low: 3, high: 12 },
];

async function searchSummary(page: Page, parentRunId: string) {
  return page.evaluate(async (id) => {
    const t = window.trainyard;
    const parent = await t.getRun(id as never);
    const { runs } = await t.searchRuns('', { maxResults: 1000 });
    const children = runs.filter((run) => run.parentRunId === id);
    const best = await t.getMetricHistory(id as never, 'best_test_accuracy');
    const artifacts = (await t.listArtifacts(id as never)).map((f) => f.path).sort();
    const csv = await (await t.downloadArtifact(id as never, 'trials.csv')).text();
    const model = (await t.listArtifacts(id as never, 'model')).map((f) => f.path).sort();
    const mlmodel = model.includes('model/MLmodel') ? await (await t.downloadArtifact(id as never, 'model/MLmodel')).text() : '';
    return {
      parent: {
        status: parent.status,
        tags: parent.tags,
        params: parent.params,
        experimentId: parent.experimentId,
        metrics: Object.fromEntries(Object.entries(parent.metrics).map(([key, m]) => [key, m.latest.value])),
      },
      model,
      mlmodel,
      children: children.map((run) => ({
        runId: run.runId,
        status: run.status,
        experimentId: run.experimentId,
        parentTag: run.tags['mlflow.parentRunId'],
        trial: run.tags['trainyard.search.trial'],
        accuracy: run.metrics.test_accuracy?.latest.value,
        learningRate: Number(run.params.learning_rate),
      })),
      best: best.map((p) => ({ step: p.step, value: p.value })),
      artifacts,
      csvLines: csv.trim().split('\r\n'),
    };
  }, parentRunId);
}

const LR_SPACE = [{ name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 }];

/**
 * Starts an Iris search over the learning rate from the console and waits (polling every 100 ms)
 * until at least `training` trials are training (have logged a loss) and `finished` have finished.
 */
async function startSearchUntil(page: Page, request: Record<string, unknown>, until: { training: number; finished?: number }): Promise<string> {
  const full = { recipe: 'iris_logreg', space: LR_SPACE, objective: { metric: 'test_accuracy', direction: 'maximize' }, ...request };
  const parentRunId = await page.evaluate(async (r) => (await window.trainyard.startSearch(r as never)).parentRunId, full);
  await expect
    .poll(
      () =>
        page.evaluate(
          async ([id, training, finished]) => {
            const { runs } = await window.trainyard.searchRuns('', { maxResults: 100 });
            const trials = runs.filter((r) => r.parentRunId === id);
            return (
              trials.filter((r) => r.status === 'RUNNING' && r.metrics.loss).length >= Number(training) &&
              trials.filter((r) => r.status === 'FINISHED').length >= Number(finished)
            );
          },
          [parentRunId, until.training, until.finished ?? 0] as const,
        ),
      { intervals: [100], timeout: 60_000 },
    )
    .toBe(true);
  return parentRunId;
}

for (const algorithm of ['random', 'tpe'] as const) {
  test(`a 6-trial ${algorithm} search on Iris: one parent, six child trials, the running best and the trial table`, async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.open();
    const parentRunId = await page.evaluate(
      ([space, name]) =>
        window.trainyard.search({
          recipe: 'iris_logreg',
          space,
          // TPE after 3 random start-up trials, so the model-based suggestions run too.
          algorithm: name === 'tpe' ? { name: 'tpe', nStartupJobs: 3 } : 'random',
          objective: { metric: 'test_accuracy', direction: 'maximize' },
          maxTrials: 6,
          seed: 11,
          parallel: 2,
        }),
      [SPACE, algorithm] as const,
    );
    const summary = await searchSummary(page, parentRunId);
    expect(summary.parent.status).toBe('FINISHED');
    expect(summary.parent.tags['trainyard.search.algorithm']).toBe(algorithm);
    expect(summary.parent.params).toMatchObject({ algorithm, max_trials: '6', seed: '11', objective: 'test_accuracy' });
    expect(summary.children).toHaveLength(6);
    expect(summary.children.map((c) => c.trial).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    for (const child of summary.children) {
      expect(child.status).toBe('FINISHED');
      expect(child.parentTag).toBe(parentRunId);
      expect(child.experimentId).toBe(summary.parent.experimentId);
      expect(child.learningRate).toBeGreaterThanOrEqual(0.005);
      expect(child.learningRate).toBeLessThan(0.5);
    }
    // The running best: one point per trial, never decreasing, ending at the best child's accuracy.
    expect(summary.best.map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    const values = summary.best.map((p) => p.value);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    const bestAccuracy = Math.max(...summary.children.map((c) => c.accuracy ?? -1));
    expect(values[5]).toBeCloseTo(bestAccuracy, 6);
    const bestChild = summary.children.find((c) => c.runId === summary.parent.tags['trainyard.search.best_run_id']);
    expect(bestChild?.accuracy).toBeCloseTo(bestAccuracy, 6);
    expect(Object.keys(JSON.parse(summary.parent.tags['trainyard.search.best_params'] ?? '{}')).sort()).toEqual(['epochs', 'learning_rate']);
    expect(summary.artifacts).toEqual(['model', 'preprocessing.json', 'search_state.json', 'trials.csv']);
    // The best trial's model and test accuracy are kept on the parent, its MLmodel naming the parent.
    expect(summary.model).toEqual(expect.arrayContaining(['model/MLmodel', 'model/model.json', 'model/weights.bin']));
    expect(summary.mlmodel).toContain(`run_id: ${parentRunId}`);
    expect(summary.parent.metrics.test_accuracy).toBeCloseTo(bestAccuracy, 6);
    // The parent's model predicts as the best trial's does, raw inputs through the same preprocessing.
    const predictions = await page.evaluate(
      (ids) => Promise.all(ids.map((id) => window.trainyard.predict(`runs:/${id}/model`, [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]))),
      [parentRunId, summary.parent.tags['trainyard.search.best_run_id'] ?? ''],
    );
    expect(predictions[0]).toEqual(predictions[1]);
    expect(summary.csvLines[0]).toBe('trial,status,run_id,learning_rate,epochs,test_accuracy,best_so_far,error');
    expect(summary.csvLines).toHaveLength(7);

    // The runs table lists the search with its six trials under it.
    const parentRow = app.runRows.filter({ hasText: '(6)' });
    await expect(parentRow).toHaveCount(1);
    await parentRow.getByRole('button', { name: 'Expand 6 child runs' }).click();
    await expect(app.runRows).toHaveCount(7);
    for (let i = 0; i < 6; i++) await expect(app.runRow(`trial-${i}`)).toBeVisible();
  });
}

test('a search refuses bad input naming the field, and creates no run', async ({ app, page }) => {
  await app.open();
  const message = await page.evaluate((space) =>
    window.trainyard
      .search({ recipe: 'iris_logreg', space: [...space, { name: 'momentum', type: 'uniform', low: 0, high: 1 }], algorithm: 'tpe', objective: 'test_accuracy', maxTrials: 6, seed: 1, parallel: 2 })
      .then(() => 'searched', (e: Error) => e.message),
    SPACE,
  );
  expect(message).toContain('space.momentum');
  expect(await page.evaluate(async () => (await window.trainyard.searchRuns('')).runs.length)).toBe(0);
});

test('stopSearch ends the running trials KILLED, then the parent', async ({ app, page }) => {
  test.setTimeout(90_000);
  await app.open();
  // Both trials training, then stop.
  const parentRunId = await startSearchUntil(page, { algorithm: 'random', maxTrials: 6, seed: 2, parallel: 2, fixedParams: { epochs: 10_000 } }, { training: 2 });
  await page.evaluate((id) => window.trainyard.stopSearch(id as never), parentRunId);
  await expect.poll(() => page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).status, parentRunId)).toBe('KILLED');
  const statuses = await page.evaluate(async (id) => {
    const { runs } = await window.trainyard.searchRuns('', { maxResults: 100 });
    return runs.map((r) => [r.parentRunId === id ? 'child' : 'parent', r.status]);
  }, parentRunId);
  expect(statuses.filter(([kind]) => kind === 'child')).toEqual([['child', 'KILLED'], ['child', 'KILLED']]);
  const parent = await page.evaluate((id) => window.trainyard.getRun(id as never), parentRunId);
  expect(parent.status).toBe('KILLED');
  expect(parent.tags['trainyard.killedReason']).toBe('The search was stopped.');
});

test('a search interrupted by a reload resumes on its own and finishes under the same parent', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open();
  // Reload while the second trial trains.
  const parentRunId = await startSearchUntil(
    page,
    { algorithm: { name: 'tpe', nStartupJobs: 2 }, maxTrials: 3, seed: 5, parallel: 1, fixedParams: { epochs: 10_000 } },
    { training: 1, finished: 1 },
  );
  await page.reload();
  await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
  await expect
    .poll(async () => page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).status, parentRunId), { timeout: 90_000 })
    .toBe('FINISHED');
  const summary = await searchSummary(page, parentRunId);
  // Trials 0 and 1 ran before the reload; 1 was interrupted (KILLED, not counted), so 2 and 3 ran after.
  expect(summary.children.map((c) => [c.trial, c.status]).sort()).toEqual([
    ['0', 'FINISHED'],
    ['1', 'KILLED'],
    ['2', 'FINISHED'],
    ['3', 'FINISHED'],
  ]);
  expect(summary.parent.tags['trainyard.killedReason']).toBeUndefined();
  expect(summary.best.map((p) => p.step)).toEqual([0, 2, 3]);
  expect(summary.csvLines).toHaveLength(5);
});

test('two tabs opening after an interrupted search: exactly one resumes it, no trial runs twice', async ({ context }) => {
  test.setTimeout(150_000);
  const first = new AppPage(await context.newPage());
  await first.open();
  const parentRunId = await startSearchUntil(first.page, { algorithm: 'random', maxTrials: 3, seed: 9, parallel: 1, fixedParams: { epochs: 10_000 } }, { training: 1 });
  await first.page.close();
  // Two tabs open at once; both look for interrupted searches as they start.
  const tabs = [new AppPage(await context.newPage()), new AppPage(await context.newPage())];
  await Promise.all(tabs.map((tab) => tab.open()));
  await expect
    .poll(async () => tabs[0]!.page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).status, parentRunId), { timeout: 120_000 })
    .toBe('FINISHED');
  const summary = await searchSummary(tabs[0]!.page, parentRunId);
  // Trial 0 was interrupted (KILLED, not counted); 1, 2 and 3 ran once each, in one tab.
  expect(summary.children.map((c) => [c.trial, c.status]).sort()).toEqual([
    ['0', 'KILLED'],
    ['1', 'FINISHED'],
    ['2', 'FINISHED'],
    ['3', 'FINISHED'],
  ]);
  const running = await Promise.all(tabs.map((tab) => tab.page.evaluate(() => window.trainyard.searchCoordinator.runningSearches().length)));
  expect(running).toEqual([0, 0]);
});

test.describe('Built-in wine search', () => {
  test.skip(!existsSync(`${DATASETS}winequality-red.csv`), `../shared/datasets is absent (looked in ${DATASETS}); the wine download can't be routed to a local copy`);

  test('MLflow\'s hyperparameter example: trials log train/val/test RMSE, the best model by val_rmse is the parent\'s model', async ({ app, page }) => {
    test.setTimeout(180_000);
    await page.route(RED_URL, (route) => route.fulfill({ path: `${DATASETS}winequality-red.csv`, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } }));
    await app.open();
    const parentRunId = await page.evaluate(() => window.trainyard.searchBuiltin('wine-sgd', { maxTrials: 4, fixedParams: { epochs: 4 } }));
    const result = await page.evaluate(async (id) => {
      const t = window.trainyard;
      const parent = await t.getRun(id as never);
      const { runs } = await t.searchRuns('', { maxResults: 100 });
      const children = runs.filter((r) => r.parentRunId === id);
      const mlmodel = await (await t.downloadArtifact(id as never, 'model/MLmodel')).text();
      const bestId = parent.tags['trainyard.search.best_run_id'] ?? '';
      const [parentWeights, bestWeights] = await Promise.all([id, bestId].map(async (runId) => (await t.downloadArtifact(runId as never, 'model/weights.bin')).arrayBuffer()));
      return {
        parent: { status: parent.status, params: parent.params, metrics: Object.fromEntries(Object.entries(parent.metrics).map(([k, m]) => [k, m.latest.value])) },
        children: children.map((r) => ({ runId: r.runId, status: r.status, params: r.params, metrics: Object.fromEntries(Object.entries(r.metrics).map(([k, m]) => [k, m.latest.value])) })),
        bestId,
        mlmodel,
        sameWeights: new Uint8Array(parentWeights!).join() === new Uint8Array(bestWeights!).join(),
      };
    }, parentRunId);
    expect(result.parent.status).toBe('FINISHED');
    expect(result.parent.params).toMatchObject({ recipe: 'wine_quality', entry_point: 'sgd', algorithm: 'tpe', objective: 'val_rmse', objective_direction: 'minimize' });
    expect(result.children).toHaveLength(4);
    for (const child of result.children) {
      expect(child.status).toBe('FINISHED');
      expect(child.params).toMatchObject({ epochs: '4', fit_size: '899', validation_size: '300', test_size: '400' });
      for (const key of ['train_rmse', 'val_rmse', 'test_rmse']) expect(Number.isFinite(child.metrics[key]), key).toBe(true);
    }
    const best = result.children.reduce((a, b) => ((a.metrics.val_rmse ?? Infinity) <= (b.metrics.val_rmse ?? Infinity) ? a : b));
    expect(result.bestId).toBe(best.runId);
    for (const key of ['train_rmse', 'val_rmse', 'test_rmse']) expect(result.parent.metrics[key]).toBeCloseTo(best.metrics[key]!, 6);
    expect(result.parent.metrics.best_val_rmse).toBeCloseTo(best.metrics.val_rmse!, 6);
    expect(result.mlmodel).toContain(`run_id: ${parentRunId}`);
    expect(result.sameWeights).toBe(true);
  });
});
