/**
 * Import: a Trainyard bundle or a zip of an MLflow `mlruns` directory → BundleContent. Everything
 * is parsed and validated before the caller writes anything: the result is either the full content
 * or every error found (each naming the zip entry and, for text files, the line).
 */
import { sha256Hex } from '../ml/digest';
import {
  DEFAULT_BUNDLE_LIMITS,
  type BundleContent,
  type BundleError,
  type BundleLimits,
  type BundleManifest,
  type BundleRegisteredModel,
  type BundleRun,
  type ReadBundleResult,
  type ReadProgress,
} from './bundle.types';
import { checkManifestFiles, parseManifest } from './manifest';
import { assembleExperiment, assembleRun, unmodelledNotes, type ReadContext } from './mlrunsAssemble';
import { layoutOf, type Layout } from './mlrunsLayout';
import { decodeText } from './mlrunsParse';
import { assembleRegisteredModel } from './mlrunsRegistry';
import { STAGE_DELETED_INTERNAL } from '../registry/registry.types';
import { entriesReferencedBy, openZip, readEntry, type ZipEntry } from './zipRead';
import type { Experiment } from '../tracking/types';

export interface ReadBundleOptions {
  onProgress?: (progress: ReadProgress) => void;
}

/** An error list that stops growing at `max` and then says how many it left out. */
class ErrorList extends Array<BundleError> {
  omitted = 0;
  max = Infinity;
  override push(...items: BundleError[]): number {
    return this.pushAll(items);
  }
  /** push() without spreading (a hostile zip can yield more errors than a call can take arguments). */
  pushAll(items: readonly BundleError[]): number {
    for (const item of items) {
      if (this.length < this.max) super.push(item);
      else this.omitted++;
    }
    return this.length;
  }
  result(): BundleError[] {
    const out = [...this];
    if (this.omitted > 0) out.push({ entry: '', message: `…and ${this.omitted} more errors.` });
    return out;
  }
}

const YIELD_EVERY_BYTES = 16 * 1024 * 1024;

/**
 * `source`: the zip, in memory or as a Blob (a File), which is read by slices and never held whole.
 * Every entry the bundle uses is inflated first, in file order, then experiments and runs are built.
 */
export async function readBundle(
  source: Uint8Array | Blob,
  limits: Partial<BundleLimits> = {},
  options: ReadBundleOptions = {},
): Promise<ReadBundleResult> {
  const lim: BundleLimits = { ...DEFAULT_BUNDLE_LIMITS, ...limits };
  const errors = new ErrorList();
  errors.max = lim.maxErrors;
  const report = options.onProgress;
  const zip = await openZip(source, lim, { onProgress: report && ((p) => report({ phase: 'zip', ...p })) });
  errors.pushAll(zip.errors);
  if (!zip.ok) return { ok: false, errors: errors.result() };
  const layout = layoutOf(zip.entries);
  errors.pushAll(layout.errors);
  if (layout.errors.some((e) => e.entry === '')) return { ok: false, errors: errors.result() };

  const noteCounts = new Map<string, { count: number; example: string }>();
  // Inflated entries, consumed by ctx.read; inflate failures are reported when the entry is read.
  const cache = new Map<ZipEntry, Uint8Array>();
  const problems = new Map<ZipEntry, string>();
  // Only what the import reads is inflated (and held to the size limits): without a manifest, the
  // files beside or under mlruns/ that are not part of it (a dataset, 3.x logged models) are skipped.
  const used = entriesReferencedBy({ ...layout, bundleFiles: layout.manifest ? layout.bundleFiles : [] }, zip.entries);
  const { damaged, errors: damage, fatal } = await zip.readAll(used, (entry, got) => {
    if (got.ok) cache.set(entry, got.data);
    else problems.set(entry, got.message);
  });
  // Damage in an entry the import doesn't read (a file beside mlruns/) doesn't refuse it.
  const usedNames = new Set([...used].map((e) => e.name));
  errors.pushAll(damage.filter((e) => e.entry === '' || usedNames.has(e.entry)));
  if (fatal !== undefined) return { ok: false, errors: errors.result() };
  const failed = new Set<ZipEntry>(damaged); // damaged entries are reported already
  let sinceYield = 0;
  const ctx: ReadContext = {
    limits: lim,
    errors,
    note(why, example) {
      const seen = noteCounts.get(why);
      if (seen) seen.count++;
      else noteCounts.set(why, { count: 1, example });
    },
    read(entry, options) {
      const cached = cache.get(entry);
      if (cached) {
        cache.delete(entry);
        return cached;
      }
      if (failed.has(entry)) return null; // reported when the manifest check read it
      sinceYield += entry.uncompressedSize;
      // Read twice (or not found in the layout): again from memory; a Blob can't be read synchronously.
      const got = problems.has(entry)
        ? { ok: false as const, message: problems.get(entry) as string }
        : source instanceof Uint8Array
          ? readEntry(source, entry)
          : { ok: false as const, message: 'The entry was not read from the zip (an internal error; please report it).' };
      if (got.ok) return got.data;
      failed.add(entry);
      if (!options?.quiet) errors.push({ entry: entry.name, message: got.message });
      return null;
    },
  };
  const pause = async (): Promise<void> => {
    if (sinceYield < YIELD_EVERY_BYTES) return;
    sinceYield = 0;
    await new Promise((resolve) => setTimeout(resolve, 0));
  };

  const manifest = await readManifest(layout, ctx, cache, pause);
  const entriesTotal = layout.experiments.reduce((n, e) => n + 1 + e.runs.size, 0);
  let entriesDone = 0;
  const experiments: Experiment[] = [];
  const runs: BundleRun[] = [];
  const prefixOf = new Map<Experiment | BundleRun, string>();
  for (const dir of layout.experiments) {
    const experiment = assembleExperiment(dir, ctx);
    if (experiment) {
      experiments.push(experiment);
      prefixOf.set(experiment, dir.prefix);
    }
    options.onProgress?.({ entriesDone: ++entriesDone, entriesTotal });
    let earliest = Infinity;
    const runDirs = [...dir.runs.values()].filter((r) => r.meta !== null); // a missing meta.yaml is already reported
    for (const runDir of runDirs.sort((a, b) => compare(a.dirName, b.dirName))) {
      const run = assembleRun(runDir, dir.dirName, ctx);
      if (run) {
        runs.push(run);
        prefixOf.set(run, runDir.prefix);
        earliest = Math.min(earliest, run.run.startTime);
      }
      options.onProgress?.({ entriesDone: ++entriesDone, entriesTotal });
      await pause();
    }
    if (experiment && Number.isNaN(experiment.creationTime)) experiment.creationTime = Number.isFinite(earliest) ? earliest : 0;
    if (experiment && Number.isNaN(experiment.lastUpdateTime)) experiment.lastUpdateTime = experiment.creationTime;
  }
  const content = crossCheck(experiments, runs, prefixOf, ctx);
  content.registeredModels = readRegistry(layout, content, ctx);
  if (manifest) checkCounts(manifest, content, layout, ctx);
  const unmodelled = unmodelledNotes(layout.unmodelled, ctx);
  if (errors.length > 0 || errors.omitted > 0) return { ok: false, errors: errors.result() };
  const notes = [...unmodelled, ...layout.notes];
  for (const [why, { count, example }] of noteCounts) notes.push(`${count} × ${why} (e.g. "${example}").`);
  return { ok: true, content, manifest, notes };
}

function compare(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Parses the manifest and checks every file under the bundle root against it (keeping the bytes for parsing). */
async function readManifest(
  layout: Layout,
  ctx: ReadContext,
  cache: Map<ZipEntry, Uint8Array>,
  pause: () => Promise<void>,
): Promise<BundleManifest | null> {
  const entry = layout.manifest;
  if (entry === null || layout.bundleRoot === null) return null;
  if (entry.uncompressedSize > ctx.limits.maxManifestBytes) {
    ctx.errors.push({ entry: entry.name, message: `The manifest is ${entry.uncompressedSize} bytes; the limit is ${ctx.limits.maxManifestBytes}.` });
    return null;
  }
  const bytes = ctx.read(entry);
  const text = bytes && decodeText(bytes, entry.name, ctx.errors);
  const manifest = text === null ? null : parseManifest(text, entry.name, ctx.errors);
  if (manifest === null) return null;
  const actual = new Map<string, { entry: string; size: number; sha256: string }>();
  const files = layout.bundleFiles;
  for (let start = 0; start < files.length; start += 256) {
    const batch: Array<{ entry: ZipEntry; data: Uint8Array }> = [];
    for (const file of files.slice(start, start + 256)) {
      const data = ctx.read(file);
      if (data) batch.push({ entry: file, data });
    }
    const digests = await Promise.all(batch.map(({ data }) => sha256Hex(data)));
    batch.forEach(({ entry: file, data }, i) => {
      cache.set(file, data);
      actual.set(file.name.slice(layout.bundleRoot?.length ?? 0), { entry: file.name, size: data.length, sha256: digests[i] as string });
    });
    await pause();
  }
  checkManifestFiles(manifest, actual, layout.bundleRoot, ctx.errors);
  return manifest;
}

/** Ids, names and parent links across the whole bundle. */
function crossCheck(
  experiments: Experiment[],
  runs: BundleRun[],
  prefixOf: ReadonlyMap<Experiment | BundleRun, string>,
  ctx: ReadContext,
): BundleContent {
  const seenExperiments = new Map<string, Experiment>();
  const names = new Map<string, string>();
  for (const experiment of experiments) {
    const id = experiment.experimentId;
    if (seenExperiments.has(id)) {
      ctx.errors.push({ entry: prefixOf.get(experiment) ?? id, message: `Experiment ${id} exists both as an active and as a deleted (.trash) experiment.` });
    }
    seenExperiments.set(id, experiment);
    const other = names.get(experiment.name);
    if (other !== undefined && other !== id) {
      ctx.errors.push({ entry: `${prefixOf.get(experiment) ?? ''}meta.yaml`, message: `Experiments ${other} and ${id} are both named "${experiment.name}"; MLflow requires unique names.` });
    }
    names.set(experiment.name, id);
  }
  const byId = new Map<string, BundleRun>();
  for (const bundleRun of runs) {
    const { runId, experimentId } = bundleRun.run;
    const other = byId.get(runId);
    if (other) {
      ctx.errors.push({ entry: prefixOf.get(bundleRun) ?? runId, message: `Run ${runId} appears in experiments ${other.run.experimentId} and ${experimentId}.` });
    }
    byId.set(runId, bundleRun);
  }
  for (const bundleRun of runs) {
    const { run } = bundleRun;
    let parent = run.parentRunId;
    if (parent === null) continue;
    if (!byId.has(parent)) {
      ctx.note('runs have a parent run that is not in the bundle (the mlflow.parentRunId link is kept)', run.runId);
      continue;
    }
    const path = new Set<string>([run.runId]);
    while (parent !== null && !path.has(parent)) {
      path.add(parent);
      parent = byId.get(parent)?.run.parentRunId ?? null;
    }
    if (parent !== null) {
      ctx.errors.push({ entry: `${prefixOf.get(bundleRun) ?? ''}tags/mlflow.parentRunId`, message: `Run ${run.runId} is its own ancestor (parent links form a cycle).` });
    }
  }
  experiments.sort((a, b) => compare(a.experimentId, b.experimentId));
  runs.sort((a, b) => compare(a.run.experimentId, b.run.experimentId) || compare(a.run.runId, b.run.runId));
  return { experiments, runs };
}

/** The registry's models, by name; versions whose run is not in the bundle are noted (their link is kept). */
function readRegistry(layout: Layout, content: BundleContent, ctx: ReadContext): BundleRegisteredModel[] {
  const runIds = new Set(content.runs.map((r) => r.run.runId as string));
  const models: BundleRegisteredModel[] = [];
  for (const dir of layout.registry) {
    const model = assembleRegisteredModel(dir, ctx);
    if (!model) continue;
    models.push(model);
    for (const version of model.versions) {
      if (version.currentStage === STAGE_DELETED_INTERNAL) continue;
      if (version.runId === null || !runIds.has(version.runId)) {
        ctx.note(
          "model versions come from runs that are not in the bundle (imported with their run link; the model files are there only if this browser has that run)",
          `${model.name} version ${version.version}`,
        );
      }
    }
  }
  return models.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function checkCounts(manifest: BundleManifest, content: BundleContent, layout: Layout, ctx: ReadContext): void {
  const entry = layout.manifest?.name ?? '';
  if (manifest.defaultExperimentPlaceholder) {
    const at = content.experiments.findIndex((e) => e.experimentId === '0');
    if (at !== -1 && !content.runs.some((r) => r.run.experimentId === '0')) content.experiments.splice(at, 1);
  }
  const actual = {
    experiments: content.experiments.length,
    runs: content.runs.length,
    metricPoints: content.runs.reduce((n, r) => n + Object.values(r.histories).reduce((m, h) => m + h.values.length, 0), 0),
    artifacts: content.runs.reduce((n, r) => n + r.artifacts.length, 0),
  };
  const registered = content.registeredModels ?? [];
  const registry = { registeredModels: registered.length, modelVersions: registered.reduce((n, m) => n + m.versions.length, 0) };
  for (const key of ['registeredModels', 'modelVersions'] as const) {
    const counted = manifest.counts[key];
    if (counted !== undefined && counted !== registry[key]) {
      ctx.errors.push({ entry, message: `The manifest counts ${String(counted)} ${key}, but the bundle holds ${registry[key]}.` });
    }
  }
  for (const key of ['experiments', 'runs', 'metricPoints', 'artifacts'] as const) {
    if (manifest.counts[key] !== actual[key]) {
      ctx.errors.push({ entry, message: `The manifest counts ${manifest.counts[key]} ${key}, but the bundle holds ${actual[key]}.` });
    }
  }
}
