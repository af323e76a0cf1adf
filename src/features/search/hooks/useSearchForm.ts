/**
 * The search form's state (the text as typed) and what is derived from it on every render: the
 * request and its errors, so the errors always match what is on screen.
 */
import { useMemo, useState } from 'react';
import { findEntryPoint, findRecipe } from '../../../domain/recipes/recipeCatalogue';
import type { EntryPoint } from '../../../domain/recipes/recipe.types';
import type { SearchRunRequest } from '../../../services/search/searchPlan';
import {
  formToRequest,
  initialSearchForm,
  searchRequestErrors,
  withDimensionType,
  withEntryPoint,
  type ParamRow,
  type SearchForm,
} from '../searchFormModel';
import type { DimensionType } from '../../../domain/search';

export interface SearchFormModel {
  form: SearchForm;
  entryPoint: EntryPoint;
  request: SearchRunRequest;
  errors: Readonly<Record<string, string>>;
  valid: boolean;
  set: <K extends keyof SearchForm>(key: K, value: SearchForm[K]) => void;
  setRow: (name: string, change: Partial<ParamRow>) => void;
  setRowType: (name: string, type: DimensionType) => void;
  selectRecipe: (name: string) => void;
  selectEntryPoint: (name: string) => void;
  replace: (form: SearchForm) => void;
}

export function useSearchForm(initialRecipe: string): SearchFormModel {
  const [form, setForm] = useState(() => initialSearchForm(initialRecipe));
  const entryPoint = findEntryPoint(findRecipe(form.recipe), form.entryPoint);
  const request = useMemo(() => formToRequest(form), [form]);
  const errors = useMemo(() => searchRequestErrors(request), [request]);
  return {
    form,
    entryPoint,
    request,
    errors,
    valid: Object.keys(errors).length === 0,
    set: (key, value) => setForm((f) => ({ ...f, [key]: value })),
    setRow: (name, change) =>
      setForm((f) => {
        const row = f.rows[name];
        return row ? { ...f, rows: { ...f.rows, [name]: { ...row, ...change } } } : f;
      }),
    setRowType: (name, type) =>
      setForm((f) => {
        const row = f.rows[name];
        const spec = findEntryPoint(findRecipe(f.recipe), f.entryPoint).params.find((p) => p.name === name);
        return row && spec ? { ...f, rows: { ...f.rows, [name]: withDimensionType(row, spec, type) } } : f;
      }),
    selectRecipe: (name) => setForm((f) => ({ ...initialSearchForm(name), algorithm: f.algorithm, seed: f.seed, parallel: f.parallel, maxTrials: f.maxTrials })),
    selectEntryPoint: (name) => setForm((f) => withEntryPoint(f, name)),
    replace: setForm,
  };
}
