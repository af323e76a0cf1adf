import { Zip, ZipPassThrough } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { BundleError, BundleLimits } from './bundle.types';
import { concat, randomContent, zipOf } from '../../test/bundleTestKit';
import { readBundle } from './mlrunsRead';
import { bundleFiles } from './mlrunsWrite';
import { writeZip } from './zipWrite';

const RUN = '0123456789abcdef0123456789abcdef';
const R = `mlruns/1/${RUN}`;
const runMeta = (extra: Record<string, string> = {}): string =>
  Object.entries({
    artifact_uri: `mlruns/1/${RUN}/artifacts`,
    end_time: '5',
    experiment_id: "'1'",
    lifecycle_stage: 'active',
    run_id: RUN,
    run_name: 'r',
    start_time: '1',
    status: '3',
    user_id: 'u',
    ...extra,
  })
    .map(([k, v]) => `${k}: ${v}\n`)
    .join('');

const BASE: Record<string, string | Uint8Array> = {
  'mlruns/0/meta.yaml': "experiment_id: '0'\nname: Default\n",
  'mlruns/1/meta.yaml': "experiment_id: '1'\nname: e\nlifecycle_stage: active\n",
  [`${R}/meta.yaml`]: runMeta(),
  [`${R}/metrics/loss`]: '1 0.5 0\n',
  [`${R}/params/lr`]: '0.1',
};

async function errorsOf(zip: Uint8Array, limits: Partial<BundleLimits> = {}): Promise<BundleError[]> {
  const result = await readBundle(zip, limits);
  if (result.ok) throw new Error('expected the bundle to be rejected');
  return result.errors;
}

const bad = (files: Record<string, string | Uint8Array>, limits?: Partial<BundleLimits>): Promise<BundleError[]> =>
  errorsOf(zipOf({ ...BASE, ...files }), limits);

/** A zip written entry by entry, so names can repeat. */
function rawZip(entries: Array<[string, Uint8Array]>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, data) => {
    if (error) throw error;
    chunks.push(data);
  });
  for (const [name, data] of entries) {
    const file = new ZipPassThrough(name);
    zip.add(file);
    file.push(data, true);
  }
  zip.end();
  return concat(chunks);
}

/** Calls `patch` with the offsets of the central and local headers of entry `name`. */
function patchEntry(zip: Uint8Array, name: string, patch: (view: DataView, central: number, local: number) => void): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const wanted = new TextEncoder().encode(name);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const length = view.getUint16(at + 28, true);
    const found = out.subarray(at + 46, at + 46 + length);
    if (found.length === wanted.length && found.every((b, i) => b === wanted[i])) {
      patch(view, at, view.getUint32(at + 42, true));
      return out;
    }
  }
  throw new Error(`no entry ${name}`);
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('readBundle on hostile input', () => {
  it('accepts the base tree (sanity)', async () => {
    const result = await readBundle(zipOf(BASE));
    expect(result.ok).toBe(true);
  });

  describe('zip bombs', () => {
    it('refuses an entry whose declared size is over the per-entry limit, before inflating', async () => {
      const errors = await bad({ [`${R}/artifacts/big.bin`]: new Uint8Array(5000).fill(7) }, { maxEntryUncompressedBytes: 4096 });
      expect(errors).toEqual([{ entry: `${R}/artifacts/big.bin`, message: expect.stringMatching(/5000 bytes uncompressed; the limit per entry is 4096 bytes/) }]);
    });

    it('refuses a zip whose entries add up to more than the total limit', async () => {
      const errors = await bad({ [`${R}/artifacts/a`]: new Uint8Array(3000), [`${R}/artifacts/b`]: new Uint8Array(3000) }, { maxTotalUncompressedBytes: 5000 });
      expect(errors).toEqual([{ entry: '', message: expect.stringMatching(/add up to more than 5000 bytes uncompressed/) }]);
    });

    it('neither inflates nor counts files the import skips: a dataset beside mlruns/, a 3.x logged model, a zip bomb among them', async () => {
      const big = new Uint8Array(5000).fill(7);
      const beside = Object.fromEntries(Object.entries(BASE).map(([name, data]) => [`proj/${name}`, data]));
      const zip = zipOf({
        ...beside,
        'proj/data/train.bin': big,
        'proj/mlruns/1/models/m-0123/artifacts/model.bin': big,
        'proj/mlruns/1/models/m-0123/meta.yaml': 'model_id: m-0123\n',
        'proj/data/zeros.bin': new Uint8Array(4 * 1024 * 1024),
      });
      const result = await readBundle(new Blob([zip as Uint8Array<ArrayBuffer>]), { maxEntryUncompressedBytes: 4096, maxTotalUncompressedBytes: 4096 });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      expect(result.content.runs.map((r) => r.run.params)).toEqual([{ lr: '0.1' }]);
      expect(result.notes.join(' ')).toMatch(/1 logged model/);
    });

    it('refuses a highly compressed entry (ratio over 200:1 above 1 MiB)', async () => {
      const errors = await bad({ [`${R}/artifacts/zeros.bin`]: new Uint8Array(4 * 1024 * 1024) });
      expect(errors).toEqual([{ entry: `${R}/artifacts/zeros.bin`, message: expect.stringMatching(/expands \d+:1 \(over the 200:1 limit\)/) }]);
    });

    it('stops inflating an entry that lies about its size', async () => {
      const name = `${R}/artifacts/liar.bin`;
      const zip = patchEntry(zipOf({ ...BASE, [name]: new Uint8Array(8 * 1024 * 1024) }), name, (view, central) => {
        view.setUint32(central + 24, 1000, true);
      });
      const errors = await errorsOf(zip);
      expect(errors).toEqual([{ entry: name, message: expect.stringMatching(/inflates to more than its declared 1000 bytes/) }]);
    });

    it('refuses too many entries', async () => {
      expect(await bad({}, { maxEntries: 3 })).toEqual([{ entry: '', message: 'The zip has 5 entries; the limit is 3.' }]);
    });
  });

  it.each([
    ['../evil.txt', /"\.\."/],
    ['mlruns/1/../../evil.txt', /"\.\."/],
    ['/etc/passwd', /absolute path/],
    ['mlruns\\1\\meta.yaml', /backslash/],
    ['C:/Windows/evil.dll', /drive letter/],
    ['mlruns//1/x', /not a normalised path/],
  ])('refuses the unsafe entry name %s', async (name, message) => {
    expect(await bad({ [name]: 'x' })).toEqual([{ entry: name, message: expect.stringMatching(message) }]);
  });

  it('refuses duplicate entries', async () => {
    const entries = Object.entries(BASE).map(([k, v]): [string, Uint8Array] => [k, typeof v === 'string' ? encode(v) : v]);
    const errors = await errorsOf(rawZip([...entries, [`${R}/params/lr`, encode('0.2')]]));
    expect(errors).toEqual([{ entry: `${R}/params/lr`, message: 'The zip holds this entry more than once.' }]);
  });

  it('refuses an entry that is both a file and a folder', async () => {
    expect(await bad({ [`${R}/params/lr/x`]: '1' })).toEqual([{ entry: `${R}/params/lr`, message: expect.stringMatching(/needs it to be a folder/) }]);
  });

  it('refuses a run directory without meta.yaml', async () => {
    const other = 'fedcba9876543210fedcba9876543210';
    expect(await bad({ [`mlruns/1/${other}/metrics/loss`]: '1 1 1\n' })).toEqual([{ entry: `mlruns/1/${other}/`, message: 'This run folder has no meta.yaml.' }]);
  });

  it('reports malformed YAML with its line', async () => {
    const errors = await bad({ [`${R}/meta.yaml`]: 'run_id: x\nstart_time: [1, 2\nstatus: 3\n' });
    expect(errors[0]).toMatchObject({ entry: `${R}/meta.yaml`, line: 3, message: expect.stringMatching(/^Malformed YAML/) });
  });

  it.each([
    ['1 0.5 0\n\n2 0.6 1\n', 2, /Blank line/],
    ['1 0.5 0 extra\n', 1, /found 4/],
    ['1  0.5 0\n', 1, /exactly one space/],
    ['1 0.5 0\nabc 1 1\n', 2, /Timestamp "abc"/],
    ['1 0.5 0\n2 1 1\n3 x 2\n', 3, /Value "x" is not a number/],
    ['1 0.5 1.5\n', 1, /Step "1.5" is not an integer/],
    ['-5 0.5 1\n', 1, /non-negative/],
    ['', 1, /empty/],
  ])('reports the bad metric line in %j', async (text, line, message) => {
    expect(await bad({ [`${R}/metrics/loss`]: text })).toEqual([{ entry: `${R}/metrics/loss`, line, message: expect.stringMatching(message) }]);
  });

  it('accepts nan, inf and -inf in any spelling and case as metric values', async () => {
    const result = await readBundle(zipOf({ ...BASE, [`${R}/metrics/loss`]: '1 NaN 0\n2 nan 1\n3 NAN 2\n4 inf 3\n5 INF 4\n6 -Inf 5\n7 +inf 6\n8 Infinity 7\n9 -infinity 8\n10 1E3 9\n' }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect([...result.content.runs[0]!.histories.loss!.values]).toEqual([NaN, NaN, NaN, Infinity, Infinity, -Infinity, Infinity, Infinity, -Infinity, 1000]);
  });

  it('refuses invalid UTF-8 in files and in entry names', async () => {
    expect(await bad({ [`${R}/params/lr`]: new Uint8Array([0x41, 0xff, 0xfe]) })).toEqual([{ entry: `${R}/params/lr`, message: 'The file is not valid UTF-8 text.' }]);
    const name = `${R}/params/né`;
    const zip = patchEntry(zipOf({ ...BASE, [name]: '1' }), name, (view, central) => {
      view.setUint8(central + 46 + encode(name).length - 2, 0xff); // 'é' is two bytes; break the first one
    });
    const errors = await errorsOf(zip);
    expect(errors).toEqual([{ entry: `${R}/params/n\ufffd\ufffd`, message: 'The entry name is not valid UTF-8.' }]);
  });

  it('refuses keys MLflow forbids', async () => {
    const errors = await bad({ [`${R}/params/bad|key`]: '1', [`${R}/tags/what?`]: 'x', [`${R}/metrics/a*b`]: '1 1 1\n', 'mlruns/1/tags/x=y': 'v' });
    expect(errors.map((e) => e.entry).sort()).toEqual([`${R}/metrics/a*b`, `${R}/params/bad|key`, `${R}/tags/what?`, 'mlruns/1/tags/x=y']);
    for (const error of errors) expect(error.message).toMatch(/only letters, digits, underscores, '\/', '\.', '-', ':' and spaces/);
  });

  it("refuses keys that are not normalised paths, and the store's reserved __proto__, naming the entry", async () => {
    const errors = await bad({ [`${R}/params/..x`]: '1', [`${R}/tags/__proto__`]: 'x', [`${R}/metrics/a/__proto__`]: '1 1 1\n', 'mlruns/1/tags/..': 'v' });
    expect(errors).toEqual(
      expect.arrayContaining([
        { entry: `${R}/params/..x`, message: 'Invalid param key "..x": it must be a normalised relative path (no leading or trailing \'/\', no \'//\', \'.\', \'..\').' },
        { entry: `${R}/tags/__proto__`, message: 'Invalid tag key "__proto__": "__proto__" is reserved in Trainyard\'s browser store.' },
        { entry: `${R}/metrics/a/__proto__`, message: 'Invalid metric key "a/__proto__": "__proto__" is reserved in Trainyard\'s browser store.' },
      ]),
    );
    expect(errors.every((e) => e.entry !== '')).toBe(true);
  });

  it("accepts the keys MLflow 3's FileStore reads: ':' and any Unicode letters or digits, at any length", async () => {
    const long = `k${'/k'.repeat(200)}`; // 401 characters: MLflow checks key lengths only when logging
    const result = await readBundle(
      zipOf({ ...BASE, [`${R}/metrics/eval:recall`]: '1 0.5 0\n', [`${R}/params/größe/学习率 ²`]: 'x', [`${R}/tags/${long}`]: 'y', 'mlruns/1/tags/team:owner': 'z' }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [{ run, histories }] = result.content.runs as [(typeof result.content.runs)[number]];
    expect(Object.keys(histories).sort()).toEqual(['eval:recall', 'loss']);
    expect(run.params).toEqual({ lr: '0.1', 'größe/学习率 ²': 'x' });
    expect(run.tags[long]).toBe('y');
    expect(result.content.experiments.find((e) => e.experimentId === '1')?.tags).toEqual({ 'team:owner': 'z' });
  });

  it("accepts values longer than MLflow's write limits, as its FileStore reads them whole", async () => {
    const emoji = `${'🚂'.repeat(1000)}${'x'.repeat(5000)}`; // 6,000 code points, 7,000 UTF-16 units
    const result = await readBundle(
      zipOf({
        ...BASE,
        [`${R}/params/emoji`]: emoji,
        [`${R}/params/long`]: 'x'.repeat(6001),
        [`${R}/tags/long`]: 'x'.repeat(8001),
        'mlruns/1/tags/long': 'x'.repeat(5001),
        'mlruns/2/meta.yaml': `experiment_id: '2'\nname: ${'n'.repeat(501)}\n`,
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { run } = result.content.runs[0]!;
    expect([run.params.emoji, run.params.long?.length, run.tags.long?.length]).toEqual([emoji, 6001, 8001]);
    expect(result.content.experiments.map((e) => [e.experimentId, e.name.length, e.tags.long?.length])).toEqual([
      ['0', 7, undefined],
      ['1', 1, 5001],
      ['2', 501, undefined],
    ]);
  });

  it('reports what Trainyard does not model by kind and count, never as an error, even when its files are malformed', async () => {
    const result = await readBundle(
      zipOf({
        ...BASE,
        'mlruns/1/models/m-0123/meta.yaml': 'name: [broken\n',
        'mlruns/1/models/m-0123/artifacts/MLmodel': 'flavors: {}\n',
        'mlruns/1/models/m-4567/meta.yaml': 'name: other\n',
        'mlruns/1/datasets/abc/meta.yaml': 'name: d\n',
        'mlruns/1/traces/tr-1/request_metadata/x': 'y',
        'mlruns/1/traces/tr-2/tags/z': 'y',
        [`${R}/inputs/i1/meta.yaml`]: 'source_type: DATASET\nsource_id: abc\n',
        [`${R}/inputs/i2/meta.yaml`]: 'source_type: MODEL\nsource_id: m-4567\n',
        [`${R}/inputs/i3/meta.yaml`]: 'source_type: [\n',
        [`${R}/outputs/m-0123/meta.yaml`]: 'step: 0\n',
      }),
    );
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const text = result.notes.join('\n');
    expect(text).toMatch(/^2 logged models \(MLflow 3 `<experiment>\/models\/m-…`\) were not imported/m);
    expect(text).toMatch(/^1 dataset record \(`<experiment>\/datasets\/`\) was not imported/m);
    expect(text).toMatch(/^1 dataset input, 1 model input and 1 other input of runs \(`<run>\/inputs\/`\) were not imported/m);
    expect(text).toMatch(/^1 run output \(logged models a run produced, `<run>\/outputs\/`\) was not imported/m);
    expect(text).toMatch(/^2 traces \(MLflow 3 `<experiment>\/traces\/`\) were not imported/m);
    expect(result.content.runs[0]?.artifacts).toEqual([]);
  });

  it('refuses an experiment without a name (MLflow never writes one)', async () => {
    expect(await bad({ 'mlruns/2/meta.yaml': "experiment_id: '2'\nname: ''\n" })).toEqual([{ entry: 'mlruns/2/meta.yaml', line: 2, message: 'Invalid experiment name: it is empty.' }]);
  });

  it('refuses wrong types in meta.yaml, naming the field and line', async () => {
    const errors = await bad({
      [`${R}/meta.yaml`]: runMeta({ start_time: 'abc', status: 'FINISHED', end_time: "'12'", lifecycle_stage: 'gone' }),
      'mlruns/1/meta.yaml': "experiment_id: '1'\nname: 123\n",
    });
    const at = (entry: string, line: number) => errors.find((e) => e.entry === entry && e.line === line)?.message;
    expect(at(`${R}/meta.yaml`, 7)).toBe('start_time: expected an integer, got "abc".');
    expect(at(`${R}/meta.yaml`, 8)).toMatch(/^status: expected a status code 1–5/);
    expect(at(`${R}/meta.yaml`, 2)).toBe('end_time: expected an integer, got "12".');
    expect(at(`${R}/meta.yaml`, 4)).toBe('lifecycle_stage: expected "active" or "deleted", got "gone".');
    expect(at('mlruns/1/meta.yaml', 2)).toBe('name: expected text, got 123.');
  });

  it('refuses ids that do not match their folders, duplicate names and parent cycles', async () => {
    const other = 'fedcba9876543210fedcba9876543210';
    const errors = await bad({
      [`${R}/meta.yaml`]: runMeta({ experiment_id: "'7'" }),
      'mlruns/2/meta.yaml': "experiment_id: '3'\nname: e\n",
      [`mlruns/1/${other}/meta.yaml`]: runMeta({ run_id: other }),
      [`mlruns/1/${other}/tags/mlflow.parentRunId`]: other,
    });
    const messages = errors.map((e) => `${e.entry}: ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        `${R}/meta.yaml: experiment_id "7" does not match the experiment folder "1".`,
        'mlruns/2/meta.yaml: experiment_id "3" does not match its folder "2".',
        `mlruns/1/${other}/tags/mlflow.parentRunId: Run ${other} is its own ancestor (parent links form a cycle).`,
      ]),
    );
  });

  it('refuses a truncated zip and a file that is not a zip', async () => {
    const zip = zipOf(BASE);
    for (const cut of [zip.slice(0, zip.length >> 1), zip.slice(0, zip.length - 5), encode('not a zip at all')]) {
      expect(await errorsOf(cut)).toEqual([{ entry: '', message: expect.stringMatching(/not a complete zip file.*truncated/) }]);
    }
  });

  it('refuses damaged data (CRC) and unsupported compression', async () => {
    const crc = patchEntry(zipOf(BASE, 0), `${R}/params/lr`, (view, _central, local) => {
      view.setUint8(local + 30 + `${R}/params/lr`.length, 0x39); // "0.1" → "9.1"
    });
    expect(await errorsOf(crc)).toEqual([{ entry: `${R}/params/lr`, message: expect.stringMatching(/CRC-32/) }]);
    const method = patchEntry(zipOf(BASE), `${R}/params/lr`, (view, central) => view.setUint16(central + 10, 12, true));
    expect(await errorsOf(method)).toEqual([{ entry: `${R}/params/lr`, message: expect.stringMatching(/compression method 12/) }]);
  });

  it('a damaged record the import does not keep (a run input\'s meta.yaml) fails nothing: it is counted as an other input', async () => {
    const input = `${R}/inputs/0f1e/meta.yaml`;
    const damaged = patchEntry(zipOf({ ...BASE, [input]: 'source_type: DATASET\n' }, 0), input, (view, _central, local) => {
      view.setUint8(local + 30 + input.length, 0x78); // "s" → "x": the CRC-32 no longer matches
    });
    const result = await readBundle(damaged);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.notes.join(' ')).toMatch(/1 other input of runs/);
  });

  it('refuses experiment and run folders MLflow would not read', async () => {
    const errors = await bad({
      [`mlruns/5/${RUN}/meta.yaml`]: runMeta({ experiment_id: "'5'" }),
      'mlruns/abc/meta.yaml': "experiment_id: abc\nname: letters\n",
      'mlruns/1/not-a-run!/meta.yaml': runMeta(),
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        { entry: 'mlruns/5/', message: 'This experiment folder has runs but no meta.yaml.' },
        { entry: 'mlruns/abc/', message: expect.stringMatching(/not an all-digit experiment id/) },
        { entry: 'mlruns/1/not-a-run!/', message: 'Run folder "not-a-run!" is not a valid MLflow run id.' },
      ]),
    );
  });

  it('caps a flood of errors (70,000 unsafe names) without failing', async () => {
    const files = Array.from({ length: 70_000 }, (_, i) => ({ path: `../evil/${i}`, bytes: new Uint8Array(0) }));
    const zip = concat(await writeZip([...Object.entries(BASE).map(([path, v]) => ({ path, bytes: typeof v === 'string' ? encode(v) : v })), ...files], { level: 0 }));
    const errors = await errorsOf(zip);
    expect(errors).toHaveLength(1001);
    expect(errors[1000]).toEqual({ entry: '', message: '…and 69000 more errors.' });
  });

  it('returns every error at once, up to maxErrors', async () => {
    const files = { [`${R}/params/a|b`]: '1', [`${R}/params/c|d`]: '1', [`${R}/params/e|f`]: '1', [`${R}/metrics/x`]: '' };
    expect(await bad(files)).toHaveLength(4);
    const capped = await bad(files, { maxErrors: 2 });
    expect(capped).toHaveLength(3);
    expect(capped[2]).toEqual({ entry: '', message: '…and 2 more errors.' });
  });
});

describe('readBundle checks the manifest', () => {
  async function exported(): Promise<Array<{ path: string; bytes: Uint8Array }>> {
    return bundleFiles(randomContent(5), { appVersion: '1.0.0', exportedAt: 0 });
  }
  const zipFiles = async (files: Array<{ path: string; bytes: Uint8Array }>): Promise<Uint8Array> => concat(await writeZip(files));

  it('refuses an unknown manifest format version', async () => {
    const files = await exported();
    const manifest = JSON.parse(new TextDecoder().decode(files[0]!.bytes));
    files[0] = { path: files[0]!.path, bytes: encode(JSON.stringify({ ...manifest, formatVersion: 2 })) };
    expect(await errorsOf(await zipFiles(files))).toEqual([
      { entry: 'trainyard-manifest.json', message: expect.stringMatching(/^Unknown manifest format version 2: this version of Trainyard reads version 1/) },
    ]);
  });

  it('refuses a file whose sha256 does not match, a file added and a file missing', async () => {
    const files = await exported();
    const victim = files.findIndex((f) => f.path.endsWith('/meta.yaml') && f.path.split('/').length === 4);
    const changed = files[victim]!.bytes.slice();
    changed[changed.length - 2] = (changed[changed.length - 2] as number) ^ 1;
    const removed = files.findIndex((f, i) => i !== victim && /\/meta\.yaml$/.test(f.path) && f.path.split('/').length === 3);
    const tampered = files.map((f, i) => (i === victim ? { path: f.path, bytes: changed } : f)).filter((_, i) => i !== removed);
    tampered.push({ path: 'mlruns/notes.txt', bytes: encode('added') });
    const errors = await errorsOf(await zipFiles(tampered));
    expect(errors).toEqual(
      expect.arrayContaining([
        { entry: files[victim]!.path, message: expect.stringMatching(/sha256 .* does not match the manifest/) },
        { entry: files[removed]!.path, message: 'The manifest lists this file, but the zip does not hold it.' },
        { entry: 'mlruns/notes.txt', message: 'The file is not listed in the manifest: it was added after export.' },
      ]),
    );
  });

  it('accepts a bundle re-zipped one folder down', async () => {
    const files = (await exported()).map((f) => ({ path: `bundle/${f.path}`, bytes: f.bytes }));
    const result = await readBundle(await zipFiles(files));
    expect(result.ok).toBe(true);
  });
});

describe('readBundle on a hostile model registry (mlruns/models/)', () => {
  const M = 'mlruns/models/iris';
  const modelMeta = 'creation_timestamp: 1\nlast_updated_timestamp: 2\nname: iris\ndescription: null\n';
  const versionMeta = (extra: Record<string, string> = {}): string =>
    Object.entries({ creation_timestamp: '1', current_stage: 'None', name: 'iris', run_id: RUN, source: `runs:/${RUN}/model`, status: 'READY', version: '1', ...extra })
      .map(([k, v]) => `${k}: ${v}\n`)
      .join('');
  const REGISTRY = { [`${M}/meta.yaml`]: modelMeta, [`${M}/version-1/meta.yaml`]: versionMeta(), [`${M}/aliases/champion`]: '1' };

  it('accepts a well-formed registry (sanity)', async () => {
    const result = await readBundle(zipOf({ ...BASE, ...REGISTRY }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.content.registeredModels?.[0]).toMatchObject({ name: 'iris', aliases: [{ alias: 'champion', version: 1 }] });
  });

  it.each([
    ['malformed YAML in a model meta.yaml', { [`${M}/meta.yaml`]: 'name: [iris\n' }, `${M}/meta.yaml`, /Malformed YAML/],
    ['malformed YAML in a version meta.yaml', { [`${M}/version-1/meta.yaml`]: 'version: 1\n  bad: indent\n' }, `${M}/version-1/meta.yaml`, /Malformed YAML/],
    ['an alias with a space', { [`${M}/aliases/my alias`]: '1' }, `${M}/aliases/my alias`, /only contain letters, digits/],
    ['the reserved alias latest', { [`${M}/aliases/latest`]: '1' }, `${M}/aliases/latest`, /'latest' \(any case\) is reserved/],
    ['an alias pointing nowhere', { [`${M}/aliases/champion`]: '7' }, `${M}/aliases/champion`, /points to version 7, which registered model "iris" does not have/],
    ['an alias pointing at a deleted version', { [`${M}/version-1/meta.yaml`]: versionMeta({ current_stage: 'Deleted_Internal' }) }, `${M}/aliases/champion`, /points to version 1, which is deleted/],
    ['an alias file that is not a number', { [`${M}/aliases/champion`]: 'one' }, `${M}/aliases/champion`, /holds the version number it points to/],
    ['a version folder that disagrees with its meta.yaml', { [`${M}/version-1/meta.yaml`]: versionMeta({ version: '2' }) }, `${M}/version-1/meta.yaml`, /version 2 does not match its folder "version-1"/],
    ['a version of another model', { [`${M}/version-1/meta.yaml`]: versionMeta({ name: 'wine' }) }, `${M}/version-1/meta.yaml`, /name "wine" does not match/],
    ['an unknown stage', { [`${M}/version-1/meta.yaml`]: versionMeta({ current_stage: 'Live' }) }, `${M}/version-1/meta.yaml`, /current_stage: .*one of None, Staging, Production, Archived/],
    ['a bad run_id', { [`${M}/version-1/meta.yaml`]: versionMeta({ run_id: "'../../etc'" }) }, `${M}/version-1/meta.yaml`, /run_id "..\/..\/etc" is not a valid run id/],
    ['a source from another run', { [`${M}/version-1/meta.yaml`]: versionMeta({ source: `runs:/${'f'.repeat(32)}/model` }) }, `${M}/version-1/meta.yaml`, /is not from run_id/],
    ['a version without a source', { [`${M}/version-1/meta.yaml`]: versionMeta({ source: 'null' }) }, `${M}/version-1/meta.yaml`, /source: is missing/],
    ['a model name MLflow refuses', { 'mlruns/models/100%/meta.yaml': 'name: 100%\n' }, 'mlruns/models/100%/', /may not contain/],
    ['a model meta.yaml naming another model', { [`${M}/meta.yaml`]: 'name: wine\n' }, `${M}/meta.yaml`, /name "wine" does not match its folder "iris"/],
    ['a model folder without meta.yaml', { 'mlruns/models/ghost/version-1/meta.yaml': versionMeta({ name: 'ghost' }) }, 'mlruns/models/ghost/', /registered model folder has no meta.yaml/],
    ['a version folder without meta.yaml', { [`${M}/version-2/tags/a`]: 'x' }, `${M}/version-2/`, /model version folder has no meta.yaml/],
    ['a bad tag key', { [`${M}/tags/a?b`]: 'x' }, `${M}/tags/a?b`, /Invalid tag key "a\?b"/],
    ['a version tag key with __proto__', { [`${M}/version-1/tags/__proto__`]: 'x' }, `${M}/version-1/tags/__proto__`, /"__proto__" is reserved/],
  ])('refuses %s, naming the file', async (_what, files, entry, message) => {
    const errors = await bad({ ...REGISTRY, ...files });
    expect(errors).toEqual(expect.arrayContaining([{ entry, ...(errors.find((e) => e.entry === entry)?.line !== undefined ? { line: expect.any(Number) } : {}), message: expect.stringMatching(message) }]));
  });

  it("accepts registry tags MLflow 3 reads: ':' in keys, values of any length", async () => {
    const result = await readBundle(zipOf({ ...BASE, ...REGISTRY, [`${M}/tags/team:owner`]: 'z', [`${M}/version-1/tags/big`]: 'x'.repeat(100_001) }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [model] = result.content.registeredModels ?? [];
    expect(model?.tags).toEqual({ 'team:owner': 'z' });
    expect(model?.versions[0]?.tags.big).toHaveLength(100_001);
  });

  it('keeps a version whose run is not in the bundle, with a note', async () => {
    const other = 'a'.repeat(32);
    const result = await readBundle(zipOf({ ...BASE, ...REGISTRY, [`${M}/version-2/meta.yaml`]: versionMeta({ version: '2', run_id: other, source: `runs:/${other}/model` }) }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.content.registeredModels?.[0]?.versions.map((v) => v.runId)).toEqual([RUN, other]);
    expect(result.notes.join('\n')).toMatch(/runs that are not in the bundle \(imported with their run link.*iris version 2/);
  });

  it('refuses a manifest whose registry counts do not match', async () => {
    const content = randomContent(5);
    content.registeredModels = [];
    const files = await bundleFiles(content, { appVersion: 't', exportedAt: 0 });
    const added = [...files, { path: `${M}/meta.yaml`, bytes: encode(modelMeta) }];
    const errors = await errorsOf(zipOf(Object.fromEntries(added.map((f) => [f.path, f.bytes]))));
    expect(errors).toEqual(expect.arrayContaining([{ entry: 'trainyard-manifest.json', message: 'The manifest counts 0 registeredModels, but the bundle holds 1.' }]));
  });
});
