/**
 * A run's metrics as a person reads them: curves over steps (training and validation of one
 * quantity in one chart), the one-value metrics (test scores) as a table, and the full summary
 * table of every metric. The split is `metricLayout`; each metric key gets its "?" once.
 */
import { useMemo } from 'react';
import type { RunId } from '../../../domain/ids';
import type { MetricSummary, Run } from '../../../domain/tracking/types';
import { lineTraces, sortByStep } from '../../charts/plotText';
import { LazyPlot } from '../../charts/LazyPlot';
import { formatMetric } from '../../../domain/tracking/formatMetric';
import { MetricHelp } from '../../train/components/MetricHelp';
import { useMetricHistories } from '../hooks/useMetricHistories';
import { metricLayout, type CurveGroup } from '../metricLayout';

function MetricChart({ runId, group }: { runId: RunId; group: CurveGroup }) {
  const histories = useMetricHistories(runId, group.keys);
  const traces = useMemo(() => {
    if (!histories) return null;
    return lineTraces(histories.map((history, i) => ({ name: group.keys[i] ?? '', ...sortByStep(history.steps, history.values) })));
  }, [histories, group.keys]);
  return (
    <figure className="metric-chart" data-testid="metric-chart" data-metric-key={group.key} data-metric-keys={group.keys.join(' ')}>
      <figcaption>
        {group.keys.map((key, i) => (
          <span key={key}>
            {i > 0 && ' and '}
            {key}
            <MetricHelp metricKey={key} />
          </span>
        ))}
      </figcaption>
      {traces ? (
        <LazyPlot name={`Chart of ${group.title}`} traces={traces} xTitle="step" testId="metric-chart.plot" />
      ) : (
        <div className="plot-loading">Loading…</div>
      )}
    </figure>
  );
}

function useLayout(run: Run) {
  return useMemo(() => metricLayout(Object.values(run.metrics), { running: run.status === 'RUNNING' }), [run.metrics, run.status]);
}

/** The curves: one chart per quantity logged over steps, live while the run logs. */
export function MetricCurves({ run }: { run: Run }) {
  const { curves } = useLayout(run);
  if (curves.length === 0) return null;
  return (
    <div className="chart-grid" data-testid="run-curves">
      {curves.map((group) => (
        <MetricChart key={group.key} runId={run.runId} group={group} />
      ))}
    </div>
  );
}

/** The metrics logged once (test scores and their baselines) as a table of values. */
export function OneValueMetrics({ run }: { run: Run }) {
  const { oneValue } = useLayout(run);
  if (oneValue.length === 0) return null;
  return (
    <div className="one-value-metrics">
      <h4 className="run-section-title" id={`final-scores-${run.runId}`}>
        Final scores
      </h4>
      <table className="kv-table" data-testid="run-results.table" aria-labelledby={`final-scores-${run.runId}`}>
        <tbody>
          {oneValue.map((m) => (
            <tr key={m.key}>
              <th scope="row">
                {m.key}
                <MetricHelp metricKey={m.key} />
              </th>
              <td>{formatMetric(m.latest.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every metric: latest value, its step, min, max and how many points were logged. */
export function MetricSummaryTable({ summaries }: { summaries: readonly MetricSummary[] }) {
  if (summaries.length === 0) return <p className="muted">No metrics logged.</p>;
  const sorted = [...summaries].sort((a, b) => a.key.localeCompare(b.key));
  return (
    <div className="run-table-scroll">
      <table className="kv-table metrics-table" data-testid="run-metrics.table">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Latest</th>
            <th>Step</th>
            <th>Min</th>
            <th>Max</th>
            <th>Points</th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((m) => (
            <tr key={m.key}>
              <th scope="row">{m.key}</th>
              <td>{formatMetric(m.latest.value)}</td>
              <td>{m.latest.step}</td>
              <td>{formatMetric(m.min)}</td>
              <td>{formatMetric(m.max)}</td>
              <td>{m.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
