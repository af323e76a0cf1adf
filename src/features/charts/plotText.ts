/**
 * Pure helpers for Plotly traces. Plotly reads a subset of HTML in names and hover text, so every
 * user-supplied string goes through plotText(), which makes it display literally.
 */
export function plotText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Non-finite values are stored as logged but drawn as gaps (MLflow's normalizeChartValue). */
export function chartValue(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
}

export interface PlotTrace {
  type: 'scattergl' | 'scatter';
  mode: 'lines' | 'lines+markers';
  name: string;
  x: number[];
  y: Array<number | null>;
  hovertemplate: string;
}

/** Line traces with gaps for non-finite values; markers when a series is short enough to see points. */
export function lineTraces(series: readonly LineSeries[]): PlotTrace[] {
  return series.map((s) => {
    const x = Array.from(s.x);
    const y = Array.from(s.y, chartValue);
    return {
      type: x.length > 5000 ? 'scattergl' : 'scatter',
      mode: x.length <= 50 ? 'lines+markers' : 'lines',
      name: plotText(s.name),
      x,
      y,
      // The name comes from fullData so a `%{…}` in it is shown, not substituted.
      hovertemplate: '%{fullData.name}<br>step %{x}<br>%{y}<extra></extra>',
    };
  });
}

/** Sorts a history by step for drawing (histories are stored in append order). */
export function sortByStep(steps: ArrayLike<number>, values: ArrayLike<number>): { x: Float64Array; y: Float64Array } {
  const order = Array.from({ length: steps.length }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < steps.length; i++) if ((steps[i] as number) < (steps[i - 1] as number)) sorted = false;
  if (!sorted) order.sort((a, b) => (steps[a] as number) - (steps[b] as number));
  const x = new Float64Array(order.length);
  const y = new Float64Array(order.length);
  order.forEach((j, i) => {
    x[i] = steps[j] as number;
    y[i] = values[j] as number;
  });
  return { x, y };
}
