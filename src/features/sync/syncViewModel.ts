/**
 * What the server-sync pages show, as pure functions over the sync service's answers: a run's sync
 * badge, the outbox line, the push results in words, the pull form's checks and the credentials
 * form read into a ServerAuth. (Whether the server takes a filter is a domain rule:
 * domain/mlflowRest/serverFilter.) Unit-tested in Node (syncViewModel.test.ts).
 */
import type { RunId } from '../../domain/ids';
import type { ServerAuth } from '../../services/mlflowServer/serverConfig';
import type { ConnectionReport, PushOutcome, RunSyncState, ServerSummary, SyncState } from '../../services/mlflowServer/sync.types';

export type BadgeState = SyncState | 'local';

export interface SyncBadgeModel {
  state: BadgeState;
  /** The short word in the table. */
  label: string;
  /** The tooltip: per server, its state, and the reason of an error. */
  title: string;
}

const LABELS: Readonly<Record<BadgeState, string>> = {
  local: 'local',
  queued: 'queued',
  pushing: 'pushing',
  synced: 'synced',
  error: 'sync error',
};

/** Which state a run with several servers shows: a problem first, then work under way, then done. */
const RANK: Readonly<Record<SyncState, number>> = { error: 3, pushing: 2, queued: 1, synced: 0 };

export const LOCAL_BADGE: SyncBadgeModel = { state: 'local', label: LABELS.local, title: 'Only in this browser: not pushed to a server' };

/** A server's address without the scheme, for short texts: "127.0.0.1:5000". */
export function serverName(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/**
 * One badge per run that has a sync state with a server (runs absent from the map are local
 * only). `urlOf` names a server by id (a removed server's id shows as is).
 */
export function syncBadges(states: readonly RunSyncState[], urlOf: (serverId: string) => string | undefined): Map<RunId, SyncBadgeModel> {
  const byRun = new Map<RunId, RunSyncState[]>();
  for (const state of states) {
    const list = byRun.get(state.runId);
    if (list) list.push(state);
    else byRun.set(state.runId, [state]);
  }
  const badges = new Map<RunId, SyncBadgeModel>();
  for (const [runId, list] of byRun) {
    let shown = list[0];
    for (const state of list) if (shown === undefined || RANK[state.state] > RANK[shown.state]) shown = state;
    if (!shown) continue;
    const lines = list.map((s) => {
      const where = serverName(urlOf(s.serverId) ?? s.serverId);
      return s.state === 'error' && s.error ? `${where}: error: ${s.error}` : `${where}: ${LABELS[s.state]}`;
    });
    badges.set(runId, { state: shown.state, label: LABELS[shown.state], title: lines.join('\n') });
  }
  return badges;
}

export interface OutboxSummary {
  queued: number;
  errors: number;
  /** The line the Mirror section shows. */
  text: string;
}

/** The outbox of one server (the mirror) in words, from the live sync states. */
export function outboxSummary(states: readonly RunSyncState[], options: { serverId: string; online: boolean }): OutboxSummary {
  let queued = 0;
  let errors = 0;
  for (const state of states) {
    if (state.serverId !== options.serverId) continue;
    if (state.state === 'queued' || state.state === 'pushing') queued++;
    else if (state.state === 'error') errors++;
  }
  const parts: string[] = [];
  if (queued === 0 && errors === 0) parts.push('Nothing waiting: every mirrored run is on the server.');
  else {
    if (queued > 0) parts.push(`${plural(queued, 'run')} queued`);
    if (errors > 0) parts.push(`${plural(errors, 'run')} with errors (see the runs table's sync column for why)`);
  }
  if (!options.online && queued > 0) parts.push('offline: waiting for the network, then they are sent in order');
  else if (!options.online) parts.push('offline: new runs wait in the outbox until the network is back');
  return { queued, errors, text: parts.join('; ') };
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** One push result in words: "pushed (12 params, 300 points)", "already there", or the error. */
export function pushOutcomeText(outcome: PushOutcome): string {
  if (!outcome.ok) return outcome.error ?? 'failed (no reason given)';
  const sent = outcome.sent;
  const what = sent ? `${plural(sent.params, 'param')}, ${plural(sent.tags, 'tag')}, ${plural(sent.points, 'metric point')}, ${plural(sent.artifacts, 'artifact')}` : '';
  if (outcome.found) return sent && (sent.points > 0 || sent.params > 0 || sent.artifacts > 0) ? `already there; sent what was new: ${what}` : 'already there, nothing new to send';
  return sent ? `pushed: ${what}` : 'pushed';
}

/** "3 pushed, 1 already there, 1 failed". */
export function pushSummary(outcomes: readonly PushOutcome[]): string {
  const pushed = outcomes.filter((o) => o.ok && !o.found).length;
  const found = outcomes.filter((o) => o.ok && o.found).length;
  const failed = outcomes.filter((o) => !o.ok).length;
  const parts = [];
  if (pushed > 0) parts.push(`${pushed} pushed`);
  if (found > 0) parts.push(`${found} already there`);
  if (failed > 0) parts.push(`${failed} failed`);
  return parts.join(', ') || 'nothing to push';
}

/** The share done, 0–1, for a progress bar (0 before the total is known). */
export function progressFraction(progress: { done: number; total: number } | null): number {
  if (!progress || progress.total <= 0) return 0;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

export const DEFAULT_MAX_RUNS = 100;
/** What one pull may ask for (the server pages; more is a long wait in a browser tab). */
export const MAX_PULL_RUNS = 10_000;

/** The max-runs field read: a whole number 1–10,000, or an error in words. */
export function parseMaxRuns(text: string): { value: number } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { value: DEFAULT_MAX_RUNS };
  const value = Number(trimmed);
  if (!Number.isInteger(value) || value < 1 || value > MAX_PULL_RUNS) return { error: `Max runs is a whole number from 1 to ${MAX_PULL_RUNS.toLocaleString('en')}` };
  return { value };
}

export type AuthChoice = 'none' | 'basic' | 'bearer';

export interface CredentialsForm {
  choice: AuthChoice;
  username: string;
  password: string;
  token: string;
}

export const EMPTY_CREDENTIALS: CredentialsForm = { choice: 'none', username: '', password: '', token: '' };

/** The credentials form as the service takes it, or what is missing in words. */
export function authFromForm(form: CredentialsForm): { auth: ServerAuth | null } | { error: string } {
  if (form.choice === 'none') return { auth: null };
  if (form.choice === 'basic') {
    if (form.username.trim() === '') return { error: 'Type the user name (or choose "No credentials")' };
    if (form.password === '') return { error: 'Type the password (or choose "No credentials")' };
    return { auth: { kind: 'basic', username: form.username.trim(), password: form.password } };
  }
  if (form.token.trim() === '') return { error: 'Paste the token (or choose "No credentials")' };
  return { auth: { kind: 'bearer', token: form.token.trim() } };
}

/** The test's findings as labelled facts: reachable, MLflow version, credentials. */
export function connectionFacts(report: ConnectionReport): { label: string; value: string }[] {
  const facts = [{ label: 'Server', value: report.url }];
  if (report.version !== null || report.ok) facts.push({ label: 'Reachable', value: 'yes' });
  facts.push({ label: 'MLflow version', value: report.version ?? 'not told' });
  facts.push({
    label: 'Reading experiments',
    value: report.readable === null ? 'not reached' : report.readable ? 'allowed (credentials OK)' : 'refused',
  });
  return facts;
}

/** How a connected server is named in lists and choosers: its address and who signs in. */
export function serverLabel(server: ServerSummary): string {
  const who = server.auth === 'basic' ? ` (as ${server.username ?? 'a user'})` : server.auth === 'bearer' ? ' (with a token)' : '';
  return `${serverName(server.url)}${who}`;
}
