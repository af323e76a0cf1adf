import { expect, test } from '../fixtures';
import { AppPage } from '../fixtures';

test.describe('Live updates and crash safety', () => {
  test('a run logged from another tab and from a worker shows up live', async ({ app, page, context }) => {
    await app.open();
    const runPage = page;
    const other = new AppPage(await context.newPage());
    await other.open();
    const runId = await other.page.evaluate(async () => {
      const run = await window.trainyard.startRun({ runName: 'from-tab-b' });
      window.trainyard.logMetric('loss', 1, { step: 0 });
      await window.trainyard.flush();
      return run.runId;
    });
    await expect(app.runRow('from-tab-b')).toContainText('RUNNING');

    await runPage.goto(`/#/experiments/0/runs/${runId}`);
    await expect(runPage.getByTestId('run-metrics.table')).toContainText('loss');
    await other.page.evaluate(async () => {
      for (let i = 1; i <= 50; i++) window.trainyard.logMetric('loss', 1 / (i + 1), { step: i });
      await window.trainyard.flush();
    });
    await expect(runPage.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '51');
    await other.page.evaluate(() => window.trainyard.endRun());
    await expect(runPage.getByTestId('run-overview.status')).toHaveText('FINISHED');

    // A worker logs through its own tracking client, straight into the store.
    await runPage.goto('/#/experiments/0');
    const workerRun = await runPage.evaluate(() =>
      window.trainyard.runInWorker(async (t) => {
        const run = await t.startRun({ runName: 'from-worker' });
        for (let i = 0; i < 200; i++) t.logMetric('acc', i / 200, { step: i });
        await t.endRun();
        return run.runId;
      }),
    );
    await expect(app.runRow('from-worker')).toContainText('FINISHED');
    const history = await runPage.evaluate((id) => window.trainyard.getMetricHistory(id as never, 'acc'), workerRun);
    expect(history).toHaveLength(200);
  });

  test('closing the tab mid-run ends the run KILLED with everything it logged', async ({ context }) => {
    const writer = new AppPage(await context.newPage());
    await writer.open();
    const runId = await writer.page.evaluate(async () => {
      const t = window.trainyard;
      const run = await t.startRun({ runName: 'interrupted' });
      await t.logParams({ epochs: 10 });
      for (let i = 0; i < 1000; i++) t.logMetric('loss', 1 / (i + 1), { step: i });
      await t.logArtifact('partial', 'notes.txt');
      await t.flush();
      return run.runId;
    });
    await writer.page.close();

    const reader = new AppPage(await context.newPage());
    await reader.open(`#/experiments/0/runs/${runId}`);
    await expect(reader.page.getByTestId('run-overview.status')).toHaveText('KILLED');
    const run = await reader.page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    expect(run.params).toEqual({ epochs: '10' });
    expect(run.metrics.loss?.count).toBe(1000);
    expect(run.endTime).not.toBeNull();
    expect(run.endTime).toBeGreaterThanOrEqual(run.startTime);
    expect(await reader.page.evaluate((id) => window.trainyard.getMetricHistory(id as never, 'loss'), runId)).toHaveLength(1000);
    await expect(reader.page.getByRole('button', { name: /notes\.txt/ })).toBeVisible();
  });

  test('terminating a worker mid-run ends its run KILLED', async ({ app, page }) => {
    await app.open();
    await page.evaluate(() => {
      const controller = new AbortController();
      (window as unknown as { stopWorker: () => void }).stopWorker = () => controller.abort();
      window.trainyard
        .runInWorker(
          async (t) => {
            await t.startRun({ runName: 'endless-worker' });
            for (let step = 0; ; step++) {
              t.logMetric('loss', 1 / (step + 1), { step });
              await new Promise((r) => setTimeout(r, 5));
            }
          },
          { signal: controller.signal },
        )
        .catch(() => undefined);
    });
    await expect(app.runRow('endless-worker')).toContainText('RUNNING');
    await expect.poll(() => app.runRow('endless-worker').locator('td').last().textContent()).not.toBe('');
    // No sweep is called here: the app is queued on the worker's lock and notices at once.
    await page.evaluate(() => (window as unknown as { stopWorker: () => void }).stopWorker());
    await expect(app.runRow('endless-worker')).toContainText('KILLED');
  });
});
