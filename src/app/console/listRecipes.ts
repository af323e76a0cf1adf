/**
 * `trainyard.listRecipes()`: the built-in recipes as MLproject lists entry points — each entry
 * point with its typed parameters, their defaults and ranges or choices — as plain JSON-able data
 * read from the recipe table (domain/recipes/recipeCatalogue.ts).
 */
import { RECIPES } from '../../domain/recipes/recipeCatalogue';
import type { ParamSpec, Recipe, RecipeTask } from '../../domain/recipes/recipe.types';

export interface RecipeParamListing {
  name: string;
  /** `int`, `float`, `string` or `choice`, as the recipe table types it. */
  type: ParamSpec['type'];
  default: number | string;
  min?: number;
  max?: number;
  /** Must not exceed this other parameter's value (e.g. a start epoch ≤ epochs). */
  atMostParam?: string;
  choices?: string[];
  /** A regular expression the value must match, and what it means. */
  pattern?: string;
  patternHint?: string;
  /** `dataset` (a built-in name or an imported dataset's id) or `hidden-layers`. */
  format?: string;
  /** For a dataset param: the built-in datasets it accepts. */
  builtins?: string[];
  required?: boolean;
  help: string;
}

export interface EntryPointListing {
  name: string;
  title: string;
  description?: string;
  params: RecipeParamListing[];
}

export interface RecipeListing {
  name: string;
  title: string;
  description: string;
  task: RecipeTask;
  /** The first is used when `train` is given no entryPoint. */
  entryPoints: EntryPointListing[];
}

function listParam(spec: ParamSpec): RecipeParamListing {
  const listed: RecipeParamListing = { name: spec.name, type: spec.type, default: spec.default, help: spec.help };
  if (spec.type === 'choice') listed.choices = [...spec.choices];
  else if (spec.type === 'string') {
    if (spec.pattern !== undefined) listed.pattern = spec.pattern;
    if (spec.patternHint !== undefined) listed.patternHint = spec.patternHint;
    if (spec.format !== undefined) listed.format = spec.format;
    if (spec.builtins !== undefined) listed.builtins = [...spec.builtins];
    if (spec.required !== undefined) listed.required = spec.required;
  } else {
    if (spec.min !== undefined) listed.min = spec.min;
    if (spec.max !== undefined) listed.max = spec.max;
    if (spec.atMostParam !== undefined) listed.atMostParam = spec.atMostParam;
  }
  return listed;
}

/** Fresh copies each call: changing them changes nothing in the table. */
export function listRecipes(recipes: readonly Recipe[] = RECIPES): RecipeListing[] {
  return recipes.map((recipe) => ({
    name: recipe.name,
    title: recipe.title,
    description: recipe.description,
    task: recipe.task,
    entryPoints: recipe.entryPoints.map((entryPoint) => ({
      name: entryPoint.name,
      title: entryPoint.title,
      ...(entryPoint.description === undefined ? {} : { description: entryPoint.description }),
      params: entryPoint.params.map(listParam),
    })),
  }));
}
