import type { ExperimentId, RunId } from '../../domain/ids';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';
import { SearchFormView } from './components/SearchFormView';
import { SearchList } from './components/SearchList';
import { SearchView } from './components/SearchView';
import './search.css';

/**
 * Hyperparameter search: `#/search` defines a new search and lists past ones; `#/search/<id>`
 * shows one search live. Trials are child runs of the search's run, in `experimentId` (the
 * experiment last viewed).
 */
export function SearchPage({ parentRunId, experimentId }: { parentRunId: RunId | null; experimentId: ExperimentId }) {
  return (
    <section className="search-page" aria-label="Hyperparameter search">
      <header className="page-header">
        <h2 data-testid="search.title">Hyperparameter search</h2>
        <span className="muted">Each trial trains in a background worker as a child run of the search’s run.</span>
      </header>
      {parentRunId ? (
        <SearchView key={parentRunId} parentRunId={parentRunId} />
      ) : (
        <>
          <SectionErrorBoundary name="The search form">
            <SearchFormView experimentId={experimentId} />
          </SectionErrorBoundary>
          <h3>Searches</h3>
          <SectionErrorBoundary name="The list of searches">
            <SearchList />
          </SectionErrorBoundary>
        </>
      )}
    </section>
  );
}
