import { lazy, Suspense } from 'react';
import type { PlotlyChartProps } from './PlotlyChart';
import { SectionErrorBoundary } from '../../shared/ui/SectionErrorBoundary';

const PlotlyChart = lazy(() => import('./PlotlyChart'));

/** Plotly on demand, inside its own error boundary (MLflow's LazyPlot). */
export function LazyPlot(props: PlotlyChartProps & { name: string }) {
  return (
    <SectionErrorBoundary name={props.name}>
      <Suspense fallback={<div className="plot-loading">Loading chart…</div>}>
        <PlotlyChart {...props} />
      </Suspense>
    </SectionErrorBoundary>
  );
}
