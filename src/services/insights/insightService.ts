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
import { TAG_BEST_RUN_ID, TAG_SEARCH_ALGORITHM } from '../search/searchParentRun';
import type { SearchService } from '../search/searchService';
import { duplicateSeedNote, duplicateSeeds, seedOf, sharedSeedVerdict } from './duplicateSeeds';
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
  /** Called once the parent run exists, before the first repeat has trained. */
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

/**
 * A Verify or a Repeat under way, by the run it checks or repeats. A second `verifyRun` or
 * `repeatRun` of the same run while one runs joins it (the same promise; its `onStarted` is called
 * with the re-run or parent run) instead of training a second time, so the run page, left and come
 * back to, shows the check still under way rather than offering to start another. Module-level
 * (not a method, so no console verb): the run page asks `verifyUnderWay` / `repeatUnderWay`.
 */
interface UnderWay<T> {
  readonly promise: Promise<T>;
  startedId: RunId | null;
  readonly listeners: ((id: RunId) => void)[];
}
const verifying = new Map<RunId, UnderWay<VerifyResult>>();
const repeating = new Map<RunId, UnderWay<RepeatResult> & { readonly seeds: number }>();

/** The Verify of this run under way in this tab, or undefined. */
export function verifyUnderWay(runId: RunId): { startedId: RunId | null } | undefined {
  return verifying.get(runId);
}

/** The Repeat of this run under way in this tab with its seed count, or undefined. */
export function repeatUnderWay(runId: RunId): { startedId: RunId | null; seeds: number } | undefined {
  return repeating.get(runId);
}

function join<T>(entry: UnderWay<T>, onStarted: ((id: RunId) => void) | undefined): Promise<T> {
  if (onStarted) {
    if (entry.startedId !== null) onStarted(entry.startedId);
    else entry.listeners.push(onStarted);
  }
  return entry.promise;
}

function track<T, E extends UnderWay<T>>(
  map: Map<RunId, E>,
  runId: RunId,
  extra: Omit<E, keyof UnderWay<T>>,
  onStarted: ((id: RunId) => void) | undefined,
  work: (started: (id: RunId) => void) => Promise<T>,
): Promise<T> {
  const entry = { ...extra, startedId: null, listeners: onStarted ? [onStarted] : [] } as unknown as E & { promise: Promise<T> };
  const started = (id: RunId) => {
    entry.startedId = id;
    for (const listener of entry.listeners.splice(0)) listener(id);
  };
  entry.promise = work(started).finally(() => {
    if (map.get(runId) === entry) map.delete(runId);
  });
  map.set(runId, entry);
  return entry.promise;
}

/** Why Verify or Repeat cannot start from this run (a search's parent, a deleted run), or null. */
function notTrainable(run: Run, what: string, verb: 'Verify' | 'Repeat'): string | null {
  if (run.lifecycleStage === 'deleted') return `Run ${run.runId} ("${run.runName}") is deleted; restore it before you ${what}`;
  if (Object.hasOwn(run.tags, TAG_SEARCH_ALGORITHM)) {
    const best = run.tags[TAG_BEST_RUN_ID];
    return (
      `Run ${run.runId} ("${run.runName}") is the parent of a search or a repeat: it sums up its trials and was not trained itself, so ${verb} has nothing to train` +
      (best ? `. ${verb} one of its trials instead, e.g. the best, run ${best}` : `. ${verb} one of its trials instead`)
    );
  }
  return null;
}

export class InsightService {
  private readonly deps: { tracking: TrackingClient; reads: Reads; training: TrainingService; searches: SearchService };

  constructor(deps: { tracking: TrackingClient; reads: Reads; training: TrainingService; searches: SearchService }) {
    this.deps = deps;
  }

  /**
   * Trains the run's recipe, entry point and params again with `seeds` new seeds (the original's
   * seed + 1, + 2, …), as a parent run whose children are the repeats, in the training pool.
   * Resolves when every repeat has ended. Refuses runs that no recipe trained, search parents,
   * deleted runs and runs still training. While a repeat of the run is under way, a second call
   * joins it (resolves with that repeat, whatever `seeds` it asks for) instead of starting another.
   */
  async repeatRun(runId: RunId, options: RepeatOptions = {}): Promise<RepeatResult> {
    const n = options.seeds ?? DEFAULT_SEEDS;
    if (!Number.isInteger(n) || n < 1 || n > MAX_SEEDS) {
      throw new TrackingError('INVALID_PARAMETER_VALUE', `seeds must be a whole number from 1 to ${MAX_SEEDS}; got ${String(n)}`);
    }
    const underWay = repeating.get(runId);
    if (underWay) return join(underWay, options.onStarted);
    return track(repeating, runId, { seeds: n }, options.onStarted, (started) => this.repeat(runId, n, started));
  }

  private async repeat(runId: RunId, n: number, onStarted: (parentRunId: RunId) => void): Promise<RepeatResult> {
    const { tracking, searches } = this.deps;
    const run = await tracking.getRun(runId);
    const refused = notTrainable(run, 'repeat it with other seeds', 'Repeat');
    if (refused) throw new TrackingError('INVALID_STATE', refused);
    if (run.status === 'RUNNING' || run.status === 'SCHEDULED') {
      throw new TrackingError('INVALID_STATE', `Run ${runId} is still ${run.status === 'RUNNING' ? 'training' : 'waiting to train'}; wait until it ends, then repeat it`);
    }
    const found = trainedRecipe(run, 'repeat it with other seeds');
    const seedSpec = found.entryPoint.params.find((p): p is NumericParamSpec => p.name === 'seed' && (p.type === 'int' || p.type === 'float'));
    if (!seedSpec) throw new TrackingError('INVALID_PARAMETER_VALUE', `${found.recipe.title} / ${found.entryPoint.title} has no seed to vary`);
    const metric = mainMetricKey(Object.keys(run.metrics));
    if (metric === null) throw new TrackingError('INVALID_STATE', `Run ${runId} (${run.status}) logged no metric, so its repeats would have nothing to compare`);
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
    onStarted(parentRunId);
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
   * Is B different from A in `metric` (default: the main metric among all the runs' metrics)? Each
   * run counts with its last logged value. Group A is the baseline: the difference is B − A. Runs
   * of one group that share a seed still count once each, but a problem names them and the verdict
   * never calls a difference "exact" that only shared seeds make look noiseless.
   */
  async compareGroups(runIdsA: RunId[], runIdsB: RunId[], options: { metric?: string; labels?: { a: string; b: string } } = {}): Promise<GroupsResult> {
    const [runsA, runsB] = await Promise.all([this.runsOf(runIdsA, 'A'), this.runsOf(runIdsB, 'B')]);
    const metric = options.metric ?? mainMetricKey([...new Set([...runsA, ...runsB].flatMap((r) => Object.keys(r.metrics)))]);
    if (!metric) throw new TrackingError('INVALID_PARAMETER_VALUE', 'Pass { metric }: none of the runs logged a metric to compare by');
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
    const counted = (runs: Run[]) => runs.filter((r) => r.metrics[metric] !== undefined && Number.isFinite(r.metrics[metric].latest.value));
    const shared = [labels.a, labels.b].flatMap((label, i) =>
      duplicateSeeds(counted(i === 0 ? runsA : runsB).map((r) => ({ name: r.runName || r.runId, seed: seedOf(r.params) }))).map((d) => ({ label, ...d })),
    );
    let verdict = verdictSentence({ metric, direction, labels, comparison, unit: 'runs' });
    if (shared.length > 0) {
      const note = shared.map((d) => `${d.label}: ${duplicateSeedNote(d)}`).join(' ');
      problems.push({ code: 'too-few-runs', message: note });
      verdict = sharedSeedVerdict(verdict, comparison, labels, metric, note);
    }
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
      verdict,
    };
  }

  /**
   * Re-trains the run with its recipe, entry point, params, seed and backend, compares every
   * metric (domain/stats/reproduce) and stores the verdict on the run (TAG_REPRODUCED and the
   * details as JSON). Resolves with the verdict and the re-run's id. Refuses deleted runs and
   * search parents before training. While a Verify of the run is under way, a second call joins it
   * (resolves with that check) instead of training again.
   */
  async verifyRun(runId: RunId, options: { onStarted?: (rerunId: RunId) => void } = {}): Promise<VerifyResult> {
    const underWay = verifying.get(runId);
    if (underWay) return join(underWay, options.onStarted);
    return track(verifying, runId, {}, options.onStarted, (started) => this.verify(runId, started));
  }

  private async verify(runId: RunId, onStarted: (rerunId: RunId) => void): Promise<VerifyResult> {
    const { tracking, training } = this.deps;
    const run = await tracking.getRun(runId);
    const refused = notTrainable(run, 'verify it', 'Verify');
    if (refused) throw new TrackingError('INVALID_STATE', refused);
    const found = trainedRecipe(run, 'verify it');
    if (run.status !== 'FINISHED') throw new TrackingError('INVALID_STATE', `Run ${runId} is ${run.status}; only a finished run can be verified`);
    const backend = run.tags[TAG_BACKEND];
    const result = await training.startTraining(found.recipe.name, paramsForRerun(found.entryPoint, run.params), {
      entryPoint: found.entryPoint.name,
      experimentId: run.experimentId,
      runName: `${run.runName} (verify)`,
      backend: isBackend(backend) ? backend : 'auto',
      rerunOf: runId,
      onStarted,
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
  const fits = (json: string) => codePointLength(json) <= MAX_TAG_VALUE_LENGTH;
  let json = JSON.stringify(details);
  let kept = details.differences.length;
  while (!fits(json) && kept > 0) {
    kept = Math.floor(kept / 2);
    json = JSON.stringify({ ...details, differences: details.differences.slice(0, kept), differencesOmitted: details.differences.length - kept });
  }
  // Many metrics only one run logged (or many timings) make long reasons and skipped lists: keep
  // their first entries and say how many were cut, the summary is never cut.
  const cut = { ...details, differences: details.differences.slice(0, kept), ...(kept < details.differences.length ? { differencesOmitted: details.differences.length - kept } : {}) };
  let keptSkipped = details.skipped.length;
  let keptReasons = details.reasons.length;
  while (!fits(json) && (keptSkipped > 0 || keptReasons > 0)) {
    if (keptSkipped > 0) keptSkipped = Math.floor(keptSkipped / 2);
    else keptReasons = Math.floor(keptReasons / 2);
    json = JSON.stringify({
      ...cut,
      reasons: details.reasons.slice(0, keptReasons),
      skipped: details.skipped.slice(0, keptSkipped),
      ...(keptReasons < details.reasons.length ? { reasonsOmitted: details.reasons.length - keptReasons } : {}),
      ...(keptSkipped < details.skipped.length ? { skippedOmitted: details.skipped.length - keptSkipped } : {}),
    });
  }
  if (!fits(json)) json = JSON.stringify({ rerunId: details.rerunId, checkedAt: details.checkedAt, summary: [...details.summary].slice(0, 1000).join(''), reasons: [], differences: [], checked: details.checked, skipped: [], tolerance: details.tolerance });
  return json;
}
