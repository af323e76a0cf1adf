/**
 * What the parent run shows of its trials: the running best objective (a curve over trial
 * indices) and the trial table, as rows and as a CSV artifact. Parameter values and errors are
 * user text, so CSV cells go through `csvText` (quoting and formula neutralising).
 */
import { csvNumber, csvText } from '../compare/chartCsv';
import type { SearchState } from './search.types';
import { trialLoss } from './searchState';

export type BestSoFarPoint = {
  /** The completed trial this point belongs to (the curve's x). */
  readonly index: number;
  /** That trial's objective. */
  readonly objective: number;
  /** The best objective among completed trials with index ≤ `index` (the curve's y). */
  readonly best: number;
  /** Which trial holds `best`. */
  readonly bestIndex: number;
};

/** One point per completed trial, in trial order, with the best objective up to it. */
export function bestSoFar(state: SearchState): BestSoFarPoint[] {
  const points: BestSoFarPoint[] = [];
  let best: { index: number; objective: number; loss: number } | undefined;
  for (const trial of state.trials) {
    if (trial.status !== 'completed' || trial.objective === undefined) continue;
    const loss = trialLoss(state, trial);
    if (best === undefined || loss < best.loss) best = { index: trial.index, objective: trial.objective, loss };
    points.push({ index: trial.index, objective: trial.objective, best: best.objective, bestIndex: best.index });
  }
  return points;
}

/** Header then one row per trial: trial, status, run_id, each parameter, the objective, best_so_far, error. */
export function trialTableRows(state: SearchState): string[][] {
  const names = state.space.map((p) => p.name);
  const bestAt = new Map(bestSoFar(state).map((p) => [p.index, p.best]));
  const header = ['trial', 'status', 'run_id', ...names, state.objective.metric, 'best_so_far', 'error'];
  const rows = state.trials.map((trial) => {
    const best = bestAt.get(trial.index);
    return [
      String(trial.index),
      trial.status,
      trial.runId ?? '',
      ...names.map((name) => {
        const value = trial.params[name];
        return value === undefined ? '' : typeof value === 'number' ? csvNumber(value) : value;
      }),
      trial.objective === undefined ? '' : csvNumber(trial.objective),
      best === undefined ? '' : csvNumber(best),
      trial.error ?? '',
    ];
  });
  return [header, ...rows];
}

/**
 * The trial table as CSV (RFC 4180 quoting, CRLF line ends, ending with a line break). Numbers
 * are written as numbers; text cells are formula-neutralised.
 */
export function trialTableCsv(state: SearchState): string {
  const rows = trialTableRows(state);
  const numericColumns = new Set<number>([0]);
  const width = rows[0]?.length ?? 0;
  state.space.forEach((param, i) => {
    if (param.type !== 'choice' || param.options.every((o) => typeof o === 'number')) numericColumns.add(3 + i);
  });
  numericColumns.add(width - 3).add(width - 2);
  const lines = rows.map((row, r) => row.map((cell, c) => (r > 0 && numericColumns.has(c) ? cell : csvText(cell))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
