/**
 * What each verb of `window.trainyard` accepts, checked at the console's boundary (facade.ts) so
 * a wrong call from the devtools console gets a message naming the argument and what was expected
 * instead of a TypeError from deep inside. Each schema accepts exactly what the method's
 * TypeScript signature accepts (plus the `null`s the client takes as "not given"); what the
 * domain already checks with its own messages (key characters, value lengths, recipe params,
 * search spaces, filter grammar) is left to it. Grouped by verb family, as in the README.
 */
import { z } from 'zod';
import { DEFAULT_BUNDLE_LIMITS } from '../../domain/bundle';
import type { ConsoleVerb } from './consoleVerbs';
import {
  anyNumber,
  boolean,
  bundleBytes,
  fn,
  id,
  integer,
  is,
  list,
  number,
  numberMap,
  oneOf,
  options,
  plainObject,
  string,
  stringMap,
  syncVerb,
  verb,
  type Signature,
} from './schemaParts';

const runId = () => id('a run id');
const experimentId = () => id('an experiment id');
const viewType = () => oneOf(['ACTIVE_ONLY', 'DELETED_ONLY', 'ALL']);
const runOption = () => options({ runId: runId() });
const tagsOption = () => options({ tags: stringMap() });
const nullableTime = () => integer({ min: 0 }).nullable();

const experiments = {
  createExperiment: verb(['name', string()], ['options?', tagsOption()]),
  setExperiment: verb(['name', string()]),
  getExperiment: verb(['experimentId', experimentId()]),
  getExperimentByName: verb(['name', string()]),
  listExperiments: verb(['viewType?', viewType()]),
  renameExperiment: verb(['experimentId', experimentId()], ['name', string()]),
  deleteExperiment: verb(['experimentId', experimentId()]),
  restoreExperiment: verb(['experimentId', experimentId()]),
  setExperimentTag: verb(['experimentId', experimentId()], ['key', string()], ['value', string()]),
  getActiveExperimentId: syncVerb(),
};

const startRunShape = {
  experimentId: experimentId(),
  runName: string(),
  parentRunId: runId(),
  tags: stringMap(),
  description: string(),
};

const runs = {
  startRun: verb(['options?', options({ ...startRunShape, nested: boolean() })]),
  // startTime: null is Python's None here ("not given"), as the client takes it.
  createRun: verb(['options?', options({ ...startRunShape, startTime: nullableTime() })]),
  activeRunId: syncVerb(),
  endRun: verb(['status?', oneOf(['FINISHED', 'FAILED', 'KILLED'])], ['options?', options({ runId: runId(), tags: stringMap(), endTime: nullableTime() })]),
  reopenRun: verb(['runId', runId()]),
  getRun: verb(['runId', runId()]),
  setRunName: verb(['runId', runId()], ['runName', string()]),
  deleteRun: verb(['runId', runId()]),
  restoreRun: verb(['runId', runId()]),
  flush: verb(),
  close: verb(),
  killOrphanedRuns: verb(),
  onError: syncVerb(['listener', fn()]),
  watchForOrphans: syncVerb(['options', z.strictObject({ sweepIntervalMs: number({ min: 0 }), onError: fn() })]),
};

const paramValue = is<string | number | boolean | null>(
  'a string, number, boolean or null',
  (v) => v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
);
const metricOptions = () => options({ runId: runId(), step: anyNumber(), timestamp: anyNumber() });

const paramsMetricsTags = {
  logParam: verb(['key', string()], ['value', paramValue], ['options?', runOption()]),
  logParams: verb(['params', z.record(z.string(), paramValue, { error: 'an object of param values' })], ['options?', runOption()]),
  setTag: verb(['key', string()], ['value', string()], ['options?', runOption()]),
  setTags: verb(['tags', stringMap()], ['options?', runOption()]),
  deleteTag: verb(['key', string()], ['options?', runOption()]),
  // step and timestamp: every number passes here; the client says why a fraction or a negative is wrong.
  logMetric: syncVerb(['key', string()], ['value', anyNumber()], ['options?', metricOptions()]),
  logMetrics: syncVerb(['metrics', numberMap()], ['options?', metricOptions()]),
  getMetricHistory: verb(['runId', runId()], ['key', string()]),
  getMetricColumns: verb(['runId', runId()], ['key', string()]),
};

/** Text, a Blob or File, bytes, an image, or a JSON-able object or array: anything but a primitive. */
const artifactContent = is<object | string>(
  'text, a Blob or File, bytes, an image, or a JSON-able object or array',
  (v) => typeof v === 'string' || (typeof v === 'object' && v !== null),
);

const artifacts = {
  logArtifact: verb(['content', artifactContent], ['path?', string()], ['options?', runOption()]),
  logText: verb(['text', string()], ['path', string()], ['options?', runOption()]),
  logDict: verb(['value', is<object>('an object or an array', (v) => typeof v === 'object' && v !== null)], ['path', string()], ['options?', runOption()]),
  logImage: verb(['image', artifactContent], ['path', string()], ['options?', runOption()]),
  listArtifacts: verb(['runId', runId()], ['path?', string()]),
  downloadArtifact: verb(['runId', runId()], ['path', string()]),
};

const search = {
  searchRuns: verb(
    ['filter?', string('a filter string, like "metrics.rmse < 0.8"')],
    [
      'options?',
      options({
        experimentIds: list(experimentId(), 'an array of experiment ids'),
        orderBy: list(string(), 'an array of strings, like ["metrics.rmse ASC"]'),
        maxResults: integer({ min: 1 }),
        pageToken: string().nullable(),
        viewType: viewType(),
      }),
    ],
  ),
};

const version = () => is<string | number>('a version number (a number or a string)', (v) => typeof v === 'string' || typeof v === 'number');
const describedTags = () => options({ description: string(), tags: stringMap() });

const registry = {
  createRegisteredModel: verb(['name', string()], ['options?', describedTags()]),
  getRegisteredModel: verb(['name', string()]),
  searchRegisteredModels: verb(['filter?', string()], ['options?', options({ orderBy: oneOf(['name', 'lastUpdated']), maxResults: integer({ min: 1 }) })]),
  updateRegisteredModel: verb(['name', string()], ['description', string()]),
  deleteRegisteredModel: verb(['name', string()]),
  setRegisteredModelTag: verb(['name', string()], ['key', string()], ['value', string()]),
  deleteRegisteredModelTag: verb(['name', string()], ['key', string()]),
  createModelVersion: verb(['name', string()], ['source', string()], ['runId?', runId().nullable()], ['options?', describedTags()]),
  getModelVersion: verb(['name', string()], ['version', version()]),
  listModelVersionsOfRuns: verb(['runIds', list(runId(), 'an array of run ids')]),
  getModelVersionByAlias: verb(['name', string()], ['alias', string()]),
  getLatestModelVersion: verb(['name', string()], ['stage?', string().nullable()]),
  listModelVersions: verb(['name', string()]),
  updateModelVersion: verb(['name', string()], ['version', version()], ['description', string()]),
  deleteModelVersion: verb(['name', string()], ['version', version()]),
  setModelVersionTag: verb(['name', string()], ['version', version()], ['key', string()], ['value', string()]),
  deleteModelVersionTag: verb(['name', string()], ['version', version()], ['key', string()]),
  setRegisteredModelAlias: verb(['name', string()], ['alias', string()], ['version', version()]),
  deleteRegisteredModelAlias: verb(['name', string()], ['alias', string()]),
  transitionModelVersionStage: verb(['name', string()], ['version', version()], ['stage', string()], ['options?', options({ archiveExistingVersions: boolean() })]),
  registerModel: verb(['runId', runId()], ['name', string()], ['options?', describedTags()]),
  setAlias: verb(['name', string()], ['alias', string()], ['version', version()]),
};

const selection = z.union(
  [
    z.strictObject({ runIds: list(runId(), 'an array of run ids') }),
    z.strictObject({ experimentIds: list(experimentId(), 'an array of experiment ids') }),
    z.strictObject({ all: z.literal(true) }),
  ],
  { error: 'one of { runIds: [...] }, { experimentIds: [...] } or { all: true }' },
);
const exportOptions = () => options({ appVersion: string(), onProgress: fn() });
const limits = () =>
  options(Object.fromEntries(Object.keys(DEFAULT_BUNDLE_LIMITS).map((key) => [key, number({ min: 0 })])) as Record<string, z.ZodType<number>>);

const bundles = {
  exportBundle: verb(['selection', selection], ['options?', exportOptions()]),
  exportBundleWithReport: verb(['selection', selection], ['options?', exportOptions()]),
  importBundle: verb(['input', bundleBytes()], ['options?', options({ onConflict: oneOf(['skip', 'replace']), dryRun: boolean(), limits: limits() })]),
  openBundle: verb(['input', bundleBytes()], ['options?', options({ limits: limits(), onProgress: fn() })]),
};

const backend = () => oneOf(['wasm', 'webgl', 'webgpu', 'cpu']);
const trainOptions = () =>
  options({
    entryPoint: string(),
    experimentId: experimentId(),
    runName: string(),
    backend: oneOf(['auto', 'wasm', 'webgl', 'webgpu', 'cpu']),
    rerunOf: runId(),
    onStarted: fn(),
    onDownloadProgress: fn(),
  });
/** Recipe params are checked against the recipe table by the client, naming every field at fault. */
const recipeParams = () => plainObject('an object of recipe params, like { epochs: 10 }');

// The request's values are the search domain's to check (it names every field at fault); only
// its shape is checked here, so a misspelt field is reported.
const searchRequestShape = {
  recipe: string('a recipe name (a string)'),
  entryPoint: string().optional(),
  space: z.unknown().optional(),
  algorithm: z.unknown().optional(),
  objective: z.unknown().optional(),
  maxTrials: z.unknown().optional(),
  maxSeconds: z.unknown().optional(),
  stopAfterNoImprovement: z.unknown().optional(),
  seed: z.unknown().optional(),
  parallel: z.unknown().optional(),
  fixedParams: plainObject().optional(),
  experimentId: experimentId().optional(),
  runName: string().optional(),
};
const searchRequest = () => z.strictObject(searchRequestShape);
const onStartedOption = () => options({ onStarted: fn() });
const reutersShape = () => options({ docs: integer(), width: integer(), activeWords: integer(), hidden: integer(), classes: integer(), batchSize: integer() });

const training = {
  train: verb(['recipeName', string('a recipe name (a string; see listRecipes())')], ['params?', recipeParams()], ['options?', trainOptions()]),
  startTraining: verb(['recipeName', string('a recipe name (a string; see listRecipes())')], ['params?', recipeParams()], ['options?', trainOptions()]),
  stopRun: syncVerb(['runId', runId()]),
  getTrainingSettings: syncVerb(),
  setTrainingSettings: syncVerb(['settings', options({ backend: oneOf(['auto', 'wasm', 'webgl', 'webgpu', 'cpu']), workers: integer({ min: 1, max: 16 }), wasmThreads: boolean() })]),
  onTrainingProgress: syncVerb(['listener', fn()]),
  benchmarkTraining: verb(
    ['backend', backend()],
    [
      'request',
      z.discriminatedUnion(
        'kind',
        [
          z.strictObject({
            kind: z.literal('reuters'),
            variant: oneOf(['keras-fit', 'keras-fit-noyield', 'keras-batches', 'fast-dense', 'fast-sparse', 'fast-sparse-fused-adam']),
            shape: reutersShape().optional(),
            budgetSeconds: number({ min: 0 }).optional(),
          }),
          z.strictObject({ kind: z.literal('autolog-overhead'), epochs: integer({ min: 1 }).optional(), rounds: integer({ min: 1 }).optional(), shape: reutersShape().optional() }),
        ],
        { error: `an object with kind "reuters" or "autolog-overhead"` },
      ),
    ],
  ),
  autolog: verb([
    'options?',
    options({ tf: plainObject('a TF.js module'), logModels: boolean(), logEveryNBatches: integer({ min: 1 }).nullable(), inputExampleRows: integer({ min: 0 }), artifactPath: string(), terminateOnNaN: boolean() }),
  ]),
  runInWorker: verb(['fn', fn('a function (it runs in a worker: it can use only its argument)')], ['options?', options({ signal: is<AbortSignal>('an AbortSignal', (v) => v instanceof AbortSignal) })]),
  search: verb(['request', searchRequest()], ['options?', onStartedOption()]),
  searchBuiltin: verb(['id', string('a built-in search id (a string), like "wine-sgd"')], ['overrides?', searchRequest().partial()], ['options?', onStartedOption()]),
  startSearch: verb(['request', searchRequest()]),
  stopSearch: syncVerb(['parentRunId', runId()]),
  resumeSearch: verb(['parentRunId', runId()]),
  resumeSearches: verb(),
  predict: verb(['modelUri', string('a model URI (a string), like "runs:/<run id>/model" or "models:/<name>@<alias>"')], ['rows', list(z.unknown(), 'an array of rows')]),
};

const datasets = {
  importDataset: verb(
    ['input', is<File | Blob | string>('a File, a Blob or text', (v) => typeof v === 'string' || v instanceof Blob)],
    ['options?', options({ kind: oneOf(['tabular', 'text']), name: string(), fileName: string(), textColumn: string(), labelColumn: string(), splitColumn: string() })],
  ),
  listDatasets: verb(),
  getDataset: verb(['datasetId', id('a dataset id')]),
  findDataset: verb(['datasetId', id('a dataset id')]),
  // Stored as given (imports and downloads build the row): only its being an object is checked.
  saveDataset: verb(['row', plainObject('a dataset row (an object)')]),
};

/** Permanent deletion (mlflow gc). */
const storage = {
  purgeRun: verb(['runId', runId()]),
  purgeExperiment: verb(['experimentId', experimentId()]),
  emptyTrash: verb(),
  deleteDataset: verb(['datasetId', id('a dataset id')]),
};

/** Is the difference real? Repeats, group comparisons, reproducibility checks and the coach. */
const runIdList = (group: string) => list(runId(), `the run ids of group ${group} (an array of strings)`);
const insights = {
  repeatRun: verb(['runId', runId()], ['options?', options({ seeds: integer({ min: 1, max: 50 }), onStarted: fn() })]),
  compareGroups: verb(['runIdsA', runIdList('A')], ['runIdsB', runIdList('B')], ['options?', options({ metric: string(), labels: z.strictObject({ a: string(), b: string() }) })]),
  verifyRun: verb(['runId', runId()], ['options?', onStartedOption()]),
  coach: verb(['runId', runId()]),
};

/** MLflow tracking servers: connect, push, pull, mirror. */
const serverRef = () => string('a server id or URL (a string)');
const serverAuth = () =>
  z
    .discriminatedUnion(
      'kind',
      [z.strictObject({ kind: z.literal('basic'), username: string(), password: string() }), z.strictObject({ kind: z.literal('bearer'), token: string() })],
      { error: 'an object { kind: "basic", username, password } or { kind: "bearer", token }' },
    )
    .nullable();
const sync = {
  connectServer: verb(['url', string('a tracking server URL (a string), like "http://127.0.0.1:5000"')], ['options?', options({ auth: serverAuth() })]),
  testConnection: verb(['url', string('a tracking server URL (a string), like "http://127.0.0.1:5000"')], ['options?', options({ auth: serverAuth() })]),
  listServers: syncVerb(),
  removeServer: verb(['server', serverRef()]),
  listServerExperiments: verb(['server?', serverRef()]),
  pushRuns: verb(['runIds', list(runId(), 'an array of run ids')], ['options?', options({ server: serverRef(), onProgress: fn() })]),
  pullRuns: verb([
    'options?',
    options({ server: serverRef(), experimentNames: list(string(), 'an array of experiment names'), filter: string(), maxRuns: integer({ min: 1, max: 10_000 }), artifacts: boolean(), onProgress: fn() }),
  ]),
  setMirror: syncVerb(['server', serverRef().nullable()]),
  getMirror: syncVerb(),
  syncStatus: verb(),
  drainOutbox: verb(),
};

/** Every checked verb, by name; a verb missing here passes through unchecked. */
export const CONSOLE_SCHEMAS = {
  ...experiments,
  ...runs,
  ...paramsMetricsTags,
  ...artifacts,
  ...search,
  ...registry,
  ...bundles,
  ...training,
  ...datasets,
  ...storage,
  ...insights,
  ...sync,
} satisfies { readonly [Verb in ConsoleVerb]?: Signature };

/** The families, for tests and docs. */
export const VERB_FAMILIES = { experiments, runs, paramsMetricsTags, artifacts, search, registry, bundles, training, datasets, storage, insights, sync };
