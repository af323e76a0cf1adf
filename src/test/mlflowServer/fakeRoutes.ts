/**
 * The fake server's JSON endpoints under /api/2.0/mlflow/ (and /ajax-api/2.0/mlflow/): each reads
 * its arguments (the JSON body of a POST, the query string of a GET), checks permissions through
 * the context, and answers with the recorded body shapes (fakeViews.ts) or an MlflowApiError.
 */
import type { FakeMlflowState, MlflowApiError} from './fakeStore';
import { RUN_STATUSES, invalid, notFound, KEY_MAX, type FakeRun, type IncomingMetric, type RunStatus } from './fakeStore';
import { compareValues, decodePageToken, encodePageToken, matchesClause, parseFilter, parseOrderBy, type FilterClause } from './fakeSearch';
import { aliasesOf, experimentJson, metricJson, modelVersionJson, registeredModelJson, runInfoJson, runJson, type MlflowVersion } from './fakeViews';

export type Args = Record<string, unknown>;

/** Thrown when a basic-auth user may not do this: 403 text/html "Permission denied". */
export class PermissionDenied extends Error {}

export interface RouteContext {
  readonly state: FakeMlflowState;
  readonly method: string;
  readonly version: MlflowVersion;
  /** The basic-auth user, or null when the server runs without auth. */
  readonly user: { readonly username: string; readonly isAdmin: boolean; readonly canWrite: boolean } | null;
  /** Whether the body had bare NaN/Infinity tokens (quirk 16: metrics are zeroed). */
  readonly bareTokens: boolean;
}

export interface JsonRoute {
  readonly methods: readonly string[];
  handle(args: Args, context: RouteContext): unknown;
}

const required = (name: string): MlflowApiError =>
  invalid(`Missing value for required parameter '${name}'. See the API docs for more information about request parameters.`);

function optionalString(args: Args, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied.`);
}

function requiredString(args: Args, name: string): string {
  const value = optionalString(args, name);
  if (value === undefined) throw required(name);
  return value;
}

/** An int64: protobuf JSON allows a number or a decimal string. */
function optionalInt(args: Args, name: string): number | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied.`);
  return number;
}

function stringList(args: Args, name: string): string[] {
  const value = args[name];
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== 'string') throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied.`);
    return item;
  });
}

function keyValueList(args: Args, name: string): Array<readonly [string, string]> {
  const value = args[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`Invalid value ${JSON.stringify(value)} for parameter '${name}' supplied.`);
  return value.map((item: unknown, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Args;
    const key = optionalString(entry, 'key');
    if (key === undefined) throw required(`${name}[${index}].key`);
    if (key.length > KEY_MAX) throw invalid(`'${key.slice(0, 20)}…' exceeds the maximum length of ${KEY_MAX} characters.`);
    return [key, optionalString(entry, 'value') ?? ''] as const;
  });
}

/** A metric value as protobuf JSON reads a double: a number, "NaN", "Infinity", "-Infinity" or a decimal string. */
function metricValue(raw: unknown, path: string): number {
  if (typeof raw === 'number') return raw;
  if (raw === null || raw === undefined) throw required(path);
  if (raw === 'NaN') return Number.NaN;
  if (raw === 'Infinity') return Infinity;
  if (raw === '-Infinity') return -Infinity;
  if (typeof raw === 'string' && /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw.trim())) return Number(raw);
  throw invalid(`Invalid value ${JSON.stringify(raw)} for parameter '${path}' supplied.`);
}

function readMetrics(args: Args, context: RouteContext): IncomingMetric[] {
  const raw = args.metrics;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalid(`Invalid value ${JSON.stringify(raw)} for parameter 'metrics' supplied.`);
  return raw.map((item: unknown, index) => {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Args;
    const key = optionalString(entry, 'key');
    if (key === undefined) throw required(`metrics[${index}].key`);
    // Quirk 16: a body with bare NaN/Infinity tokens is taken, but its points arrive as zeros.
    if (context.bareTokens) return { key, value: 0, timestamp: 0, step: 0 };
    const value = metricValue(entry.value, `metrics[${index}].value`);
    const timestamp = optionalInt(entry, 'timestamp');
    if (timestamp === undefined) throw required(`metrics[${index}].timestamp`);
    return { key, value, timestamp, step: optionalInt(entry, 'step') ?? 0 };
  });
}

function batchLimit(entity: string, limit: number, length: number): void {
  if (length > limit) {
    throw invalid(`A batch logging request can contain at most ${limit} ${entity}. Got ${length} ${entity}. Please split up ${entity} across multiple requests and try again.`);
  }
}

/** Checks that the user may write to an experiment: admin, writer, or the experiment's creator. */
function requireWrite(context: RouteContext, owner: string | null): void {
  const user = context.user;
  if (user && !user.isAdmin && !user.canWrite && owner !== user.username) throw new PermissionDenied();
}

function writableRun(context: RouteContext, runId: string): FakeRun {
  const run = context.state.getRun(runId);
  requireWrite(context, context.state.getExperiment(run.experimentId).createdBy);
  return run;
}

const runIdOf = (args: Args): string => optionalString(args, 'run_id') ?? optionalString(args, 'run_uuid') ?? requiredString(args, 'run_id');

function runValue(run: FakeRun, entity: FilterClause['entity'], key: string): string | number | undefined {
  switch (entity) {
    case 'metrics': {
      const point = run.latest.get(key);
      return point === undefined ? undefined : point.value;
    }
    case 'params': return run.params.get(key);
    case 'tags': return run.tags.get(key);
    case 'attributes':
      switch (key) {
        case 'run_name': return run.runName;
        case 'status': return run.status;
        case 'run_id': return run.runId;
        case 'user_id': return run.userId;
        case 'artifact_uri': return `mlflow-artifacts:/${run.experimentId}/${run.runId}/artifacts`;
        case 'start_time': case 'created': return run.startTime;
        case 'end_time': return run.endTime ?? undefined;
        default: throw invalid(`Invalid attribute key '${key}' specified.`);
      }
  }
}

function searchRuns(args: Args, context: RouteContext): unknown {
  const experimentIds = stringList(args, 'experiment_ids');
  const view = optionalString(args, 'run_view_type') ?? 'ACTIVE_ONLY';
  if (!['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL'].includes(view)) throw invalid(`Invalid value '${view}' for parameter 'run_view_type' supplied.`);
  const maxResults = optionalInt(args, 'max_results') ?? 1000;
  if (maxResults < 1 || maxResults > 50000) throw invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most 50000, but got value ${maxResults}`);
  const clauses = parseFilter(optionalString(args, 'filter'));
  const order = parseOrderBy(stringList(args, 'order_by'));
  const offset = decodePageToken(optionalString(args, 'page_token'));
  const matched = [...context.state.runs.values()].filter((run) =>
    experimentIds.includes(run.experimentId) &&
    (view === 'ALL' || (view === 'ACTIVE_ONLY') === (run.lifecycleStage === 'active')) &&
    clauses.every((clause) => matchesClause(clause, runValue(run, clause.entity, clause.key))));
  matched.sort((a, b) => {
    for (const term of order) {
      const difference = compareValues(runValue(a, term.entity, term.key), runValue(b, term.entity, term.key), term.ascending);
      if (difference !== 0) return difference;
    }
    return compareValues(a.startTime, b.startTime, false) || compareValues(a.runId, b.runId, true);
  });
  const page = matched.slice(offset, offset + maxResults);
  // The SQL store hands out a token whenever a page is full, even if nothing follows.
  return {
    ...(page.length > 0 ? { runs: page.map((run) => runJson(run, { inputs: true, outputs: false })) } : {}),
    ...(page.length === maxResults ? { next_page_token: encodePageToken(offset + maxResults) } : {}),
  };
}

function searchExperiments(args: Args, context: RouteContext): unknown {
  const view = optionalString(args, 'view_type') ?? 'ACTIVE_ONLY';
  const maxResults = optionalInt(args, 'max_results') ?? 1000;
  if (maxResults < 1 || maxResults > 50000) throw invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied.`);
  const clauses = parseFilter(optionalString(args, 'filter'));
  const order = parseOrderBy(stringList(args, 'order_by'));
  const offset = decodePageToken(optionalString(args, 'page_token'));
  const value = (experiment: ReturnType<FakeMlflowState['getExperiment']>, entity: FilterClause['entity'], key: string): string | number | undefined => {
    if (entity === 'tags') return experiment.tags.get(key);
    if (entity !== 'attributes') throw invalid(`Invalid entity type '${entity}'. Valid values are ['tag', 'attribute']`);
    if (key === 'name') return experiment.name;
    if (key === 'creation_time') return experiment.creationTime;
    if (key === 'last_update_time') return experiment.lastUpdateTime;
    if (key === 'experiment_id') return Number(experiment.experimentId);
    throw invalid(`Invalid attribute key '${key}' specified.`);
  };
  const matched = [...context.state.experiments.values()].filter((experiment) =>
    (view === 'ALL' || (view === 'ACTIVE_ONLY') === (experiment.lifecycleStage === 'active')) &&
    clauses.every((clause) => matchesClause(clause, value(experiment, clause.entity, clause.key))));
  matched.sort((a, b) => {
    for (const term of order) {
      const difference = compareValues(value(a, term.entity, term.key), value(b, term.entity, term.key), term.ascending);
      if (difference !== 0) return difference;
    }
    return compareValues(a.creationTime, b.creationTime, false) || compareValues(Number(a.experimentId), Number(b.experimentId), false);
  });
  const page = matched.slice(offset, offset + maxResults);
  return {
    ...(page.length > 0 ? { experiments: page.map(experimentJson) } : {}),
    ...(matched.length > offset + maxResults ? { next_page_token: encodePageToken(offset + maxResults) } : {}),
  };
}

function getHistory(args: Args, context: RouteContext): unknown {
  const run = context.state.getRun(runIdOf(args));
  const key = requiredString(args, 'metric_key');
  const history = run.metrics.get(key) ?? [];
  const given = optionalInt(args, 'max_results');
  if (given === undefined && context.version === '2.12') return history.length > 0 ? { metrics: history.map(metricJson) } : {};
  // Quirk 17: 3.5 takes a missing max_results as 0, so it returns no points and a token to offset 0.
  const maxResults = given ?? 0;
  if (maxResults < 0 || maxResults > 25000) throw invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most 25000.`);
  const offset = decodePageToken(optionalString(args, 'page_token'));
  const page = history.slice(offset, offset + maxResults);
  return {
    ...(page.length > 0 ? { metrics: page.map(metricJson) } : {}),
    ...(history.length > offset + maxResults ? { next_page_token: encodePageToken(offset + maxResults) } : {}),
  };
}

function logBatch(args: Args, context: RouteContext): unknown {
  const runId = runIdOf(args);
  if (context.user) writableRun(context, runId);
  const count = (name: string): number => (Array.isArray(args[name]) ? (args[name] as unknown[]).length : 0);
  batchLimit('metrics', 1000, count('metrics'));
  batchLimit('params', 100, count('params'));
  batchLimit('tags', 100, count('tags'));
  batchLimit('metrics, params, and tags', 1000, count('metrics') + count('params') + count('tags'));
  const metrics = readMetrics(args, context);
  context.state.logBatch(runId, { metrics, params: keyValueList(args, 'params'), tags: keyValueList(args, 'tags') });
  return {};
}

function searchModels(args: Args, context: RouteContext): unknown {
  const clauses = parseFilter(optionalString(args, 'filter'));
  const maxResults = optionalInt(args, 'max_results') ?? 100;
  const offset = decodePageToken(optionalString(args, 'page_token'));
  const matched = [...context.state.registeredModels.values()]
    .filter((model) => clauses.every((clause) => matchesClause(clause, clause.entity === 'tags' ? model.tags.get(clause.key) : clause.key === 'name' ? model.name : undefined)))
    .sort((a, b) => compareValues(a.name, b.name, true));
  const page = matched.slice(offset, offset + maxResults);
  return {
    ...(page.length > 0 ? { registered_models: page.map(registeredModelJson) } : {}),
    ...(matched.length > offset + maxResults ? { next_page_token: encodePageToken(offset + maxResults) } : {}),
  };
}

function searchVersions(args: Args, context: RouteContext): unknown {
  const clauses = parseFilter(optionalString(args, 'filter'));
  const versions = [...context.state.registeredModels.values()].flatMap((model) => model.versions);
  const field = (version: (typeof versions)[number], clause: FilterClause): string | undefined => {
    if (clause.entity === 'tags') return version.tags.get(clause.key);
    if (clause.key === 'name') return version.name;
    if (clause.key === 'run_id') return version.runId;
    if (clause.key === 'source') return version.source;
    if (clause.key === 'version_number') return version.version;
    throw invalid(`Invalid attribute key '${clause.key}' specified.`);
  };
  const matched = versions
    .filter((version) => clauses.every((clause) => matchesClause(clause, field(version, clause))))
    // Newest first, as recorded (rest-3.5/54).
    .sort((a, b) => compareValues(a.name, b.name, true) || Number(b.version) - Number(a.version));
  return matched.length > 0 ? { model_versions: matched.map((version) => modelVersionJson(version, null)) } : {};
}

function runStatus(args: Args): RunStatus | undefined {
  const status = optionalString(args, 'status');
  if (status === undefined) return undefined;
  if (!(RUN_STATUSES as readonly string[]).includes(status)) throw invalid(`Invalid value '${status}' for parameter 'status' supplied.`);
  return status as RunStatus;
}

/** Every JSON endpoint, by its path after the API prefix. */
export const JSON_ROUTES: Readonly<Record<string, JsonRoute>> = {
  'experiments/get-by-name': { methods: ['GET'], handle: (args, c) => ({ experiment: experimentJson(c.state.getExperimentByName(requiredString(args, 'experiment_name'))) }) },
  'experiments/get': { methods: ['GET'], handle: (args, c) => ({ experiment: experimentJson(c.state.getExperiment(requiredString(args, 'experiment_id'))) }) },
  'experiments/search': { methods: ['GET', 'POST'], handle: searchExperiments },
  'experiments/create': {
    methods: ['POST'],
    handle: (args, c) => ({
      experiment_id: c.state.createExperiment({
        name: requiredString(args, 'name'),
        tags: keyValueList(args, 'tags'),
        artifactLocation: optionalString(args, 'artifact_location') || undefined,
        createdBy: c.user?.username ?? null,
      }).experimentId,
    }),
  },
  'runs/create': {
    methods: ['POST'],
    handle: (args, c) => {
      const experimentId = optionalString(args, 'experiment_id') ?? '';
      if (c.user && experimentId !== '') requireWrite(c, c.state.getExperiment(experimentId).createdBy);
      const run = c.state.createRun({
        experimentId,
        runName: optionalString(args, 'run_name'),
        startTime: optionalInt(args, 'start_time'),
        userId: optionalString(args, 'user_id'),
        tags: keyValueList(args, 'tags'),
      });
      return { run: runJson(run, { inputs: c.version === '3.5', outputs: false }) };
    },
  },
  'runs/get': { methods: ['GET'], handle: (args, c) => ({ run: runJson(c.state.getRun(runIdOf(args)), { inputs: true, outputs: c.version === '3.5' }) }) },
  'runs/update': {
    methods: ['POST'],
    handle: (args, c) => {
      const runId = runIdOf(args);
      writableRun(c, runId);
      return { run_info: runInfoJson(c.state.updateRun(runId, { status: runStatus(args), endTime: optionalInt(args, 'end_time'), runName: optionalString(args, 'run_name') })) };
    },
  },
  'runs/delete': { methods: ['POST'], handle: (args, c) => (c.state.setLifecycle(writableRun(c, runIdOf(args)).runId, 'deleted'), {}) },
  'runs/restore': { methods: ['POST'], handle: (args, c) => (c.state.setLifecycle(writableRun(c, runIdOf(args)).runId, 'active'), {}) },
  'runs/log-batch': { methods: ['POST'], handle: logBatch },
  'runs/log-metric': {
    methods: ['POST'],
    handle: (args, c) => logBatch({ run_id: runIdOf(args), metrics: [{ key: args.key, value: args.value, timestamp: args.timestamp, step: args.step }] }, c),
  },
  'runs/log-parameter': { methods: ['POST'], handle: (args, c) => logBatch({ run_id: runIdOf(args), params: [{ key: args.key, value: args.value }] }, c) },
  'runs/set-tag': {
    methods: ['POST'],
    handle: (args, c) => {
      const [[key, value]] = keyValueList({ tags: [{ key: args.key, value: args.value }] }, 'tags') as [readonly [string, string]];
      c.state.setTag(c.state.activeRun(writableRun(c, runIdOf(args)).runId), key, value);
      return {};
    },
  },
  'runs/delete-tag': {
    methods: ['POST'],
    handle: (args, c) => {
      const run = c.state.activeRun(writableRun(c, runIdOf(args)).runId);
      const key = requiredString(args, 'key');
      if (!run.tags.delete(key)) throw notFound(`No tag with name: ${key} in run with id ${run.runId}`);
      return {};
    },
  },
  'runs/search': { methods: ['POST', 'GET'], handle: searchRuns },
  'metrics/get-history': { methods: ['GET'], handle: getHistory },
  'registered-models/create': {
    methods: ['POST'],
    handle: (args, c) => ({
      registered_model: registeredModelJson(c.state.createRegisteredModel({
        name: requiredString(args, 'name'),
        description: optionalString(args, 'description'),
        tags: keyValueList(args, 'tags'),
        createdBy: c.user?.username ?? null,
      })),
    }),
  },
  'registered-models/get': { methods: ['GET'], handle: (args, c) => ({ registered_model: registeredModelJson(c.state.getRegisteredModel(requiredString(args, 'name'))) }) },
  'registered-models/search': { methods: ['GET'], handle: searchModels },
  'registered-models/alias': {
    methods: ['GET', 'POST', 'DELETE'],
    handle: (args, c) => {
      const name = requiredString(args, 'name');
      const alias = requiredString(args, 'alias');
      if (c.method === 'GET') {
        const version = c.state.versionByAlias(name, alias);
        return { model_version: modelVersionJson(version, aliasesOf(c.state.getRegisteredModel(name), version.version)) };
      }
      requireWrite(c, c.state.getRegisteredModel(name).createdBy);
      if (c.method === 'DELETE') c.state.deleteAlias(name, alias);
      else c.state.setAlias(name, alias, requiredString(args, 'version'));
      return {};
    },
  },
  'model-versions/create': {
    methods: ['POST'],
    handle: (args, c) => {
      const name = requiredString(args, 'name');
      requireWrite(c, c.state.getRegisteredModel(name).createdBy);
      const version = c.state.createModelVersion({
        name,
        source: requiredString(args, 'source'),
        runId: optionalString(args, 'run_id') ?? '',
        description: optionalString(args, 'description'),
        tags: keyValueList(args, 'tags'),
      });
      return { model_version: modelVersionJson(version, null) };
    },
  },
  'model-versions/get': {
    methods: ['GET'],
    handle: (args, c) => {
      const name = requiredString(args, 'name');
      const version = c.state.getModelVersion(name, requiredString(args, 'version'));
      return { model_version: modelVersionJson(version, aliasesOf(c.state.getRegisteredModel(name), version.version)) };
    },
  },
  'model-versions/search': { methods: ['GET'], handle: searchVersions },
};
