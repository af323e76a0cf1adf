/**
 * The run page's feature importance section for a random-forest run: horizontal bars sorted by
 * importance with percentage labels beside a beginner explanation, no serious accessibility
 * violation, and no sideways scroll on a tablet; malformed or hostile feature_importances.json
 * files show what is wrong with them while the rest of the page works. The run is logged through
 * the console as a forest run logs it (the importances are scikit-learn's for 200 trees on red wine).
 * Screenshots at 1440×900 and 768×1024 go to the test's output folder for a person to look at.
 */
import type { Page } from '@playwright/test';
import { expectNoSeriousViolations } from '../a11y';
import { expect, test } from '../fixtures';

const FILE = 'feature_importances.json';
const WINE = {
  method: 'mean_decrease_in_impurity',
  features: ['fixed acidity', 'volatile acidity', 'citric acid', 'residual sugar', 'chlorides', 'free sulfur dioxide', 'total sulfur dioxide', 'density', 'pH', 'sulphates', 'alcohol'],
  importances: [0.0489, 0.1106, 0.0476, 0.0564, 0.0688, 0.0457, 0.0769, 0.0563, 0.0578, 0.1427, 0.2884],
};
const XSS = '<img src=x onerror=alert(1)>';

/** A finished run with `files` logged at its artifact root (text as is, objects as JSON); its id. */
function logRun(page: Page, name: string, files: Record<string, string | object>): Promise<string> {
  return page.evaluate(
    async ({ name, files }) => {
      const t = window.trainyard;
      const run = await t.startRun({ runName: name });
      await t.logParams({ n_estimators: 200, max_depth: 'None', min_samples_leaf: 1, max_features: 1 });
      t.logMetrics({ test_rmse: 0.57, test_mae: 0.42, test_r2: 0.49 });
      for (const [path, content] of Object.entries(files)) {
        if (typeof content === 'string') await t.logText(content, path);
        else await t.logDict(content as Record<string, unknown>, path);
      }
      await t.endRun();
      return run.runId;
    },
    { name, files },
  );
}

async function openRun(page: Page, runId: string): Promise<void> {
  const experimentId = await page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).experimentId, runId);
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  await expect(page.getByTestId('run.title')).toBeVisible();
}

/** The y-axis tick labels from the top of the chart down. */
async function ticksTopDown(page: Page): Promise<string[]> {
  const ticks = page.getByTestId('feature-importance.chart').locator('.ytick text');
  const boxes = await ticks.evaluateAll((els) => els.map((el) => ({ text: el.textContent ?? '', y: el.getBoundingClientRect().y })));
  return boxes.sort((a, b) => a.y - b.y).map((b) => b.text);
}

test.describe('Feature importance', () => {
  test('a forest run shows its importances as sorted, labelled bars beside what they mean and what they do not', async ({ app, page }, testInfo) => {
    await app.open();
    const csv = ['feature,importance', ...WINE.features.map((f, i) => `${f},${WINE.importances[i]}`)].join('\n');
    const runId = await logRun(page, 'forest-200', { [FILE]: WINE, 'feature_importances.csv': csv });
    const mlp = await page.evaluate(async () => {
      const run = await window.trainyard.startRun({ runName: 'mlp' });
      await window.trainyard.endRun();
      return run.runId;
    });
    await openRun(page, runId);

    const section = page.getByTestId('feature-importance');
    await expect(section.getByRole('heading', { name: 'Feature importance' })).toBeVisible();
    const chart = section.getByTestId('feature-importance.chart');
    await expect(chart).toHaveAttribute('data-points', '11');
    await expect(chart.locator('.barlayer .point')).toHaveCount(11);
    // Largest on top, in percent on the bars and the axis.
    const order = WINE.features.map((f, i) => ({ f, v: WINE.importances[i] ?? 0 })).sort((a, b) => b.v - a.v);
    await expect.poll(() => ticksTopDown(page)).toEqual(order.map((o) => o.f));
    const labels = await chart.locator('.barlayer .bartext').allTextContents();
    expect(labels).toHaveLength(11);
    expect(labels).toContain('28.8%');
    expect(labels).toContain('4.6%');
    expect(await chart.locator('.xtick text').allTextContents()).toContain('10%');
    await expect(section.getByText('All 11 features, the most important on top.')).toBeVisible();

    // The explanation is there without a click; the formula opens on demand.
    const help = section.getByTestId('feature-importance.help');
    await expect(help).toContainText('How much each column helped the trees tell the rows apart');
    await expect(help.getByRole('heading', { name: 'What it does not mean' })).toBeVisible();
    await expect(help.locator('li')).toHaveCount(4);
    await expect(help).toContainText('Not cause and effect');
    await expect(help.locator('code')).toBeHidden();
    await help.getByText('The formula').click();
    await expect(help.locator('code')).toContainText('importance(f) = mean of share_t(f) over the trees');
    await help.getByText('The formula').click(); // closed again, as a person first sees it

    await expectNoSeriousViolations(page, 'run page with feature importance');

    for (const size of [
      { width: 1440, height: 900 },
      { width: 768, height: 1024 },
    ]) {
      await page.setViewportSize(size);
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `sideways scroll at ${size.width}px` }).toBe(0);
      await section.scrollIntoViewIfNeeded();
      await page.waitForTimeout(300); // Plotly redraws on resize in an animation frame
      await page.screenshot({ path: testInfo.outputPath(`feature-importance-${size.width}x${size.height}.png`) });
      await section.screenshot({ path: testInfo.outputPath(`feature-importance-section-${size.width}.png`) });
    }

    // A run of another kind has no such section.
    await openRun(page, mlp);
    await expect(page.getByRole('heading', { name: 'Tags' })).toBeVisible();
    await expect(page.getByTestId('feature-importance')).toHaveCount(0);
  });

  test('malformed and hostile files say what is wrong with them, names are shown as text, and the page stays whole', async ({ app, page }, testInfo) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await app.open();
    const many = Array.from({ length: 10_000 }, (_, i) => `sensor_${i}`);
    const cases: Array<{ name: string; file: string | object; message: string }> = [
      { name: 'not json', file: 'importances: alcohol 0.3, pH 0.1', message: `${FILE} is not valid JSON` },
      { name: 'lengths differ', file: { ...WINE, importances: WINE.importances.slice(0, 9) }, message: `${FILE} has 11 features but 9 importances: there must be one importance per feature` },
      { name: 'negative', file: { ...WINE, importances: [-0.2, ...WINE.importances.slice(1, 10), 0.4884] }, message: `${FILE} has the importance of "fixed acidity" (number 1) as -0.2` },
      { name: 'NaN', file: `{"method": "mean_decrease_in_impurity", "features": ["a", "b"], "importances": [NaN, 1.0]}`, message: `${FILE} holds NaN or Infinity` },
      { name: 'list', file: '[0.5, 0.5]', message: `${FILE} must be a JSON object` },
    ];
    const ids: string[] = [];
    for (const c of cases) ids.push(await logRun(page, c.name, { [FILE]: c.file }));

    for (const [i, c] of cases.entries()) {
      await openRun(page, ids[i] as string);
      const error = page.getByTestId('feature-importance.error');
      await expect(error, c.name).toContainText(c.message);
      await expect(error).toHaveAttribute('role', 'alert');
      await expect(page.getByTestId('feature-importance.chart')).toHaveCount(0);
      // The rest of the page is drawn.
      await expect(page.getByTestId('run-params.table')).toContainText('n_estimators');
      await expect(page.getByRole('heading', { name: 'Tags' })).toBeVisible();
    }
    await expectNoSeriousViolations(page, 'run page with a malformed feature_importances.json');
    await page.getByTestId('feature-importance').screenshot({ path: testInfo.outputPath('feature-importance-error.png') });

    // 10,000 features: the top 25 are drawn and the caption says so.
    const wide = await logRun(page, '10k features', { [FILE]: { method: 'mean_decrease_in_impurity', features: many, importances: many.map((_, i) => (i + 1) / 50_005_000) } });
    await openRun(page, wide);
    const chart = page.getByTestId('feature-importance.chart');
    await expect(chart).toHaveAttribute('data-points', '25');
    await expect(chart.locator('.barlayer .point')).toHaveCount(25);
    await expect(page.getByTestId('feature-importance')).toContainText('The 25 most important of 10,000 features');
    await expect.poll(async () => (await ticksTopDown(page))[0]).toBe('sensor_9999');
    // Shares far below 1% still get labels that tell the bars apart.
    await expect(chart.locator('.barlayer .bartext').first()).toHaveText('0.02%');
    await page.getByTestId('feature-importance').screenshot({ path: testInfo.outputPath('feature-importance-10k.png') });

    // Column names that try to be HTML are drawn as text, and nothing runs.
    const hostile = await logRun(page, 'html names', { [FILE]: { method: 'mean_decrease_in_impurity', features: [XSS, 'plain'], importances: [0.75, 0.25] } });
    await openRun(page, hostile);
    await expect.poll(() => ticksTopDown(page)).toEqual([XSS, 'plain']);
    await expect(page.getByTestId('feature-importance.chart').locator('.barlayer .bartext')).toHaveText(['75.0%', '25.0%']);
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});
