/**
 * Run writes: creation, status, params, tags, deletion, heartbeats and the orphan sweep.
 * Only the tracking client calls these; the UI observes the store through liveQuery.
 */
import { TrackingError } from '../domain/errors';
import { ownValue, setOwn } from '../domain/records';
import { newRunId, type ExperimentId, type RunId } from '../domain/ids';
import { randomRunName } from '../domain/tracking/runName';
import { TAG_NOTE, TERMINAL_STATUSES, type Run, type RunStatus } from '../domain/tracking/types';
import { findPathClash, validateKey, validateTagValue } from '../domain/tracking/validation';
import { getExperiment } from './experimentStore';
import type { RunRow, TrainyardDB } from './schema';

export const TAG_RUN_NAME = 'mlflow.runName';
export const TAG_PARENT_RUN_ID = 'mlflow.parentRunId';
export const TAG_USER = 'mlflow.user';
export const TAG_SOURCE_TYPE = 'mlflow.source.type';
export const TAG_SOURCE_NAME = 'mlflow.source.name';
export { TAG_NOTE };

export async function getRunRow(db: TrainyardDB, runId: RunId): Promise<RunRow> {
  const run = await db.runs.get(runId);
  if (!run) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No run with id "${runId}".`);
  return run;
}

/** The run, or null when there is none (what a page showing a run id from its URL needs). */
export async function findRun(db: TrainyardDB, runId: RunId): Promise<Run | null> {
  const row = await db.runs.get(runId);
  return row ? toRun(row) : null;
}

/** Strips the store's bookkeeping so callers see MLflow's run shape. */
export function toRun(row: RunRow): Run {
  const { writerId: _writerId, heartbeatAt: _heartbeatAt, imported: _imported, ...run } = row;
  return run;
}

export function assertActive(run: RunRow): void {
  if (run.lifecycleStage !== 'active') {
    throw new TrackingError(
      'INVALID_STATE',
      `Run "${run.runName}" (${run.runId}) is deleted; restore it before logging to it.`,
    );
  }
}

export interface CreateRunOptions {
  experimentId: ExperimentId;
  runName?: string;
  parentRunId?: RunId | null;
  tags?: Record<string, string>;
  userId: string;
  writerId: string | null;
  startTime?: number;
  /**
   * The writer's clock now, where the heartbeat of a RUNNING run starts. It differs from
   * `startTime` when a run is created with a past start time (MlflowClient.create_run's
   * start_time): the orphan sweep must not take a run created this second as long silent.
   * Defaults to `startTime`.
   */
  now?: number;
  status?: RunStatus;
}

export async function createRun(db: TrainyardDB, options: CreateRunOptions): Promise<Run> {
  const startTime = options.startTime ?? Date.now();
  const now = options.now ?? startTime;
  const userTags = validateTags(options.tags ?? {});
  const runName = chooseRunName(options.runName, ownValue(userTags, TAG_RUN_NAME));
  return db.transaction('rw', db.experiments, db.runs, async () => {
    const experiment = await getExperiment(db, options.experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw new TrackingError('INVALID_STATE', `Experiment "${experiment.name}" is deleted; runs can't be created in it.`);
    }
    const parentRunId = options.parentRunId ?? null;
    if (parentRunId) await getRunRow(db, parentRunId);
    const runId = newRunId();
    const tags: Record<string, string> = {
      [TAG_USER]: options.userId,
      [TAG_SOURCE_TYPE]: 'LOCAL',
      [TAG_SOURCE_NAME]: 'trainyard',
      ...userTags,
      [TAG_RUN_NAME]: runName,
    };
    if (parentRunId) tags[TAG_PARENT_RUN_ID] = parentRunId;
    const status = options.status ?? 'RUNNING';
    const row: RunRow = {
      runId,
      experimentId: experiment.experimentId,
      runName,
      status,
      startTime,
      endTime: null,
      lifecycleStage: 'active',
      deletedTime: null,
      userId: options.userId,
      artifactUri: `${experiment.artifactLocation}/${runId}/artifacts`,
      parentRunId,
      params: {},
      tags,
      metrics: {},
      writerId: options.writerId,
      heartbeatAt: status === 'RUNNING' ? now : null,
    };
    await db.runs.add(row);
    return toRun(row);
  });
}

/** MLflow's rule: the runName argument, else the mlflow.runName tag, else a random name; they must agree. */
function chooseRunName(argument: string | undefined, tag: string | undefined): string {
  const fromArgument = argument?.trim();
  const fromTag = tag?.trim();
  if (fromArgument && fromTag && fromArgument !== fromTag) {
    throw new TrackingError(
      'INVALID_PARAMETER_VALUE',
      `Both runName ("${fromArgument}") and the ${TAG_RUN_NAME} tag ("${fromTag}") are given, with different values.`,
    );
  }
  return fromArgument || fromTag || randomRunName();
}

const SYSTEM_TAGS_AT_CREATION = [TAG_USER, TAG_SOURCE_TYPE, TAG_SOURCE_NAME, TAG_RUN_NAME, TAG_PARENT_RUN_ID];

function validateTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    validateKey('tag', key);
    assertNoClash('tag', key, [...Object.keys(out), ...SYSTEM_TAGS_AT_CREATION]);
    setOwn(out, key, validateTagValue(key, value));
  }
  return out;
}

/** Sets status and end time. A terminal status gets an end time and drops the heartbeat. */
export async function updateRun(
  db: TrainyardDB,
  options: { runId: RunId; status?: RunStatus; endTime?: number; runName?: string; tags?: Record<string, string> },
): Promise<void> {
  await db.transaction('rw', db.runs, async () => {
    const run = await getRunRow(db, options.runId);
    const changes: Partial<RunRow> = {};
    // Tags written with the status (a failure's reason), so the run never ends without them.
    if (options.tags) {
      const next = { ...run, tags: { ...run.tags } };
      mergeTags(next, options.tags);
      changes.tags = next.tags;
    }
    if (options.status) {
      changes.status = options.status;
      if (TERMINAL_STATUSES.includes(options.status)) {
        changes.endTime = options.endTime ?? Date.now();
        changes.heartbeatAt = null;
      }
    }
    if (options.runName !== undefined) {
      const runName = options.runName.trim();
      if (!runName) throw new TrackingError('INVALID_PARAMETER_VALUE', 'Invalid run name: it is empty.');
      changes.runName = runName;
      changes.tags = { ...(changes.tags ?? run.tags), [TAG_RUN_NAME]: runName };
    }
    await db.runs.update(run.runId, changes);
  });
}

/**
 * Makes an ended run RUNNING again under `writerId`, as `mlflow.start_run(run_id=…)` resumes a
 * run: no end time, a fresh heartbeat, and without the reason it was killed. Deleted runs can't be resumed.
 * An imported run resumed here becomes this browser's: the orphan sweep watches it from now on.
 */
export async function reopenRun(db: TrainyardDB, options: { runId: RunId; writerId: string; now: number }): Promise<void> {
  await db.transaction('rw', db.runs, async () => {
    const run = await getRunRow(db, options.runId);
    assertActive(run);
    const { ['trainyard.killedReason']: _reason, ...tags } = run.tags;
    await db.runs.update(run.runId, { status: 'RUNNING', endTime: null, writerId: options.writerId, heartbeatAt: options.now, tags, imported: undefined });
  });
}

/** Merges params into a run row in place, enforcing MLflow's immutability of params. */
export function mergeParams(run: RunRow, params: Record<string, string>): void {
  for (const [key, value] of Object.entries(params)) {
    const old = ownValue(run.params, key);
    if (old !== undefined && old !== value) {
      throw new TrackingError(
        'INVALID_PARAMETER_VALUE',
        `Changing param values is not allowed. Param with key "${key}" was already logged with value "${old}" ` +
          `for run "${run.runName}" (${run.runId}). Attempted logging new value "${value}".`,
      );
    }
    if (old === undefined) assertNoClash('param', key, Object.keys(run.params));
    setOwn(run.params, key, value);
  }
}

export function mergeTags(run: RunRow, tags: Record<string, string>): void {
  for (const [key, value] of Object.entries(tags)) {
    if (ownValue(run.tags, key) === undefined) assertNoClash('tag', key, Object.keys(run.tags));
    setOwn(run.tags, key, value);
    if (key === TAG_RUN_NAME) run.runName = value;
  }
}

export function assertNoClash(kind: 'param' | 'metric' | 'tag', key: string, existing: Iterable<string>): void {
  const other = findPathClash(key, existing);
  if (other !== undefined) {
    throw new TrackingError(
      'INVALID_PARAMETER_VALUE',
      `Invalid ${kind} key "${key}": it clashes with the existing ${kind} "${other}" (one can't be a folder of the other).`,
    );
  }
}

export async function deleteTag(db: TrainyardDB, options: { runId: RunId; key: string }): Promise<void> {
  await db.transaction('rw', db.runs, async () => {
    const run = await getRunRow(db, options.runId);
    assertActive(run);
    if (ownValue(run.tags, options.key) === undefined) {
      throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No tag "${options.key}" on run "${run.runName}".`);
    }
    const tags = { ...run.tags };
    delete tags[options.key];
    await db.runs.update(run.runId, { tags });
  });
}

export async function setRunLifecycle(
  db: TrainyardDB,
  options: { runId: RunId; deleted: boolean; now?: number },
): Promise<void> {
  await db.transaction('rw', db.runs, async () => {
    const run = await getRunRow(db, options.runId);
    await db.runs.update(run.runId, {
      lifecycleStage: options.deleted ? 'deleted' : 'active',
      deletedTime: options.deleted ? (options.now ?? Date.now()) : null,
      deletedWithExperiment: false,
    });
  });
}

export async function recordHeartbeat(
  db: TrainyardDB,
  options: { runIds: readonly RunId[]; writerId: string; now: number },
): Promise<void> {
  if (options.runIds.length === 0) return;
  await db.runs
    .where('runId')
    .anyOf(options.runIds as RunId[])
    .filter((r) => r.status === 'RUNNING' && r.writerId === options.writerId)
    .modify({ heartbeatAt: options.now });
}

/**
 * Ends RUNNING runs whose writer is gone as KILLED, with the end time of their last heartbeat,
 * keeping everything they logged. `isWriterAlive` answers from Web Locks when the browser has
 * them; a run whose liveness can't be told is orphaned once its heartbeat is older than staleAfterMs.
 * Imported runs are not this browser's to end: they keep the status and end time their bundle gave.
 */
export async function killOrphanedRuns(
  db: TrainyardDB,
  options: { isWriterAlive: (writerId: string) => boolean | undefined; now: number; staleAfterMs: number },
): Promise<RunId[]> {
  return db.transaction('rw', db.runs, async () => {
    const running = await db.runs.where('status').equals('RUNNING').toArray();
    const orphans = running.filter((run) => {
      if (run.imported) return false;
      const alive = run.writerId ? options.isWriterAlive(run.writerId) : undefined;
      if (alive !== undefined) return !alive;
      return options.now - (run.heartbeatAt ?? run.startTime) > options.staleAfterMs;
    });
    for (const run of orphans) {
      await db.runs.update(run.runId, {
        status: 'KILLED',
        endTime: run.heartbeatAt ?? run.startTime,
        heartbeatAt: null,
        tags: { ...run.tags, 'trainyard.killedReason': 'The page or worker writing this run closed while it was running.' },
      });
    }
    return orphans.map((r) => r.runId);
  });
}
