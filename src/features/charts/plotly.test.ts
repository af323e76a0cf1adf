// @vitest-environment jsdom
import { expect, it, vi } from 'vitest';

it('should load the partial Plotly bundle with exactly the trace types of FigureTrace', async () => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null); // jsdom has no canvas
  const { default: Plotly } = await import('./plotly');
  expect(typeof Plotly.react).toBe('function');
  const schema = (Plotly as unknown as { PlotSchema: { get(): { traces: Record<string, unknown> } } }).PlotSchema.get();
  expect(Object.keys(schema.traces).sort()).toEqual(['bar', 'box', 'contour', 'heatmap', 'parcoords', 'scatter', 'scattergl']);
});
