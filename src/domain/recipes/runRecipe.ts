/**
 * Which recipe and entry point trained a run, read from the tags the training worker sets, and the
 * run's params that the entry point takes: what a re-run, a repeat with other seeds, a
 * reproducibility check and the coach's suggestions all start from.
 */
import type { RunId } from '../ids';
import { findEntryPoint, RECIPES } from './recipeCatalogue';
import type { EntryPoint, Recipe } from './recipe.types';

export const TAG_RECIPE = 'trainyard.recipe';
export const TAG_ENTRY_POINT = 'trainyard.entry_point';
export const TAG_RERUN_OF = 'trainyard.rerun_of';

export interface RunRecipe {
  readonly recipe: Recipe;
  readonly entryPoint: EntryPoint;
}

/** The recipe and entry point a run was trained with (tags set by the worker), or null. */
export function recipeOfRun(tags: Readonly<Record<string, string>>): RunRecipe | null {
  const recipe = RECIPES.find((r) => r.name === tags[TAG_RECIPE]);
  const entryPointName = tags[TAG_ENTRY_POINT];
  if (!recipe || entryPointName === undefined) return null;
  try {
    return { recipe, entryPoint: findEntryPoint(recipe, entryPointName) };
  } catch {
    return null; // a run from a recipe version that had another entry point
  }
}

/** The params of an earlier run that its recipe's entry point takes (validateParams cleans them). */
export function paramsForRerun(entryPoint: EntryPoint, runParams: Readonly<Record<string, string>>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const spec of entryPoint.params) {
    const value = Object.hasOwn(runParams, spec.name) ? runParams[spec.name] : undefined;
    if (value !== undefined) params[spec.name] = value;
  }
  return params;
}

/** The run a re-run repeats, from its tags. */
export function rerunOfRun(tags: Readonly<Record<string, string>>): RunId | null {
  return (tags[TAG_RERUN_OF] as RunId | undefined) ?? null;
}

export interface SuggestedRerun {
  /** Every param the entry point takes: the run's, with the suggestion's changes. */
  params: Record<string, string>;
  /** The changes as the button says them, including a param moved to stay valid. */
  changes: Record<string, number | string>;
}

/**
 * The params of the suggested re-run: the run's own (as Re-run takes them), overridden by the
 * suggestion. A param bounded by another (`atMostParam`: the wine MLP's weight-averaging start must
 * not come after the last epoch) is lowered to its bound when the suggestion cut that bound, so a
 * "fewer epochs" suggestion never trains into a validation error; the move is one of the changes.
 * A bounded param the run never logged counts with its default.
 */
export function suggestedRerun(entryPoint: EntryPoint, runParams: Readonly<Record<string, string>>, suggestion: Readonly<Record<string, number | string>>): SuggestedRerun {
  const params = paramsForRerun(entryPoint, runParams);
  const changes: Record<string, number | string> = { ...suggestion };
  for (const [name, value] of Object.entries(suggestion)) params[name] = String(value);
  const specOf = (name: string) => entryPoint.params.find((p) => p.name === name);
  for (const spec of entryPoint.params) {
    if ((spec.type !== 'int' && spec.type !== 'float') || spec.atMostParam === undefined) continue;
    // A run that never logged the param (an older or imported run) trains with its default, which
    // the cut bound can fall below just the same.
    const value = Number(params[spec.name] ?? spec.default);
    const bound = Number(params[spec.atMostParam] ?? specOf(spec.atMostParam)?.default);
    if (!Number.isFinite(value) || !Number.isFinite(bound) || value <= bound) continue;
    params[spec.name] = String(bound);
    changes[spec.name] = bound;
  }
  return { params, changes };
}
