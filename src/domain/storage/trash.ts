/**
 * The trash, as MLflow has it: experiments and runs whose lifecycle stage is `deleted`, restorable
 * until purged. A run trashed with its experiment (or on its own inside a trashed experiment) goes
 * with the experiment: purging the experiment purges all its runs.
 */
import type { ExperimentId, RunId } from '../ids';
import { formatBytes, type ExperimentStorage, type RunStorage, type StorageReport } from './storageSize';

export type TrashEntry =
  | {
      kind: 'experiment';
      experimentId: ExperimentId;
      name: string;
      runCount: number;
      /** Runs of it still RUNNING: a purge would refuse. */
      runningRuns: number;
      bytes: number;
      metricPoints: number;
      artifactFiles: number;
      modelFiles: number;
    }
  | {
      kind: 'run';
      runId: RunId;
      experimentId: ExperimentId;
      experimentName: string;
      name: string;
      running: boolean;
      deletedTime: number | null;
      bytes: number;
      metricKeys: number;
      metricPoints: number;
      artifactFiles: number;
      modelFiles: number;
    };

export interface Trash {
  /** Trashed experiments first (biggest first), then runs trashed on their own (biggest first). */
  entries: TrashEntry[];
  bytes: number;
  /** Runs in the trash that are RUNNING: emptying the trash leaves them. */
  runningRuns: number;
}

/** The trash of a storage report. */
export function trashOf(report: StorageReport): Trash {
  const experiments = new Map<ExperimentId, ExperimentStorage>(report.experiments.map((e) => [e.experimentId, e]));
  const deletedExperiments = report.experiments.filter((e) => e.lifecycleStage === 'deleted');
  const runsByExperiment = new Map<ExperimentId, RunStorage[]>();
  for (const run of report.runs) {
    const list = runsByExperiment.get(run.experimentId) ?? [];
    list.push(run);
    runsByExperiment.set(run.experimentId, list);
  }
  const entries: TrashEntry[] = deletedExperiments.map((experiment) => {
    const runs = runsByExperiment.get(experiment.experimentId) ?? [];
    return {
      kind: 'experiment',
      experimentId: experiment.experimentId,
      name: experiment.name,
      runCount: runs.length,
      runningRuns: runs.filter((r) => r.status === 'RUNNING').length,
      bytes: experiment.bytes.total,
      metricPoints: runs.reduce((n, r) => n + r.metricPoints, 0),
      artifactFiles: runs.reduce((n, r) => n + r.artifactFiles, 0),
      modelFiles: runs.reduce((n, r) => n + r.modelFiles, 0),
    };
  });
  // report.runs is biggest first already.
  for (const run of report.runs) {
    if (run.lifecycleStage !== 'deleted' || experiments.get(run.experimentId)?.lifecycleStage === 'deleted') continue;
    entries.push({
      kind: 'run',
      runId: run.runId,
      experimentId: run.experimentId,
      experimentName: experiments.get(run.experimentId)?.name ?? run.experimentId,
      name: run.runName,
      running: run.status === 'RUNNING',
      deletedTime: run.deletedTime,
      bytes: run.bytes.total,
      metricKeys: run.metricKeys,
      metricPoints: run.metricPoints,
      artifactFiles: run.artifactFiles,
      modelFiles: run.modelFiles,
    });
  }
  let runningRuns = 0;
  for (const entry of entries) runningRuns += entry.kind === 'run' ? Number(entry.running) : entry.runningRuns;
  return { entries, bytes: entries.reduce((n, e) => n + e.bytes, 0), runningRuns };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

function contents(entry: { metricPoints: number; artifactFiles: number; modelFiles: number }): string {
  return [
    plural(entry.metricPoints, 'metric point'),
    plural(entry.artifactFiles, 'artifact file'),
    plural(entry.modelFiles, 'model file'),
  ].join(', ');
}

/** What "Delete permanently" will remove, for the confirmation: names what goes and the bytes freed. */
export function purgeConfirmation(entry: TrashEntry): string {
  const freed = `frees about ${formatBytes(entry.bytes)}`;
  if (entry.kind === 'experiment') {
    return (
      `Experiment "${entry.name}" and its ${plural(entry.runCount, 'run')} (${contents(entry)}) will be deleted permanently; ` +
      `this ${freed}. It can't be undone.`
    );
  }
  return (
    `Run "${entry.name}" (in "${entry.experimentName}") with its params, tags, ${plural(entry.metricKeys, 'metric')} ` +
    `(${contents(entry)}) will be deleted permanently; this ${freed}. It can't be undone.`
  );
}

/** The confirmation for emptying the whole trash. */
export function emptyTrashConfirmation(trash: Trash): string {
  const experiments = trash.entries.filter((e) => e.kind === 'experiment').length;
  const runs = trash.entries.reduce((n, e) => n + (e.kind === 'run' ? 1 : e.runCount), 0);
  const running =
    trash.runningRuns > 0 ? ` Runs still running, and experiments holding them, stay in the trash (${plural(trash.runningRuns, 'run')}).` : '';
  return (
    `Everything in the trash (${plural(experiments, 'experiment')}, ${plural(runs, 'run')}) will be deleted permanently; ` +
    `this frees about ${formatBytes(trash.bytes)}. It can't be undone.${running}`
  );
}

/** Run ids a purge of `entries` deletes: the runs themselves, or every run of a trashed experiment. */
export function runsPurgedWith(entries: readonly TrashEntry[], report: Pick<StorageReport, 'runs'>): RunId[] {
  const experiments = new Set(entries.flatMap((e) => (e.kind === 'experiment' ? [e.experimentId] : [])));
  const runs = new Set(entries.flatMap((e) => (e.kind === 'run' ? [e.runId] : [])));
  for (const run of report.runs) if (experiments.has(run.experimentId)) runs.add(run.runId);
  return [...runs];
}

/**
 * What a purge does to the registry: registered versions whose source run goes stay registered
 * (as in MLflow) but lose their model files. Empty when no version comes from those runs.
 */
export function registryPurgeWarning(versions: readonly { name: string; version: number; aliases: readonly string[] }[]): string {
  if (versions.length === 0) return '';
  const shown = versions.slice(0, 5).map((v) => `"${v.name}" version ${v.version}${v.aliases.length > 0 ? ` (${v.aliases.map((a) => `@${a}`).join(', ')})` : ''}`);
  const more = versions.length > 5 ? ` and ${versions.length - 5} more` : '';
  return (
    ` Registered model ${versions.length === 1 ? 'version' : 'versions'} ${shown.join(', ')}${more} ${versions.length === 1 ? 'comes' : 'come'} from ` +
    `${versions.length === 1 ? 'this run' : 'these runs'}: ${versions.length === 1 ? 'it stays' : 'they stay'} registered, but can no longer be loaded or predicted with.`
  );
}
