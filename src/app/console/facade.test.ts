import { afterEach, describe, expect, it } from 'vitest';
import { getStoreFault, setStoreFault, type StoreFault } from '../../db/faults';
import { TrackingError } from '../../domain/errors';
import { RECIPES } from '../../domain/recipes/recipeCatalogue';
import { CONSOLE_SCHEMAS, VERB_FAMILIES } from './consoleSchemas';
import { ALL_VERBS, CONSOLE_VERBS } from './consoleVerbs';
import { consoleFacade } from './facade';

/** Stand-ins for the page's services: every verb records its call and `this`, and returns 'ok'. */
function fakeTarget() {
  const calls: Array<{ verb: string; args: unknown[]; self: unknown }> = [];
  const faults: Array<StoreFault | null> = [];
  const lost: string[] = [];
  const services: Record<string, Record<string, unknown>> = {};
  /** The fake service that answers each verb. */
  const serviceOf: Record<string, unknown> = {};
  for (const [name, verbs] of Object.entries(CONSOLE_VERBS)) {
    const service: Record<string, unknown> = {};
    for (const verb of verbs) {
      service[verb] = function (this: unknown, ...args: unknown[]) {
        calls.push({ verb, args, self: this });
        return 'ok';
      };
      serviceOf[verb] = service;
    }
    services[name] = service;
  }
  Object.assign(services.training ?? {}, {
    pool: {
      simulateStorageFault: (fault: StoreFault | null) => faults.push(fault),
      simulateWorkerLoss: (runId: string) => lost.push(runId) > 0,
      runningRunIds: () => ['r1'],
    },
  });
  Object.assign(services.searches ?? {}, { searchCoordinator: { runningSearches: () => [] } });
  Object.assign(services.tracking ?? {}, { writerId: 'writer-1' });
  const facade = consoleFacade(services as unknown as Parameters<typeof consoleFacade>[0]) as unknown as Record<string, (...args: unknown[]) => unknown> & {
    testing: { simulateStorageFault(f: StoreFault | null): void; simulateWorkerLoss(id: string): boolean };
    training: { runningRunIds(): string[] };
    writerId: string;
    listRecipes(): Array<{ name: string; entryPoints: Array<{ name: string; params: Array<Record<string, unknown>> }> }>;
  };
  return { serviceOf, facade, calls, faults, lost };
}

/** The message a call is refused with (thrown at once or rejected). */
async function refusal(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(TrackingError);
    expect((error as TrackingError).code).toBe('INVALID_PARAMETER_VALUE');
    return (error as Error).message;
  }
  throw new Error('the call was not refused');
}

describe('the console facade', () => {
  afterEach(() => setStoreFault(null));

  it('has a schema for every verb, and every schema belongs to a verb', () => {
    expect(Object.keys(CONSOLE_SCHEMAS).sort()).toEqual([...ALL_VERBS].sort());
    expect(Object.keys(VERB_FAMILIES)).toEqual(['experiments', 'runs', 'paramsMetricsTags', 'artifacts', 'search', 'registry', 'bundles', 'training', 'datasets', 'storage', 'insights', 'sync']);
  });

  it('answers each verb from exactly one service', () => {
    expect(new Set(ALL_VERBS).size).toBe(ALL_VERBS.length);
  });

  it.each([
    ['experiments', 'createExperiment', [42], 'createExperiment: argument 1 (name) must be a string, got 42'],
    ['experiments', 'listExperiments', ['active'], 'listExperiments: argument 1 (viewType) must be one of "ACTIVE_ONLY", "DELETED_ONLY", "ALL", got "active"'],
    ['runs', 'startRun', [{ runName: 7 }], 'startRun: options.runName must be a string, got 7'],
    ['runs', 'endRun', ['DONE'], 'endRun: argument 1 (status) must be one of "FINISHED", "FAILED", "KILLED", got "DONE"'],
    ['runs', 'getRun', [], 'getRun needs 1 argument (runId), got 0'],
    ['params/metrics/tags', 'logParams', [['lr', 0.1]], 'logParams: argument 1 (params) must be an object of param values, got an array of 2'],
    ['params/metrics/tags', 'setTag', ['team', 3], 'setTag: argument 2 (value) must be a string, got 3'],
    ['artifacts', 'logArtifact', [42, 'x.txt'], 'logArtifact: argument 1 (content) must be text, a Blob or File, bytes, an image, or a JSON-able object or array, got 42'],
    ['artifacts', 'downloadArtifact', ['run', { path: 'a' }], 'downloadArtifact: argument 2 (path) must be a string, got an object'],
    ['search', 'searchRuns', [{ filter: 'x' }], 'searchRuns: argument 1 (filter) must be a filter string, like "metrics.rmse < 0.8", got an object'],
    ['search', 'searchRuns', ['', { maxResults: '10' }], 'searchRuns: options.maxResults must be an integer ≥ 1, got "10"'],
    ['registry', 'getModelVersion', ['m', null], 'getModelVersion: argument 2 (version) must be a version number (a number or a string), got null'],
    ['registry', 'searchRegisteredModels', ['', { orderBy: 'date' }], 'searchRegisteredModels: options.orderBy must be one of "name", "lastUpdated", got "date"'],
    ['bundles', 'exportBundle', [['r1']], 'exportBundle: argument 1 (selection) must be one of { runIds: [...] }, { experimentIds: [...] } or { all: true }, got an array of 1'],
    ['bundles', 'importBundle', ['zip bytes'], 'importBundle: argument 1 (input) must be a Blob or File, an ArrayBuffer or a Uint8Array, got "zip bytes"'],
    ['bundles', 'importBundle', [new Blob([]), { limits: { maxEntries: 'many' } }], 'importBundle: options.limits.maxEntries must be a number ≥ 0, got "many"'],
    ['training', 'train', [undefined], 'train: argument 1 (recipeName) must be a recipe name (a string; see listRecipes()), got undefined'],
    ['training', 'train', ['iris_logreg', 'epochs=5'], 'train: argument 2 (params) must be an object of recipe params, like { epochs: 10 }, got "epochs=5"'],
    ['training', 'setTrainingSettings', [{ workers: 0 }], 'setTrainingSettings: settings.workers must be an integer from 1 to 16, got 0'],
    ['training', 'search', [{ recipe: 3 }], 'search: request.recipe must be a recipe name (a string), got 3'],
    ['training', 'predict', ['runs:/r/model', { a: 1 }], 'predict: argument 2 (rows) must be an array of rows, got an object'],
    ['datasets', 'importDataset', [42], 'importDataset: argument 1 (input) must be a File, a Blob or text, got 42'],
    ['datasets', 'importDataset', ['a,b\n1,2', { kind: 'csv' }], 'importDataset: options.kind must be one of "tabular", "text", got "csv"'],
    ['storage', 'purgeRun', [{ runId: 'r' }], 'purgeRun: argument 1 (runId) must be a run id (a string), got an object'],
    ['storage', 'deleteDataset', [1], 'deleteDataset: argument 1 (datasetId) must be a dataset id (a string), got 1'],
    ['insights', 'repeatRun', ['r1', { seeds: 0 }], 'repeatRun: options.seeds must be an integer from 1 to 50, got 0'],
    ['insights', 'repeatRun', ['r1', 5], 'repeatRun: argument 2 (options) must be an object ({ seeds, onStarted }), got 5'],
    ['insights', 'compareGroups', ['r1', ['r2']], 'compareGroups: argument 1 (runIdsA) must be the run ids of group A (an array of strings), got "r1"'],
    ['insights', 'compareGroups', [['r1'], ['r2'], { metric: 3 }], 'compareGroups: options.metric must be a string, got 3'],
    ['insights', 'verifyRun', [], 'verifyRun needs 1 argument (runId), got 0'],
    ['insights', 'coach', [{ runId: 'r1' }], 'coach: argument 1 (runId) must be a run id (a string), got an object'],
    ['sync', 'connectServer', [5000], 'connectServer: argument 1 (url) must be a tracking server URL (a string), like "http://127.0.0.1:5000", got 5000'],
    ['sync', 'connectServer', ['http://x', { auth: { kind: 'token', token: 't' } }], 'connectServer: options.auth.kind must be an object { kind: "basic", username, password } or { kind: "bearer", token }, got "token"'],
    ['sync', 'pushRuns', ['r1'], 'pushRuns: argument 1 (runIds) must be an array of run ids, got "r1"'],
    ['sync', 'pullRuns', [{ maxRuns: 0 }], 'pullRuns: options.maxRuns must be an integer from 1 to 10000, got 0'],
  ])('%s: %s refuses a wrong call naming the verb and the argument', async (_family, verb, args, message) => {
    const { facade, calls } = fakeTarget();
    expect(await refusal(() => facade[verb]?.(...args))).toBe(message);
    expect(calls).toEqual([]);
  });

  it('reports a misspelt option key, with the key it probably meant', async () => {
    const { facade } = fakeTarget();
    expect(await refusal(() => facade.searchRuns?.('', { maxResult: 10 }))).toBe(
      'searchRuns: options has no key "maxResult" (did you mean "maxResults"?); it takes experimentIds, orderBy, maxResults, pageToken, viewType',
    );
    expect(await refusal(() => facade.train?.('iris_logreg', {}, { entrypoint: 'main' }))).toContain('train: options has no key "entrypoint" (did you mean "entryPoint"?)');
    expect(await refusal(() => facade.logMetric?.('loss', 1, { steps: 2 }))).toContain('logMetric: options has no key "steps" (did you mean "step"?)');
  });

  it('reports extra arguments, e.g. a step passed as in Python', async () => {
    const { facade } = fakeTarget();
    expect(await refusal(() => facade.logParam?.('lr', 0.1, {}, 'extra'))).toBe('logParam takes at most 3 arguments (key, value, options), got 4');
    expect(await refusal(() => facade.logMetric?.('loss', 0.5, 3))).toBe('logMetric: argument 3 (options) must be an object ({ runId, step, timestamp }), got 3');
  });

  it('throws at once from verbs that return at once, and rejects from verbs that return a promise', () => {
    const { facade } = fakeTarget();
    expect(() => facade.logMetric?.(1, 2)).toThrow('logMetric: argument 1 (key) must be a string, got 1');
    const rejected = facade.getRun?.(1) as Promise<unknown>;
    expect(rejected).toBeInstanceOf(Promise);
    return expect(rejected).rejects.toThrow('getRun: argument 1 (runId) must be a run id (a string), got 1');
  });

  it.each<[string, unknown[]]>([
    ['createExperiment', ['wine', { tags: { team: 'ml' } }]],
    ['startRun', []],
    ['startRun', [{ runName: 'a', nested: true, tags: { k: 'v' }, description: 'd' }]],
    ['createRun', [{ experimentId: '0', startTime: null }]],
    ['endRun', ['FINISHED', { runId: 'r1', endTime: 5 }]],
    ['logParam', ['lr', 0.1]],
    ['logParams', [{ a: 'x', b: 2, c: true, d: null }, { runId: 'r1' }]],
    ['logMetric', ['loss', Number.NaN, { step: 3, timestamp: 10 }]],
    ['logMetrics', [{ a: Infinity }, { step: 1 }]],
    ['logArtifact', [new Blob(['x'])]],
    ['logArtifact', [{ nested: { a: 1 } }, 'config.json', { runId: 'r1' }]],
    ['logDict', [[1, 2], 'list.json']],
    ['searchRuns', []],
    ['searchRuns', ['metrics.x > 1', { experimentIds: ['0'], orderBy: ['metrics.x DESC'], maxResults: 5, pageToken: null, viewType: 'ALL' }]],
    ['searchRegisteredModels', []],
    ['createModelVersion', ['m', 'runs:/r/model', null]],
    ['getModelVersion', ['m', '2']],
    ['setAlias', ['m', 'champion', 1]],
    ['registerModel', ['r1', 'm', { description: 'd' }]],
    ['exportBundle', [{ all: true }]],
    ['exportBundle', [{ experimentIds: ['0'] }, { onProgress: () => undefined }]],
    ['importBundle', [new Uint8Array(2), { onConflict: 'replace', dryRun: true, limits: { maxEntries: 10 } }]],
    ['openBundle', [new ArrayBuffer(2)]],
    ['train', ['iris_logreg', { epochs: 0 }, { rerunOf: 'r1', backend: 'wasm', onStarted: () => undefined }]],
    ['train', ['text_classifier']],
    ['startTraining', ['iris_logreg', { epochs: 1000 }, { backend: 'wasm', runName: 'long' }]],
    ['setTrainingSettings', [{ workers: 2, backend: 'wasm', wasmThreads: false }]],
    ['benchmarkTraining', ['wasm', { kind: 'reuters', variant: 'fast-sparse', budgetSeconds: 3 }]],
    ['benchmarkTraining', ['wasm', { kind: 'autolog-overhead', epochs: 5, rounds: 3 }]],
    ['search', [{ recipe: 'iris_logreg', space: [], algorithm: 'tpe', objective: 'test_accuracy', maxTrials: 6, seed: 1, parallel: 2 }]],
    ['searchBuiltin', ['wine-sgd', { maxTrials: 2 }]],
    ['predict', ['models:/iris', []]],
    ['importDataset', ['a,b\n1,2', { kind: 'tabular', fileName: 'x.csv' }]],
    ['autolog', [{ tf: {}, logEveryNBatches: null }]],
    ['runInWorker', [() => 1, { signal: new AbortController().signal }]],
    ['stopRun', ['r1']],
    ['emptyTrash', []],
    ['repeatRun', ['r1', { seeds: 5, onStarted: () => undefined }]],
    ['compareGroups', [['r1', 'r2'], ['r3'], { metric: 'test_rmse', labels: { a: 'old', b: 'new' } }]],
    ['verifyRun', ['r1']],
    ['coach', ['r1']],
    ['connectServer', ['http://127.0.0.1:5000', { auth: { kind: 'basic', username: 'a', password: 'b' } }]],
    ['pushRuns', [['r1', 'r2'], { server: 'http://127.0.0.1:5000' }]],
    ['pullRuns', [{ experimentNames: ['wine'], filter: "params.lr = '0.1'", maxRuns: 5, artifacts: true }]],
    ['setMirror', [null]],
  ])('%s passes a right call through to its service with the same arguments, `this` being the service', async (verb, args) => {
    const { facade, calls, serviceOf } = fakeTarget();
    expect(await facade[verb]?.(...args)).toBe('ok');
    expect(calls).toHaveLength(1);
    expect(calls[0]?.verb).toBe(verb);
    expect(calls[0]?.self).toBe(serviceOf[verb]);
    const passed = calls[0]?.args ?? [];
    expect(passed).toHaveLength(args.length);
    passed.forEach((arg, i) => expect(arg).toBe(args[i]));
  });

  it('shows the services’ objects as they are', () => {
    const { facade } = fakeTarget();
    expect(facade.training.runningRunIds()).toEqual(['r1']);
    expect(facade.writerId).toBe('writer-1');
    expect('db' in facade).toBe(false);
  });

  it('lists the built-in recipes, their entry points and typed params', () => {
    const { facade } = fakeTarget();
    const recipes = facade.listRecipes();
    expect(recipes.map((r) => r.name)).toEqual(RECIPES.map((r) => r.name));
    expect(recipes.map((r) => r.name)).toEqual(expect.arrayContaining(['iris_logreg', 'wine_quality', 'text_classifier', 'csv']));
    const iris = recipes.find((r) => r.name === 'iris_logreg');
    const epochs = iris?.entryPoints[0]?.params.find((p) => p.name === 'epochs');
    expect(epochs).toMatchObject({ type: 'int', default: expect.any(Number), min: 1, max: expect.any(Number) });
    const wine = recipes.find((r) => r.name === 'wine_quality');
    expect(wine?.entryPoints.map((e) => e.name)).toEqual(expect.arrayContaining(['mlp', 'elasticnet']));
    const choice = recipes.flatMap((r) => r.entryPoints.flatMap((e) => e.params)).find((p) => p.type === 'choice');
    expect(choice?.choices).toEqual(expect.arrayContaining([choice?.default]));
    expect(JSON.parse(JSON.stringify(recipes))).toEqual(recipes);
    // A copy: changing it changes nothing in the table.
    if (epochs) epochs.default = -1;
    expect(facade.listRecipes().find((r) => r.name === 'iris_logreg')?.entryPoints[0]?.params.find((p) => p.name === 'epochs')?.default).not.toBe(-1);
  });

  it('holds the test-only switches in `testing`, not among the verbs', () => {
    const { facade, faults, lost } = fakeTarget();
    expect(Object.keys(facade.testing).sort()).toEqual(['simulateStorageFault', 'simulateWorkerLoss']);
    expect('simulateStorageFault' in facade).toBe(false);
    facade.testing.simulateStorageFault({ kind: 'quota', writes: ['metrics'] });
    expect(getStoreFault()).toEqual({ kind: 'quota', writes: ['metrics'] });
    expect(faults).toEqual([{ kind: 'quota', writes: ['metrics'] }]);
    facade.testing.simulateStorageFault(null);
    expect(getStoreFault()).toBeNull();
    expect(facade.testing.simulateWorkerLoss('r9')).toBe(true);
    expect(lost).toEqual(['r9']);
  });
});
