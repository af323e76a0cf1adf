import { reportError } from '../../shared/notifications';
import { routes } from '../../shared/routes';
import { tracking } from '../../services/page';
import type { ExperimentId, RunId } from '../../domain/ids';
import type { Run } from '../../domain/tracking/types';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';
import { TrainingProgress } from '../train/components/TrainingProgress';
import { ArtifactBrowser } from './components/ArtifactBrowser';
import { HeadlineCard } from './components/HeadlineCard';
import { MetricCurves, MetricSummaryTable, OneValueMetrics } from './components/MetricCharts';
import { NotesEditor } from './components/NotesEditor';
import { RerunButton } from './components/RerunButton';
import { RegisterModel } from './components/RegisterModel';
import { TagsEditor } from './components/TagsEditor';
import { useRun } from './hooks/useRun';
import { EvaluationViews } from '../compare/EvaluationViews';
import { FeatureImportanceSection } from './featureImportance/FeatureImportanceSection';
import { CoachPanel } from './insights/CoachPanel';
import { RepeatControl } from './insights/RepeatControl';
import { ReproducedBadge } from './insights/ReproducedBadge';
import { VerifyButton } from './insights/VerifyButton';

function Overview({ run }: { run: Run }) {
  const toggleDeleted = async () => {
    try {
      if (run.lifecycleStage === 'active') await tracking.deleteRun(run.runId);
      else await tracking.restoreRun(run.runId);
    } catch (error) {
      reportError(run.lifecycleStage === 'active' ? 'delete the run' : 'restore the run', error);
    }
  };
  return (
    <dl className="overview" data-testid="run-overview">
      <dt>Status</dt>
      <dd>
        <span className={`status status-${run.status.toLowerCase()}`} data-testid="run-overview.status">
          {run.status}
        </span>
        {run.lifecycleStage === 'deleted' && <span className="status status-deleted"> deleted</span>}
      </dd>
      <dt>Run ID</dt>
      <dd>
        <code>{run.runId}</code>
      </dd>
      <dt>Started</dt>
      <dd>{new Date(run.startTime).toLocaleString()}</dd>
      <dt>Ended</dt>
      <dd>{run.endTime === null ? '—' : new Date(run.endTime).toLocaleString()}</dd>
      {run.parentRunId && (
        <>
          <dt>Parent run</dt>
          <dd>
            <a href={routes.run({ experimentId: run.experimentId, runId: run.parentRunId })}>{run.parentRunId}</a>
          </dd>
        </>
      )}
      {run.tags['trainyard.error'] && (
        <>
          <dt>Error</dt>
          <dd data-testid="run.error">{run.tags['trainyard.error']}</dd>
        </>
      )}
      {run.tags['trainyard.killedReason'] && (
        <>
          <dt>Note</dt>
          <dd>{run.tags['trainyard.killedReason']}</dd>
        </>
      )}
      <dt>Actions</dt>
      <dd className="run-actions">
        <button type="button" onClick={() => void toggleDeleted()} data-testid="run.delete-toggle">
          {run.lifecycleStage === 'active' ? 'Delete run' : 'Restore run'}
        </button>
        {run.status !== 'RUNNING' && <RerunButton run={run} />}
        <VerifyButton key={run.runId} run={run} />
      </dd>
    </dl>
  );
}

function ParamsTable({ run }: { run: Run }) {
  const params = Object.entries(run.params).sort(([a], [b]) => a.localeCompare(b));
  if (params.length === 0) return <p className="muted">No params logged.</p>;
  return (
    <table className="kv-table" data-testid="run-params.table">
      <tbody>
        {params.map(([k, v]) => (
          <tr key={k}>
            <th scope="row">{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RunPage({ experimentId, runId }: { experimentId: ExperimentId; runId: RunId }) {
  const run = useRun(runId);
  if (run === undefined) return <div className="muted">Loading run…</div>;
  if (run === null) {
    return (
      <section>
        <h2>Run not found</h2>
        <p>
          There is no run <code>{runId}</code> in this browser. <a href={routes.experiment(experimentId)}>Back to the experiment</a>
        </p>
      </section>
    );
  }
  return (
    <article className="run-page" aria-label={`Run ${run.runName}`}>
      <nav className="breadcrumbs">
        <a href={routes.experiment(run.experimentId)}>← Runs</a>
      </nav>
      <h2 data-testid="run.title">{run.runName}</h2>
      <HeadlineCard run={run} />
      <ReproducedBadge run={run} />
      {/* Keyed by run: going from one run to the next, its state (a check or a repeat under way,
          a suggested re-run starting) must not carry over while the new run loads. */}
      <SectionErrorBoundary name="Coach">
        <CoachPanel key={run.runId} run={run} />
      </SectionErrorBoundary>
      {run.status === 'RUNNING' && <TrainingProgress run={run} />}
      <SectionErrorBoundary name="Metrics">
        <MetricCurves run={run} />
        <OneValueMetrics run={run} />
      </SectionErrorBoundary>
      <section>
        <h3>Details</h3>
        <Overview run={run} />
        <RepeatControl key={run.runId} run={run} />
        <RegisterModel run={run} />
      </section>
      <section>
        <h3>Description</h3>
        <NotesEditor run={run} />
      </section>
      <section>
        <h3>Parameters ({Object.keys(run.params).length})</h3>
        <ParamsTable run={run} />
      </section>
      <section>
        <h3>All metrics ({Object.keys(run.metrics).length})</h3>
        <MetricSummaryTable summaries={Object.values(run.metrics)} />
      </section>
      <section>
        <h3>Evaluation</h3>
        <SectionErrorBoundary name="Evaluation">
          <EvaluationViews runs={[run]} />
        </SectionErrorBoundary>
      </section>
      <FeatureImportanceSection runId={run.runId} />
      <section>
        <h3>Tags</h3>
        <TagsEditor run={run} />
      </section>
      <section>
        <h3>Artifacts</h3>
        <SectionErrorBoundary name="Artifacts">
          <ArtifactBrowser runId={run.runId} />
        </SectionErrorBoundary>
      </section>
    </article>
  );
}
