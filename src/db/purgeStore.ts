/**
 * Permanent deletion, MLflow's `mlflow gc`: only what is already in the trash goes, a RUNNING run
 * never does, and each purge removes a run's row (params, tags, summaries), metric chunks and
 * artifacts in one transaction, so a failure leaves everything as it was. Only the storage service
 * (services/storage) calls these.
 */
import { TrackingError } from '../domain/errors';
import type { ExperimentId, RunId } from '../domain/ids';
import { getExperiment } from './experimentStore';
import { getRunRow } from './runStore';
import type { RunRow, TrainyardDB } from './schema';

export interface EmptyTrashResult {
  experimentIds: ExperimentId[];
  runIds: RunId[];
  /** What stayed in the trash and why (a run still RUNNING). */
  skipped: string[];
}

function runLabel(run: Pick<RunRow, 'runName' | 'runId'>): string {
  return `"${run.runName}" (${run.runId})`;
}

function stillRunning(runs: readonly RunRow[]): string {
  const names = runs.slice(0, 3).map(runLabel).join(', ');
  const more = runs.length > 3 ? ` and ${runs.length - 3} more` : '';
  return `${names}${more}`;
}

async function deleteRunsData(db: TrainyardDB, runIds: readonly RunId[]): Promise<void> {
  if (runIds.length === 0) return;
  const ids = [...runIds];
  await db.metricChunks.where('runId').anyOf(ids).delete();
  await db.artifacts.where('runId').anyOf(ids).delete();
  await db.syncRuns.where('runId').anyOf(ids).delete();
  await db.runs.bulkDelete(ids);
}

/** Permanently deletes a run in the trash with everything it logged. */
export async function purgeRun(db: TrainyardDB, options: { runId: RunId }): Promise<void> {
  await db.transaction('rw', [db.runs, db.metricChunks, db.artifacts, db.syncRuns], async () => {
    const run = await getRunRow(db, options.runId);
    if (run.lifecycleStage !== 'deleted') {
      throw new TrackingError(
        'INVALID_STATE',
        `Run ${runLabel(run)} is not in the trash; only deleted runs can be deleted permanently (deleteRun first).`,
      );
    }
    if (run.status === 'RUNNING') {
      throw new TrackingError('INVALID_STATE', `Run ${runLabel(run)} is still RUNNING; end or stop it before deleting it permanently.`);
    }
    await deleteRunsData(db, [run.runId]);
  });
}

/** Permanently deletes an experiment in the trash and all its runs; refuses while any of them is RUNNING. */
export async function purgeExperiment(db: TrainyardDB, options: { experimentId: ExperimentId }): Promise<RunId[]> {
  return db.transaction('rw', [db.experiments, db.runs, db.metricChunks, db.artifacts, db.syncRuns], async () => {
    const experiment = await getExperiment(db, options.experimentId);
    if (experiment.lifecycleStage !== 'deleted') {
      throw new TrackingError(
        'INVALID_STATE',
        `Experiment "${experiment.name}" is not in the trash; only deleted experiments can be deleted permanently (deleteExperiment first).`,
      );
    }
    const runs = await db.runs.where('experimentId').equals(experiment.experimentId).toArray();
    const running = runs.filter((r) => r.status === 'RUNNING');
    if (running.length > 0) {
      throw new TrackingError(
        'INVALID_STATE',
        `Experiment "${experiment.name}" has runs still RUNNING (${stillRunning(running)}); end or stop them before deleting it permanently.`,
      );
    }
    const runIds = runs.map((r) => r.runId);
    await deleteRunsData(db, runIds);
    await db.experiments.delete(experiment.experimentId);
    return runIds;
  });
}

/**
 * Purges everything in the trash in one transaction: deleted experiments with all their runs, and
 * deleted runs of active experiments. What holds a RUNNING run stays, and is named in `skipped`.
 */
export async function emptyTrash(db: TrainyardDB): Promise<EmptyTrashResult> {
  return db.transaction('rw', [db.experiments, db.runs, db.metricChunks, db.artifacts, db.syncRuns], async () => {
    const deletedExperiments = (await db.experiments.toArray()).filter((e) => e.lifecycleStage === 'deleted');
    const trashedExperimentIds = new Set<string>(deletedExperiments.map((e) => e.experimentId));
    const result: EmptyTrashResult = { experimentIds: [], runIds: [], skipped: [] };
    for (const experiment of deletedExperiments) {
      const runs = await db.runs.where('experimentId').equals(experiment.experimentId).toArray();
      const running = runs.filter((r) => r.status === 'RUNNING');
      if (running.length > 0) {
        result.skipped.push(`Experiment "${experiment.name}" (runs still RUNNING: ${stillRunning(running)})`);
        continue;
      }
      await deleteRunsData(db, runs.map((r) => r.runId));
      await db.experiments.delete(experiment.experimentId);
      result.experimentIds.push(experiment.experimentId);
      result.runIds.push(...runs.map((r) => r.runId));
    }
    const deletedRuns = await db.runs
      .filter((r) => r.lifecycleStage === 'deleted' && !trashedExperimentIds.has(r.experimentId))
      .toArray();
    const purgeable: RunId[] = [];
    for (const run of deletedRuns) {
      if (run.status === 'RUNNING') result.skipped.push(`Run ${runLabel(run)} (still RUNNING)`);
      else purgeable.push(run.runId);
    }
    await deleteRunsData(db, purgeable);
    result.runIds.push(...purgeable);
    return result;
  });
}

/** Deletes an imported dataset's file; downloaded built-ins are kept for offline training. */
export async function deleteDataset(db: TrainyardDB, options: { datasetId: string }): Promise<void> {
  await db.transaction('rw', db.datasets, async () => {
    const row = await db.datasets.get(options.datasetId);
    if (!row) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No dataset with id "${options.datasetId}".`);
    if (row.source !== 'import') {
      throw new TrackingError(
        'INVALID_STATE',
        `Dataset "${row.name}" was downloaded by the app and is kept so its recipe trains offline; only imported datasets can be deleted.`,
      );
    }
    await db.datasets.delete(row.datasetId);
  });
}
