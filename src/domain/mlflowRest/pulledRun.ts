/**
 * A run read from a tracking server (runs/get and every metric's get-history) as a bundle run,
 * so a pull is written by the same one-transaction import as a bundle or an `mlruns/` directory.
 * The run keeps its server id (pulling it again replaces it); ±DBL_MAX reads back as ±Infinity
 * (values.ts). Whatever cannot be read is named (run, field, metric and step) instead of guessed.
 */
import type { BundleHistory, BundleRun } from '../bundle/bundle.types';
import { runArtifactUri } from '../bundle/mlrunsFormat';
import { isRunId, type ExperimentId, type RunId } from '../ids';
import { updateSummary } from '../tracking/metricSummary';
import { RUN_STATUSES, type MetricSummary, type Run, type RunStatus } from '../tracking/types';
import type { RestMetricPoint, RestRun } from './restTypes';
import { decodeMetricValue } from './values';

/** On a pulled run: the server it came from. */
export const TAG_PULLED_FROM = 'trainyard.pulled_from';
const TAG_RUN_NAME = 'mlflow.runName';
const TAG_PARENT = 'mlflow.parentRunId';

export interface PulledRun {
  readonly bundleRun: BundleRun | null;
  /** Why the run (null bundleRun) or some of its points could not be read, each naming the field. */
  readonly problems: readonly string[];
}

function integer(raw: unknown): number | null {
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : null;
}

function pairs(list: unknown, field: string, runId: string, problems: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (list === undefined) return out;
  if (!Array.isArray(list)) {
    problems.push(`run ${runId}: ${field} is not a list`);
    return out;
  }
  for (const [i, item] of list.entries()) {
    const { key, value } = (item ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== 'string' || key === '' || typeof value !== 'string') {
      problems.push(`run ${runId}: ${field}[${i}] is not a { key, value } pair of strings`);
      continue;
    }
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** One metric's points from get-history, as a stored history; unreadable points are named and left out. */
export function historyFromRest(runId: string, key: string, points: readonly RestMetricPoint[], problems: string[]): BundleHistory {
  const steps: number[] = [];
  const values: number[] = [];
  const timestamps: number[] = [];
  for (const [i, point] of points.entries()) {
    const value = decodeMetricValue(point.value);
    const step = integer(point.step);
    const timestamp = integer(point.timestamp);
    if (value === null || step === null || timestamp === null) {
      const what = value === null ? `value ${JSON.stringify(point.value)}` : step === null ? `step ${JSON.stringify(point.step)}` : `timestamp ${JSON.stringify(point.timestamp)}`;
      problems.push(`run ${runId}: metric "${key}" point ${i} has an unreadable ${what}; it was left out`);
      continue;
    }
    steps.push(step);
    values.push(value);
    timestamps.push(timestamp);
  }
  return { steps: Float64Array.from(steps), values: Float64Array.from(values), timestamps: Float64Array.from(timestamps) };
}

/**
 * The bundle run for a server run, in the local experiment `experimentId`. `histories` holds every
 * metric's full history (get-history, all pages); `serverUrl` is recorded in TAG_PULLED_FROM.
 */
export function pulledRun(
  rest: RestRun,
  histories: Readonly<Record<string, readonly RestMetricPoint[]>>,
  options: { experimentId: ExperimentId; serverUrl: string },
): PulledRun {
  const problems: string[] = [];
  const info = (rest?.info ?? {}) as Partial<RestRun['info']>;
  const runId = String(info.run_id ?? info.run_uuid ?? '');
  if (!isRunId(runId)) return { bundleRun: null, problems: [`a run has no valid run_id (${JSON.stringify(info.run_id ?? null)})`] };
  const status = info.status as RunStatus;
  const startTime = integer(info.start_time);
  const endTime = info.end_time === undefined ? null : integer(info.end_time);
  if (!RUN_STATUSES.includes(status)) problems.push(`run ${runId}: status ${JSON.stringify(info.status)} is not one of ${RUN_STATUSES.join(', ')}`);
  if (startTime === null) problems.push(`run ${runId}: start_time ${JSON.stringify(info.start_time ?? null)} is not a whole number of milliseconds`);
  if (info.end_time !== undefined && endTime === null) problems.push(`run ${runId}: end_time ${JSON.stringify(info.end_time)} is not a whole number of milliseconds`);
  if (problems.length > 0 || startTime === null) return { bundleRun: null, problems };

  const params = pairs(rest.data?.params, 'params', runId, problems);
  const tags = pairs(rest.data?.tags, 'tags', runId, problems);
  tags[TAG_PULLED_FROM] = options.serverUrl;
  const runName = info.run_name || tags[TAG_RUN_NAME] || '';
  if (runName && !tags[TAG_RUN_NAME]) tags[TAG_RUN_NAME] = runName;
  const parent = tags[TAG_PARENT];
  const bundleHistories: Record<string, BundleHistory> = {};
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, points] of Object.entries(histories)) {
    const history = historyFromRest(runId, key, points, problems);
    if (history.values.length === 0) continue;
    bundleHistories[key] = history;
    metrics[key] = updateSummary(undefined, history, key);
  }
  const run: Run = {
    runId: runId as RunId,
    experimentId: options.experimentId,
    runName,
    status,
    startTime,
    endTime,
    lifecycleStage: info.lifecycle_stage === 'deleted' ? 'deleted' : 'active',
    // REST does not say when a run was deleted; its end (or start) is the nearest time it gives.
    deletedTime: info.lifecycle_stage === 'deleted' ? (endTime ?? startTime) : null,
    userId: info.user_id || tags['mlflow.user'] || '',
    artifactUri: runArtifactUri(options.experimentId, runId),
    parentRunId: parent && isRunId(parent) ? (parent as RunId) : null,
    params,
    tags,
    metrics,
  };
  return { bundleRun: { run, histories: bundleHistories, artifacts: [] }, problems };
}
