/**
 * The Train form's state: chosen recipe and entry point, the raw text of every field, and which
 * fields show their errors (touched ones, or all after a refused submit). Validation itself is
 * derived on render by `fieldErrors`, so the errors always match what is typed.
 */
import { useState } from 'react';
import { findEntryPoint, findRecipe } from '../../../domain/recipes/recipeCatalogue';
import type { EntryPoint, Recipe } from '../../../domain/recipes/recipe.types';
import { carryOverValues, initialValues, type FormValues } from '../trainFormModel';

interface State {
  recipeName: string;
  entryPointName: string;
  values: FormValues;
  touched: ReadonlySet<string>;
  showAll: boolean;
}

function stateFor(recipeName: string): State {
  const recipe = findRecipe(recipeName);
  const entryPoint = recipe.entryPoints[0];
  if (!entryPoint) throw new Error(`Recipe ${recipeName} has no entry point.`);
  return { recipeName, entryPointName: entryPoint.name, values: initialValues(entryPoint), touched: new Set(), showAll: false };
}

export interface TrainForm {
  recipe: Recipe;
  entryPoint: EntryPoint;
  values: FormValues;
  /** Whether a field's error should be shown yet (typed in, or a submit was refused). */
  showsError: (name: string) => boolean;
  /** Picks a recipe with every field at its default. */
  selectRecipe: (name: string) => void;
  selectEntryPoint: (name: string) => void;
  setValue: (name: string, value: string) => void;
  /** After a refused submit: show every error. */
  revealErrors: () => void;
  /** Fills the form as a recipe run was trained (its recipe, entry point and params). */
  showRun: (form: { recipeName: string; entryPointName: string; values: FormValues }) => void;
}

export function useTrainForm(initialRecipe: string): TrainForm {
  const [state, setState] = useState(() => stateFor(initialRecipe));
  const recipe = findRecipe(state.recipeName);
  const entryPoint = findEntryPoint(recipe, state.entryPointName);
  return {
    recipe,
    entryPoint,
    values: state.values,
    showsError: (name) => state.showAll || state.touched.has(name),
    selectRecipe: (name) => setState(stateFor(name)),
    selectEntryPoint: (name) =>
      setState((s) => ({
        ...s,
        entryPointName: name,
        values: carryOverValues({ values: s.values, from: findEntryPoint(recipe, s.entryPointName), to: findEntryPoint(recipe, name) }),
      })),
    setValue: (name, value) =>
      setState((s) => ({ ...s, values: { ...s.values, [name]: value }, touched: new Set(s.touched).add(name) })),
    revealErrors: () => setState((s) => ({ ...s, showAll: true })),
    showRun: (form) => setState({ ...form, touched: new Set(), showAll: false }),
  };
}
