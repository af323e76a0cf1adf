/**
 * A search's trials as child runs, pure: each trial's params and training request, how it ended
 * (read from its training outcome and child run), and its child run recorded in the state.
 */
import type { RunId } from '../../domain/ids';
import type { EntryPoint, Params } from '../../domain/recipes/recipe.types';
import { validateParams } from '../../domain/recipes/validateRecipe';
import type { SearchState, SearchTrial, SuggestedParams, TrialResult } from '../../domain/search';
import type { Run } from '../../domain/tracking/types';
import type { BackendName, TrainRequest } from '../../workers/train/protocol';
import type { SearchSetup } from './storedSearch';

export const TAG_SEARCH_TRIAL = 'trainyard.search.trial';

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

/** Records the child run of a running trial (known once the worker has created it). */
export function withRunId(state: SearchState, index: number, runId: RunId): SearchState {
  return { ...state, trials: state.trials.map((t) => (t.index === index ? { ...t, runId } : t)) };
}
