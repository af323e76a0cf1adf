/** Recipe name → implementation, for the training worker. */
import { runIris } from './iris';
import type { RecipeRunner } from './runner.types';
import { runCsv, runWine } from './tabular';
import { runText } from './text';

export const RECIPE_RUNNERS: Partial<Record<string, RecipeRunner>> = {
  iris_logreg: runIris,
  wine_quality: runWine,
  csv: runCsv,
  text_classifier: runText,
};
