/**
 * Hyperparameter searches of this page: one parent run, one child run per trial, trials in the
 * training pool's workers. The coordinator (searchCoordinator.ts) is created on first use.
 */
import type { TrackingClient } from '../../db/trackingClient';
import { TrackingError } from '../../domain/errors';
import type { RunId } from '../../domain/ids';
import { ensureBuiltinDataset } from '../training/datasetImport';
import { loadSettings } from '../training/settings';
import type { TrainingService } from '../training/trainingService';
import { BUILTIN_SEARCHES, findBuiltinSearch } from './builtinSearches';
import { SearchCoordinator, type SearchOutcome } from './searchCoordinator';
import type { SearchRunRequest } from './searchPlan';

type Started = { onStarted?: (parentRunId: RunId) => void };

export class SearchService {
  private coordinator: SearchCoordinator | null = null;

  private readonly deps: { tracking: TrackingClient; training: TrainingService };

  constructor(deps: { tracking: TrackingClient; training: TrainingService }) {
    this.deps = deps;
  }

  /** The searches of this page, with their live state (searchCoordinator.ts). */
  get searchCoordinator(): SearchCoordinator {
    const { tracking, training } = this.deps;
    this.coordinator ??= new SearchCoordinator({
      client: tracking,
      pool: () => training.pool,
      backend: () => loadSettings().backend,
      experimentId: () => tracking.getActiveExperimentId(),
      prepare: async (params) => {
        if (typeof params.dataset === 'string' && params.dataset) await ensureBuiltinDataset(tracking, params.dataset);
      },
    });
    return this.coordinator;
  }

  /**
   * Resolves with the parent run id when the search ends (finished, or stopped with stopSearch).
   * Invalid requests reject naming every field at fault, and no run is created.
   */
  async search(request: SearchRunRequest, options: Started = {}): Promise<RunId> {
    const { parentRunId, done } = await this.searchCoordinator.start(request);
    options.onStarted?.(parentRunId);
    await done;
    return parentRunId;
  }

  /**
   * Runs a built-in search (builtinSearches.ts, e.g. 'wine-sgd': MLflow's hyperparameter
   * example), with any of its request's fields replaced by `overrides`.
   */
  async searchBuiltin(id: string, overrides: Partial<SearchRunRequest> = {}, options: Started = {}): Promise<RunId> {
    const builtin = findBuiltinSearch(id);
    if (!builtin) {
      throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No built-in search "${id}"; there are: ${BUILTIN_SEARCHES.map((s) => s.id).join(', ')}`);
    }
    return this.search({ ...builtin.request, ...overrides }, options);
  }

  /** Like search(), but resolves as soon as the parent run exists, with the outcome to await. */
  startSearch(request: SearchRunRequest): Promise<{ parentRunId: RunId; done: Promise<SearchOutcome> }> {
    return this.searchCoordinator.start(request);
  }

  /** Stops a search running in this page: its running trials end KILLED, then the parent. */
  stopSearch(parentRunId: RunId): boolean {
    return this.searchCoordinator.stop(parentRunId);
  }

  /** Resumes an interrupted search (its page was reloaded or closed) from its stored state. */
  async resumeSearch(parentRunId: RunId): Promise<RunId> {
    await this.searchCoordinator.resume(parentRunId);
    return parentRunId;
  }

  /** Resumes every interrupted search; resolves with their parent run ids once they are under way. */
  resumeSearches(): Promise<RunId[]> {
    return this.searchCoordinator.resumeInterrupted();
  }
}
