import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExperimentId, RunId } from '../ids';
import { sha256Hex } from '../ml/digest';
import { updateSummary } from '../tracking/metricSummary';
import type { BundleContent, BundleHistory } from './bundle.types';
import { concat, zipOf } from '../../test/bundleTestKit';
import { readBundle } from './mlrunsRead';
import { bundleFiles } from './mlrunsWrite';
import { writeZip } from './zipWrite';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'mlruns');
const EXP = '123456789012345678';
const RUN = '0123456789abcdef0123456789abcdef';
const CHILD = 'abcdefabcdefabcdefabcdefabcdef01';
const EXP_2X = '246813579024681357';
const RUN_2X = 'fedcba9876543210fedcba9876543210';
const decoder = new TextDecoder();

/** The fixture directory as zip entries under `prefix`. */
function fixtureFiles(prefix: string): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out[prefix + relative(FIXTURE, path).split('\\').join('/')] = readFileSync(path);
    }
  };
  walk(FIXTURE);
  return out;
}

const fixtureText = (path: string): string => readFileSync(join(FIXTURE, path), 'utf8');

function columns(points: Array<[step: number, value: number, timestamp: number]>): BundleHistory {
  return {
    steps: Float64Array.from(points, (p) => p[0]),
    values: Float64Array.from(points, (p) => p[1]),
    timestamps: Float64Array.from(points, (p) => p[2]),
  };
}

const LOSS = columns([
  [0, 1, 1700000001000],
  [1, 0.5, 1700000002000],
  [2, 1e-7, 1700000003000],
  [3, Infinity, 1700000004000],
  [4, -Infinity, 1700000004500],
  [5, NaN, 1700000004600],
  [6, 1e20, 1700000004700],
]);
const ACCURACY = columns([[0, 0.91, 1700000001000]]);
const PNG = readFileSync(join(FIXTURE, EXP, RUN, 'artifacts/plots/loss.png'));
const CONFIG = readFileSync(join(FIXTURE, EXP, RUN, 'artifacts/config.json'));

/** The §17 worked example as Trainyard content. */
function workedExample(): BundleContent {
  return {
    experiments: [
      {
        experimentId: EXP as ExperimentId,
        name: 'browser: demo',
        artifactLocation: `mlruns/${EXP}`,
        lifecycleStage: 'active',
        creationTime: 1700000000000,
        lastUpdateTime: 1700000000000,
        tags: { 'mlflow.note.content': 'from the browser app' },
      },
    ],
    runs: [
      {
        run: {
          runId: RUN as RunId,
          experimentId: EXP as ExperimentId,
          runName: 'browser-run-1',
          status: 'FINISHED',
          startTime: 1700000000000,
          endTime: 1700000005000,
          lifecycleStage: 'active',
          deletedTime: null,
          userId: 'alice',
          artifactUri: `mlruns/${EXP}/${RUN}/artifacts`,
          parentRunId: null,
          params: { learning_rate: '0.001', optimizer: 'adam' },
          tags: { 'mlflow.runName': 'browser-run-1', 'mlflow.user': 'alice', 'mlflow.source.type': 'LOCAL', 'mlflow.note.content': 'line1\nline2' },
          metrics: { accuracy: updateSummary(undefined, ACCURACY, 'accuracy'), 'train/loss': updateSummary(undefined, LOSS, 'train/loss') },
        },
        histories: { accuracy: ACCURACY, 'train/loss': LOSS },
        artifacts: [
          { path: 'config.json', bytes: new Uint8Array(CONFIG) },
          { path: 'plots/loss.png', bytes: new Uint8Array(PNG) },
        ],
      },
    ],
    registeredModels: [],
  };
}

/** The worked example with a registry: two live versions, a deleted one, an alias, tags and a description. */
function withRegistry(): BundleContent {
  const content = workedExample();
  content.registeredModels = [
    {
      name: 'iris classifier',
      creationTimestamp: 1700000010000,
      lastUpdatedTimestamp: 1700000040000,
      description: 'Iris, trained in the browser',
      tags: { team: 'ml' },
      aliases: [{ alias: 'champion', version: 3 }],
      versions: [
        { version: 1, source: `runs:/${RUN}/model`, runId: RUN as RunId, description: '', currentStage: 'Archived', creationTimestamp: 1700000010000, lastUpdatedTimestamp: 1700000020000, userId: 'alice', tags: {} },
        { version: 2, source: '', runId: null, description: '', currentStage: 'Deleted_Internal', creationTimestamp: 1700000020000, lastUpdatedTimestamp: 1700000030000, userId: null, tags: {} },
        { version: 3, source: `runs:/${RUN}/model`, runId: RUN as RunId, description: 'yes: "quoted"', currentStage: 'Production', creationTimestamp: 1700000030000, lastUpdatedTimestamp: 1700000040000, userId: 'alice', tags: { 'checked by': 'bob' } },
      ],
    },
  ];
  return content;
}

describe('export golden bytes (spec §17)', () => {
  it('writes meta.yaml, metric, param and tag files exactly as the spec shows', async () => {
    const files = await bundleFiles(workedExample(), { appVersion: '0.1.0', exportedAt: 1700000000000 });
    const text = new Map(files.map((f) => [f.path, decoder.decode(f.bytes)]));
    expect(text.get(`mlruns/${EXP}/meta.yaml`)).toBe(fixtureText(`${EXP}/meta.yaml`));
    expect(text.get(`mlruns/${EXP}/${RUN}/meta.yaml`)).toBe(fixtureText(`${EXP}/${RUN}/meta.yaml`));
    expect(text.get('mlruns/0/meta.yaml')).toBe(fixtureText('0/meta.yaml'));
    expect(text.get(`mlruns/${EXP}/${RUN}/metrics/accuracy`)).toBe('1700000001000 0.91 0\n');
    // Python's spellings of non-finite values; JavaScript's shortest text for the others.
    expect(text.get(`mlruns/${EXP}/${RUN}/metrics/train/loss`)).toBe(
      '1700000001000 1 0\n1700000002000 0.5 1\n1700000003000 1e-7 2\n1700000004000 inf 3\n' +
        '1700000004500 -inf 4\n1700000004600 nan 5\n1700000004700 100000000000000000000 6\n',
    );
    expect(text.get(`mlruns/${EXP}/${RUN}/params/learning_rate`)).toBe('0.001');
    expect(text.get(`mlruns/${EXP}/${RUN}/tags/mlflow.note.content`)).toBe('line1\nline2');
    expect(text.get(`mlruns/${EXP}/tags/mlflow.note.content`)).toBe('from the browser app');
    expect(files.map((f) => f.path)).toEqual([
      'trainyard-manifest.json',
      'mlruns/.trash/',
      'mlruns/0/meta.yaml',
      `mlruns/${EXP}/${RUN}/artifacts/config.json`,
      `mlruns/${EXP}/${RUN}/artifacts/plots/loss.png`,
      `mlruns/${EXP}/${RUN}/meta.yaml`,
      `mlruns/${EXP}/${RUN}/metrics/accuracy`,
      `mlruns/${EXP}/${RUN}/metrics/train/loss`,
      `mlruns/${EXP}/${RUN}/params/learning_rate`,
      `mlruns/${EXP}/${RUN}/params/optimizer`,
      `mlruns/${EXP}/${RUN}/tags/mlflow.note.content`,
      `mlruns/${EXP}/${RUN}/tags/mlflow.runName`,
      `mlruns/${EXP}/${RUN}/tags/mlflow.source.type`,
      `mlruns/${EXP}/${RUN}/tags/mlflow.user`,
      `mlruns/${EXP}/meta.yaml`,
      `mlruns/${EXP}/tags/mlflow.note.content`,
    ]);
    const manifest = JSON.parse(text.get('trainyard-manifest.json') as string);
    expect(manifest).toMatchObject({
      format: 'trainyard-bundle',
      formatVersion: 1,
      appVersion: '0.1.0',
      exportedAt: '2023-11-14T22:13:20.000Z',
      counts: { experiments: 1, runs: 1, metricPoints: 8, artifacts: 2 },
      defaultExperimentPlaceholder: true,
    });
    expect(manifest.files).toHaveLength(14);
    const defaultMeta = readFileSync(join(FIXTURE, '0/meta.yaml'));
    expect(manifest.files[0]).toEqual({ path: 'mlruns/0/meta.yaml', size: defaultMeta.length, sha256: await sha256Hex(defaultMeta) });
  });

  it('writes a deleted run with deleted_time and a running one with end_time: null', async () => {
    const content = workedExample();
    const run = content.runs[0]!.run;
    Object.assign(run, { lifecycleStage: 'deleted', deletedTime: 1700000009000, endTime: null, status: 'RUNNING' });
    const files = await bundleFiles(content, { appVersion: '0.1.0', exportedAt: 0 });
    const meta = decoder.decode(files.find((f) => f.path === `mlruns/${EXP}/${RUN}/meta.yaml`)!.bytes);
    expect(meta).toContain('artifact_uri: mlruns/123456789012345678/0123456789abcdef0123456789abcdef/artifacts\ndeleted_time: 1700000009000\nend_time: null\n');
    expect(meta).toContain('lifecycle_stage: deleted\n');
    expect(meta).toContain('status: 1\n');
  });

  it('writes the registry in MLflow\'s layout (spec §10)', async () => {
    const files = await bundleFiles(withRegistry(), { appVersion: '0.1.0', exportedAt: 1700000000000 });
    const text = new Map(files.map((f) => [f.path, decoder.decode(f.bytes)]));
    const dir = 'mlruns/models/iris classifier';
    expect([...text.keys()].filter((p) => p.startsWith(dir))).toEqual([
      `${dir}/aliases/champion`,
      `${dir}/meta.yaml`,
      `${dir}/tags/team`,
      `${dir}/version-1/meta.yaml`,
      `${dir}/version-2/meta.yaml`,
      `${dir}/version-3/meta.yaml`,
      `${dir}/version-3/tags/checked by`,
    ]);
    expect(text.get(`${dir}/aliases/champion`)).toBe('3');
    expect(text.get(`${dir}/tags/team`)).toBe('ml');
    expect(text.get(`${dir}/meta.yaml`)).toBe(
      "aliases:\n  champion: '3'\ncreation_timestamp: 1700000010000\ndescription: Iris, trained in the browser\n" +
        'last_updated_timestamp: 1700000040000\nname: iris classifier\n',
    );
    expect(text.get(`${dir}/version-3/meta.yaml`)).toBe(
      [
        'creation_timestamp: 1700000030000',
        'current_stage: Production',
        `description: 'yes: "quoted"'`,
        'last_updated_timestamp: 1700000040000',
        'name: iris classifier',
        `run_id: ${RUN}`,
        'run_link: null',
        `source: runs:/${RUN}/model`,
        'status: READY',
        'status_message: null',
        `storage_location: mlruns/${EXP}/${RUN}/artifacts/model`,
        'user_id: alice',
        'version: 3',
        '',
      ].join('\n'),
    );
    expect(text.get(`${dir}/version-2/meta.yaml`)).toMatch(/current_stage: Deleted_Internal\n[^]*run_id: null\n/);
    const manifest = JSON.parse(text.get('trainyard-manifest.json') ?? '{}') as { counts: Record<string, number> };
    expect(manifest.counts).toMatchObject({ registeredModels: 1, modelVersions: 3 });
  });

  it('round-trips the worked example with a registry', async () => {
    const files = await bundleFiles(withRegistry(), { appVersion: '0.1.0', exportedAt: 1700000000000 });
    const result = await readBundle(concat(await writeZip(files)));
    expect(result.ok && result.content).toEqual(withRegistry());
    expect(result.ok && result.notes).toEqual([]);
  });

  it('round-trips the worked example', async () => {
    const files = await bundleFiles(workedExample(), { appVersion: '0.1.0', exportedAt: 1700000000000 });
    const result = await readBundle(concat(await writeZip(files)));
    expect(result.ok && result.content).toEqual(workedExample());
  });
});

describe('import of an mlruns directory written to the spec (fixtures/mlruns)', () => {
  async function readFixture(prefix: string, extra: Record<string, Uint8Array | string> = {}) {
    const result = await readBundle(zipOf({ ...fixtureFiles(prefix), ...extra }));
    if (!result.ok) throw new Error(JSON.stringify(result.errors, null, 2));
    return result;
  }

  it('reads experiments, nested runs, 2.x-style runs, histories, artifacts and the trash', async () => {
    const { content, manifest, notes } = await readFixture('mlruns/');
    expect(manifest).toBeNull();
    expect(content.experiments.map((e) => [e.experimentId, e.name, e.lifecycleStage, e.artifactLocation])).toEqual([
      ['0', 'Default', 'active', 'mlruns/0'],
      [EXP, 'browser: demo', 'active', `mlruns/${EXP}`],
      [EXP_2X, 'wine', 'active', `mlruns/${EXP_2X}`],
      ['555555555555555555', 'old sweep', 'deleted', 'mlruns/555555555555555555'],
    ]);
    expect(content.runs.map((r) => r.run.runId)).toEqual([RUN, CHILD, RUN_2X, '55555555555555555555555555555555']);
    const [worked, child, old, gone] = content.runs as [typeof content.runs[0], typeof content.runs[0], typeof content.runs[0], typeof content.runs[0]];

    // §17: the history as MLflow reads it, and "latest" = the highest step.
    expect(worked).toEqual(workedExample().runs[0]);
    expect(worked.run.metrics['train/loss']!.latest).toEqual({ value: 1e20, step: 6, timestamp: 1700000004700 });
    expect(content.experiments[1]!.tags).toEqual({ 'mlflow.note.content': 'from the browser app' });

    // Nested, still running, a 5-field (dataset) metric line whose third field is the step.
    expect(child.run).toMatchObject({ parentRunId: RUN, status: 'RUNNING', endTime: null, runName: 'child-trial-1' });
    expect(child.histories.val_acc).toEqual(columns([[3, 0.8, 1700000002000]]));

    // 2.x: int experiment_id (beyond 2^53), absolute file:// URIs, no run_name, no lifecycle_stage,
    // 2-field metric lines, CRLF lines, inf/nan spellings, unknown YAML keys.
    expect(old.run).toMatchObject({
      experimentId: EXP_2X,
      runName: 'old-run',
      lifecycleStage: 'active',
      status: 'FAILED',
      userId: 'bob',
      artifactUri: `mlruns/${EXP_2X}/${RUN_2X}/artifacts`,
      params: { alpha: '0.5', l1_ratio: 'None' },
    });
    expect(old.histories.loss).toEqual(columns([[0, 0.5, 1600000001000], [0, 0.25, 1600000002000]]));
    expect(old.histories.rmse).toEqual(columns([[0, NaN, 1600000001000], [1, -Infinity, 1600000002000], [2, Infinity, 1600000003000]]));
    expect(old.artifacts.map((a) => a.path)).toEqual(['model/MLmodel']);

    expect(gone.run).toMatchObject({ lifecycleStage: 'deleted', deletedTime: 1650000009000, status: 'KILLED', runName: 'gone' });

    // The registry: 2.x (file:// source, `aliases: []`/`{}`) and 3.x (models:/ source, model_id,
    // aliases mapping, a Deleted_Internal version) shapes.
    expect(content.registeredModels).toEqual([
      {
        name: 'iris-classifier',
        creationTimestamp: 1700000010000,
        lastUpdatedTimestamp: 1700000030000,
        description: 'Iris from the browser',
        tags: { team: 'ml' },
        aliases: [{ alias: 'champion', version: 2 }],
        versions: [
          { version: 1, source: '', runId: null, description: '', currentStage: 'Deleted_Internal', creationTimestamp: 1700000010000, lastUpdatedTimestamp: 1700000020000, userId: null, tags: {} },
          {
            version: 2,
            source: 'models:/m-fedcba9876543210fedcba9876543210',
            runId: RUN,
            description: 'second try',
            currentStage: 'Staging',
            creationTimestamp: 1700000030000,
            lastUpdatedTimestamp: 1700000030000,
            userId: 'alice',
            tags: { validation: 'passed' },
          },
        ],
      },
      {
        name: 'wine-model',
        creationTimestamp: 1600000010000,
        lastUpdatedTimestamp: 1600000010000,
        description: '',
        tags: {},
        aliases: [],
        versions: [
          {
            version: 1,
            source: `file:///home/bob/project/mlruns/${EXP_2X}/${RUN_2X}/artifacts/model`,
            runId: RUN_2X,
            description: '',
            currentStage: 'None',
            creationTimestamp: 1600000010000,
            lastUpdatedTimestamp: 1600000010000,
            userId: null,
            tags: {},
          },
        ],
      },
    ]);
    expect(notes.join('\n')).not.toMatch(/registry/);
    expect(notes.join('\n')).toMatch(/^1 dataset record \(`<experiment>\/datasets\/`\) was not imported/m);
    expect(notes.join('\n')).toMatch(/5 fields/);
  });

  it('finds mlruns at the top, one folder down, or as the zip contents, and ignores macOS junk', async () => {
    const expected = (await readFixture('mlruns/')).content;
    expect((await readFixture('my export/mlruns/')).content).toEqual(expected);
    expect((await readFixture('')).content).toEqual(expected);
    expect((await readFixture('mlruns-copy/')).content).toEqual(expected);
    const junk = {
      '__MACOSX/mlruns/._0': 'x',
      'mlruns/.DS_Store': 'x',
      [`mlruns/${EXP}/.DS_Store`]: 'x',
      [`mlruns/${EXP}/${RUN}/artifacts/.DS_Store`]: 'x',
      [`mlruns/${EXP}/traces/tr-1/meta.yaml`]: 'x: 1',
      'README.txt': 'hello',
    };
    const withJunk = await readFixture('mlruns/', junk);
    expect(withJunk.content).toEqual(expected);
    expect(withJunk.notes.join('\n')).toMatch(/macOS metadata/);
    expect(withJunk.notes.join('\n')).toMatch(/traces/);
  });

  it('re-exports an imported MLflow run in the portable form', async () => {
    const { content } = await readFixture('mlruns/');
    const files = await bundleFiles(content, { appVersion: '0.1.0', exportedAt: 0 });
    const text = new Map(files.map((f) => [f.path, decoder.decode(f.bytes)]));
    expect(text.get(`mlruns/${EXP}/${RUN}/meta.yaml`)).toBe(fixtureText(`${EXP}/${RUN}/meta.yaml`));
    expect(text.get(`mlruns/${EXP_2X}/${RUN_2X}/meta.yaml`)).toMatch(
      new RegExp(`^artifact_uri: mlruns/${EXP_2X}/${RUN_2X}/artifacts\n[^]*experiment_id: '${EXP_2X}'\nlifecycle_stage: active\n[^]*run_name: old-run\nrun_uuid: ${RUN_2X}\n`),
    );
    expect(text.get(`mlruns/${EXP_2X}/${RUN_2X}/metrics/loss`)).toBe('1600000001000 0.5 0\n1600000002000 0.25 0\n');
    expect(text.get('mlruns/.trash/555555555555555555/meta.yaml')).toMatch(/lifecycle_stage: deleted/);
    const again = await readBundle(concat(await writeZip(files)));
    expect(again.ok && again.content).toEqual(content);
  });
});
