/**
 * One training run, as the worker does it, apart from the worker so tests can run it against a
 * real store: creates the run, runs the recipe, and ends the run in a consistent state whatever
 * happens. FINISHED; KILLED when Stop was pressed or the database must close for an upgrade in
 * another tab (with the reason); FAILED with the reason and its kind (failure.ts) when the recipe
 * throws, the loss becomes NaN (autolog) or the store refuses the run's data. A failed metric
 * write stops the fit at its next batch instead of training on with nothing saved.
 */
import type * as tf from '@tensorflow/tfjs';
import type { TrackingClient } from '../../db/trackingClient';
import { APP_VERSION } from '../../domain/appVersion';
import type { RunId } from '../../domain/ids';
import { findEntryPoint, findRecipe } from '../../domain/recipes/recipeCatalogue';
import { validateParams } from '../../domain/recipes/validateRecipe';
import { describeFailure, failureTags, TAG_KILLED_REASON } from '../../domain/tracking/failure';
import type { BackendName, FromWorker, TrainRequest } from './protocol';
import type { RecipeRunner } from './recipes/runner.types';
import { withSeededMathRandom } from '../tfjs/seededRandom';

/** What the worker knows about the run it trains; Stop and an upgrade elsewhere set it. */
export interface TrainingState {
  runId: RunId | null;
  stop: boolean;
  /** Set when the run must end early for a reason other than Stop: it ends KILLED with it. */
  interrupted: string | null;
  /** The first write of this run's data that failed: the run ends FAILED with it. */
  writeFailure: Error | null;
}

export function newTrainingState(): TrainingState {
  return { runId: null, stop: false, interrupted: null, writeFailure: null };
}

export interface TrainingDeps {
  tf: typeof tf;
  client: TrackingClient;
  runners: Partial<Record<string, RecipeRunner>>;
  selectBackend: (wanted: TrainRequest['backend']) => Promise<{ backend: BackendName; tags: Record<string, string> }>;
  environmentTags: () => Record<string, string>;
  post: (message: FromWorker) => void;
  /**
   * Starts loading what the run will train on (checked params) while the backend starts; the
   * recipe waits for it later. Must not throw: a failed load is the recipe's to report.
   */
  preload?: (recipe: string, params: Record<string, number | string>) => void;
}

export async function runTraining(request: TrainRequest, deps: TrainingDeps, state: TrainingState = newTrainingState()): Promise<void> {
  const { client } = deps;
  // Every `ended` says what the worker holds afterwards, so leaks across runs show (soak bench).
  const post = (message: FromWorker) => {
    if (message.type !== 'ended') return deps.post(message);
    const { numTensors, numBytes } = deps.tf.memory();
    deps.post({ ...message, worker: { writerId: client.writerId, numTensors, numBytes } });
  };
  const stopOnWriteFailure = client.onError((error, runId) => {
    if (runId === state.runId) state.writeFailure ??= error;
  });
  try {
    const recipe = findRecipe(request.recipe);
    const entryPoint = findEntryPoint(recipe, request.entryPoint);
    const checked = validateParams(entryPoint, request.params);
    if (!checked.ok) {
      throw new Error(Object.entries(checked.errors).map(([k, v]) => `${k}: ${v}`).join('; '));
    }
    const runner = deps.runners[recipe.name];
    if (!runner) throw new Error(`Recipe "${recipe.name}" has no implementation in this version.`);
    deps.preload?.(recipe.name, checked.params);
    const { backend, tags: backendTags } = await deps.selectBackend(request.backend);
    const run = await client.startRun({
      experimentId: request.experimentId,
      runName: request.runName,
      ...(request.parentRunId ? { parentRunId: request.parentRunId } : {}),
      tags: {
        ...request.tags,
        ...deps.environmentTags(),
        ...backendTags,
        'trainyard.recipe': recipe.name,
        'trainyard.entry_point': entryPoint.name,
        'trainyard.app_version': APP_VERSION,
        'mlflow.source.type': 'PROJECT',
        'mlflow.project.entryPoint': entryPoint.name,
        ...(request.rerunOf ? { 'trainyard.rerun_of': request.rerunOf } : {}),
      },
    });
    state.runId = run.runId;
    post({ type: 'started', requestId: request.requestId, runId: run.runId, backend, writerId: client.writerId });
    await client.logParams(checked.params, { runId: run.runId });
    const outcome = await withSeededMathRandom(Number(checked.params.seed ?? 0), () =>
      runner({
        tf: deps.tf,
        client,
        runId: run.runId,
        entryPoint: entryPoint.name,
        params: checked.params,
        stopRequested: () => state.stop || state.interrupted !== null || state.writeFailure !== null,
        onProgress: (progress) => post({ type: 'progress', runId: run.runId, progress }),
      }),
    );
    // Everything buffered must be in the store before the run may say FINISHED.
    await client.flush();
    if (state.writeFailure) throw state.writeFailure;
    if (state.interrupted) {
      await client.endRun('KILLED', { runId: run.runId, tags: { [TAG_KILLED_REASON]: state.interrupted } });
      post({ type: 'ended', requestId: request.requestId, runId: run.runId, status: 'KILLED', error: state.interrupted });
      return;
    }
    const status = outcome.stopped ? 'KILLED' : 'FINISHED';
    await client.endRun(status, { runId: run.runId });
    post({ type: 'ended', requestId: request.requestId, runId: run.runId, status });
  } catch (error) {
    // A failed write is the cause even when the recipe then tripped over its consequences.
    const failure = describeFailure(state.writeFailure ?? error);
    if (state.runId) {
      // The run keeps everything it logged and says why it failed, in the same write as its status.
      await client.endRun('FAILED', { runId: state.runId, tags: failureTags(failure) }).catch((endError: unknown) => {
        console.error('Could not end the failed run:', endError);
      });
    }
    post({ type: 'ended', requestId: request.requestId, runId: state.runId, status: 'FAILED', error: failure.message });
  } finally {
    stopOnWriteFailure();
  }
}

/** Why a run ends KILLED when another tab upgrades the database. */
export const UPDATED_ELSEWHERE =
  'Trainyard was updated in another tab: this run stopped so the update could go ahead. Everything logged before was kept.';

/**
 * The worker's trainer: one run at a time, Stop, and the database upgrade in another tab, which
 * ends the current run KILLED (at its next batch) before this worker's connection closes, so the
 * run is neither cut off mid-write nor blocking the upgrade.
 */
export class Trainer {
  private current: { state: TrainingState; done: Promise<void> } | null = null;
  private readonly deps: TrainingDeps;

  constructor(deps: TrainingDeps) {
    this.deps = deps;
    deps.client.db.onVersionChange(() => {
      if (!this.current) return undefined;
      this.current.state.interrupted = UPDATED_ELSEWHERE;
      return this.current.done;
    });
  }

  train(request: TrainRequest): Promise<void> {
    const state = newTrainingState();
    const done = runTraining(request, this.deps, state).finally(() => {
      if (this.current?.state === state) this.current = null;
    });
    this.current = { state, done };
    return done;
  }

  stop(runId: RunId): void {
    if (this.current?.state.runId === runId) this.current.state.stop = true;
  }
}
