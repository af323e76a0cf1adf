/**
 * The pure half of a hyperparameter search run as parent and child runs: checking a request and
 * planning the search (its setup and initial state). The rest of the pure half lives beside it
 * and is re-exported here: what the parent records in searchParentRun.ts, each trial's params,
 * request and result in searchTrials.ts, and the stored document a reload resumes from in
 * storedSearch.ts. The effects (runs, artifacts, the worker pool) are in searchCoordinator.ts.
 */
import { TrackingError } from '../../domain/errors';
import type { ExperimentId } from '../../domain/ids';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import type { EntryPoint, Params } from '../../domain/recipes/recipe.types';
import { validateParams } from '../../domain/recipes/validateRecipe';
import { checkSearchRequest, checkSpaceForEntryPoint, type SearchState } from '../../domain/search';
import type { SearchSetup } from './storedSearch';

export {
  bestPoints,
  bestRunMetrics,
  bestTags,
  defaultParentName,
  MODEL_ARTIFACT_PATH,
  parentParams,
  parentTags,
  retargetMlmodel,
  TAG_BEST_PARAMS,
  TAG_BEST_RUN_ID,
  TAG_SEARCH_ALGORITHM,
  TRIALS_CSV_PATH,
} from './searchParentRun';
export { TAG_SEARCH_TRIAL, trialParams, trialRequest, trialResult, withRunId } from './searchTrials';
export { parseStoredSearch, SEARCH_STATE_PATH, storedSearch, type SearchSetup, type StoredSearch } from './storedSearch';

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
