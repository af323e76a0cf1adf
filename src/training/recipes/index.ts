/** Recipe name → implementation, for the training worker. */
import { runIris } from './iris';
import type { RecipeRunner } from './runner.types';

export const RECIPE_RUNNERS: Partial<Record<string, RecipeRunner>> = {
  iris_logreg: runIris,
};
