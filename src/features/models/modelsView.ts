/** Pure view helpers for the Models pages and the run page's Register button. */
import type { RunId } from '../../domain/ids';
import { versionDeleteBlocker, validateAlias, validateModelName } from '../../domain/registry/registry';
import type { ModelVersion, RegisteredModel } from '../../domain/registry/registry.types';
import type { FileInfo } from '../../domain/tracking/artifacts';
import { metricDirection } from '../../domain/tracking/metricDirection';
import type { Run } from '../../domain/tracking/types';

/** The file that makes a run's `model/` folder a logged model. */
export const LOGGED_MODEL_FILE = 'model/MLmodel';

export function hasLoggedModel(files: readonly FileInfo[] | undefined): boolean {
  return files?.some((f) => f.path === LOGGED_MODEL_FILE) ?? false;
}

/** `@champion @challenger`: how MLflow's UI shows aliases. */
export function aliasBadges(aliases: readonly string[]): string[] {
  return aliases.map((a) => `@${a}`);
}

/** One line for a list: the first line of the description, cut at `max` characters. */
export function shortDescription(description: string, max = 80): string {
  const first = description.split('\n', 1)[0]?.trim() ?? '';
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

/** The error to show for what the user typed as a new model name, or null when it is fine. */
export function modelNameProblem(name: string): string | null {
  try {
    validateModelName(name);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function aliasProblem(alias: string): string | null {
  try {
    validateAlias(alias);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The Register dialog's choice: an existing model's name, or a new one typed by the user. */
export function registerTargetName(choice: string, typed: string): string {
  return choice === '' ? typed.trim() : choice;
}

export interface MetricComparison {
  /** Metric keys any source run has, sorted. */
  keys: string[];
  /** Per version (same order as given): the source run's latest value for each key, or null. */
  values: Array<Record<string, number | null>>;
}

/** The source runs' metrics side by side, one column per version. */
export function compareSourceMetrics(
  versions: readonly ModelVersion[],
  runs: ReadonlyMap<RunId, Run>,
): MetricComparison {
  const keys = new Set<string>();
  for (const v of versions) {
    const run = v.runId ? runs.get(v.runId) : undefined;
    for (const key of Object.keys(run?.metrics ?? {})) keys.add(key);
  }
  const sorted = [...keys].sort((a, b) => a.localeCompare(b));
  const values = versions.map((v) => {
    const run = v.runId ? runs.get(v.runId) : undefined;
    const row: Record<string, number | null> = {};
    for (const key of sorted) row[key] = run && Object.hasOwn(run.metrics, key) ? (run.metrics[key]?.latest.value ?? null) : null;
    return row;
  });
  return { keys: sorted, values };
}

/** Which of each column's values is best, lowest or highest as metricDirection says for the key. */
export function bestVersionIndex(key: string, values: ReadonlyArray<number | null>): number | null {
  const lowerIsBetter = metricDirection(key) === 'lower';
  let best: number | null = null;
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const current = best === null ? null : values[best];
    if (current === null || current === undefined || (lowerIsBetter ? v < current : v > current)) best = i;
  });
  return values.filter((v) => v !== null && Number.isFinite(v)).length > 1 ? best : null;
}

/** Why this version's Delete button is disabled (MLflow's UI rule), or null. */
export function deleteVersionHint(version: ModelVersion): string | null {
  return versionDeleteBlocker(version.currentStage);
}

/** Models for a list: most recently changed first, then by name. */
export function sortModels(models: readonly RegisteredModel[]): RegisteredModel[] {
  return [...models].sort((a, b) => b.lastUpdatedTimestamp - a.lastUpdatedTimestamp || a.name.localeCompare(b.name));
}
