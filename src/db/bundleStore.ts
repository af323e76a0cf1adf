/**
 * Run bundles and the store: collecting what an export holds, planning an import (what is new,
 * what conflicts) and writing it in ONE transaction, so an import is all or nothing. The zip and
 * the mlruns format are domain/bundle's; this module only reads and writes tables.
 */
import type { BundleContent, BundleRegisteredModel, BundleRun } from '../domain/bundle';
import { STAGE_DELETED_INTERNAL } from '../domain/registry/registry.types';
import type { ExperimentId, RunId } from '../domain/ids';
import type { Experiment } from '../domain/tracking/types';
import { getMetricHistory } from './metricStore';
import { toRun } from './runStore';
import { METRIC_CHUNK_SIZE, type ArtifactRow, type MetricChunkRow, type ModelVersionRow, type RegisteredModelRow, type RunRow, type TrainyardDB } from './schema';

export type BundleSelection = { runIds: readonly RunId[] } | { experimentIds: readonly ExperimentId[] } | { all: true };

export type ConflictChoice = 'skip' | 'replace';

/** What an import would do (before) or did (after). */
export interface ImportSummary {
  experiments: { created: number; existing: number; renamed: Array<{ from: string; to: string }> };
  runs: { created: number; replaced: number; skipped: number };
  metricPoints: number;
  artifacts: number;
  /** Runs already in the store (same run id): skipped or replaced as the user chose. */
  conflicts: RunId[];
  /**
   * The registry: a registered model whose name is already here is a conflict, skipped or replaced
   * whole (versions, aliases, tags) as the user chose for runs.
   */
  registeredModels: { created: number; replaced: number; skipped: number; versions: number; conflicts: string[] };
}

/**
 * Everything the selection covers: runs with their experiments, full histories and artifacts.
 * Rows are read in one transaction; artifact bytes are read after it, because awaiting anything
 * but IndexedDB inside a transaction (Blob.arrayBuffer) lets the browser commit it.
 */
export async function collectBundle(db: TrainyardDB, selection: BundleSelection): Promise<BundleContent> {
  const read = await db.transaction('r', [db.experiments, db.runs, db.metricChunks, db.artifacts, db.registeredModels, db.modelVersions], async () => {
    let rows: RunRow[];
    if ('all' in selection) rows = await db.runs.toArray();
    else if ('experimentIds' in selection) rows = await db.runs.where('experimentId').anyOf([...selection.experimentIds]).toArray();
    else rows = (await db.runs.bulkGet([...selection.runIds])).filter((r): r is RunRow => r !== undefined);
    const experimentIds = 'all' in selection ? null : new Set<string>([...rows.map((r) => r.experimentId), ...('experimentIds' in selection ? selection.experimentIds : [])]);
    const experiments = (await db.experiments.toArray()).filter((e) => experimentIds === null || experimentIds.has(e.experimentId));
    const runs = [];
    for (const row of rows) {
      const histories: BundleRun['histories'] = {};
      for (const key of Object.keys(row.metrics)) histories[key] = await getMetricHistory(db, { runId: row.runId, key });
      runs.push({ run: toRun(row), histories, artifactRows: await db.artifacts.where('runId').equals(row.runId).toArray() });
    }
    const registeredModels = await collectRegistry(db, 'all' in selection ? null : new Set(rows.map((r) => r.runId)));
    return { experiments, runs, registeredModels };
  });
  const runs: BundleRun[] = [];
  for (const { run, histories, artifactRows } of read.runs) {
    const artifacts = await Promise.all(artifactRows.map(async (a) => ({ path: a.path, bytes: new Uint8Array(await a.blob.arrayBuffer()) })));
    runs.push({ run, histories, artifacts });
  }
  return { experiments: read.experiments, runs, registeredModels: read.registeredModels };
}

/**
 * The registry an export carries: all of it for "everything"; otherwise the registered models with
 * a version from one of the exported runs, with those versions (and the deleted ones, which keep
 * the numbering) and the aliases that point at them.
 */
async function collectRegistry(db: TrainyardDB, runIds: ReadonlySet<string> | null): Promise<BundleRegisteredModel[]> {
  const models = await db.registeredModels.orderBy('name').toArray();
  const versions = await db.modelVersions.toArray();
  const out: BundleRegisteredModel[] = [];
  for (const model of models) {
    const own = versions.filter((v) => v.name === model.name).sort((a, b) => a.version - b.version);
    const kept = own.filter((v) => runIds === null || v.currentStage === STAGE_DELETED_INTERNAL || (v.runId !== null && runIds.has(v.runId)));
    if (runIds !== null && !kept.some((v) => v.currentStage !== STAGE_DELETED_INTERNAL)) continue;
    const numbers = new Set(kept.map((v) => v.version));
    out.push({
      name: model.name,
      creationTimestamp: model.creationTimestamp,
      lastUpdatedTimestamp: model.lastUpdatedTimestamp,
      description: model.description,
      tags: model.tags,
      aliases: model.aliases.filter((a) => numbers.has(a.version)),
      versions: kept.map((v) => ({
        version: v.version,
        source: v.source,
        runId: v.runId,
        description: v.description,
        currentStage: v.currentStage,
        creationTimestamp: v.creationTimestamp,
        lastUpdatedTimestamp: v.lastUpdatedTimestamp,
        userId: v.userId,
        tags: v.tags,
      })),
    });
  }
  return out;
}

/** A free name for an imported experiment whose name another experiment here already has. */
function freeName(name: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${name} (imported)` : `${name} (imported ${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}

function countPoints(run: BundleRun): number {
  return Object.values(run.histories).reduce((n, h) => n + h.values.length, 0);
}

/** What writing `content` would do; reads only. */
export async function planImport(db: TrainyardDB, content: BundleContent, onConflict: ConflictChoice): Promise<ImportSummary> {
  return db.transaction('r', [db.experiments, db.runs, db.registeredModels], async () => (await plan(db, content, onConflict)).summary);
}

async function plan(db: TrainyardDB, content: BundleContent, onConflict: ConflictChoice) {
  const existing = await db.experiments.toArray();
  const byId = new Map(existing.map((e) => [e.experimentId, e]));
  const names = new Set(existing.map((e) => e.name));
  const renamed: Array<{ from: string; to: string }> = [];
  const toCreate: Experiment[] = [];
  for (const experiment of content.experiments) {
    if (byId.has(experiment.experimentId)) continue;
    let name = experiment.name;
    if (names.has(name)) {
      name = freeName(name, names);
      renamed.push({ from: experiment.name, to: name });
    }
    names.add(name);
    toCreate.push({ ...experiment, name });
  }
  const present = new Set((await db.runs.bulkGet(content.runs.map((r) => r.run.runId))).filter((r) => r !== undefined).map((r) => r.runId));
  const conflicts = content.runs.filter((r) => present.has(r.run.runId)).map((r) => r.run.runId);
  const written = content.runs.filter((r) => onConflict === 'replace' || !present.has(r.run.runId));
  const models = content.registeredModels ?? [];
  const modelsHere = new Set((await db.registeredModels.bulkGet(models.map((m) => m.name))).filter((m) => m !== undefined).map((m) => m.name));
  const modelConflicts = models.filter((m) => modelsHere.has(m.name)).map((m) => m.name);
  const modelsWritten = models.filter((m) => onConflict === 'replace' || !modelsHere.has(m.name));
  const summary: ImportSummary = {
    experiments: { created: toCreate.length, existing: content.experiments.length - toCreate.length, renamed },
    runs: {
      created: written.length - (onConflict === 'replace' ? conflicts.length : 0),
      replaced: onConflict === 'replace' ? conflicts.length : 0,
      skipped: onConflict === 'skip' ? conflicts.length : 0,
    },
    metricPoints: written.reduce((n, r) => n + countPoints(r), 0),
    artifacts: written.reduce((n, r) => n + r.artifacts.length, 0),
    conflicts,
    registeredModels: {
      created: modelsWritten.length - (onConflict === 'replace' ? modelConflicts.length : 0),
      replaced: onConflict === 'replace' ? modelConflicts.length : 0,
      skipped: onConflict === 'skip' ? modelConflicts.length : 0,
      versions: modelsWritten.reduce((n, m) => n + m.versions.filter((v) => v.currentStage !== STAGE_DELETED_INTERNAL).length, 0),
      conflicts: modelConflicts,
    },
  };
  return { summary, toCreate, written, modelsWritten };
}

function chunks(runId: RunId, key: string, history: BundleRun['histories'][string]): MetricChunkRow[] {
  const rows: MetricChunkRow[] = [];
  for (let start = 0, seq = 0; start < history.values.length; start += METRIC_CHUNK_SIZE, seq++) {
    const end = Math.min(history.values.length, start + METRIC_CHUNK_SIZE);
    rows.push({
      runId,
      key,
      seq,
      steps: history.steps.slice(start, end),
      values: history.values.slice(start, end),
      timestamps: history.timestamps.slice(start, end),
    });
  }
  return rows;
}

/** Rows of an import waiting for their bulkPut; full at a few thousand rows or 64 MiB of artifacts. */
class WriteBatch {
  runs: RunRow[] = [];
  chunks: MetricChunkRow[] = [];
  artifacts: ArtifactRow[] = [];
  artifactBytes = 0;
  private readonly db: TrainyardDB;

  constructor(db: TrainyardDB) {
    this.db = db;
  }

  full(): boolean {
    return this.runs.length >= 2000 || this.chunks.length >= 20_000 || this.artifacts.length >= 2000 || this.artifactBytes >= 64 * 1024 * 1024;
  }

  async flush(): Promise<void> {
    if (this.runs.length > 0) await this.db.runs.bulkPut(this.runs);
    if (this.chunks.length > 0) await this.db.metricChunks.bulkPut(this.chunks);
    if (this.artifacts.length > 0) await this.db.artifacts.bulkPut(this.artifacts);
    this.runs = [];
    this.chunks = [];
    this.artifacts = [];
    this.artifactBytes = 0;
  }
}

/**
 * Writes a validated bundle in one transaction: new experiments (renamed when their name is
 * taken), runs (an existing run id is skipped or replaced whole), histories and artifacts. Any
 * failure rolls everything back.
 */
export async function writeBundle(db: TrainyardDB, content: BundleContent, onConflict: ConflictChoice): Promise<ImportSummary> {
  return db.transaction('rw', [db.experiments, db.runs, db.metricChunks, db.artifacts, db.registeredModels, db.modelVersions], async () => {
    const { summary, toCreate, written, modelsWritten } = await plan(db, content, onConflict);
    const conflicts = new Set(summary.conflicts);
    if (toCreate.length > 0) await db.experiments.bulkAdd(toCreate);
    const replaced = written.filter(({ run }) => conflicts.has(run.runId)).map(({ run }) => run.runId);
    if (replaced.length > 0) {
      await db.metricChunks.where('runId').anyOf(replaced).delete();
      await db.artifacts.where('runId').anyOf(replaced).delete();
    }
    // Rows go in batches (one request per table per batch, not several awaited per run): a team's
    // 10,000-run directory is otherwise tens of thousands of round trips inside the transaction.
    const batch = new WriteBatch(db);
    const now = Date.now();
    for (const { run, histories, artifacts } of written) {
      // Nothing here writes to an imported run: it has no writer and no heartbeat, and it keeps
      // the status and end time the bundle gave (a RUNNING run is running elsewhere; the orphan
      // sweep skips imported runs).
      batch.runs.push({ ...run, writerId: null, heartbeatAt: null, imported: true });
      for (const [key, history] of Object.entries(histories)) batch.chunks.push(...chunks(run.runId, key, history));
      for (const a of artifacts) {
        batch.artifacts.push({ runId: run.runId, path: a.path, blob: new Blob([a.bytes as Uint8Array<ArrayBuffer>]), size: a.bytes.length, type: 'application/octet-stream', modifiedTime: now });
        batch.artifactBytes += a.bytes.length;
      }
      if (batch.full()) await batch.flush();
    }
    await batch.flush();
    for (const model of modelsWritten) await writeRegisteredModel(db, model);
    return summary;
  });
}

/**
 * Puts a registered model with the versions the bundle carries. A bundle of some runs carries only
 * their versions, so the versions (and aliases on them) it doesn't carry are kept: the bundle's
 * versions replace the same numbers, its aliases win over same-named local ones, and the model's
 * description, tags and timestamps become the bundle's.
 */
async function writeRegisteredModel(db: TrainyardDB, model: BundleRegisteredModel): Promise<void> {
  const carried = new Set(model.versions.map((v) => v.version));
  const existing = await db.registeredModels.get(model.name);
  const local = await db.modelVersions.where('name').equals(model.name).toArray();
  const keptLive = new Set(local.filter((v) => !carried.has(v.version) && v.currentStage !== STAGE_DELETED_INTERNAL).map((v) => v.version));
  await db.modelVersions.where('name').equals(model.name).filter((v) => carried.has(v.version)).delete();
  const bundleAliases = new Set(model.aliases.map((a) => a.alias));
  const row: RegisteredModelRow = {
    name: model.name,
    creationTimestamp: model.creationTimestamp,
    lastUpdatedTimestamp: model.lastUpdatedTimestamp,
    description: model.description,
    tags: model.tags,
    aliases: [...model.aliases, ...(existing?.aliases ?? []).filter((a) => !bundleAliases.has(a.alias) && keptLive.has(a.version))],
  };
  await db.registeredModels.put(row);
  const versions: ModelVersionRow[] = model.versions.map((v) => ({ ...v, name: model.name, status: 'READY' }));
  if (versions.length > 0) await db.modelVersions.bulkPut(versions);
}
