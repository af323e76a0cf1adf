/**
 * The Search page's form model, pure: making and changing the form (a fresh one, another entry
 * point, a built-in search filled in) and each entry point's objectives. Re-exported here from
 * beside it: the form's types, its parameter rows, `formToRequest` (the request `trainyard.search`
 * takes) and `searchRequestErrors` (the check `planSearch` makes, keyed by field path).
 */
import { findEntryPoint, findRecipe, RECIPES } from '../../domain/recipes/recipeCatalogue';
import { knownMetricDirection } from '../../domain/tracking/metricDirection';
import type { DimensionType, SearchDirection } from '../../domain/search';
import type { BuiltinSearch } from '../../services/search/builtinSearches';
import type { AlgorithmName, ParamRow, SearchForm } from './searchForm.types';
import { rowsFor, withDimensionType } from './searchFormRows';

export type { AlgorithmName, ParamRow, SearchForm } from './searchForm.types';
export { dimensionTypesFor, niceStep, withDimensionType } from './searchFormRows';
export { formToRequest } from './searchFormRequest';
export { FORM_FIELDS, fieldError, otherErrors, rowError, searchRequestErrors, type FormField } from './searchFormErrors';

export const ALGORITHMS: readonly { name: AlgorithmName; label: string }[] = [
  { name: 'random', label: 'Random search' },
  { name: 'grid', label: 'Grid search' },
  { name: 'tpe', label: 'TPE (hyperopt)' },
];

/** Every parameter at its default range and value; the learning rate, when there is one, searched. */
export function initialSearchForm(recipeName: string = RECIPES[0]?.name ?? '', entryPointName?: string): SearchForm {
  const recipe = findRecipe(recipeName);
  const entryPoint = findEntryPoint(recipe, entryPointName ?? recipe.entryPoints[0]?.name ?? '');
  const objective = objectiveSuggestions(recipe.name, entryPoint.name)[0] ?? 'loss';
  return {
    recipe: recipe.name,
    entryPoint: entryPoint.name,
    rows: rowsFor(entryPoint),
    algorithm: 'random',
    tpeStartup: '',
    objective,
    direction: directionFor(objective) ?? 'minimize',
    maxTrials: '10',
    maxSeconds: '',
    stopAfterNoImprovement: '',
    seed: '42',
    parallel: '2',
    runName: '',
  };
}

/** Another entry point of the same recipe: the rows start afresh (ranges differ), the rest stays. */
export function withEntryPoint(form: SearchForm, entryPointName: string): SearchForm {
  const entryPoint = findEntryPoint(findRecipe(form.recipe), entryPointName);
  const suggestions = objectiveSuggestions(form.recipe, entryPoint.name);
  const objective = suggestions.includes(form.objective) ? form.objective : (suggestions[0] ?? form.objective);
  return {
    ...form,
    entryPoint: entryPoint.name,
    rows: rowsFor(entryPoint),
    objective,
    direction: objective === form.objective ? form.direction : (directionFor(objective) ?? form.direction),
  };
}

/** The objective metrics each entry point logs (what its trials can be judged by), best guess first. */
const OBJECTIVES: Readonly<Record<string, readonly string[]>> = {
  'iris_logreg/main': ['test_accuracy', 'test_f1_macro', 'test_roc_auc_ovr', 'loss', 'acc'],
  'text_classifier/mlp': ['test_accuracy', 'test_f1_macro', 'test_f1_weighted', 'val_loss', 'val_acc', 'loss'],
  'wine_quality/mlp': ['test_rmse', 'test_mae', 'test_r2', 'val_loss', 'loss'],
  'wine_quality/elasticnet': ['test_rmse', 'test_mae', 'test_r2', 'loss'],
  'wine_quality/sgd': ['val_rmse', 'test_rmse', 'train_rmse', 'test_mae', 'test_r2'],
  'wine_quality/random_forest': ['test_rmse', 'test_mae', 'test_r2', 'oob_r2', 'fit_seconds'],
  'csv/random_forest': ['test_rmse', 'test_accuracy', 'test_mae', 'test_r2', 'test_f1_macro', 'fit_seconds'],
  'csv/mlp': ['test_rmse', 'test_accuracy', 'test_mae', 'test_r2', 'test_f1_macro', 'val_loss', 'loss'],
};

export function objectiveSuggestions(recipe: string, entryPoint: string): readonly string[] {
  return OBJECTIVES[`${recipe}/${entryPoint}`] ?? ['loss'];
}

/**
 * Whether to minimise or maximise a metric, by the one rule every page uses (the glossary, else
 * the words of the key: `val_rmse` → minimise, `f1_score` → maximise); undefined when neither
 * knows, and the caller keeps the direction the form has (or minimises).
 */
export function directionFor(metric: string): SearchDirection | undefined {
  const better = knownMetricDirection(metric);
  return better === undefined ? undefined : better === 'higher' ? 'maximize' : 'minimize';
}

/** A built-in search as a filled-in form (its TPE settings beyond the start-up trials are not shown). */
export function formFromPreset(preset: BuiltinSearch): SearchForm {
  const { request } = preset;
  const base = initialSearchForm(request.recipe, request.entryPoint);
  const entryPoint = findEntryPoint(findRecipe(base.recipe), base.entryPoint);
  const rows: Record<string, ParamRow> = Object.fromEntries(Object.entries(base.rows).map(([name, row]) => [name, { ...row, search: false }]));
  for (const [name, value] of Object.entries(request.fixedParams ?? {})) {
    const row = rows[name];
    if (row) rows[name] = { ...row, fixed: String(value) };
  }
  const space = Array.isArray(request.space) ? (request.space as Record<string, unknown>[]) : [];
  for (const dim of space) {
    const name = String(dim.name);
    const row = rows[name];
    const spec = entryPoint.params.find((p) => p.name === name);
    if (!row || !spec) continue;
    const text = (key: string, fallback: string) => (dim[key] === undefined ? fallback : String(dim[key]));
    rows[name] = {
      ...withDimensionType(row, spec, dim.type as DimensionType),
      search: true,
      low: text('low', row.low),
      high: text('high', row.high),
      q: text('q', row.q),
      gridPoints: text('gridPoints', row.gridPoints),
      options: Array.isArray(dim.options) ? dim.options.join(', ') : row.options,
    };
  }
  const algorithm = typeof request.algorithm === 'string' ? request.algorithm : (request.algorithm as { name?: unknown } | null)?.name;
  const startup = (request.algorithm as { nStartupJobs?: unknown } | null)?.nStartupJobs;
  const objective = request.objective as { metric?: unknown; direction?: unknown } | string;
  const metric = typeof objective === 'string' ? objective : String(objective.metric ?? base.objective);
  const direction = typeof objective === 'string' ? undefined : objective.direction;
  const text = (value: unknown, fallback: string) => (value === undefined ? fallback : String(value));
  return {
    ...base,
    rows,
    algorithm: algorithm === 'grid' || algorithm === 'tpe' ? algorithm : 'random',
    tpeStartup: text(startup, ''),
    objective: metric,
    direction: direction === 'maximize' || direction === 'minimize' ? direction : (directionFor(metric) ?? 'minimize'),
    maxTrials: text(request.maxTrials, base.maxTrials),
    maxSeconds: text(request.maxSeconds, ''),
    stopAfterNoImprovement: text(request.stopAfterNoImprovement, ''),
    seed: text(request.seed, base.seed),
    parallel: text(request.parallel, base.parallel),
    runName: request.runName ?? '',
  };
}
