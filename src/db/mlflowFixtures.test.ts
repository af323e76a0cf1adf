/**
 * Imports the `mlruns/` trees real MLflow 2.12 and 3.5 wrote (shared/mlflow-fixtures, see its
 * README) into a fresh store and compares what arrived with what MLflow itself reads back from the
 * same files (`expected-<version>.json`). Where MLflow reads less than the tree holds (a deleted
 * experiment's artifacts, a deleted model version) the store keeps the tree. Skipped, with a
 * warning, when the fixtures folder is not next to the repository.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundle, type BundleContent } from '../domain/bundle';
import { DEFAULT_EXPERIMENT_ID, type RunId } from '../domain/ids';
import { STAGE_DELETED_INTERNAL } from '../domain/registry/registry.types';
import { writeBundle, type ImportSummary } from './bundleStore';
import { getMetricHistory } from './metricStore';
import { killOrphanedRuns } from './runStore';
import { TrainyardDB, type RunRow } from './schema';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FIXTURES = resolve(REPO_ROOT, '../shared/mlflow-fixtures');
const VERSIONS = ['2.12', '3.5'] as const;
const present = existsSync(FIXTURES);
if (!present) console.warn(`Skipping the real-MLflow import tests: the fixtures folder ${FIXTURES} is missing.`);

/** A float as the fixtures' JSON writes it: a number, or "NaN" / "Infinity" / "-Infinity". */
type JsonFloat = number | 'NaN' | 'Infinity' | '-Infinity';

interface ExpectedRun {
  run_name: string;
  experiment_id: string;
  experiment_name: string;
  status: string;
  lifecycle_stage: string;
  start_time: number;
  end_time: number | null;
  user_id: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics_latest: Record<string, JsonFloat>;
  metric_histories: Record<string, Array<[number, number, JsonFloat]>>;
  artifacts: Record<string, { size: number; sha256: string }>;
  artifacts_in_tree?: { files: Record<string, { size: number; sha256: string }> };
  inputs: { datasets: Array<{ name: string; digest: string }>; models?: string[] };
  outputs?: { models: Array<{ model_id: string; step: number }> };
}

interface ExpectedVersion {
  version: number;
  source: string;
  run_id: string | null;
  status: string;
  current_stage: string;
  description: string | null;
  tags: Record<string, string>;
  user_id: string | null;
  creation_timestamp: number;
  last_updated_timestamp: number;
}

interface Expected {
  mlflow_version: string;
  experiments: Record<string, { name: string; lifecycle_stage: string; creation_time: number; last_update_time: number; tags: Record<string, string> }>;
  runs: Record<string, ExpectedRun>;
  run_ids_by_name: Record<string, string>;
  registered_models: Record<
    string,
    {
      description: string | null;
      tags: Record<string, string>;
      aliases: Record<string, string>;
      latest_versions: Record<string, string>;
      versions: Record<string, ExpectedVersion>;
      hidden_versions?: Record<string, { error_code: string }>;
      creation_timestamp: number;
      last_updated_timestamp: number;
    }
  >;
  logged_models?: Record<string, unknown>;
}

/** One text per number, so NaN, ±Infinity and −0 compare exactly (and a mismatch reads well). */
function exact(value: JsonFloat): string {
  if (typeof value === 'string') return value;
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return Object.is(value, -0) ? '-0' : String(value);
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
const sorted = <T>(record: Record<string, T>): string[] => Object.keys(record).sort();

describe.skipIf(!present)('importing directories real MLflow wrote (shared/mlflow-fixtures)', () => {
  describe.each(VERSIONS)('MLflow %s', (version) => {
    const zipPath = resolve(FIXTURES, `mlruns-${version}.zip`);
    const jsonPath = resolve(FIXTURES, `expected-${version}.json`);
    let expected: Expected;
    let db: TrainyardDB;
    let notes: string[];
    let content: BundleContent;
    let summary: ImportSummary;
    let rows: Map<string, RunRow>;

    beforeAll(async () => {
      expected = JSON.parse(readFileSync(jsonPath, 'utf8')) as Expected;
      expect(expected.mlflow_version.startsWith(version)).toBe(true);
      const read = await readBundle(new Uint8Array(readFileSync(zipPath)));
      if (!read.ok) throw new Error(`MLflow ${version}'s tree was refused:\n${read.errors.map((e) => `${e.entry}: ${e.message}`).join('\n')}`);
      notes = read.notes;
      content = read.content;
      db = new TrainyardDB(`mlflow-fixtures-${version}-${crypto.randomUUID()}`);
      await db.open();
      summary = await writeBundle(db, read.content, 'skip');
      rows = new Map((await db.runs.toArray()).map((r) => [r.runId, r]));
    });

    afterAll(async () => {
      await db?.delete();
    });

    it('reads the same content from a File (by slices) as from bytes in memory', async () => {
      const fromFile = await readBundle(new Blob([readFileSync(zipPath)]));
      if (!fromFile.ok) throw new Error(JSON.stringify(fromFile.errors));
      expect(fromFile.content).toEqual(content);
      expect(fromFile.notes).toEqual(notes);
    });

    it('imports every experiment, run, point and artifact the tree holds', () => {
      const runs = Object.values(expected.runs);
      const artifactsInTree = (r: ExpectedRun) => Object.keys(r.artifacts_in_tree?.files ?? r.artifacts).length;
      expect(summary).toMatchObject({
        // A fresh store already has the Default experiment (id 0): the bundle's counts as existing.
        experiments: { created: Object.keys(expected.experiments).length - 1, existing: 1, renamed: [] },
        runs: { created: runs.length, replaced: 0, skipped: 0 },
        metricPoints: runs.reduce((n, r) => n + Object.values(r.metric_histories).reduce((m, h) => m + h.length, 0), 0),
        artifacts: runs.reduce((n, r) => n + artifactsInTree(r), 0),
        conflicts: [],
        registeredModels: { created: Object.keys(expected.registered_models).length, replaced: 0, skipped: 0, conflicts: [] },
      });
    });

    it('reports what it does not model, by kind and count', () => {
      const runs = Object.values(expected.runs);
      const datasetInputs = runs.reduce((n, r) => n + r.inputs.datasets.length, 0);
      const modelInputs = runs.reduce((n, r) => n + (r.inputs.models?.length ?? 0), 0);
      const outputs = runs.reduce((n, r) => n + (r.outputs?.models.length ?? 0), 0);
      // One dataset record per (experiment, name, digest) that some run used.
      const records = new Set(runs.flatMap((r) => r.inputs.datasets.map((d) => `${r.experiment_id}/${d.name}/${d.digest}`))).size;
      const loggedModels = Object.keys(expected.logged_models ?? {}).length;
      const text = notes.join('\n');
      expect(datasetInputs).toBeGreaterThan(0);
      expect(text).toMatch(new RegExp(`^${records} dataset records \\(\`<experiment>/datasets/\`\\) were not imported`, 'm'));
      expect(text).toMatch(new RegExp(`^${datasetInputs} dataset inputs${modelInputs > 0 ? ` and ${modelInputs} model inputs` : ''} of runs \\(\`<run>/inputs/\`\\) were not imported`, 'm'));
      if (loggedModels > 0) {
        expect(text).toMatch(new RegExp(`^${loggedModels} logged models \\(MLflow 3 \`<experiment>/models/m-…\`\\) were not imported`, 'm'));
      } else expect(text).not.toMatch(/logged model/);
      if (outputs > 0) expect(text).toMatch(new RegExp(`^${outputs} run outputs \\(logged models a run produced`, 'm'));
      else expect(text).not.toMatch(/run output/);
    });

    it('keeps every experiment as MLflow reads it, the deleted one included', async () => {
      const stored = await db.experiments.toArray();
      expect(stored.map((e) => e.experimentId).sort()).toEqual(sorted(expected.experiments));
      expect(content.experiments.map((e) => e.experimentId).sort()).toEqual(sorted(expected.experiments));
      for (const experiment of [...content.experiments, ...stored]) {
        const want = expected.experiments[experiment.experimentId]!;
        const local = stored.includes(experiment) && experiment.experimentId === DEFAULT_EXPERIMENT_ID; // the store's own Default is kept
        expect({ id: experiment.experimentId, ...experiment }).toMatchObject({
          id: experiment.experimentId,
          name: want.name,
          lifecycleStage: want.lifecycle_stage,
          tags: want.tags,
          ...(local ? {} : { creationTime: want.creation_time, lastUpdateTime: want.last_update_time }),
        });
      }
    });

    it('keeps every run with its status, times, user, params and tags', async () => {
      expect([...rows.keys()].sort()).toEqual(sorted(expected.runs));
      const experiments = new Map((await db.experiments.toArray()).map((e) => [e.experimentId, e.name]));
      for (const [runId, want] of Object.entries(expected.runs)) {
        const row = rows.get(runId)!;
        expect(row, want.run_name).toMatchObject({
          runId,
          runName: want.run_name,
          experimentId: want.experiment_id,
          status: want.status,
          lifecycleStage: want.lifecycle_stage,
          startTime: want.start_time,
          endTime: want.end_time,
          userId: want.user_id,
          parentRunId: want.tags['mlflow.parentRunId'] ?? null,
          imported: true,
        });
        expect(experiments.get(row.experimentId)).toBe(want.experiment_name);
        // Exact text: unicode keys and values, the 6,000-code-point emoji value, 3.5's 8,001-character tag, an empty param, trailing newlines.
        expect(row.params, `${want.run_name} params`).toEqual(want.params);
        expect(row.tags, `${want.run_name} tags`).toEqual(want.tags);
      }
    });

    it('keeps full metric histories: order, duplicates, negative steps, NaN, ±inf, −0.0 and the extremes', async () => {
      for (const [runId, want] of Object.entries(expected.runs)) {
        expect(sorted(rows.get(runId)!.metrics), `${want.run_name} metric keys`).toEqual(sorted(want.metric_histories));
        for (const [key, points] of Object.entries(want.metric_histories)) {
          const history = await getMetricHistory(db, { runId: runId as RunId, key });
          const got = Array.from(history.values, (value, i) => `${history.steps[i]} ${history.timestamps[i]} ${exact(value)}`);
          expect(got, `${want.run_name} ${key}`).toEqual(points.map(([step, timestamp, value]) => `${step} ${timestamp} ${exact(value)}`));
        }
      }
    });

    it("takes MLflow's latest value per metric (highest step, then timestamp), not the last line", () => {
      for (const [runId, want] of Object.entries(expected.runs)) {
        const metrics = rows.get(runId)!.metrics;
        const latest = Object.fromEntries(Object.entries(metrics).map(([key, m]) => [key, exact(m.latest.value)]));
        expect(latest, want.run_name).toEqual(Object.fromEntries(Object.entries(want.metrics_latest).map(([key, v]) => [key, exact(v)])));
        for (const [key, points] of Object.entries(want.metric_histories)) expect(metrics[key]?.count, `${want.run_name} ${key}`).toBe(points.length);
      }
    });

    it("reads the README's metric-file edge cases on sweep-root's grad_norm", async () => {
      const runId = expected.run_ids_by_name['sweep-root'] as RunId;
      const history = await getMetricHistory(db, { runId, key: 'grad_norm' });
      const at = (step: number) => Array.from(history.values).filter((_, i) => history.steps[i] === step);
      expect(history.steps[0]).toBe(-5); // logged first, kept first
      const zero = Array.from(history.steps.keys()).filter((i) => history.steps[i] === 0);
      const lines = zero.map((i) => `${history.timestamps[i]} ${history.values[i]}`);
      expect(lines.filter((l) => l === lines[1])).toHaveLength(version === '3.5' ? 4 : 2); // the exact duplicate (3.5's log_model appends step 0 again)
      expect(at(7).every(Number.isNaN) && at(33).every(Number.isNaN)).toBe(true);
      expect(at(13)).toEqual([Infinity]);
      expect(at(21)).toEqual([-Infinity]);
      expect(Object.is(at(40)[0], -0)).toBe(true);
      expect(at(44)).toEqual([5e-324]);
      expect(at(50)).toEqual([1.7976931348623157e308]);
      expect(at(55)).toEqual([1e-12]);
      expect(at(58)).toEqual([3]);
      // The late step-10 point stays after step 60 (last, but for the step-0 points 3.5's log_model appends after it).
      const appended = version === '3.5' ? 3 : 0;
      expect(Array.from(history.steps.slice(-2 - appended))).toEqual([60, 10, ...Array<number>(appended).fill(0)]);
      expect(rows.get(runId)!.metrics.grad_norm?.latest.step).toBe(60);
    });

    it('keeps every artifact in the tree, byte for byte, also those of a deleted experiment MLflow no longer lists', async () => {
      for (const [runId, want] of Object.entries(expected.runs)) {
        const stored = await db.artifacts.where('runId').equals(runId).toArray();
        const got: Record<string, { size: number; sha256: string }> = {};
        for (const a of stored) got[a.path] = { size: a.size, sha256: sha256(new Uint8Array(await a.blob.arrayBuffer())) };
        expect(got, want.run_name).toEqual(want.artifacts_in_tree?.files ?? want.artifacts);
      }
    });

    it('keeps the registry: models, aliases, versions (3.x models:/ sources as written) and the deleted version as a tombstone', async () => {
      const models = await db.registeredModels.toArray();
      expect(models.map((m) => m.name).sort()).toEqual(sorted(expected.registered_models));
      for (const model of models) {
        const want = expected.registered_models[model.name]!;
        expect(model, model.name).toMatchObject({
          description: want.description ?? '',
          tags: want.tags,
          creationTimestamp: want.creation_timestamp,
          lastUpdatedTimestamp: want.last_updated_timestamp,
        });
        expect(Object.fromEntries(model.aliases.map((a) => [a.alias, String(a.version)]))).toEqual(want.aliases);
        const versions = await db.modelVersions.where('name').equals(model.name).toArray();
        const live = versions.filter((v) => v.currentStage !== STAGE_DELETED_INTERNAL);
        expect(live.map((v) => String(v.version)).sort()).toEqual(sorted(want.versions));
        for (const v of live) {
          const w = want.versions[String(v.version)]!;
          expect(v, `${model.name} v${v.version}`).toMatchObject({
            version: w.version,
            source: w.source,
            runId: w.run_id,
            status: w.status,
            currentStage: w.current_stage,
            description: w.description ?? '',
            tags: w.tags,
            userId: w.user_id,
            creationTimestamp: w.creation_timestamp,
            lastUpdatedTimestamp: w.last_updated_timestamp,
          });
        }
        const latest: Record<string, string> = {};
        for (const v of live) if (latest[v.currentStage] === undefined || Number(latest[v.currentStage]) < v.version) latest[v.currentStage] = String(v.version);
        expect(latest, `${model.name} latest versions`).toEqual(want.latest_versions);
        // MLflow hides a deleted version but keeps its folder: the store keeps its number as a tombstone.
        const hidden = versions.filter((v) => v.currentStage === STAGE_DELETED_INTERNAL);
        expect(hidden.map((v) => String(v.version)).sort()).toEqual(sorted(want.hidden_versions ?? {}));
        for (const v of hidden) expect(v).toMatchObject({ source: '', runId: null, tags: {} });
      }
    });

    it('leaves a run that was RUNNING in the bundle running, whatever the orphan sweep sees', async () => {
      const runId = expected.run_ids_by_name['still-training'] as RunId;
      expect(expected.runs[runId]).toMatchObject({ status: 'RUNNING', end_time: null });
      const killed = await killOrphanedRuns(db, { isWriterAlive: () => false, now: 4_000_000_000_000, staleAfterMs: 1 });
      expect(killed).toEqual([]);
      expect(await db.runs.get(runId)).toMatchObject({ status: 'RUNNING', endTime: null, tags: expected.runs[runId]!.tags });
    });
  });
});
