import type { Run } from '../../../domain/tracking/types';
import { routes } from '../../../shared/routes';
import { differenceCell, relativeText, reproducedOf, VERDICT_LABEL } from './reproducedModel';
import './insights.css';

/**
 * Verify's verdict on the run, beside its headline: a badge that says it in words and a disclosure
 * with the summary, the reasons, the metrics that differ and the re-run. Read from the run's tags,
 * which the run page reads live, so it appears as soon as Verify stores it. A plain element: the
 * live region beside the Verify button announces the verdict (a region that mounts with its
 * content is often not read, and this one holds a disclosure and a table).
 */
export function ReproducedBadge({ run }: { run: Run }) {
  const reproduced = reproducedOf(run.tags);
  if (!reproduced) return null;
  const { verdict, details } = reproduced;
  const label = VERDICT_LABEL[verdict];
  return (
    <div className="reproduced" data-testid="run.reproduced" data-verdict={verdict}>
      <span className={`reproduced-badge reproduced-${verdict.replace(' ', '-')}`}>
        <span aria-hidden="true">{label.icon}</span> {label.text}
      </span>
      <details data-testid="run.reproduced.details">
        <summary>How the check went</summary>
        {details.summary && <p>{details.summary}</p>}
        {details.reasons.length > 0 && (
          <ul>
            {details.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
        )}
        {details.differences.length > 0 && (
          <div className="run-table-scroll">
          <table className="reproduced-diffs">
            <caption className="visually-hidden">Metrics that differ between the run and its re-run</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">This run</th>
                <th scope="col">Re-run</th>
                <th scope="col">Relative difference</th>
              </tr>
            </thead>
            <tbody>
              {details.differences.map((d) => (
                <tr key={d.key}>
                  <th scope="row">{d.key}</th>
                  <td>{differenceCell(d.original)}</td>
                  <td>{differenceCell(d.rerun)}</td>
                  <td>{relativeText(d.relative)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        )}
        {details.rerunId && (
          <p>
            <a href={routes.run({ experimentId: run.experimentId, runId: details.rerunId })}>Open the re-run</a>
            {details.checkedAt !== null && <span className="muted"> · checked {new Date(details.checkedAt).toLocaleString()}</span>}
          </p>
        )}
      </details>
    </div>
  );
}
