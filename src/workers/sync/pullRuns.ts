/**
 * Pulling runs from a tracking server into the local store: the server searches (MLflow's filter
 * grammar, run there), every metric's full history comes page by page, artifacts on request, and
 * the runs are written by the store's bundle import (one transaction per batch of runs, replacing
 * earlier pulls of the same runs: they keep their server ids). Experiments are matched by name:
 * a pulled run lands in the local experiment of its server experiment's name (created when
 * missing).
 */
import type { BundleArtifact, BundleContent, BundleRun } from '../../domain/bundle/bundle.types';
import { TrackingError } from '../../domain/errors';
import type { ExperimentId } from '../../domain/ids';
import { pulledRun } from '../../domain/mlflowRest/pulledRun';
import type { RestExperiment, RestMetricPoint, RestRun } from '../../domain/mlflowRest/restTypes';
import { serverFilterProblem } from '../../domain/mlflowRest/serverFilter';
import { TAG_LOCAL_RUN_ID } from './pushRun';
import { MlflowRestClient } from './restClient';

export const DEFAULT_MAX_RUNS = 100;
export const MAX_PULL_RUNS = 10_000;
/** Runs written per transaction: bounded memory for a big pull, and progress the store shows. */
const WRITE_BATCH = 20;

export interface PullRequest {
  /** Server experiments by name; all of them when omitted or empty. */
  experimentNames?: string[];
  /** MLflow's filter grammar (no OR, no parentheses: the server refuses them). */
  filter?: string;
  maxRuns?: number;
  /** Also download each run's artifacts (default false: params, tags and metrics only). */
  artifacts?: boolean;
}

export interface PulledRunSummary {
  runId: string;
  runName: string;
  experimentName: string;
  points: number;
  artifacts: number;
}

export interface PullResult {
  runs: PulledRunSummary[];
  /** Server runs that were pushed from this browser and are still here (not copied again), by local run id. */
  alreadyHere: { runId: string; runName: string }[];
  /** What could not be read, naming the run and the field (those runs or points were left out). */
  problems: string[];
}

export interface PullDeps {
  client: MlflowRestClient;
  /** The local experiment for a server experiment's name, created when missing. */
  localExperimentId: (name: string) => Promise<ExperimentId>;
  /** Writes pulled runs (replacing earlier pulls of the same runs). */
  write: (content: BundleContent) => Promise<unknown>;
  /** Whether a local run with this id exists: a server run pushed from here (tag trainyard.local_run_id) is not copied back. */
  hasLocalRun?: (runId: string) => Promise<boolean>;
  onProgress?: (done: number, total: number) => void;
}

function checkRequest(request: PullRequest): number {
  const maxRuns = request.maxRuns ?? DEFAULT_MAX_RUNS;
  if (!Number.isInteger(maxRuns) || maxRuns < 1 || maxRuns > MAX_PULL_RUNS) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `maxRuns must be a whole number from 1 to ${MAX_PULL_RUNS}; got ${String(maxRuns)}`);
  }
  const problem = request.filter ? serverFilterProblem(request.filter) : null;
  if (problem) throw new TrackingError('INVALID_PARAMETER_VALUE', `The filter "${request.filter}" cannot be pulled: ${problem}`);
  return maxRuns;
}

async function serverExperiments(client: MlflowRestClient, names: readonly string[] | undefined): Promise<RestExperiment[]> {
  if (names && names.length > 0) {
    const found = await Promise.all(names.map(async (name) => ({ name, experiment: await client.getExperimentByName(name) })));
    const missing = found.filter((f) => f.experiment === null).map((f) => `"${f.name}"`);
    if (missing.length > 0) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `${client.url} has no experiment ${missing.join(', ')}`);
    return found.map((f) => f.experiment as RestExperiment);
  }
  const all: RestExperiment[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchExperiments({ pageToken });
    all.push(...page.experiments);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken);
  return all;
}

async function runArtifacts(client: MlflowRestClient, run: RestRun): Promise<BundleArtifact[]> {
  const root = MlflowRestClient.artifactRoot(run.info.artifact_uri ?? '');
  if (root === null) return [];
  const action = `pulling the artifacts of run "${run.info.run_name ?? run.info.run_id}"`;
  const files = await client.listArtifacts(root, action);
  const artifacts: BundleArtifact[] = [];
  for (const file of files) artifacts.push({ path: file.path, bytes: new Uint8Array(await (await client.getArtifact(root, file.path, action)).arrayBuffer()) });
  return artifacts;
}

/** Pulls the runs the request selects; see the module comment. */
export async function pullRuns(deps: PullDeps, request: PullRequest = {}): Promise<PullResult> {
  const maxRuns = checkRequest(request);
  const { client } = deps;
  const experiments = await serverExperiments(client, request.experimentNames);
  if (experiments.length === 0) return { runs: [], alreadyHere: [], problems: [] };
  const nameOf = new Map(experiments.map((e) => [e.experiment_id, e.name]));

  const found: RestRun[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchRuns(
      {
        experiment_ids: experiments.map((e) => e.experiment_id),
        ...(request.filter ? { filter: request.filter } : {}),
        max_results: Math.min(1000, maxRuns - found.length),
        order_by: ['attributes.start_time DESC'],
        ...(pageToken ? { page_token: pageToken } : {}),
      },
      'searching its runs',
    );
    found.push(...page.runs);
    pageToken = page.nextPageToken ?? undefined;
  } while (pageToken && found.length < maxRuns);
  const selected = found.slice(0, maxRuns);

  const localIds = new Map<string, ExperimentId>();
  const problems: string[] = [];
  const summaries: PulledRunSummary[] = [];
  const alreadyHere: { runId: string; runName: string }[] = [];
  let batch: BundleRun[] = [];
  const flush = async () => {
    if (batch.length > 0) await deps.write({ experiments: [], runs: batch });
    batch = [];
  };
  deps.onProgress?.(0, selected.length);
  for (const [i, rest] of selected.entries()) {
    const experimentName = nameOf.get(rest.info.experiment_id) ?? rest.info.experiment_id;
    let experimentId = localIds.get(experimentName);
    if (!experimentId) {
      experimentId = await deps.localExperimentId(experimentName);
      localIds.set(experimentName, experimentId);
    }
    const localId = (rest.data.tags ?? []).find((t) => t.key === TAG_LOCAL_RUN_ID)?.value;
    if (localId && (await deps.hasLocalRun?.(localId))) {
      alreadyHere.push({ runId: localId, runName: rest.info.run_name ?? localId });
      deps.onProgress?.(i + 1, selected.length);
      continue;
    }
    const action = `pulling run "${rest.info.run_name ?? rest.info.run_id}"`;
    const keys = [...new Set((rest.data.metrics ?? []).map((m) => m.key))];
    const histories: Record<string, RestMetricPoint[]> = {};
    for (const key of keys) histories[key] = await client.getMetricHistory(rest.info.run_id, key, action);
    const { bundleRun, problems: runProblems } = pulledRun(rest, histories, { experimentId, serverUrl: client.url });
    problems.push(...runProblems);
    if (bundleRun) {
      if (request.artifacts) bundleRun.artifacts.push(...(await runArtifacts(client, rest)));
      batch.push(bundleRun);
      summaries.push({
        runId: bundleRun.run.runId,
        runName: bundleRun.run.runName,
        experimentName,
        points: Object.values(bundleRun.histories).reduce((n, h) => n + h.values.length, 0),
        artifacts: bundleRun.artifacts.length,
      });
    }
    if (batch.length >= WRITE_BATCH) await flush();
    deps.onProgress?.(i + 1, selected.length);
  }
  await flush();
  return { runs: summaries, alreadyHere, problems };
}
