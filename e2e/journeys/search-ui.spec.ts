/**
 * The Search page, driven through the UI only: define a search on Iris (built in, no download),
 * start it, watch its trials and chart, open parallel coordinates of the trials, find them under
 * their parent in the runs table; bad fields refuse to start; Stop ends a running search.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

function param(page: Page, name: string, field: string) {
  return page.getByTestId(`search.param.${name}.${field}`);
}

async function openSearchPage(page: Page): Promise<void> {
  await page.getByTestId('nav.search').click();
  await expect(page.getByTestId('search.title')).toHaveText('Hyperparameter search');
  await expect(page.getByTestId('search.recipe')).toHaveValue('iris_logreg');
}

async function runCount(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.trainyard.searchRuns('', { maxResults: 1000 })).runs.length);
}

test('a random search on Iris through the Search page: live trials, chart, parallel coordinates, runs grouped', async ({ app, page }) => {
  test.setTimeout(150_000);
  await app.open();
  await openSearchPage(page);

  // The learning rate is searched by default, prefilled from its min/max on a log scale.
  await expect(param(page, 'learning_rate', 'search')).toBeChecked();
  await expect(param(page, 'learning_rate', 'type')).toHaveValue('loguniform');
  await expect(param(page, 'learning_rate', 'low')).toHaveValue('0.000001');
  await expect(param(page, 'learning_rate', 'high')).toHaveValue('1');
  await param(page, 'learning_rate', 'low').fill('0.005');
  await param(page, 'learning_rate', 'high').fill('0.5');
  // Epochs: not searched yet, so it takes its fixed value; searching it prefills an int range.
  await expect(param(page, 'epochs', 'fixed')).toHaveValue('100');
  await param(page, 'epochs', 'search').check();
  await expect(param(page, 'epochs', 'type')).toHaveValue('int');
  await expect(param(page, 'epochs', 'low')).toHaveValue('1');
  await expect(param(page, 'epochs', 'high')).toHaveValue('10000');
  await param(page, 'epochs', 'low').fill('3');
  await param(page, 'epochs', 'high').fill('12');

  await page.getByTestId('search.algorithm').selectOption('random');
  await expect(page.getByTestId('search.objective')).toHaveValue('test_accuracy');
  await expect(page.getByTestId('search.direction')).toHaveValue('maximize');
  await page.getByTestId('search.max-trials').fill('4');
  await page.getByTestId('search.parallel').fill('2');
  await page.getByTestId('search.seed').fill('11');
  await page.getByTestId('search.start').click();

  // The page follows the new search.
  await expect(page).toHaveURL(/#\/search\/[0-9a-f]{32}$/);
  const parentRunId = decodeURIComponent(/#\/search\/([^/]+)$/.exec(page.url())?.[1] ?? '');
  const view = page.getByTestId('search.view');
  await expect(view).toHaveAttribute('data-parent-run-id', parentRunId);
  await expect(view.getByRole('columnheader')).toHaveText(['Trial', 'Run', 'Status', 'test_accuracy', 'epochs', 'learning_rate', 'Duration']);

  // Four trials complete, the table and the chart follow.
  const trials = page.getByTestId('search.trial');
  await expect(page.getByTestId('search.status')).toHaveText('FINISHED', { timeout: 120_000 });
  await expect(trials).toHaveCount(4);
  for (let i = 0; i < 4; i++) {
    const row = trials.nth(i);
    await expect(row).toHaveAttribute('data-trial', String(i));
    await expect(row).toHaveAttribute('data-status', 'FINISHED');
    await expect(row.getByTestId('search.trial.objective')).toHaveText(/^0?\.\d+$|^1$/);
    await expect(row.getByRole('link', { name: `trial-${i}` })).toBeVisible();
  }
  await expect(page.getByTestId('search.progress')).toHaveText('4 / 4');
  const chart = page.getByTestId('search.chart');
  await expect(chart).toHaveAttribute('data-points', '4');
  await expect(chart.locator('.scatterlayer .trace')).toHaveCount(2);
  await expect(chart.locator('.scatterlayer .trace').first().locator('.point')).toHaveCount(4);
  // The trial axis counts whole trials, each label once (not "0 1 1 2 2 3 3").
  await expect.poll(() => chart.locator('.xtick text').allTextContents()).toEqual(['0', '1', '2', '3']);

  // What the page showed is what the store holds: 4 children of the parent, within the ranges.
  const stored = await page.evaluate(async (id) => {
    const { runs } = await window.trainyard.searchRuns('', { maxResults: 1000 });
    const children = runs.filter((r) => r.parentRunId === id);
    const parent = runs.find((r) => r.runId === id);
    return {
      parent: parent && { status: parent.status, params: parent.params, best: parent.metrics.best_test_accuracy?.latest.value },
      children: children.map((c) => ({ lr: Number(c.params.learning_rate), epochs: Number(c.params.epochs), acc: c.metrics.test_accuracy?.latest.value ?? -1 })),
    };
  }, parentRunId);
  expect(stored.parent).toMatchObject({ status: 'FINISHED', params: { algorithm: 'random', max_trials: '4', seed: '11', parallel: '2', objective: 'test_accuracy' } });
  expect(stored.children).toHaveLength(4);
  for (const c of stored.children) {
    expect(c.lr).toBeGreaterThanOrEqual(0.005);
    expect(c.lr).toBeLessThan(0.5);
    expect(Number.isInteger(c.epochs) && c.epochs >= 3 && c.epochs <= 12).toBe(true);
  }
  const best = Math.max(...stored.children.map((c) => c.acc));
  expect(stored.parent?.best).toBeCloseTo(best, 6);
  await expect(page.getByTestId('search.best')).toHaveText(String(Number(best.toPrecision(5))));

  // Parallel coordinates of all trials: the searched params and the objective as axes.
  await page.getByTestId('search.parallel-link').click();
  await expect(page).toHaveURL(/#\/compare\?.*parallel=/);
  // The compare page draws its hyperparameter charts once scrolled into view.
  await page.getByRole('heading', { name: 'Evaluation of one run' }).scrollIntoViewIfNeeded();
  const parallel = page.getByTestId('compare.parallel');
  await expect(parallel.getByTestId('compare.parallel.plot')).toHaveAttribute('data-points', '4');
  await expect.poll(() => parallel.locator('.axis-title').allTextContents()).toEqual(['params.epochs', 'params.learning_rate', 'metrics.test_accuracy']);

  // The Runs table: the four trials sit under their parent.
  await page.getByTestId('nav.runs').click();
  const parentRow = app.runRows.filter({ hasText: '(4)' });
  await expect(parentRow).toHaveCount(1);
  await expect(app.runRows).toHaveCount(1);
  await parentRow.getByRole('button', { name: 'Expand 4 child runs' }).click();
  await expect(app.runRows).toHaveCount(5);
  for (let i = 0; i < 4; i++) await expect(app.runRow(`trial-${i}`)).toBeVisible();

  // Back on the Search page, the search is listed and reopens.
  await openSearchPage(page);
  const listed = page.getByTestId('search.list.row');
  await expect(listed).toHaveCount(1);
  await expect(listed).toHaveAttribute('data-parent-run-id', parentRunId);
  await expect(listed.getByTestId('search.list.trials')).toHaveText('4 / 4');
  await expect(listed).toContainText('random');
  await expect(listed).toContainText('FINISHED');
  await listed.getByRole('link').click();
  await expect(page.getByTestId('search.trial')).toHaveCount(4);
});

test('bad fields show their message beside the field, keep Start disabled and create no run; a preset fills the form', async ({ app, page }) => {
  await app.open();
  await openSearchPage(page);
  const start = page.getByTestId('search.start');
  await expect(start).toBeEnabled();

  await param(page, 'learning_rate', 'low').fill('0.5');
  await param(page, 'learning_rate', 'high').fill('0.1');
  await expect(param(page, 'learning_rate', 'error')).toHaveText('learning_rate.low must be less than learning_rate.high; got low 0.5, high 0.1');
  await expect(start).toBeDisabled();
  await param(page, 'learning_rate', 'high').fill('0.9');
  await expect(param(page, 'learning_rate', 'error')).toHaveCount(0);
  await expect(start).toBeEnabled();

  await page.getByTestId('search.max-trials').fill('0');
  await expect(page.getByTestId('search.error.max-trials')).toHaveText('maxTrials must be an integer from 1 to 10000; got 0');
  await expect(start).toBeDisabled();
  // Enter in a field does not get round the disabled button.
  await page.getByTestId('search.max-trials').press('Enter');

  await param(page, 'learning_rate', 'search').uncheck();
  await expect(page.getByTestId('search.error.space')).toContainText('at least one parameter');
  await param(page, 'epochs', 'fixed').fill('0');
  await expect(param(page, 'epochs', 'error')).toContainText('epochs');
  await expect(start).toBeDisabled();
  await expect(page).toHaveURL(/#\/search$/);
  expect(await runCount(page)).toBe(0);

  // The built-in wine SGD search fills everything in, valid.
  await page.getByTestId('search.preset').selectOption('wine-sgd');
  await expect(page.getByTestId('search.recipe')).toHaveValue('wine_quality');
  await expect(page.getByTestId('search.entry-point')).toHaveValue('sgd');
  await expect(param(page, 'learning_rate', 'type')).toHaveValue('loguniform');
  await expect(param(page, 'momentum', 'search')).toBeChecked();
  await expect(param(page, 'momentum', 'type')).toHaveValue('uniform');
  await expect(param(page, 'epochs', 'fixed')).toHaveValue('32');
  await expect(page.getByTestId('search.algorithm')).toHaveValue('tpe');
  await expect(page.getByTestId('search.objective')).toHaveValue('val_rmse');
  await expect(page.getByTestId('search.direction')).toHaveValue('minimize');
  await expect(page.getByTestId('search.max-trials')).toHaveValue('12');
  await expect(start).toBeEnabled();
  expect(await runCount(page)).toBe(0);
});

test('Stop ends a running search: its trials and the search run end KILLED', async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open();
  await openSearchPage(page);
  await param(page, 'learning_rate', 'low').fill('0.005');
  await param(page, 'learning_rate', 'high').fill('0.5');
  await param(page, 'epochs', 'fixed').fill('10000');
  await page.getByTestId('search.max-trials').fill('6');
  await page.getByTestId('search.parallel').fill('2');
  await page.getByTestId('search.start').click();
  await expect(page).toHaveURL(/#\/search\/[0-9a-f]{32}$/);

  const trials = page.getByTestId('search.trial');
  await expect(page.getByTestId('search.status')).toHaveText('RUNNING');
  await expect(trials.and(page.locator('[data-status="RUNNING"]'))).toHaveCount(2, { timeout: 30_000 });
  await page.getByTestId('search.stop').click();

  await expect(page.getByTestId('search.status')).toHaveText('KILLED', { timeout: 30_000 });
  await expect(page.getByTestId('search.stop')).toHaveCount(0);
  // A stopped search is not offered for resuming.
  await expect(page.getByTestId('search.resume')).toHaveCount(0);
  await expect(trials).toHaveCount(2);
  for (let i = 0; i < 2; i++) await expect(trials.nth(i)).toHaveAttribute('data-status', 'KILLED');
  const statuses = await page.evaluate(async () => (await window.trainyard.searchRuns('', { maxResults: 100 })).runs.map((r) => r.status));
  expect(statuses).toEqual(['KILLED', 'KILLED', 'KILLED']);
});
