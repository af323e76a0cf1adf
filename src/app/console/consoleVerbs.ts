/**
 * Which page service answers each verb of `window.trainyard`. The console is flat (MLflow's
 * fluent API and MlflowClient's verbs side by side); this table is its map onto the services. A
 * verb must exist on its service, and every public method of a service (but the prediction
 * client, which shows only `predict`) must be listed: both are checked when the build typechecks.
 */
import type { PageServices } from '../../services/page';

type MethodName<T> = { [K in keyof T]: T[K] extends (...args: never[]) => unknown ? K : never }[keyof T];

/** Every verb of the console, by the service that answers it, in README order within each. */
export const CONSOLE_VERBS = {
  tracking: [
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
    // datasets
    'listDatasets', 'getDataset', 'findDataset', 'saveDataset',
  ],
  registry: [
    'createRegisteredModel', 'getRegisteredModel', 'searchRegisteredModels', 'updateRegisteredModel', 'deleteRegisteredModel',
    'setRegisteredModelTag', 'deleteRegisteredModelTag', 'createModelVersion', 'getModelVersion', 'listModelVersionsOfRuns',
    'getModelVersionByAlias', 'getLatestModelVersion', 'listModelVersions', 'updateModelVersion', 'deleteModelVersion',
    'setModelVersionTag', 'deleteModelVersionTag', 'setRegisteredModelAlias', 'deleteRegisteredModelAlias',
    'transitionModelVersionStage', 'registerModel', 'setAlias',
  ],
  bundles: ['exportBundle', 'exportBundleWithReport', 'importBundle', 'openBundle'],
  training: [
    'train', 'startTraining', 'stopRun', 'getTrainingSettings', 'setTrainingSettings', 'onTrainingProgress', 'benchmarkTraining',
    'autolog', 'importDataset',
  ],
  searches: ['search', 'searchBuiltin', 'startSearch', 'stopSearch', 'resumeSearch', 'resumeSearches'],
  predictions: ['predict'],
  scripts: ['runInWorker'],
  storage: ['purgeRun', 'purgeExperiment', 'emptyTrash', 'deleteDataset'],
  insights: ['repeatRun', 'compareGroups', 'verifyRun', 'coach'],
  sync: [
    'connectServer', 'testConnection', 'listServers', 'removeServer', 'listServerExperiments', 'pushRuns', 'pullRuns', 'setMirror', 'getMirror',
    'syncStatus', 'drainOutbox',
  ],
} as const satisfies { readonly [S in keyof PageServices]: ReadonlyArray<MethodName<PageServices[S]>> };

export type VerbTable = typeof CONSOLE_VERBS;
export type ServiceName = keyof VerbTable;
export type ConsoleVerb = VerbTable[ServiceName][number];

/** Every verb, flat. */
export const ALL_VERBS: readonly ConsoleVerb[] = Object.values(CONSOLE_VERBS).flat();

/** Function-valued members that are not verbs: the tracking client's clock, which services share. */
type NotVerbs = 'now';

// A public method added to a service and not to CONSOLE_VERBS fails here, naming it.
type Unlisted = {
  [S in Exclude<ServiceName, 'predictions'>]: Exclude<MethodName<PageServices[S]>, VerbTable[S][number] | NotVerbs>;
}[Exclude<ServiceName, 'predictions'>];
const everyVerbListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyVerbListed;
