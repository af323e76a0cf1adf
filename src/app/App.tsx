import { DEFAULT_EXPERIMENT_ID } from '../domain/ids';
import { ExperimentsSidebar } from '../features/experiments/ExperimentsSidebar';
import { useExperiments } from '../features/experiments/hooks/useExperiments';
import { RunPage } from '../features/run/RunPage';
import { RunsPage } from '../features/runs/RunsPage';
import { Toasts } from '../shared/ui/Toasts';
import { SectionErrorBoundary } from '../shared/ui/SectionErrorBoundary';
import { useRoute } from './useRoute';

export function App() {
  const route = useRoute();
  const experiments = useExperiments();
  const experimentId = route.experimentId ?? DEFAULT_EXPERIMENT_ID;
  const experiment = experiments?.find((e) => e.experimentId === experimentId);

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <a href="#/">Trainyard</a>
        </h1>
        <span className="muted">Experiment tracking, offline in your browser</span>
      </header>
      <div className="app-body">
        {experiments && <ExperimentsSidebar experiments={experiments} selectedId={experimentId} />}
        <main className="app-main">
          <SectionErrorBoundary name="This page">
            {experiments === undefined ? (
              <div className="muted">Opening the local store…</div>
            ) : route.page === 'run' ? (
              <RunPage experimentId={route.experimentId} runId={route.runId} />
            ) : experiment ? (
              <RunsPage key={experiment.experimentId} experiment={experiment} />
            ) : (
              <p>
                No experiment with id <code>{experimentId}</code>. <a href="#/">Open the Default experiment</a>
              </p>
            )}
          </SectionErrorBoundary>
        </main>
      </div>
      <Toasts />
    </div>
  );
}
