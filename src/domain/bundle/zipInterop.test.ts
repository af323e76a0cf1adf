/**
 * The zip reader against zips written by the tools people really use: Python's zipfile (ZIP64 end
 * record past 65,535 entries), Info-ZIP `zip -r` (folders, UTF-8 names without the UTF-8 flag,
 * ZIP64) and fflate's zipSync (past 65,535 entries with no ZIP64 record: the count wraps). The
 * zips are made at test time in a temp folder with /usr/bin/python3 and /usr/bin/zip
 * (`.ci/ensure-deps.mjs --interop` installs them).
 */
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUNDLE_LIMITS, readProgressFraction, type BundleLimits, type ReadProgress } from './bundle.types';
import { readBundle } from './mlrunsRead';
import { listZip, openZip, type ZipEntry, type ZipProgress } from './zipRead';

const PYTHON = '/usr/bin/python3';
const ZIP = '/usr/bin/zip';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Where the 70,000-file tree goes: tmpfs (/dev/shm) when there is one. Creating that many files on
 * the VM's disk took anywhere from 2 to 60 s; in memory it takes ~2 s (and ~300 MB, briefly).
 */
function scratchRoot(): string {
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(scratchRoot(), 'trainyard-zip-interop-'));
});
// Python and rm make and remove the trees: Node's fs, one call per file, is slower.
afterAll(() => {
  if (dir) execFileSync('/bin/rm', ['-rf', dir]);
});

const python = (script: string, ...args: string[]): string => execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });

/** Writes `files` (path → text) under `root`, creating folders. */
function writeTree(root: string, files: ReadonlyMap<string, string>): void {
  const listing = join(dir, 'tree.json');
  writeFileSync(listing, JSON.stringify(Object.fromEntries(files)));
  python(
    `
import json, os, sys
root = sys.argv[1]
for path, text in json.load(open(sys.argv[2], encoding='utf-8')).items():
    full = os.path.join(root, path)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, 'w', encoding='utf-8', newline='') as f:
        f.write(text)
`,
    root,
    listing,
  );
}

/** Zips the folder `root/mlruns` with Python's zipfile (deflate), files only, sorted. */
const PY_ZIP_TREE = `
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for d, dirs, files in os.walk(os.path.join(root, 'mlruns')):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            z.write(p, os.path.relpath(p, root))
`;

function sameBytes(a: Uint8Array | undefined, b: Uint8Array): boolean {
  return a !== undefined && a.length === b.length && Buffer.compare(a, b) === 0;
}

/** The end records of a zip file: the 16-bit count of the classic one, and whether a ZIP64 one is there. */
function endRecords(zip: Uint8Array): { count16: number; zip64: boolean } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = zip.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) === 0x06054b50) {
      return { count16: view.getUint16(at + 10, true), zip64: at >= 20 && view.getUint32(at - 20, true) === 0x07064b50 };
    }
  }
  throw new Error('no end record');
}

/** Every entry's bytes by name, read from `input` through openZip (throws on any problem). */
async function readAllEntries(input: Blob | Uint8Array, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS, onProgress?: (p: ZipProgress) => void) {
  const zip = await openZip(input, limits, { onProgress });
  if (!zip.ok) throw new Error(JSON.stringify(zip.errors));
  const data = new Map<string, Uint8Array>();
  const failures: string[] = [];
  const { errors } = await zip.readAll(zip.entries, (entry, read) => {
    if (read.ok) data.set(entry.name, read.data);
    else failures.push(`${entry.name}: ${read.message}`);
  });
  expect([...zip.errors, ...errors]).toEqual([]);
  expect(failures).toEqual([]);
  return { entries: zip.entries, data };
}

const RUNS = 2000;
const PARAMS = 33;
/** Run ids with a letter: an all-digit one would be a YAML integer in an unquoted meta.yaml. */
const runId = (i: number): string => `f${i.toString(16).padStart(31, '0')}`;

/**
 * An mlruns folder with 2,000 runs of 36 files each (meta.yaml, 33 params, a tag, a metric):
 * 72,002 files, past the 65,535 a classic zip end record can count.
 */
function bigMlruns(): Map<string, string> {
  const files = new Map<string, string>([
    ['mlruns/0/meta.yaml', "experiment_id: '0'\nname: Default\nlifecycle_stage: active\n"],
    ['mlruns/1/meta.yaml', "experiment_id: '1'\nname: sweep\nlifecycle_stage: active\n"],
  ]);
  for (let r = 0; r < RUNS; r++) {
    const id = runId(r + 1);
    const run = `mlruns/1/${id}`;
    files.set(
      `${run}/meta.yaml`,
      `artifact_uri: mlruns/1/${id}/artifacts\nend_time: 5\nexperiment_id: '1'\nlifecycle_stage: active\nrun_id: ${id}\nrun_name: r${r}\nstart_time: ${r}\nstatus: 3\nuser_id: u\n`,
    );
    for (let p = 0; p < PARAMS; p++) files.set(`${run}/params/p${p}`, `${r}.${p}`);
    files.set(`${run}/tags/mlflow.runName`, `r${r}`);
    files.set(`${run}/metrics/loss`, `${1000 + r} ${r / 7} 0\n${1001 + r} ${r / 9} 1\n`);
  }
  return files;
}

/** readBundle found every run of bigMlruns with its params, tag and metric. */
function expectWholeBigMlruns(result: Awaited<ReturnType<typeof readBundle>>): void {
  if (!result.ok) throw new Error(JSON.stringify(result.errors.slice(0, 5)));
  expect(result.content.runs).toHaveLength(RUNS);
  for (const [i, { run, histories }] of result.content.runs.entries()) {
    expect(run.runId).toBe(runId(i + 1));
    expect(Object.keys(run.params)).toHaveLength(PARAMS);
    expect(run.params[`p${PARAMS - 1}`]).toBe(`${i}.${PARAMS - 1}`);
    expect(run.runName).toBe(`r${i}`);
    expect([...(histories.loss?.values ?? [])]).toEqual([i / 7, i / 9]);
  }
}

describe('zips past 65,535 entries', () => {
  const files = bigMlruns();
  let treeRoot = '';
  beforeAll(() => {
    treeRoot = join(dir, 'big');
    writeTree(treeRoot, files);
  }, 60_000);

  it('fflate zipSync (no ZIP64 record, the count wraps): every entry is listed and imported, none dropped', async () => {
    const zippable: Zippable = {};
    for (const [path, text] of files) zippable[path] = [encoder.encode(text), { level: 0 }];
    const zip = zipSync(zippable);
    // The case of the bug: 72,002 entries recorded as 72,002 mod 65,536.
    expect(endRecords(zip)).toEqual({ count16: files.size % 65536, zip64: false });

    const listing = listZip(zip, DEFAULT_BUNDLE_LIMITS);
    if (!listing.ok) throw new Error(JSON.stringify(listing.errors));
    expect(listing.errors).toEqual([]);
    expect(listing.entries.map((e) => e.name)).toEqual([...files.keys()]);

    const fromBlob = await readAllEntries(new Blob([zip]));
    expect(fromBlob.entries.map((e) => e.name)).toEqual([...files.keys()]);
    for (const [path, text] of files) expect(decoder.decode(fromBlob.data.get(path))).toBe(text);

    const progress: ReadProgress[] = [];
    const result = await readBundle(new Blob([zip]), {}, { onProgress: (p) => progress.push(p) });
    expectWholeBigMlruns(result);
    // The zip phase reports bytes from the start; the fraction only grows and ends at 1.
    expect(progress[0]).toMatchObject({ phase: 'zip', bytesDone: expect.any(Number), bytesTotal: zip.length - 22 });
    const zipPhase = progress.filter((p) => p.phase === 'zip');
    expect(zipPhase.length).toBeGreaterThan(1);
    expect(zipPhase.at(-1)).toMatchObject({ bytesDone: zip.length - 22, entriesDone: files.size, entriesTotal: files.size });
    const fractions = progress.map(readProgressFraction);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]).toBeGreaterThanOrEqual(fractions[i - 1] as number);
    expect(fractions.at(-1)).toBe(1);
  }, 60_000);

  it("Python's zipfile (ZIP64 end record): every entry is listed and imported", async () => {
    const path = join(dir, 'python-big.zip');
    python(PY_ZIP_TREE, treeRoot, path);
    const bytes = new Uint8Array(readFileSync(path));
    expect(endRecords(bytes)).toEqual({ count16: 0xffff, zip64: true });
    const listing = listZip(bytes, DEFAULT_BUNDLE_LIMITS);
    if (!listing.ok) throw new Error(JSON.stringify(listing.errors));
    expect(listing.entries).toHaveLength(files.size);
    expectWholeBigMlruns(await readBundle(await openAsBlob(path)));
  }, 60_000);

  it('Info-ZIP zip -r (ZIP64, folder entries): every entry is listed and imported', async () => {
    const path = join(dir, 'infozip-big.zip');
    execFileSync(ZIP, ['-q', '-r', path, 'mlruns'], { cwd: treeRoot });
    const bytes = new Uint8Array(readFileSync(path));
    expect(endRecords(bytes).zip64).toBe(true);
    const { entries } = await readAllEntries(await openAsBlob(path));
    const folders = entries.filter((e) => e.isDirectory).map((e) => e.name);
    // mlruns/, 0/, 1/, and per run: the run, params/, tags/, metrics/.
    expect(folders).toHaveLength(3 + 4 * RUNS);
    expect(new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name))).toEqual(new Set(files.keys()));
    expectWholeBigMlruns(await readBundle(await openAsBlob(path)));
  }, 60_000);
});

describe('small zips from other writers', () => {
  const RUN = runId(7);
  const R = `mlruns/1/${RUN}`;
  const small = new Map<string, string>([
    ['mlruns/0/meta.yaml', "experiment_id: '0'\nname: Default\n"],
    ['mlruns/1/meta.yaml', "experiment_id: '1'\nname: größen\n"],
    [`${R}/meta.yaml`, `artifact_uri: mlruns/1/${RUN}/artifacts\nexperiment_id: '1'\nrun_id: ${RUN}\nrun_name: r\nstart_time: 1\nstatus: 3\nuser_id: u\n`],
    [`${R}/tags/ünïcode`, 'wert ✓'],
    [`${R}/params/größe`, '3'],
    [`${R}/metrics/学习率`, '1 0.5 0\n2 nan 1\n'],
    [`${R}/artifacts/日本/notes.txt`, 'x'.repeat(300)],
  ]);

  it('Info-ZIP zip -r: folders and UTF-8 names (written without the UTF-8 flag) read back exactly', async () => {
    const root = join(dir, 'small-infozip');
    writeTree(root, small);
    mkdirSync(join(root, `${R}/artifacts/empty`));
    const path = join(dir, 'small-infozip.zip');
    execFileSync(ZIP, ['-q', '-r', path, 'mlruns'], { cwd: root, env: { ...process.env, LC_ALL: 'C.UTF-8' } });
    const { entries, data } = await readAllEntries(await openAsBlob(path));
    expect(new Set(entries.filter((e) => !e.isDirectory).map((e) => e.name))).toEqual(new Set(small.keys()));
    expect(entries.filter((e) => e.isDirectory).map((e) => e.name)).toEqual(expect.arrayContaining([`${R}/artifacts/empty/`, `${R}/artifacts/日本/`, `${R}/tags/`]));
    for (const [name, text] of small) expect(decoder.decode(data.get(name))).toBe(text);

    const result = await readBundle(await openAsBlob(path));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const run = result.content.runs[0]!;
    expect(run.run.tags['ünïcode']).toBe('wert ✓');
    expect(run.run.params['größe']).toBe('3');
    expect([...run.histories['学习率']!.values]).toEqual([0.5, NaN]);
    expect(run.artifacts.map((a) => a.path)).toEqual(['日本/notes.txt']);
  });

  it("Python's zipfile without ZIP64: UTF-8 flag, stored and deflated entries, a folder entry", async () => {
    const path = join(dir, 'small-python.zip');
    python(
      `
import json, sys, zipfile
files = json.loads(sys.argv[2])
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr(zipfile.ZipInfo('mlruns/1/${RUN}/artifacts/empty/'), b'')
    for i, (name, text) in enumerate(files.items()):
        z.writestr(name, text.encode('utf-8'), zipfile.ZIP_DEFLATED if i % 2 else zipfile.ZIP_STORED)
`,
      path,
      JSON.stringify(Object.fromEntries(small)),
    );
    const bytes = new Uint8Array(readFileSync(path));
    expect(endRecords(bytes)).toEqual({ count16: small.size + 1, zip64: false });
    const { entries, data } = await readAllEntries(bytes);
    expect(entries.map((e) => e.name)).toEqual([`${R}/artifacts/empty/`, ...small.keys()]);
    expect(new Set(entries.map((e) => e.method))).toEqual(new Set([0, 8]));
    for (const [name, text] of small) expect(decoder.decode(data.get(name))).toBe(text);
    const result = await readBundle(await openAsBlob(path));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.content.runs[0]!.run.tags['ünïcode']).toBe('wert ✓');
  });
});

describe('damaged and inconsistent central directories are refused whole', () => {
  /** A small fflate zip: 3 entries, no ZIP64. */
  const base = (): Uint8Array =>
    zipSync({ 'a.txt': encoder.encode('alpha'), 'b/c.txt': encoder.encode('gamma'), 'd.bin': new Uint8Array(100).fill(3) });

  function eocdAt(zip: Uint8Array): number {
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    for (let at = zip.length - 22; at >= 0; at--) if (view.getUint32(at, true) === 0x06054b50) return at;
    throw new Error('no end record');
  }

  function patched(zip: Uint8Array, patch: (view: DataView, eocd: number) => void): Uint8Array<ArrayBuffer> {
    const out = new Uint8Array(zip);
    patch(new DataView(out.buffer), eocdAt(out));
    return out;
  }

  /** listZip, openZip on a Blob and readBundle all refuse `zip` with one fatal error matching `message`. */
  async function expectRefused(zip: Uint8Array<ArrayBuffer>, message: RegExp): Promise<void> {
    const expected = [{ entry: '', message: expect.stringMatching(message) }];
    expect(listZip(zip, DEFAULT_BUNDLE_LIMITS)).toEqual({ ok: false, errors: expected });
    expect(await openZip(new Blob([zip]), DEFAULT_BUNDLE_LIMITS)).toEqual({ ok: false, errors: expected });
    expect(await readBundle(new Blob([zip]))).toEqual({ ok: false, errors: expected });
  }

  it('an end record whose count disagrees with the directory', async () => {
    await expectRefused(patched(base(), (v, e) => v.setUint16(e + 10, 4, true)), /central directory holds 3 entries, but its end record says 4 \(counting modulo 65,536\)/);
  });

  it('an end record whose directory size disagrees with where the directory ends', async () => {
    await expectRefused(patched(base(), (v, e) => v.setUint32(e + 12, v.getUint32(e + 12, true) - 1, true)), /end record does not match its central directory/);
    await expectRefused(patched(base(), (v, e) => v.setUint32(e + 12, v.getUint32(e + 12, true) + 1, true)), /truncated: its central directory points past the end/);
  });

  it('a directory that starts mid-record (offset and size moved together)', async () => {
    const zip = patched(base(), (v, e) => {
      v.setUint32(e + 12, v.getUint32(e + 12, true) - 10, true);
      v.setUint32(e + 16, v.getUint32(e + 16, true) + 10, true);
    });
    await expectRefused(zip, /central directory is damaged at entry 1/);
  });

  it('a directory with its first record cut out (fflate, past 65,535 entries: the modulo count catches it)', async () => {
    const zippable: Zippable = {};
    for (let i = 0; i < 70_000; i++) zippable[`f/${i}`] = [new Uint8Array([i & 255]), { level: 0 }];
    const zip = zipSync(zippable);
    const view = new DataView(zip.buffer);
    const eocd = eocdAt(zip);
    const offset = view.getUint32(eocd + 16, true);
    const first = 46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
    const cut = new Uint8Array(zip.length - first);
    cut.set(zip.subarray(0, offset));
    cut.set(zip.subarray(offset + first), offset);
    const cutView = new DataView(cut.buffer);
    cutView.setUint32(eocd - first + 12, view.getUint32(eocd + 12, true) - first, true);
    await expectRefused(cut, /holds 69999 entries, but its end record says 4464/);
  });

  it('a count saturated at 0xFFFF with no ZIP64 record (as some writers do, and Python reads in full): every entry is listed', async () => {
    const zippable: Zippable = {};
    for (let i = 0; i < 70_000; i++) zippable[`f/${i}`] = [new Uint8Array([i & 255]), { level: 0 }];
    const zip = zipSync(zippable);
    const view = new DataView(zip.buffer);
    const eocd = eocdAt(zip);
    view.setUint16(eocd + 8, 0xffff, true);
    view.setUint16(eocd + 10, 0xffff, true);
    const listing = listZip(zip, DEFAULT_BUNDLE_LIMITS);
    if (!listing.ok) throw new Error(JSON.stringify(listing.errors));
    expect(listing.entries).toHaveLength(70_000);
  });

  it("a ZIP64 end record whose count disagrees, and one that isn't there", async () => {
    const path = join(dir, 'python-70k.zip');
    python(
      `
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    for i in range(70000): z.writestr('f/%d' % i, b'x')
`,
      path,
    );
    const zip = new Uint8Array(readFileSync(path));
    const eocd = eocdAt(zip);
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const zip64 = Number(view.getBigUint64(eocd - 12, true));
    expect(view.getUint32(zip64, true)).toBe(0x06064b50);
    expect(listZip(zip, DEFAULT_BUNDLE_LIMITS)).toMatchObject({ ok: true, errors: [] });
    await expectRefused(patched(zip, (v) => v.setBigUint64(zip64 + 32, 69_999n, true)), /holds 70000 entries, but its end record says 69999;/);
    await expectRefused(patched(zip, (v, e) => v.setBigUint64(e - 12, BigInt(zip64 + 8), true)), /ZIP64 end record is damaged/);
  }, 30_000);

  it('0xFFFFFFFF offset or size without a ZIP64 record: found from the end record; both: refused', async () => {
    const offsetMarked = patched(base(), (v, e) => v.setUint32(e + 16, 0xffffffff, true));
    expect(listZip(offsetMarked, DEFAULT_BUNDLE_LIMITS)).toMatchObject({ ok: true, entries: [{ name: 'a.txt' }, { name: 'b/c.txt' }, { name: 'd.bin' }] });
    const sizeMarked = patched(base(), (v, e) => v.setUint32(e + 12, 0xffffffff, true));
    expect(listZip(sizeMarked, DEFAULT_BUNDLE_LIMITS)).toMatchObject({ ok: true, entries: [{ name: 'a.txt' }, { name: 'b/c.txt' }, { name: 'd.bin' }] });
    const both = patched(base(), (v, e) => {
      v.setUint32(e + 12, 0xffffffff, true);
      v.setUint32(e + 16, 0xffffffff, true);
    });
    await expectRefused(both, /described by a ZIP64 record, but there is none/);
  });

  it('too many entries, found by walking even when the end record undercounts', async () => {
    const zippable: Zippable = {};
    for (let i = 0; i < 70_000; i++) zippable[`f/${i}`] = [new Uint8Array(0), { level: 0 }];
    const zip = zipSync(zippable); // the end record says 4,464
    const listing = listZip(zip, { ...DEFAULT_BUNDLE_LIMITS, maxEntries: 65_536 });
    expect(listing).toEqual({ ok: false, errors: [{ entry: '', message: 'The zip has more than 65536 entries; the limit is 65536.' }] });
  });
});

describe('reading a Blob by slices', () => {
  it('reads entries larger than the 16 MiB window, never slicing more than the window, each byte about once', async () => {
    const random = new Uint8Array(17 * 1024 * 1024);
    for (let i = 0; i < random.length; i += 65536) crypto.getRandomValues(random.subarray(i, i + 65536));
    // ~11 MiB of numbers as text: deflated (well under the ratio limit), inflated through the streaming path.
    const text = encoder.encode(Array.from({ length: 1_000_000 }, (_, i) => `${i} ${(i * 7919) % 10007}`).join('\n'));
    const zip = zipSync({
      'a.txt': encoder.encode('first'),
      'stored.bin': [random, { level: 0 }],
      'middle.txt': encoder.encode('middle'),
      'deflated.bin': [random.slice().reverse(), { level: 1 }],
      'text.txt': [text, { level: 6 }],
      'z.txt': encoder.encode('last'),
    });
    const slices: number[] = [];
    class CountingBlob extends Blob {
      override slice(start?: number, end?: number, type?: string): Blob {
        slices.push((end ?? this.size) - (start ?? 0));
        return super.slice(start, end, type);
      }
    }
    const progress: ZipProgress[] = [];
    const { data } = await readAllEntries(new CountingBlob([zip]), DEFAULT_BUNDLE_LIMITS, (p) => progress.push(p));
    // (toEqual on megabytes of typed array is slow, and its diff of a mismatch runs out of memory)
    expect(sameBytes(data.get('stored.bin'), random)).toBe(true);
    expect(sameBytes(data.get('deflated.bin'), random.slice().reverse())).toBe(true);
    expect(sameBytes(data.get('text.txt'), text)).toBe(true);
    expect(['a.txt', 'middle.txt', 'z.txt'].map((n) => decoder.decode(data.get(n)))).toEqual(['first', 'middle', 'last']);
    expect(Math.max(...slices)).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(slices.reduce((a, b) => a + b, 0)).toBeLessThan(zip.length * 1.05);
    const done = progress.map((p) => p.bytesDone);
    for (let i = 1; i < done.length; i++) expect(done[i]).toBeGreaterThanOrEqual(done[i - 1] as number);
    expect(progress.at(-1)).toMatchObject({ bytesDone: progress.at(-1)!.bytesTotal, entriesDone: 6, entriesTotal: 6 });
  }, 30_000);

  it('reports damaged local headers and keeps going, as listZip does', async () => {
    const zip = zipSync({ 'a.txt': encoder.encode('alpha'), 'b.txt': encoder.encode('beta') }, { level: 0 });
    const broken = zip.slice();
    broken[0] = 0; // a.txt's local header signature
    const listing = listZip(broken, DEFAULT_BUNDLE_LIMITS);
    expect(listing).toEqual({
      ok: true,
      entries: [expect.objectContaining({ name: 'b.txt' })],
      errors: [{ entry: 'a.txt', message: expect.stringMatching(/local header is missing/) }],
    });
    const opened = await openZip(new Blob([broken]), DEFAULT_BUNDLE_LIMITS);
    if (!opened.ok) throw new Error('expected a listing');
    const seen: string[] = [];
    const result = await opened.readAll(opened.entries, (entry: ZipEntry, read) => seen.push(`${entry.name}:${read.ok ? decoder.decode(read.data) : read.message}`));
    expect(result.errors).toEqual(listing.ok ? listing.errors : []);
    expect([...result.damaged].map((e) => e.name)).toEqual(['a.txt']);
    expect(seen).toEqual(['b.txt:beta']);
  });
});
