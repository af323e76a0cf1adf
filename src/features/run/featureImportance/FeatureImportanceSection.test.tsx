// @vitest-environment jsdom
/**
 * FeatureImportanceSection against the real store (fake IndexedDB): no section without the file,
 * the chart and explanation with it, the file's problem in place of the chart, and a file logged
 * while the page is open. The chart is stubbed (drawing is Figure's business).
 */
import { Blob as NodeBlob } from 'node:buffer';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tracking } from '../../../services/page';
import type { RunId } from '../../../domain/ids';
import type { FigureProps } from '../../charts/figure.types';
import { FeatureImportanceSection } from './FeatureImportanceSection';

vi.mock('../../charts/LazyPlot', () => ({
  LazyFigure: (props: FigureProps & { name: string }) => (
    <div data-testid={props.testId} data-points={props.pointsShown} data-ticks={JSON.stringify((props.layout?.yaxis as { ticktext: string[] }).ticktext)} />
  ),
}));

// fake-indexeddb can clone Node's Blob but not jsdom's (see EvaluationViews.test.tsx).
globalThis.Blob = NodeBlob as unknown as typeof Blob;

afterEach(async () => {
  cleanup();
  if (tracking.activeRunId()) await tracking.endRun();
});

async function runWith(files: Record<string, string>): Promise<RunId> {
  const run = await tracking.startRun({ runName: 'forest' });
  for (const [path, text] of Object.entries(files)) await tracking.logText(text, path, { runId: run.runId });
  await tracking.endRun();
  return run.runId;
}

const GOOD = JSON.stringify({ method: 'mean_decrease_in_impurity', features: ['pH', 'alcohol', 'density'], importances: [0.2, 0.7, 0.1] });

describe('FeatureImportanceSection', () => {
  it('should show nothing for a run without feature_importances.json', async () => {
    const runId = await runWith({ 'predictions.csv': 'y_true,y_pred\n1,1\n' });
    const { container } = render(<FeatureImportanceSection runId={runId} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(container.innerHTML).toBe('');
  });

  it('should draw the bars, most important first, beside the explanation', async () => {
    const runId = await runWith({ 'feature_importances.json': GOOD });
    render(<FeatureImportanceSection runId={runId} />);
    const chart = await screen.findByTestId('feature-importance.chart');
    expect(chart.dataset.ticks).toBe(JSON.stringify(['alcohol', 'pH', 'density']));
    expect(screen.getByRole('heading', { name: 'Feature importance' })).toBeTruthy();
    const help = screen.getByTestId('feature-importance.help');
    expect(help.textContent).toContain('Not cause and effect');
    expect(help.textContent).toContain('training rows');
    expect(screen.getByText('All 3 features, the most important on top.')).toBeTruthy();
  });

  it('should name the file and the problem instead of a chart, and recover when the file is logged again', async () => {
    const started = await tracking.startRun({ runName: 'forest, still training' });
    await tracking.logText('{"method":"mean_decrease_in_impurity","features":["a","b"],"importances":[1]}', 'feature_importances.json');
    render(<FeatureImportanceSection runId={started.runId} />);
    const error = await screen.findByTestId('feature-importance.error');
    expect(error.textContent).toBe('feature_importances.json has 2 features but 1 importance: there must be one importance per feature');
    expect(error.getAttribute('role')).toBe('alert');
    expect(screen.queryByTestId('feature-importance.chart')).toBeNull();

    await act(async () => {
      await tracking.logText(GOOD, 'feature_importances.json', { runId: started.runId });
    });
    expect((await screen.findByTestId('feature-importance.chart')).dataset.points).toBe('3');
    expect(screen.queryByTestId('feature-importance.error')).toBeNull();
  });

  it('should say when no tree split instead of drawing empty bars', async () => {
    const runId = await runWith({ 'feature_importances.json': JSON.stringify({ method: 'mean_decrease_in_impurity', features: ['a', 'b'], importances: [0, 0] }) });
    render(<FeatureImportanceSection runId={runId} />);
    expect((await screen.findByTestId('feature-importance.all-zero')).textContent).toMatch(/no tree made a split/);
    expect(screen.queryByTestId('feature-importance.chart')).toBeNull();
    expect(screen.getByTestId('feature-importance.help')).toBeTruthy();
  });
});
