/**
 * The coach's input built from a run as the store holds it: its curves, params, final metrics,
 * task and the limits of its recipe's params. One builder, so the run page, the Train panel and
 * `trainyard.coach(runId)` read a run the same way.
 */
import { recipeOfRun } from '../recipes/runRecipe';
import type { Run } from '../tracking/types';
import type { CoachInput, MetricPoint } from './coach.types';

/** The keys worth reading as curves: metrics logged more than once (per epoch), not one-off scores. */
export function curveKeys(run: Pick<Run, 'metrics'>): string[] {
  return Object.values(run.metrics)
    .filter((summary) => summary.count > 1)
    .map((summary) => summary.key)
    .sort();
}

/** `histories`: the run's metric histories by key (at least those of curveKeys), in step order. */
export function coachInputOf(run: Pick<Run, 'metrics' | 'params' | 'tags'>, histories: Readonly<Record<string, readonly MetricPoint[]>>): CoachInput {
  const finalMetrics: Record<string, number> = {};
  for (const summary of Object.values(run.metrics)) finalMetrics[summary.key] = summary.latest.value;
  const found = recipeOfRun(run.tags);
  const paramLimits: Record<string, { min?: number; max?: number }> = {};
  for (const spec of found?.entryPoint.params ?? []) {
    if (spec.type === 'int' || spec.type === 'float') paramLimits[spec.name] = { min: spec.min, max: spec.max };
  }
  const taskTag = run.tags['trainyard.task'];
  const recipeTask = found?.recipe.task;
  const task = taskTag === 'regression' || taskTag === 'classification' ? taskTag : recipeTask === 'regression' || recipeTask === 'classification' ? recipeTask : undefined;
  return { histories, params: run.params, finalMetrics, ...(task ? { task } : {}), ...(found ? { paramLimits } : {}) };
}

/** A stored history (parallel step and value arrays) as the coach's points. */
export function historyPoints(history: { readonly steps: ArrayLike<number>; readonly values: ArrayLike<number> }): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let i = 0; i < history.steps.length; i++) points.push({ step: history.steps[i] as number, value: history.values[i] as number });
  return points;
}
