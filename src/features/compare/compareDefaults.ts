/**
 * What the compare view's hyperparameter charts show before the user chooses: the params that
 * vary among the selected runs (for a hyperparameter search, the searched ones first) and the
 * metric that matters (the search's objective, else a validation metric most runs have). A
 * param with one value, a param only one run has, or a text param on a numeric axis is never a
 * default: each makes an empty chart ("needs at least 2 distinct values", no lines at all).
 */
import type { ColumnRef } from '../../domain/compare/columns';
import { parseNumeric } from '../../domain/compare/columns';
import type { Run } from '../../domain/tracking/types';
import { TAG_SEARCH_ALGORITHM } from '../../services/search/searchParentRun';
import { isBaselineMetric } from '../../domain/ml/baseline';

/** What a search's parent run says about its trials: the metric it optimised and the params it searched. */
export interface SearchContext {
  objective: string | null;
  searched: string[];
}

export const NO_SEARCH: SearchContext = { objective: null, searched: [] };

/** The names in a search parent's `space` param (a JSON array of `{name, …}`); [] when it is not one. */
function spaceNames(space: string | undefined): string[] {
  if (!space) return [];
  try {
    const parsed: unknown = JSON.parse(space);
    if (!Array.isArray(parsed)) return [];
    return parsed.flatMap((p: unknown) => (typeof p === 'object' && p !== null && typeof (p as { name?: unknown }).name === 'string' ? [(p as { name: string }).name] : []));
  } catch {
    return [];
  }
}

/**
 * The search context of runs whose parent is a hyperparameter search (tag
 * trainyard.search.algorithm on the parent): the objective of the search most of them belong to,
 * and the params it searched. `parents` holds the parent runs by id (the selection's own or read).
 */
export function searchContext(runs: readonly Run[], parents: ReadonlyMap<string, Run>): SearchContext {
  const votes = new Map<string, number>();
  for (const run of runs) {
    const parentId = run.parentRunId ?? run.tags['mlflow.parentRunId'];
    const parent = parentId ? parents.get(parentId) : undefined;
    if (!parent || !Object.hasOwn(parent.tags, TAG_SEARCH_ALGORITHM)) continue;
    votes.set(parent.runId, (votes.get(parent.runId) ?? 0) + 1);
  }
  const top = [...votes.entries()].sort((a, b) => b[1] - a[1])[0];
  const parent = top ? parents.get(top[0]) : undefined;
  if (!parent) return NO_SEARCH;
  return { objective: parent.params.objective ?? null, searched: spaceNames(parent.params.space) };
}

export interface ParamStats {
  key: string;
  /** How many runs have the param. */
  present: number;
  distinct: number;
  /** Every present value is a number. */
  numeric: boolean;
}

/** Each param key's coverage and spread among the runs, sorted by key. */
export function paramStats(runs: readonly Run[]): ParamStats[] {
  const values = new Map<string, string[]>();
  for (const run of runs) {
    for (const [key, value] of Object.entries(run.params)) {
      const list = values.get(key);
      if (list) list.push(value);
      else values.set(key, [value]);
    }
  }
  return [...values.entries()]
    .map(([key, list]) => ({ key, present: list.length, distinct: new Set(list).size, numeric: list.every((v) => parseNumeric(v) !== null) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/**
 * Params worth an axis: at least 2 distinct values, and present in at least half of the runs
 * (so a param one run has does not empty the chart). Searched params first, then by key.
 */
export function varyingParams(runs: readonly Run[], context: SearchContext = NO_SEARCH): ParamStats[] {
  const half = runs.length / 2;
  const rank = (key: string) => {
    const i = context.searched.indexOf(key);
    return i < 0 ? context.searched.length : i;
  };
  return paramStats(runs)
    .filter((p) => p.distinct >= 2 && p.present >= half)
    .sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** How much a metric name says "this is the score": validation first, then test, then loss-like names. */
function metricPriority(key: string): number {
  if (/^(val|validation)_/.test(key)) return 0;
  if (/^test_/.test(key)) return 1;
  if (/^(train_)?(loss|rmse|mae|mse|acc|accuracy|f1|auc|r2)$/.test(key)) return 2;
  if (/^best_/.test(key)) return 4;
  return 3;
}

/**
 * The metric the charts default to: the search's objective when the runs have it, else the
 * metric most runs have, a validation metric before a test one before the rest.
 */
export function mainMetric(runs: readonly Run[], context: SearchContext = NO_SEARCH): string | null {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const key of Object.keys(run.metrics)) if (!isBaselineMetric(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  if (context.objective && counts.has(context.objective)) return context.objective;
  const ranked = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || metricPriority(a[0]) - metricPriority(b[0]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  return ranked[0]?.[0] ?? null;
}

export interface ChartDefaults {
  parallel: ColumnRef[];
  scatter: { x: ColumnRef; y: ColumnRef } | null;
  contour: { x: ColumnRef; y: ColumnRef; z: ColumnRef } | null;
  box: { param: string; metric: string } | null;
}

/** At most this many param axes by default in parallel coordinates, so their titles stay readable. */
export const MAX_DEFAULT_PARALLEL_PARAMS = 5;
/** A box plot with more groups than this is a row of dots: prefer a param with fewer values. */
const MAX_BOX_GROUPS = 12;

const param = (key: string): ColumnRef => ({ kind: 'param', key });

/** Each chart's default columns; a chart is null when these runs have nothing it could show. */
export function chartDefaults(runs: readonly Run[], context: SearchContext = NO_SEARCH): ChartDefaults {
  const varying = varyingParams(runs, context);
  const numeric = varying.filter((p) => p.numeric);
  const metricKey = mainMetric(runs, context);
  const metric: ColumnRef | null = metricKey ? { kind: 'metric', key: metricKey } : null;
  const parallel = varying.slice(0, MAX_DEFAULT_PARALLEL_PARAMS).map((p) => param(p.key));
  const scatterX = numeric[0] ?? varying[0];
  const [cx, cy] = numeric;
  // Box: a searched (or any) param with few groups; a categorical one reads best as boxes.
  const boxParam = varying.find((p) => p.distinct <= MAX_BOX_GROUPS && !p.numeric) ?? varying.find((p) => p.distinct <= MAX_BOX_GROUPS) ?? varying[0];
  return {
    parallel: metric ? [...parallel, metric] : parallel,
    scatter: scatterX && metric ? { x: param(scatterX.key), y: metric } : null,
    contour: cx && cy && metric ? { x: param(cx.key), y: param(cy.key), z: metric } : null,
    box: boxParam && metricKey ? { param: boxParam.key, metric: metricKey } : null,
  };
}
