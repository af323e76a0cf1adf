/**
 * Is the difference real? — from the run page and the Train panel: Verify re-trains a run and the
 * badge says it reproduced; the coach reads an overfitting wine run and its suggested re-run trains;
 * Repeat with seeds trains the repeats and links to the compare view of all of them.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from '../a11y';
import { expect, test } from '../fixtures';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';
const TRAIN_TIMEOUT = 90_000;

/**
 * A wine MLP that overfits within seconds: a wide network on half the wines (test_fraction 0.5),
 * half of those held back for validation, a fast learning rate, and weight averaging from epoch 1
 * (0 would switch on early stopping, which would end the run before the rise is long). With seed
 * 42 the validation loss is lowest at epoch 1 and rises for the remaining 38 epochs.
 */
const OVERFITTING_WINE = {
  hidden_layers: '256,256',
  epochs: 40,
  learning_rate: 0.01,
  swa_start_epoch: 1,
  validation_split: 0.5,
  test_fraction: 0.5,
  seed: 42,
} as const;

async function trainIris(page: Page): Promise<{ runId: string; experimentId: string }> {
  return page.evaluate(async () => {
    const runId = await window.trainyard.train('iris_logreg', { epochs: 30 });
    const run = await window.trainyard.getRun(runId);
    return { runId: run.runId as string, experimentId: run.experimentId as string };
  });
}

test.describe('Run insights', () => {
  test('Verify says an Iris run reproduced exactly; Repeat with 3 seeds opens the compare view of 4 runs', async ({ app, page }) => {
    test.setTimeout(4 * TRAIN_TIMEOUT);
    await app.open();
    const { runId, experimentId } = await trainIris(page);
    await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
    await expect(page.getByTestId('run.title')).toBeVisible();
    await expect(page.getByTestId('coach')).toBeVisible();
    await expect(page.getByTestId('coach.finding').first()).toBeVisible();

    // Verify: the re-run trains, then the badge appears from the run's tags.
    await expect(page.getByTestId('run.reproduced')).toHaveCount(0);
    await page.getByTestId('run.verify').click();
    // The re-run can end within one poll, so the status line may be gone before it is seen.
    await expect(page.getByTestId('run.verify.status').filter({ hasText: 'Re-training to check' }).or(page.getByTestId('run.reproduced'))).toBeVisible();
    const badge = page.getByTestId('run.reproduced');
    await expect(badge).toHaveAttribute('data-verdict', 'exact', { timeout: TRAIN_TIMEOUT });
    await expect(badge).toContainText('Reproduced exactly');
    // The live region beside the button ends by saying so, pointing at the badge.
    await expect(page.getByTestId('run.verify.status')).toHaveText('Done: Reproduced exactly (see the badge under the title).');
    await page.getByTestId('run.reproduced.details').locator('summary').click();
    await expect(page.getByTestId('run.reproduced.details')).toContainText('bit-identical');
    const tags = await page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).tags, runId);
    expect(tags['trainyard.reproduced']).toBe('exact');
    const details = JSON.parse(tags['trainyard.reproduced.details'] ?? '{}') as { rerunId?: string; differences?: unknown[] };
    expect(details.differences).toEqual([]);
    const rerun = await page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).tags, details.rerunId ?? '');
    expect(rerun['trainyard.verifies']).toBe(runId);

    // Repeat with 3 seeds: progress, then the compare link of the run and its 3 repeats.
    await expect(page.getByTestId('repeat.seeds')).toHaveValue('5');
    await expect(page.getByTestId('repeat.start')).toHaveText('Repeat with 5 seeds');
    await page.getByTestId('repeat.seeds').fill('3');
    await expect(page.getByTestId('repeat.start')).toHaveText('Repeat with 3 seeds');
    await page.getByTestId('repeat.start').click();
    const compareLink = page.getByTestId('repeat.compare');
    await expect(compareLink).toHaveText('Compare the 4 runs', { timeout: 2 * TRAIN_TIMEOUT });
    await expect(page.getByTestId('repeat.status')).toContainText('Done: 3 repeats trained.');

    // The page with the coach, the badge and the repeat control all drawn.
    await expectNoSeriousViolations(page, 'the run page with the coach, the Verify badge and Repeat with seeds');

    await compareLink.click();
    await expect(page.getByTestId('compare').getByRole('heading', { name: 'Comparing 4 runs' })).toBeVisible();
  });

  test.describe('an overfitting wine run', () => {
    test.skip(!existsSync(`${DATASETS}winequality-red.csv`), `../shared/datasets is absent (looked in ${DATASETS}); the wine download can't be routed to a local copy`);

    test('the coach finds overfitting, and its suggested re-run trains with fewer epochs', async ({ app, page }) => {
      test.setTimeout(3 * TRAIN_TIMEOUT);
      await page.route(RED_URL, (route) =>
        route.fulfill({ path: `${DATASETS}winequality-red.csv`, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } }),
      );
      await app.open();
      const original = await page.evaluate(async (params) => {
        const id = await window.trainyard.train('wine_quality', { ...params }, { entryPoint: 'mlp' });
        return window.trainyard.getRun(id);
      }, OVERFITTING_WINE);
      expect(original.status).toBe('FINISHED');
      await page.goto(`/#/experiments/${original.experimentId}/runs/${original.runId}`);

      const finding = page.locator('[data-testid="coach.finding"][data-finding="overfitting"]');
      await expect(finding).toBeVisible();
      await expect(finding).toContainText(/Overfitting from epoch \d+/);
      await expect(finding).toContainText('validation loss');
      const button = finding.getByTestId('coach.rerun');
      const label = (await button.textContent()) ?? '';
      const epochs = /^Re-run with epochs (\d+)$/.exec(label)?.[1];
      expect(epochs, `the button says "${label}"`).toBeDefined();

      await button.click();
      await expect(page).toHaveURL(/#\/train\/runs\//);
      const live = page.getByTestId('train.live');
      await expect(page.getByTestId('train.status')).toHaveText('FINISHED', { timeout: TRAIN_TIMEOUT });
      const rerunId = decodeURIComponent(/#\/train\/runs\/([^/]+)$/.exec(page.url())?.[1] ?? '');
      const rerun = await page.evaluate((id) => window.trainyard.getRun(id as never), rerunId);
      expect(rerun.status).toBe('FINISHED');
      expect(rerun.params).toMatchObject({ epochs, hidden_layers: '256,256', seed: '42', validation_split: '0.5', test_fraction: '0.5' });
      // The Train page's form shows how the followed run was trained: the wine MLP with the suggested epochs.
      const form = page.getByTestId('train.form');
      await expect(form.getByLabel('epochs', { exact: true })).toHaveValue(String(epochs));
      await expect(form.getByLabel('hidden_layers', { exact: true })).toHaveValue('256,256');
      await expect(page.getByTestId('train.entry-point').and(page.locator('[value="mlp"]'))).toBeChecked();
      expect(rerun.tags['trainyard.rerun_of']).toBe(original.runId);

      // Two epochs are too few for the coach to read, and it says so instead of guessing.
      await expect(live.getByTestId('coach.too-short')).toBeVisible();
      await expect(live.getByTestId('repeat.start')).toHaveText('Repeat with 5 seeds');

      // The Train panel of the original run: the coach's reading and Repeat with seeds.
      await page.goto(`/#/train/runs/${original.runId}`);
      await expect(live.locator('[data-testid="coach.finding"][data-finding="overfitting"]')).toBeVisible();
      await expect(live.getByTestId('repeat.start')).toHaveText('Repeat with 5 seeds');
      await expectNoSeriousViolations(page, 'the Train panel after a run, with the coach and Repeat with seeds');
    });
  });
});
