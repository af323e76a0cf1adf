/** Messages between the page and the bundle worker (exports and imports off the main thread). */
import type { BundleSelection, ConflictChoice, ImportSummary } from '../../db/bundleStore';
import type { BundleProblem } from '../../domain/errors';
import type { Mlflow2Warning } from '../../domain/bundle/mlflow2Compatibility';

export type ToBundleWorker =
  | { type: 'export'; id: number; selection: BundleSelection; appVersion: string }
  /** Reads and validates a bundle; the worker keeps it under `id` until `write` or `close`. */
  | { type: 'open'; id: number; file: Blob }
  | { type: 'plan'; id: number; onConflict: ConflictChoice }
  | { type: 'write'; id: number; onConflict: ConflictChoice }
  | { type: 'close'; id: number };

export type FromBundleWorker =
  | { type: 'progress'; id: number; done: number; total: number }
  /** `warnings`: what in the bundle MLflow 2.x would refuse ([] when nothing). */
  | { type: 'exported'; id: number; blob: Blob; warnings: Mlflow2Warning[] }
  | { type: 'opened'; id: number; notes: string[] }
  | { type: 'summary'; id: number; summary: ImportSummary & { notes: string[] } }
  | { type: 'failed'; id: number; error: { name: string; message: string; problems?: BundleProblem[] } };

export function isFromBundleWorker(data: unknown): data is FromBundleWorker {
  return typeof data === 'object' && data !== null && 'type' in data && 'id' in data && typeof (data as { id: unknown }).id === 'number';
}
