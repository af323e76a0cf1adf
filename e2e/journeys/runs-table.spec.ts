/**
 * The runs table at work: choosing columns and a metric's summary (and keeping that choice),
 * sorting by it, filtering, a selection that survives the filter and spans experiments, Compare,
 * and many columns rendered only where they are in view; the default columns of a big recipe
 * experiment (a metric in the first screen), new keys offered rather than forced in, the main
 * metric, widening headers, and the filter box (legible underscores, completion of names).
 */
import type { Locator, Page } from '@playwright/test';
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

const SHA = (i: number) => Array.from({ length: 64 }, (_, k) => '0123456789abcdef'.charAt((i * 7 + k * 3) % 16)).join('');

/**
 * An experiment like the issue's: many runs of two recipes (most of them the iris classifier),
 * each with the params its form set, the side records a recipe logs (a sha256 digest, sizes,
 * optimizer settings), a `trainyard.*` param and system tags, and a dozen metrics.
 */
async function seedRecipeExperiment(page: Page, runCount = 40): Promise<string> {
  return page.evaluate(
    async ({ runCount, digests }) => {
      const t = window.trainyard;
      const id = await t.createExperiment(`recipes ${Date.now()}`);
      for (let i = 0; i < runCount; i++) {
        const wine = i % 4 === 0;
        const run = await t.createRun({
          experimentId: id,
          runName: `${wine ? 'wine' : 'iris'}-${i}`,
          tags: {
            'trainyard.recipe': wine ? 'wine_quality' : 'iris_logreg',
            'trainyard.entry_point': wine ? 'mlp' : 'main',
            'trainyard.task': wine ? 'regression' : 'classification',
            'trainyard.backend': 'cpu',
            'mlflow.source.type': 'PROJECT',
          },
        });
        const form: Record<string, string | number> = wine
          ? { hidden_layers: '[64,32]', epochs: 40, batch_size: 32, learning_rate: 0.001, seed: i, swa_start_epoch: 20, feature_transform: 'log1p' }
          : { epochs: 100, learning_rate: 0.05, test_fraction: 0.25, seed: i };
        const recorded: Record<string, string | number> = { dataset_name: wine ? 'wine' : 'iris', dataset_digest: digests[i] ?? '', train_size: 120, test_size: 30 };
        for (const key of ['opt_name', 'opt_beta_1', 'opt_beta_2', 'opt_epsilon', 'initial_epoch', 'validation_data']) recorded[key] = 1;
        await t.logParams({ ...form, ...recorded, 'trainyard.schema': 2 }, { runId: run.runId });
        const metrics: Record<string, number> = wine
          ? { test_rmse: 0.6 + i / 100, test_mae: 0.5, test_r2: 0.3, loss: 0.4, val_loss: 0.5, train_rmse: 0.5 }
          : { test_accuracy: 0.9 + i / 1000, test_f1_macro: 0.88, test_roc_auc_ovr: 0.97, loss: 0.3, acc: 0.9, val_loss: 0.35 };
        for (const [key, value] of Object.entries(metrics)) t.logMetric(key, value, { runId: run.runId });
        await t.endRun('FINISHED', { runId: run.runId });
      }
      return id;
    },
    { runCount, digests: Array.from({ length: runCount }, (_, i) => SHA(i)) },
  );
}

/** The header's box lies within the window (left and right), i.e. it is seen without scrolling sideways. */
async function expectInFirstScreen(page: Page, header: Locator): Promise<void> {
  const box = await header.boundingBox();
  const width = page.viewportSize()?.width ?? 0;
  expect(box, 'the header is rendered').not.toBeNull();
  if (!box) return;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(width);
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

test.describe('The runs table of a big experiment', () => {
  test('shows the main metric in the first screen at 1440 and 1024 px, digests and system tags only on request', async ({ app, page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await app.open();
    const id = await seedRecipeExperiment(page);
    await openExperiment(app, id);
    await expect(app.runRows.first()).toBeVisible();
    // The first metric column is the classifier's headline metric, marked as the main metric.
    const firstMetric = page.locator('th.col-metric').first();
    await expect(firstMetric.getByRole('button')).toHaveText(/^main metric test_accuracy/);
    await expectInFirstScreen(page, firstMetric);
    await expect(page.getByTestId('run-table.main-metric')).toHaveValue('test_accuracy');
    // Params come after the metrics; no digest, side record, trainyard.* param or system tag by default.
    for (const hidden of ['param:dataset_digest', 'param:opt_beta_1', 'param:trainyard.schema', 'tag:mlflow.source.type', 'tag:trainyard.recipe']) {
      await expect(page.getByTestId(`run-table.sort.${hidden}`)).toHaveCount(0);
    }
    await expect(page.getByTestId('run-table').locator('td', { hasText: SHA(1) })).toHaveCount(0);

    await page.setViewportSize({ width: 1024, height: 768 });
    await expectInFirstScreen(page, page.locator('th.col-metric').first());
    await expect(page.locator('th.col-metric').first()).toContainText('test_accuracy');

    // They are in the chooser, to ask for.
    await page.getByTestId('run-columns.toggle').click();
    const panel = page.getByTestId('run-columns.panel');
    await expect(panel.getByTestId('run-columns.item.param:dataset_digest')).not.toBeChecked();
    await expect(panel.getByTestId('run-columns.item.tag:mlflow.source.type')).not.toBeChecked();
    await panel.getByTestId('run-columns.item.param:dataset_digest').check();
    await page.keyboard.press('Escape');
    await page.getByTestId('run-table').evaluate((el) => {
      el.scrollLeft = el.scrollWidth;
    });
    await expect(page.getByTestId('run-table.sort.param:dataset_digest')).toBeVisible();
  });

  test('headers show the whole key and its full name on hover, and widen by drag, double-click and keyboard', async ({ app, page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await app.open();
    const id = await page.evaluate(async () => {
      const t = window.trainyard;
      const experimentId = await t.createExperiment(`headers ${Date.now()}`);
      for (let i = 0; i < 3; i++) {
        const run = await t.createRun({ experimentId, runName: `h-${i}` });
        await t.logParams({ hidden_layers: '[64,32]', note: `a note about run ${i} that is longer than its column` }, { runId: run.runId });
        t.logMetric('test_rmse', 0.5 + i / 10, { runId: run.runId });
        await t.endRun('FINISHED', { runId: run.runId });
      }
      return experimentId;
    });
    await openExperiment(app, id);
    await expect(app.runRows).toHaveCount(3);
    const header = page.getByTestId('run-table.sort.param:hidden_layers');
    await expect(header).toBeVisible();
    await expect(header).toHaveAttribute('title', 'params.hidden_layers');
    // The key is not cut short ("hidden_l…"): the header's text fits its button.
    expect(await header.evaluate((el) => [...el.querySelectorAll('*'), el].every((node) => node.scrollWidth <= node.clientWidth))).toBe(true);

    const th = page.getByRole('columnheader').filter({ has: header });
    const widthOf = () => th.evaluate((el) => Math.round(el.getBoundingClientRect().width));
    const before = await widthOf();
    const handle = page.getByRole('separator', { name: 'Resize column params.hidden_layers' });
    await handle.focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(widthOf).toBe(before + 32);
    await expect(handle).toHaveAttribute('aria-valuenow', String(before + 32));

    // Drag the handle 60 px to the right.
    const box = await handle.boundingBox();
    if (!box) throw new Error('no handle');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 30, box.y + box.height / 2);
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2);
    await page.mouse.up();
    await expect.poll(widthOf).toBe(before + 92);

    // Double-click fits a column to its longest cell: the whole note shows.
    const noteCell = app.runRow('h-2').locator('td.col-param', { hasText: 'a note about run 2' });
    expect(await noteCell.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    await page.getByTestId('run-table.resize.param:note').dblclick();
    await expect.poll(() => noteCell.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);

    // Widths are kept with the experiment's columns.
    await page.reload();
    await expect(app.runRows).toHaveCount(3);
    await expect.poll(widthOf).toBe(before + 92);
  });

  test("keeps the user's columns when later runs bring new keys, and offers those in the chooser", async ({ app, page }) => {
    await app.open();
    const { a } = await seed(page);
    await openExperiment(app, a);
    await expect(app.runRows).toHaveCount(3);
    await page.getByTestId('run-columns.toggle').click();
    const panel = page.getByTestId('run-columns.panel');
    await panel.getByTestId('run-columns.item.tag:team').uncheck();
    await panel.getByTestId('run-columns.close').click();
    const headers = () => page.locator('thead [data-testid^="run-table.sort."]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
    const chosen = await headers();

    await page.evaluate(async (experimentId) => {
      const t = window.trainyard;
      const run = await t.createRun({ experimentId: experimentId as never, runName: 'r4', tags: { team: 'red', owner: 'me' } });
      await t.logParams({ lr: '0.4', dropout: '0.5', momentum: '0.9' }, { runId: run.runId });
      t.logMetric('test_f1', 0.7, { runId: run.runId });
      await t.endRun('FINISHED', { runId: run.runId });
    }, a);
    await expect(app.runRows).toHaveCount(4);
    await expect.poll(headers).toEqual(chosen);
    await expect(page.getByTestId('run-columns.new-count')).toHaveText('· 4 new');

    await page.getByTestId('run-columns.toggle').click();
    await expect(panel.getByTestId('run-columns.new')).toContainText('4 new columns');
    await panel.getByTestId('run-columns.new-show').click();
    await expect(page.getByTestId('run-table.sort.param:dropout')).toBeVisible();
    await expect(page.getByTestId('run-table.sort.metric:test_f1')).toBeVisible();
    await expect(page.getByTestId('run-columns.new-count')).toHaveCount(0);
    // The tag the user hid stays hidden.
    await expect(page.getByTestId('run-table.sort.tag:team')).toHaveCount(0);
  });

  test('the user picks another main metric; it leads the metrics and is kept for the experiment', async ({ app, page }) => {
    await app.open();
    const { a, b } = await seed(page);
    await openExperiment(app, a);
    await expect(app.runRows).toHaveCount(3);
    await expect(page.locator('th.col-metric').first()).toContainText('acc');
    await page.getByTestId('run-table.main-metric').selectOption('loss');
    await expect(page.locator('th.col-metric').first()).toHaveText(/^main metric loss/);
    await page.reload();
    await expect(app.runRows).toHaveCount(3);
    await expect(page.getByTestId('run-table.main-metric')).toHaveValue('loss');
    await expect(page.locator('th.col-metric').first()).toContainText('loss');
    // Another experiment keeps its own.
    await openExperiment(app, b);
    await expect(app.runRows).toHaveCount(2);
    await expect(page.getByTestId('run-table.main-metric')).toHaveValue('acc');
  });
});

test.describe('The filter box', () => {
  test('shows underscores: the line of text fits the input', async ({ app }) => {
    await app.open('#/experiments/0');
    const input = app.filterInput;
    await input.fill('metrics.test_rmse < 1');
    const fit = await input.evaluate((el) => {
      const style = getComputedStyle(el);
      const content = el.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
      const context = document.createElement('canvas').getContext('2d');
      if (!context) throw new Error('no canvas');
      context.font = style.font;
      const text = context.measureText((el as HTMLInputElement).value);
      const ascent = text.fontBoundingBoxAscent;
      const descent = text.fontBoundingBoxDescent;
      // The line sits centred in the content box; the underscore reaches `actualBoundingBoxDescent`
      // below the baseline, which in a monospace font is lower than the font's own descent.
      const baseline = (content - ascent - descent) / 2 + ascent;
      return { content, glyphBottom: baseline + text.actualBoundingBoxDescent, glyphTop: baseline - text.actualBoundingBoxAscent, scroll: el.scrollHeight, client: el.clientHeight };
    });
    expect(fit.scroll).toBeLessThanOrEqual(fit.client);
    expect(fit.glyphTop).toBeGreaterThanOrEqual(0);
    expect(fit.glyphBottom).toBeLessThanOrEqual(fit.content);
  });

  test("completes the experiment's metric, param and tag names with the keyboard and the mouse", async ({ app, page }) => {
    await app.open();
    const { a } = await seed(page);
    await openExperiment(app, a);
    await expect(app.runRows).toHaveCount(3);
    const box = page.getByRole('combobox', { name: 'Filter runs' });
    const list = page.getByRole('listbox', { name: 'Names to filter by' });
    await box.click();
    await box.pressSequentially('metrics.l');
    await expect(list).toBeVisible();
    await expect(list.getByRole('option')).toHaveText(['metrics.loss']);
    await box.press('Enter');
    await expect(box).toHaveValue('metrics.loss ');
    await expect(list).toBeHidden();
    await box.pressSequentially('< 0.4 AND par');
    await expect(list.getByRole('option')).toHaveText(['params.lr', 'params.optimizer']);
    await box.press('ArrowDown');
    await expect(list.getByRole('option', { name: 'params.optimizer' })).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', /.+/);
    await box.press('ArrowUp');
    await box.press('Enter');
    await expect(box).toHaveValue('metrics.loss < 0.4 AND params.lr ');
    await box.pressSequentially("= '0.2'");
    await expect(app.runRows).toHaveCount(1);
    await expect(page.getByTestId('run-search.error')).toHaveCount(0);

    // By a part of the key, picked with the mouse; Escape closes the list and keeps the text.
    await box.fill('');
    await box.pressSequentially('tea');
    await list.getByRole('option', { name: 'tags.team' }).click();
    await expect(box).toHaveValue('tags.team ');
    await box.pressSequentially('= ');
    await box.press('ArrowDown');
    await expect(list).toBeVisible();
    await box.press('Escape');
    await expect(list).toBeHidden();
    await expect(box).toHaveValue('tags.team = ');
  });
});

test.describe('The runs page on narrower screens', () => {
  for (const width of [1024, 768]) {
    test(`scrolls sideways only inside the table at ${width} px`, async ({ app, page }) => {
      await page.setViewportSize({ width, height: 900 });
      await app.open();
      const id = await seedRecipeExperiment(page, 6);
      await openExperiment(app, id);
      await expect(app.runRows).toHaveCount(6);
      await app.filterInput.fill('metrics.test_accuracy > 0 AND params.learning_rate');
      await expect(page.getByTestId('run-search.error')).toBeVisible();
      const overflowing = await page.locator('section.runs-page').evaluate((section) => {
        const out: string[] = [];
        const table = section.querySelector('[data-testid="run-table"]');
        for (const el of [section, ...section.querySelectorAll('*')]) {
          if (table && table !== el && table.contains(el)) continue;
          const right = el.getBoundingClientRect().right;
          if (right > window.innerWidth + 0.5) out.push(`${el.tagName}.${el.className} ends at ${Math.round(right)}`);
        }
        return out;
      });
      expect(overflowing).toEqual([]);
      const table = page.getByTestId('run-table');
      expect(await table.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    });
  }
});

