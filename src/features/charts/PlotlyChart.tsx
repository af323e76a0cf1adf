/**
 * The one module that imports Plotly; it is loaded lazily through LazyPlot so Plotly stays out of
 * the first-paint bundle.
 */
import Plotly from 'plotly.js-dist-min';
import { useEffect, useRef } from 'react';
import type { PlotTrace } from './charts.common';

export interface PlotlyChartProps {
  traces: PlotTrace[];
  xTitle?: string;
  yTitle?: string;
  height?: number;
  testId?: string;
}

export default function PlotlyChart({ traces, xTitle, yTitle, height = 260, testId }: PlotlyChartProps) {
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    void Plotly.react(
      el,
      traces as Plotly.Data[],
      {
        height,
        margin: { l: 50, r: 10, t: 10, b: 40 },
        xaxis: { title: { text: xTitle ?? '' } },
        yaxis: { title: { text: yTitle ?? '' } },
        showlegend: traces.length > 1,
        uirevision: 'keep', // keep the user's zoom while live data arrives
      },
      { responsive: true, displaylogo: false },
    );
  }, [traces, xTitle, yTitle, height]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) Plotly.purge(el);
    };
  }, []);

  return <div ref={ref} className="plot" data-testid={testId} data-points={traces.reduce((n, t) => n + t.x.length, 0)} />;
}
