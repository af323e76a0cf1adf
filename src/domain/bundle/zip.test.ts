import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../ml/random';
import { DEFAULT_BUNDLE_LIMITS } from './bundle.types';
import { concat, randomContent } from '../../test/bundleTestKit';
import { bundleFiles } from './mlrunsWrite';
import { crc32, listZip, openZip, readEntry, unsafeEntryName } from './zipRead';
import { writeZip } from './zipWrite';

describe('writeZip', () => {
  it('writes zips an independent reader (fflate unzipSync) extracts byte for byte', async () => {
    // Seed 26 holds a binary artifact on which fflate 0.8.3's streaming Deflate emits an invalid distance.
    for (const seed of [3, 26, 31]) {
      const files = await bundleFiles(randomContent(seed), { appVersion: 't', exportedAt: 0 });
      const unzipped = unzipSync(concat(await writeZip(files)));
      for (const file of files) expect(unzipped[file.path]).toEqual(file.bytes);
    }
  });

  it('adds a ZIP64 end record past 65,535 entries, and reads it back', async () => {
    const files = Array.from({ length: 70_000 }, (_, i) => ({ path: `f/${i}`, bytes: new Uint8Array([i & 255]) }));
    const zip = concat(await writeZip(files, { level: 0 }));
    const listing = listZip(zip, DEFAULT_BUNDLE_LIMITS);
    if (!listing.ok) throw new Error(JSON.stringify(listing.errors));
    expect(listing.errors).toEqual([]);
    expect(listing.entries).toHaveLength(70_000);
    const last = listing.entries[69_999]!;
    expect(last.name).toBe('f/69999');
    expect(readEntry(zip, last)).toEqual({ ok: true, data: new Uint8Array([69_999 & 255]) });
  });

  it('marks entries as made on Unix (0644 files, 0755 folders) and sets the UTF-8 flag on non-ASCII names', async () => {
    const text = (t: string): Uint8Array => new TextEncoder().encode(t);
    const files = [
      { path: 'mlruns/', bytes: new Uint8Array(0) },
      { path: 'mlruns/1/tags/ünïcode', bytes: text('x') },
      { path: 'mlruns/1/params/lr', bytes: text('0.1') },
      { path: 'mlruns/1/metrics/学习率', bytes: text('1700000000000 0.5 1\n'.repeat(20)) }, // deflated
    ];
    const zip = concat(await writeZip(files));
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const records: Array<{ name: string; madeBy: number; flags: number; localFlags: number; mode: number; dosFolder: boolean }> = [];
    for (let at = view.getUint32(zip.length - 6, true); view.getUint32(at, true) === 0x02014b50; ) {
      const nameLength = view.getUint16(at + 28, true);
      const attrs = view.getUint32(at + 38, true);
      const local = view.getUint32(at + 42, true);
      records.push({
        name: new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)),
        madeBy: view.getUint8(at + 5),
        flags: view.getUint16(at + 8, true) & 0x800,
        localFlags: view.getUint16(local + 6, true) & 0x800,
        mode: attrs >>> 16,
        dosFolder: (attrs & 0x10) !== 0,
      });
      at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    }
    const entry = (name: string, utf8: boolean, folder = false) => ({
      name,
      madeBy: 3,
      flags: utf8 ? 0x800 : 0,
      localFlags: utf8 ? 0x800 : 0,
      mode: folder ? 0o40755 : 0o100644,
      dosFolder: folder,
    });
    expect(records).toEqual([
      entry('mlruns/', false, true),
      entry('mlruns/1/tags/ünïcode', true),
      entry('mlruns/1/params/lr', false),
      entry('mlruns/1/metrics/学习率', true),
    ]);
  });

  it('emits ~1 MiB chunks and honours an abort signal', async () => {
    const random = createRandom(1);
    const big = new Uint8Array(3 * 1024 * 1024).map(() => random() * 256);
    const chunks = await writeZip([{ path: 'big.bin', bytes: big }]);
    expect(chunks.length).toBeGreaterThan(1);
    const controller = new AbortController();
    controller.abort();
    await expect(writeZip([{ path: 'a', bytes: big }], { signal: controller.signal })).rejects.toThrow();
  });
});

describe('zip limits', () => {
  it('refuses entries that expand too much together, each under the per-entry ratio check', () => {
    const zeros = new Uint8Array(900 * 1024); // under ratioCheckMinBytes (1 MiB), ~1000:1 deflated
    const zip = zipSync({ a: zeros, b: zeros, c: zeros });
    expect(listZip(zip, DEFAULT_BUNDLE_LIMITS)).toMatchObject({ ok: true, errors: [] });
    expect(listZip(zip, { ...DEFAULT_BUNDLE_LIMITS, totalRatioCheckMinBytes: 2 * 1024 * 1024 })).toEqual({
      ok: false,
      errors: [{ entry: '', message: expect.stringMatching(/^The zip's entries expand \d+:1 in total \(over the 200:1 limit\)/) }],
    });
  });

  it('allows the ~400,000 entries of a 10,000-run MLflow folder by default', () => {
    expect(DEFAULT_BUNDLE_LIMITS.maxEntries).toBeGreaterThanOrEqual(1_000_000);
  });
});

describe('zip reading helpers', () => {
  it('openZip on a Blob lists and reads what listZip and readEntry do on the bytes', async () => {
    const files = await bundleFiles(randomContent(31), { appVersion: 't', exportedAt: 0 });
    const zip = concat(await writeZip(files));
    const listing = listZip(zip, DEFAULT_BUNDLE_LIMITS);
    const opened = await openZip(new Blob([new Uint8Array(zip)]), DEFAULT_BUNDLE_LIMITS);
    if (!listing.ok || !opened.ok) throw new Error('expected listings');
    expect(opened.entries).toEqual(listing.entries);
    const read = new Map<string, Uint8Array>();
    const done = await opened.readAll(opened.entries.filter((_, i) => i % 2 === 0), (entry, got) => {
      if (!got.ok) throw new Error(got.message);
      read.set(entry.name, got.data);
    });
    expect(done).toEqual({ damaged: new Set(), errors: [] });
    expect([...read.keys()]).toEqual(opened.entries.filter((_, i) => i % 2 === 0).map((e) => e.name));
    for (const entry of listing.entries.filter((_, i) => i % 2 === 0)) {
      expect(readEntry(zip, entry)).toEqual({ ok: true, data: read.get(entry.name) });
    }
  });

  it('computes CRC-32 like zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('accepts ordinary relative names', () => {
    expect(unsafeEntryName('mlruns/0/meta.yaml')).toBeNull();
    expect(unsafeEntryName('mlruns/1/r/artifacts/.hidden/x y.png')).toBeNull();
    expect(unsafeEntryName('mlruns/')).toBeNull();
    expect(unsafeEntryName('a/./b')).toMatch(/normalised/);
  });
});

describe('unsafeEntryName on very deep names', () => {
  it('refuses a name nested more than 256 folders deep (such names only cost time) and accepts 256', () => {
    expect(unsafeEntryName(Array.from({ length: 256 }, () => 'a').join('/'))).toBeNull();
    expect(unsafeEntryName(Array.from({ length: 257 }, () => 'a').join('/'))).toMatch(/nested 257 folders deep; at most 256/);
  });
});
