import { routes } from '../../../shared/routes';
import { formatMetric } from '../../../domain/tracking/formatMetric';
import { formatTime } from '../../runs/runsTableModel';
import { useSearchList } from '../hooks/useSearches';

/** The searches in the store, newest first, to reopen one. */
export function SearchList() {
  const searches = useSearchList();
  if (searches === undefined) return <p className="muted">Reading searches…</p>;
  if (searches.length === 0) return <p className="muted" data-testid="search.list.empty">No searches yet. Define one above and start it.</p>;
  return (
    <table className="search-list" data-testid="search.list">
      <thead>
        <tr>
          <th scope="col">Search</th>
          <th scope="col">Status</th>
          <th scope="col">Algorithm</th>
          <th scope="col">Trials</th>
          <th scope="col">Objective</th>
          <th scope="col">Best</th>
          <th scope="col">Started</th>
        </tr>
      </thead>
      <tbody>
        {searches.map(({ parent, info, trialsDone, best }) => (
          <tr key={parent.runId} data-testid="search.list.row" data-parent-run-id={parent.runId}>
            <td>
              <a href={routes.search(parent.runId)}>{parent.runName}</a>
            </td>
            <td className={`status status-${parent.status.toLowerCase()}`}>{parent.status}</td>
            <td>{info.algorithm}</td>
            <td className="num" data-testid="search.list.trials">
              {trialsDone} / {info.maxTrials ?? '?'}
            </td>
            <td>
              {info.direction} {info.objective}
            </td>
            <td className="num" data-testid="search.list.best">
              {best === null ? '' : formatMetric(best)}
            </td>
            <td>{formatTime(parent.startTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
