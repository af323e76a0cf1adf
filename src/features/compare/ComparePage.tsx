/**
 * Compare runs (MLflow's compare view, TensorBoard's scalars): the runs of a `#/compare?runs=…`
 * link, from any experiments, side by side, their curves, and how params relate to metrics. The
 * view's state lives in the URL (domain/compare/compareState), so a link reproduces it.
 */
import { useEffect, useMemo, useState } from 'react';
import { decodeCompareState, encodeCompareState, type CompareState } from '../../domain/compare/compareState';
import type { RunId } from '../../domain/ids';
import { mainMetricKey } from '../../domain/tracking/mainMetric';
import { routes } from '../../shared/routes';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';
import { chartColumns, defaultMetrics, metricKeys, runColor, searchContext } from './compareCharts';
import { CompareTable } from './CompareTable';
import { EvaluationViews } from './EvaluationViews';
import { GroupComparisonPanel } from './groupComparison/GroupComparisonPanel';
import { HyperparamCharts } from './HyperparamCharts';
import { MetricCurves } from './MetricCurves';
import { useCompareRuns, useParentRuns } from './hooks/useCompareData';
import { WhenVisible } from './WhenVisible';
import './compare.css';

export function ComparePage({ query }: { query: string }) {
  // The view's state, and the link it came from with that link's warnings. The URL then follows the
  // state; a query that is neither the link nor the state's own encoding is a new link: start over.
  const [view, setView] = useState(() => ({ query, ...decodeCompareState(query) }));
  if (query !== view.query && query !== encodeCompareState(view.state)) setView({ query, ...decodeCompareState(query) });
  const { state, warnings } = view;
  const data = useCompareRuns(state.runIds);
  const runs = useMemo(() => data?.runs ?? [], [data]);

  // The URL follows the view (replaceState: no history entry per slider step, no hashchange).
  useEffect(() => {
    const hash = `#/compare?${encodeCompareState(state)}`;
    if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
  }, [state]);

  const update = (patch: Partial<CompareState>) => setView((v) => ({ ...v, state: { ...v.state, ...patch } }));
  // Runs that finish while the view is open (a repeat with seeds) join the state as it is then.
  const addRuns = (runIds: readonly RunId[]) =>
    setView((v) => ({ ...v, state: { ...v.state, runIds: [...v.state.runIds, ...runIds.filter((id) => !v.state.runIds.includes(id))] } }));
  const keys = useMemo(() => metricKeys(runs), [runs]);
  const columns = useMemo(() => chartColumns(runs), [runs]);
  const parents = useParentRuns(runs);
  const search = useMemo(() => searchContext(runs, parents), [runs, parents]);
  const defaults = useMemo(() => defaultMetrics(runs, keys), [runs, keys]);
  // "Is the difference real?" reads the runs' main metric (the one rule the run headline and a
  // repeat with seeds use: test RMSE for a wine run, where the charts' default would be test MAE),
  // or the search's objective when these are a search's trials (a repeat's are).
  const main = search.objective && keys.includes(search.objective) ? search.objective : mainMetricKey(keys);
  const groupColumns = useMemo(() => columns.filter((c) => c.kind === 'param' || c.kind === 'tag'), [columns]);
  const curveState = state.metrics.length > 0 ? state : { ...state, metrics: defaults };

  if (state.runIds.length === 0) {
    return (
      <section className="compare-page" aria-label="Compare runs">
        <h2>Compare runs</h2>
        <p>Select two or more runs in a runs table (from one or several experiments) and press Compare.</p>
      </section>
    );
  }

  return (
    <section className="compare-page" aria-label="Compare runs" data-testid="compare">
      <header className="page-header">
        <h2>
          Comparing {runs.length} run{runs.length === 1 ? '' : 's'}
        </h2>
        <button type="button" onClick={() => void navigator.clipboard?.writeText(window.location.href)} data-testid="compare.copy-link">
          Copy link
        </button>
      </header>
      {warnings.length > 0 && (
        <ul className="compare-warnings" role="status" data-testid="compare.warnings">
          {warnings.map((warning) => (
            <li key={warning}>This link had a problem and the default is used: {warning}</li>
          ))}
        </ul>
      )}
      {data && data.missing.length > 0 && (
        <p role="status" className="compare-warnings" data-testid="compare.missing">
          {data.missing.length} run{data.missing.length === 1 ? ' is' : 's are'} not in this browser&apos;s store: {data.missing.join(', ')}
        </p>
      )}
      <ul className="compare-runs" aria-label="Runs in this comparison">
        {runs.map((run, i) => (
          <li key={run.runId}>
            <span className="run-swatch" style={{ background: runColor(i) }} aria-hidden="true" />
            <a href={routes.run({ experimentId: run.experimentId, runId: run.runId as RunId })}>{run.runName || run.runId}</a>{' '}
            <button
              type="button"
              className="link"
              aria-label={`Remove ${run.runName || run.runId} from the comparison`}
              onClick={() => update({ runIds: state.runIds.filter((id) => id !== run.runId) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {data === undefined ? (
        <p className="muted">Loading runs…</p>
      ) : (
        <>
          <CompareTable runs={runs} onlyDiffering={state.onlyDiffering} onOnlyDiffering={(onlyDiffering) => update({ onlyDiffering })} />
          <SectionErrorBoundary name="Is the difference real?">
            <GroupComparisonPanel runs={runs} metricKeys={keys} defaultMetric={main} groupColumns={groupColumns} onAddRuns={addRuns} />
          </SectionErrorBoundary>
          <MetricCurves
            runs={runs}
            metricKeys={keys}
            groupColumns={groupColumns}
            state={curveState}
            onChange={update}
          />
          <WhenVisible minHeight={400}>
            <HyperparamCharts runs={runs} columns={columns} state={state} search={search} onChange={update} />
          </WhenVisible>
          <section className="compare-section" aria-labelledby="compare-evaluation-title">
            <h3 id="compare-evaluation-title">Evaluation of one run</h3>
            <WhenVisible>
              <SectionErrorBoundary name="Evaluation">
                <EvaluationViews runs={runs} />
              </SectionErrorBoundary>
            </WhenVisible>
          </section>
        </>
      )}
    </section>
  );
}
