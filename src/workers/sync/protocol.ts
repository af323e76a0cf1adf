/** Messages between the page and the sync worker (push, pull and connection tests off the main thread). */
import type { ServerConfig } from '../../domain/mlflowRest/serverConfig';
import type { RunId } from '../../domain/ids';
import type { PullRequest } from './pullRuns';
import type { ConnectionReport, PullOutcome, PushOutcome } from './sync.types';

export type ToSyncWorker =
  | { type: 'test'; id: number; server: ServerConfig; origin: string }
  | { type: 'experiments'; id: number; server: ServerConfig; origin: string }
  | { type: 'push'; id: number; server: ServerConfig; runIds: RunId[]; origin: string }
  | { type: 'pull'; id: number; server: ServerConfig; request: PullRequest; origin: string };

export type FromSyncWorker =
  | { type: 'progress'; id: number; done: number; total: number; runId: RunId | null }
  | { type: 'tested'; id: number; report: ConnectionReport }
  | { type: 'experiments'; id: number; experiments: { experimentId: string; name: string }[] }
  | { type: 'pushed'; id: number; outcomes: PushOutcome[] }
  | { type: 'pulled'; id: number; outcome: PullOutcome }
  | { type: 'failed'; id: number; error: { name: string; message: string } };

export function isFromSyncWorker(data: unknown): data is FromSyncWorker {
  return typeof data === 'object' && data !== null && 'type' in data && 'id' in data && typeof (data as { id: unknown }).id === 'number';
}
