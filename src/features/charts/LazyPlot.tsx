import { lazy, Suspense, useMemo } from 'react';
import type { PlotTrace } from './plotText';
import type { FigureProps, FigureTrace } from './figure.types';
import { loadPlotly } from './plotlyLoader';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';

// Figure's own chunk and the Plotly chunk it needs are fetched in parallel, not one after the other.
const Figure = lazy(() => {
  void loadPlotly().catch(() => undefined); // Figure reports a failure itself
  return import('./Figure');
});

/**
 * A Figure (Plotly, loaded on demand) inside its own error boundary, with a "Loading chart…"
 * placeholder meanwhile (MLflow's LazyPlot). `name` names the chart in the boundary's message.
 */
export function LazyFigure(props: FigureProps & { name: string }) {
  const { name, ...figure } = props;
  return (
    <SectionErrorBoundary name={name}>
      <Suspense
        fallback={
          <div className="plot-loading" style={figure.height ? { height: figure.height } : undefined}>
            Loading chart…
          </div>
        }
      >
        <Figure {...figure} />
      </Suspense>
    </SectionErrorBoundary>
  );
}

export interface LazyPlotProps {
  /** Names the chart: error messages, accessible name and export file names. */
  name: string;
  traces: PlotTrace[];
  xTitle?: string;
  yTitle?: string;
  height?: number;
  testId?: string;
  /** The chart's data as CSV; adds the "CSV" export button. */
  csv?: () => string;
}

/** A line chart of metric traces over one x axis: LazyFigure with the run page's compact layout. */
export function LazyPlot({ name, traces, xTitle, yTitle, height = 260, testId, csv }: LazyPlotProps) {
  const data = useMemo(() => traces.map((trace): FigureTrace => ({ ...trace })), [traces]);
  const showlegend = traces.length > 1;
  const layout = useMemo(
    () => ({
      margin: { l: 50, r: 10, t: 10, b: 40 },
      xaxis: { title: { text: xTitle ?? '' } },
      yaxis: { title: { text: yTitle ?? '' } },
      showlegend,
      uirevision: 'keep', // keep the user's zoom while live data arrives
    }),
    [xTitle, yTitle, showlegend],
  );
  return <LazyFigure name={name} title={name} data={data} layout={layout} height={height} testId={testId} csv={csv} />;
}
