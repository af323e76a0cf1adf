/**
 * The only way into the partial Plotly bundle (./plotly.ts): a dynamic import, so Plotly is a lazy
 * chunk fetched the first time a chart is shown. One promise for the page's lifetime: React's
 * use() needs the same promise on every render, and a failed load stays failed (like React.lazy),
 * so every chart's error boundary shows the error once instead of re-rendering in a loop.
 */
import type { PlotlyApi } from './plotly';

let loading: Promise<PlotlyApi> | null = null;

export function loadPlotly(): Promise<PlotlyApi> {
  loading ??= import('./plotly').then((module) => module.default);
  return loading;
}
