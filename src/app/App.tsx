import { useState } from 'react';
import { DEFAULT_EXPERIMENT_ID, type ExperimentId } from '../domain/ids';
import { ExperimentsSidebar } from '../features/experiments/ExperimentsSidebar';
import { useExperiments } from '../features/experiments/hooks/useExperiments';
import { exportAndSave } from '../features/bundles/exportBundle';
import { ExportProgressBar } from '../features/bundles/ExportProgressBar';
import { ImportBundle } from '../features/bundles/ImportBundle';
import { ComparePage } from '../features/compare/ComparePage';
import { RunPage } from '../features/run/RunPage';
import { RunsPage } from '../features/runs/RunsPage';
import { TrainPage } from '../features/train/TrainPage';
import { useHasAnyRun } from '../features/train/hooks/useTrainData';
import { LandingPage } from '../features/landing/LandingPage';
import './appHeader.css';
import { StoragePage } from '../features/storage/StoragePage';
import { ModelsPage } from '../features/models/ModelsPage';
import { ModelPage } from '../features/models/ModelPage';
import { SearchPage } from '../features/search/SearchPage';
import { ServersPage } from '../features/sync/ServersPage';
import { PlaygroundPage } from '../features/playground/PlaygroundPage';
import { useRequestPersistenceOnFirstRun } from '../features/storage/hooks/useRequestPersistenceOnFirstRun';
import { Toasts } from '../shared/ui/Toasts';
import { UpdatePrompt } from '../features/pwa/UpdatePrompt';
import { SectionErrorBoundary } from '../shared/ui/SectionErrorBoundary';
import { reportError } from '../shared/notifications';
import { routes } from '../shared/routes';
import { UpdatedElsewhereBanner } from './UpdatedElsewhereBanner';
import { useRoute } from './useRoute';

export function App() {
  const route = useRoute();
  const experiments = useExperiments();
  const hasAnyRun = useHasAnyRun();
  useRequestPersistenceOnFirstRun();
  // `#/start` always shows the landing; `#/` shows it until the first run exists.
  const onLanding = route.page === 'start' || (route.page === 'experiment' && route.experimentId === null && hasAnyRun === false);
  // Pages outside any experiment (train, compare, storage, the landing) select none in the sidebar.
  const inExperiment = !onLanding && (route.page === 'experiment' || route.page === 'run');
  const experimentId = (inExperiment ? route.experimentId : null) ?? DEFAULT_EXPERIMENT_ID;
  const experiment = experiments?.find((e) => e.experimentId === experimentId);
  // The Train page trains into the experiment the user last looked at.
  const [lastExperimentId, setLastExperimentId] = useState<ExperimentId>(DEFAULT_EXPERIMENT_ID);
  if (inExperiment && experimentId !== lastExperimentId) setLastExperimentId(experimentId);

  return (
    <div className="app">
      <header className="app-header">
        <h1>
          <a href="#/">Trainyard</a>
        </h1>
        <span className="muted app-tagline">Experiment tracking, offline in your browser</span>
        <nav className="app-nav" aria-label="Main">
          <a href={routes.start()} aria-current={onLanding ? 'page' : undefined} data-testid="nav.start">
            Start
          </a>
          <a href="#/" aria-current={inExperiment ? 'page' : undefined} data-testid="nav.runs">
            Runs
          </a>
          <a href={routes.train()} aria-current={route.page === 'train' ? 'page' : undefined} data-testid="nav.train">
            Train
          </a>
          <a href={routes.search()} aria-current={route.page === 'search' ? 'page' : undefined} data-testid="nav.search">
            Search
          </a>
          <a href={routes.playground()} aria-current={route.page === 'playground' ? 'page' : undefined} data-testid="nav.playground">
            Playground
          </a>
          <a href={routes.models()} aria-current={route.page === 'models' || route.page === 'model' ? 'page' : undefined} data-testid="nav.models">
            Models
          </a>
          <a href={routes.storage()} aria-current={route.page === 'storage' ? 'page' : undefined} data-testid="nav.storage">
            Storage
          </a>
          <a href={routes.servers()} aria-current={route.page === 'servers' ? 'page' : undefined} data-testid="nav.servers">
            Servers
          </a>
        </nav>
        <div className="app-header-actions">
          <ImportBundle />
          <button
            type="button"
            data-testid="bundle.export-all"
            onClick={() => void exportAndSave({ all: true }, 'all').catch((error: unknown) => reportError('export the runs', error))}
          >
            Export all
          </button>
        </div>
      </header>
      <UpdatedElsewhereBanner />
      <ExportProgressBar />
      <div className="app-body">
        {experiments && <ExperimentsSidebar experiments={experiments} selectedId={inExperiment ? experimentId : null} />}
        <main className="app-main">
          <SectionErrorBoundary name="This page">
            {experiments === undefined || (hasAnyRun === undefined && route.page === 'experiment' && route.experimentId === null) ? (
              <div className="muted">Opening the local store…</div>
            ) : onLanding ? (
              <LandingPage hasRuns={hasAnyRun === true} />
            ) : route.page === 'storage' ? (
              <StoragePage />
            ) : route.page === 'servers' ? (
              <ServersPage />
            ) : route.page === 'models' ? (
              <ModelsPage />
            ) : route.page === 'model' ? (
              <ModelPage key={route.name} name={route.name} />
            ) : route.page === 'playground' ? (
              <PlaygroundPage modelUri={route.modelUri} />
            ) : route.page === 'search' ? (
              <SearchPage parentRunId={route.parentRunId} experimentId={lastExperimentId} />
            ) : route.page === 'compare' ? (
              <ComparePage query={route.query} />
            ) : route.page === 'train' ? (
              <TrainPage
                runId={route.runId}
                guided={route.guided}
                recipe={route.recipe}
                experimentId={lastExperimentId}
              />
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
      <UpdatePrompt />
    </div>
  );
}
