import type { ExperimentId, RunId } from '../ids';

/** MLflow's run status values; the first is where a run starts, the last three are terminal. */
export const RUN_STATUSES = ['RUNNING', 'SCHEDULED', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export const TERMINAL_STATUSES: readonly RunStatus[] = ['FINISHED', 'FAILED', 'KILLED'];

export type LifecycleStage = 'active' | 'deleted';
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** Whether a run (or experiment) shows in a view, as MLflow's `view_type`. */
export function inView(entity: { lifecycleStage: LifecycleStage }, viewType: ViewType): boolean {
  if (viewType === 'ALL') return true;
  return (entity.lifecycleStage === 'active') === (viewType === 'ACTIVE_ONLY');
}

/** The run's description (MLflow's notes), a system tag. */
export const TAG_NOTE = 'mlflow.note.content';

export interface Experiment {
  experimentId: ExperimentId;
  name: string;
  artifactLocation: string;
  lifecycleStage: LifecycleStage;
  creationTime: number;
  lastUpdateTime: number;
  tags: Record<string, string>;
}

export interface MetricPoint {
  key: string;
  value: number;
  step: number;
  /** Milliseconds since the Unix epoch. */
  timestamp: number;
}

/**
 * Kept on the run row and updated on every write, so tables and searches never read histories.
 * `latest` is MLflow's: the point with the largest (step, timestamp, value) tuple.
 * `min`/`max` ignore NaN; they are NaN only when every point is NaN.
 */
export interface MetricSummary {
  key: string;
  latest: { value: number; step: number; timestamp: number };
  min: number;
  max: number;
  count: number;
}

export interface Run {
  runId: RunId;
  experimentId: ExperimentId;
  runName: string;
  status: RunStatus;
  startTime: number;
  endTime: number | null;
  lifecycleStage: LifecycleStage;
  deletedTime: number | null;
  userId: string;
  artifactUri: string;
  parentRunId: RunId | null;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, MetricSummary>;
}

/** What a user passes in: string-able scalars, as MLflow stringifies params. */
export type ParamValue = string | number | boolean | null;

/** Points of one metric key as parallel columns, in append order (how the store keeps them). */
export interface MetricColumns {
  steps: ArrayLike<number>;
  values: ArrayLike<number>;
  timestamps: ArrayLike<number>;
}
