import { describe, expect, it } from 'vitest';
import { canonical, concat, randomContent } from './bundleTestKit';
import { bundleFiles } from './mlrunsWrite';
import { readBundle } from './mlrunsRead';
import { writeZip } from './zipWrite';

const OPTIONS = { appVersion: '0.1.0-test', exportedAt: Date.UTC(2024, 0, 2, 3, 4, 5) };

describe('bundle round trip (write → zip → read)', () => {
  for (let seed = 1; seed <= 40; seed++) {
    it(`seed ${seed}: reads back exactly what was written`, async () => {
      const content = randomContent(seed);
      const files = await bundleFiles(content, OPTIONS);
      const zip = concat(await writeZip(files, { mtime: OPTIONS.exportedAt }));
      const result = await readBundle(zip);
      if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
      expect(result.content).toEqual(canonical(content));
      expect(result.manifest?.counts.runs).toBe(content.runs.length);
      expect(result.notes).toEqual([]);
    });
  }

  it('is deterministic: the same content gives the same files and zip bytes', async () => {
    const a = await bundleFiles(randomContent(7), OPTIONS);
    const b = await bundleFiles(randomContent(7), OPTIONS);
    expect(a).toEqual(b);
    expect(concat(await writeZip(a, { mtime: OPTIONS.exportedAt }))).toEqual(concat(await writeZip(b, { mtime: OPTIONS.exportedAt })));
  });

  it('stores already-compressed artifacts and reports progress', async () => {
    const content = randomContent(3);
    const files = await bundleFiles(content, OPTIONS);
    const seen: number[] = [];
    await writeZip(files, { onProgress: (p) => seen.push(p.filesDone) });
    expect(seen.at(-1)).toBe(files.length);
  });
});
