import { describe, expect, it } from 'vitest';
import { canonical, concat, randomContent } from '../../test/bundleTestKit';
import { bundleFiles } from './mlrunsWrite';
import { readBundle } from './mlrunsRead';
import { writeZip } from './zipWrite';
import { mlflow2Warnings } from './mlflow2Compatibility';

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

describe('runs that came from MLflow 3.x export as they came', () => {
  it('writes keys with ":" and over 250 characters and values over 2.x limits, reads them back, and names them as 2.x problems', async () => {
    const content = randomContent(5);
    const first = content.runs[0];
    if (!first) throw new Error('seed 5 has no run');
    const longKey = `k${'x'.repeat(200)}/${'y'.repeat(100)}`; // 302 characters, no part over 255 bytes
    first.run.params = { ...first.run.params, 'eval:recall': '0.5', [longKey]: 'long key', emoji: '🚂'.repeat(1000) + 'x'.repeat(5000) };
    first.run.tags = { ...first.run.tags, too_long_tag: 't'.repeat(8001) };
    const files = await bundleFiles(content, OPTIONS);
    const names = files.map((f) => f.path);
    expect(names.some((n) => n.endsWith(`/${first.run.runId}/params/eval:recall`))).toBe(true);
    expect(names.some((n) => n.endsWith(`/params/${longKey}`))).toBe(true);
    const result = await readBundle(concat(await writeZip(files, { mtime: OPTIONS.exportedAt })));
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    expect(result.content).toEqual(canonical(content));
    const problems = mlflow2Warnings(content).map((w) => w.problem);
    expect(problems).toEqual(expect.arrayContaining(['colon-in-key', 'long-key', 'long-value']));
  });

  it('still refuses a key MLflow could not read back (not a normalised path)', async () => {
    const content = randomContent(5);
    const first = content.runs[0];
    if (!first) throw new Error('seed 5 has no run');
    first.run.params = { ...first.run.params, 'a//b': '1' };
    await expect(bundleFiles(content, OPTIONS)).rejects.toThrow(/normalised relative path/);
  });

  it('refuses a key with a part over 255 bytes in UTF-8, which unzip could not extract (it would drop that file)', async () => {
    const content = randomContent(5);
    const first = content.runs[0];
    if (!first) throw new Error('seed 5 has no run');
    first.run.params = { ...first.run.params, [`a/${'学'.repeat(86)}`]: '1' };
    await expect(bundleFiles(content, OPTIONS)).rejects.toThrow(/is 258 bytes in UTF-8.*at most 255/);
  });
});
