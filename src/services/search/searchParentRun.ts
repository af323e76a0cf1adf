/**
 * What a search's parent run records, pure: its params, tags and default name, the running best
 * (`best_<objective>` points and the best trial's tags), and what it keeps of the best trial (its
 * split metrics, and its MLmodel pointed at the parent).
 */
import type { RunId } from '../../domain/ids';
import { bestTrial, type SearchState } from '../../domain/search';
import type { Run } from '../../domain/tracking/types';
import { MAX_PARAM_VALUE_LENGTH } from '../../domain/tracking/validation';
import { SEARCH_STATE_PATH, type SearchSetup } from './storedSearch';

export const TAG_SEARCH_ALGORITHM = 'trainyard.search.algorithm';
export const TAG_BEST_RUN_ID = 'trainyard.search.best_run_id';
export const TAG_BEST_PARAMS = 'trainyard.search.best_params';
/** Where a trial's model is, and where the parent keeps a copy of the best one. */
export const MODEL_ARTIFACT_PATH = 'model';
export const TRIALS_CSV_PATH = 'trials.csv';

/** The parent run's params: algorithm, space (JSON), budget, seed, objective, recipe and parallelism. */
export function parentParams(setup: SearchSetup, state: SearchState): Record<string, string | number> {
  const space = JSON.stringify(state.space);
  return {
    algorithm: state.algorithm.name,
    ...(state.algorithm.name === 'tpe'
      ? { tpe_startup_trials: state.algorithm.nStartupJobs, tpe_gamma: state.algorithm.gamma, tpe_ei_candidates: state.algorithm.nEiCandidates }
      : {}),
    space: space.length <= MAX_PARAM_VALUE_LENGTH ? space : `(${state.space.length} parameters: see ${SEARCH_STATE_PATH})`,
    max_trials: state.budget.maxTrials,
    ...(state.budget.maxSeconds === undefined ? {} : { max_seconds: state.budget.maxSeconds }),
    ...(state.budget.stopAfterNoImprovement === undefined ? {} : { stop_after_no_improvement: state.budget.stopAfterNoImprovement }),
    seed: state.seed,
    objective: state.objective.metric,
    objective_direction: state.objective.direction,
    recipe: setup.recipe,
    entry_point: setup.entryPoint,
    parallel: setup.parallel,
  };
}

export function parentTags(setup: SearchSetup, state: SearchState, runName: string): Record<string, string> {
  return {
    [TAG_SEARCH_ALGORITHM]: state.algorithm.name,
    'mlflow.runName': runName,
    'trainyard.recipe': setup.recipe,
    'trainyard.entry_point': setup.entryPoint,
  };
}

export function defaultParentName(setup: SearchSetup, state: SearchState): string {
  return `${state.algorithm.name}-search-${setup.recipe}`;
}

/**
 * The running-best points the parent can log now: one per trial index after `loggedUpTo`, as far
 * as every trial up to it has ended (parallel trials end out of order; the curve is by index, so
 * it never goes down). The value at index i is the best objective among completed trials ≤ i;
 * killed trials get no point (they don't count), nor do indices before any trial completed.
 * `upTo`: the last index covered, to pass as `loggedUpTo` next time.
 */
export function bestPoints(state: SearchState, loggedUpTo: number): { key: string; points: { step: number; value: number }[]; upTo: number } {
  const key = `best_${state.objective.metric}`;
  const points: { step: number; value: number }[] = [];
  let best: { loss: number; objective: number } | undefined;
  let upTo = loggedUpTo;
  for (const trial of state.trials) {
    if (trial.status === 'pending' || trial.status === 'running') break;
    if (trial.status === 'completed' && trial.objective !== undefined) {
      const loss = state.objective.direction === 'maximize' ? -trial.objective : trial.objective;
      if (best === undefined || loss < best.loss) best = { loss, objective: trial.objective };
    }
    if (trial.index <= loggedUpTo) continue;
    upTo = trial.index;
    if (trial.status !== 'killed' && best !== undefined) points.push({ step: trial.index, value: best.objective });
  }
  return { key, points, upTo };
}

/** The parent's tags for the best trial so far, or undefined before a trial completes. */
export function bestTags(state: SearchState): Record<string, string> | undefined {
  const best = bestTrial(state);
  if (best?.objective === undefined) return undefined;
  return { [TAG_BEST_RUN_ID]: best.runId ?? '', [TAG_BEST_PARAMS]: JSON.stringify(best.params) };
}

/**
 * The best trial's final split metrics (train_*, val_*, test_*), which the parent logs under the
 * same names, as MLflow's hyperparameter example logs train/val/test RMSE of the best run on the
 * parent run.
 */
export function bestRunMetrics(child: Pick<Run, 'metrics'>): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, summary] of Object.entries(child.metrics)) {
    if (/^(train|val|test)_/.test(key) && Number.isFinite(summary.latest.value)) metrics[key] = summary.latest.value;
  }
  return metrics;
}

/**
 * The best trial's MLmodel as the parent keeps it: `run_id` names the parent, where the copy lives
 * (so `runs:/<parent>/model` is self-consistent), everything else as the trial wrote it.
 */
export function retargetMlmodel(yaml: string, parentRunId: RunId): string {
  if (!/^run_id:.*$/m.test(yaml)) return `${yaml.replace(/\n?$/, '\n')}run_id: ${parentRunId}\n`;
  return yaml.replace(/^run_id:.*$/m, `run_id: ${parentRunId}`);
}
