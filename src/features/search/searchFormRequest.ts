/**
 * The Search page's form turned into the request `trainyard.search` takes (formToRequest): every
 * number read from its text, blanks left out, unreadable text kept so the check names it.
 */
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import type { EntryPoint, ParamSpec } from '../../domain/recipes/recipe.types';
import type { SearchRunRequest } from '../../services/search/searchPlan';
import type { ParamRow, SearchForm } from './searchForm.types';

/** Form text as a number; blank is absent; anything else unreadable stays text so the check names it. */
function numberOrText(text: string): number | string | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : trimmed;
}

function optionsOf(text: string, spec: ParamSpec | undefined): (number | string)[] {
  const items = text.split(',').map((item) => item.trim()).filter((item) => item !== '');
  if (spec?.type !== 'int' && spec?.type !== 'float') return items;
  return items.map((item) => {
    const value = numberOrText(item);
    return value ?? item;
  });
}

function dimensionOf(name: string, row: ParamRow, spec: ParamSpec | undefined, grid: boolean): Record<string, unknown> {
  if (row.type === 'choice') return { name, type: 'choice', options: optionsOf(row.options, spec) };
  const dim: Record<string, unknown> = { name, type: row.type, low: numberOrText(row.low), high: numberOrText(row.high) };
  if (row.type === 'quniform' || row.type === 'qloguniform') dim.q = numberOrText(row.q);
  const gridPoints = numberOrText(row.gridPoints);
  if (grid && gridPoints !== undefined) dim.gridPoints = gridPoints;
  return dim;
}

/** The request `trainyard.search` / `startSearch` takes, from the form as typed. */
export function formToRequest(form: SearchForm): SearchRunRequest & { entryPoint: string } {
  let entryPoint: EntryPoint | undefined;
  try {
    entryPoint = findEntryPoint(findRecipe(form.recipe), form.entryPoint);
  } catch {
    entryPoint = undefined;
  }
  const specs = new Map(entryPoint?.params.map((spec) => [spec.name, spec]));
  const names = entryPoint ? entryPoint.params.map((spec) => spec.name) : Object.keys(form.rows);
  const space: Record<string, unknown>[] = [];
  const fixedParams: Record<string, unknown> = {};
  for (const name of names) {
    const row = form.rows[name];
    if (!row) continue;
    if (row.search) space.push(dimensionOf(name, row, specs.get(name), form.algorithm === 'grid'));
    else fixedParams[name] = row.fixed;
  }
  const startup = numberOrText(form.tpeStartup);
  const optional = (key: 'maxSeconds' | 'stopAfterNoImprovement') => {
    const value = numberOrText(form[key]);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    recipe: form.recipe,
    entryPoint: form.entryPoint,
    space,
    algorithm: form.algorithm === 'tpe' && startup !== undefined ? { name: 'tpe', nStartupJobs: startup } : form.algorithm,
    objective: { metric: form.objective, direction: form.direction },
    maxTrials: numberOrText(form.maxTrials),
    ...optional('maxSeconds'),
    ...optional('stopAfterNoImprovement'),
    seed: numberOrText(form.seed),
    parallel: numberOrText(form.parallel),
    fixedParams,
    ...(form.runName.trim() === '' ? {} : { runName: form.runName.trim() }),
  };
}
