/** What a recipe implementation gets from the worker, and what it reports back. */
import type * as tf from '@tensorflow/tfjs';
import type { RunId } from '../../../domain/ids';
import type { TrackingClient } from '../../../db/trackingClient';
import type { Progress } from '../protocol';

export interface RecipeContext {
  tf: typeof tf;
  client: TrackingClient;
  runId: RunId;
  entryPoint: string;
  params: Record<string, number | string>;
  /** True once the user pressed Stop; fit loops check it at every batch. */
  stopRequested: () => boolean;
  onProgress: (progress: Progress) => void;
}

export interface RecipeOutcome {
  /** Training ended early because Stop was pressed. */
  stopped: boolean;
}

export type RecipeRunner = (context: RecipeContext) => Promise<RecipeOutcome>;
