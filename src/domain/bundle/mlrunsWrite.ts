/**
 * Export: BundleContent → the files of a bundle, in MLflow's `mlruns/` layout (spec §1–7, §16, §17)
 * plus `trainyard-manifest.json` with a SHA-256 of every file. Zipping is zipWrite.ts.
 */
import { TrackingError } from '../errors';
import { DEFAULT_EXPERIMENT_ID, isRunId } from '../ids';
import { sha256Hex } from '../ml/digest';
import { ownValue } from '../records';
import type { Experiment } from '../tracking/types';
import { validateArtifactPath } from '../tracking/validation';
import {
  BUNDLE_FORMAT,
  BUNDLE_FORMAT_VERSION,
  MANIFEST_PATH,
  type BundleContent,
  type BundleFile,
  type BundleManifest,
  type BundleRun,
} from './bundle.types';
import { experimentMetaYaml, metricFileBytes, runMetaYaml } from './mlrunsFormat';
import { exportableKey } from './mlrunsParse';
import { registryFiles } from './mlrunsRegistry';

export { writeZip, type WriteZipOptions, type WriteZipProgress } from './zipWrite';

export const TAG_RUN_NAME = 'mlflow.runName';
export const TAG_PARENT_RUN_ID = 'mlflow.parentRunId';

export interface BundleFilesOptions {
  appVersion: string;
  /** Milliseconds since the epoch, or a Date. */
  exportedAt: number | Date;
}

const encoder = new TextEncoder();
const ALL_DIGITS = /^\d{1,64}$/;

function invalid(message: string): TrackingError {
  return new TrackingError('INVALID_PARAMETER_VALUE', message);
}


/** Runs `check`, prefixing any error it throws with where it happened. */
function within<T>(where: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw invalid(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Every file of the bundle, the manifest first, then the `mlruns/` tree sorted by path (so the same
 * content always gives the same files). Paths ending in `/` are empty folders MLflow would have
 * created (`.trash/`, a run's empty `metrics/`, `params/`, `artifacts/`). Deleted experiments go to
 * `mlruns/.trash/<id>/`, as MLflow keeps them. Throws a TrackingError for content MLflow could not
 * read back (ids, keys, clashing paths).
 */
export async function bundleFiles(content: BundleContent, options: BundleFilesOptions): Promise<BundleFile[]> {
  const exportedAt = new Date(options.exportedAt);
  const tree = mlrunsTree(content, exportedAt.getTime());
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    appVersion: options.appVersion,
    exportedAt: exportedAt.toISOString(),
    counts: tree.counts,
    defaultExperimentPlaceholder: tree.defaultExperimentPlaceholder,
    files: await manifestFiles(tree.files),
  };
  return [{ path: MANIFEST_PATH, bytes: encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`) }, ...tree.files];
}

async function manifestFiles(files: readonly BundleFile[]): Promise<BundleManifest['files']> {
  const out: BundleManifest['files'] = [];
  const plain = files.filter((f) => !f.path.endsWith('/'));
  for (let start = 0; start < plain.length; start += 512) {
    const batch = plain.slice(start, start + 512);
    const digests = await Promise.all(batch.map((f) => sha256Hex(f.bytes)));
    batch.forEach((f, i) => out.push({ path: f.path, size: f.bytes.length, sha256: digests[i] as string }));
  }
  return out;
}

interface Tree {
  files: BundleFile[];
  counts: BundleManifest['counts'];
  defaultExperimentPlaceholder: boolean;
}

function mlrunsTree(content: BundleContent, now: number): Tree {
  const files: BundleFile[] = [{ path: 'mlruns/.trash/', bytes: new Uint8Array(0) }];
  const text = (path: string, value: string): void => {
    files.push({ path, bytes: encoder.encode(value) });
  };
  const experimentDirs = new Map<string, string>();
  for (const experiment of content.experiments) {
    const id = experiment.experimentId;
    if (!ALL_DIGITS.test(id)) throw invalid(`Experiment id ${JSON.stringify(id)} is not all digits.`);
    if (experimentDirs.has(id)) throw invalid(`Experiment ${id} appears twice.`);
    const dir = experiment.lifecycleStage === 'deleted' && id !== DEFAULT_EXPERIMENT_ID ? `mlruns/.trash/${id}` : `mlruns/${id}`;
    experimentDirs.set(id, dir);
    text(`${dir}/meta.yaml`, experimentMetaYaml(experiment));
    for (const [key, value] of Object.entries(experiment.tags)) {
      within(`Experiment ${id}`, () => exportableKey('experiment tag', key));
      text(`${dir}/tags/${key}`, value);
    }
  }
  const defaultExperimentPlaceholder = !experimentDirs.has(DEFAULT_EXPERIMENT_ID);
  if (defaultExperimentPlaceholder) text('mlruns/0/meta.yaml', experimentMetaYaml(defaultExperiment(now)));

  const runIds = new Set<string>();
  let metricPoints = 0;
  let artifacts = 0;
  for (const bundleRun of content.runs) {
    const { runId, experimentId } = bundleRun.run;
    if (!isRunId(runId)) throw invalid(`Run id ${JSON.stringify(runId)} is not a valid MLflow run id.`);
    if (runIds.has(runId)) throw invalid(`Run ${runId} appears twice.`);
    runIds.add(runId);
    const experimentDir = experimentDirs.get(experimentId);
    if (experimentDir === undefined) {
      throw invalid(`Run ${runId} belongs to experiment ${experimentId}, which is not in the bundle.`);
    }
    const counted = runFiles(bundleRun, `${experimentDir}/${runId}`, files);
    metricPoints += counted.metricPoints;
    artifacts += counted.artifacts;
  }
  const models = content.registeredModels ?? [];
  const runExperiment = new Map(content.runs.map((r) => [r.run.runId as string, r.run.experimentId as string]));
  files.push(...within('Model registry', () => registryFiles(models, runExperiment)));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  assertNoPathClash(files);
  return {
    files,
    counts: {
      experiments: content.experiments.length,
      runs: content.runs.length,
      metricPoints,
      artifacts,
      registeredModels: models.length,
      modelVersions: models.reduce((n, m) => n + m.versions.length, 0),
    },
    defaultExperimentPlaceholder,
  };
}

function runFiles(bundleRun: BundleRun, dir: string, files: BundleFile[]): { metricPoints: number; artifacts: number } {
  const { run, histories } = bundleRun;
  const where = `Run ${run.runId}`;
  const text = (path: string, value: string): void => {
    files.push({ path, bytes: encoder.encode(value) });
  };
  const folder = (name: string, count: number): void => {
    if (count === 0) files.push({ path: `${dir}/${name}/`, bytes: new Uint8Array(0) });
  };
  text(`${dir}/meta.yaml`, runMetaYaml(run));

  const params = Object.entries(run.params);
  for (const [key, value] of params) {
    within(where, () => exportableKey('param', key));
    text(`${dir}/params/${key}`, value);
  }
  folder('params', params.length);

  // MLflow mirrors the run name and the parent in tags; keep them even if the caller's tags lack them.
  const tags = new Map(Object.entries(run.tags));
  if (!tags.has(TAG_RUN_NAME) && run.runName !== '') tags.set(TAG_RUN_NAME, run.runName);
  if (!tags.has(TAG_PARENT_RUN_ID) && run.parentRunId !== null) tags.set(TAG_PARENT_RUN_ID, run.parentRunId);
  for (const [key, value] of tags) {
    within(where, () => exportableKey('tag', key));
    text(`${dir}/tags/${key}`, value);
  }
  folder('tags', tags.size);

  let metricPoints = 0;
  let metricFiles = 0;
  for (const [key, history] of Object.entries(histories)) {
    within(where, () => exportableKey('metric', key));
    if (history.values.length === 0) continue;
    files.push({ path: `${dir}/metrics/${key}`, bytes: within(where, () => metricFileBytes(key, history)) });
    metricPoints += history.values.length;
    metricFiles++;
  }
  for (const key of Object.keys(run.metrics)) {
    const history = ownValue(histories, key);
    if (history === undefined || history.values.length === 0) {
      throw invalid(`${where}: metric "${key}" has a summary but no history to export.`);
    }
  }
  folder('metrics', metricFiles);

  const seen = new Set<string>();
  for (const artifact of bundleRun.artifacts) {
    within(where, () => validateArtifactPath(artifact.path));
    if (seen.has(artifact.path)) throw invalid(`${where}: artifact "${artifact.path}" appears twice.`);
    seen.add(artifact.path);
    files.push({ path: `${dir}/artifacts/${artifact.path}`, bytes: artifact.bytes });
  }
  folder('artifacts', seen.size);
  return { metricPoints, artifacts: seen.size };
}

function defaultExperiment(now: number): Experiment {
  return {
    experimentId: DEFAULT_EXPERIMENT_ID,
    name: 'Default',
    artifactLocation: 'mlruns/0',
    lifecycleStage: 'active',
    creationTime: now,
    lastUpdateTime: now,
    tags: {},
  };
}

/** A key `a` next to a key `a/b` would need `a` to be both a file and a folder (§3). */
function assertNoPathClash(sortedFiles: readonly BundleFile[]): void {
  for (let i = 0; i + 1 < sortedFiles.length; i++) {
    const path = (sortedFiles[i] as BundleFile).path;
    if (path.endsWith('/')) continue;
    // Sorted order puts `a/b` after `a` with only paths starting with `a` in between ("a b", "a.x" …).
    for (let j = i + 1; j < sortedFiles.length; j++) {
      const next = (sortedFiles[j] as BundleFile).path;
      if (!next.startsWith(path)) break;
      if (next[path.length] === '/') {
        throw invalid(`"${path}" would be both a file and a folder (because of "${next}"); MLflow cannot store both.`);
      }
    }
  }
}
