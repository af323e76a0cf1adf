/**
 * Sync with a tracking server, from the pages: connect a server on #/servers (the fake MLflow 3.5
 * server of src/test/mlflowServer, started here in Node on 127.0.0.1), push a trained run from the
 * runs table, see it synced, and pull the server's experiment back; a server with basic auth and a
 * wrong password shows why it refuses; the Servers page passes axe.
 */
import type { Page } from '@playwright/test';
import { startFakeMlflowServer, type FakeMlflowServer } from '../../src/test/mlflowServer/fakeMlflowServer';
import { expectNoSeriousViolations } from '../a11y';
import { expect, test } from '../fixtures';

const TRAIN_TIMEOUT = 90_000;

let server: FakeMlflowServer;
let authServer: FakeMlflowServer;

test.beforeAll(async () => {
  server = await startFakeMlflowServer();
  authServer = await startFakeMlflowServer({ auth: { users: { ada: { password: 'right-password', canWrite: true } } } });
});

test.afterAll(async () => {
  await server?.close();
  await authServer?.close();
});

/** Types the address (and Basic credentials, if any) into the Connect form. */
async function fillServer(page: Page, url: string, basic?: { username: string; password: string }): Promise<void> {
  await page.getByTestId('servers.url').fill(url);
  if (basic) {
    await page.getByTestId('servers.auth-basic').check();
    await page.getByTestId('servers.username').fill(basic.username);
    await page.getByTestId('servers.password').fill(basic.password);
  }
}

test.describe('Server sync', () => {
  test('connect, push a trained run, see it synced, and pull the experiment back', async ({ app, page }) => {
    test.setTimeout(TRAIN_TIMEOUT + 60_000);
    await app.open('#/servers');
    await expect(page.getByTestId('servers.note')).toContainText('Credentials stay in this browser');
    await fillServer(page, server.url);
    await page.getByTestId('servers.test').click();
    const report = page.getByTestId('servers.report');
    await expect(report).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('servers.report.mlflow-version')).toHaveText('3.5.2.dev0');
    await page.getByTestId('servers.connect-submit').click();
    await expect(page.getByTestId('servers.item')).toContainText(server.url.replace('http://', ''));

    const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5 }));
    const localPoints = await page.evaluate(async (id) => {
      const t = window.trainyard;
      const run = await t.getRun(id as never);
      let points = 0;
      for (const key of Object.keys(run.metrics)) points += (await t.getMetricHistory(id as never, key)).length;
      return { points, params: Object.keys(run.params).length, name: run.runName };
    }, runId);

    await page.getByTestId('nav.runs').click();
    const row = page.locator(`[data-testid="run-table.row"][data-run-id="${runId}"]`);
    await expect(row.getByTestId('run-table.sync')).toHaveAttribute('data-state', 'local');
    await row.getByRole('checkbox').check();
    await page.getByTestId('run-selection.push').click();
    await page.getByTestId('push.submit').click();
    const outcome = page.getByTestId('push.outcome');
    await expect(outcome).toHaveAttribute('data-ok', 'true', { timeout: 30_000 });
    await expect(outcome).toContainText(`${localPoints.name}: pushed`);

    // The server has the run, with every point and param, and the local id in its tags.
    const onServer = [...server.state.runs.values()];
    expect(onServer).toHaveLength(1);
    const pushed = onServer[0]!;
    expect(pushed.runName).toBe(localPoints.name);
    expect(pushed.status).toBe('FINISHED');
    expect(pushed.params.size).toBe(localPoints.params);
    expect([...pushed.metrics.values()].reduce((sum, points) => sum + points.length, 0)).toBe(localPoints.points);
    expect([...pushed.tags.values()]).toContain(runId);

    await expect(row.getByTestId('run-table.sync')).toHaveAttribute('data-state', 'synced');
    await expect(row.getByTestId('run-table.sync')).toHaveText('synced');

    // Pushing again finds it and sends nothing new.
    await page.getByTestId('push.submit').click();
    await expect(outcome).toContainText('already there');
    expect(server.state.runs.size).toBe(1);

    // Pull "Default" back: the run pushed from here is not copied again; the result links to it.
    await page.getByTestId('nav.servers').click();
    await page.locator('[data-testid="pull.experiment"][data-name="Default"]').check();
    await page.getByTestId('pull.submit').click();
    await expect(page.getByTestId('pull.result')).toContainText('Pulled 0 runs; 1 already here (pushed from this browser, so not copied again).', { timeout: 30_000 });
    const runCount = await page.evaluate(async () => (await window.trainyard.searchRuns('', { experimentIds: ['0' as never], viewType: 'ALL' })).runs.length);
    expect(runCount, 'pulling back a run pushed from this browser adds no copy').toBe(1);
    const link = page.getByTestId('pull.already-here').getByRole('link', { name: localPoints.name });
    await expect(link).toHaveAttribute('href', `#/experiments/0/runs/${runId}`);
    await link.click();
    await expect(page.getByTestId('run.title')).toHaveText(localPoints.name);
  });

  test('a run another browser pushed is pulled with its points and a link to its page here', async ({ app, page }) => {
    const own = await startFakeMlflowServer();
    try {
      // Another browser's push: the run is on the server, not here.
      await app.open('#/');
      const otherId = await page.evaluate(async () => {
        const t = window.trainyard;
        await t.setExperiment('team');
        const run = await t.startRun({ runName: 'from a classmate' });
        await t.logParams({ lr: 0.1 });
        for (let s = 0; s < 12; s++) t.logMetric('loss', 1 / (s + 1), { step: s });
        await t.endRun();
        return run.runId;
      });
      await page.evaluate(async (url) => {
        await window.trainyard.connectServer(url);
      }, own.url);
      expect((await page.evaluate((id) => window.trainyard.pushRuns([id as never]), otherId))[0]?.ok).toBe(true);
      await page.evaluate(async (id) => {
        await window.trainyard.deleteRun(id as never);
        await window.trainyard.purgeRun(id as never);
      }, otherId);

      await app.open('#/servers');
      await page.locator('[data-testid="pull.experiment"][data-name="team"]').check();
      await page.getByTestId('pull.submit').click();
      await expect(page.getByTestId('pull.result')).toContainText('Pulled 1 run.', { timeout: 30_000 });
      const row = page.getByTestId('pull.run');
      await expect(row).toContainText('from a classmate');
      await expect(row).toContainText('12');
      await row.getByRole('link', { name: 'from a classmate' }).click();
      await expect(page.getByTestId('run.title')).toHaveText('from a classmate');
    } finally {
      await own.close();
    }
  });

  test('mirror new runs: queued offline, pushed when back online and shown synced in the table', async ({ app, page, context }) => {
    const own = await startFakeMlflowServer();
    try {
      await app.open('#/servers');
      await fillServer(page, own.url);
      await page.getByTestId('servers.connect-submit').click();
      const toggle = page.getByTestId('servers.mirror-toggle');
      await toggle.check();
      await expect(page.getByTestId('servers.outbox')).toContainText('Nothing waiting');

      await context.setOffline(true);
      const runId = await page.evaluate(async () => {
        const t = window.trainyard;
        const run = await t.startRun({ runName: 'mirrored' });
        for (let s = 0; s < 5; s++) t.logMetric('loss', 1 / (s + 1), { step: s });
        await t.endRun();
        return run.runId;
      });
      await expect(page.getByTestId('servers.outbox')).toContainText('1 run queued; offline: waiting for the network');
      expect(own.state.runs.size).toBe(0);

      await context.setOffline(false);
      await expect.poll(() => [...own.state.runs.values()].map((r) => r.runName), { timeout: 30_000 }).toEqual(['mirrored']);
      await expect(page.getByTestId('servers.outbox')).toContainText('Nothing waiting');
      await page.getByTestId('nav.runs').click();
      const badge = page.locator(`[data-testid="run-table.row"][data-run-id="${runId}"]`).getByTestId('run-table.sync');
      await expect(badge).toHaveAttribute('data-state', 'synced');
    } finally {
      await own.close();
    }
  });

  test('a wrong password is refused with the reason, and the Servers page passes axe', async ({ app, page }) => {
    await app.open('#/servers');
    await fillServer(page, authServer.url, { username: 'ada', password: 'wrong' });
    await page.getByTestId('servers.test').click();
    const report = page.getByTestId('servers.report');
    await expect(report).toHaveAttribute('data-ok', 'false');
    await expect(report).toContainText(/credential|password|user name|authenticat/i);
    await page.getByTestId('servers.connect-submit').click();
    await expect(page.getByTestId('servers.problem')).toContainText(/credential|password|user name|authenticat/i);
    await expect(page.getByTestId('servers.item')).toHaveCount(0);
    await expectNoSeriousViolations(page, 'the Servers page with a refused test');

    // The right password connects; the page with a connected server and its pull form passes axe too.
    await page.getByTestId('servers.password').fill('right-password');
    await page.getByTestId('servers.connect-submit').click();
    await expect(page.getByTestId('servers.item')).toContainText('(as ada)');
    await expect(page.locator('[data-testid="pull.experiment"][data-name="Default"]')).toBeVisible();
    await page.getByTestId('pull.filter').fill("metrics.accuracy > 0.9 OR params.lr = '0.1'");
    await expect(page.getByTestId('pull.filter-hint')).toContainText('does not take OR');
    await expect(page.getByTestId('pull.submit')).toBeDisabled();
    await expectNoSeriousViolations(page, 'the Servers page with a connected server');
  });
});
