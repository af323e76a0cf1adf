/**
 * Hyperparameter search as plain, serialisable data (JSON and structured-clone safe), so a whole
 * search can sit in the store and resume after a reload. The functions that act on these types are
 * pure; the lead wires them to parent/child runs and the worker pool.
 *
 * Bounds are in value space everywhere, including the log dimensions: `loguniform(1e-4, 1e-1)` is
 * hyperopt's `hp.loguniform(label, log(1e-4), log(1e-1))`.
 */

/** Uniform on [low, high). `gridPoints`: how many evenly spaced values a grid search uses, ends included. */
export type UniformDimension = {
  readonly type: 'uniform';
  readonly low: number;
  readonly high: number;
  readonly gridPoints?: number;
};

/** log(value) uniform on [log low, log high); low > 0. Grid values are geometrically spaced. */
export type LogUniformDimension = {
  readonly type: 'loguniform';
  readonly low: number;
  readonly high: number;
  readonly gridPoints?: number;
};

/**
 * uniform(low, high) rounded to a multiple of `q`, kept within [low, high] (see `quantize`).
 * A grid search takes every such multiple, or `gridPoints` evenly spaced ones when given.
 */
export type QUniformDimension = {
  readonly type: 'quniform';
  readonly low: number;
  readonly high: number;
  readonly q: number;
  readonly gridPoints?: number;
};

/** loguniform(low, high) rounded to a multiple of `q`, kept within [low, high]. */
export type QLogUniformDimension = {
  readonly type: 'qloguniform';
  readonly low: number;
  readonly high: number;
  readonly q: number;
  readonly gridPoints?: number;
};

/**
 * Integers low, low + step, … up to high (inclusive when reached), each equally likely, like
 * hyperopt's `randint` (whose TPE model treats the values as unordered categories). `step` defaults to 1.
 */
export type IntDimension = {
  readonly type: 'int';
  readonly low: number;
  readonly high: number;
  readonly step?: number;
  readonly gridPoints?: number;
};

/** One of `options`, each equally likely a priori (hyperopt's `hp.choice` over constants). */
export type ChoiceDimension = {
  readonly type: 'choice';
  readonly options: readonly (number | string)[];
};

export type Dimension =
  | UniformDimension
  | LogUniformDimension
  | QUniformDimension
  | QLogUniformDimension
  | IntDimension
  | ChoiceDimension;

export type DimensionType = Dimension['type'];

/** One searched parameter: its name (a recipe parameter) and its distribution. */
export type SearchParam = Dimension & { readonly name: string };

/** Ordered: the order fixes the grid enumeration and the order random numbers are drawn in. */
export type SearchSpace = readonly SearchParam[];

/** One suggestion: a value for every parameter of the space. */
export type SuggestedParams = Readonly<Record<string, number | string>>;

/**
 * hyperopt's `tpe.suggest` settings, with its defaults: 20 start-up trials, gamma 0.25,
 * 24 expected-improvement candidates, prior weight 1, linear forgetting after 25 observations.
 */
export type TpeSettings = {
  readonly nStartupJobs: number;
  readonly gamma: number;
  readonly nEiCandidates: number;
  readonly priorWeight: number;
  readonly linearForgetting: number;
};

export type SearchAlgorithm =
  | { readonly name: 'random' }
  | { readonly name: 'grid' }
  | ({ readonly name: 'tpe' } & TpeSettings);

export type SearchAlgorithmName = SearchAlgorithm['name'];

export type SearchDirection = 'minimize' | 'maximize';

/** The metric each trial reports (e.g. `val_rmse`) and whether lower or higher is better. */
export type SearchObjective = {
  readonly metric: string;
  readonly direction: SearchDirection;
};

export type SearchBudget = {
  /** Trials that count against the budget: every trial except killed ones. */
  readonly maxTrials: number;
  /** No new trial starts once this many seconds have passed since the search started. */
  readonly maxSeconds?: number;
  /** Stop once this many finished trials in a row (by index, after the best) brought no improvement. */
  readonly stopAfterNoImprovement?: number;
};

/**
 * `pending`: suggested, not started; `running`: a worker trains it; `completed`: it reported the
 * objective; `failed`: it ended without a usable objective; `killed`: stopped by the user or by a
 * reload. Killed trials do not count against `maxTrials` and are not observations for TPE.
 */
export type TrialStatus = 'pending' | 'running' | 'completed' | 'failed' | 'killed';

export type SearchTrial = {
  /** 0-based, in suggestion order; also selects the trial's random stream. */
  readonly index: number;
  readonly params: SuggestedParams;
  readonly status: TrialStatus;
  /** The objective metric as reported (not sign-flipped); set when completed. */
  readonly objective?: number;
  /** Grid search only: the position of `params` in the grid enumeration. */
  readonly gridIndex?: number;
  /** The child run that trains this trial, once the lead has created it. */
  readonly runId?: string;
  /** Why a trial failed or was killed. */
  readonly error?: string;
  /** Epoch milliseconds. */
  readonly startedAt?: number;
  readonly endedAt?: number;
};

export type SearchState = {
  readonly version: 1;
  readonly space: SearchSpace;
  readonly algorithm: SearchAlgorithm;
  readonly objective: SearchObjective;
  /** A safe integer; with the rest of the state it fixes every suggestion. */
  readonly seed: number;
  readonly budget: SearchBudget;
  /** Epoch milliseconds; `maxSeconds` counts from here. */
  readonly startedAt: number;
  /** Set by `stopSearch`: no new trials. */
  readonly stopped?: boolean;
  readonly trials: readonly SearchTrial[];
};

/** Why no new trial may start. */
export type StopReason = 'stopped' | 'max-trials' | 'max-seconds' | 'no-improvement' | 'grid-exhausted';
