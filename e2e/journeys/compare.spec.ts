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
    await expect(lossCurve.locator('.legendtext', { hasText: 'params.batch = 32 (2)' })).toBeVisible();
    await expect(lossCurve.locator('.legendtext', { hasText: 'params.batch = 64 (2)' })).toBeVisible();

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
