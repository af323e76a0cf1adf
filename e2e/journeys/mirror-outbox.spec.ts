/**
 * Mirroring to a tracking server through the durable outbox, in Chromium: runs trained while the
 * browser is offline wait in IndexedDB, survive a reload, and reach the server when it is back.
 */
import { startFakeMlflowServer, type FakeMlflowServer } from '../../src/test/mlflowServer/fakeMlflowServer';
import { expect, test } from '../fixtures';

let server: FakeMlflowServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('a run trained offline waits in the outbox, survives a reload and is mirrored when the browser is back online', async ({ app, page, context }) => {
  test.setTimeout(120_000);
  server = await startFakeMlflowServer();
  await app.open();
  await page.evaluate(async (url) => {
    const id = await window.trainyard.connectServer(url);
    window.trainyard.setMirror(id);
  }, server.url);

  // Offline: a run is logged (from the console: a training worker can't load its script offline
  // before the service worker controls the page) and queued; nothing is sent.
  await context.setOffline(true);
  const runId = await page.evaluate(async () => {
    const t = window.trainyard;
    const run = await t.startRun({ runName: 'logged offline' });
    for (let step = 0; step < 5; step++) t.logMetric('loss', 1 / (step + 1), { step });
    await t.endRun();
    return run.runId;
  });
  await page.evaluate(() => window.trainyard.drainOutbox());
  const offline = await page.evaluate(() => window.trainyard.syncStatus());
  expect(offline.online).toBe(false);
  expect(offline.runs).toEqual([expect.objectContaining({ runId, state: 'queued' })]);
  expect(server.state.runs.size).toBe(0);

  // The page is closed and opened again while still offline: the outbox is still there.
  await context.setOffline(false);
  await page.reload();
  await page.waitForFunction(() => typeof window.trainyard?.syncStatus === 'function');
  // Back online: the next page drains it at start.
  await expect.poll(() => server?.state.runs.size ?? 0, { timeout: 30_000 }).toBe(1);
  await expect.poll(async () => (await page.evaluate(() => window.trainyard.syncStatus())).runs.map((r) => r.state), { timeout: 30_000 }).toEqual(['synced']);
  const [stored] = [...server.state.runs.values()];
  expect(stored?.tags.get('trainyard.local_run_id')).toBe(runId);
  expect(stored?.status).toBe('FINISHED');
  expect(stored?.metrics.get('loss')?.length).toBe(5);

  // A run trained online is mirrored as it goes, without asking.
  const second = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5, seed: 3 }));
  await expect.poll(() => [...(server?.state.runs.values() ?? [])].filter((r) => r.tags.get('trainyard.local_run_id') === second && r.status === 'FINISHED').length, { timeout: 60_000 }).toBe(1);
});
