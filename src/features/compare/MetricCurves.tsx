/**
 * Overlaid metric curves: x = step, wall time or relative time; TensorBoard's debiased smoothing;
 * linear or log y; optional grouping by a param or tag (mean line, min–max band, one colour per
 * group in every chart and in the group legend). A validation metric is drawn dashed over its
 * training twin; metrics logged once per run are drawn as bars. Long histories are downsampled
 * to the chart's width, keeping spikes, and the chart says how many points it shows.
 */
import { GroupByOptions } from './GroupByOptions';
import { useMemo, useRef } from 'react';
import { seriesToCsv } from '../../domain/compare/chartCsv';
import type { ColumnRef } from '../../domain/compare/columns';
import { columnLabel } from '../../domain/compare/columns';
import type { CompareState } from '../../domain/compare/compareState';
import { pointsLabel } from '../../domain/compare/downsample';
import { MAX_SMOOTHING } from '../../domain/compare/smoothing';
import { X_AXIS_MODES, type XAxisMode } from '../../domain/compare/xAxis';
import type { Run } from '../../domain/tracking/types';
import { LazyFigure } from '../charts/LazyPlot';
import { groupRuns, type RunGroup } from '../../domain/compare/grouping';
import {
  barFigure,
  bucketsPerSeries,
  columnOption,
  curveFigure,
  curveLayout,
  GROUP_BAR_CAPTION,
  GROUP_MEAN_CAPTION,
  groupColors,
  metricPanels,
  parseColumnOption,
  X_AXIS_TITLES,
} from './compareCharts';
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
  const chosen = useMemo(() => state.metrics.filter((m) => metricKeys.includes(m)), [state.metrics, metricKeys]);
  const panels = useMemo(() => metricPanels(runs, chosen), [runs, chosen]);
  const groups = useMemo(() => (state.groupBy ? groupRuns(runs, state.groupBy) : []), [runs, state.groupBy]);
  const groupColor = useMemo(() => groupColors(groups.map((g) => g.label)), [groups]);
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
            <GroupByOptions columns={groupColumns} />
          </select>
        </label>
      </div>
      {chosen.length === 0 && <p className="muted">Choose one or more metrics to draw.</p>}
      {state.groupBy && <GroupLegend by={state.groupBy} groups={groups} groupColor={groupColor} />}
      <p className="muted chart-caption" data-testid="compare.curves.caption">
        {state.groupBy ? 'One colour per group, the same in every chart.' : 'Each line is one run.'} A validation metric (val_…) is drawn dashed in the chart
        of its training metric.
      </p>
      <div className="compare-curves">
        {panels.map((panel) =>
          panel.kind === 'curve' ? (
            <MetricCurve key={panel.metric} runs={runs} metric={panel.metric} overlay={panel.overlay} state={state} groupColor={groupColor} />
          ) : (
            <MetricBars key="bars" runs={runs} metrics={panel.metrics} groupBy={state.groupBy} groupColor={groupColor} />
          ),
        )}
      </div>
    </section>
  );
}

/** The groups and their colours, once above all the charts: a group has this colour in each of them. */
function GroupLegend({ by, groups, groupColor }: { by: ColumnRef; groups: readonly RunGroup[]; groupColor: (label: string) => string }) {
  return (
    <ul className="compare-runs" aria-label={`Groups by ${columnLabel(by)}`} data-testid="compare.groups">
      <li className="muted">Groups by {columnLabel(by)}:</li>
      {groups.map((group) => (
        <li key={group.label} data-testid="compare.group" data-color={groupColor(group.label)}>
          <span className="run-swatch" style={{ background: groupColor(group.label) }} aria-hidden="true" />
          {group.label} ({group.runIds.length} run{group.runIds.length === 1 ? '' : 's'})
        </li>
      ))}
    </ul>
  );
}

function MetricCurve(props: { runs: readonly Run[]; metric: string; overlay: string | null; state: CurveState; groupColor: (label: string) => string }) {
  const { runs, metric, overlay, state, groupColor } = props;
  const ref = useRef<HTMLElement>(null);
  const width = useElementWidth(ref);
  const histories = useMetricHistories(runs, metric);
  // Always called (hooks may not be conditional); with no overlay no run has the key '' and nothing is read.
  const overlayHistories = useMetricHistories(runs, overlay ?? '');
  const figure = useMemo(() => {
    if (!histories || (overlay && !overlayHistories)) return null;
    const series = (overlay ? 2 : 1) * histories.size;
    return curveFigure({
      runs,
      histories,
      metric,
      overlay: overlay && overlayHistories ? { metric: overlay, histories: overlayHistories } : undefined,
      xAxis: state.xAxis,
      smoothing: state.smoothing,
      buckets: bucketsPerSeries(width, series, state.groupBy !== null),
      groupBy: state.groupBy,
      groupColor,
    });
  }, [histories, overlayHistories, runs, metric, overlay, state.xAxis, state.smoothing, width, state.groupBy, groupColor]);
  const title = overlay ? `${metric} and ${overlay}` : metric;
  const layout = useMemo(() => curveLayout({ metric: overlay ? `${metric} / ${overlay}` : metric, xAxis: state.xAxis, yScale: state.yScale }), [metric, overlay, state.xAxis, state.yScale]);
  const label = figure ? pointsLabel(figure.shown, figure.total) : '';
  return (
    <figure className="compare-curve" ref={ref} data-testid="compare.curve" data-metric={metric} data-overlay={overlay ?? undefined}>
      <figcaption>
        {title} {overlay && <span className="muted">(dashed: {overlay})</span>} {label && <span className="muted" data-testid="compare.curve.points">{label}</span>}
      </figcaption>
      {figure ? (
        <LazyFigure
          name={`Curves of ${title}`}
          title={`${title} by ${X_AXIS_TITLES[state.xAxis]}`}
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
      {state.groupBy && (
        <p className="muted chart-caption" data-testid="compare.curve.caption">
          {GROUP_MEAN_CAPTION}
        </p>
      )}
    </figure>
  );
}

/** The chosen metrics that have one value per run (test scores), as grouped bars. */
function MetricBars(props: { runs: readonly Run[]; metrics: readonly string[]; groupBy: ColumnRef | null; groupColor: (label: string) => string }) {
  const { runs, metrics, groupBy, groupColor } = props;
  const figure = useMemo(() => barFigure({ runs, metrics, groupBy, groupColor }), [runs, metrics, groupBy, groupColor]);
  return (
    <figure className="compare-curve" data-testid="compare.bars" data-metrics={metrics.join(',')}>
      <figcaption>
        One value per run: {metrics.join(', ')}
      </figcaption>
      <LazyFigure name="Single-value metrics" title={`${metrics.join(', ')} per run`} data={figure.data} layout={figure.layout} height={320} testId="compare.bars.plot" pointsShown={figure.shown} />
      {groupBy && <p className="muted chart-caption">{GROUP_BAR_CAPTION}</p>}
    </figure>
  );
}
