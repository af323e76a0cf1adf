import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

const XSS = '<img src=x onerror="window.__xss=1">';

/**
 * Four runs in two experiments: lr and batch vary, optimizer is the same everywhere; loss falls
 * with lr; one run has a 10,000-step history with a spike; one run's name, param and tag are HTML.
 */
async function seedRuns(page: Page): Promise<string[]> {
  return page.evaluate(async (xss) => {
    const t = window.trainyard;
    const other = await t.createExperiment('second experiment');
    const specs = [
      { name: 'lr-0.1', lr: 0.1, batch: 32, final: 0.4, experimentId: '0' },
      { name: 'lr-0.01', lr: 0.01, batch: 64, final: 0.2, experimentId: '0' },
      { name: xss, lr: 0.001, batch: 32, final: 0.3, experimentId: '0' },
      { name: 'other-exp', lr: 0.03, batch: 64, final: 0.25, experimentId: other },
    ];
    const ids: string[] = [];
    for (const [i, spec] of specs.entries()) {
      const run = await t.startRun({ runName: spec.name, experimentId: spec.experimentId as never });
      await t.logParams({ lr: spec.lr, batch: spec.batch, optimizer: 'adam', note: i === 2 ? xss : 'plain' });
      await t.setTag('team', i % 2 === 0 ? 'blue' : xss);
      const steps = i === 0 ? 10_000 : 20;
      for (let s = 0; s < steps; s++) {
        const loss = spec.final + 1 / (s + 1) + (i === 0 && s === 5_000 ? 50 : 0);
        t.logMetric('loss', loss, { step: s, timestamp: 1_700_000_000_000 + s * 1000 });
      }
      t.logMetric('accuracy', 1 - spec.final, { step: steps - 1 });
      await t.endRun();
      ids.push(run.runId);
    }
    return ids;
  }, XSS);
}

/**
 * A hyperparameter search as the search service records it: a parent tagged
 * trainyard.search.algorithm with its objective and space, and five trials (child runs). lr and
 * units are searched, activation is text, batch is fixed; dropout only three trials have, and one
 * trial has no activation. Every trial logs loss and val_loss per epoch (trial 4 stops after 3
 * epochs) and one test_acc; `decay` is logged only by the tanh trials.
 */
async function seedSearch(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const parent = await t.startRun({ runName: 'tpe-search', tags: { 'trainyard.search.algorithm': 'tpe' } });
    await t.logParams({
      algorithm: 'tpe',
      objective: 'val_loss',
      space: JSON.stringify([
        { name: 'lr', type: 'loguniform', low: 1e-4, high: 1e-1 },
        { name: 'units', type: 'choice', options: [16, 32, 64] },
      ]),
    });
    const trials: Array<Record<string, string | number>> = [
      { lr: 0.1, units: 16, activation: 'relu', dropout: 0.2 },
      { lr: 0.01, units: 32, activation: 'tanh', dropout: 0.5 },
      { lr: 0.001, units: 64, activation: 'relu', dropout: 0.2 },
      { lr: 0.0003, units: 32, activation: 'tanh' },
      { lr: 0.03, units: 64 },
    ];
    const ids: string[] = [];
    for (const [i, trial] of trials.entries()) {
      const run = await t.startRun({ runName: `trial-${i}`, parentRunId: parent.runId, tags: { 'trainyard.search.trial': String(i) } });
      await t.logParams({ ...trial, batch: 32 });
      const epochs = i === 4 ? 3 : 8;
      for (let e = 0; e < epochs; e++) {
        const loss = Math.exp(-e / (2 + i)) + i / 10;
        t.logMetrics({ loss, val_loss: loss + 0.1 }, { step: e });
        if (trial.activation === 'tanh') t.logMetric('decay', 1 / (e + 1), { step: e });
      }
      t.logMetric('test_acc', 0.9 - i / 50);
      await t.endRun();
      ids.push(run.runId);
    }
    await t.endRun();
    return ids;
  });
}

/** The part of an element's box not clipped by an ancestor that hides its overflow. */
async function visibleBox(page: Page, testId: string): Promise<{ left: number; top: number; right: number; bottom: number }> {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const box = { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    for (let a = el.parentElement; a; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
      const c = a.getBoundingClientRect();
      box.left = Math.max(box.left, c.left);
      box.top = Math.max(box.top, c.top);
      box.right = Math.min(box.right, c.right);
      box.bottom = Math.min(box.bottom, c.bottom);
    }
    return box;
  });
}

test.describe('Compare runs', () => {
  test('side by side, curves with smoothing and downsampling, groups, param charts, all in a shareable URL', async ({ app, page }) => {
    await app.open();
    const ids = await seedRuns(page);
    await page.goto(`/#/compare?runs=${ids.join(',')}`);
    const compare = page.getByTestId('compare');
    await expect(compare.getByRole('heading', { name: 'Comparing 4 runs' })).toBeVisible();

    // Side by side: best loss (0.2 + 1/20) is lr-0.01's, second column; "only what differs" hides optimizer.
    const lossRow = page.locator('[data-testid="compare.row"][data-key="metric:loss"]');
    await expect(lossRow.locator('td[data-best="true"]')).toHaveCount(1);
    await expect(lossRow.locator('td').nth(1)).toHaveAttribute('data-best', 'true');
    const accuracyRow = page.locator('[data-testid="compare.row"][data-key="metric:accuracy"]');
    await expect(accuracyRow.locator('td').nth(1)).toHaveAttribute('data-best', 'true');
    await expect(page.locator('[data-testid="compare.row"][data-key="param:optimizer"]')).toHaveCount(1);
    await page.getByTestId('compare.only-differing').check();
    await expect(page.locator('[data-testid="compare.row"][data-key="param:optimizer"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="compare.row"][data-key="param:lr"]')).toHaveCount(1);
    await expect(page).toHaveURL(/onlyDiffering=1|onlyDiffering=true/);

    // Curves: loss is drawn by default; 10,000 + 3×20 points are downsampled to the chart's width.
    const lossCurve = page.locator('[data-testid="compare.curve"][data-metric="loss"]');
    await expect(lossCurve.getByTestId('compare.curve.points')).toContainText('of 10,060 points');
    const shown = Number(await lossCurve.getByTestId('compare.curve.plot').getAttribute('data-points'));
    expect(shown).toBeGreaterThan(60);
    expect(shown).toBeLessThan(5_000);
    // The spike at step 5,000 survives downsampling.
    const maxY = await lossCurve.evaluate((el) => {
      const plot = el.querySelector('.js-plotly-plot') as unknown as { data: Array<{ y: Array<number | null> }> } | null;
      return Math.max(...(plot?.data ?? []).flatMap((trace) => trace.y.filter((v): v is number => typeof v === 'number')));
    });
    expect(maxY).toBeGreaterThan(50);

    // One trace per run; with smoothing, each run's raw line is drawn faint behind its smoothed one.
    const traceCount = () => lossCurve.evaluate((el) => (el.querySelector('.js-plotly-plot') as unknown as { data: unknown[] }).data.length);
    await expect.poll(traceCount).toBe(4);

    // Smoothing, log scale and the x axis go into the URL, and a reload restores them.
    await page.getByTestId('compare.smoothing').fill('0.6');
    await page.getByTestId('compare.y-scale').selectOption('log');
    await page.getByTestId('compare.x-axis').selectOption('relative');
    await expect.poll(traceCount).toBe(8);
    await expect(page).toHaveURL(/smoothing=0\.6/);
    await expect(page).toHaveURL(/yScale=log/);
    await expect(page).toHaveURL(/xAxis=relative/);
    await page.reload();
    await expect(page.getByTestId('compare.smoothing')).toHaveValue('0.6');
    await expect(page.getByTestId('compare.y-scale')).toHaveValue('log');
    await expect(page.getByTestId('compare.only-differing')).toBeChecked();

    // Group by batch: one mean line per group (plus its band), legend names the group and its size.
    await page.getByTestId('compare.group-by').selectOption('param:batch');
    await expect(lossCurve.locator('.legendtext', { hasText: 'batch = 32 (2)' })).toBeVisible();
    await expect(lossCurve.locator('.legendtext', { hasText: 'batch = 64 (2)' })).toBeVisible();

    // The param charts render when scrolled near.
    await page.getByRole('heading', { name: 'Evaluation of one run' }).scrollIntoViewIfNeeded();
    // Parallel coordinates shows the chosen axes: by default the varying params and a metric.
    const parallel = page.getByTestId('compare.parallel');
    const axisTitles = () => parallel.locator('.axis-title').allTextContents();
    await expect.poll(axisTitles).toEqual(['params.batch', 'params.lr', 'params.note', 'metrics.accuracy']);
    await parallel.getByText(/^Axes/).click();
    await parallel.getByLabel('params.note').uncheck();
    await parallel.getByLabel('metrics.loss').check();
    await expect.poll(axisTitles).toEqual(['params.batch', 'params.lr', 'metrics.accuracy', 'metrics.loss']);
    await expect(page).toHaveURL(/parallel=/);

    // Param charts render.
    for (const id of ['compare.parallel.plot', 'compare.scatter.plot', 'compare.contour.plot', 'compare.box.plot']) {
      await expect(page.getByTestId(id).locator('.main-svg').first()).toBeAttached();
    }

    // Nothing from a run name, param or tag ran as HTML, in the table or in Plotly's legends and axes.
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await expect(page.getByRole('columnheader', { name: XSS })).toBeVisible();
  });

  test('a search: every chart defaults to what was searched, every run is drawn, groups keep their colour', async ({ app, page }) => {
    await app.open();
    const ids = await seedSearch(page);
    await page.goto(`/#/compare?runs=${ids.join(',')}`);
    await expect(page.getByRole('heading', { name: 'Comparing 5 runs' })).toBeVisible();

    // Curves: val_loss is drawn dashed in the loss chart; the test score is a bar chart, not a one-dot curve.
    const lossChart = page.locator('[data-testid="compare.curve"][data-metric="loss"]');
    await expect(lossChart).toHaveAttribute('data-overlay', 'val_loss');
    await expect(lossChart.locator('.legendtext', { hasText: 'trial-0 · val_loss' })).toBeVisible();
    await expect(page.locator('[data-testid="compare.curve"][data-metric="val_loss"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="compare.curve"][data-metric="test_acc"]')).toHaveCount(0);
    const bars = page.getByTestId('compare.bars');
    await expect(bars).toHaveAttribute('data-metrics', 'test_acc');
    await expect(bars.locator('.barlayer .point')).toHaveCount(5);

    // Group by activation: the groups' colours are the same in the legend and in every chart,
    // even in "decay", which only the tanh runs logged; the caption says how the mean is taken.
    await page.getByTestId('compare.metric.decay').check();
    await page.getByTestId('compare.group-by').selectOption('param:activation');
    await expect(page.getByTestId('compare.curve.caption').first()).toContainText('mean of the runs in a group that reached that step');
    await expect(page.getByTestId('compare.curve.caption')).toHaveCount(2);
    const legend = page.getByTestId('compare.group');
    await expect(legend).toHaveText(['relu (2 runs)', 'tanh (2 runs)', '(none) (1 run)']);
    const tanhColor = await legend.nth(1).getAttribute('data-color');
    const meanColor = (metric: string) =>
      page.locator(`[data-testid="compare.curve"][data-metric="${metric}"]`).evaluate((el) => {
        const plot = el.querySelector('.js-plotly-plot') as unknown as { data: Array<{ name: string; line?: { color?: string } }> };
        return plot.data.find((t) => t.name.startsWith('activation = tanh') && t.line?.color)?.line?.color;
      });
    await expect.poll(() => meanColor('decay')).toBe(tanhColor);
    await expect.poll(() => meanColor('loss')).toBe(tanhColor);
    // The one-value metric under grouping: a bar per group, none vanishes.
    await expect(bars.locator('.barlayer .point')).toHaveCount(3);

    await page.getByRole('heading', { name: 'Evaluation of one run' }).scrollIntoViewIfNeeded();
    // Parallel coordinates: searched params first, then the other varying ones, then the objective.
    const parallel = page.getByTestId('compare.parallel');
    const titles = parallel.locator('.axis-title');
    await expect.poll(() => titles.allTextContents()).toEqual(['params.lr', 'params.units', 'params.activation', 'params.dropout', 'metrics.val_loss']);
    // Each title is inside the chart's visible box, not clipped above it.
    const box = await visibleBox(page, 'compare.parallel.plot');
    for (const title of await titles.all()) {
      const r = await title.boundingBox();
      expect(r).not.toBeNull();
      expect(r!.x).toBeGreaterThanOrEqual(box.left - 0.5);
      expect(r!.y).toBeGreaterThanOrEqual(box.top - 0.5);
      expect(r!.x + r!.width).toBeLessThanOrEqual(box.right + 0.5);
      expect(r!.y + r!.height).toBeLessThanOrEqual(box.bottom + 0.5);
    }
    // Runs without dropout or activation are drawn, crossing those axes at "(missing)", as the caption says.
    await expect(parallel.locator('.tick text', { hasText: '(missing)' })).toHaveCount(2);
    await expect(parallel.getByTestId('compare.parallel.caption')).toContainText('(missing)');

    // Scatter and contour: the searched numeric params against the objective, a contour drawn.
    await expect(page.getByTestId('compare.scatter.x')).toHaveValue('param:lr');
    await expect(page.getByTestId('compare.scatter.y')).toHaveValue('metric:val_loss');
    await expect(page.getByTestId('compare.contour.x')).toHaveValue('param:lr');
    await expect(page.getByTestId('compare.contour.y')).toHaveValue('param:units');
    await expect(page.getByTestId('compare.contour.reason')).toHaveCount(0);
    await expect(page.getByTestId('compare.contour.plot').locator('.main-svg').first()).toBeAttached();
    // Box: the text param, and numeric-looking groups stay in order with "(none)" last.
    await expect(page.getByTestId('compare.box.param')).toHaveValue('param:activation');
    await page.getByTestId('compare.box.param').selectOption('param:dropout');
    await expect.poll(() => page.getByTestId('compare.box.plot').locator('.xtick text').allTextContents()).toEqual(['0.2', '0.5', '(none)']);
    await expect(page.getByText(/needs at least 2 distinct values/)).toHaveCount(0);

    // No page-level horizontal scroll at small-laptop and tablet widths, opened at that width.
    for (const width of [1024, 768]) {
      await page.setViewportSize({ width, height: 900 });
      await page.reload();
      await expect(page.locator('[data-testid="compare.curve"][data-metric="loss"] .main-svg').first()).toBeAttached();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `horizontal scroll at ${width} px`).toBeLessThanOrEqual(0);
    }
  });

  test('a chart exports its data as CSV, and a broken link still opens with a warning', async ({ app, page }) => {
    await app.open();
    const ids = await seedRuns(page);
    await page.goto(`/#/compare?runs=${ids.slice(1).join(',')},not-a-run-id&smoothing=abc&metrics=loss`);
    await expect(page.getByTestId('compare.warnings')).toContainText('smoothing');
    const lossCurve = page.locator('[data-testid="compare.curve"][data-metric="loss"]');
    await expect(lossCurve.getByTestId('compare.curve.plot')).toHaveAttribute('data-points', '60');
    const download = page.waitForEvent('download');
    await lossCurve.getByTestId('compare.curve.plot.export-csv').click();
    const file = await download;
    const text = await (await file.createReadStream()).toArray();
    const csv = Buffer.concat(text.map((chunk) => Buffer.from(chunk))).toString('utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('run,metric,step,value');
    expect(lines).toHaveLength(61);
    // The HTML run name is a quoted text cell, never a formula.
    expect(csv).toContain('<img src=x onerror=""window.__xss=1"">');
  });
});
