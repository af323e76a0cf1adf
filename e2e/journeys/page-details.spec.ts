/**
 * Details a beginner meets on the way: run notes written in GitHub-flavoured Markdown (a table shows
 * as a table; a link whose address was refused is plain text that goes nowhere when clicked), and a
 * console that stays clean while TF.js picks its backend in the training and prediction workers.
 */
import type { ConsoleMessage } from '@playwright/test';
import { expect, test } from '../fixtures';

const NOTE = [
  '## Setup',
  '',
  '| param | value |',
  '| --- | ---: |',
  '| learning_rate | 0.01 |',
  '| epochs | 40 |',
  '',
  'A [bad link](javascript:window.__clicked=1) and a [good one](https://example.com/ok).',
].join('\n');

test('run notes: a Markdown table renders as a table, and clicking a refused link stays on the run page', async ({ app, page }) => {
  await app.open();
  const runId = await page.evaluate(async (note) => {
    const run = await window.trainyard.startRun({ runName: 'noted', description: note });
    await window.trainyard.endRun();
    return run.runId;
  }, NOTE);
  await page.goto(`/#/experiments/0/runs/${runId}`);
  const rendered = page.getByTestId('run-notes.rendered');
  await expect(rendered.getByRole('heading', { name: 'Setup' })).toBeVisible();

  const table = rendered.getByRole('table');
  await expect(table.getByRole('columnheader')).toHaveText(['param', 'value']);
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table.getByRole('row').nth(1).getByRole('cell')).toHaveText(['learning_rate', '0.01']);
  await expect(rendered).not.toContainText('|');

  // The refused link is text, not a link; clicking it goes nowhere.
  await expect(rendered.getByRole('link', { name: 'good one' })).toHaveAttribute('href', 'https://example.com/ok');
  await expect(rendered.getByRole('link', { name: 'bad link' })).toHaveCount(0);
  const runUrl = page.url();
  await page.evaluate(() => ((window as unknown as { __stillHere: boolean }).__stillHere = true));
  await rendered.getByText('bad link').click();
  await expect(page.getByTestId('run-notes.edit')).toBeVisible();
  expect(page.url()).toBe(runUrl);
  expect(await page.evaluate(() => (window as unknown as { __stillHere?: boolean }).__stillHere === true)).toBe(true);
});

test('training and predicting leave no backend failure in the console', async ({ app, page }) => {
  test.setTimeout(120_000);
  const backendNoise: string[] = [];
  // Worker consoles reach the page's console event too.
  page.on('console', (message: ConsoleMessage) => {
    if (!['error', 'warning'].includes(message.type())) return;
    if (/backend|webgpu|webgl|adapter|Initiali[sz]ation|Cannot read properties/i.test(message.text())) backendNoise.push(`${message.type()}: ${message.text()}`);
  });
  await app.open();
  const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5 }, { runName: 'quiet-backend' }));
  const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
  expect(run.status).toBe('FINISHED');
  expect(run.tags['trainyard.backend_choice']).toMatch(/^auto \(/);
  const predicted = await page.evaluate((uri) => window.trainyard.predict(uri, [[5.1, 3.5, 1.4, 0.2]]), `runs:/${runId}/model`);
  expect(predicted).toHaveLength(1);
  expect(backendNoise).toEqual([]);
});
