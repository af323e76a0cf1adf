// @vitest-environment jsdom
/**
 * The Servers page and the push panel with the sync service stubbed: what the connection test
 * shows, connecting and removing, the mirror and its outbox line, the pull form's checks and
 * result, and a push's progress and per-run results.
 */
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { PushOutcome, RunSyncState, ServerSummary } from '../../services/mlflowServer/sync.types';
import { makeRun } from '../../test/makeRun';
import { PushPanel } from './PushPanel';
import { ServersPage } from './ServersPage';
import { serversChanged } from './useServers';

const SERVER: ServerSummary = { id: 'srv1', url: 'http://127.0.0.1:5000', auth: 'basic', username: 'ada', addedAt: Date.UTC(2026, 0, 5) };

let servers: ServerSummary[] = [];
let mirrorId: string | null = null;
let syncRows: RunSyncState[] = [];
const testConnection = vi.fn();
const connectServer = vi.fn();
const removeServer = vi.fn();
const setMirror = vi.fn();
const listServerExperiments = vi.fn();
const pullRuns = vi.fn();
const pushRuns = vi.fn();
const runsById = vi.fn();
const notify = vi.fn();

vi.mock('../../services/page', () => ({
  sync: {
    listServers: () => servers,
    getMirror: () => servers.find((s) => s.id === mirrorId) ?? null,
    testConnection: (...args: unknown[]) => testConnection(...args),
    connectServer: (...args: unknown[]) => connectServer(...args),
    removeServer: (...args: unknown[]) => removeServer(...args),
    setMirror: (...args: unknown[]) => setMirror(...args),
    listServerExperiments: (...args: unknown[]) => listServerExperiments(...args),
    pullRuns: (...args: unknown[]) => pullRuns(...args),
    pushRuns: (...args: unknown[]) => pushRuns(...args),
  },
  reads: { runSyncStates: async () => syncRows, runsById: (...args: unknown[]) => runsById(...args) },
}));
vi.mock('../../shared/notifications', () => ({ notify: (...args: unknown[]) => notify(...args), reportError: vi.fn() }));

function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

beforeEach(() => {
  listServerExperiments.mockResolvedValue([
    { experimentId: '0', name: 'Default' },
    { experimentId: '7', name: 'iris' },
  ]);
  serversChanged();
});

afterEach(() => {
  cleanup();
  for (const mock of [testConnection, connectServer, removeServer, setMirror, listServerExperiments, pullRuns, pushRuns, runsById, notify]) mock.mockReset();
  servers = [];
  mirrorId = null;
  syncRows = [];
  setOnline(true);
});

describe('ServersPage: connect', () => {
  it('should say credentials stay in this browser and how CORS is allowed', () => {
    render(<ServersPage />);
    const note = screen.getByTestId('servers.note').textContent ?? '';
    expect(note).toContain('Credentials stay in this browser');
    expect(note).toContain('localStorage');
    expect(note).toContain('--cors-allowed-origins');
    expect(note).toContain('MLflow 2.x');
  });

  it('should test with the credentials typed and show what was found', async () => {
    testConnection.mockResolvedValue({ ok: true, url: 'http://127.0.0.1:5000', version: '3.5.2.dev0', readable: true, message: 'Connected: MLflow 3.5.2.dev0' });
    render(<ServersPage />);
    fireEvent.change(screen.getByTestId('servers.url'), { target: { value: ' http://127.0.0.1:5000 ' } });
    fireEvent.click(screen.getByTestId('servers.auth-basic'));
    fireEvent.change(screen.getByTestId('servers.username'), { target: { value: 'ada' } });
    fireEvent.change(screen.getByTestId('servers.password'), { target: { value: 'secret' } });
    fireEvent.click(screen.getByTestId('servers.test'));
    const report = await screen.findByTestId('servers.report');
    expect(testConnection).toHaveBeenCalledWith('http://127.0.0.1:5000', { auth: { kind: 'basic', username: 'ada', password: 'secret' } });
    expect(report.dataset.ok).toBe('true');
    expect(screen.getByTestId('servers.report.mlflow-version').textContent).toBe('3.5.2.dev0');
    expect(screen.getByTestId('servers.report.reading-experiments').textContent).toBe('allowed (credentials OK)');
  });

  it('should show a failed test’s message, and what is missing before asking at all', async () => {
    testConnection.mockResolvedValue({ ok: false, url: 'http://127.0.0.1:5000', version: null, readable: null, message: 'The server refused the credentials: check the user name' });
    render(<ServersPage />);
    fireEvent.click(screen.getByTestId('servers.test'));
    expect(screen.getByTestId('servers.problem').textContent).toContain('Type the server’s address');
    fireEvent.change(screen.getByTestId('servers.url'), { target: { value: 'http://127.0.0.1:5000' } });
    fireEvent.click(screen.getByTestId('servers.auth-bearer'));
    fireEvent.click(screen.getByTestId('servers.test'));
    expect(screen.getByTestId('servers.problem').textContent).toBe('Paste the token (or choose "No credentials")');
    expect(testConnection).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId('servers.token'), { target: { value: 'tok' } });
    fireEvent.click(screen.getByTestId('servers.test'));
    const report = await screen.findByTestId('servers.report');
    expect(report.dataset.ok).toBe('false');
    expect(report.textContent).toContain('The server refused the credentials');
  });

  it('should connect, list the server, and remove it', async () => {
    connectServer.mockImplementation(async () => {
      servers = [SERVER];
      return SERVER.id;
    });
    render(<ServersPage />);
    fireEvent.change(screen.getByTestId('servers.url'), { target: { value: 'http://127.0.0.1:5000' } });
    fireEvent.click(screen.getByTestId('servers.connect-submit'));
    const item = await screen.findByTestId('servers.item');
    expect(connectServer).toHaveBeenCalledWith('http://127.0.0.1:5000', { auth: null });
    expect(item.textContent).toContain('127.0.0.1:5000 (as ada)');
    expect(screen.getByTestId('servers.kept').textContent).toContain('stay in this browser');
    expect(screen.getByTestId('servers.connect-another').textContent).toBe('Connect another server');
    expect(notify).toHaveBeenCalledWith('info', 'Connected to http://127.0.0.1:5000.');
    expect((screen.getByTestId('servers.url') as HTMLInputElement).value).toBe('');
    removeServer.mockImplementation(() => {
      servers = [];
    });
    fireEvent.click(within(item).getByTestId('servers.remove'));
    expect(removeServer).toHaveBeenCalledWith('srv1');
    await waitFor(() => expect(screen.queryByTestId('servers.item')).toBeNull());
  });

  it('should show why connecting failed', async () => {
    connectServer.mockRejectedValue(new Error('No MLflow server answered at http://127.0.0.1:5000: is it running?'));
    render(<ServersPage />);
    fireEvent.change(screen.getByTestId('servers.url'), { target: { value: 'http://127.0.0.1:5000' } });
    fireEvent.click(screen.getByTestId('servers.connect-submit'));
    expect((await screen.findByTestId('servers.problem')).textContent).toContain('is it running?');
  });
});

describe('ServersPage: mirror', () => {
  it('should turn mirroring on and off and show the outbox, offline too', async () => {
    servers = [SERVER];
    syncRows = [
      { serverId: 'srv1', runId: 'r1' as RunId, state: 'queued', serverRunId: null, error: null, queuedAt: 1, updatedAt: 1, attempts: 0, nextAttemptAt: 0 },
    ];
    setMirror.mockImplementation((id: string | null) => {
      mirrorId = id;
    });
    render(<ServersPage />);
    const toggle = screen.getByTestId('servers.mirror-toggle') as HTMLInputElement;
    expect(toggle.checked).toBe(false);
    expect(toggle.parentElement?.textContent).toBe('Mirror new runs to 127.0.0.1:5000 (as ada)');
    fireEvent.click(toggle);
    expect(setMirror).toHaveBeenCalledWith('srv1');
    expect(toggle.checked).toBe(true);
    expect((await screen.findByTestId('servers.outbox')).textContent).toBe('Outbox: 1 run queued');
    act(() => setOnline(false));
    expect(screen.getByTestId('servers.outbox').textContent).toBe('Outbox: 1 run queued; offline: waiting for the network, then they are sent in order');
    expect(screen.queryByTestId('servers.offline')).toBeNull();
    fireEvent.click(toggle);
    expect(setMirror).toHaveBeenLastCalledWith(null);
    expect(screen.queryByTestId('servers.outbox')).toBeNull();
    expect(screen.getByTestId('servers.offline').textContent).toBe('Offline: waiting for the network.');
  });
});

describe('ServersPage: pull', () => {
  beforeEach(() => {
    servers = [SERVER];
  });

  it('should refuse OR and parentheses up front and a bad max runs', async () => {
    render(<ServersPage />);
    await screen.findAllByTestId('pull.experiment');
    expect(screen.getByTestId('pull.filter-hint').textContent).toContain('no OR, no parentheses');
    fireEvent.change(screen.getByTestId('pull.filter'), { target: { value: 'metrics.a > 1 OR metrics.b > 2' } });
    expect(screen.getByTestId('pull.filter-hint').textContent).toContain('does not take OR');
    expect((screen.getByTestId('pull.submit') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId('pull.filter'), { target: { value: 'metrics.a > 1' } });
    expect((screen.getByTestId('pull.submit') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.change(screen.getByTestId('pull.max-runs'), { target: { value: '0' } });
    expect((screen.getByTestId('pull.submit') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Max runs is a whole number from 1 to 10,000')).toBeTruthy();
  });

  it('should ask for an experiment, then pull and list the runs with links and the problems', async () => {
    let report: ((p: { done: number; total: number }) => void) | undefined;
    let finish: (() => void) | undefined;
    pullRuns.mockImplementation(
      (options: { onProgress: (p: { done: number; total: number }) => void }) =>
        new Promise((resolve) => {
          report = options.onProgress;
          finish = () =>
            resolve({
              runs: [
                { runId: 'abc', runName: 'lr-0.1', experimentName: 'Default', points: 1200, artifacts: 2 },
                { runId: 'def', runName: 'lr-0.2', experimentName: 'Default', points: 3, artifacts: 0 },
              ],
              alreadyHere: [{ runId: 'mine', runName: 'pushed from here' }],
              problems: ['Run "old" has a metric history the server could not page: pulled without it'],
            });
        }),
    );
    runsById.mockResolvedValue(
      new Map([
        ['abc', { ...makeRun({ id: 'abc' }), experimentId: '4' }],
        ['mine', makeRun({ id: 'mine' })],
      ]),
    );
    render(<ServersPage />);
    const experiments = await screen.findAllByTestId('pull.experiment');
    expect(listServerExperiments).toHaveBeenCalledWith('srv1');
    fireEvent.click(screen.getByTestId('pull.submit'));
    expect(screen.getByTestId('pull.problem').textContent).toBe('Pick at least one experiment to pull from.');
    fireEvent.click(experiments[0]!);
    fireEvent.click(screen.getByTestId('pull.artifacts'));
    fireEvent.change(screen.getByTestId('pull.filter'), { target: { value: " params.lr = '0.1' " } });
    expect(screen.getByTestId('pull.submit').textContent).toBe('Pull from 1 experiment');
    fireEvent.click(screen.getByTestId('pull.submit'));
    expect(pullRuns).toHaveBeenCalledWith(expect.objectContaining({ server: 'srv1', experimentNames: ['Default'], filter: "params.lr = '0.1'", maxRuns: 100, artifacts: true }));
    act(() => report?.({ done: 1, total: 2 }));
    expect(screen.getByTestId('pull.progress').textContent).toBe('1 of 2 runs');
    await act(async () => finish?.());
    const result = await screen.findByTestId('pull.result');
    expect(result.textContent).toContain('Pulled 2 runs, with 1 problem; 1 already here (pushed from this browser, so not copied again).');
    expect(runsById).toHaveBeenCalledWith(['abc', 'def', 'mine']);
    expect(within(screen.getByTestId('pull.already-here')).getByRole('link', { name: 'pushed from here' }).getAttribute('href')).toBe('#/experiments/0/runs/mine');
    const rows = screen.getAllByTestId('pull.run');
    expect(within(rows[0]!).getByRole('link', { name: 'lr-0.1' }).getAttribute('href')).toBe('#/experiments/4/runs/abc');
    expect(within(rows[1]!).queryByRole('link')).toBeNull();
    expect(screen.getByTestId('pull.problems').textContent).toContain('could not page');
  });

  it('should show a refused pull’s message and a server that cannot list its experiments', async () => {
    listServerExperiments.mockRejectedValue(new Error('The server at http://127.0.0.1:5000 refused the credentials (401)'));
    render(<ServersPage />);
    expect((await screen.findByTestId('pull.experiments-error')).textContent).toContain('refused the credentials');
  });
});

describe('PushPanel', () => {
  const ids = ['r1', 'r2'] as RunId[];

  it('should point to the Servers page when no server is connected', () => {
    render(<PushPanel runIds={ids} onClose={() => {}} />);
    expect(screen.getByRole('link', { name: 'Connect one on the Servers page' }).getAttribute('href')).toBe('#/servers');
  });

  it('should push with progress and list each run’s result', async () => {
    servers = [SERVER];
    serversChanged();
    let report: ((p: { done: number; total: number; runId: RunId | null }) => void) | undefined;
    let finish: ((outcomes: PushOutcome[]) => void) | undefined;
    pushRuns.mockImplementation(
      (_ids: RunId[], options: { onProgress: typeof report }) =>
        new Promise((resolve) => {
          report = options.onProgress;
          finish = resolve;
        }),
    );
    const onClose = vi.fn();
    render(<PushPanel runIds={ids} onClose={onClose} />);
    expect(screen.getByTestId('push.panel').textContent).toContain('to 127.0.0.1:5000 (as ada)');
    fireEvent.click(screen.getByTestId('push.submit'));
    expect(pushRuns).toHaveBeenCalledWith(['r1', 'r2'], expect.objectContaining({ server: 'srv1' }));
    expect(screen.getByTestId('push.submit').textContent).toBe('Pushing…');
    act(() => report?.({ done: 1, total: 2, runId: 'r1' as RunId }));
    expect(screen.getByTestId('push.progress').textContent).toBe('1 of 2');
    await act(async () =>
      finish?.([
        { runId: 'r1' as RunId, runName: 'lr-0.1', ok: true, serverRunId: 's1', found: true, sent: null, error: null },
        { runId: 'r2' as RunId, runName: 'lr-0.2', ok: false, serverRunId: null, found: false, sent: null, error: 'The server at http://127.0.0.1:5000 refused to write: ask for EDIT permission' },
      ]),
    );
    await waitFor(() => expect(screen.getByTestId('push.result')).toBeTruthy());
    expect(screen.getByTestId('push.result').textContent).toContain('1 already there, 1 failed.');
    const [first, second] = screen.getAllByTestId('push.outcome');
    expect(first?.textContent).toContain('lr-0.1: already there, nothing new to send');
    expect(second?.dataset.ok).toBe('false');
    expect(second?.textContent).toContain('ask for EDIT permission');
    expect(screen.queryByTestId('push.progress')).toBeNull();
    fireEvent.click(screen.getByTestId('push.close'));
    expect(onClose).toHaveBeenCalled();
  });

  it('should show why a whole push failed', async () => {
    servers = [SERVER];
    serversChanged();
    pushRuns.mockRejectedValue(new Error('No server "x" is connected'));
    render(<PushPanel runIds={ids} onClose={() => {}} />);
    fireEvent.click(screen.getByTestId('push.submit'));
    expect((await screen.findByTestId('push.problem')).textContent).toBe('No server "x" is connected');
  });
});
