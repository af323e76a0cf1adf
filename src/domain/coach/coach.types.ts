/**
 * The training coach's input and output: plain data, so the run page, the Train panel and the
 * console can all build the input from what a run logged and show the findings as they are.
 */

/** One logged value of a per-epoch metric; `step` is the epoch (Keras counts from 0). */
export interface MetricPoint {
  readonly step: number;
  readonly value: number;
}

/** What the coach reads: a run's curves, params and final metrics. */
export interface CoachInput {
  /** Per-epoch metric histories by key (`loss`, `val_loss`, `acc`, `val_acc`, `mae`, …). */
  readonly histories: Readonly<Record<string, readonly MetricPoint[]>>;
  /** The run's params as logged (strings, like MLflow's). */
  readonly params: Readonly<Record<string, string>>;
  /** The run's final metrics (`test_rmse`, `test_baseline_rmse`, `test_accuracy`, …). */
  readonly finalMetrics: Readonly<Record<string, number>>;
  readonly task?: 'regression' | 'classification';
  /**
   * Optional bounds of numeric params (from the recipe's param specs), so a suggestion never asks
   * for a value the recipe would reject. Without them the coach uses its own caps (see suggest.ts).
   */
  readonly paramLimits?: Readonly<Record<string, { readonly min?: number; readonly max?: number }>>;
}

export type FindingKind = 'overfitting' | 'underfitting' | 'divergence' | 'not_converged' | 'learning_too_slowly' | 'healthy';

/** One suggested next step: the params to change for a re-run, and why, in words. */
export interface Suggestion {
  readonly text: string;
  /** Only params present in the input's `params`, with their new values. */
  readonly params: Readonly<Record<string, number | string>>;
}

export interface Finding {
  readonly finding: FindingKind;
  /** The epoch the finding starts at (e.g. where validation loss was lowest), or null. */
  readonly fromEpoch: number | null;
  /** Plain English for beginners, with the numbers it rests on. */
  readonly evidence: string;
  readonly suggestion: Suggestion | null;
}
