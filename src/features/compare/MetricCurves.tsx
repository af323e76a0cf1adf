/**
 * Overlaid metric curves: x = step, wall time or relative time; TensorBoard's debiased smoothing;
 * linear or log y; optional grouping by a param or tag (mean line, min–max band). Long histories
 * are downsampled to the chart's width, keeping spikes, and the chart says how many points it shows.
 */
import { useMemo, useRef } from 'react';
import { seriesToCsv } from '../../domain/compare/chartCsv';
import type { ColumnRef } from '../../domain/compare/columns';
import type { CompareState } from '../../domain/compare/compareState';
import { pointsLabel } from '../../domain/compare/downsample';
import { MAX_SMOOTHING } from '../../domain/compare/smoothing';
import { X_AXIS_MODES, type XAxisMode } from '../../domain/compare/xAxis';
import type { Run } from '../../domain/tracking/types';
import { LazyFigure } from '../charts/LazyPlot';
import { bucketsPerSeries, columnOption, curveFigure, curveLayout, parseColumnOption, X_AXIS_TITLES } from './compareCharts';
import { useMetricHistories } from './hooks/useCompareData';
import { useElementWidth } from './useElementWidth';

type CurveState = Pick<CompareState, 'xAxis' | 'smoothing' | 'yScale' | 'metrics' | 'groupBy'>;

interface Props {
  runs: readonly Run[];
  metricKeys: readonly string[];
  groupColumns: readonly ColumnRef[];
  state: CurveState;
  onChange: (patch: Partial<CurveState>) => void;
}

export function MetricCurves({ runs, metricKeys, groupColumns, state, onChange }: Props) {
  const chosen = state.metrics.filter((m) => metricKeys.includes(m));
  const toggle = (metric: string) =>
    onChange({ metrics: chosen.includes(metric) ? chosen.filter((m) => m !== metric) : [...chosen, metric] });

  return (
    <section className="compare-section" aria-labelledby="compare-curves-title">
      <header className="compare-section-header">
        <h3 id="compare-curves-title">Metric curves</h3>
      </header>
      <div className="compare-controls" role="group" aria-label="Curve options">
        <fieldset className="metric-choice">
          <legend>Metrics</legend>
          {metricKeys.map((metric) => (
            <label key={metric}>
              <input type="checkbox" checked={chosen.includes(metric)} onChange={() => toggle(metric)} data-testid={`compare.metric.${metric}`} /> {metric}
            </label>
          ))}
        </fieldset>
        <label>
          x axis{' '}
          <select value={state.xAxis} onChange={(e) => onChange({ xAxis: e.target.value as XAxisMode })} data-testid="compare.x-axis">
            {X_AXIS_MODES.map((mode) => (
              <option key={mode} value={mode}>
                {X_AXIS_TITLES[mode]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Smoothing{' '}
          <input
            type="range"
            min={0}
            max={MAX_SMOOTHING}
            step={0.001}
            value={state.smoothing}
            onChange={(e) => onChange({ smoothing: Number(e.target.value) })}
            data-testid="compare.smoothing"
            aria-valuetext={state.smoothing.toFixed(3)}
          />{' '}
          <output>{state.smoothing.toFixed(3)}</output>
        </label>
        <label>
          y scale{' '}
          <select value={state.yScale} onChange={(e) => onChange({ yScale: e.target.value as 'linear' | 'log' })} data-testid="compare.y-scale">
            <option value="linear">linear</option>
            <option value="log">log</option>
          </select>
        </label>
        <label>
          Group by{' '}
          <select
            value={state.groupBy ? columnOption(state.groupBy) : ''}
            onChange={(e) => onChange({ groupBy: e.target.value ? parseColumnOption(e.target.value) : null })}
            data-testid="compare.group-by"
          >
            <option value="">(no grouping)</option>
            {groupColumns.map((ref) => (
              <option key={columnOption(ref)} value={columnOption(ref)}>
                {ref.kind === 'param' ? 'params' : 'tags'}.{ref.key}
              </option>
            ))}
          </select>
        </label>
      </div>
      {chosen.length === 0 && <p className="muted">Choose one or more metrics to draw.</p>}
      <div className="compare-curves">
        {chosen.map((metric) => (
          <MetricCurve key={metric} runs={runs} metric={metric} state={state} />
        ))}
      </div>
    </section>
  );
}

function MetricCurve({ runs, metric, state }: { runs: readonly Run[]; metric: string; state: CurveState }) {
  const ref = useRef<HTMLElement>(null);
  const width = useElementWidth(ref);
  const histories = useMetricHistories(runs, metric);
  const figure = useMemo(
    () =>
      histories
        ? curveFigure({ runs, histories, metric, xAxis: state.xAxis, smoothing: state.smoothing, buckets: bucketsPerSeries(width, histories.size, state.groupBy !== null), groupBy: state.groupBy })
        : null,
    [histories, runs, metric, state.xAxis, state.smoothing, width, state.groupBy],
  );
  const layout = useMemo(() => curveLayout({ metric, xAxis: state.xAxis, yScale: state.yScale }), [metric, state.xAxis, state.yScale]);
  const label = figure ? pointsLabel(figure.shown, figure.total) : '';
  return (
    <figure className="compare-curve" ref={ref} data-testid="compare.curve" data-metric={metric}>
      <figcaption>
        {metric} {label && <span className="muted" data-testid="compare.curve.points">{label}</span>}
      </figcaption>
      {figure ? (
        <LazyFigure
          name={`Curves of ${metric}`}
          title={`${metric} by ${X_AXIS_TITLES[state.xAxis]}`}
          data={figure.data}
          layout={layout}
          height={320}
          testId="compare.curve.plot"
          pointsShown={figure.shown}
          csv={() => seriesToCsv(figure.csv, X_AXIS_TITLES[state.xAxis])}
        />
      ) : (
        // As tall as the chart, so the page does not jump (and charts below stay below the fold).
        <div className="plot-loading" style={{ minHeight: 350 }}>
          Loading…
        </div>
      )}
    </figure>
  );
}
