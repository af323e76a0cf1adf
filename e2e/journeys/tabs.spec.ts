/**
 * Two tabs of the app at once: one trains, the other browses and follows the run live; and a
 * newer app version upgrading the database in one tab does not break the other.
 */
import { AppPage, expect, test } from '../fixtures';

test.describe('Two tabs', () => {
  test('a run training in tab A shows up live in tab B: in the runs table, with its metrics moving, then its final status', async ({ context }) => {
    const a = new AppPage(await context.newPage());
    const b = new AppPage(await context.newPage());
    await a.open();
    await b.open();

    const runId = await a.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          // The text demo: epochs of a second or more, so tab B sees the run while it trains (Iris's
          // small network trains 10,000 epochs in a few seconds, before B's page has drawn).
          void window.trainyard.startTraining('text_classifier', { epochs: 6 }, { runName: 'seen-from-b', backend: 'wasm', onStarted: resolve });
        }),
    );
    await expect(b.runRow('seen-from-b')).toContainText('RUNNING');

    await b.page.goto(`/#/experiments/0/runs/${runId}`);
    const plot = b.page.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]');
    const points = async () => Number((await plot.getAttribute('data-points')) ?? 0);
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(0);
    const first = await points();
    await expect.poll(points, { timeout: 30_000 }).toBeGreaterThan(first); // moving, not a snapshot
    await expect(b.page.getByTestId('run-overview.status')).toHaveText('FINISHED', { timeout: 60_000 });
    await expect(plot).toHaveAttribute('data-points', '12'); // loss and val_loss, 6 epochs each

    // Both tabs agree on what is stored.
    const [inA, inB] = await Promise.all(
      [a, b].map((tab) => tab.page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).metrics.loss?.count, runId)),
    );
    expect(inA).toBe(6);
    expect(inB).toBe(6);
    await b.page.goto('/#/experiments/0');
    await expect(b.runRow('seen-from-b')).toContainText('FINISHED');
  });

  test('a database upgrade from another tab: the training run ends KILLED with the reason, the tab offers a reload, the upgrade is not blocked', async ({ context }) => {
    const a = new AppPage(await context.newPage());
    const b = new AppPage(await context.newPage());
    await a.open();
    await b.open();
    const runId = await a.page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          void window.trainyard.startTraining('iris_logreg', { epochs: 10_000 }, { runName: 'upgraded-under', backend: 'wasm', onStarted: resolve });
        }),
    );
    await expect
      .poll(() => a.page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).metrics.loss?.count ?? 0, runId), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(3);

    // Tab B stands in for a newer Trainyard: it opens the database at a higher version.
    const upgrade = await b.page.evaluate(
      () =>
        new Promise<{ version: number; ms: number }>((resolve, reject) => {
          const started = performance.now();
          const request = indexedDB.open('trainyard', 1000);
          request.onsuccess = () => {
            const version = request.result.version;
            request.result.close();
            resolve({ version, ms: performance.now() - started });
          };
          request.onerror = () => reject(request.error);
        }),
    );
    expect(upgrade.version).toBe(1000);
    expect(upgrade.ms).toBeLessThan(10_000); // waited for the run to end cleanly at most, never for good

    for (const tab of [a, b]) {
      await expect(tab.page.getByTestId('updated-elsewhere')).toHaveText(/Trainyard was updated in another tab — reload to continue/);
      await expect(tab.page.getByTestId('updated-elsewhere.reload')).toBeVisible();
    }

    // The run, read as the newer version would: KILLED with the reason, its metrics kept.
    const run = await b.page.evaluate(
      (id) =>
        new Promise<{ status: string; tags: Record<string, string>; count: number }>((resolve, reject) => {
          const request = indexedDB.open('trainyard');
          request.onsuccess = () => {
            const get = request.result.transaction('runs').objectStore('runs').get(id);
            get.onsuccess = () => {
              const row = get.result as { status: string; tags: Record<string, string>; metrics: { loss?: { count: number } } };
              request.result.close();
              resolve({ status: row.status, tags: row.tags, count: row.metrics.loss?.count ?? 0 });
            };
            get.onerror = () => reject(get.error);
          };
          request.onerror = () => reject(request.error);
        }),
      runId,
    );
    expect(run.status).toBe('KILLED');
    expect(run.tags['trainyard.killedReason']).toMatch(/^Trainyard was updated in another tab/);
    expect(run.count).toBeGreaterThanOrEqual(3);
    const outcome = await a.page.evaluate(() => window.trainyard.training.runningRunIds());
    expect(outcome).toEqual([]);
  });
});
