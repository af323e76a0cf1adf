import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Dexie, { liveQuery } from 'dexie';
import { describe, expect, it } from 'vitest';
import { DEXIE_PATCH_MARKER, patchDexieLiveQuery } from './patchDexieLiveQuery';

const dexieFile = createRequire(import.meta.url).resolve('dexie/dist/dexie.js');
const source = readFileSync(dexieFile, 'utf8');

describe('patchDexieLiveQuery', () => {
  it('should patch the installed Dexie once, and leave patched code alone', () => {
    const patched = patchDexieLiveQuery(source);
    expect(patched).toContain(DEXIE_PATCH_MARKER);
    // Declared, set when a query starts, cleared when it succeeds and when it fails.
    expect(patched.match(/querying = /g)?.length).toBe(4);
    expect(patchDexieLiveQuery(patched)).toBe(patched);
  });

  it('should fail loudly, naming the file, when Dexie changes shape', () => {
    expect(() => patchDexieLiveQuery('var mutationListener = 1;', '/x/dexie.js')).toThrow(/\/x\/dexie\.js: Dexie's liveQuery mutationListener no longer looks/);
  });

  it('should be what the tests load (Vite transforms Dexie in Vitest too)', () => {
    // The tests below exercise the fix only if this Dexie is the patched one.
    expect(String(liveQuery)).toContain(DEXIE_PATCH_MARKER);
  });
});

/** A database with two tables; the live query reads only `watched`. */
function openDb() {
  const db = new Dexie(`patch-${crypto.randomUUID()}`, { cache: 'disabled' });
  db.version(1).stores({ watched: 'id', other: 'id' });
  return db;
}

function nextValue<T>(values: T[], count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = () => (values.length >= count ? resolve() : Date.now() - started > 3000 ? reject(new Error(`only ${values.length} values`)) : setTimeout(poll, 5));
    poll();
  });
}

describe('liveQuery under the patch', () => {
  it('should still re-run on a write it read, after many writes it did not', async () => {
    const db = openDb();
    await db.table('watched').put({ id: 1, v: 'a' });
    const values: string[][] = [];
    const subscription = liveQuery(() => db.table('watched').toArray()).subscribe((rows) => values.push(rows.map((r: { v: string }) => r.v)));
    await nextValue(values, 1);
    for (let i = 0; i < 50; i++) await db.table('other').put({ id: i });
    await db.table('watched').put({ id: 1, v: 'b' });
    await nextValue(values, 2);
    expect(values.at(-1)).toEqual(['b']);
    expect(values).toHaveLength(2); // the unrelated writes did not re-run it
    subscription.unsubscribe();
    db.close();
  });
});
