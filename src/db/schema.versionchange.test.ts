/**
 * A newer Trainyard in another tab opens the database at a higher version: this connection must
 * not block it, must close for good (not reopen on old code), and must tell the page.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TrainyardDB } from './schema';

const names: string[] = [];

afterEach(async () => {
  for (const name of names.splice(0)) {
    await new Promise<void>((resolve) => {
      const request = indexedDB.deleteDatabase(name);
      request.onsuccess = () => resolve();
      request.onerror = () => resolve();
    });
  }
});

/** Opens at `version` as a newer app would; `blocked` says whether the browser reported it blocked on the way. */
function openRaw(name: string, version: number): Promise<{ db: IDBDatabase; blocked: boolean }> {
  return new Promise((resolve, reject) => {
    let blocked = false;
    const request = indexedDB.open(name, version);
    request.onsuccess = () => resolve({ db: request.result, blocked });
    request.onerror = () => reject(request.error);
    request.onblocked = () => (blocked = true);
  });
}

describe('TrainyardDB on versionchange', () => {
  it('should close, tell its listeners, and let the other tab upgrade without being blocked', async () => {
    const name = `vc-${crypto.randomUUID()}`;
    names.push(name);
    const db = new TrainyardDB(name);
    await db.open();
    let told = 0;
    db.onVersionChange(() => {
      told += 1;
    });

    const { db: newer, blocked } = await openRaw(name, db.verno * 10 + 10);
    expect(newer.version).toBe(db.verno * 10 + 10);
    expect(blocked).toBe(false);
    newer.close();
    expect(told).toBe(1);
    expect(db.versionChanged).toBe(true);
    expect(db.isOpen()).toBe(false);
    // Closed for good: old code never reopens a database of a newer version.
    await expect(db.runs.count()).rejects.toMatchObject({ name: 'DatabaseClosedError' });
  });

  it('should wait for a listener to finish before closing (a run ending), then close', async () => {
    const name = `vc-${crypto.randomUUID()}`;
    names.push(name);
    const db = new TrainyardDB(name);
    await db.open();
    const order: string[] = [];
    db.onVersionChange(async () => {
      await db.experiments.count(); // still usable while it finishes
      order.push('finished');
    });
    const { db: newer } = await openRaw(name, 1000);
    order.push('upgraded');
    newer.close();
    expect(order).toEqual(['finished', 'upgraded']);
    expect(db.isOpen()).toBe(false);
  });
});
