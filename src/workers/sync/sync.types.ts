/** What the sync service (syncService.ts) takes and answers: shared by the page's features, the console and the sync worker. */
import type { SyncRunRow } from '../../db/schema';
import type { RunId } from '../../domain/ids';
import type { FailureKind } from '../../domain/mlflowRest/failures';
import type { ServerAuth } from '../../domain/mlflowRest/serverConfig';

/** A server as the pages show it: never the password or token itself. */
export interface ServerSummary {
  id: string;
  url: string;
  auth: 'none' | 'basic' | 'bearer';
  /** The user name for Basic credentials. */
  username: string | null;
  addedAt: number;
}

/** What "Test connection" found. */
export interface ConnectionReport {
  ok: boolean;
  url: string;
  /** The server's MLflow version when it says (its /version). */
  version: string | null;
  /** Whether an authenticated read (experiments/search) went through; null when not reached. */
  readable: boolean | null;
  /** In words: what was found, or exactly why not and what to do. */
  message: string;
}

export interface ConnectOptions {
  auth?: ServerAuth | null;
}

/** One run's sync with one server, as stored (db/syncStore.ts; `queued` rows are the outbox). */
export type RunSyncState = SyncRunRow;
export type SyncState = SyncRunRow['state'];

export interface PushRunsOptions {
  /** A server id (connectServer's) or URL; the only server when omitted. */
  server?: string;
  onProgress?: (progress: { done: number; total: number; runId: RunId | null }) => void;
}

/** How one run's push went. */
export interface PushOutcome {
  runId: RunId;
  runName: string;
  ok: boolean;
  serverRunId: string | null;
  /** True when the server already had the run (a re-push, or a resumed one). */
  found: boolean;
  sent: { params: number; tags: number; points: number; artifacts: number } | null;
  error: string | null;
  /** What kind of failure (domain/mlflowRest/failures.ts), when it was the server's or the network's. */
  errorKind?: FailureKind | null;
  /** Registered models with a version from this run, pushed with it (versions and aliases). */
  models?: string[];
  /** Why those models could not be pushed (the run itself was), when they could not. */
  modelError?: string | null;
}

export interface PullRunsOptions {
  server?: string;
  experimentNames?: string[];
  filter?: string;
  maxRuns?: number;
  artifacts?: boolean;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface PullOutcome {
  runs: { runId: string; runName: string; experimentName: string; points: number; artifacts: number }[];
  /** Server runs pushed from this browser whose local run is still here: not copied again. */
  alreadyHere?: { runId: string; runName: string }[];
  problems: string[];
}

export interface SyncStatus {
  mirror: ServerSummary | null;
  online: boolean;
  queued: number;
  errors: number;
  runs: RunSyncState[];
}
