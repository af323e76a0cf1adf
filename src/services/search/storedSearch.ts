/**
 * The `search_state.json` artifact of a search's parent run: the setup and state a reload resumes
 * from, how it is written (storedSearch) and read back, checked, from its text (parseStoredSearch).
 */
import { TrackingError } from '../../domain/errors';
import type { ExperimentId } from '../../domain/ids';
import type { Params } from '../../domain/recipes/recipe.types';
import { checkSearchRequest, type SearchState } from '../../domain/search';

export const SEARCH_STATE_PATH = 'search_state.json';

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
