/**
 * A tracking server from the real app in Chromium: the page may reach a server on this computer
 * (the Content-Security-Policy allows it), requests go to that server and nowhere else, and a
 * server that sends no CORS headers (MLflow 2.x) gets a message with the fix, not "Failed to fetch".
 */
import { startFakeMlflowServer, type FakeMlflowServer } from '../../src/test/mlflowServer/fakeMlflowServer';
import { expect, test } from '../fixtures';

let server: FakeMlflowServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

test.describe('Tracking server from the page', () => {
  test('connects, pushes a trained run twice (the second sends nothing), pulls without copying it back, and talks only to that server', async ({ app, page, baseURL }) => {
    server = await startFakeMlflowServer();
    const origin = new URL(baseURL ?? '').origin;
    const elsewhere: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin && url.origin !== new URL(server?.url ?? '').origin) elsewhere.push(request.url());
    });
    await app.open();
    const result = await page.evaluate(async (url) => {
      const t = window.trainyard;
      const report = await t.testConnection(url);
      const id = await t.connectServer(url);
      const runId = await t.train('iris_logreg', { epochs: 5 });
      const pushed = await t.pushRuns([runId], { server: id });
      const again = await t.pushRuns([runId], { server: id });
      const status = await t.syncStatus();
      const pulled = await t.pullRuns({ server: id, experimentNames: ['Default'] });
      const local = (await t.searchRuns('', { viewType: 'ALL' })).runs.length;
      return { report, runId, pushed, again, status, pulled, local };
    }, server.url);
    expect(result.report).toMatchObject({ ok: true, version: '3.5.2.dev0', readable: true });
    expect(result.pushed).toEqual([expect.objectContaining({ runId: result.runId, ok: true, found: false })]);
    expect(result.again).toEqual([expect.objectContaining({ ok: true, found: true, sent: { params: 0, tags: 0, points: 0, artifacts: 0 } })]);
    expect(result.status.runs).toEqual([expect.objectContaining({ runId: result.runId, state: 'synced' })]);
    // Pulling back a run pushed from here does not copy it: it is still here.
    expect(result.pulled).toMatchObject({ runs: [], alreadyHere: [{ runId: result.runId }], problems: [] });
    expect(result.local).toBe(1);
    const stored = server.state.runs.get(result.pushed[0]?.serverRunId ?? '');
    expect(stored?.status).toBe('FINISHED');
    expect(stored?.metrics.get('loss')?.length).toBe(5);
    expect([...server.state.artifacts.keys()].some((path) => path.endsWith('/artifacts/model/MLmodel'))).toBe(true);
    // Every request carried the page's origin and no browser credentials.
    expect(server.requests.every((r) => r.headers.cookie === undefined)).toBe(true);
    expect(elsewhere).toEqual([]);
  });

  test('an MLflow 2.x server without CORS headers gets a message with the fix', async ({ app, page }) => {
    server = await startFakeMlflowServer({ version: '2.12' });
    await app.open();
    const report = await page.evaluate((url) => window.trainyard.testConnection(url), server.url);
    expect(report.ok).toBe(false);
    expect(report.message).toContain(server.url);
    expect(report.message).toContain('--cors-allowed-origins');
    expect(report.message).toContain('MLflow 2.x sends no CORS headers at all: put a proxy in front of it that adds them');
    expect(report.message).not.toContain('Failed to fetch');
    const refused = await page.evaluate((url) => window.trainyard.connectServer(url).then(() => 'connected', (e: Error) => e.message), server.url);
    expect(refused).toContain('--cors-allowed-origins');
    expect(await page.evaluate(() => window.trainyard.listServers())).toEqual([]);
  });

  test('a wrong password is named as such, and nothing is stored', async ({ app, page }) => {
    server = await startFakeMlflowServer({ auth: { users: { admin: { password: 'password1234', canWrite: true } } } });
    await app.open();
    const report = await page.evaluate((url) => window.trainyard.testConnection(url, { auth: { kind: 'basic', username: 'admin', password: 'nope' } }), server.url);
    expect(report).toMatchObject({ ok: false, readable: false });
    expect(report.message).toContain('did not accept the user name and password (401)');
    const ok = await page.evaluate((url) => window.trainyard.testConnection(url, { auth: { kind: 'basic', username: 'admin', password: 'password1234' } }), server.url);
    expect(ok.ok).toBe(true);
  });
});
