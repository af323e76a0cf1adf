/**
 * Faults that need the real worker or tab: the tab closes while a worker trains, a worker is
 * terminated mid-epoch while another run trains, storage fills up during a run. Each test checks
 * the store afterwards: the run ends KILLED or FAILED with the reason in a tag, what it logged
 * before is there, other runs are untouched, and the app trains again afterwards.
 */
import type { Page } from '@playwright/test';
import { AppPage, expect, test } from '../fixtures';

/** Starts an Iris run that trains for a while (not awaited); resolves with its run id once it exists. */
async function startLongTraining(page: Page, runName: string, epochs = 10_000): Promise<string> {
  return page.evaluate(
    ([name, n]) =>
      new Promise<string>((resolve, reject) => {
        const w = window as unknown as { outcomes?: Record<string, unknown> };
        w.outcomes ??= {};
        window.trainyard
          .startTraining('iris_logreg', { epochs: n }, { runName: name, backend: 'wasm', onStarted: (runId) => resolve(runId) })
          .then((result) => {
            (w.outcomes as Record<string, unknown>)[name] = result;
            if (!result.runId) reject(new Error(result.error ?? 'no run'));
          }, reject);
      }),
    [runName, epochs] as const,
  );
}

function lossCount(page: Page, runId: string): Promise<number> {
  return page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).metrics.loss?.count ?? 0, runId);
}

test.describe('Faults during training', () => {
  test('closing the tab while a worker trains ends the run KILLED with a reason and keeps its metrics', async ({ context }) => {
    const writer = new AppPage(await context.newPage());
    await writer.open();
    const runId = await startLongTraining(writer.page, 'tab-closed');
    await expect.poll(() => lossCount(writer.page, runId), { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    const before = await lossCount(writer.page, runId);
    await writer.page.close();

    const reader = new AppPage(await context.newPage());
    await reader.open(`#/experiments/0/runs/${runId}`);
    await expect(reader.page.getByTestId('run-overview.status')).toHaveText('KILLED');
    const run = await reader.page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    expect(run.tags['trainyard.killedReason']).toMatch(/closed while it was running/);
    expect(run.params).toMatchObject({ epochs: '10000' });
    expect(run.metrics.loss?.count).toBeGreaterThanOrEqual(before);
    const history = await reader.page.evaluate((id) => window.trainyard.getMetricHistory(id as never, 'loss'), runId);
    expect(history).toHaveLength(run.metrics.loss?.count ?? -1);
    expect(history.map((p) => p.step)).toEqual(history.map((_, i) => i));
    await expect(reader.page.getByTestId('run-overview').getByText(/closed while it was running/)).toBeVisible();
  });

  test('a training worker terminated mid-epoch: its run ends KILLED, the run training beside it finishes, the pool trains again', async ({ app, page }) => {
    await app.open();
    await page.evaluate(() => window.trainyard.setTrainingSettings({ workers: 2, backend: 'wasm' }));
    await page.reload();
    await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    const victim = await startLongTraining(page, 'terminated', 10_000);
    const bystander = await startLongTraining(page, 'bystander', 300);
    await expect.poll(() => lossCount(page, victim), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const before = await lossCount(page, victim);
    // As the browser kills a worker (out of memory): no error event, the pool is not told.
    expect(await page.evaluate((id) => window.trainyard.testing.simulateWorkerLoss(id as never), victim)).toBe(true);

    await expect(app.runRow('terminated')).toContainText('KILLED');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { outcomes: Record<string, { status: string }> }).outcomes.terminated?.status))
      .toBe('KILLED');
    const killed = await page.evaluate((id) => window.trainyard.getRun(id as never), victim);
    expect(killed.tags['trainyard.killedReason']).toMatch(/closed while it was running/);
    expect(killed.metrics.loss?.count).toBeGreaterThanOrEqual(before);
    expect(await page.evaluate((id) => window.trainyard.getMetricHistory(id as never, 'loss'), victim)).toHaveLength(
      killed.metrics.loss?.count ?? -1,
    );

    await expect(app.runRow('bystander')).toContainText('FINISHED', { timeout: 60_000 });
    const other = await page.evaluate((id) => window.trainyard.getRun(id as never), bystander);
    expect(other.metrics.loss?.count).toBe(300);
    expect(other.tags['trainyard.error']).toBeUndefined();

    // A fresh worker takes the next run.
    const next = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5 }, { runName: 'after', backend: 'wasm' }));
    expect((await page.evaluate((id) => window.trainyard.getRun(id as never), next)).status).toBe('FINISHED');
  });

  test('storage full during a run: the run ends FAILED saying so, keeps what it logged, and a later run succeeds', async ({ app, page }) => {
    await app.open();
    // Test-only switch: the worker's metric writes fail as a full disk does, after three succeed.
    await page.evaluate(() => window.trainyard.testing.simulateStorageFault({ kind: 'quota', writes: ['metrics'], after: 3 }));
    const result = await page.evaluate(() =>
      window.trainyard.startTraining('iris_logreg', { epochs: 4000 }, { runName: 'disk-full', backend: 'wasm' }),
    );
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatch(/^Storage is full: .*Free space on the Storage page \(#\/storage\) and train again\.$/);
    const runId = result.runId as string;
    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    expect(run.status).toBe('FAILED');
    expect(run.tags['trainyard.failure_kind']).toBe('quota');
    expect(run.tags['trainyard.error']).toBe(result.error);
    expect(run.params).toMatchObject({ epochs: '4000' });
    // What was written before the disk filled up is intact, and training stopped instead of going on.
    const count = run.metrics.loss?.count ?? 0;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThan(4000);
    expect(await page.evaluate((id) => window.trainyard.getMetricHistory(id as never, 'loss'), runId)).toHaveLength(count);

    await page.goto(`/#/experiments/0/runs/${runId}`);
    await expect(page.getByTestId('run-overview.status')).toHaveText('FAILED');
    await expect(page.getByTestId('run.error')).toHaveText(result.error ?? '');

    await page.evaluate(() => window.trainyard.testing.simulateStorageFault(null));
    const next = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 20 }, { runName: 'after-cleanup', backend: 'wasm' }));
    const after = await page.evaluate((id) => window.trainyard.getRun(id as never), next);
    expect(after.status).toBe('FINISHED');
    expect(after.metrics.loss?.count).toBe(20);
    await page.goto('/#/experiments/0');
    await expect(app.runRow('after-cleanup')).toContainText('FINISHED');
    await expect(app.runRow('disk-full')).toContainText('FAILED');
  });
});
