/**
 * "Is the difference real?" as services: repeat a run with other seeds (a search over `seed` with
 * everything else fixed, so the runs table groups the repeats under one parent), compare two
 * groups of runs (Welch's t-test, in words), verify that a run reproduces (re-train it and compare
 * every metric), and coach a run (read its curves). The statistics, the verdicts and the coach's
 * rules are pure domain code (domain/stats, domain/coach); this file reads runs and trains.
 */
import type { Reads } from '../../db/queries';
import type { TrackingClient } from '../../db/trackingClient';
import { coachInputOf, curveKeys, historyPoints } from '../../domain/coach/coachInput';
import { coachRun, type Finding, type MetricPoint } from '../../domain/coach/coach';
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { paramsForRerun, recipeOfRun, suggestedRerun, type RunRecipe } from '../../domain/recipes/runRecipe';
import type { NumericParamSpec } from '../../domain/recipes/recipe.types';
import { compareGroups as welch, type GroupComparison, type GroupSummary, type StatsProblem } from '../../domain/stats/groupStats';
import { compareReproduction, reproductionSentence, type ReproDifference, type ReproReport, type ReproVerdict } from '../../domain/stats/reproduce';
import { verdictSentence } from '../../domain/stats/verdict';
import { TAG_BACKEND } from '../../domain/tracking/computedOn';
import { mainMetricKey } from '../../domain/tracking/mainMetric';
import { metricDirection, type Direction } from '../../domain/tracking/metricDirection';
import type { Run } from '../../domain/tracking/types';
import { codePointLength, MAX_TAG_VALUE_LENGTH } from '../../domain/tracking/validation';
import type { BackendName } from '../../workers/train/protocol';
import type { SearchService } from '../search/searchService';
import { loadSettings } from '../training/settings';
import type { TrainingService } from '../training/trainingService';

/** The parent run of a repeat names the run it repeats. */
export const TAG_REPEAT_OF = 'trainyard.repeat_of';
/** A re-run made by Verify names the run it checks. */
export const TAG_VERIFIES = 'trainyard.verifies';
/** Verify's verdict on the original run, and its details as JSON (ReproductionTag). */
export const TAG_REPRODUCED = 'trainyard.reproduced';
export const TAG_REPRODUCED_DETAILS = 'trainyard.reproduced.details';

export const DEFAULT_SEEDS = 5;
export const MAX_SEEDS = 50;


export interface RepeatOptions {
  /** How many new seeds (default 5, at most 50). */
  seeds?: number;
  /** Called once the parent run exists, before any repeat has trained. */
  onStarted?: (parentRunId: RunId) => void;
}

export interface RepeatResult {
  parentRunId: RunId;
  /** The repeats, one per seed, in seed order (the original run is not among them). */
  runIds: RunId[];
  seeds: number[];
}

export interface GroupsResult {
  metric: string;
  direction: Direction;
  a: GroupSummary & { runIds: RunId[] };
  b: GroupSummary & { runIds: RunId[] };
  /** B − A. */
  difference: GroupComparison['difference'];
  pValue: number | null;
  welchDf: number | null;
  status: GroupComparison['status'];
  problems: readonly StatsProblem[];
  /** The answer in one or two plain sentences. */
  verdict: string;
}

export interface VerifyResult {
  verdict: ReproVerdict;
  rerunId: RunId;
  differences: readonly ReproDifference[];
  reasons: readonly string[];
  /** The verdict in one plain sentence, as the run page's badge explains it. */
  summary: string;
}

/** What Verify stores on the original run under TAG_REPRODUCED_DETAILS. */
export interface ReproductionTag {
  rerunId: RunId;
  checkedAt: number;
  summary: string;
  reasons: readonly string[];
  differences: readonly ReproDifference[];
  checked: number;
  skipped: readonly string[];
  tolerance: ReproReport['tolerance'];
}

export class InsightService {
  private readonly deps: { tracking: TrackingClient; reads: Reads; training: TrainingService; searches: SearchService };

  constructor(deps: { tracking: TrackingClient; reads: Reads; training: TrainingService; searches: SearchService }) {
    this.deps = deps;
  }

  /**
   * Trains the run's recipe, entry point and params again with `seeds` new seeds (the original's
   * seed + 1, + 2, …), as a parent run whose children are the repeats, in the training pool.
   * Resolves when every repeat has ended. Refuses runs that no recipe trained.
   */
  async repeatRun(runId: RunId, options: RepeatOptions = {}): Promise<RepeatResult> {
    const { tracking, searches } = this.deps;
    const n = options.seeds ?? DEFAULT_SEEDS;
    if (!Number.isInteger(n) || n < 1 || n > MAX_SEEDS) {
      throw new TrackingError('INVALID_PARAMETER_VALUE', `seeds must be a whole number from 1 to ${MAX_SEEDS}; got ${String(n)}`);
    }
    const run = await tracking.getRun(runId);
    const found = trainedRecipe(run, 'repeat it with other seeds');
    const seedSpec = found.entryPoint.params.find((p): p is NumericParamSpec => p.name === 'seed' && (p.type === 'int' || p.type === 'float'));
    if (!seedSpec) throw new TrackingError('INVALID_PARAMETER_VALUE', `${found.recipe.title} / ${found.entryPoint.title} has no seed to vary`);
    const metric = mainMetricKey(Object.keys(run.metrics));
    if (metric === null) throw new TrackingError('INVALID_STATE', `Run ${runId} logged no metric, so its repeats would have nothing to compare`);
    const seeds = nextSeeds(Number(run.params.seed ?? seedSpec.default), n, seedSpec);
    const { seed: _seed, ...fixedParams } = paramsForRerun(found.entryPoint, run.params);
    void _seed;
    const { parentRunId, done } = await searches.startSearch({
      recipe: found.recipe.name,
      entryPoint: found.entryPoint.name,
      space: [{ name: 'seed', type: 'choice', options: seeds }],
      algorithm: 'grid',
      objective: { metric, direction: metricDirection(metric) === 'higher' ? 'maximize' : 'minimize' },
      maxTrials: n,
      seed: 0,
      parallel: Math.max(1, loadSettings().workers),
      fixedParams,
      experimentId: run.experimentId,
      runName: `${run.runName} × ${n} seed${n === 1 ? '' : 's'}`,
    });
    await tracking.setTag(TAG_REPEAT_OF, runId, { runId: parentRunId });
    options.onStarted?.(parentRunId);
    const outcome = await done;
    const runIds: RunId[] = [];
    for (const trial of outcome.state.trials) {
      if (!trial.runId) continue;
      const childId = trial.runId as RunId;
      runIds.push(childId);
      // "… seed 43" says what the child is; the search's "trial-0" would not.
      await tracking.setRunName(childId, `${run.runName} seed ${String(trial.params.seed)}`).catch(() => undefined);
    }
    return { parentRunId, runIds, seeds };
  }

  /**
   * Is B different from A in `metric` (default: A's first run's main metric)? Each run counts with
   * its last logged value. Group A is the baseline: the difference is B − A.
   */
  async compareGroups(runIdsA: RunId[], runIdsB: RunId[], options: { metric?: string; labels?: { a: string; b: string } } = {}): Promise<GroupsResult> {
    const [runsA, runsB] = await Promise.all([this.runsOf(runIdsA, 'A'), this.runsOf(runIdsB, 'B')]);
    const metric = options.metric ?? mainMetricKey(Object.keys(runsA[0]?.metrics ?? {}));
    if (!metric) throw new TrackingError('INVALID_PARAMETER_VALUE', 'Pass { metric }: the first run of group A logged no metric to compare by');
    const missing = [...runsA, ...runsB].filter((r) => r.metrics[metric] === undefined).map((r) => r.runId);
    if (missing.length === [...runsA, ...runsB].length) {
      throw new TrackingError('INVALID_PARAMETER_VALUE', `No run in either group logged "${metric}"`);
    }
    const values = (runs: Run[]) => runs.flatMap((r) => (r.metrics[metric] ? [r.metrics[metric].latest.value] : []));
    const comparison = welch(values(runsA), values(runsB));
    const direction = metricDirection(metric);
    const problems = [...comparison.problems];
    if (missing.length > 0) problems.push({ code: 'no-runs', message: `${missing.length} run${missing.length === 1 ? '' : 's'} did not log ${metric} and ${missing.length === 1 ? 'is' : 'are'} left out: ${missing.join(', ')}` });
    const labels = options.labels ?? { a: 'A', b: 'B' };
    return {
      metric,
      direction,
      a: { ...comparison.a, runIds: runsA.map((r) => r.runId) },
      b: { ...comparison.b, runIds: runsB.map((r) => r.runId) },
      difference: comparison.difference,
      pValue: comparison.pValue,
      welchDf: comparison.welchDf,
      status: comparison.status,
      problems,
      verdict: verdictSentence({ metric, direction, labels, comparison, unit: 'runs' }),
    };
  }

  /**
   * Re-trains the run with its recipe, entry point, params, seed and backend, compares every
   * metric (domain/stats/reproduce) and stores the verdict on the run (TAG_REPRODUCED and the
   * details as JSON). Resolves with the verdict and the re-run's id.
   */
  async verifyRun(runId: RunId, options: { onStarted?: (rerunId: RunId) => void } = {}): Promise<VerifyResult> {
    const { tracking, training } = this.deps;
    const run = await tracking.getRun(runId);
    const found = trainedRecipe(run, 'verify it');
    if (run.status !== 'FINISHED') throw new TrackingError('INVALID_STATE', `Run ${runId} is ${run.status}; only a finished run can be verified`);
    const backend = run.tags[TAG_BACKEND];
    const result = await training.startTraining(found.recipe.name, paramsForRerun(found.entryPoint, run.params), {
      entryPoint: found.entryPoint.name,
      experimentId: run.experimentId,
      runName: `${run.runName} (verify)`,
      backend: isBackend(backend) ? backend : 'auto',
      rerunOf: runId,
      onStarted: options.onStarted,
    });
    if (result.runId === null) throw new TrackingError('INVALID_STATE', `Verify could not re-train run ${runId}: ${result.error ?? 'the training worker gave no reason'}`);
    const rerunId = result.runId;
    await tracking.setTag(TAG_VERIFIES, runId, { runId: rerunId });
    if (result.status !== 'FINISHED') throw new TrackingError('INVALID_STATE', `Verify's re-run ${rerunId} ended ${result.status}${result.error ? `: ${result.error}` : ''}; run ${runId} was not marked`);
    const rerun = await tracking.getRun(rerunId);
    const report = compareReproduction(await this.reproRun(run), await this.reproRun(rerun));
    const summary = reproductionSentence(report);
    const details: ReproductionTag = {
      rerunId,
      checkedAt: Date.now(),
      summary,
      reasons: report.reasons,
      differences: report.differences,
      checked: report.checked.length,
      skipped: report.skipped,
      tolerance: report.tolerance,
    };
    await tracking.setTags({ [TAG_REPRODUCED]: report.verdict, [TAG_REPRODUCED_DETAILS]: fitTag(details) }, { runId });
    return { verdict: report.verdict, rerunId, differences: report.differences, reasons: report.reasons, summary };
  }

  /**
   * What the training coach reads in the run's curves: findings, most severe first (domain/coach).
   * For a recipe run each suggestion's params are the ones its re-run needs, including a param
   * moved to stay valid (a weight-averaging start after the suggested last epoch), as the run
   * page's button trains them.
   */
  async coach(runId: RunId): Promise<Finding[]> {
    const run = await this.deps.tracking.getRun(runId);
    const histories: Record<string, MetricPoint[]> = {};
    for (const key of curveKeys(run)) histories[key] = historyPoints(await this.deps.reads.metricHistory({ runId, key }));
    const findings = coachRun(coachInputOf(run, histories));
    const found = recipeOfRun(run.tags);
    if (!found) return findings;
    return findings.map((f) => (f.suggestion ? { ...f, suggestion: { ...f.suggestion, params: suggestedRerun(found.entryPoint, run.params, f.suggestion.params).changes } } : f));
  }

  private async runsOf(runIds: RunId[], group: string): Promise<Run[]> {
    if (runIds.length === 0) throw new TrackingError('INVALID_PARAMETER_VALUE', `Group ${group} has no runs`);
    const found = await this.deps.reads.runsById(runIds);
    const missing = runIds.filter((id) => !found.has(id));
    if (missing.length > 0) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `Group ${group}: no run ${missing.join(', ')} in this browser`);
    return runIds.map((id) => found.get(id) as Run);
  }

  private async reproRun(run: Run) {
    const histories: Record<string, number[]> = {};
    for (const key of Object.keys(run.metrics)) histories[key] = [...(await this.deps.reads.metricHistory({ runId: run.runId, key })).values];
    return { params: run.params, tags: run.tags, histories };
  }
}

function trainedRecipe(run: Run, what: string): RunRecipe {
  const found = recipeOfRun(run.tags);
  if (!found) {
    throw new TrackingError(
      'INVALID_PARAMETER_VALUE',
      `Run ${run.runId} ("${run.runName}") was not trained from one of Trainyard's recipes (it has no trainyard.recipe and trainyard.entry_point tags), so there is no recipe to ${what} with`,
    );
  }
  return found;
}

function isBackend(name: string | undefined): name is BackendName {
  return name === 'wasm' || name === 'webgl' || name === 'webgpu' || name === 'cpu';
}

/**
 * `n` seeds after `from`, inside the seed param's range (wrapping to its minimum past the maximum),
 * never `from` itself: the repeats add new evidence instead of re-running the original.
 */
export function nextSeeds(from: number, n: number, spec: Pick<NumericParamSpec, 'min' | 'max'>): number[] {
  const min = spec.min ?? 0;
  const max = spec.max ?? 2_147_483_647;
  const start = Number.isInteger(from) && from >= min && from <= max ? from : min;
  const span = max - min + 1;
  const seeds: number[] = [];
  for (let i = 1; seeds.length < n && i < span; i++) seeds.push(min + ((start - min + i) % span));
  return seeds;
}

/**
 * The details as JSON within the tag limit (MLflow 2.12's 5,000 characters, which bundles keep):
 * the differences are listed most different first, so the least different go first.
 */
export function fitTag(details: ReproductionTag): string {
  let json = JSON.stringify(details);
  let kept = details.differences.length;
  while (codePointLength(json) > MAX_TAG_VALUE_LENGTH && kept > 0) {
    kept = Math.floor(kept / 2);
    json = JSON.stringify({ ...details, differences: details.differences.slice(0, kept), differencesOmitted: details.differences.length - kept });
  }
  return json;
}
