import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { PushOutcome, RunSyncState } from '../../services/mlflowServer/sync.types';
import {
  authFromForm,
  connectionFacts,
  EMPTY_CREDENTIALS,
  outboxSummary,
  parseMaxRuns,
  progressFraction,
  pushOutcomeText,
  pushSummary,
  serverLabel,
  syncBadges,
} from './syncViewModel';

function state(runId: string, serverId: string, overrides: Partial<RunSyncState> = {}): RunSyncState {
  return {
    serverId,
    runId: runId as RunId,
    state: 'synced',
    serverRunId: null,
    error: null,
    queuedAt: 0,
    updatedAt: 0,
    attempts: 0,
    nextAttemptAt: 0,
    ...overrides,
  };
}

function outcome(overrides: Partial<PushOutcome> = {}): PushOutcome {
  return {
    runId: 'r1' as RunId,
    runName: 'lr-0.1',
    ok: true,
    serverRunId: 's1',
    found: false,
    sent: { params: 3, tags: 1, points: 20, artifacts: 0 },
    error: null,
    ...overrides,
  };
}

const URLS: Record<string, string> = { a: 'http://127.0.0.1:5000', b: 'https://mlflow.example.org' };

describe('syncBadges', () => {
  it('should map each run to its state, naming the server in the tooltip', () => {
    const badges = syncBadges([state('r1', 'a'), state('r2', 'a', { state: 'queued' })], (id) => URLS[id]);
    expect(badges.get('r1' as RunId)).toEqual({ state: 'synced', label: 'synced', title: '127.0.0.1:5000: synced' });
    expect(badges.get('r2' as RunId)?.label).toBe('queued');
    expect(badges.has('r3' as RunId)).toBe(false);
  });

  it('should show an error before work under way and a synced copy, with the reason in the tooltip', () => {
    const badges = syncBadges(
      [state('r1', 'a'), state('r1', 'b', { state: 'error', error: 'The server refused the credentials' })],
      (id) => URLS[id],
    );
    const badge = badges.get('r1' as RunId);
    expect(badge?.state).toBe('error');
    expect(badge?.title).toBe('127.0.0.1:5000: synced\nmlflow.example.org: error: The server refused the credentials');
  });

  it.each([
    [['synced', 'queued'], 'queued'],
    [['queued', 'pushing'], 'pushing'],
    [['pushing', 'error'], 'error'],
  ] as const)('should rank %j as %s', (states, shown) => {
    const badges = syncBadges(states.map((s, i) => state('r1', `s${i}`, { state: s })), () => undefined);
    expect(badges.get('r1' as RunId)?.state).toBe(shown);
  });

  it('should name a removed server by its id', () => {
    expect(syncBadges([state('r1', 'gone')], () => undefined).get('r1' as RunId)?.title).toBe('gone: synced');
  });
});

describe('outboxSummary', () => {
  const states = [
    state('r1', 'a', { state: 'queued' }),
    state('r2', 'a', { state: 'pushing' }),
    state('r3', 'a', { state: 'error', error: 'x' }),
    state('r4', 'b', { state: 'queued' }),
    state('r5', 'a'),
  ];

  it('should count only the mirror server’s queued and failed runs', () => {
    const summary = outboxSummary(states, { serverId: 'a', online: true });
    expect(summary).toMatchObject({ queued: 2, errors: 1 });
    expect(summary.text).toBe("2 runs queued; 1 run with errors (see the runs table's sync column for why)");
  });

  it('should say it is waiting for the network when offline', () => {
    expect(outboxSummary(states, { serverId: 'b', online: false }).text).toBe('1 run queued; offline: waiting for the network, then they are sent in order');
    expect(outboxSummary([], { serverId: 'a', online: false }).text).toContain('offline: new runs wait in the outbox');
  });

  it('should say when nothing waits', () => {
    expect(outboxSummary([state('r5', 'a')], { serverId: 'a', online: true }).text).toBe('Nothing waiting: every mirrored run is on the server.');
  });
});

describe('pushOutcomeText and pushSummary', () => {
  it('should describe a new push, a re-push with nothing new, one with new points, and a failure', () => {
    expect(pushOutcomeText(outcome())).toBe('pushed: 3 params, 1 tag, 20 metric points, 0 artifacts');
    expect(pushOutcomeText(outcome({ found: true, sent: { params: 0, tags: 0, points: 0, artifacts: 0 } }))).toBe('already there, nothing new to send');
    expect(pushOutcomeText(outcome({ found: true, sent: null }))).toBe('already there, nothing new to send');
    expect(pushOutcomeText(outcome({ found: true, sent: { params: 0, tags: 0, points: 5, artifacts: 0 } }))).toBe(
      'already there; sent what was new: 0 params, 0 tags, 5 metric points, 0 artifacts',
    );
    expect(pushOutcomeText(outcome({ ok: false, error: 'The server at … refused' }))).toBe('The server at … refused');
    expect(pushOutcomeText(outcome({ ok: false, error: null }))).toBe('failed (no reason given)');
  });

  it('should sum the outcomes up', () => {
    expect(pushSummary([outcome(), outcome({ found: true }), outcome({ ok: false }), outcome()])).toBe('2 pushed, 1 already there, 1 failed');
    expect(pushSummary([])).toBe('nothing to push');
  });
});

describe('progressFraction', () => {
  it.each([
    [null, 0],
    [{ done: 0, total: 0 }, 0],
    [{ done: 1, total: 4 }, 0.25],
    [{ done: 5, total: 4 }, 1],
  ])('should turn %j into %f', (progress, fraction) => expect(progressFraction(progress)).toBe(fraction));
});

describe('parseMaxRuns', () => {
  it.each([
    ['', { value: 100 }],
    [' 250 ', { value: 250 }],
    ['1', { value: 1 }],
    ['10000', { value: 10_000 }],
  ])('should read %j', (text, expected) => expect(parseMaxRuns(text)).toEqual(expected));

  it.each(['0', '-3', '2.5', 'ten', '10001'])('should refuse %j in words', (text) => expect(parseMaxRuns(text)).toEqual({ error: 'Max runs is a whole number from 1 to 10,000' }));
});

describe('authFromForm', () => {
  it('should read each choice', () => {
    expect(authFromForm(EMPTY_CREDENTIALS)).toEqual({ auth: null });
    expect(authFromForm({ ...EMPTY_CREDENTIALS, choice: 'basic', username: ' ada ', password: ' pw ' })).toEqual({
      auth: { kind: 'basic', username: 'ada', password: ' pw ' },
    });
    expect(authFromForm({ ...EMPTY_CREDENTIALS, choice: 'bearer', token: ' t0k ' })).toEqual({ auth: { kind: 'bearer', token: 't0k' } });
  });

  it('should say what is missing', () => {
    expect(authFromForm({ ...EMPTY_CREDENTIALS, choice: 'basic', password: 'x' })).toEqual({ error: 'Type the user name (or choose "No credentials")' });
    expect(authFromForm({ ...EMPTY_CREDENTIALS, choice: 'basic', username: 'ada' })).toEqual({ error: 'Type the password (or choose "No credentials")' });
    expect(authFromForm({ ...EMPTY_CREDENTIALS, choice: 'bearer' })).toEqual({ error: 'Paste the token (or choose "No credentials")' });
  });
});

describe('connectionFacts and serverLabel', () => {
  it('should list what the test found', () => {
    expect(connectionFacts({ ok: true, url: 'http://127.0.0.1:5000', version: '3.5.2', readable: true, message: 'OK' })).toEqual([
      { label: 'Server', value: 'http://127.0.0.1:5000' },
      { label: 'Reachable', value: 'yes' },
      { label: 'MLflow version', value: '3.5.2' },
      { label: 'Reading experiments', value: 'allowed (credentials OK)' },
    ]);
    expect(connectionFacts({ ok: false, url: 'http://x', version: null, readable: null, message: 'down' })).toEqual([
      { label: 'Server', value: 'http://x' },
      { label: 'MLflow version', value: 'not told' },
      { label: 'Reading experiments', value: 'not reached' },
    ]);
  });

  it('should name a server with who signs in', () => {
    const base = { id: 's', url: 'https://mlflow.example.org', addedAt: 0 };
    expect(serverLabel({ ...base, auth: 'none', username: null })).toBe('mlflow.example.org');
    expect(serverLabel({ ...base, auth: 'basic', username: 'ada' })).toBe('mlflow.example.org (as ada)');
    expect(serverLabel({ ...base, auth: 'bearer', username: null })).toBe('mlflow.example.org (with a token)');
  });
});
