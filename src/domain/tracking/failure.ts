/**
 * Why a run failed, in words for the user and as a kind for pages that act on it (the Storage page
 * looks for `quota`). Pure: the worker, the pool and autolog use it to tag the runs they end.
 */
import { TAG_FAILURE_KIND } from '../storage/storageNotice';

export const TAG_ERROR = 'trainyard.error';
/** The tag the Storage page reads (one definition, in the domain). */
export { TAG_FAILURE_KIND };
export const TAG_KILLED_REASON = 'trainyard.killedReason';

/** `quota`: storage is full; `storage`: another store error; `nan`: the loss diverged; `crash`: the worker died; `error`: anything else. */
export type FailureKind = 'quota' | 'storage' | 'nan' | 'crash' | 'error';

/** The route of the Storage page, where the user frees space. */
export const STORAGE_ROUTE = '#/storage';

/** Thrown when the training loss stops being a finite number (TF.js's TerminateOnNaN, as a failure). */
export class NonFiniteLossError extends Error {
  readonly epoch: number;
  readonly value: number;

  /** `epoch` is 0-based, as the metric's step. */
  constructor(epoch: number, value: number) {
    super(
      `loss became ${String(value)} at epoch ${epoch + 1} (step ${epoch}); training stopped. ` +
        'Try a lower learning rate, or check the data for missing or extreme values.',
    );
    this.name = 'NonFiniteLossError';
    this.epoch = epoch;
    this.value = value;
  }
}

const STORAGE_ERROR_NAMES = new Set([
  'AbortError',
  'UnknownError',
  'InvalidStateError',
  'DatabaseClosedError',
  'VersionError',
  'VersionChangeError',
  'OpenFailedError',
  'DataCloneError',
  'TransactionInactiveError',
  'ReadOnlyError',
]);

/** The error and the errors it wraps (Dexie's `inner`, `cause`, a bulk error's `failures`). */
function chain(error: unknown): unknown[] {
  const out: unknown[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 20) {
    const next = queue.shift();
    if (next === null || next === undefined || out.includes(next)) continue;
    out.push(next);
    if (typeof next === 'object') {
      const e = next as { inner?: unknown; cause?: unknown; failures?: unknown };
      queue.push(e.inner, e.cause);
      if (Array.isArray(e.failures)) queue.push(...(e.failures as unknown[]));
    }
  }
  return out;
}

function nameOf(error: unknown): string {
  return typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string'
    ? (error as { name: string }).name
    : '';
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

function quotaErrorIn(error: unknown): unknown {
  const errors = chain(error);
  // The innermost one: Dexie's wrappers repeat the browser's message with their own around it.
  return errors.reverse().find((e) => nameOf(e) === 'QuotaExceededError') ?? errors.find((e) => /QuotaExceeded/i.test(messageOf(e)));
}

export function isQuotaError(error: unknown): boolean {
  return quotaErrorIn(error) !== undefined;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export interface Failure {
  kind: FailureKind;
  /** What the user reads: the run's `trainyard.error` tag. */
  message: string;
}

/** Sorts an error into a kind and a message that says what to do. */
export function describeFailure(error: unknown): Failure {
  const detail = messageOf(error);
  const quota = quotaErrorIn(error);
  if (quota !== undefined) {
    return {
      kind: 'quota',
      message:
        `Storage is full: the browser refused to save more of this run (${oneLine(messageOf(quota))}). Everything logged before was kept. ` +
        `Free space on the Storage page (${STORAGE_ROUTE}) and train again.`,
    };
  }
  if (error instanceof NonFiniteLossError || nameOf(error) === 'NonFiniteLossError') return { kind: 'nan', message: detail };
  if (chain(error).some((e) => STORAGE_ERROR_NAMES.has(nameOf(e)))) {
    return { kind: 'storage', message: `Could not save this run's data: ${detail}` };
  }
  return { kind: 'error', message: detail };
}

/** The tags a failed run ends with. */
export function failureTags(failure: Failure): Record<string, string> {
  return { [TAG_ERROR]: failure.message.slice(0, 5000), [TAG_FAILURE_KIND]: failure.kind };
}
