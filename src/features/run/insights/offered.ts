/**
 * When the run page and the Train panel offer Verify and Repeat with seeds: a finished run that a
 * recipe trained, not deleted (the service refuses to write to it) and not a search's parent
 * (a repeat's too), which carries the recipe's tags but was never trained itself. The service
 * refuses the same runs in words, for the console.
 */
import { recipeOfRun } from '../../../domain/recipes/runRecipe';
import type { Run } from '../../../domain/tracking/types';
import { TAG_SEARCH_ALGORITHM } from '../../../services/search/searchParentRun';

export function isSearchParentRun(run: Pick<Run, 'tags'>): boolean {
  return Object.hasOwn(run.tags, TAG_SEARCH_ALGORITHM);
}

export function retrainOffered(run: Pick<Run, 'status' | 'tags' | 'lifecycleStage'>): boolean {
  return run.status === 'FINISHED' && run.lifecycleStage !== 'deleted' && !isSearchParentRun(run) && recipeOfRun(run.tags) !== null;
}
