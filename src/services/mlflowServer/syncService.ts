/**
 * Sync with MLflow tracking servers: connect (checked first), push selected runs, pull a server's
 * runs, and mirror new runs as they train through a durable outbox. The work runs in the sync
 * worker (workers/sync); this page side keeps the servers and the mirror setting (localStorage),
 * flushes the page's buffered metrics before a push, and drains the outbox: the `queued` rows of
 * the store's syncRuns table, oldest first, with a backoff after failures, waiting while the
 * browser is offline and resuming when it is back or when the next page opens.
 */
import type { Reads } from '../../db/queries';
import { forgetServer, nextDue, queueRuns, requeueDue } from '../../db/syncStore';
import type { TrackingClient } from '../../db/trackingClient';
import { holdLock, tryHoldLock } from '../../db/writerLiveness';
import type { RunId } from '../../domain/ids';
import type { FailureKind } from '../../domain/mlflowRest/failures';
import { runFingerprint } from '../../domain/mlflowRest/runFingerprint';
import { normaliseServerUrl, type ServerConfig } from '../../domain/mlflowRest/serverConfig';
import type { ConnectionReport, ConnectOptions, PullOutcome, PullRunsOptions, PushOutcome, PushRunsOptions, ServerSummary, SyncStatus } from '../../workers/sync/sync.types';
import { loadMirror, loadServers, resolveServer, saveMirror, saveServers, summary } from './serverStore';
import { SyncWorkerClient, type SyncPort } from './syncWorkerClient';

/**
 * Pushes happen under this lock, one page or push at a time (two would create the same run twice on
 * the server): the outbox drain takes it if it is free, a push the user asked for waits for it.
 */
export const OUTBOX_LOCK = 'trainyard-sync-outbox';
/** A store change is looked at this long after it settles, so a training run is pushed in batches, not per point. */
const MIRROR_SETTLE_MS = 3_000;
/** How often a mirroring page looks again for backoffs that ended. */
const MIRROR_TICK_MS = 15_000;

export interface SyncServiceDeps {
  tracking: TrackingClient;
  reads: Reads;
  createWorker?: () => SyncPort;
  storage?: Storage;
  now?: () => number;
  origin?: string;
  /** Take the lock if free (null if not) / wait for it; Web Locks by default, tests pass their own. */
  lock?: (name: string) => Promise<(() => void) | null>;
  waitForLock?: (name: string) => Promise<() => void>;
}

/** Failures that are the server's or the network's, not one run's: draining stops until the retry. */
const SERVER_SIDE: ReadonlySet<FailureKind> = new Set(['unreachable', 'interrupted', 'cors', 'unauthenticated', 'forbidden', 'not-mlflow', 'server-error']);

function isOnline(): boolean {
  return globalThis.navigator?.onLine !== false;
}

export class SyncService {
  private readonly deps: SyncServiceDeps;
  private readonly worker: SyncWorkerClient;
  private watching: (() => void) | null = null;
  private draining: Promise<number> | null = null;
  private settleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(deps: SyncServiceDeps) {
    this.deps = deps;
    this.worker = new SyncWorkerClient(deps.createWorker);
  }

  private get now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private get origin(): string {
    return this.deps.origin ?? globalThis.location?.origin ?? 'this page';
  }

  private servers(): ServerConfig[] {
    return loadServers(this.deps.storage);
  }

  // ── Servers ──────────────────────────────────────────────────────────────────────────────

  /** The connected servers (never their passwords or tokens). */
  listServers(): ServerSummary[] {
    return this.servers().map(summary);
  }

  /** Reachable? Which MLflow? Do the credentials work? Never throws for a server problem: `ok` and `message` say. */
  async testConnection(url: string, options: ConnectOptions = {}): Promise<ConnectionReport> {
    let normalised: string;
    try {
      normalised = normaliseServerUrl(url);
    } catch (error) {
      return { ok: false, url, version: null, readable: null, message: error instanceof Error ? error.message : String(error) };
    }
    const answer = await this.worker.request({ type: 'test', server: { id: 'test', url: normalised, auth: options.auth ?? null, addedAt: this.now }, origin: this.origin });
    if (answer.type !== 'tested') throw new Error(`Unexpected answer from the sync worker: ${answer.type}`);
    return answer.report;
  }

  /**
   * Tests the connection and, when it works, keeps the server (and its credentials) in this
   * browser; resolves with its id. Connecting a URL again replaces its credentials.
   */
  async connectServer(url: string, options: ConnectOptions = {}): Promise<string> {
    const report = await this.testConnection(url, options);
    if (!report.ok) throw new Error(report.message);
    const servers = this.servers();
    const existing = servers.find((s) => s.url === report.url);
    const server: ServerConfig = { id: existing?.id ?? crypto.randomUUID().slice(0, 8), url: report.url, auth: options.auth ?? null, addedAt: existing?.addedAt ?? this.now };
    saveServers([...servers.filter((s) => s.id !== server.id), server], this.deps.storage);
    return server.id;
  }

  /** Forgets a server, its credentials and this browser's record of what was synced with it (nothing on the server changes). */
  async removeServer(server: string): Promise<void> {
    const config = resolveServer(this.servers(), server);
    saveServers(this.servers().filter((s) => s.id !== config.id), this.deps.storage);
    if (loadMirror(this.deps.storage)?.serverId === config.id) this.setMirror(null);
    await forgetServer(this.deps.tracking.db, config.id);
  }

  async listServerExperiments(server?: string): Promise<{ experimentId: string; name: string }[]> {
    const answer = await this.worker.request({ type: 'experiments', server: resolveServer(this.servers(), server), origin: this.origin });
    if (answer.type !== 'experiments') throw new Error(`Unexpected answer from the sync worker: ${answer.type}`);
    return answer.experiments;
  }

  // ── Push and pull ───────────────────────────────────────────────────────────────────────

  /**
   * Pushes runs (from one or several experiments) to a server: experiments matched by name, each run found again
   * or created, only what is missing sent, counted back. Resolves with each run's outcome; a run
   * that failed says why in words (the others still go).
   */
  async pushRuns(runIds: RunId[], options: PushRunsOptions = {}): Promise<PushOutcome[]> {
    const server = resolveServer(this.servers(), options.server);
    await this.deps.tracking.flush();
    const release = await (this.deps.waitForLock ?? holdLock)(OUTBOX_LOCK);
    try {
      const answer = await this.worker.request({ type: 'push', server, runIds: [...runIds], origin: this.origin }, (p) => options.onProgress?.({ done: p.done, total: p.total, runId: p.runId }));
      if (answer.type !== 'pushed') throw new Error(`Unexpected answer from the sync worker: ${answer.type}`);
      return answer.outcomes;
    } finally {
      release();
    }
  }

  /** Pulls a server's runs (MLflow's filter, run on the server) into this browser; pulling again updates them. */
  async pullRuns(options: PullRunsOptions = {}): Promise<PullOutcome> {
    const server = resolveServer(this.servers(), options.server);
    const { experimentNames, filter, maxRuns, artifacts } = options;
    const request = { experimentNames, filter, maxRuns, artifacts };
    const answer = await this.worker.request({ type: 'pull', server, request, origin: this.origin }, (p) => options.onProgress?.({ done: p.done, total: p.total }));
    if (answer.type !== 'pulled') throw new Error(`Unexpected answer from the sync worker: ${answer.type}`);
    return answer.outcome;
  }

  // ── Mirror and the outbox ───────────────────────────────────────────────────────────────

  /**
   * Mirrors every run started from now on to a server (null: stop). Their writes are queued in the
   * store's outbox and pushed as they train; offline, the outbox waits.
   */
  setMirror(server: string | null): ServerSummary | null {
    if (server === null) {
      saveMirror(null, this.deps.storage);
      this.stopWatching();
      return null;
    }
    const config = resolveServer(this.servers(), server);
    const current = loadMirror(this.deps.storage);
    saveMirror({ serverId: config.id, since: current?.serverId === config.id ? current.since : this.now }, this.deps.storage);
    // Each run's failure is recorded on its row; a failing drain itself (a closed store) is retried by the next one.
    this.drainOutbox().catch(() => undefined);
    return summary(config);
  }

  getMirror(): ServerSummary | null {
    const mirror = loadMirror(this.deps.storage);
    const config = mirror ? this.servers().find((s) => s.id === mirror.serverId) : undefined;
    return config ? summary(config) : null;
  }

  async syncStatus(): Promise<SyncStatus> {
    const runs = await this.deps.reads.runSyncStates();
    return {
      mirror: this.getMirror(),
      online: isOnline(),
      queued: runs.filter((r) => r.state === 'queued' || r.state === 'pushing').length,
      errors: runs.filter((r) => r.state === 'error').length,
      runs: runs.map((r) => ({ ...r })),
    };
  }

  /**
   * Queues the mirrored runs that changed since they were last pushed, then pushes what is due,
   * oldest first; resolves with how many runs were pushed. The app calls it at start (a closed
   * tab's outbox drains in the next page) and it keeps itself going while mirroring.
   */
  drainOutbox(): Promise<number> {
    const mirror = loadMirror(this.deps.storage);
    const config = mirror ? this.servers().find((s) => s.id === mirror.serverId) : undefined;
    if (!mirror || !config) return Promise.resolve(0);
    this.startWatching();
    this.draining ??= this.drain(config, mirror.since).finally(() => (this.draining = null));
    return this.draining;
  }

  private async drain(server: ServerConfig, since: number): Promise<number> {
    const release = await (this.deps.lock ?? tryHoldLock)(OUTBOX_LOCK);
    if (release === null) return 0; // another tab drains it
    let pushed = 0;
    try {
      const db = this.deps.tracking.db;
      // Offline, new writes are still queued (durably): the outbox is what drains when back online.
      await this.queueChanged(server.id, since);
      if (!isOnline()) return 0;
      // Pushes happen only under the lock we hold: a row still `pushing` was left by a page that closed mid-push.
      await requeueDue(db, { serverId: server.id, now: this.now, stalePushingBefore: Infinity });
      await this.deps.tracking.flush();
      const tried = new Set<RunId>();
      for (let row = await nextDue(db, { serverId: server.id, now: this.now }); row && !tried.has(row.runId); row = await nextDue(db, { serverId: server.id, now: this.now })) {
        if (!isOnline()) break;
        tried.add(row.runId);
        const answer = await this.worker.request({ type: 'push', server, runIds: [row.runId], origin: this.origin });
        const outcome = answer.type === 'pushed' ? answer.outcomes[0] : undefined;
        if (outcome?.ok) pushed += 1;
        // The server or the network failed (not this run): the rest waits, in order, for the retry.
        else if (outcome?.errorKind && SERVER_SIDE.has(outcome.errorKind)) break;
      }
    } finally {
      release();
    }
    return pushed;
  }

  /** Queues mirrored runs that are new or changed since their last push. */
  private async queueChanged(serverId: string, since: number): Promise<void> {
    const [runs, rows] = await Promise.all([this.deps.reads.runsStartedSince(since), this.deps.reads.runSyncStates()]);
    const byRun = new Map(rows.filter((r) => r.serverId === serverId).map((r) => [r.runId, r]));
    const changed = runs.filter((run) => {
      if (run.tags['trainyard.pulled_from']) return false;
      const row = byRun.get(run.runId);
      if (!row) return true;
      if (row.state === 'queued' || row.state === 'pushing' || row.state === 'error') return false;
      return row.fingerprint !== runFingerprint(run);
    });
    changed.sort((x, y) => x.startTime - y.startTime);
    if (changed.length > 0) await queueRuns(this.deps.tracking.db, { serverId, runIds: changed.map((r) => r.runId), now: this.now });
  }

  private startWatching(): void {
    if (this.watching) return;
    const drain = () => void this.drainOutbox().catch(() => undefined);
    const kick = () => {
      if (this.settleTimer) clearTimeout(this.settleTimer);
      this.settleTimer = setTimeout(drain, MIRROR_SETTLE_MS);
    };
    const unwatch = this.deps.reads.watchStore(kick);
    const tick = setInterval(drain, MIRROR_TICK_MS);
    const online = drain;
    globalThis.addEventListener?.('online', online);
    this.watching = () => {
      unwatch();
      clearInterval(tick);
      if (this.settleTimer) clearTimeout(this.settleTimer);
      globalThis.removeEventListener?.('online', online);
    };
  }

  private stopWatching(): void {
    this.watching?.();
    this.watching = null;
  }
}
