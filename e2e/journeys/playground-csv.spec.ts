/**
 * The playground with a "Your own CSV" model whose data has a text column: the CSV is imported and
 * trained on the Train page, then the form offers the column's levels, and the training CSV itself
 * batch-predicts row by row. The expected numbers come from the run's own test-set predictions
 * (predictions.csv, logged in training) for the rows of the recipe's seeded split, redone here.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';
import { trainTestSplit } from '../../src/domain/ml/split';

const COLORS = ['red', 'light blue', 'green'];
/** The importer sorts a text column's levels: green 0, light blue 1, red 2. */
const LEVELS = ['green', 'light blue', 'red'];

/** size (number), color (text) and price = 2·size + 5·(color's level) + a little wiggle. */
function shopRows(count: number): { size: number; color: string; price: number }[] {
  return Array.from({ length: count }, (_, i) => {
    const size = (i % 9) + 1;
    const color = COLORS[(i * 7) % 3] as string;
    return { size, color, price: Number((2 * size + 5 * LEVELS.indexOf(color) + Math.sin(i) * 0.1).toFixed(3)) };
  });
}

function toCsv(rows: { size: number | string; color: string; price?: number }[]): string {
  return `size,color,price\n${rows.map((r) => `${r.size},${r.color},${r.price ?? ''}`).join('\n')}\n`;
}

async function artifactText(page: Page, runId: string, path: string): Promise<string> {
  return page.evaluate(async ([id, p]) => (await window.trainyard.downloadArtifact(id as never, p)).text(), [runId, path] as const);
}

test.describe('Prediction playground with a CSV that has a text column', () => {
  test('the form offers the levels, the training CSV itself batch-predicts, and an unknown level is named by line and column', async ({ app, page }) => {
    test.setTimeout(120_000);
    const rows = shopRows(120);
    const csv = toCsv(rows);

    // Import and train on the Train page, as a user does.
    await app.open('#/train');
    await page.locator('[data-testid="train.recipe"][data-recipe="csv"]').click();
    await page.getByTestId('train.dataset.file').setInputFiles({ name: 'shop.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('train.field.dataset').locator('option:checked')).toHaveText('shop.csv — 120 rows');
    await page.getByTestId('train.field.target').selectOption('price');
    await page.getByTestId('train.field.task').selectOption('regression');
    await page.getByTestId('train.field.epochs').fill('30');
    await page.getByTestId('train.field.learning_rate').fill('0.01');
    await page.getByTestId('train.submit').click();
    await expect(page).toHaveURL(/#\/train\/runs\/[^/]+$/);
    await expect(page.getByTestId('train.status')).not.toHaveText('RUNNING', { timeout: 60_000 });
    await expect(page.getByTestId('train.status')).toHaveText('FINISHED');
    const runId = decodeURIComponent(/#\/train\/runs\/([^/]+)$/.exec(page.url())?.[1] ?? '');

    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    const { test: testRows } = trainTestSplit(rows.length, { testFraction: Number(run.params.test_fraction), seed: Number(run.params.seed) });
    const logged = (await artifactText(page, runId, 'predictions.csv')).trim().split('\n').slice(1).map((line) => Number(line.split(',')[1]));
    expect(logged).toHaveLength(testRows.length);
    const pre = JSON.parse(await artifactText(page, runId, 'preprocessing.json')) as { feature_levels?: Record<string, string[]> };
    expect(pre.feature_levels).toEqual({ color: LEVELS });

    // The form: a number box with its range for size, a choice of the training levels for color.
    await app.open(`#/playground?model=${encodeURIComponent(`runs:/${runId}/model`)}`);
    await expect(page.getByTestId('playground.field')).toHaveCount(2);
    const color = page.getByTestId('playground.input.color');
    expect(await color.evaluate((el) => el.tagName)).toBe('SELECT');
    await expect(color.locator('option')).toHaveText(LEVELS);
    await expect(color).toHaveValue(new RegExp(`^(${LEVELS.join('|')})$`)); // prefilled from the input example
    await expect(page.getByTestId('playground.range')).toHaveCount(1); // size only: a level code has no range to show
    await expect(page.getByTestId('playground.levels')).toHaveText('3 values seen in training');

    // Test row 1 through the form: what the model predicted for it in training.
    const first = rows[testRows[0] as number] as { size: number; color: string };
    await page.getByTestId('playground.input.size').fill(String(first.size));
    await color.selectOption(first.color);
    await page.getByTestId('playground.predict').click();
    await expect
      .poll(async () => Math.abs(Number(await page.getByTestId('playground.prediction').textContent()) - (logged[0] as number)))
      .toBeLessThan(1e-4);

    // Batch: the training CSV itself; every row is predicted, the test rows as in training.
    await page.getByTestId('playground.batch-file').setInputFiles({ name: 'shop.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect(page.getByTestId('playground.batch-summary')).toContainText('shop.csv: 120 of 120 rows predicted');
    await expect(page.getByTestId('playground.row-error')).toHaveCount(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('playground.download').click()]);
    const out = readFileSync(await download.path(), 'utf8').trim().split('\n').map((line) => line.split(','));
    expect(out[0]).toEqual(['line', 'size', 'color', 'price', 'prediction', 'error']);
    expect(out.slice(1).map((cells) => [cells[2], cells[4] !== '', cells[5]])).toEqual(rows.map((r) => [r.color, true, '']));
    testRows.forEach((r, k) => expect(Math.abs(Number(out[r + 1]?.[4]) - (logged[k] as number)), `line ${r + 2}`).toBeLessThan(1e-4));

    // A level the training data never had is named with its line and column; the other rows are predicted.
    const some = [rows[0], { size: 4, color: 'purple' }, rows[1], rows[2]] as { size: number; color: string }[];
    await page.getByTestId('playground.batch-file').setInputFiles({ name: 'new-rows.csv', mimeType: 'text/csv', buffer: Buffer.from(toCsv(some)) });
    await expect(page.getByTestId('playground.batch-summary')).toContainText('new-rows.csv: 3 of 4 rows predicted, 1 with errors');
    await expect(page.getByTestId('playground.row-error')).toHaveText([
      'line 3, column "color": "purple" is not one of the levels seen in training ("green", "light blue", "red")',
    ]);

    // The console takes the level text too.
    const viaConsole = await page.evaluate(
      ([uri, row]) => window.trainyard.predict(uri, [row]),
      [`runs:/${runId}/model`, { size: first.size, color: first.color }] as const,
    );
    expect(Math.abs(Number(viaConsole[0]) - (logged[0] as number))).toBeLessThan(1e-4);
  });
});
