import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../ml/random';
import { DEFAULT_BUNDLE_LIMITS } from './bundle.types';
import { concat, randomContent } from './bundleTestKit';
import { bundleFiles } from './mlrunsWrite';
import { crc32, listZip, readEntry, unsafeEntryName } from './zipRead';
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

describe('zip reading helpers', () => {
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
