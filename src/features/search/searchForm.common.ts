/**
 * The Search page's form, pure: one row per recipe parameter (searched with a distribution, or
 * held at a fixed value), the algorithm, objective and budget, all as the raw text the user
 * typed. `formToRequest` turns it into the request `trainyard.search` takes, and
 * `searchRequestErrors` checks that request exactly as `planSearch` does, keyed by field path
 * (`space.learning_rate`, `maxTrials`, `fixedParams.epochs`), so every message can sit next to
 * its field and nothing reaches the coordinator that it would refuse.
 */
import { findEntryPoint, findRecipe, RECIPES } from '../../domain/recipes/recipeCatalogue';
import type { EntryPoint, ParamSpec } from '../../domain/recipes/recipe.types';
import { defaultDimensionFor } from '../../domain/search';
import { knownMetricDirection } from '../../domain/tracking/metricDirection';
import type { DimensionType, SearchDirection } from '../../domain/search';
import type { BuiltinSearch } from '../../training/search/builtinSearches';
import { searchRunRequestErrors, type SearchRunRequest } from '../../training/search/searchPlan';

export type AlgorithmName = 'random' | 'grid' | 'tpe';
export const ALGORITHMS: readonly { name: AlgorithmName; label: string }[] = [
  { name: 'random', label: 'Random search' },
  { name: 'grid', label: 'Grid search' },
  { name: 'tpe', label: 'TPE (hyperopt)' },
];

/** One parameter of the entry point, as typed. */
export interface ParamRow {
  readonly search: boolean;
  readonly type: DimensionType;
  readonly low: string;
  readonly high: string;
  readonly q: string;
  /** Grid search only: how many values to try (continuous distributions need it). */
  readonly gridPoints: string;
  /** Choice options, comma-separated. */
  readonly options: string;
  /** The value every trial uses when the parameter is not searched. */
  readonly fixed: string;
}

export interface SearchForm {
  readonly recipe: string;
  readonly entryPoint: string;
  readonly rows: Readonly<Record<string, ParamRow>>;
  readonly algorithm: AlgorithmName;
  /** TPE's random start-up trials; blank: hyperopt's 20. */
  readonly tpeStartup: string;
  readonly objective: string;
  readonly direction: SearchDirection;
  readonly maxTrials: string;
  /** Blank: no time limit. */
  readonly maxSeconds: string;
  /** Blank: no early stop. */
  readonly stopAfterNoImprovement: string;
  readonly seed: string;
  readonly parallel: string;
  readonly runName: string;
}

/** The distributions a parameter of this type can be searched with; none for free text. */
export function dimensionTypesFor(spec: ParamSpec): readonly DimensionType[] {
  switch (spec.type) {
    case 'float':
      return ['uniform', 'loguniform', 'quniform', 'qloguniform', 'int', 'choice'];
    case 'int':
      return ['int', 'quniform', 'qloguniform', 'choice'];
    case 'choice':
      return ['choice'];
    case 'string':
      return [];
  }
}

/** A power of ten giving 10 to 100 values between low and high (0.1 for 0…1), the default q. */
export function niceStep(low: number, high: number): number {
  const span = high - low;
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  // The tolerance keeps 1 - 1e-6 in the decade of 1.
  const step = 10 ** (Math.floor(Math.log10(span) + 1e-6) - 1);
  return Number(step.toPrecision(1));
}

function rowFor(spec: ParamSpec): ParamRow {
  const dim = defaultDimensionFor(spec);
  const bounds = spec.type === 'int' || spec.type === 'float' ? { low: spec.min, high: spec.max } : {};
  const low = dim && 'low' in dim ? dim.low : bounds.low;
  const high = dim && 'high' in dim ? dim.high : bounds.high;
  const type: DimensionType = dim?.type ?? dimensionTypesFor(spec)[0] ?? 'uniform';
  return {
    search: false,
    type,
    low: low === undefined ? '' : String(low),
    high: high === undefined ? '' : String(high),
    q: spec.type === 'int' ? '1' : low !== undefined && high !== undefined ? String(niceStep(low, high)) : '',
    gridPoints: type === 'uniform' || type === 'loguniform' ? '5' : '',
    options: spec.type === 'choice' ? spec.choices.join(', ') : '',
    fixed: String(spec.default),
  };
}

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

function rowsFor(entryPoint: EntryPoint): Record<string, ParamRow> {
  return Object.fromEntries(
    entryPoint.params.map((spec) => {
      const row = rowFor(spec);
      return [spec.name, spec.name === 'learning_rate' && dimensionTypesFor(spec).length > 0 ? { ...row, search: true } : row];
    }),
  );
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

/**
 * A row switched to another distribution: options and q are filled in when empty, the grid points
 * follow the type (continuous types need them), ranges stay as typed.
 */
export function withDimensionType(row: ParamRow, spec: ParamSpec, type: DimensionType): ParamRow {
  const fresh = rowFor(spec);
  const options = row.options.trim() !== '' ? row.options : type === 'choice' ? [row.low, row.high].filter((v) => v.trim() !== '').join(', ') : '';
  const continuous = type === 'uniform' || type === 'loguniform';
  return {
    ...row,
    type,
    options,
    q: row.q.trim() !== '' ? row.q : fresh.q,
    gridPoints: continuous ? row.gridPoints || '5' : '',
  };
}

/** The objective metrics each entry point logs (what its trials can be judged by), best guess first. */
const OBJECTIVES: Readonly<Record<string, readonly string[]>> = {
  'iris_logreg/main': ['test_accuracy', 'test_f1_macro', 'test_roc_auc_ovr', 'loss', 'acc'],
  'text_classifier/mlp': ['test_accuracy', 'test_f1_macro', 'test_f1_weighted', 'val_loss', 'val_acc', 'loss'],
  'wine_quality/mlp': ['test_rmse', 'test_mae', 'test_r2', 'val_loss', 'loss'],
  'wine_quality/elasticnet': ['test_rmse', 'test_mae', 'test_r2', 'loss'],
  'wine_quality/sgd': ['val_rmse', 'test_rmse', 'train_rmse', 'test_mae', 'test_r2'],
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

/**
 * Every problem `planSearch` would refuse the request for, keyed as it keys them; empty when the
 * search can start.
 */
export function searchRequestErrors(request: SearchRunRequest): Record<string, string> {
  return searchRunRequestErrors(request);
}

/** The fields the form shows errors beside; any other key is listed above the Start button. */
export const FORM_FIELDS = ['algorithm', 'objective.metric', 'objective.direction', 'maxTrials', 'maxSeconds', 'stopAfterNoImprovement', 'seed', 'parallel', 'space', 'fixedParams'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The error of a parameter's row: its distribution or its fixed value. */
export function rowError(errors: Readonly<Record<string, string>>, name: string): string | undefined {
  return errors[`space.${name}`] ?? errors[`fixedParams.${name}`];
}

/** The error shown beside a form field; TPE's settings show under the algorithm. */
export function fieldError(errors: Readonly<Record<string, string>>, field: FormField): string | undefined {
  if (field !== 'algorithm') return errors[field];
  const messages = Object.entries(errors).filter(([key]) => key === 'algorithm' || key.startsWith('algorithm.')).map(([, message]) => message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Errors no field of the form shows (e.g. a parameter the entry point lacks); normally none. */
export function otherErrors(errors: Readonly<Record<string, string>>, paramNames: readonly string[]): [string, string][] {
  const placed = (key: string): boolean =>
    (FORM_FIELDS as readonly string[]).includes(key) ||
    key.startsWith('algorithm.') ||
    paramNames.some((name) => key === `space.${name}` || key === `fixedParams.${name}`);
  return Object.entries(errors).filter(([key]) => !placed(key));
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
