/**
 * What the search coordinator is given (the store, the training pool, settings) and what a search
 * ends with; shared by searchCoordinator.ts and activeSearch.ts.
 */
import type { TrackingClient } from '../../db/trackingClient';
import type { ExperimentId, RunId } from '../../domain/ids';
import type { Params } from '../../domain/recipes/recipe.types';
import type { SearchState, StopReason } from '../../domain/search';
import type { BackendName, TrainRequest } from '../../workers/train/protocol';
import type { TrainResult } from '../training/trainingPool';

/** The part of the training pool a search uses. */
export interface SearchPool {
  train(request: TrainRequest, onStarted?: (runId: RunId) => void): Promise<TrainResult>;
  stop(runId: RunId): boolean;
}

export interface SearchDeps {
  client: TrackingClient;
  /** Asked for on each trial, so no worker starts before a search does. */
  pool: () => SearchPool;
  backend: () => BackendName | 'auto';
  experimentId: () => ExperimentId;
  /** Before each trial: e.g. download its built-in dataset once. */
  prepare?: (params: Params) => Promise<void>;
  now?: () => number;
  /**
   * Takes a lock held for as long as this page runs the search, or null when another page holds
   * it, so two tabs never resume one search together. Defaults to a Web Lock.
   */
  lock?: (name: string) => Promise<(() => void) | null>;
}

export interface SearchOutcome {
  parentRunId: RunId;
  status: 'FINISHED' | 'KILLED' | 'FAILED';
  /** Why no more trials started. */
  reason?: StopReason;
  state: SearchState;
}
