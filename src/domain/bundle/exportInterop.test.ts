/**
 * An exported bundle opened with the tools people use on it: Info-ZIP `unzip` (Debian's 6.0) and
 * Python's zipfile + PyYAML (what MLflow's FileStore reads meta.yaml with). Every name (non-ASCII
 * ones included), every meta.yaml field, every metric point and every tag and param file must come
 * back exactly as logged. `.ci/ensure-deps.mjs --interop` installs unzip and python3-yaml.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentId, RunId } from '../ids';
import { updateSummary } from '../tracking/metricSummary';
import type { BundleContent, BundleFile, BundleHistory } from './bundle.types';
import { concat } from '../../test/bundleTestKit';
import { bundleFiles } from './mlrunsWrite';
import { writeZip } from './zipWrite';

const EXP = '7';
const RUN = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const DELETED = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
const T0 = 1_700_000_000_000;

function columns(points: Array<[step: number, value: number, timestamp: number]>): BundleHistory {
  return {
    steps: Float64Array.from(points, (p) => p[0]),
    values: Float64Array.from(points, (p) => p[1]),
    timestamps: Float64Array.from(points, (p) => p[2]),
  };
}

const HISTORIES: Record<string, BundleHistory> = {
  学习率: columns([
    [0, 0.1, T0 + 1],
    [1, NaN, T0 + 2],
    [2, Infinity, T0 + 3],
    [3, -Infinity, T0 + 4],
    [4, 1e-7, T0 + 5],
    [5, -0, T0 + 6],
    [6, 0.30000000000000004, T0 + 7],
  ]),
  'train/loss': columns([
    [-1, 2.5, T0 + 10],
    [0, 1.25, T0 + 11],
    [0, 1.2, T0 + 11],
    [1, 1 / 3, T0 + 12],
    [2, 1e20, T0 + 13],
    [3, -5e-324, T0 + 14],
  ]),
};

const PARAMS = { größe: '3', lr: '0.001', 'ends with newline': 'value\n', 'multi line': 'a\nb\n\nc' };
const TAGS = {
  ünïcode: 'wert ✓',
  'mlflow.runName': 'lauf-ü',
  'mlflow.note.content': '# Notes\n\nFirst line,\nsecond line.\n',
  trailing: 'ends with a newline\n',
};
const WEIGHTS = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 251);

function content(): BundleContent {
  return {
    experiments: [
      {
        experimentId: EXP as ExperimentId,
        name: 'größe & 学习',
        artifactLocation: `mlruns/${EXP}`,
        lifecycleStage: 'active',
        creationTime: T0,
        lastUpdateTime: T0 + 500,
        tags: { ünïcode: 'experiment ✓', 'mlflow.note.content': 'two\nlines' },
      },
    ],
    runs: [
      {
        run: {
          runId: RUN as RunId,
          experimentId: EXP as ExperimentId,
          runName: 'lauf-ü',
          status: 'FINISHED',
          startTime: T0,
          endTime: T0 + 60_000,
          lifecycleStage: 'active',
          deletedTime: null,
          userId: 'jürgen',
          artifactUri: `mlruns/${EXP}/${RUN}/artifacts`,
          parentRunId: null,
          params: PARAMS,
          tags: TAGS,
          metrics: Object.fromEntries(Object.entries(HISTORIES).map(([key, h]) => [key, updateSummary(undefined, h, key)])),
        },
        histories: HISTORIES,
        artifacts: [
          { path: 'plots/größe.txt', bytes: new TextEncoder().encode('ü\n') },
          { path: 'model/weights.bin', bytes: WEIGHTS },
        ],
      },
      {
        run: {
          runId: DELETED as RunId,
          experimentId: EXP as ExperimentId,
          runName: '',
          status: 'FAILED',
          startTime: T0 + 1,
          endTime: null,
          lifecycleStage: 'deleted',
          deletedTime: T0 + 99,
          userId: 'u',
          artifactUri: `mlruns/${EXP}/${DELETED}/artifacts`,
          parentRunId: null,
          params: {},
          tags: {},
          metrics: {},
        },
        histories: {},
        artifacts: [],
      },
    ],
    registeredModels: [],
  };
}

/** Reads the zip like MLflow's FileStore would, and reports everything as JSON. */
const PYTHON_READER = String.raw`
import base64, json, re, struct, sys, zipfile, yaml

out = {'entries': [], 'files': {}, 'yaml': {}, 'metrics': {}}
with zipfile.ZipFile(sys.argv[1]) as z:
    for info in z.infolist():
        name = info.filename
        out['entries'].append({
            'name': name,
            'utf8': bool(info.flag_bits & 0x800),
            'system': info.create_system,
            'mode': info.external_attr >> 16,
            'dir': info.is_dir(),
        })
        if info.is_dir():
            continue
        data = z.read(info)  # checks the CRC
        out['files'][name] = base64.b64encode(data).decode('ascii')
        if name.endswith('/meta.yaml'):
            doc = yaml.safe_load(data)
            out['yaml'][name] = {k: [type(v).__name__, v] for k, v in doc.items()}
        elif re.match(r'mlruns/\d+/[0-9a-f]{32}/metrics/', name):
            points = []
            for line in data.decode('utf-8').splitlines():
                ts, value, step = line.strip().split(' ')  # FileStore._get_metric_from_line
                points.append([int(ts), struct.pack('<d', float(value)).hex(), int(step)])
            out['metrics'][name] = points
print(json.dumps(out))
`;

interface PythonView {
  entries: Array<{ name: string; utf8: boolean; system: number; mode: number; dir: boolean }>;
  files: Record<string, string>;
  yaml: Record<string, Record<string, [type: string, value: unknown]>>;
  metrics: Record<string, Array<[timestamp: number, valueHex: string, step: number]>>;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Every path under `root` (folders with a trailing '/'), names read as raw bytes and decoded strictly. */
function walk(root: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const raw of readdirSync(join(root, prefix), { encoding: 'buffer' })) {
    const name = strictUtf8.decode(raw); // a mangled name (e.g. "++n+\273code") is not UTF-8 and throws
    const path = prefix + name;
    if (statSync(join(root, path)).isDirectory()) out.push(`${path}/`, ...walk(root, `${path}/`));
    else out.push(path);
  }
  return out;
}

const float64 = (hex: string): number => new DataView(Uint8Array.from(Buffer.from(hex, 'hex')).buffer).getFloat64(0, true);
const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && Buffer.compare(a, b) === 0;

describe('an exported bundle, opened by Info-ZIP unzip and Python (zipfile + PyYAML)', () => {
  let dir = '';
  let zipPath = '';
  let files: BundleFile[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'trainyard-export-interop-'));
    files = await bundleFiles(content(), { appVersion: 't', exportedAt: T0 });
    zipPath = join(dir, 'bundle.zip');
    writeFileSync(zipPath, concat(await writeZip(files, { mtime: T0 })));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('has the non-ASCII names this test is about', () => {
    const paths = files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        `mlruns/${EXP}/tags/ünïcode`,
        `mlruns/${EXP}/${RUN}/tags/ünïcode`,
        `mlruns/${EXP}/${RUN}/params/größe`,
        `mlruns/${EXP}/${RUN}/metrics/学习率`,
        `mlruns/${EXP}/${RUN}/metrics/train/loss`,
        `mlruns/${EXP}/${RUN}/artifacts/plots/größe.txt`,
        `mlruns/${EXP}/${DELETED}/params/`,
      ]),
    );
  });

  it('unzip -q extracts every file with its exact UTF-8 name and bytes, and every folder', () => {
    const out = join(dir, 'unzipped');
    execFileSync('/usr/bin/unzip', ['-q', zipPath, '-d', out]);
    const found = new Set(walk(out));
    for (const file of files) {
      expect(found.has(file.path), file.path).toBe(true);
      if (!file.path.endsWith('/')) expect(same(readFileSync(join(out, file.path)), file.bytes), file.path).toBe(true);
    }
    // Nothing else: no file under a mangled name, no stray file.
    const written = new Set(files.map((f) => f.path));
    expect([...found].filter((p) => !p.endsWith('/') && !written.has(p))).toEqual([]);
    const tagNames = readdirSync(join(out, `mlruns/${EXP}/${RUN}/tags`), { encoding: 'buffer' }).map((b) => b.toString('hex'));
    expect(tagNames).toContain(Buffer.from('ünïcode').toString('hex'));
  });

  describe('Python zipfile + yaml.safe_load', () => {
    let view: PythonView;
    beforeAll(() => {
      const script = join(dir, 'read_bundle.py');
      writeFileSync(script, PYTHON_READER);
      view = JSON.parse(execFileSync('/usr/bin/python3', [script, zipPath], { encoding: 'utf8', maxBuffer: 1 << 26 })) as PythonView;
    });

    it('reads every name exactly (UTF-8 flag on non-ASCII names), made on Unix with 0644 files and 0755 folders', () => {
      expect(view.entries.map((e) => e.name)).toEqual(files.map((f) => f.path));
      for (const entry of view.entries) {
        expect(entry, entry.name).toEqual({
          name: entry.name,
          utf8: /[^\x20-\x7e]/.test(entry.name),
          system: 3,
          mode: entry.name.endsWith('/') ? 0o40755 : 0o100644,
          dir: entry.name.endsWith('/'),
        });
      }
    });

    it('reads every file back byte for byte (tags and params included, trailing newlines kept)', () => {
      for (const file of files.filter((f) => !f.path.endsWith('/'))) {
        expect(same(Buffer.from(view.files[file.path] ?? '', 'base64'), file.bytes), file.path).toBe(true);
      }
      const text = (path: string): string => Buffer.from(view.files[`mlruns/${EXP}/${RUN}/${path}`] ?? '', 'base64').toString('utf8');
      for (const [key, value] of Object.entries(PARAMS)) expect(text(`params/${key}`)).toBe(value);
      for (const [key, value] of Object.entries(TAGS)) expect(text(`tags/${key}`)).toBe(value);
    });

    it('parses every meta.yaml with the types MLflow expects', () => {
      const yaml = view.yaml;
      expect(yaml[`mlruns/${EXP}/${RUN}/meta.yaml`]).toEqual({
        artifact_uri: ['str', `mlruns/${EXP}/${RUN}/artifacts`],
        end_time: ['int', T0 + 60_000],
        entry_point_name: ['str', ''],
        experiment_id: ['str', EXP],
        lifecycle_stage: ['str', 'active'],
        run_id: ['str', RUN],
        run_name: ['str', 'lauf-ü'],
        run_uuid: ['str', RUN],
        source_name: ['str', ''],
        source_type: ['int', 4],
        source_version: ['str', ''],
        start_time: ['int', T0],
        status: ['int', 3],
        tags: ['list', []],
        user_id: ['str', 'jürgen'],
      });
      expect(yaml[`mlruns/${EXP}/${DELETED}/meta.yaml`]).toMatchObject({
        run_id: ['str', DELETED],
        run_uuid: ['str', DELETED],
        experiment_id: ['str', EXP],
        status: ['int', 4],
        start_time: ['int', T0 + 1],
        end_time: ['NoneType', null],
        lifecycle_stage: ['str', 'deleted'],
        deleted_time: ['int', T0 + 99],
        run_name: ['str', ''],
      });
      expect(yaml[`mlruns/${EXP}/meta.yaml`]).toEqual({
        artifact_location: ['str', `mlruns/${EXP}`],
        creation_time: ['int', T0],
        experiment_id: ['str', EXP],
        last_update_time: ['int', T0 + 500],
        lifecycle_stage: ['str', 'active'],
        name: ['str', 'größe & 学习'],
      });
      expect(yaml['mlruns/0/meta.yaml']).toMatchObject({ experiment_id: ['str', '0'], name: ['str', 'Default'] });
    });

    it("gives back every metric point as logged: Python's float() of each value, NaN, ±inf and -0 included", () => {
      for (const [key, history] of Object.entries(HISTORIES)) {
        const points = view.metrics[`mlruns/${EXP}/${RUN}/metrics/${key}`];
        expect(points, key).toHaveLength(history.values.length);
        points?.forEach(([timestamp, valueHex, step], i) => {
          expect(timestamp).toBe(history.timestamps[i]);
          expect(step).toBe(history.steps[i]);
          expect(Object.is(float64(valueHex), history.values[i]), `${key}[${i}]: ${float64(valueHex)} vs ${history.values[i]}`).toBe(true);
        });
      }
      expect(Object.keys(view.metrics).sort()).toEqual(Object.keys(HISTORIES).map((k) => `mlruns/${EXP}/${RUN}/metrics/${k}`).sort());
    });
  });
});
