/** Recipe name → implementation, for the training worker. */
import type { RecipeRunner } from './runner.types';

export const RECIPE_RUNNERS: Partial<Record<string, RecipeRunner>> = {};
