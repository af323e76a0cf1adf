/**
 * Is the difference real? — on the compare view: two Iris runs that differ in their learning rate
 * are one run per group, so the panel says what is missing; "Repeat each with 5 seeds" trains the
 * repeats and adds them, and the table then has n = 6 per group, a 95% interval and the verdict.
 * Runs logged from code: one group when they differ only in their seed, a search parent left out,
 * A and B chosen among three groups, and groups by a chosen param.
 */
import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from '../a11y';
import { expect, test } from '../fixtures';

const TRAIN_TIMEOUT = 90_000;

/** Trains Iris with these params through the console; the run's name and id. */
function trainIris(page: Page, params: Record<string, number>): Promise<{ runId: string; name: string }> {
  return page.evaluate(async (p) => {
    const run = await window.trainyard.getRun(await window.trainyard.train('iris_logreg', p));
    return { runId: run.runId as string, name: run.runName };
  }, params);
}

/**
 * Runs logged from code (no recipe): learning_rate 0.05 and 0.5 with the adam optimizer, two seeds
 * each, one sgd run, and a search parent run. Their ids by name.
 */
function seedRunsFromCode(page: Page): Promise<Record<string, string>> {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const specs = [
      { name: 'slow-1', lr: 0.05, opt: 'adam', seed: 1, acc: 0.9 },
      { name: 'slow-2', lr: 0.05, opt: 'adam', seed: 2, acc: 0.92 },
      { name: 'fast-1', lr: 0.5, opt: 'adam', seed: 1, acc: 0.95 },
      { name: 'fast-2', lr: 0.5, opt: 'adam', seed: 2, acc: 0.97 },
      { name: 'sgd-1', lr: 0.5, opt: 'sgd', seed: 1, acc: 0.93 },
    ];
    const ids: Record<string, string> = {};
    const parent = await t.startRun({ runName: 'a search', tags: { 'trainyard.search.algorithm': 'grid' } });
    t.logMetric('test_accuracy', 0.97);
    await t.endRun();
    ids['a search'] = parent.runId;
    for (const spec of specs) {
      const run = await t.startRun({ runName: spec.name });
      await t.logParams({ learning_rate: spec.lr, opt: spec.opt, seed: spec.seed });
      t.logMetric('test_accuracy', spec.acc);
      await t.endRun();
      ids[spec.name] = run.runId;
    }
    return ids;
  });
}

test.describe('Is the difference real?', () => {
  test('two runs, one per group: Repeat each with 5 seeds, then n = 6 per group, the interval and the verdict', async ({ app, page }) => {
    test.setTimeout(6 * TRAIN_TIMEOUT);
    await app.open();
    // Few epochs: the journey is about the groups, not about a good model. A learning rate of 0.001
    // has barely started to learn by then, so the two groups' means differ (equal means would get
    // the "no difference" sentence, without an interval).
    const slow = await trainIris(page, { epochs: 15, learning_rate: 0.001, seed: 1 });
    const fast = await trainIris(page, { epochs: 15, learning_rate: 0.5, seed: 1 });

    // The runs table: select both, Compare.
    await page.evaluate(() => {
      location.hash = '#/experiments/0';
    });
    await expect(app.runRows).toHaveCount(2);
    await app.runRow(slow.name).getByRole('checkbox').check();
    await app.runRow(fast.name).getByRole('checkbox').check();
    await page.getByTestId('run-selection.compare').click();
    await expect(page.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible();

    const panel = page.getByTestId('groups');
    await expect(panel.getByRole('heading', { name: 'Is the difference real?' })).toBeVisible();
    await expect(page.getByTestId('groups.metric')).toHaveValue('test_accuracy');
    await expect(page.getByTestId('groups.group-by')).toHaveValue('seed');
    const rows = page.getByTestId('groups.row');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('learning_rate=0.001');
    await expect(rows.nth(1)).toContainText('learning_rate=0.5');
    await expect(page.getByTestId('groups.n')).toHaveText(['1', '1']);
    await expect(page.getByTestId('groups.ci')).toHaveText(['needs 2 runs', 'needs 2 runs']);
    const verdict = page.getByTestId('groups.verdict');
    await expect(verdict).toContainText('Cannot tell yet whether learning_rate=0.001 and learning_rate=0.5 differ in test_accuracy');
    await expect(verdict).toContainText('has only 1 run');
    await expect(page.getByTestId('groups.repeat-seeds')).toHaveValue('5');
    const repeat = page.getByTestId('groups.repeat');
    await expect(repeat).toHaveText('Repeat each with 5 seeds');
    await expect(panel.getByTestId('groups.figure')).toHaveAttribute('data-points', '2');
    await expectNoSeriousViolations(page, 'the compare view with one run per group and the Repeat offer');

    // Repeat: one run after the other, with a link to the repeat's parent run; the repeats join the view.
    await repeat.click();
    const progress = page.getByTestId('groups.repeat-progress');
    await expect(progress).toContainText('Repeating 1 of 2…');
    await expect(page.getByTestId('groups.repeat-parent')).toHaveAttribute('href', /^#\/experiments\/0\/runs\/[0-9a-f]{32}$/);
    await expect(page.getByTestId('groups.n')).toHaveText(['6', '6'], { timeout: 3 * TRAIN_TIMEOUT });
    await expect(progress).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'Comparing 12 runs' })).toBeVisible();
    for (const cell of await page.getByTestId('groups.ci').all()) await expect(cell).toHaveText(/^−?\d[\d.e−-]*(–| to )−?\d[\d.e−-]*$/);
    // The verdict's shape, not its numbers (those depend on the backend's float rounding).
    await expect(verdict).toContainText("learning_rate=0.5's test_accuracy is");
    await expect(verdict).toContainText('95% CI');
    await expect(verdict).toHaveText(/p (=|<) \d/);
    await expect(verdict).toContainText('6 seeds each');
    await expect(verdict).not.toContainText('NaN');
    await expect(page.getByTestId('groups.repeat')).toHaveCount(0);
    await expect(panel.getByTestId('groups.figure')).toHaveAttribute('data-points', '12');
    // Another metric beside it: its own table, dots and verdict.
    await page.getByTestId('groups').getByText('More metrics').click();
    await page.getByTestId('groups.also.test_f1_macro').check();
    const blocks = page.getByTestId('groups.metric-block');
    await expect(blocks).toHaveCount(2);
    await expect(blocks.nth(1)).toHaveAttribute('data-metric', 'test_f1_macro');
    await expect(blocks.nth(1).getByTestId('groups.verdict')).toContainText("learning_rate=0.5's test_f1_macro is");
    await expect(blocks.nth(1).getByTestId('groups.n')).toHaveText(['6', '6']);
    await expectNoSeriousViolations(page, 'the compare view with the verdict of two groups of 6 seeds, for two metrics');

    // Each repeat's parent is a search parent: added to the view, it is left out and said so.
    const parents = await page.evaluate(async () => {
      const { runs } = await window.trainyard.searchRuns("tags.`trainyard.search.algorithm` = 'grid'");
      return runs.map((r) => r.runId as string);
    });
    expect(parents).toHaveLength(2);
    const ids = decodeURIComponent(/runs=([^&]+)/.exec(page.url())?.[1] ?? '').split(',');
    await page.goto(`/#/compare?runs=${[...ids, parents[0]].join(',')}`);
    await expect(page.getByTestId('groups.notes')).toContainText('is a search parent run, left out');
    await expect(blocks.first().getByTestId('groups.n')).toHaveText(['6', '6']);
  });

  test('runs logged from code: one group, a search parent left out, A and B among three groups, group by a param', async ({ app, page }) => {
    await app.open();
    const ids = await seedRunsFromCode(page);
    const open = (names: string[]) => page.goto(`/#/compare?runs=${names.map((n) => ids[n]).join(',')}`);

    // Two seeds of the same settings: one group, nothing to compare it with.
    await open(['slow-1', 'slow-2']);
    await expect(page.getByTestId('groups.n')).toHaveText(['2']);
    await expect(page.getByTestId('groups.notes')).toContainText('All 2 runs have the same settings apart from their seed, so they form one group');
    await expect(page.getByTestId('groups.verdict')).toHaveText('One group of 2 runs: nothing to compare it with yet.');

    // Everything: the parent is left out; three groups, the two largest compared by default.
    await open(['a search', 'slow-1', 'slow-2', 'fast-1', 'fast-2', 'sgd-1']);
    await expect(page.getByTestId('groups.notes')).toContainText('a search is a search parent run, left out');
    const rows = page.getByTestId('groups.row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toContainText('learning_rate=0.05, opt=adam');
    await expect(page.locator('[data-testid="groups.row"][data-role="A"]')).toContainText('learning_rate=0.05, opt=adam');
    await expect(page.locator('[data-testid="groups.row"][data-role="B"]')).toContainText('learning_rate=0.5, opt=adam');
    const verdict = page.getByTestId('groups.verdict');
    await expect(verdict).toContainText('95% CI');
    await expect(verdict).toContainText('2 seeds each');

    // B = the sgd run: one run, which no recipe trained, so nothing to repeat here.
    const sgdKey = await page
      .getByTestId('groups.b')
      .locator('option', { hasText: 'opt=sgd' })
      .getAttribute('value');
    await page.getByTestId('groups.b').selectOption(sgdKey ?? '');
    await expect(verdict).toContainText('learning_rate=0.5, opt=sgd has only 1 run');
    await expect(page.getByTestId('groups.repeat')).toHaveCount(0);
    await expect(page.getByTestId('groups')).toContainText('logged from code, not trained from a recipe');

    // Group by a param: runs, not seeds.
    await page.getByTestId('groups.group-by').selectOption('param:learning_rate');
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toContainText('learning_rate=0.05');
    await expect(page.getByTestId('groups.n')).toHaveText(['2', '3']);
    await expect(verdict).toContainText('(95% CI');
    await expect(verdict).toContainText('2 and 3 runs');
    await expect(page.getByTestId('groups.a')).toHaveCount(0);
    await expectNoSeriousViolations(page, 'the compare view grouped by a param');
  });
});
