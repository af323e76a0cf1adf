/** The tracking client's options and its verbs' options (trackingClient.ts). */
import type { ExperimentId, RunId } from '../domain/ids';
import type { TrainyardDB } from './schema';

export interface TrackingClientOptions {
  db: TrainyardDB;
  userId?: string;
  flushIntervalMs?: number;
  /** Flush at once when this many points are waiting. */
  maxBufferedPoints?: number;
  heartbeatIntervalMs?: number;
  now?: () => number;
}

export interface StartRunOptions {
  experimentId?: ExperimentId;
  runName?: string;
  /** Nest under the active run, as `mlflow.start_run(nested=True)`. */
  nested?: boolean;
  parentRunId?: RunId;
  tags?: Record<string, string>;
  description?: string;
}

/** MlflowClient.create_run's arguments: startRun's, without nesting, plus the start time. */
export interface CreateRunOptions extends Omit<StartRunOptions, 'nested'> {
  /** When the run started, whole milliseconds since the epoch (MLflow's `start_time`); defaults to now. */
  startTime?: number;
}

export interface RunOption {
  runId?: RunId;
}

export interface EndRunOptions extends RunOption {
  /** Written with the status, e.g. a failure's reason. */
  tags?: Record<string, string>;
  /**
   * When the run ended, whole milliseconds since the epoch (MLflow's `set_terminated(end_time=…)`);
   * defaults to now. Unlike MLflow, a time before the run's start is refused: it would make a
   * negative duration.
   */
  endTime?: number;
}
