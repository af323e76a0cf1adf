import { useMemo } from 'react';
import { reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import { searches } from '../../../services/page';
import type { ExperimentId, RunId } from '../../../domain/ids';
import { useNow } from '../../../shared/hooks/useNow';
import { LazyFigure } from '../../charts/LazyPlot';
import { formatMetric } from '../../../domain/tracking/formatMetric';
import { formatDuration } from '../../runs/runsTableModel';
import { useSearchRuns, useStoredSearch } from '../hooks/useSearches';
import {
  searchCompareView,
  bestSoFarPoints,
  objectiveCsv,
  objectiveLayout,
  objectiveTraces,
  searchControl,
  searchInfo,
  shortValue,
  trialRows,
  type TrialRow,
} from '../searchViewModel';

/** The trial table: run link, status and objective first, so they stay in sight when a narrow page scrolls the searched params sideways. */
function TrialTable({ rows, paramNames, objective }: { rows: readonly TrialRow[]; paramNames: readonly string[]; objective: string }) {
  return (
    <div className="search-trials-scroll">
      <table className="search-trials" data-testid="search.trials">
        <thead>
          <tr>
            <th scope="col">Trial</th>
            <th scope="col">Run</th>
            <th scope="col">Status</th>
            <th scope="col">{objective}</th>
            {paramNames.map((name) => (
              <th scope="col" key={name}>
                {name}
              </th>
            ))}
            <th scope="col">Duration</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.index} data-testid="search.trial" data-trial={row.index} data-status={row.status}>
              <td>{row.index}</td>
              <td>
                {row.runId && row.experimentId ? (
                  <a href={routes.run({ experimentId: row.experimentId as ExperimentId, runId: row.runId })}>trial-{row.index}</a>
                ) : (
                  <span className="muted">{row.error ?? '—'}</span>
                )}
              </td>
              <td className={`status status-${row.status.toLowerCase()}`} title={row.error ?? undefined}>
                {row.status}
              </td>
              <td className="num" data-testid="search.trial.objective">
                {row.objective === null ? '' : formatMetric(row.objective)}
              </td>
              {paramNames.map((name) => (
                <td key={name} className="num" title={row.params[name]}>
                  {shortValue(row.params[name] ?? '')}
                </td>
              ))}
              <td className="num">{row.durationMs === null ? '' : formatDuration(row.durationMs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * One search, live from the store: status and controls, the objective per trial with the running
 * best, the trial table, and links to the parent run and to parallel coordinates of all trials.
 */
export function SearchView({ parentRunId }: { parentRunId: RunId }) {
  const runs = useSearchRuns(parentRunId);
  const stored = useStoredSearch(parentRunId);
  const parent = runs?.parent ?? null;
  const running = parent?.status === 'RUNNING';
  const now = useNow(running);
  const info = useMemo(() => (parent ? searchInfo(parent, stored) : null), [parent, stored]);
  const rows = useMemo(
    () => (info && runs ? trialRows({ children: runs.children, stored, info, now }) : []),
    [info, runs, stored, now],
  );
  const points = useMemo(() => (info ? bestSoFarPoints(rows, info.direction) : []), [rows, info]);
  const traces = useMemo(() => (info ? objectiveTraces(points, info.objective) : []), [points, info]);
  const layout = useMemo(() => objectiveLayout(points, info?.objective ?? ''), [points, info?.objective]);

  if (runs === undefined) return <p className="muted">Reading the search…</p>;
  if (!parent || !info) {
    return (
      <p data-testid="search.missing">
        No run with id <code>{parentRunId}</code>. <a href={routes.search()}>Back to searches</a>
      </p>
    );
  }
  const runningHere = searches.searchCoordinator.runningSearches().includes(parentRunId);
  const control = searchControl({ parent, stored, runningHere });
  const trialRunIds = rows.flatMap((r) => (r.runId ? [r.runId] : []));
  const best = points.at(-1)?.best;
  const parallelLink = routes.compare(trialRunIds, searchCompareView(info, runs?.children ?? []));
  const ended = rows.filter((r) => r.status === 'FINISHED' || r.status === 'FAILED' || r.status === 'COMPLETED').length;

  return (
    <section className="search-view" aria-label="Search" data-testid="search.view" data-parent-run-id={parentRunId}>
      <header className="search-view-header">
        <h3 data-testid="search.view.title">{parent.runName}</h3>
        <span className={`status status-${parent.status.toLowerCase()}`} data-testid="search.status">
          {parent.status}
        </span>
        <span className="muted">
          {info.algorithm} · {info.direction} {info.objective} · <span data-testid="search.progress">{ended} / {info.maxTrials ?? '?'}</span> trials
          {best !== undefined && Number.isFinite(best) && (
            <>
              {' '}
              · best <strong data-testid="search.best">{formatMetric(best)}</strong>
            </>
          )}
        </span>
      </header>
      <div className="search-view-actions">
        {control === 'stop' && (
          <button type="button" data-testid="search.stop" onClick={() => searches.stopSearch(parentRunId)}>
            Stop
          </button>
        )}
        {control === 'resume' && (
          <button
            type="button"
            data-testid="search.resume"
            title="Go on under the same run: trials that were running when the page went away end KILLED and don't count."
            onClick={() => void searches.resumeSearch(parentRunId).catch((error: unknown) => reportError('resume the search', error))}
          >
            Resume
          </button>
        )}
        {control === 'elsewhere' && <span className="muted" data-testid="search.elsewhere">Running in another tab or window; stop it there.</span>}
        <a href={routes.run({ experimentId: parent.experimentId, runId: parentRunId })} data-testid="search.parent-link">
          Open the search run
        </a>
        {trialRunIds.length > 0 && (
          <a href={parallelLink} data-testid="search.parallel-link">
            Open in parallel coordinates
          </a>
        )}
        <a href={routes.search()}>All searches</a>
      </div>
      <figure className="search-chart">
        {points.length > 0 ? (
          <LazyFigure
            name="Objective per trial"
            title={`${info.objective} per trial`}
            data={traces}
            layout={layout}
            height={300}
            testId="search.chart"
            pointsShown={points.length}
            csv={() => objectiveCsv(points, info.objective)}
          />
        ) : (
          <p className="muted search-chart-empty">The objective of each trial and the best so far appear here as trials finish.</p>
        )}
      </figure>
      {rows.length > 0 ? (
        <TrialTable rows={rows} paramNames={info.paramNames} objective={info.objective} />
      ) : (
        <p className="muted">No trial has started yet.</p>
      )}
    </section>
  );
}
