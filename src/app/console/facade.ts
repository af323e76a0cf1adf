/**
 * `window.trainyard`: a flat, plain object over the page's console client whose verbs check
 * their arguments (consoleSchemas.ts) before calling the client, so a wrong call from the devtools
 * console is refused with a message naming the verb, the argument and what was expected — a
 * TrackingError INVALID_PARAMETER_VALUE, thrown by verbs that return at once and rejected by
 * verbs that return a promise. A right call reaches the client with the same arguments, `this`
 * being the client. Adds `listRecipes()` and `testing`, the test-only switches. The app's own
 * code uses the client directly, not this.
 */
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { setStoreFault, type StoreFault } from '../../db/faults';
import type { TrainyardConsole } from '../../training/TrainyardConsole';
import { CONSOLE_SCHEMAS } from './consoleSchemas';
import { formatIssues, issueWords } from './formatIssues';
import { listRecipes, type RecipeListing } from './listRecipes';
import type { Signature } from './schemaParts';

type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/** Every verb of the console, in README order. */
export const CONSOLE_VERBS = [
  // experiments
  'createExperiment', 'setExperiment', 'getExperiment', 'getExperimentByName', 'listExperiments', 'renameExperiment',
  'deleteExperiment', 'restoreExperiment', 'setExperimentTag', 'getActiveExperimentId',
  // runs
  'startRun', 'createRun', 'activeRunId', 'endRun', 'reopenRun', 'getRun', 'setRunName', 'deleteRun', 'restoreRun',
  'flush', 'close', 'onError', 'killOrphanedRuns', 'watchForOrphans',
  // params, metrics, tags
  'logParam', 'logParams', 'setTag', 'setTags', 'deleteTag', 'logMetric', 'logMetrics', 'getMetricHistory', 'getMetricColumns',
  // artifacts
  'logArtifact', 'logText', 'logDict', 'logImage', 'listArtifacts', 'downloadArtifact',
  // search
  'searchRuns',
  // registry
  'createRegisteredModel', 'getRegisteredModel', 'searchRegisteredModels', 'updateRegisteredModel', 'deleteRegisteredModel',
  'setRegisteredModelTag', 'deleteRegisteredModelTag', 'createModelVersion', 'getModelVersion', 'listModelVersionsOfRuns',
  'getModelVersionByAlias', 'getLatestModelVersion', 'listModelVersions', 'updateModelVersion', 'deleteModelVersion',
  'setModelVersionTag', 'deleteModelVersionTag', 'setRegisteredModelAlias', 'deleteRegisteredModelAlias',
  'transitionModelVersionStage', 'registerModel', 'setAlias',
  // bundles
  'exportBundle', 'exportBundleWithReport', 'importBundle', 'openBundle',
  // training, hyperparameter search, prediction
  'train', 'startTraining', 'stopRun', 'getTrainingSettings', 'setTrainingSettings', 'onTrainingProgress', 'benchmarkTraining',
  'autolog', 'runInWorker', 'search', 'searchBuiltin', 'startSearch', 'stopSearch', 'resumeSearch', 'resumeSearches', 'predict',
  // datasets
  'importDataset', 'listDatasets', 'getDataset', 'findDataset', 'saveDataset',
  // storage
  'purgeRun', 'purgeExperiment', 'emptyTrash', 'deleteDataset',
] as const satisfies ReadonlyArray<MethodName<TrainyardConsole>>;

/** The client's objects and values the console shows as they are (read at each access). */
export const CONSOLE_PROPERTIES = ['training', 'searchCoordinator', 'predictions', 'db', 'writerId'] as const satisfies ReadonlyArray<keyof TrainyardConsole>;

type ConsoleVerb = (typeof CONSOLE_VERBS)[number];
// A verb added to TrainyardConsole and not to CONSOLE_VERBS fails here, naming it.
type Unlisted = Exclude<MethodName<TrainyardConsole>, ConsoleVerb>;
const everyVerbListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyVerbListed;

/** Switches that only tests use (e2e runs against the production build, so they ship). */
export interface ConsoleTesting {
  /**
   * Simulates a storage fault (e.g. `{ kind: 'quota' }`, a full disk) in the store writes of this
   * page and of every training worker, until called with null.
   */
  simulateStorageFault(fault: StoreFault | null): void;
  /** Terminates the worker training `runId` without telling the pool, as the browser does on out-of-memory. */
  simulateWorkerLoss(runId: RunId): boolean;
}

/** What the facade needs of its target beyond the verbs: the pool, for the test switches. */
export interface ConsoleTarget {
  readonly training: {
    simulateStorageFault(fault: StoreFault | null): void;
    simulateWorkerLoss(runId: RunId): boolean;
  };
}

export type ConsoleFacade<T = TrainyardConsole> = Pick<T, Extract<ConsoleVerb | (typeof CONSOLE_PROPERTIES)[number], keyof T>> & {
  /** The built-in recipes, their entry points and each one's typed params (defaults, ranges, choices). */
  listRecipes(): RecipeListing[];
  /** Test-only switches (README, "Testing faults"); nothing in the app calls them. */
  readonly testing: ConsoleTesting;
};

function check(verb: string, signature: Signature, args: readonly unknown[]): TrackingError | null {
  const result = signature.args.safeParse(args, { error: issueWords });
  return result.success ? null : new TrackingError('INVALID_PARAMETER_VALUE', formatIssues(verb, signature, args, result.error.issues));
}

/** The verb, checking its arguments first when it has a schema. */
function wrap(target: object, verb: string, method: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const signature = (CONSOLE_SCHEMAS as Partial<Record<string, Signature>>)[verb];
  const checked = function (...args: unknown[]): unknown {
    const error = signature ? check(verb, signature, args) : null;
    if (error) {
      if (signature?.async) return Promise.reject(error);
      throw error;
    }
    return method.apply(target, args);
  };
  Object.defineProperty(checked, 'name', { value: verb });
  return checked;
}

function testingSwitches(target: ConsoleTarget): ConsoleTesting {
  return Object.freeze({
    simulateStorageFault(fault: StoreFault | null): void {
      setStoreFault(fault);
      target.training.simulateStorageFault(fault);
    },
    simulateWorkerLoss(runId: RunId): boolean {
      return target.training.simulateWorkerLoss(runId);
    },
  });
}

/** The validating console over `target` (the page's TrainyardConsole; a fake in unit tests). */
export function consoleFacade<T extends ConsoleTarget>(target: T): ConsoleFacade<T> {
  const facade: Record<string, unknown> = {};
  const source = target as unknown as Record<string, unknown>;
  for (const verb of CONSOLE_VERBS) {
    const method = source[verb];
    if (typeof method === 'function') facade[verb] = wrap(target, verb, method as (...args: unknown[]) => unknown);
  }
  for (const name of CONSOLE_PROPERTIES) {
    if (name in target) Object.defineProperty(facade, name, { get: () => source[name], enumerable: true });
  }
  facade.listRecipes = () => listRecipes();
  facade.testing = testingSwitches(target);
  return facade as ConsoleFacade<T>;
}
