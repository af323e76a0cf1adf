import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

/** The Train page: recipe cards, the generated form, and the live view of the run it started. */
class TrainPageObject {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  recipe(name: string) {
    return this.page.locator(`[data-testid="train.recipe"][data-recipe="${name}"]`);
  }

  field(name: string) {
    return this.page.getByTestId(`train.field.${name}`);
  }

  fieldError(name: string) {
    return this.page.getByTestId(`train.field.${name}.error`);
  }

  get submit() {
    return this.page.getByTestId('train.submit');
  }

  get live() {
    return this.page.getByTestId('train.live');
  }

  get progressLabel() {
    return this.page.getByTestId('train.progress.label');
  }

  get status() {
    return this.page.getByTestId('train.status');
  }

  get stop() {
    return this.page.getByTestId('train.stop');
  }

  /** Number of points in the live view's chart of `key`. */
  livePlot(key: string) {
    return this.live.locator(`[data-metric-key="${key}"] [data-testid="metric-chart.plot"]`);
  }

  /** Waits for the run to end and checks it FINISHED; a failure shows the run's error. */
  async expectFinished(timeout = 45_000): Promise<void> {
    await expect(this.status).not.toHaveText('RUNNING', { timeout });
    const outcome = { status: await this.status.textContent(), errors: await this.page.getByTestId('train.error').allTextContents() };
    expect(outcome).toEqual({ status: 'FINISHED', errors: [] });
  }

  /** The run id the live view follows, from the URL (#/train/runs/<id>). */
  runIdFromUrl(): string {
    const match = /#\/train\/runs\/([^/]+)$/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`No run in URL ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }
}

/** y = 2·x1 − x2 + small noise, from a fixed linear congruential generator (same file every run). */
function linearCsv(rows: number): string {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const lines = ['x1,x2,y'];
  for (let i = 0; i < rows; i++) {
    const x1 = next() * 4 - 2;
    const x2 = next() * 4 - 2;
    const y = 2 * x1 - x2 + (next() - 0.5) * 0.2;
    lines.push([x1, x2, y].map((v) => v.toFixed(4)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function countRuns(page: Page): Promise<number> {
  return page.evaluate(async () => (await window.trainyard.searchRuns('', { viewType: 'ALL' })).runs.length);
}

test.describe('Training from the Train page', () => {
  test('a first-time visitor trains Iris from the guide, watches it, and reads what a metric means', async ({ app, page }) => {
    test.slow(); // 100 epochs; under load the measured backend choice can fall on slow software WebGL
    await page.setViewportSize({ width: 1440, height: 900 });
    const train = new TrainPageObject(page);
    await app.open();
    await page.getByTestId('landing.demo').first().click(); // the landing's Iris card
    await expect(page).toHaveURL(/#\/train\/first-run$/);
    await expect(train.recipe('iris_logreg')).toHaveAttribute('aria-pressed', 'true');
    await expect(train.submit).toBeInViewport({ ratio: 1 }); // no scrolling to find Train
    await expect(page.getByTestId('train.first-run.explanation')).toContainText('tell three species of iris apart');
    await expect(train.field('epochs')).toHaveValue('100');

    await train.submit.click();
    await expect(page).toHaveURL(/#\/train\/runs\/[0-9a-f]{32}$/);
    await expect(train.progressLabel).toContainText(/Epoch \d+\/100 · batch \d+\/\d+/);
    await train.expectFinished(150_000);
    await expect(train.progressLabel).toContainText('Epoch 100/100');
    await expect(train.livePlot('loss')).toHaveAttribute('data-points', '100');
    // Results first: the test accuracy against always guessing the majority class.
    const headline = /^test accuracy (0\.\d\d|1) — always guessing the majority class: 0\.\d\d$/;
    await expect(train.live.getByTestId('run.headline.text')).toHaveText(headline);
    await expect(train.live.getByTestId('run.headline.note')).toContainText('learned something');
    const runId = train.runIdFromUrl();
    const choice = await page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).tags['trainyard.backend_choice'], runId);
    console.log(`guided Iris run: backend ${choice}`);

    await page.getByTestId('train.run-link').click();
    await expect(page).toHaveURL(new RegExp(`#/experiments/0/runs/${runId}$`));
    await expect(page.getByTestId('run-overview.status')).toHaveText('FINISHED');
    await expect(page.getByTestId('run.headline.text')).toHaveText(headline);
    await expect(page.getByTestId('run.headline.status')).toHaveText('FINISHED');
    await expect(page.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '100');
    await expect(page.locator('[data-metric-key="acc"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '100');
    // One-value test scores are a table, not charts of one dot; the headline comes before the curves.
    await expect(page.getByTestId('metric-chart')).toHaveCount(2);
    await expect(page.getByTestId('run-results.table')).toContainText('test_baseline_accuracy');
    const top = async (testId: string) => (await page.getByTestId(testId).first().boundingBox())?.y ?? Number.NaN;
    expect(await top('run.headline')).toBeLessThan(await top('metric-chart'));
    expect(await top('metric-chart')).toBeLessThan(await top('run-params.table'));

    const help = page.getByRole('button', { name: 'What is test_accuracy?' });
    await expect(help).toHaveAttribute('aria-expanded', 'false');
    await help.click();
    const panel = page.getByTestId('metric-help.panel');
    await expect(panel).toContainText('Test accuracy');
    await expect(panel).toContainText('Higher is better.');
    await expect(panel.getByTestId('metric-help.formula')).toHaveText('accuracy = (number of correct predictions) / n');
    await page.keyboard.press('Escape');
    await expect(panel).toHaveCount(0);

    // The guide is for first-timers only.
    await page.getByTestId('nav.train').click();
    await expect(page.getByTestId('train.title')).toBeVisible();
    await expect(page.getByTestId('train.first-run')).toHaveCount(0);
  });

  test('an out-of-range value is an inline error, Train is disabled, and no run is created', async ({ app, page }) => {
    const train = new TrainPageObject(page);
    // Count workers: a refused submit must not even start one.
    await page.addInitScript(() => {
      const Original = window.Worker;
      const counter = window as unknown as { workersCreated: number };
      counter.workersCreated = 0;
      window.Worker = class extends Original {
        constructor(url: string | URL, options?: WorkerOptions) {
          super(url, options);
          counter.workersCreated += 1;
        }
      };
    });
    await app.open('#/train');
    await train.recipe('iris_logreg').click();
    await expect(train.field('epochs')).not.toHaveAttribute('aria-invalid', 'true');

    await train.field('epochs').fill('0');
    await expect(train.field('epochs')).toHaveAttribute('aria-invalid', 'true');
    await expect(train.fieldError('epochs')).toHaveText('epochs must be an integer from 1 to 10000; got 0');
    await expect(train.submit).toBeDisabled();
    await train.field('learning_rate').fill('5');
    await expect(train.fieldError('learning_rate')).toHaveText('learning_rate must be a number from 0.000001 to 1; got 5');
    await expect(page.getByTestId('train.invalid-summary')).toHaveText('Complete or fix epochs, learning_rate to train.');

    await train.field('epochs').press('Enter'); // a submit with errors only reveals them
    await expect(page.getByTestId('train.starting')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { workersCreated: number }).workersCreated)).toBe(0);
    expect(await countRuns(page)).toBe(0);
    await expect(page).toHaveURL(/#\/train$/);

    await train.field('epochs').fill('5');
    await train.field('learning_rate').fill('0.1');
    await expect(train.fieldError('epochs')).toHaveCount(0);
    await expect(train.field('epochs')).not.toHaveAttribute('aria-invalid', 'true');
    await expect(train.submit).toBeEnabled();
  });

  test('Stop mid-way ends the run KILLED with what it logged, and it stays in the table', async ({ app, page }) => {
    const train = new TrainPageObject(page);
    await app.open('#/train');
    // The text demo: its epochs last a second or more, so Stop lands mid-run (Iris trains 10,000 epochs in seconds).
    await train.recipe('text_classifier').click();
    await train.field('epochs').fill('40');
    await train.submit.click();
    await expect(train.progressLabel).toContainText(/Epoch \d+\/40/);
    await train.stop.click();
    await expect(train.status).toHaveText('KILLED', { timeout: 30_000 });
    await expect(train.stop).toHaveCount(0);

    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), train.runIdFromUrl());
    expect(run.status).toBe('KILLED');
    const losses = run.metrics.loss?.count ?? 0;
    expect(losses).toBeGreaterThanOrEqual(0);
    expect(losses).toBeLessThan(40);
    expect(run.metrics.test_accuracy).toBeUndefined(); // no evaluation after a stop

    await page.getByTestId('nav.runs').click();
    await expect(app.runRows).toHaveCount(1);
    await expect(app.runRows.first()).toContainText('KILLED');
  });

  test('the run page of a run training in this tab shows its progress and can stop it', async ({ app, page }) => {
    await app.open();
    const runId = await page.evaluate(
      () =>
        new Promise<string>((resolve, reject) => {
          // The text demo, whose epochs last a second or more: still training when Stop is pressed.
          window.trainyard.startTraining('text_classifier', { epochs: 40 }, { onStarted: resolve }).catch(reject);
        }),
    );
    await page.goto(`/#/experiments/0/runs/${runId}`);
    await expect(page.getByTestId('run-overview.status')).toHaveText('RUNNING');
    await expect(page.getByTestId('train.progress.label')).toContainText(/Epoch \d+\/40/);
    await expect(page.getByTestId('run.rerun')).toHaveCount(0); // not while it trains
    await page.getByTestId('train.stop').click();
    await expect(page.getByTestId('run-overview.status')).toHaveText('KILLED', { timeout: 30_000 });
    await expect(page.getByTestId('train.stop')).toHaveCount(0);
    await expect(page.getByTestId('run.rerun')).toBeVisible();
  });

  test('Re-run on the run page trains the same params again, tagged with the run it repeats', async ({ app, page }) => {
    const train = new TrainPageObject(page);
    await app.open();
    const firstId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 12, seed: 5, learning_rate: 0.1 }));
    await page.goto(`/#/experiments/0/runs/${firstId}`);
    await expect(page.getByTestId('run-overview.status')).toHaveText('FINISHED');
    await page.getByTestId('run.rerun').click();

    await expect(page).toHaveURL(/#\/train\/runs\/[0-9a-f]{32}$/);
    const secondId = train.runIdFromUrl();
    expect(secondId).not.toBe(firstId);
    await train.expectFinished();
    const [first, second] = await page.evaluate(
      (ids) => Promise.all(ids.map((id) => window.trainyard.getRun(id as never))),
      [firstId, secondId],
    );
    expect(second?.tags['trainyard.rerun_of']).toBe(firstId);
    expect(second?.tags['trainyard.recipe']).toBe('iris_logreg');
    expect(second?.params).toMatchObject({ epochs: '12', seed: '5', learning_rate: '0.1', test_fraction: '0.25' });
    expect(second?.params).toEqual(first?.params);
    expect(second?.metrics.loss?.count).toBe(12);
    expect(await countRuns(page)).toBe(2);
  });

  test('a CSV imported on the page trains with the chosen target; a ragged one is refused naming its line', async ({ app, page }) => {
    const train = new TrainPageObject(page);
    await app.open();
    await app.createExperiment('Own data');
    const experimentId = app.experimentIdFromUrl();
    await page.getByTestId('nav.train').click();
    await expect(page.getByTestId('train.experiment')).toHaveValue(experimentId); // the experiment last viewed
    await train.recipe('csv').click();
    await expect(train.fieldError('dataset')).toHaveCount(0); // untouched required fields stay quiet
    await expect(train.submit).toBeDisabled();

    // Hostile first: nothing is stored, and the message names the file and line.
    await page.getByTestId('train.dataset.file').setInputFiles({
      name: 'ragged.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('x1,x2,y\n1,2,3\n4,5\n6,7,8\n'),
    });
    await expect(page.getByTestId('train.dataset.import-error')).toContainText('ragged.csv, line 3');
    await expect(page.getByTestId('train.dataset.import-error')).toContainText('expected 3 fields like the header but found 2');
    expect(await page.evaluate(() => window.trainyard.listDatasets())).toEqual([]);

    await page.getByTestId('train.dataset.file').setInputFiles({
      name: 'linear.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(linearCsv(200)),
    });
    await expect(page.getByTestId('train.dataset.import-error')).toHaveCount(0);
    await expect(train.field('dataset')).toHaveValue(/^ds-/);
    await expect(train.field('dataset').locator('option:checked')).toHaveText('linear.csv — 200 rows');
    await expect(page.getByTestId('train.invalid-summary')).toHaveText('Complete or fix target to train.');
    await train.field('target').selectOption('y');
    await train.field('task').selectOption('regression');
    await train.field('epochs').fill('60');
    await train.field('learning_rate').fill('0.01');
    await expect(train.submit).toBeEnabled();
    await train.submit.click();

    await train.expectFinished();
    await expect(train.live.getByTestId('run.headline.text')).toHaveText(/^test RMSE [\d.]+ — guessing the mean: [\d.]+$/);
    await expect(train.live.getByTestId('run-results.table')).toContainText('test_rmse');
    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), train.runIdFromUrl());
    expect(run.experimentId).toBe(experimentId);
    expect(run.params).toMatchObject({ target: 'y', epochs: '60' });
    const rmse = run.metrics.test_rmse?.latest.value ?? Number.NaN;
    const baseline = run.metrics.test_baseline_rmse?.latest.value ?? Number.NaN;
    expect(rmse).toBeLessThan(baseline);
  });

  test('the first red-wine run shows its download, and the next one uses the stored copy', async ({ app, page }) => {
    test.skip(!existsSync(`${DATASETS}winequality-red.csv`), `../shared/datasets is absent (looked in ${DATASETS})`);
    const train = new TrainPageObject(page);
    let downloads = 0;
    await page.route(RED_URL, (route) => {
      downloads += 1;
      return route.fulfill({ path: `${DATASETS}winequality-red.csv`, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } });
    });
    await app.open('#/train');
    await train.recipe('wine_quality').click();
    await page.getByTestId('train.entry-point').and(page.locator('[value="elasticnet"]')).check();
    await expect(train.field('alpha')).toHaveValue('0.5');
    await expect(train.field('learning_rate')).toHaveValue('0.01'); // ElasticNet's default, not the MLP's
    await expect(train.field('dataset')).toHaveValue('builtin:wine-red');
    await expect(train.field('dataset').locator('option:checked')).toContainText('downloaded once');
    await train.field('epochs').fill('20');
    await train.submit.click();
    await expect(page.getByTestId('train.download')).toContainText('82 KB of 82 KB (100%)');
    await train.expectFinished();
    await expect(train.live.getByTestId('run-results.table')).toContainText('test_baseline_rmse');
    await expect(train.live.getByTestId('run.headline.text')).toContainText('— guessing the mean: ');
    await expect(train.field('dataset').locator('option:checked')).toHaveText('Red wine, UCI — 1,599 wines (downloaded)');

    const firstRun = train.runIdFromUrl();
    await train.submit.click(); // the form kept its values
    await expect(page).not.toHaveURL(new RegExp(firstRun));
    await train.expectFinished();
    await expect(page.getByTestId('train.download')).toHaveCount(0);
    expect(downloads).toBe(1);
  });
});
