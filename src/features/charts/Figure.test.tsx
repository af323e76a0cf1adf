// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FigureProps, FigureTrace } from './figure.types';
import { LazyFigure } from './LazyPlot';

/** A stand-in for the partial Plotly bundle (jsdom has no WebGL): records calls, keeps listeners. */
const plotly = vi.hoisted(() => {
  const listeners = new Map<string, (event: unknown) => void>();
  const api = {
    listeners,
    react: vi.fn((el: HTMLElement & Record<string, unknown>, ..._rest: unknown[]) => {
      el.on = (name: string, fn: (event: unknown) => void) => listeners.set(name, fn);
      el.removeAllListeners = (name: string) => listeners.delete(name);
      return Promise.resolve(el);
    }),
    purge: vi.fn(),
    downloadImage: vi.fn((..._args: unknown[]) => Promise.resolve('')),
    Plots: { resize: vi.fn() },
  };
  return api;
});
vi.mock('./plotly', () => ({ default: plotly }));

const DATA: FigureTrace[] = [
  { type: 'scatter', x: [0, 1, 2], y: [3, 2, 1], customdata: ['run-a', 'run-a', 'run-a'] },
  { type: 'scattergl', x: new Float64Array([0, 1]), y: new Float64Array([5, 4]) },
];

function show(props: Partial<FigureProps> = {}) {
  const all: FigureProps & { name: string } = { name: 'Loss chart', title: 'Loss: train/val', data: DATA, testId: 'fig', ...props };
  const view = render(<LazyFigure {...all} />);
  return { ...view, rerender: (next: Partial<FigureProps>) => view.rerender(<LazyFigure {...all} {...next} />) };
}

beforeEach(() => {
  vi.clearAllMocks();
  plotly.listeners.clear();
});
afterEach(cleanup);

describe('Figure', () => {
  it('should show "Loading chart…" until Plotly is loaded, then draw with the app config', async () => {
    show({ layout: { xaxis: { title: { text: 'step' } }, margin: { t: 40 } }, height: 300 });
    expect(screen.getByText('Loading chart…')).toBeTruthy();
    const plot = await screen.findByTestId('fig');
    expect(plot.getAttribute('data-points')).toBe('5');
    expect(screen.getByRole('group', { name: 'Loss: train/val' }).contains(plot)).toBe(true);
    expect(plotly.react).toHaveBeenCalledTimes(1);
    const [el, data, layout, config] = plotly.react.mock.calls[0] as unknown as [HTMLElement, unknown, Record<string, unknown>, Record<string, unknown>];
    expect(el).toBe(plot);
    expect(data).toBe(DATA);
    expect(layout).toEqual({
      xaxis: { zeroline: false, title: { text: 'step' } },
      margin: { l: 50, r: 10, t: 40, b: 40 },
      height: 300,
      uirevision: 'Loss: train/val',
    });
    expect(config).toMatchObject({ responsive: true, displaylogo: false, showSendToCloud: false });
  });

  it('should use pointsShown for data-points when given', async () => {
    show({ pointsShown: 1234 });
    expect((await screen.findByTestId('fig')).getAttribute('data-points')).toBe('1234');
  });

  it('should export PNG and SVG through Plotly under the sanitised title, and offer CSV only with csv', async () => {
    show();
    await screen.findByTestId('fig');
    expect(screen.queryByTestId('fig.export-csv')).toBeNull();
    fireEvent.click(screen.getByTestId('fig.export-png'));
    fireEvent.click(screen.getByTestId('fig.export-svg'));
    expect(plotly.downloadImage.mock.calls.map((call) => call[1])).toEqual([
      { format: 'png', filename: 'Loss_train_val', width: null, height: null },
      { format: 'svg', filename: 'Loss_train_val', width: null, height: null },
    ]);
    expect(screen.getByRole('button', { name: 'PNG' })).toBe(screen.getByTestId('fig.export-png'));
  });

  it('should download the CSV as <title>.csv', async () => {
    const names: string[] = [];
    const { createObjectURL, revokeObjectURL } = URL;
    Object.assign(URL, { createObjectURL: () => 'blob:csv', revokeObjectURL: () => undefined });
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    try {
      const csv = vi.fn(() => 'step,value\r\n0,1\r\n');
      show({ csv });
      await screen.findByTestId('fig');
      expect(csv).not.toHaveBeenCalled(); // built on demand only
      fireEvent.click(screen.getByTestId('fig.export-csv'));
      expect(csv).toHaveBeenCalledTimes(1);
      expect(names).toEqual(['Loss_train_val.csv']);
    } finally {
      click.mockRestore();
      Object.assign(URL, { createObjectURL, revokeObjectURL });
    }
  });

  it('should pass the clicked point customdata to the latest onPointClick, and ignore points without', async () => {
    const first = vi.fn();
    const latest = vi.fn();
    const { rerender } = show({ onPointClick: first });
    await screen.findByTestId('fig');
    rerender({ onPointClick: latest });
    const click = plotly.listeners.get('plotly_click');
    act(() => {
      click?.({ points: [{ customdata: 'run-b' }] });
      click?.({ points: [{ x: 1 }] });
    });
    expect(first).not.toHaveBeenCalled();
    expect(latest.mock.calls).toEqual([['run-b']]);
  });

  it('should redraw with the same uirevision when the data changes, and purge on unmount', async () => {
    const { rerender, unmount } = show();
    const plot = await screen.findByTestId('fig');
    rerender({ data: [{ type: 'scatter', x: [0, 1, 2, 3], y: [1, 1, 1, 1] }] });
    expect(plot.getAttribute('data-points')).toBe('4');
    expect(plotly.react).toHaveBeenCalledTimes(2);
    const revisions = plotly.react.mock.calls.map((call) => (call[2] as { uirevision: unknown }).uirevision);
    expect(revisions).toEqual(['Loss: train/val', 'Loss: train/val']);
    expect(plotly.purge).not.toHaveBeenCalled();
    unmount();
    expect(plotly.purge).toHaveBeenCalledWith(plot);
  });

  it('should show a failed draw in the chart error boundary', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    plotly.react.mockImplementationOnce((el) => {
      el.on = () => undefined;
      el.removeAllListeners = () => undefined;
      return Promise.reject(new Error('bad trace'));
    });
    show();
    expect((await screen.findByRole('alert')).textContent).toBe('Loss chart could not be shown: bad trace');
    spy.mockRestore();
  });
});
