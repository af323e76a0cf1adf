/**
 * Who is still writing. Each tracking client holds a Web Lock named after its writer id for as
 * long as it lives; the browser releases it when the tab closes or the worker is terminated, so
 * a RUNNING run whose writer's lock is not held has lost its writer. Web Locks work in pages and
 * workers alike. Where they don't exist (Node tests), liveness is unknown and heartbeats decide.
 */
const LOCK_PREFIX = 'trainyard-writer:';

function locks(): LockManager | undefined {
  return typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined;
}

/** Resolves once the lock is held; it is held until the page or worker goes away. */
export function holdWriterLock(writerId: string): Promise<void> {
  const manager = locks();
  if (!manager) return Promise.resolve();
  return new Promise<void>((resolve) => {
    void manager.request(`${LOCK_PREFIX}${writerId}`, () => {
      resolve();
      return new Promise<never>(() => {});
    });
  });
}

/** A snapshot of the live writers: answers true/false, or undefined when it can't tell. */
export async function writerLivenessSnapshot(): Promise<(writerId: string) => boolean | undefined> {
  const manager = locks();
  if (!manager) return () => undefined;
  const state = await manager.query();
  const held = new Set((state.held ?? []).map((lock) => lock.name));
  return (writerId) => held.has(`${LOCK_PREFIX}${writerId}`);
}

/**
 * Resolves when the writer's lock is released (its tab closed, its worker terminated): our request
 * for the same lock is granted only then. Never resolves where Web Locks don't exist.
 */
export function whenWriterGone(writerId: string): Promise<void> {
  const manager = locks();
  if (!manager) return new Promise<void>(() => {});
  return manager.request(`${LOCK_PREFIX}${writerId}`, () => undefined).then(() => undefined);
}

/**
 * Takes the Web Lock `name` if no one holds it, and keeps it until `release` is called or the page
 * goes away; null when another page or worker holds it. Where Web Locks don't exist, always
 * succeeds (a single context can't race itself).
 */
export function tryHoldLock(name: string): Promise<(() => void) | null> {
  const manager = locks();
  if (!manager) return Promise.resolve(() => {});
  return new Promise((resolve) => {
    manager
      .request(name, { ifAvailable: true }, (lock) => {
        if (lock === null) {
          resolve(null);
          return undefined;
        }
        return new Promise<void>((release) => resolve(release));
      })
      // The request itself failed (e.g. the document is no longer active): nothing is held.
      .catch(() => resolve(null));
  });
}

/**
 * Takes the Web Lock `name`, waiting while another page or worker holds it, and keeps it until
 * `release` is called or the page goes away. Where Web Locks don't exist, resolves at once.
 */
export function holdLock(name: string): Promise<() => void> {
  const manager = locks();
  if (!manager) return Promise.resolve(() => {});
  return new Promise((resolve, reject) => {
    manager.request(name, () => new Promise<void>((release) => resolve(release))).catch(reject);
  });
}
