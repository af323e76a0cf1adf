import { computedOn } from '../../../domain/tracking/computedOn';
import { useEffect, useRef } from 'react';
import { routes } from '../../../shared/routes';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { SectionErrorBoundary } from '../../../shared/ui/SectionErrorBoundary';
import { HeadlineCard } from '../../run/components/HeadlineCard';
import { MetricCurves, MetricSummaryTable, OneValueMetrics } from '../../run/components/MetricCharts';
import { useRun } from '../../run/hooks/useRun';
import { CoachPanel } from '../../run/insights/CoachPanel';
import { RepeatControl } from '../../run/insights/RepeatControl';
import { rerunTarget } from '../trainFormModel';
import { TrainingProgress } from './TrainingProgress';

const OUTCOME_TEXT: Partial<Record<Run['status'], string>> = {
  FINISHED: 'Training finished. The run keeps its params, metrics and the trained model.',
  KILLED: 'Stopped. The run keeps everything it logged until then.',
  FAILED: 'Training failed. The run keeps everything it logged until then.',
};

function Outcome({ run }: { run: Run }) {
  const error = run.tags['trainyard.error'];
  return (
    <div className="train-outcome" data-testid="train.outcome">
      <p>{OUTCOME_TEXT[run.status]}</p>
      {run.status === 'FAILED' && error && (
        <p className="field-error" data-testid="train.error">
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * What the Train page shows of one run: progress and Stop while it trains, then the headline (its
 * test score against the baseline) and its outcome; live curves throughout, then the test scores.
 */
export function LiveRunView({ runId }: { runId: RunId }) {
  const run = useRun(runId);
  const status = run?.status;
  const section = useRef<HTMLElement>(null);
  // In a one-column layout (tablets) the view sits below the form: bring it up when the run opens
  // and again when it ends (the first time, the page may not yet be tall enough to scroll it up).
  useEffect(() => {
    const top = section.current?.getBoundingClientRect().top;
    if (status !== undefined && top !== undefined && top > window.innerHeight * 0.8) section.current?.scrollIntoView({ block: 'start' });
  }, [status]);
  if (run === undefined) return <p className="muted">Loading the run…</p>;
  if (run === null) return <p data-testid="train.live-missing">There is no run <code>{runId}</code> in this browser.</p>;
  const target = rerunTarget(run.tags);
  return (
    <section ref={section} className="live-run" aria-label={`Training ${run.runName}`} data-testid="train.live">
      <header className="live-run-header">
        <h3 data-testid="train.live.title">{run.runName}</h3>
        <span className="muted">
          {target ? `${target.recipe.title} · ${target.entryPoint.title}` : 'Run'}
          {computedOn(run.tags) && ` · ${computedOn(run.tags)}`}
        </span>
      </header>
      <TrainingProgress run={run} />
      {run.status === 'RUNNING' ? (
        <span className="status status-running" data-testid="train.status">
          RUNNING
        </span>
      ) : (
        <>
          <HeadlineCard run={run} statusTestId="train.status" />
          <Outcome run={run} />
          <SectionErrorBoundary name="Coach">
            <CoachPanel key={`coach-${run.runId}`} run={run} heading="h4" />
            <RepeatControl key={`repeat-${run.runId}`} run={run} />
          </SectionErrorBoundary>
        </>
      )}
      <p>
        <a href={routes.run({ experimentId: run.experimentId, runId: run.runId })} data-testid="train.run-link">
          Open the run page →
        </a>
      </p>
      <SectionErrorBoundary name="Live metrics">
        <MetricCurves run={run} />
        <OneValueMetrics run={run} />
        {Object.keys(run.metrics).length > 0 && (
          <details className="live-run-all-metrics">
            <summary>All metrics ({Object.keys(run.metrics).length})</summary>
            <MetricSummaryTable summaries={Object.values(run.metrics)} />
          </details>
        )}
      </SectionErrorBoundary>
    </section>
  );
}
