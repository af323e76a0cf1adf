/**
 * Pushing one local run to a tracking server, idempotently and resumably:
 *
 * 1. The experiment is matched by name (created when missing).
 * 2. The run is found by its server id when this browser knows it (an earlier push, a pulled run),
 *    else by the tag `trainyard.local_run_id` (so a push that was cut short, or a push from a
 *    browser that lost its own record, finds the run it made), or created with its name, start
 *    time and tags.
 * 3. Only what the server does not have yet is sent: params and tags it lacks (or whose value
 *    differs), the metric points it lacks (compared as (step, timestamp, value) triples, which is
 *    how MLflow's SQL store keys a point: an exact duplicate is stored once there), in log-batch
 *    requests within the server's limits; then artifacts it lacks (by path and size) through
 *    `mlflow-artifacts`.
 * 4. The status and end time come last, so a run that is FINISHED on the server has everything.
 * 5. What the server kept is counted back: every metric's points, read through get-history. A
 *    server can answer 200 and lose data (bare NaN tokens, a truncated value), so the run is only
 *    reported pushed when the counts match (±Infinity kept as ±DBL_MAX counts as kept).
 */
import { planLogBatches, type MetricPointIn } from '../../domain/mlflowRest/logBatch';
import { decodeMetricValue, sameStoredValue } from '../../domain/mlflowRest/values';
import type { Run } from '../../domain/tracking/types';
import type { RestRun } from '../../domain/mlflowRest/restTypes';
import { MlflowRestClient, ServerError } from './restClient';

/** On the server's copy: the local run it came from. */
export const TAG_LOCAL_RUN_ID = 'trainyard.local_run_id';
const TAG_PARENT = 'mlflow.parentRunId';

export interface LocalArtifact {
  readonly path: string;
  readonly size: number;
  read(): Promise<Blob>;
}

/** What a push reads of a local run. */
export interface LocalRunData {
  readonly run: Run;
  readonly experimentName: string;
  /** Every metric's points in logging order. */
  readonly histories: Readonly<Record<string, readonly MetricPointIn[]>>;
  readonly artifacts: readonly LocalArtifact[];
}

export interface PushProgress {
  readonly runId: string;
  readonly phase: 'run' | 'metrics' | 'artifacts' | 'status' | 'verify';
  readonly done: number;
  readonly total: number;
}

export interface PushRunResult {
  readonly serverRunId: string;
  readonly serverExperimentId: string;
  /** True when the run was found on the server (a re-push or a resumed push). */
  readonly found: boolean;
  readonly sent: { readonly params: number; readonly tags: number; readonly points: number; readonly artifacts: number };
}

export interface PushRunOptions {
  /** The server's id of the local parent run, when it was pushed (mlflow.parentRunId is rewritten to it). */
  readonly serverParentRunId?: string | null;
  /**
   * The server's id of this run when it is known here (an earlier push, or a run pulled from the
   * server, which has no trainyard.local_run_id tag there): used before searching by that tag.
   */
  readonly knownServerRunId?: string | null;
  /** Experiment name → server id, shared across the runs of one push. */
  readonly experiments?: Map<string, string>;
  readonly onProgress?: (progress: PushProgress) => void;
}

/** The server's id of an experiment with this name, created when missing. */
async function serverExperiment(client: MlflowRestClient, name: string, cache: Map<string, string> | undefined): Promise<string> {
  const known = cache?.get(name);
  if (known) return known;
  let found = await client.getExperimentByName(name);
  let id = found?.experiment_id;
  if (!id) {
    try {
      id = await client.createExperiment(name);
    } catch (error) {
      // Another client created it between our lookup and our create.
      if (!(error instanceof ServerError && error.kind === 'already-exists')) throw error;
      found = await client.getExperimentByName(name);
      id = found?.experiment_id;
      if (!id) throw error;
    }
  }
  cache?.set(name, id);
  return id;
}

async function findPushedRun(client: MlflowRestClient, experimentId: string, localRunId: string, action: string): Promise<RestRun | null> {
  const { runs } = await client.searchRuns(
    { experiment_ids: [experimentId], filter: `tags.\`${TAG_LOCAL_RUN_ID}\` = '${localRunId}'`, max_results: 2, run_view_type: 'ALL' },
    action,
  );
  return runs[0] ?? null;
}

/** The local tags as the server should have them: the parent rewritten to its server id, or left out. */
function serverTags(data: LocalRunData, serverParentRunId: string | null | undefined): Record<string, string> {
  const tags: Record<string, string> = { ...data.run.tags, [TAG_LOCAL_RUN_ID]: data.run.runId };
  delete tags[TAG_PARENT];
  if (serverParentRunId) tags[TAG_PARENT] = serverParentRunId;
  if (!tags['mlflow.runName'] && data.run.runName) tags['mlflow.runName'] = data.run.runName;
  return tags;
}

/** A value as the server keeps it: NaN, ±Infinity and the ±DBL_MAX a SQL store keeps for it, or the exact double. */
function storedValueKey(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (sameStoredValue(Infinity, value)) return '+inf';
  if (sameStoredValue(-Infinity, value)) return '-inf';
  return Object.is(value, -0) ? '0' : String(value);
}

function triple(step: number, timestamp: number, value: number): string {
  return `${step}|${timestamp}|${storedValueKey(value)}`;
}

/**
 * The local points a server history lacks, and how many server points match no local one.
 * Points are compared as (step, timestamp, value) triples, as a set: MLflow's SQL store keys a
 * point by exactly that, so an exact duplicate logged twice is kept once there, and counts as kept.
 */
export function compareHistory(local: readonly MetricPointIn[], remote: readonly { step: unknown; timestamp: unknown; value: unknown }[]): { missing: MetricPointIn[]; extra: number } {
  const there = new Set<string>();
  let extra = 0;
  for (const point of remote) {
    const value = decodeMetricValue(point.value);
    if (value === null) extra += 1;
    else there.add(triple(Number(point.step), Number(point.timestamp), value));
  }
  const here = new Set<string>();
  const missing: MetricPointIn[] = [];
  for (const point of local) {
    const id = triple(point.step, point.timestamp, point.value);
    if (here.has(id)) continue;
    here.add(id);
    if (!there.has(id)) missing.push(point);
  }
  for (const id of there) if (!here.has(id)) extra += 1;
  return { missing, extra };
}

/** The local points the server does not have yet, over every metric. */
async function missingPoints(client: MlflowRestClient, serverRunId: string, data: LocalRunData, serverHas: ReadonlySet<string>, action: string): Promise<MetricPointIn[]> {
  const missing: MetricPointIn[] = [];
  for (const [key, points] of Object.entries(data.histories)) {
    if (!serverHas.has(key)) missing.push(...points);
    else missing.push(...compareHistory(points, await client.getMetricHistory(serverRunId, key, action)).missing);
  }
  return missing;
}

/** Pushes one run; see the module comment. Throws a ServerError naming the server and the run. */
export async function pushRun(client: MlflowRestClient, data: LocalRunData, options: PushRunOptions = {}): Promise<PushRunResult> {
  const { run } = data;
  const label = `pushing run "${run.runName || run.runId}"`;
  const progress = (phase: PushProgress['phase'], done: number, total: number) => options.onProgress?.({ runId: run.runId, phase, done, total });
  progress('run', 0, 1);
  const experimentId = await serverExperiment(client, data.experimentName, options.experiments);
  const tags = serverTags(data, options.serverParentRunId);
  let serverRun = options.knownServerRunId ? await client.getRun(options.knownServerRunId, label) : null;
  if (serverRun?.info.lifecycle_stage === 'deleted') serverRun = null;
  serverRun ??= await findPushedRun(client, experimentId, run.runId, label);
  const found = serverRun !== null;
  serverRun ??= await client.createRun(
    {
      experiment_id: experimentId,
      ...(run.runName ? { run_name: run.runName } : {}),
      start_time: run.startTime,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    },
    label,
  );
  const serverRunId = serverRun.info.run_id;
  progress('run', 1, 1);

  // Params and tags the server lacks (a param it has with another value is MLflow's 400: say so).
  const serverParams = new Map((serverRun.data.params ?? []).map((p) => [p.key, p.value]));
  const serverTagValues = new Map((serverRun.data.tags ?? []).map((t) => [t.key, t.value]));
  const params = Object.fromEntries(Object.entries(run.params).filter(([key]) => !serverParams.has(key)));
  for (const [key, value] of Object.entries(run.params)) {
    const there = serverParams.get(key);
    if (there !== undefined && there !== value) {
      throw new ServerError(
        { kind: 'invalid', errorCode: 'INVALID_PARAMETER_VALUE', message: `${client.url} already has run "${run.runName}" with param ${key} = "${there.slice(0, 80)}", and here it is "${value.slice(0, 80)}"; MLflow never changes a logged param. Delete the server's copy (run ${serverRunId}) to push this one again.` },
        400,
      );
    }
  }
  const changedTags = Object.fromEntries(Object.entries(tags).filter(([key, value]) => serverTagValues.get(key) !== value));
  const serverMetricKeys = new Set((serverRun.data.metrics ?? []).map((m) => m.key));
  // A new run gets every point (an exact duplicate too: the server keeps it once, and the count-back counts it once).
  const points = found ? await missingPoints(client, serverRunId, data, serverMetricKeys, label) : Object.values(data.histories).flat();
  const batches = planLogBatches(serverRunId, { params, tags: changedTags, metrics: points });
  let sentPoints = 0;
  for (const [i, batch] of batches.entries()) {
    progress('metrics', i, batches.length);
    await client.logBatch(batch, label);
    sentPoints += batch.metrics?.length ?? 0;
  }
  progress('metrics', batches.length, batches.length);

  // Artifacts the server lacks, by path and size.
  const root = MlflowRestClient.artifactRoot(serverRun.info.artifact_uri ?? '');
  let sentArtifacts = 0;
  if (data.artifacts.length > 0) {
    if (root === null) {
      throw new ServerError(
        { kind: 'invalid', errorCode: null, message: `${client.url} keeps run artifacts at "${serverRun.info.artifact_uri ?? '(nowhere)'}", which this browser cannot upload to; start the server with --artifacts-destination (it then serves mlflow-artifacts:/) to push run "${run.runName}"'s files.` },
        null,
      );
    }
    const there = new Map(found ? (await client.listArtifacts(root, label)).map((f) => [f.path, f.size]) : []);
    const todo = data.artifacts.filter((a) => there.get(a.path) !== a.size);
    for (const [i, artifact] of todo.entries()) {
      progress('artifacts', i, todo.length);
      await client.putArtifact(root, artifact.path, await artifact.read(), `${label}: uploading ${artifact.path}`);
      sentArtifacts += 1;
    }
    progress('artifacts', todo.length, todo.length);
  }

  // Status last: FINISHED on the server means everything is there.
  progress('status', 0, 1);
  if (run.status !== 'RUNNING' && (serverRun.info.status !== run.status || Number(serverRun.info.end_time ?? 0) !== (run.endTime ?? 0))) {
    await client.updateRun({ run_id: serverRunId, status: run.status, ...(run.endTime === null ? {} : { end_time: run.endTime }) }, label);
  }
  progress('status', 1, 1);

  // Count it back: a 200 is not proof (quirk 16).
  const keys = Object.keys(data.histories);
  for (const [i, key] of keys.entries()) {
    progress('verify', i, keys.length);
    const local = data.histories[key] ?? [];
    const remote = await client.getMetricHistory(serverRunId, key, `${label}: counting ${key} back`);
    const { missing, extra } = compareHistory(local, remote);
    if (missing.length > 0 || extra > 0) {
      throw new ServerError(
        { kind: 'server-error', errorCode: null, message: `${client.url} answered OK but kept ${local.length - missing.length} of ${local.length} points of "${key}"${extra > 0 ? ` and ${extra} it was not sent` : ''} for run "${run.runName}" (server run ${serverRunId}); pushing again sends only what is missing.` },
        null,
      );
    }
  }
  progress('verify', keys.length, keys.length);
  return { serverRunId, serverExperimentId: experimentId, found, sent: { params: Object.keys(params).length, tags: Object.keys(changedTags).length, points: sentPoints, artifacts: sentArtifacts } };
}
