import { computedOn } from '../../../domain/tracking/computedOn';
import type { Run } from '../../../domain/tracking/types';
import { useNow } from '../../../shared/hooks/useNow';
import { formatDuration } from '../../runs/runsTableModel';
import { runHeadline } from '../runHeadline';
import './runResults.css';

/**
 * The first thing the run page and the Train panel show of a run: its main test metric against
 * the baseline logged with it (or the metric alone, saying no baseline was logged), whether it
 * beats it, then status, duration and backend. `statusTestId` names the status for tests (the
 * Train panel keeps its own `train.status`).
 */
export function HeadlineCard({ run, statusTestId = 'run.headline.status' }: { run: Run; statusTestId?: string }) {
  const running = run.status === 'RUNNING';
  const now = useNow(running);
  const headline = runHeadline(run.metrics, run.status);
  const { metric, baseline } = headline;
  const verdict = headline.beatsBaseline === null ? 'none' : headline.beatsBaseline ? 'better' : 'worse';
  const computed = computedOn(run.tags);
  return (
    <div className={`run-headline run-headline-${verdict}`} role="region" aria-label="Result" data-testid="run.headline">
      <p className="run-headline-sentence" data-testid="run.headline.text">
        {metric ? (
          <>
            {metric.label} <strong className="run-headline-value">{metric.text}</strong>
            {baseline && (
              <span className="run-headline-baseline">
                {' — '}
                {baseline.label}: {baseline.text}
              </span>
            )}
          </>
        ) : (
          headline.sentence
        )}
      </p>
      <p className="run-headline-note" data-testid="run.headline.note">
        {headline.note}
      </p>
      <dl className="run-headline-facts">
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`status status-${run.status.toLowerCase()}`} data-testid={statusTestId}>
              {run.status}
            </span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration((run.endTime ?? now) - run.startTime)}</dd>
        </div>
        {computed && (
          <div>
            <dt>Computed on</dt>
            <dd data-testid="run.headline.computed-on">{computed}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
