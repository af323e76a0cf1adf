import { useMemo } from 'react';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { lineTraces, sortByStep } from '../../charts/plotText';
import { LazyPlot } from '../../charts/LazyPlot';
import { formatMetric } from '../../../domain/tracking/formatMetric';
import { MetricHelp } from '../../train/components/MetricHelp';
import { useMetricHistory } from '../hooks/useRun';

function MetricChart({ runId, metricKey }: { runId: RunId; metricKey: string }) {
  const history = useMetricHistory(runId, metricKey);
  const traces = useMemo(() => {
    if (!history) return null;
    const { x, y } = sortByStep(history.steps, history.values);
    return lineTraces([{ name: metricKey, x, y }]);
  }, [history, metricKey]);
  return (
    <figure className="metric-chart" data-testid="metric-chart" data-metric-key={metricKey}>
      <figcaption>{metricKey}</figcaption>
      {traces ? (
        <LazyPlot name={`Chart of ${metricKey}`} traces={traces} xTitle="step" testId={`metric-chart.plot`} />
      ) : (
        <div className="plot-loading">Loading…</div>
      )}
    </figure>
  );
}

/** A summary table of every metric, and one line chart per metric over steps, live while the run logs. */
export function MetricCharts({ run }: { run: Run }) {
  const summaries = Object.values(run.metrics).sort((a, b) => a.key.localeCompare(b.key));
  if (summaries.length === 0) return <p className="muted">No metrics logged.</p>;
  return (
    <>
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
          {summaries.map((m) => (
            <tr key={m.key}>
              <th scope="row">
                {m.key}
                <MetricHelp metricKey={m.key} />
              </th>
              <td>{formatMetric(m.latest.value)}</td>
              <td>{m.latest.step}</td>
              <td>{formatMetric(m.min)}</td>
              <td>{formatMetric(m.max)}</td>
              <td>{m.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="chart-grid">
        {summaries.map((m) => (
          <MetricChart key={m.key} runId={run.runId} metricKey={m.key} />
        ))}
      </div>
    </>
  );
}
