/**
 * Pure helpers of the Train page: the form model built from a recipe's parameter table, field
 * validation (the same `validateParam` the worker and console use), dataset choices, re-run
 * params, and progress/ETA text. No React, no store: everything here is unit-tested in Node.
 */
import { BUILTIN_DATASETS } from '../../domain/recipes/recipeCatalogue';
import { paramsForRerun, recipeOfRun } from '../../domain/recipes/runRecipe';
import type { EntryPoint, ParamSpec, ParamValue } from '../../domain/recipes/recipe.types';
import { describeParamRule, relationErrors, validateParam } from '../../domain/recipes/validateRecipe';

/** The form's raw text per parameter name, as typed. */
export type FormValues = Record<string, string>;

export type FieldKind = 'number' | 'select' | 'text' | 'dataset' | 'column';

export interface FieldModel {
  readonly name: string;
  readonly kind: FieldKind;
  readonly spec: ParamSpec;
  /** The rule in words, shown as a hint under the field. */
  readonly rule: string;
  readonly help: string;
  readonly min?: number;
  readonly max?: number;
  /** `1` for ints, `any` for floats (so the browser accepts 0.001). */
  readonly step?: string;
  readonly choices?: readonly string[];
}

/** Which kind of imported dataset a recipe's `dataset` param accepts. */
export function datasetKindFor(recipeName: string): 'text' | 'tabular' {
  return recipeName === 'text_classifier' ? 'text' : 'tabular';
}

/** The `target` column of the CSV recipe is picked from the chosen dataset's columns. */
function isColumnField(spec: ParamSpec, entryPoint: EntryPoint): boolean {
  return spec.type === 'string' && spec.name === 'target' && entryPoint.params.some((p) => p.type === 'string' && p.format === 'dataset');
}

/** One field per parameter, in table order, with the input that fits its type. */
export function buildFormModel(entryPoint: EntryPoint): FieldModel[] {
  return entryPoint.params.map((spec): FieldModel => {
    const base = { name: spec.name, spec, rule: describeParamRule(spec), help: spec.help };
    switch (spec.type) {
      case 'int':
      case 'float':
        return { ...base, kind: 'number', min: spec.min, max: spec.max, step: spec.type === 'int' ? '1' : 'any' };
      case 'choice':
        return { ...base, kind: 'select', choices: spec.choices };
      case 'string':
        if (spec.format === 'dataset') return { ...base, kind: 'dataset' };
        return { ...base, kind: isColumnField(spec, entryPoint) ? 'column' : 'text' };
    }
  });
}

/** Every parameter at its default, as form text. */
export function initialValues(entryPoint: EntryPoint): FormValues {
  return Object.fromEntries(entryPoint.params.map((spec) => [spec.name, String(spec.default)]));
}

/**
 * Values for another entry point of the same recipe: a param both share keeps what the user typed;
 * one still at the old entry point's default takes the new one's (ElasticNet's learning rate is
 * not the MLP's).
 */
export function carryOverValues(options: { values: FormValues; from: EntryPoint; to: EntryPoint }): FormValues {
  const { values, from, to } = options;
  const next = initialValues(to);
  const oldDefaults = initialValues(from);
  for (const name of Object.keys(next)) {
    const typed = values[name];
    if (typed !== undefined && typed !== oldDefaults[name]) next[name] = typed;
  }
  return next;
}

/**
 * The form as a recipe run was trained: its recipe, entry point and params (every other field at
 * its default), so the Train page's form matches the run its live view follows. Null for a run no
 * recipe trained.
 */
export function formForRun(tags: Readonly<Record<string, string>>, params: Readonly<Record<string, string>>): { recipeName: string; entryPointName: string; values: FormValues } | null {
  const target = recipeOfRun(tags);
  if (!target) return null;
  return { recipeName: target.recipe.name, entryPointName: target.entryPoint.name, values: { ...initialValues(target.entryPoint), ...paramsForRerun(target.entryPoint, params) } };
}

/** What the form knows about a stored dataset (a subset of the store's DatasetInfo). */
export interface DatasetChoice {
  readonly datasetId: string;
  readonly name: string;
  readonly kind: 'tabular' | 'text';
  readonly source: 'download' | 'import';
  readonly summary: { readonly rows: number; readonly columns?: readonly string[]; readonly labels?: number };
}

export interface DatasetOption {
  readonly value: string;
  readonly label: string;
}

const BUILTIN_LABELS: Readonly<Record<string, string>> = {
  [BUILTIN_DATASETS.brown]: 'Brown corpus — 12,884 paragraphs in 15 genres (built in)',
  [BUILTIN_DATASETS.wineRed]: 'Red wine, UCI — 1,599 wines (downloaded once, 84 KB)',
  [BUILTIN_DATASETS.wineWhite]: 'White wine, UCI — 4,898 wines (downloaded once, 264 KB)',
};

/** The built-ins the param accepts, then the user's imports of the right kind, newest first. */
export function datasetOptions(options: {
  spec: ParamSpec;
  recipeName: string;
  datasets: readonly DatasetChoice[];
}): DatasetOption[] {
  const { spec, recipeName, datasets } = options;
  const builtins = spec.type === 'string' ? (spec.builtins ?? []) : [];
  const stored = new Set(datasets.map((d) => d.datasetId));
  const kind = datasetKindFor(recipeName);
  return [
    ...builtins.map((id) => {
      const label = BUILTIN_LABELS[id] ?? id;
      return { value: id, label: stored.has(id) ? label.replace(/\(downloaded once[^)]*\)/, '(downloaded)') : label };
    }),
    ...datasets
      .filter((d) => d.source === 'import' && d.kind === kind)
      .map((d) => ({ value: d.datasetId, label: `${d.name} — ${d.summary.rows.toLocaleString('en-US')} rows` })),
  ];
}

/** The columns of the chosen dataset, when the form knows them (imports record them). */
export function datasetColumns(datasetId: string | undefined, datasets: readonly DatasetChoice[]): readonly string[] | null {
  if (!datasetId) return null;
  return datasets.find((d) => d.datasetId === datasetId)?.summary.columns ?? null;
}

/**
 * Inline errors by field name: `validateParam` for each field and the rules between params
 * (`relationErrors`), as the worker applies them, plus one cross-field rule only the form can
 * check: a target must be a column of the dataset.
 */
export function fieldErrors(entryPoint: EntryPoint, values: FormValues, datasets: readonly DatasetChoice[] = []): Record<string, string> {
  const errors: Record<string, string> = {};
  const valid = new Map<string, ParamValue>();
  for (const spec of entryPoint.params) {
    const check = validateParam(spec, values[spec.name] ?? '');
    if (check.ok) valid.set(spec.name, check.value);
    else errors[spec.name] = check.error;
  }
  for (const [name, error] of relationErrors(entryPoint, valid)) errors[name] = error;
  const columns = datasetColumns(values.dataset, datasets);
  const target = values.target?.trim();
  if (columns && target && !errors.target && entryPoint.params.some((p) => p.name === 'target') && !columns.includes(target)) {
    errors.target = `target must be one of the dataset's columns (${columns.join(', ')}); got "${target}"`;
  }
  return errors;
}

/** Re-run helpers live in the domain (services repeat and verify runs too); the Train page's names. */
export { paramsForRerun as rerunParams, recipeOfRun as rerunTarget, rerunOfRun as rerunOf, type RunRecipe as RerunTarget } from '../../domain/recipes/runRecipe';

/** What the live view needs from a worker's progress event. */
export interface ProgressLike {
  readonly unit?: 'epoch' | 'tree';
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batchesPerEpoch: number;
  readonly elapsedMs: number;
  readonly etaMs: number | null;
}

/** Share of all batches done, 0–1. Epochs count from 0 in progress events, as in Keras. */
export function progressFraction(p: ProgressLike): number {
  const total = p.epochs * p.batchesPerEpoch;
  if (!(total > 0)) return 0;
  const done = p.epoch * p.batchesPerEpoch + Math.min(p.batch, p.batchesPerEpoch);
  return Math.min(1, Math.max(0, done / total));
}

/** "Epoch 3/100 · batch 5/7": epochs counted from 1, as people count; a forest's "Trees built: 37/200". */
export function progressLabel(p: ProgressLike): string {
  if (p.unit === 'tree') return `Trees built: ${Math.min(p.epoch, p.epochs)}/${p.epochs}`;
  const epoch = Math.min(p.epochs, p.epoch + 1);
  return `Epoch ${epoch}/${p.epochs} · batch ${Math.min(p.batch, p.batchesPerEpoch)}/${p.batchesPerEpoch}`;
}

/** A duration as a clock-like text: "0.4 s", "12 s", "3 min 05 s", "1 h 02 min". */
export function formatClock(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 9_950) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** The time left, for people: "estimating…" until the first batch, "under a second", "about 12 s". */
export function formatEta(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return 'estimating…';
  if (ms < 1000) return 'under a second';
  return `about ${formatClock(ms).replace(/^(\d+)\.\d s$/, '$1 s')}`;
}

/** "45 KB of 84 KB (53%)" for a download; total may be unknown (0). */
export function formatDownload(loaded: number, total: number): string {
  const kb = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')} KB`;
  if (!(total > 0)) return `${kb(loaded)} downloaded`;
  return `${kb(loaded)} of ${kb(total)} (${Math.min(100, Math.round((loaded / total) * 100))}%)`;
}

/** The guided first run: Iris with its defaults. */
export const FIRST_RUN = { recipe: 'iris_logreg', entryPoint: 'main' } as const;
