import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

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
    return {
      parent: { status: parent.status, tags: parent.tags, params: parent.params, experimentId: parent.experimentId },
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
    expect(summary.artifacts).toEqual(['search_state.json', 'trials.csv']);
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
  const { parentRunId, statuses } = await page.evaluate(async () => {
    const t = window.trainyard;
    const started = await t.startSearch({
      recipe: 'iris_logreg',
      space: [{ name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 }],
      algorithm: 'random',
      objective: { metric: 'test_accuracy', direction: 'maximize' },
      maxTrials: 6,
      seed: 2,
      parallel: 2,
      fixedParams: { epochs: 1000 },
    });
    // Wait for both trials to be training, then stop.
    for (;;) {
      const { runs } = await t.searchRuns('', { maxResults: 100 });
      if (runs.filter((r) => r.parentRunId === started.parentRunId && r.status === 'RUNNING' && r.metrics.loss).length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    t.stopSearch(started.parentRunId);
    await started.done;
    const { runs } = await t.searchRuns('', { maxResults: 100 });
    return { parentRunId: started.parentRunId, statuses: runs.map((r) => [r.parentRunId === started.parentRunId ? 'child' : 'parent', r.status]) };
  });
  expect(statuses.filter(([kind]) => kind === 'child')).toEqual([['child', 'KILLED'], ['child', 'KILLED']]);
  const parent = await page.evaluate((id) => window.trainyard.getRun(id as never), parentRunId);
  expect(parent.status).toBe('KILLED');
  expect(parent.tags['trainyard.killedReason']).toBe('The search was stopped.');
});

test('a search interrupted by a reload resumes on its own and finishes under the same parent', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open();
  const parentRunId = await page.evaluate(async () => {
    const t = window.trainyard;
    const started = await t.startSearch({
      recipe: 'iris_logreg',
      space: [{ name: 'learning_rate', type: 'loguniform', low: 0.005, high: 0.5 }],
      algorithm: { name: 'tpe', nStartupJobs: 2 },
      objective: { metric: 'test_accuracy', direction: 'maximize' },
      maxTrials: 3,
      seed: 5,
      parallel: 1,
      fixedParams: { epochs: 400 },
    });
    // Reload while the second trial trains.
    for (;;) {
      const { runs } = await t.searchRuns('', { maxResults: 100 });
      const trials = runs.filter((r) => r.parentRunId === started.parentRunId);
      if (trials.some((r) => r.status === 'FINISHED') && trials.some((r) => r.status === 'RUNNING' && r.metrics.loss)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return started.parentRunId;
  });
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
