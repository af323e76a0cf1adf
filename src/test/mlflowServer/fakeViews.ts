/**
 * The fake server's objects as MLflow's REST API writes them (protobuf JSON, field names and
 * order as recorded in shared/mlflow-fixtures/rest-3.5): fields that are unset are left out, a
 * metric's NaN is the string "NaN", ±Infinity was already stored as ±DBL_MAX.
 */
import type { FakeExperiment, FakeMetricPoint, FakeModelVersion, FakeRegisteredModel, FakeRun } from './fakeStore';

export type MlflowVersion = '3.5' | '2.12';

type Json = Record<string, unknown>;

const keyValues = (entries: ReadonlyMap<string, string>): Array<{ key: string; value: string }> =>
  [...entries].map(([key, value]) => ({ key, value }));

export function experimentJson(experiment: FakeExperiment): Json {
  return {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
    ...(experiment.tags.size > 0 ? { tags: keyValues(experiment.tags) } : {}),
  };
}

export function metricJson(point: FakeMetricPoint): Json {
  return { key: point.key, value: Number.isNaN(point.value) ? 'NaN' : point.value, timestamp: point.timestamp, step: point.step };
}

export function runInfoJson(run: FakeRun): Json {
  return {
    run_uuid: run.runId,
    experiment_id: run.experimentId,
    run_name: run.runName,
    user_id: run.userId,
    status: run.status,
    start_time: run.startTime,
    ...(run.endTime !== null ? { end_time: run.endTime } : {}),
    artifact_uri: `mlflow-artifacts:/${run.experimentId}/${run.runId}/artifacts`,
    lifecycle_stage: run.lifecycleStage,
    run_id: run.runId,
  };
}

/**
 * A whole run. Which trailing members appear differs by endpoint and version, as recorded:
 * runs/create `inputs: {}` (3.5 only), runs/get `inputs` and `outputs` (2.12: `inputs`),
 * runs/search `inputs`.
 */
export function runJson(run: FakeRun, trailer: { inputs: boolean; outputs: boolean }): Json {
  const data: Json = {};
  if (run.latest.size > 0) data.metrics = [...run.latest.values()].map(metricJson);
  if (run.params.size > 0) data.params = keyValues(run.params);
  if (run.tags.size > 0) data.tags = keyValues(run.tags);
  return {
    info: runInfoJson(run),
    data,
    ...(trailer.inputs ? { inputs: {} } : {}),
    ...(trailer.outputs ? { outputs: {} } : {}),
  };
}

/** A model version; `aliases` only where MLflow sends them (get by alias), not in searches or latest_versions. */
export function modelVersionJson(version: FakeModelVersion, aliases: readonly string[] | null): Json {
  return {
    name: version.name,
    version: version.version,
    creation_timestamp: version.creationTimestamp,
    last_updated_timestamp: version.lastUpdatedTimestamp,
    current_stage: version.currentStage,
    description: version.description,
    source: version.source,
    run_id: version.runId,
    status: 'READY',
    ...(version.tags.size > 0 ? { tags: keyValues(version.tags) } : {}),
    run_link: '',
    ...(aliases && aliases.length > 0 ? { aliases: [...aliases] } : {}),
  };
}

export function aliasesOf(model: FakeRegisteredModel, version: string): string[] {
  return [...model.aliases].filter(([, target]) => target === version).map(([alias]) => alias);
}

/** The latest version per stage, as `latest_versions` lists them. */
function latestVersions(model: FakeRegisteredModel): FakeModelVersion[] {
  const byStage = new Map<string, FakeModelVersion>();
  for (const version of model.versions) {
    const current = byStage.get(version.currentStage);
    if (!current || Number(version.version) > Number(current.version)) byStage.set(version.currentStage, version);
  }
  return [...byStage.values()];
}

export function registeredModelJson(model: FakeRegisteredModel): Json {
  const latest = latestVersions(model);
  return {
    name: model.name,
    creation_timestamp: model.creationTimestamp,
    last_updated_timestamp: model.lastUpdatedTimestamp,
    ...(model.description !== null ? { description: model.description } : {}),
    ...(latest.length > 0 ? { latest_versions: latest.map((version) => modelVersionJson(version, null)) } : {}),
    ...(model.tags.size > 0 ? { tags: keyValues(model.tags) } : {}),
    ...(model.aliases.size > 0 ? { aliases: [...model.aliases].map(([alias, version]) => ({ alias, version })) } : {}),
  };
}
