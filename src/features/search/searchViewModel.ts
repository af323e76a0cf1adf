/**
 * Pure helpers of a search's live view and of the list of searches. Everything is derived from
 * the store, so the view works the same for a search running in this page, one running in
 * another tab, and one that ended long ago: the parent run (params, tags, the `best_<objective>`
 * curve), its child runs (one per trial) and, when readable, its `search_state.json` (which also
 * knows trials that have no run yet, and why a trial failed).
 */
import type { CompareState } from '../../domain/compare/compareState';
import type { RunId } from '../../domain/ids';
import { TERMINAL_STATUSES, type Run } from '../../domain/tracking/types';
import type { FigureLayout, FigureTrace } from '../charts/figure.types';
import { plotText } from '../charts/plotText';
import { TAG_SEARCH_ALGORITHM, TAG_SEARCH_TRIAL, type StoredSearch } from '../../services/search/searchPlan';
import type { SearchDirection } from '../../domain/search';

/** What the view needs to know about a search, from its stored state or else its parent's params. */
export interface SearchInfo {
  algorithm: string;
  /** The searched parameters, in space order. */
  paramNames: string[];
  objective: string;
  direction: SearchDirection;
  maxTrials: number | null;
}

function spaceNamesFromParam(text: string | undefined): string[] {
  if (text === undefined) return [];
  try {
    const space: unknown = JSON.parse(text);
    return Array.isArray(space) ? space.flatMap((p: unknown) => (typeof p === 'object' && p !== null && typeof (p as { name?: unknown }).name === 'string' ? [(p as { name: string }).name] : [])) : [];
  } catch {
    return []; // a long space is recorded as "(n parameters: see search_state.json)"
  }
}

export function searchInfo(parent: Run, stored: StoredSearch | null): SearchInfo {
  const maxTrials = Number(parent.params.max_trials);
  if (stored) {
    const { state } = stored;
    return {
      algorithm: state.algorithm.name,
      paramNames: state.space.map((p) => p.name),
      objective: state.objective.metric,
      direction: state.objective.direction,
      maxTrials: state.budget.maxTrials,
    };
  }
  return {
    algorithm: parent.tags[TAG_SEARCH_ALGORITHM] ?? parent.params.algorithm ?? '',
    paramNames: spaceNamesFromParam(parent.params.space),
    objective: parent.params.objective ?? '',
    direction: parent.params.objective_direction === 'maximize' ? 'maximize' : 'minimize',
    maxTrials: Number.isInteger(maxTrials) ? maxTrials : null,
  };
}

/** Cost metrics a trial may log, shown beside the objective when the trials have them. */
const COST_METRICS = ['fit_seconds'] as const;

/**
 * The compare view a search links to: parallel coordinates of the searched params, the objective
 * and the cost metrics the trials logged (a forest's fit time); with a single searched param, also
 * the objective against it as a scatter (MLflow's H2O example: RMSE against the number of trees).
 */
export function searchCompareView(info: SearchInfo, children: readonly Pick<Run, 'metrics'>[]): Pick<CompareState, 'parallel' | 'scatter'> {
  const costs = COST_METRICS.filter((key) => children.some((run) => run.metrics[key] !== undefined));
  const param = info.paramNames.length === 1 ? info.paramNames[0] : undefined;
  return {
    parallel: [
      ...info.paramNames.map((key) => ({ kind: 'param' as const, key })),
      { kind: 'metric' as const, key: info.objective },
      ...costs.map((key) => ({ kind: 'metric' as const, key })),
    ],
    scatter: param === undefined ? null : { x: { kind: 'param', key: param }, y: { kind: 'metric', key: info.objective } },
  };
}

/** A child's trial index, from its `trainyard.search.trial` tag; null when it has none. */
export function trialIndexOf(run: Pick<Run, 'tags'>): number | null {
  const text = Object.hasOwn(run.tags, TAG_SEARCH_TRIAL) ? run.tags[TAG_SEARCH_TRIAL] : undefined;
  const index = Number(text);
  return text !== undefined && text !== '' && Number.isSafeInteger(index) && index >= 0 ? index : null;
}

export interface TrialRow {
  index: number;
  /** The child run's status, or the stored trial's (PENDING, FAILED…) while it has no run. */
  status: string;
  runId: RunId | null;
  experimentId: string | null;
  /** Searched parameter → value as recorded. */
  params: Record<string, string>;
  /** The objective of a finished trial. */
  objective: number | null;
  durationMs: number | null;
  error: string | null;
}

/**
 * One row per trial, by index: each child run (the source of truth for status, params and
 * metrics) merged with the stored state's trial of the same index (which adds trials without a run
 * and the reason a trial failed). A finished child's objective is its latest value of the metric.
 */
export function trialRows(options: { children: readonly Run[]; stored: StoredSearch | null; info: SearchInfo; now: number }): TrialRow[] {
  const { children, stored, info, now } = options;
  const rows = new Map<number, TrialRow>();
  for (const trial of stored?.state.trials ?? []) {
    rows.set(trial.index, {
      index: trial.index,
      status: trial.status.toUpperCase(),
      runId: (trial.runId as RunId | undefined) ?? null,
      experimentId: stored?.setup.experimentId ?? null,
      params: Object.fromEntries(info.paramNames.map((name) => [name, trial.params[name] === undefined ? '' : String(trial.params[name])])),
      objective: trial.status === 'completed' && trial.objective !== undefined ? trial.objective : null,
      durationMs: trial.startedAt !== undefined && trial.endedAt !== undefined ? trial.endedAt - trial.startedAt : null,
      error: trial.error ?? null,
    });
  }
  for (const child of children) {
    const index = trialIndexOf(child);
    if (index === null) continue;
    const storedRow = rows.get(index);
    const summary = Object.hasOwn(child.metrics, info.objective) ? child.metrics[info.objective] : undefined;
    const ended = TERMINAL_STATUSES.includes(child.status);
    rows.set(index, {
      index,
      status: child.status,
      runId: child.runId,
      experimentId: child.experimentId,
      params: Object.fromEntries(info.paramNames.map((name) => [name, Object.hasOwn(child.params, name) ? (child.params[name] ?? '') : (storedRow?.params[name] ?? '')])),
      objective: child.status === 'FINISHED' && summary !== undefined ? summary.latest.value : null,
      durationMs: child.endTime !== null ? child.endTime - child.startTime : ended ? null : Math.max(0, now - child.startTime),
      error: storedRow?.error ?? null,
    });
  }
  return [...rows.values()].sort((a, b) => a.index - b.index);
}

/** A recorded param value for a table cell: long numbers to 5 significant digits, anything else as is. */
export function shortValue(text: string): string {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || text.length <= 8) return text;
  return String(Number(value.toPrecision(5)));
}

export interface ObjectivePoint {
  index: number;
  objective: number;
  best: number;
}

/** Completed trials in index order with the best objective up to each (NaN objectives never win). */
export function bestSoFarPoints(rows: readonly TrialRow[], direction: SearchDirection): ObjectivePoint[] {
  const points: ObjectivePoint[] = [];
  let best: number | undefined;
  for (const row of rows) {
    if (row.objective === null) continue;
    const value = row.objective;
    if (!Number.isNaN(value) && (best === undefined || (direction === 'maximize' ? value > best : value < best))) best = value;
    points.push({ index: row.index, objective: value, best: best ?? NaN });
  }
  return points;
}

/** The chart of a search: each trial's objective (points) and the running best (a step line). */
export function objectiveTraces(points: readonly ObjectivePoint[], objective: string): FigureTrace[] {
  const x = points.map((p) => p.index);
  const finite = (v: number) => (Number.isFinite(v) ? v : null);
  return [
    {
      type: 'scatter',
      mode: 'markers',
      name: plotText(objective),
      x,
      y: points.map((p) => finite(p.objective)),
      marker: { size: 8 },
      hovertemplate: 'trial %{x}: %{y}<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines',
      name: 'best so far',
      x,
      y: points.map((p) => finite(p.best)),
      line: { shape: 'hv', width: 2 },
      hovertemplate: 'best after trial %{x}: %{y}<extra></extra>',
    },
  ];
}

/**
 * The step between the trial axis's ticks: a whole number of trials (1, 2, 5, 10, 20, 50…) that
 * keeps about ten ticks or fewer, so the axis never shows fractional trials ("0 1 1 2 2" once
 * rounded).
 */
export function trialTickStep(span: number): number {
  for (let magnitude = 1; ; magnitude *= 10) {
    for (const step of [1, 2, 5]) {
      if (span / (step * magnitude) <= 10) return step * magnitude;
    }
  }
}

/**
 * The layout of the objective chart: integer trial ticks over the trials shown (half a trial of
 * margin each side, so the first and last markers aren't cut), the objective's name on y.
 */
export function objectiveLayout(points: readonly ObjectivePoint[], objective: string): FigureLayout {
  const indices = points.map((p) => p.index);
  const first = indices.length > 0 ? Math.min(...indices) : 0;
  const last = indices.length > 0 ? Math.max(...indices) : 0;
  return {
    margin: { l: 60, r: 10, t: 10, b: 40 },
    xaxis: {
      title: { text: 'trial' },
      tickmode: 'linear',
      tick0: 0,
      dtick: trialTickStep(last - first),
      tickformat: 'd',
      range: [first - 0.5, last + 0.5],
      zeroline: false, // the axis starts half a trial before 0: a line at 0 would cross the first marker
    },
    yaxis: { title: { text: plotText(objective) } },
    showlegend: true,
    legend: { orientation: 'h', y: 1.12 },
  };
}

export function objectiveCsv(points: readonly ObjectivePoint[], objective: string): string {
  const header = ['trial', objective.replace(/["\r\n]/g, ' '), 'best_so_far'];
  const quote = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [header.map(quote).join(','), ...points.map((p) => [p.index, p.objective, p.best].map(String).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** How far a search got: trials that ended (killed ones don't count) and the best objective so far. */
export interface SearchSummary {
  parent: Run;
  info: SearchInfo;
  trialsDone: number;
  best: number | null;
}

export function searchSummary(parent: Run, children: readonly Run[]): SearchSummary {
  const info = searchInfo(parent, null);
  const bestKey = `best_${info.objective}`;
  const best = Object.hasOwn(parent.metrics, bestKey) ? (parent.metrics[bestKey]?.latest.value ?? null) : null;
  const trialsDone = children.filter((c) => c.status === 'FINISHED' || c.status === 'FAILED').length;
  return { parent, info, trialsDone, best };
}

/**
 * What the view offers: Stop for a search this page runs; Resume for one interrupted by a reload
 * or a closed tab (its parent KILLED and its stored state not stopped — what coordinator.resume
 * accepts); a note for one running elsewhere.
 */
export type SearchControl = 'stop' | 'resume' | 'elsewhere' | 'none';

export function searchControl(options: { parent: Run; stored: StoredSearch | null; runningHere: boolean }): SearchControl {
  const { parent, stored, runningHere } = options;
  if (runningHere) return 'stop';
  if (parent.status === 'RUNNING') return 'elsewhere';
  if (parent.status === 'KILLED' && stored !== null && stored.state.stopped !== true) return 'resume';
  return 'none';
}
