/**
 * The run page's evaluation views, drawn from the artifacts training logs: confusion matrix, ROC
 * curves with AUC and per-class scores for a classifier, predicted-vs-actual and residuals for a
 * regressor, each with its explanation; and class labels that try to be HTML shown as text.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

const XSS = '<img src=x onerror=alert(1)>';

async function openRun(page: Page, runId: string): Promise<void> {
  const experimentId = await page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).experimentId, runId);
  await page.goto(`/#/experiments/${experimentId}/runs/${runId}`);
  await expect(page.getByTestId('run.title')).toBeVisible();
}

test.describe('Evaluation views', () => {
  test('an Iris run shows its confusion matrix, ROC curves with AUC in the legend and per-class scores, each explained', async ({ app, page }) => {
    await app.open();
    const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 20 }));
    await openRun(page, runId);
    const evaluation = page.getByTestId('evaluation');

    // Confusion matrix: 3 × 3 cells drawn as one heatmap image, ticks named after the classes.
    const confusion = evaluation.getByTestId('evaluation.confusion');
    await expect(confusion).toHaveAttribute('data-points', '9');
    await expect(confusion.locator('.hm image')).toHaveCount(1);
    await expect(confusion.locator('.ytick text')).toHaveText(['setosa', 'versicolor', 'virginica']);
    const countTexts = async () => (await confusion.locator('.hm text, .heatmaplayer text').allTextContents()).filter((t) => t !== '');
    await expect.poll(async () => (await countTexts()).length).toBe(9);
    const counts = (await countTexts()).map(Number);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(38); // the test split
    await page.getByTestId('evaluation.confusion.normalize').check();
    await expect.poll(async () => (await countTexts()).every((t) => /^\d\.\d\d$/.test(t))).toBe(true);

    // ROC: one curve per class plus the chance diagonal, AUC in each legend entry.
    const roc = evaluation.getByTestId('evaluation.roc');
    await expect(roc.locator('.legendtext')).toHaveCount(4);
    const legend = await roc.locator('.legendtext').allTextContents();
    expect(legend.slice(0, 3)).toEqual([
      expect.stringMatching(/^setosa \(AUC = [01]\.\d{3}\)$/),
      expect.stringMatching(/^versicolor \(AUC = [01]\.\d{3}\)$/),
      expect.stringMatching(/^virginica \(AUC = [01]\.\d{3}\)$/),
    ]);
    expect(legend[3]).toBe('chance (AUC = 0.500)');
    expect(Number(await roc.getAttribute('data-points'))).toBeGreaterThanOrEqual(6);
    await expect(roc.locator('.scatterlayer .trace')).toHaveCount(4);

    // Per-class scores: 3 classes × precision, recall, F1 as bars, and the table.
    const perClass = evaluation.getByTestId('evaluation.per-class');
    await expect(perClass).toHaveAttribute('data-points', '9');
    await expect(perClass.locator('.barlayer .point')).toHaveCount(9);
    await expect(evaluation.getByTestId('evaluation.per-class.row').locator('th')).toHaveText(['setosa', 'versicolor', 'virginica']);

    // Each explanation opens: what it shows, how to read it, the formula.
    const help = evaluation.getByTestId('evaluation.roc.help');
    await expect(help.locator('code')).toBeHidden();
    await help.getByText('What does this show?').click();
    await expect(help.locator('code')).toBeVisible();
    await expect(help.locator('code')).toContainText('TPR = TP / (TP + FN)');
    await evaluation.getByTestId('evaluation.confusion.help').getByText('What does this show?').click();
    await expect(evaluation.getByTestId('evaluation.confusion.help')).toContainText('The diagonal');
  });

  test('a regression run shows predicted-vs-actual with the y = x line and residuals with the zero line', async ({ app, page }) => {
    await app.open();
    const csv = ['x1,x2,y', ...Array.from({ length: 80 }, (_, i) => `${i % 10},${(i * 7) % 13},${(3 * (i % 10) - (i * 7) % 13 + 5).toFixed(1)}`)].join('\n');
    const runId = await page.evaluate(async (text) => {
      const dataset = await window.trainyard.importDataset(text, { fileName: 'lin.csv' });
      return window.trainyard.train('csv', { dataset, target: 'y', task: 'regression', epochs: 5, hidden_layers: '8' });
    }, csv);
    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    const testSize = run.params.test_size;
    expect(Number(testSize)).toBeGreaterThan(0);
    await openRun(page, runId);
    const evaluation = page.getByTestId('evaluation');

    const scatter = evaluation.getByTestId('evaluation.predicted-vs-actual');
    await expect(scatter).toHaveAttribute('data-points', String(testSize));
    await expect(scatter.locator('.scatterlayer .trace').first().locator('.point')).toHaveCount(Number(testSize));
    await expect(scatter.locator('.legendtext')).toHaveText(['test examples', 'y = x (perfect)']);
    const residuals = evaluation.getByTestId('evaluation.residuals');
    await expect(residuals).toHaveAttribute('data-points', String(testSize));
    await expect(residuals.locator('.legendtext')).toHaveText(['test examples', 'zero error']);
    await expect(residuals.locator('.ytitle')).toHaveText('residual (actual − predicted)');
    // Classification views are not offered for a regressor.
    await expect(evaluation.getByTestId('evaluation.confusion.view')).toHaveCount(0);

    const help = evaluation.getByTestId('evaluation.residuals.help');
    await help.getByText('What does this show?').click();
    await expect(help.locator('code')).toContainText('residual eᵢ = yᵢ − ŷᵢ');
  });

  test('class labels written as HTML are shown as text and nothing runs; a run without evaluation says so', async ({ app, page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await app.open();
    const labels = [XSS, 'plain'];
    const quoted = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const files = {
      'confusion_matrix.csv': `true \\ predicted,${labels.map(quoted).join(',')}\n${quoted(XSS)},3,1\nplain,0,4\n`,
      'classification_report.json': JSON.stringify({
        labels,
        classes: [
          { label: XSS, precision: 1, recall: 0.75, f1: 6 / 7, support: 4 },
          { label: 'plain', precision: 0.8, recall: 1, f1: 8 / 9, support: 4 },
        ],
        accuracy: 0.875,
        macro_avg: { precision: 0.9, recall: 0.875, f1: 0.873, support: 8 },
        weighted_avg: { precision: 0.9, recall: 0.875, f1: 0.873, support: 8 },
      }),
      'predictions.csv': [
        `y_true,y_pred,${labels.map((l) => quoted(`p_${l}`)).join(',')}`,
        ...[0.9, 0.8, 0.7, 0.4].map((p) => `${quoted(XSS)},${p > 0.5 ? quoted(XSS) : 'plain'},${p},${(1 - p).toFixed(1)}`),
        ...[0.5, 0.2, 0.1, 0.05].map((p) => `plain,plain,${p},${1 - p}`),
      ].join('\n'),
    };
    const [hostileRun, emptyRun] = await page.evaluate(async (contents) => {
      const t = window.trainyard;
      const run = await t.startRun({ runName: 'hostile labels' });
      for (const [path, text] of Object.entries(contents)) await t.logText(text, path, { runId: run.runId });
      await t.endRun();
      const empty = await t.startRun({ runName: 'no evaluation' });
      await t.endRun();
      return [run.runId, empty.runId];
    }, files);

    await openRun(page, hostileRun);
    const evaluation = page.getByTestId('evaluation');
    await expect(evaluation.getByTestId('evaluation.per-class.row').first().locator('th')).toHaveText(XSS);
    const roc = evaluation.getByTestId('evaluation.roc');
    await expect(roc.locator('.legendtext').first()).toHaveText(`${XSS} (AUC = 0.938)`);
    await expect(evaluation.getByTestId('evaluation.confusion').locator('.ytick text').first()).toHaveText(XSS);
    await expect(evaluation.getByTestId('evaluation.per-class').locator('.xtick text').first()).toHaveText(XSS);
    await expect(evaluation.getByTestId('evaluation.confusion')).toHaveAttribute('data-points', '4');
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
    expect(dialogs).toEqual([]);

    await openRun(page, emptyRun);
    await expect(page.getByTestId('evaluation.empty')).toContainText('no evaluation artifacts');
  });
});
