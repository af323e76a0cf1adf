/**
 * The runs table at work: choosing columns and a metric's summary (and keeping that choice),
 * sorting by it, filtering, a selection that survives the filter and spans experiments, Compare,
 * and many columns rendered only where they are in view.
 */
import type { Page } from '@playwright/test';
import { expect, test, type AppPage } from '../fixtures';

interface Seeded {
  a: string;
  b: string;
  runs: Record<string, string>;
}

/** Two experiments: A with three runs whose `loss` histories differ in latest and min, B with two runs. */
async function seed(page: Page): Promise<Seeded> {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const a = await t.createExperiment(`table A ${Date.now()}`);
    const b = await t.createExperiment(`table B ${Date.now()}`);
    const runs: Record<string, string> = {};
    const plan: Array<[typeof a, string, string, number[]]> = [
      [a, 'r1', '0.1', [0.9, 0.2, 0.5]], // latest 0.5, min 0.2
      [a, 'r2', '0.2', [0.4, 0.3]], // latest 0.3, min 0.3
      [a, 'r3', '0.3', [0.8, 0.1, 0.9]], // latest 0.9, min 0.1
      [b, 'b1', '0.5', [0.6]],
      [b, 'b2', '0.6', [0.7]],
    ];
    for (const [experimentId, name, lr, losses] of plan) {
      const run = await t.createRun({ experimentId, runName: name, tags: { team: 'blue' } });
      await t.logParams({ lr, optimizer: 'adam' }, { runId: run.runId });
      losses.forEach((value, step) => t.logMetric('loss', value, { step, runId: run.runId }));
      t.logMetric('acc', 0.5, { runId: run.runId });
      await t.endRun('FINISHED', { runId: run.runId });
      runs[name] = run.runId;
    }
    return { a, b, runs };
  });
}

const names = (app: AppPage) => app.runRows.locator('td.col-name a').allTextContents();

async function openExperiment(app: AppPage, experimentId: string): Promise<void> {
  await app.page.evaluate((id) => {
    location.hash = `#/experiments/${id}`;
  }, experimentId);
}

test.describe('The runs table', () => {
  test('choose columns and a min summary, sort by it, and keep the choice after a reload', async ({ app, page }) => {
    await app.open();
    const { a } = await seed(page);
    await openExperiment(app, a);
    await expect(app.runRows).toHaveCount(3);
    // Defaults: attributes, every param and metric, the one user tag; no system tag.
    await expect(page.getByTestId('run-table.sort.param:lr')).toBeVisible();
    await expect(page.getByTestId('run-table.sort.tag:team')).toBeVisible();
    await expect(page.getByTestId('run-table.sort.tag:mlflow.user')).toHaveCount(0);

    await page.getByTestId('run-columns.toggle').click();
    const panel = page.getByTestId('run-columns.panel');
    await expect(panel).toBeVisible();
    await panel.getByTestId('run-columns.item.param:optimizer').uncheck();
    await panel.getByTestId('run-columns.item.tag:mlflow.user').check();
    await expect(page.getByTestId('run-table.sort.param:optimizer')).toHaveCount(0);
    await expect(page.getByTestId('run-table.sort.tag:mlflow.user')).toBeVisible();
    // The run name can't be hidden.
    await expect(panel.getByTestId('run-columns.item.attribute:run_name')).toBeDisabled();

    // The search narrows the list; "show none" hides what is listed, "show all" brings it back.
    await panel.getByTestId('run-columns.search').fill('acc');
    await expect(panel.getByTestId('run-columns.item.metric:loss')).toHaveCount(0);
    await panel.getByTestId('run-columns.show-none').click();
    await expect(page.getByTestId('run-table.sort.metric:acc')).toHaveCount(0);
    await expect(page.getByTestId('run-table.sort.metric:loss')).toBeVisible();
    await panel.getByTestId('run-columns.show-all').click();
    await expect(page.getByTestId('run-table.sort.metric:acc')).toBeVisible();
    await panel.getByTestId('run-columns.search').fill('');

    await panel.getByTestId('run-columns.summary.loss').selectOption('min');
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);
    const lossHeader = page.getByTestId('run-table.sort.metric:loss');
    await expect(lossHeader).toContainText('loss (min)');
    await expect(app.runRow('r3').locator('td.col-metric').last()).toHaveText('0.1');

    // Sorting follows the summary: by min, r2 (0.3) > r1 (0.2) > r3 (0.1); by latest it would be r3, r1, r2.
    await lossHeader.click();
    await expect.poll(() => names(app)).toEqual(['r2', 'r1', 'r3']);
    await lossHeader.click();
    await expect.poll(() => names(app)).toEqual(['r3', 'r1', 'r2']);

    // The choice is kept per experiment.
    await page.reload();
    await expect(app.runRows).toHaveCount(3);
    await expect(page.getByTestId('run-table.sort.metric:loss')).toContainText('loss (min)');
    await expect(page.getByTestId('run-table.sort.param:optimizer')).toHaveCount(0);
    await expect(page.getByTestId('run-table.sort.tag:mlflow.user')).toBeVisible();
  });

  test('bad stored column choices and selections are ignored, and missing selected runs are dropped', async ({ app, page }) => {
    await app.open();
    const { a, runs } = await seed(page);
    await page.evaluate(
      ({ a, r1 }) => {
        localStorage.setItem(`trainyard.runs.columns.${a}`, '{"v":1,"shown":[{"__proto__":1}],"hidden":"param:lr","summaries":[["loss","median"]]');
        localStorage.setItem('trainyard.runs.columns.0', '[[[');
        sessionStorage.setItem('trainyard.runs.selection', JSON.stringify([[r1, a], ['0123456789abcdef0123456789abcdef', a], ['<img src=x>', a], 42]));
      },
      { a, r1: runs['r1'] ?? '' },
    );
    await page.reload();
    await page.evaluate((id) => {
      location.hash = `#/experiments/${id}`;
    }, a);
    await expect(app.runRows).toHaveCount(3);
    await expect(page.getByTestId('run-table.sort.param:lr')).toBeVisible();
    await expect(page.getByTestId('run-table.sort.metric:loss')).toHaveText(/^metric loss$/);
    // The run that doesn't exist is pruned; the real one stays selected.
    await expect(page.getByTestId('run-selection.text')).toHaveText('1 selected');
    await expect(app.runRow('r1').getByRole('checkbox')).toBeChecked();
  });

  test('a selection survives filtering, spans experiments, and Compare opens the compare view with every run', async ({ app, page }) => {
    await app.open();
    const { a, b, runs } = await seed(page);
    await openExperiment(app, a);
    await expect(app.runRows).toHaveCount(3);

    await app.runRow('r1').getByRole('checkbox').check();
    await expect(page.getByTestId('run-selection.text')).toHaveText('1 selected');
    await expect(page.getByTestId('run-selection.compare')).toBeDisabled();

    // Filter r1 out: it stays selected. "Select all" adds only the rows shown.
    await app.filterInput.fill("params.lr = '0.3'");
    await expect(app.runRows).toHaveCount(1);
    await expect(page.getByTestId('run-table.count')).toHaveText('1 of 3 runs');
    await expect(page.getByTestId('run-selection.text')).toHaveText('1 selected');
    await page.getByTestId('run-table.select-all').check();
    await expect(page.getByTestId('run-selection.text')).toHaveText('2 selected');
    await app.filterInput.fill('');
    await expect(app.runRows).toHaveCount(3);
    await expect(app.runRow('r1').getByRole('checkbox')).toBeChecked();
    await expect(app.runRow('r3').getByRole('checkbox')).toBeChecked();
    await expect(app.runRow('r2').getByRole('checkbox')).not.toBeChecked();
    // Unchecking "select all" with a filter deselects only the rows shown.
    await app.filterInput.fill("params.lr = '0.3'");
    await expect(app.runRows).toHaveCount(1);
    await page.getByTestId('run-table.select-all').uncheck();
    await expect(page.getByTestId('run-selection.text')).toHaveText('1 selected');
    await app.runRow('r3').getByRole('checkbox').check();
    await app.filterInput.fill('');

    // Another experiment: the selection is still there and grows across experiments.
    await openExperiment(app, b);
    await expect(app.runRows).toHaveCount(2);
    await expect(page.getByTestId('run-selection.text')).toHaveText('2 selected (across 1 experiment)');
    await app.runRow('b2').getByRole('checkbox').check();
    await expect(page.getByTestId('run-selection.text')).toHaveText('3 selected (across 2 experiments)');
    await openExperiment(app, a);
    await expect(app.runRows).toHaveCount(3);
    await expect(page.getByTestId('run-selection.text')).toHaveText('3 selected (across 2 experiments)');

    const compare = page.getByTestId('run-selection.compare');
    await expect(compare).toBeEnabled();
    await compare.click();
    await expect(page).toHaveURL(/#\/compare\?runs=/);
    const url = decodeURIComponent(page.url());
    for (const name of ['r1', 'r3', 'b2']) expect(url).toContain(runs[name]);
    expect(url).not.toContain(runs['r2']);

    // Back on the table, "Clear selection" empties it.
    await page.goBack();
    await expect(app.runRows).toHaveCount(3);
    await page.getByTestId('run-selection.clear').click();
    await expect(page.getByTestId('run-selection')).toHaveCount(0);
    await expect(app.runRow('r1').getByRole('checkbox')).not.toBeChecked();
  });

  test('with many columns only those in view are in the DOM, and scrolling right brings the rest', async ({ app, page }) => {
    await app.open();
    const experimentId = await page.evaluate(async () => {
      const t = window.trainyard;
      const id = await t.createExperiment(`wide ${Date.now()}`);
      for (let i = 0; i < 3; i++) {
        const run = await t.createRun({ experimentId: id, runName: `wide-${i}` });
        const params: Record<string, string> = {};
        for (let p = 0; p < 60; p++) params[`p${String(p).padStart(2, '0')}`] = `v${i}-${p}`;
        await t.logParams(params, { runId: run.runId });
        await t.endRun('FINISHED', { runId: run.runId });
      }
      return id;
    });
    await openExperiment(app, experimentId);
    await expect(app.runRows).toHaveCount(3);
    await expect(page.getByTestId('run-table.sort.param:p00')).toBeVisible();
    await expect(page.getByTestId('run-table.sort.param:p59')).toHaveCount(0);
    const cells = await app.runRows.first().locator('td.col-param').count();
    expect(cells).toBeGreaterThan(3);
    expect(cells).toBeLessThan(40);
    await page.getByTestId('run-table').evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    await expect(page.getByTestId('run-table.sort.param:p59')).toBeVisible();
    await expect(app.runRow('wide-2').locator('td.col-param').last()).toHaveText('v2-59');
    await expect(page.getByTestId('run-table.sort.param:p00')).toHaveCount(0);
    // The pinned run name stays in view.
    await expect(app.runRow('wide-2').getByRole('link', { name: 'wide-2' })).toBeInViewport();
  });
});
