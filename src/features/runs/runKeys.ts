/**
 * Which keys an experiment's runs carry, sorted into what a person reads first and what only a
 * curious one asks for: the params users set (a recipe's own form fields, or anything logged from
 * the console) apart from what was recorded on the side (sha256 digests, `trainyard.*` params, the
 * sizes and names a recipe logs by itself), user tags apart from system tags, and the experiment's
 * headline metric: the one the recipe that made most of its runs is judged by.
 */
import { ownValue } from '../../domain/records';
import { RECIPES } from '../../domain/recipes/recipeCatalogue';
import type { Run } from '../../domain/tracking/types';
import { isBaselineMetric } from '../../domain/ml/baseline';

/** Every key the runs have, each list sorted and without duplicates. */
export interface RunKeys {
  /** Params users set: shown by default. */
  params: readonly string[];
  /** Digests, `trainyard.*` params and what a recipe logged on its own: in the chooser only. */
  recordedParams: readonly string[];
  metrics: readonly string[];
  /** User tags (not mlflow.* or trainyard.*). */
  tags: readonly string[];
  systemTags: readonly string[];
  /** The main metric unless the user picks another; null when the runs have no metric. */
  headlineMetric: string | null;
}

export const NO_RUN_KEYS: RunKeys = { params: [], recordedParams: [], metrics: [], tags: [], systemTags: [], headlineMetric: null };

/** The metric each kind of task is judged by first (the recipes' evaluate step logs both). */
export const HEADLINE_METRICS = { classification: 'test_accuracy', regression: 'test_rmse' } as const;
type Task = keyof typeof HEADLINE_METRICS;

export function isSystemTag(key: string): boolean {
  return key.startsWith('mlflow.') || key.startsWith('trainyard.');
}

const DIGEST_KEY = /(^|[._-])(digest|sha1|sha256|sha512|md5|checksum|hash)($|[._-])/i;
const HEX_DIGEST = /^[0-9a-f]{40}$|^[0-9a-f]{64}$|^[0-9a-f]{128}$/i;

/** A fingerprint nobody reads: a key named like one, or a value that is 40, 64 or 128 hex digits. */
export function isDigestParam(key: string, value: string): boolean {
  return DIGEST_KEY.test(key) || ((value.length === 40 || value.length === 64 || value.length === 128) && HEX_DIGEST.test(value));
}

// Natural order ("p2" before "p10"), with one fixed locale so every browser lists keys alike; code points break ties.
const NATURAL = new Intl.Collator('en', { numeric: true });
export const byName = (a: string, b: string): number => NATURAL.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);

/** The param names a recipe's form offers (every entry point), by recipe name. */
const RECIPE_PARAMS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  RECIPES.map((recipe) => [recipe.name, new Set(recipe.entryPoints.flatMap((entry) => entry.params.map((spec) => spec.name)))]),
);
const RECIPE_TASKS: ReadonlyMap<string, string> = new Map(RECIPES.map((recipe) => [recipe.name, recipe.task]));

/** What a run was trained for: its `trainyard.task` tag, else its recipe's task; null for console runs. */
function runTask(run: Run): Task | null {
  const tagged = ownValue(run.tags, 'trainyard.task');
  if (tagged === 'classification' || tagged === 'regression') return tagged;
  const recipe = ownValue(run.tags, 'trainyard.recipe');
  const task = recipe === undefined ? undefined : RECIPE_TASKS.get(recipe);
  return task === 'classification' || task === 'regression' ? task : null;
}

/**
 * The headline metric of the task most runs were trained for, when the runs have it; else the
 * `test_*` metric most runs have; else the metric most runs have (ties go to the first by name, so
 * one new run with a new metric doesn't move the main metric); null without metrics.
 */
export function chooseHeadlineMetric(
  metrics: readonly string[],
  taskCounts: Readonly<Record<Task, number>>,
  metricCounts: ReadonlyMap<string, number> = new Map(),
): string | null {
  const tasks = (Object.keys(HEADLINE_METRICS) as Task[]).filter((task) => taskCounts[task] > 0);
  tasks.sort((a, b) => taskCounts[b] - taskCounts[a]);
  for (const task of tasks) if (metrics.includes(HEADLINE_METRICS[task])) return HEADLINE_METRICS[task];
  const mostCommon = (list: readonly string[]) => {
    let best: string | null = null;
    for (const key of list) if (best === null || (metricCounts.get(key) ?? 0) > (metricCounts.get(best) ?? 0)) best = key;
    return best;
  };
  const scores = metrics.filter((key) => !isBaselineMetric(key));
  return mostCommon(scores.filter((key) => key.startsWith('test_'))) ?? mostCommon(scores);
}

/** One pass over the runs; runs of one experiment share their keys, so each Set stays small. */
export function collectRunKeys(runs: readonly Run[]): RunKeys {
  const params = new Set<string>();
  const setByUser = new Set<string>();
  const digests = new Set<string>();
  const metrics = new Map<string, number>();
  const tags = new Set<string>();
  const taskCounts: Record<Task, number> = { classification: 0, regression: 0 };
  for (const run of runs) {
    const recipe = ownValue(run.tags, 'trainyard.recipe');
    // A recipe run's own form fields are what its user set; a console run's params all are.
    const declared = recipe === undefined ? undefined : RECIPE_PARAMS.get(recipe);
    for (const key in run.params) {
      params.add(key);
      if (declared === undefined || declared.has(key)) setByUser.add(key);
      if (!digests.has(key) && isDigestParam(key, run.params[key] ?? '')) digests.add(key);
    }
    for (const key in run.metrics) metrics.set(key, (metrics.get(key) ?? 0) + 1);
    for (const key in run.tags) tags.add(key);
    const task = runTask(run);
    if (task) taskCounts[task]++;
  }
  const userParam = (key: string) => setByUser.has(key) && !digests.has(key) && !key.startsWith('trainyard.');
  const allParams = [...params].sort(byName);
  const allTags = [...tags].sort(byName);
  const metricList = [...metrics.keys()].sort(byName);
  return {
    params: allParams.filter(userParam),
    recordedParams: allParams.filter((key) => !userParam(key)),
    metrics: metricList,
    tags: allTags.filter((key) => !isSystemTag(key)),
    systemTags: allTags.filter(isSystemTag),
    headlineMetric: chooseHeadlineMetric(metricList, taskCounts, metrics),
  };
}

/** A string that changes exactly when the keys do; lets callers keep one RunKeys object while runs update. */
export function runKeysSignature(keys: RunKeys): string {
  return JSON.stringify([keys.params, keys.recordedParams, keys.metrics, keys.tags, keys.systemTags, keys.headlineMetric]);
}

export function runKeysFromSignature(signature: string): RunKeys {
  const [params = [], recordedParams = [], metrics = [], tags = [], systemTags = [], headlineMetric = null] = JSON.parse(signature) as [
    string[]?,
    string[]?,
    string[]?,
    string[]?,
    string[]?,
    (string | null)?,
  ];
  return { params, recordedParams, metrics, tags, systemTags, headlineMetric };
}
