import { routes } from '../../../shared/routes';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { SectionErrorBoundary } from '../../../shared/ui/SectionErrorBoundary';
import { MetricCharts } from '../../run/components/MetricCharts';
import { useRun } from '../../run/hooks/useRun';
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
      <p>
        <span className={`status status-${run.status.toLowerCase()}`} data-testid="train.status">
          {run.status}
        </span>{' '}
        {OUTCOME_TEXT[run.status]}
      </p>
      {run.status === 'FAILED' && error && (
        <p className="field-error" data-testid="train.error">
          {error}
        </p>
      )}
    </div>
  );
}

/** What the Train page shows of one run: progress and Stop while it trains, then its outcome; live charts throughout. */
export function LiveRunView({ runId }: { runId: RunId }) {
  const run = useRun(runId);
  if (run === undefined) return <p className="muted">Loading the run…</p>;
  if (run === null) return <p data-testid="train.live-missing">There is no run <code>{runId}</code> in this browser.</p>;
  const target = rerunTarget(run.tags);
  return (
    <section className="live-run" aria-label={`Training ${run.runName}`} data-testid="train.live">
      <header className="live-run-header">
        <h3 data-testid="train.live.title">{run.runName}</h3>
        <span className="muted">
          {target ? `${target.recipe.title} · ${target.entryPoint.title}` : 'Run'}
          {run.tags['trainyard.backend'] && ` · ${run.tags['trainyard.backend']} backend`}
        </span>
      </header>
      <TrainingProgress run={run} />
      {run.status === 'RUNNING' ? (
        <span className="status status-running" data-testid="train.status">
          RUNNING
        </span>
      ) : (
        <Outcome run={run} />
      )}
      <p>
        <a href={routes.run({ experimentId: run.experimentId, runId: run.runId })} data-testid="train.run-link">
          Open the run page →
        </a>
      </p>
      <SectionErrorBoundary name="Live metrics">
        <MetricCharts run={run} />
      </SectionErrorBoundary>
    </section>
  );
}
