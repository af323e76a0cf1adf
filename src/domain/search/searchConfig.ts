/**
 * Checks a whole search request (space, algorithm and its settings, objective, seed, budget) as
 * it arrives from the console API or the search form, and builds the initial `SearchState`.
 * Errors are keyed by field path (`space.learning_rate`, `algorithm.gamma`, `maxTrials`), and
 * each message names the field, the rule and what was received.
 */
import { TrackingError } from '../errors';
import { quoteName } from '../recipes/closestName';
import { gridSize } from './gridSampler';
import type { SearchAlgorithm, SearchBudget, SearchObjective, SearchSpace, SearchState, TpeSettings } from './search.types';
import { DEFAULT_TPE_SETTINGS } from './tpe';
import { WHOLE_SPACE_KEY, checkSearchSpace } from './validateSpace';

export const MAX_TRIALS_LIMIT = 10_000;

/**
 * What a caller passes. `algorithm` is a name or `{ name, ...tpeSettings }` (missing settings take
 * hyperopt's defaults); `objective.direction` defaults to minimize.
 */
export type SearchRequest = {
  readonly space: unknown;
  readonly algorithm: unknown;
  readonly objective: unknown;
  readonly seed: unknown;
  readonly maxTrials: unknown;
  readonly maxSeconds?: unknown;
  readonly stopAfterNoImprovement?: unknown;
};

export type SearchRequestCheck =
  | { readonly ok: true; readonly config: Omit<SearchState, 'version' | 'startedAt' | 'trials'> }
  | { readonly ok: false; readonly errors: Record<string, string> };

function describe(raw: unknown): string {
  if (typeof raw === 'string') return raw === '' ? 'an empty string' : quoteName(raw);
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  if (raw === null) return 'null';
  if (raw === undefined) return 'nothing';
  return Array.isArray(raw) ? 'a list' : `a value of type ${typeof raw}`;
}

function isRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

type Errors = Map<string, string>;

function intIn(errors: Errors, field: string, raw: unknown, min: number, max: number): number | undefined {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= min && raw <= max) return raw;
  errors.set(field, `${field} must be an integer from ${min} to ${max}; got ${describe(raw)}`);
  return undefined;
}

function tpeSettings(errors: Errors, raw: Record<string, unknown>): TpeSettings {
  const d = DEFAULT_TPE_SETTINGS;
  const known = ['name', ...Object.keys(d)];
  for (const key of Object.keys(raw)) {
    if (!known.includes(key)) errors.set(`algorithm.${key}`, `algorithm.${key} is not a TPE setting; TPE takes ${Object.keys(d).join(', ')}`);
  }
  const nStartupJobs = raw.nStartupJobs === undefined ? d.nStartupJobs : intIn(errors, 'algorithm.nStartupJobs', raw.nStartupJobs, 0, MAX_TRIALS_LIMIT);
  const nEiCandidates = raw.nEiCandidates === undefined ? d.nEiCandidates : intIn(errors, 'algorithm.nEiCandidates', raw.nEiCandidates, 1, 10_000);
  const linearForgetting = raw.linearForgetting === undefined ? d.linearForgetting : intIn(errors, 'algorithm.linearForgetting', raw.linearForgetting, 1, MAX_TRIALS_LIMIT);
  let gamma = d.gamma;
  if (raw.gamma !== undefined) {
    if (typeof raw.gamma === 'number' && raw.gamma > 0 && raw.gamma <= 1) gamma = raw.gamma;
    else errors.set('algorithm.gamma', `algorithm.gamma must be a number greater than 0 and at most 1; got ${describe(raw.gamma)}`);
  }
  let priorWeight = d.priorWeight;
  if (raw.priorWeight !== undefined) {
    if (typeof raw.priorWeight === 'number' && Number.isFinite(raw.priorWeight) && raw.priorWeight > 0) priorWeight = raw.priorWeight;
    else errors.set('algorithm.priorWeight', `algorithm.priorWeight must be a finite number greater than 0; got ${describe(raw.priorWeight)}`);
  }
  return {
    nStartupJobs: nStartupJobs ?? d.nStartupJobs,
    gamma,
    nEiCandidates: nEiCandidates ?? d.nEiCandidates,
    priorWeight,
    linearForgetting: linearForgetting ?? d.linearForgetting,
  };
}

function algorithmOf(errors: Errors, raw: unknown): SearchAlgorithm | undefined {
  const spec = typeof raw === 'string' ? { name: raw } : raw;
  const name = isRecord(spec) ? spec.name : undefined;
  if (!isRecord(spec) || (name !== 'random' && name !== 'grid' && name !== 'tpe')) {
    errors.set('algorithm', `algorithm must be "random", "grid" or "tpe" (or { name: "tpe", gamma, … }); got ${describe(isRecord(spec) ? name : raw)}`);
    return undefined;
  }
  if (name === 'tpe') return { name, ...tpeSettings(errors, spec) };
  const extra = Object.keys(spec).filter((key) => key !== 'name');
  if (extra.length > 0) errors.set(`algorithm.${extra[0]}`, `algorithm.${extra[0]} is not a setting of ${name} search; it takes none`);
  return { name };
}

function objectiveOf(errors: Errors, raw: unknown): SearchObjective | undefined {
  const spec = typeof raw === 'string' ? { metric: raw } : raw;
  if (!isRecord(spec) || typeof spec.metric !== 'string' || spec.metric.trim() === '') {
    errors.set('objective.metric', `objective.metric must name the metric each trial reports, e.g. "val_rmse"; got ${describe(isRecord(spec) ? spec.metric : raw)}`);
    return undefined;
  }
  const direction = spec.direction ?? 'minimize';
  if (direction !== 'minimize' && direction !== 'maximize') {
    errors.set('objective.direction', `objective.direction must be "minimize" or "maximize"; got ${describe(direction)}`);
    return undefined;
  }
  return { metric: spec.metric.trim(), direction };
}

function budgetOf(errors: Errors, request: SearchRequest): SearchBudget | undefined {
  const maxTrials = intIn(errors, 'maxTrials', request.maxTrials, 1, MAX_TRIALS_LIMIT);
  let maxSeconds: number | undefined;
  if (request.maxSeconds !== undefined) {
    const s = request.maxSeconds;
    if (typeof s === 'number' && Number.isFinite(s) && s > 0) maxSeconds = s;
    else errors.set('maxSeconds', `maxSeconds must be a finite number of seconds greater than 0; got ${describe(s)}`);
  }
  const stopAfterNoImprovement =
    request.stopAfterNoImprovement === undefined ? undefined : intIn(errors, 'stopAfterNoImprovement', request.stopAfterNoImprovement, 1, MAX_TRIALS_LIMIT);
  if (maxTrials === undefined) return undefined;
  return {
    maxTrials,
    ...(maxSeconds === undefined ? {} : { maxSeconds }),
    ...(stopAfterNoImprovement === undefined ? {} : { stopAfterNoImprovement }),
  };
}

/** Checks a search request; on success returns everything `createSearchState` needs. */
export function checkSearchRequest(request: SearchRequest): SearchRequestCheck {
  const errors: Errors = new Map();
  if (!isRecord(request)) return { ok: false, errors: { '*': `a search request must be an object; got ${describe(request)}` } };
  let space: SearchSpace | undefined;
  const spaceCheck = checkSearchSpace(request.space);
  if (spaceCheck.ok) space = spaceCheck.space;
  else for (const [name, message] of Object.entries(spaceCheck.errors)) errors.set(name === WHOLE_SPACE_KEY ? 'space' : `space.${name}`, message);
  const algorithm = algorithmOf(errors, request.algorithm);
  if (algorithm?.name === 'grid' && space !== undefined) {
    try {
      gridSize(space);
    } catch (error) {
      if (!(error instanceof TrackingError)) throw error;
      errors.set('space', error.message);
    }
  }
  const objective = objectiveOf(errors, request.objective);
  const seed = request.seed;
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed)) errors.set('seed', `seed must be an integer; got ${describe(seed)}`);
  const budget = budgetOf(errors, request);
  if (errors.size > 0 || space === undefined || algorithm === undefined || objective === undefined || budget === undefined) {
    return { ok: false, errors: Object.fromEntries(errors) };
  }
  return { ok: true, config: { space, algorithm, objective, seed: seed as number, budget } };
}

/**
 * The initial state of a search started at `startedAt` (epoch ms), or INVALID_PARAMETER_VALUE
 * listing every problem of the request.
 */
export function createSearchState(request: SearchRequest, startedAt: number): SearchState {
  const check = checkSearchRequest(request);
  if (!check.ok) throw new TrackingError('INVALID_PARAMETER_VALUE', `Invalid search: ${Object.values(check.errors).join('; ')}`);
  return { version: 1, ...check.config, startedAt, trials: [] };
}
