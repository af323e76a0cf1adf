/**
 * The pure half of a hyperparameter search run as parent and child runs: checking a request,
 * what the parent records (params, tags, the running best), each trial's params and request, the
 * objective read from a finished child, and the stored document a reload resumes from. The
 * effects (runs, artifacts, the worker pool) are in searchCoordinator.ts.
 */
import { TrackingError } from '../../domain/errors';
import type { ExperimentId, RunId } from '../../domain/ids';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import type { EntryPoint, Params } from '../../domain/recipes/recipe.types';
import { validateParams } from '../../domain/recipes/validateRecipe';
import {
  bestTrial,
  checkSearchRequest,
  checkSpaceForEntryPoint,
  type SearchState,
  type SearchTrial,
  type SuggestedParams,
  type TrialResult,
} from '../../domain/search';
import type { Run } from '../../domain/tracking/types';
import { MAX_PARAM_VALUE_LENGTH } from '../../domain/tracking/validation';
import type { BackendName, TrainRequest } from '../protocol';

export const TAG_SEARCH_ALGORITHM = 'trainyard.search.algorithm';
export const TAG_SEARCH_TRIAL = 'trainyard.search.trial';
export const TAG_BEST_RUN_ID = 'trainyard.search.best_run_id';
export const TAG_BEST_PARAMS = 'trainyard.search.best_params';
export const SEARCH_STATE_PATH = 'search_state.json';
/** Where a trial's model is, and where the parent keeps a copy of the best one. */
export const MODEL_ARTIFACT_PATH = 'model';
export const TRIALS_CSV_PATH = 'trials.csv';
/** Trials in flight at once; more than the pool's workers just queue. */
export const MAX_PARALLEL = 16;

/** What `trainyard.search(...)` takes. */
export interface SearchRunRequest {
  recipe: string;
  /** Defaults to the recipe's first entry point. */
  entryPoint?: string;
  space: unknown;
  algorithm: unknown;
  objective: unknown;
  maxTrials: unknown;
  maxSeconds?: unknown;
  stopAfterNoImprovement?: unknown;
  seed: unknown;
  /** Trials in flight at once (default 1). */
  parallel?: unknown;
  /** Values of parameters that are not searched (defaults elsewhere). */
  fixedParams?: Record<string, unknown>;
  experimentId?: ExperimentId;
  runName?: string;
}

/** Everything a search needs besides its state; stored with the state so a reload can resume. */
export interface SearchSetup {
  recipe: string;
  entryPoint: string;
  parallel: number;
  fixedParams: Params;
  experimentId: ExperimentId;
}

/** The `search_state.json` artifact of a parent run. */
export interface StoredSearch {
  format: 'trainyard.search';
  version: 1;
  setup: SearchSetup;
  state: SearchState;
}

/**
 * Every problem that keeps a request from starting, keyed by field path (`recipe`, `parallel`,
 * `space.learning_rate`, `fixedParams.epochs`, …); empty when it can start. The Search page shows
 * each beside its field; planSearch throws them joined.
 */
export function searchRunRequestErrors(request: SearchRunRequest): Record<string, string> {
  return checkRunRequest(request).errors;
}

function checkRunRequest(request: SearchRunRequest): { errors: Record<string, string>; planned?: { config: Omit<SearchState, 'version' | 'startedAt' | 'trials'>; entryPoint: EntryPoint; recipe: string; fixedParams: Params; parallel: number } } {
  if (typeof request !== 'object' || request === null) {
    return { errors: { request: 'the request must be an object { recipe, space, algorithm, objective, maxTrials, seed, … }' } };
  }
  const errors = new Map<string, string>();
  let entryPoint: EntryPoint | undefined;
  let recipeName = '';
  try {
    const recipe = findRecipe(String(request.recipe));
    recipeName = recipe.name;
    entryPoint = findEntryPoint(recipe, request.entryPoint ?? recipe.entryPoints[0]?.name ?? '');
  } catch (error) {
    errors.set(request.entryPoint === undefined || recipeName === '' ? 'recipe' : 'entryPoint', error instanceof Error ? error.message : String(error));
  }
  const parallel = request.parallel ?? 1;
  if (typeof parallel !== 'number' || !Number.isInteger(parallel) || parallel < 1 || parallel > MAX_PARALLEL) {
    errors.set('parallel', `parallel must be an integer from 1 to ${MAX_PARALLEL}; got ${JSON.stringify(parallel) ?? String(parallel)}`);
  }
  const check = checkSearchRequest(request);
  if (!check.ok) for (const [field, message] of Object.entries(check.errors)) errors.set(field, message);
  let fixedParams: Params = {};
  const rawFixed = request.fixedParams ?? {};
  if (entryPoint !== undefined) {
    if (typeof rawFixed !== 'object' || rawFixed === null || Array.isArray(rawFixed)) {
      errors.set('fixedParams', 'fixedParams must be an object of parameter name → value');
    } else {
      const fixed = validateParams(entryPoint, rawFixed);
      if (fixed.ok) fixedParams = Object.fromEntries(Object.keys(rawFixed).map((name) => [name, fixed.params[name] as Params[string]]));
      else for (const [field, message] of Object.entries(fixed.errors)) errors.set(`fixedParams.${field}`, message);
    }
    if (check.ok && !errors.has('fixedParams')) {
      for (const [name, message] of Object.entries(checkSpaceForEntryPoint(check.config.space, entryPoint, fixedParams))) errors.set(`space.${name}`, message);
    }
  }
  if (errors.size > 0 || !check.ok || entryPoint === undefined) return { errors: Object.fromEntries(errors) };
  return { errors: {}, planned: { config: check.config, entryPoint, recipe: recipeName, fixedParams, parallel: parallel as number } };
}

/**
 * Checks a request and returns the setup and initial state, or INVALID_PARAMETER_VALUE naming
 * every field at fault. Nothing is written either way.
 */
export function planSearch(request: SearchRunRequest, defaults: { experimentId: ExperimentId; now: number }): { setup: SearchSetup; state: SearchState; entryPoint: EntryPoint } {
  const { errors, planned } = checkRunRequest(request);
  if (planned === undefined) {
    const details = Object.entries(errors).map(([field, message]) => (field === 'request' ? message : `${field}: ${message}`)).join('; ');
    throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid search: ${details}`);
  }
  const state: SearchState = { version: 1, ...planned.config, startedAt: defaults.now, trials: [] };
  const setup: SearchSetup = {
    recipe: planned.recipe,
    entryPoint: planned.entryPoint.name,
    parallel: planned.parallel,
    fixedParams: planned.fixedParams,
    experimentId: request.experimentId ?? defaults.experimentId,
  };
  return { setup, state, entryPoint: planned.entryPoint };
}

/** The parent run's params: algorithm, space (JSON), budget, seed, objective, recipe and parallelism. */
export function parentParams(setup: SearchSetup, state: SearchState): Record<string, string | number> {
  const space = JSON.stringify(state.space);
  return {
    algorithm: state.algorithm.name,
    ...(state.algorithm.name === 'tpe'
      ? { tpe_startup_trials: state.algorithm.nStartupJobs, tpe_gamma: state.algorithm.gamma, tpe_ei_candidates: state.algorithm.nEiCandidates }
      : {}),
    space: space.length <= MAX_PARAM_VALUE_LENGTH ? space : `(${state.space.length} parameters: see ${SEARCH_STATE_PATH})`,
    max_trials: state.budget.maxTrials,
    ...(state.budget.maxSeconds === undefined ? {} : { max_seconds: state.budget.maxSeconds }),
    ...(state.budget.stopAfterNoImprovement === undefined ? {} : { stop_after_no_improvement: state.budget.stopAfterNoImprovement }),
    seed: state.seed,
    objective: state.objective.metric,
    objective_direction: state.objective.direction,
    recipe: setup.recipe,
    entry_point: setup.entryPoint,
    parallel: setup.parallel,
  };
}

export function parentTags(setup: SearchSetup, state: SearchState, runName: string): Record<string, string> {
  return {
    [TAG_SEARCH_ALGORITHM]: state.algorithm.name,
    'mlflow.runName': runName,
    'trainyard.recipe': setup.recipe,
    'trainyard.entry_point': setup.entryPoint,
  };
}

export function defaultParentName(setup: SearchSetup, state: SearchState): string {
  return `${state.algorithm.name}-search-${setup.recipe}`;
}

/**
 * A trial's params: the suggestion over the fixed params over the entry point's defaults,
 * validated; a message naming the fields when they don't validate.
 */
export function trialParams(entryPoint: EntryPoint, setup: SearchSetup, suggested: SuggestedParams): { ok: true; params: Params } | { ok: false; error: string } {
  const checked = validateParams(entryPoint, { ...setup.fixedParams, ...suggested });
  if (checked.ok) return { ok: true, params: checked.params };
  return { ok: false, error: Object.entries(checked.errors).map(([field, message]) => `${field}: ${message}`).join('; ') };
}

/** The request that trains trial `trial` as a child of `parentRunId`. */
export function trialRequest(options: {
  setup: SearchSetup;
  trial: SearchTrial;
  params: Params;
  parentRunId: RunId;
  backend: BackendName | 'auto';
  requestId: string;
}): TrainRequest {
  const { setup, trial } = options;
  return {
    requestId: options.requestId,
    recipe: setup.recipe,
    entryPoint: setup.entryPoint,
    params: options.params,
    experimentId: setup.experimentId,
    runName: `trial-${trial.index}`,
    backend: options.backend,
    parentRunId: options.parentRunId,
    tags: { [TAG_SEARCH_TRIAL]: String(trial.index) },
  };
}

/** How a trial ended, from its training outcome and (when it finished) its child run. */
export function trialResult(
  outcome: { status: 'FINISHED' | 'FAILED' | 'KILLED'; error?: string },
  child: Pick<Run, 'metrics'> | null,
  metric: string,
): TrialResult {
  if (outcome.status === 'KILLED') return { status: 'killed', ...(outcome.error === undefined ? {} : { error: outcome.error }) };
  if (outcome.status === 'FAILED') return { status: 'failed', error: outcome.error ?? 'the trial failed' };
  const summary = child?.metrics[metric];
  if (summary === undefined) {
    const logged = Object.keys(child?.metrics ?? {}).sort();
    return { status: 'failed', error: `the trial finished without logging the objective "${metric}"; it logged: ${logged.join(', ') || 'no metrics'}` };
  }
  return { status: 'completed', objective: summary.latest.value };
}

/**
 * The running-best points the parent can log now: one per trial index after `loggedUpTo`, as far
 * as every trial up to it has ended (parallel trials end out of order; the curve is by index, so
 * it never goes down). The value at index i is the best objective among completed trials ≤ i;
 * killed trials get no point (they don't count), nor do indices before any trial completed.
 * `upTo`: the last index covered, to pass as `loggedUpTo` next time.
 */
export function bestPoints(state: SearchState, loggedUpTo: number): { key: string; points: { step: number; value: number }[]; upTo: number } {
  const key = `best_${state.objective.metric}`;
  const points: { step: number; value: number }[] = [];
  let best: { loss: number; objective: number } | undefined;
  let upTo = loggedUpTo;
  for (const trial of state.trials) {
    if (trial.status === 'pending' || trial.status === 'running') break;
    if (trial.status === 'completed' && trial.objective !== undefined) {
      const loss = state.objective.direction === 'maximize' ? -trial.objective : trial.objective;
      if (best === undefined || loss < best.loss) best = { loss, objective: trial.objective };
    }
    if (trial.index <= loggedUpTo) continue;
    upTo = trial.index;
    if (trial.status !== 'killed' && best !== undefined) points.push({ step: trial.index, value: best.objective });
  }
  return { key, points, upTo };
}

/** The parent's tags for the best trial so far, or undefined before a trial completes. */
export function bestTags(state: SearchState): Record<string, string> | undefined {
  const best = bestTrial(state);
  if (best?.objective === undefined) return undefined;
  return { [TAG_BEST_RUN_ID]: best.runId ?? '', [TAG_BEST_PARAMS]: JSON.stringify(best.params) };
}

/** Records the child run of a running trial (known once the worker has created it). */
export function withRunId(state: SearchState, index: number, runId: RunId): SearchState {
  return { ...state, trials: state.trials.map((t) => (t.index === index ? { ...t, runId } : t)) };
}

export function storedSearch(setup: SearchSetup, state: SearchState): StoredSearch {
  return { format: 'trainyard.search', version: 1, setup, state };
}

/** Reads `search_state.json`; a message naming what is wrong when it isn't a stored search. */
export function parseStoredSearch(text: string): StoredSearch {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `${SEARCH_STATE_PATH} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const doc = value as Partial<StoredSearch> | null;
  if (doc === null || typeof doc !== 'object' || doc.format !== 'trainyard.search' || doc.version !== 1) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `${SEARCH_STATE_PATH} is not a Trainyard search state (format "trainyard.search", version 1)`);
  }
  const { setup, state } = doc;
  if (typeof setup !== 'object' || setup === null || typeof setup.recipe !== 'string' || typeof setup.entryPoint !== 'string') {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `${SEARCH_STATE_PATH}: setup must name the recipe and entry point`);
  }
  if (typeof state !== 'object' || state === null || state.version !== 1 || !Array.isArray(state.trials)) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `${SEARCH_STATE_PATH}: state must be a version 1 search state with a trials list`);
  }
  // The space, algorithm, objective, seed and budget must still pass the checks they passed at the start.
  const check = checkSearchRequest({ ...state, maxTrials: state.budget?.maxTrials, maxSeconds: state.budget?.maxSeconds, stopAfterNoImprovement: state.budget?.stopAfterNoImprovement });
  if (!check.ok) {
    throw new TrackingError('INVALID_PARAMETER_VALUE', `${SEARCH_STATE_PATH}: ${Object.entries(check.errors).map(([f, m]) => `${f}: ${m}`).join('; ')}`);
  }
  return { format: 'trainyard.search', version: 1, setup: setup as SearchSetup, state: state as SearchState };
}

/**
 * The best trial's final split metrics (train_*, val_*, test_*), which the parent logs under the
 * same names, as MLflow's hyperparameter example logs train/val/test RMSE of the best run on the
 * parent run.
 */
export function bestRunMetrics(child: Pick<Run, 'metrics'>): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, summary] of Object.entries(child.metrics)) {
    if (/^(train|val|test)_/.test(key) && Number.isFinite(summary.latest.value)) metrics[key] = summary.latest.value;
  }
  return metrics;
}

/**
 * The best trial's MLmodel as the parent keeps it: `run_id` names the parent, where the copy lives
 * (so `runs:/<parent>/model` is self-consistent), everything else as the trial wrote it.
 */
export function retargetMlmodel(yaml: string, parentRunId: RunId): string {
  if (!/^run_id:.*$/m.test(yaml)) return `${yaml.replace(/\n?$/, '\n')}run_id: ${parentRunId}\n`;
  return yaml.replace(/^run_id:.*$/m, `run_id: ${parentRunId}`);
}
