/**
 * A test seam at the store boundary: simulated storage faults. Nothing in the app turns one on.
 * Unit tests call setStoreFault directly; e2e tests use the test-only console switch
 * `trainyard.testing.simulateStorageFault(...)`, which sets it in the page and in every training worker
 * (each realm has its own copy of this module, so the switch travels by message).
 *
 * The fault is thrown inside the write's transaction, after part of the write was done, so it
 * also proves that a failed write leaves nothing half-written.
 */

/** The writes that grow the store: metric points (writeBatch) and artifact files (putArtifact). */
export type StoreWriteKind = 'metrics' | 'artifacts';

export interface StoreFault {
  /** `quota` throws a QuotaExceededError, as a full disk does; `error` an UnknownError. */
  kind: 'quota' | 'error';
  /** Which writes fail; both when absent. */
  writes?: StoreWriteKind[];
  /** Let this many matching writes succeed first. */
  after?: number;
}

let active: { fault: StoreFault; seen: number } | null = null;

/** Turns a simulated fault on (or off with null). Test-only. */
export function setStoreFault(fault: StoreFault | null): void {
  active = fault ? { fault: { ...fault, writes: fault.writes ? [...fault.writes] : undefined }, seen: 0 } : null;
}

export function getStoreFault(): StoreFault | null {
  return active ? active.fault : null;
}

/** Called by the store's writers inside their transaction; throws when a simulated fault applies. */
export function checkStoreFault(write: StoreWriteKind): void {
  if (!active) return;
  const { fault } = active;
  if (fault.writes && !fault.writes.includes(write)) return;
  active.seen += 1;
  if (active.seen <= (fault.after ?? 0)) return;
  if (fault.kind === 'quota') {
    throw new DOMException(`Simulated: the quota for this origin is exhausted (writing ${write}).`, 'QuotaExceededError');
  }
  throw new DOMException(`Simulated storage error (writing ${write}).`, 'UnknownError');
}
