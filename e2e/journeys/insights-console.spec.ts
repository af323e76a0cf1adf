/**
 * "Is the difference real?" from the console, on real training in the worker pool: repeat a run
 * with seeds, compare two groups, verify that runs of each kind of recipe reproduce, and coach.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '../fixtures';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

test.describe('Is the difference real? (console)', () => {
  test('repeatRun trains N seeds as children of one parent; compareGroups answers in words', async ({ app, page }) => {
    test.setTimeout(180_000);
    await app.open();
    const result = await page.evaluate(async () => {
      const t = window.trainyard;
      const a = await t.train('iris_logreg', { epochs: 30, learning_rate: 0.1, seed: 1 });
      const b = await t.train('iris_logreg', { epochs: 30, learning_rate: 0.005, seed: 1 });
      const repeatA = await t.repeatRun(a, { seeds: 3 });
      const repeatB = await t.repeatRun(b, { seeds: 3 });
      const comparison = await t.compareGroups([a, ...repeatA.runIds], [b, ...repeatB.runIds], { metric: 'test_accuracy', labels: { a: 'lr 0.1', b: 'lr 0.005' } });
      const parent = await t.getRun(repeatA.parentRunId);
      const children = await Promise.all(repeatA.runIds.map((id) => t.getRun(id)));
      return { a, repeatA, comparison, parent, children };
    });
    expect(result.repeatA.seeds).toEqual([2, 3, 4]);
    expect(result.parent.tags['trainyard.repeat_of']).toBe(result.a);
    expect(result.parent.status).toBe('FINISHED');
    for (const [i, child] of result.children.entries()) {
      expect(child.status).toBe('FINISHED');
      expect(child.parentRunId).toBe(result.repeatA.parentRunId);
      expect(child.params).toMatchObject({ learning_rate: '0.1', epochs: '30', seed: String(i + 2) });
    }
    const { comparison } = result;
    expect(comparison.a.n).toBe(4);
    expect(comparison.b.n).toBe(4);
    // A learning rate 20× smaller learns Iris far less in 30 epochs: the difference is not noise.
    expect(comparison.difference.mean).toBeLessThan(0);
    expect(comparison.verdict).toMatch(/^lr 0\.005's test_accuracy is [\d.]+ lower \(95% CI [\d.]+–[\d.]+, p [=<] [\d.e-]+, 4 runs each\)/);
    expect(JSON.stringify(comparison)).not.toMatch(/NaN|null,"ci95":null/);
  });

  test('verifyRun: Iris and a forest reproduce exactly, the verdict is stored on the run', async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.open();
    const out = await page.evaluate(async () => {
      const t = window.trainyard;
      const iris = await t.train('iris_logreg', { epochs: 40, seed: 5 });
      const irisCheck = await t.verifyRun(iris);
      const csv = ['x1,x2,y', ...Array.from({ length: 120 }, (_, i) => `${i % 7},${(i * 13) % 11},${(i % 7) * 2 + ((i * 13) % 11) + (i % 3)}`)].join('\n');
      const dataset = await t.importDataset(csv, { name: 'made-up', fileName: 'made-up.csv' });
      const forest = await t.train('csv', { dataset, target: 'y', task: 'regression', n_estimators: 15 }, { entryPoint: 'random_forest' });
      const forestCheck = await t.verifyRun(forest);
      return { iris: await t.getRun(iris), irisCheck, forest: await t.getRun(forest), forestCheck, rerun: await t.getRun(irisCheck.rerunId) };
    });
    expect(out.irisCheck).toMatchObject({ verdict: 'exact', differences: [], reasons: [] });
    expect(out.iris.tags['trainyard.reproduced']).toBe('exact');
    const details = JSON.parse(out.iris.tags['trainyard.reproduced.details'] ?? '{}');
    expect(details.rerunId).toBe(out.irisCheck.rerunId);
    expect(details.checked).toBeGreaterThan(5);
    expect(out.rerun.tags['trainyard.verifies']).toBe(out.iris.runId);
    expect(out.rerun.tags['trainyard.rerun_of']).toBe(out.iris.runId);
    expect(out.rerun.tags['trainyard.backend']).toBe(out.iris.tags['trainyard.backend']);
    expect(out.forestCheck.verdict).toBe('exact');
    expect(out.forest.tags['trainyard.reproduced']).toBe('exact');
    expect(JSON.parse(out.forest.tags['trainyard.reproduced.details'] ?? '{}').skipped).toContain('fit_seconds');
  });

  test('verifyRun: the wine MLP reproduces exactly', async ({ app, page }) => {
    test.skip(!existsSync(`${DATASETS}winequality-red.csv`), `../shared/datasets is absent (looked in ${DATASETS}); the wine download can't be routed to a local copy`);
    test.setTimeout(120_000);
    await page.route(RED_URL, (route) => route.fulfill({ path: `${DATASETS}winequality-red.csv`, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } }));
    await app.open();
    const check = await page.evaluate(async () => {
      const t = window.trainyard;
      const run = await t.train('wine_quality', { epochs: 40 }, { entryPoint: 'mlp' });
      return t.verifyRun(run);
    });
    expect(check).toMatchObject({ verdict: 'exact', differences: [] });
  });

  test('verifyRun: the text demo (its own WebAssembly kernels) reproduces exactly', async ({ app, page }) => {
    test.setTimeout(180_000);
    await app.open();
    const check = await page.evaluate(async () => {
      const t = window.trainyard;
      const run = await t.train('text_classifier', { epochs: 2 });
      return t.verifyRun(run);
    });
    expect(check).toMatchObject({ verdict: 'exact', differences: [], reasons: [] });
  });

  test('coach reads a run; verify and repeat refuse a run no recipe trained, with a plain reason', async ({ app, page }) => {
    await app.open();
    const out = await page.evaluate(async () => {
      const t = window.trainyard;
      const iris = await t.train('iris_logreg', { epochs: 30 });
      const findings = await t.coach(iris);
      const run = await t.startRun({ runName: 'logged by hand' });
      for (let step = 0; step < 10; step++) t.logMetric('loss', 1 / (step + 1), { step });
      await t.endRun();
      const refusal = (call: () => Promise<unknown>) => call().then(() => 'accepted', (e: Error) => e.message);
      return { findings, handFindings: await t.coach(run.runId), verify: await refusal(() => t.verifyRun(run.runId)), repeat: await refusal(() => t.repeatRun(run.runId)) };
    });
    expect(out.findings.length).toBeGreaterThan(0);
    for (const finding of out.findings) {
      expect(['overfitting', 'underfitting', 'divergence', 'not_converged', 'learning_too_slowly', 'healthy']).toContain(finding.finding);
      expect(finding.evidence.length).toBeGreaterThan(20);
    }
    expect(out.handFindings.length).toBeGreaterThan(0);
    expect(out.verify).toContain('was not trained from one of Trainyard\'s recipes');
    expect(out.repeat).toContain('was not trained from one of Trainyard\'s recipes');
  });
});
