// @vitest-environment jsdom
/**
 * EvaluationViews against the real store (fake IndexedDB): which run it shows, what it says when a
 * run has nothing to show, and that it follows artifacts logged after it rendered. Charts are
 * stubbed (their drawing is Figure's business); their props are checked through data attributes.
 */
import { Blob as NodeBlob } from 'node:buffer';
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tracking } from '../../services/page';
import { classificationPredictionsCsv, regressionPredictionsCsv } from '../../domain/compare/evaluation';
import type { Run } from '../../domain/tracking/types';
import type { FigureProps } from '../charts/figure.types';
import { EvaluationViews } from './EvaluationViews';

vi.mock('../charts/LazyPlot', () => ({
  LazyFigure: (props: FigureProps & { name: string }) => (
    <div data-testid={props.testId} data-points={props.pointsShown} data-names={JSON.stringify(props.data.map((t) => t.name ?? null))} />
  ),
}));

// fake-indexeddb clones what it stores; it can clone Node's Blob but not jsdom's, which comes back
// as an empty object. The browser stores its own Blobs fine.
globalThis.Blob = NodeBlob as unknown as typeof Blob;

afterEach(async () => {
  cleanup();
  if (tracking.activeRunId()) await tracking.endRun();
});

async function runWith(name: string, files: Record<string, string>): Promise<Run> {
  const run = await tracking.startRun({ runName: name });
  for (const [path, text] of Object.entries(files)) await tracking.logText(text, path, { runId: run.runId });
  await tracking.endRun();
  return tracking.getRun(run.runId);
}

const IRIS_LIKE = classificationPredictionsCsv({
  yTrue: [0, 1, 2, 1],
  predicted: [0, 1, 2, 2],
  probabilities: [0.9, 0.05, 0.05, 0.1, 0.6, 0.3, 0.1, 0.2, 0.7, 0.1, 0.4, 0.5],
  labels: ['setosa', '<b>versicolor</b>', 'virginica'],
});

describe('EvaluationViews', () => {
  it('should show the first run with evaluation artifacts, and switch runs with the select', async () => {
    const empty = await runWith('nothing logged', {});
    const classifier = await runWith('classifier', { 'predictions.csv': IRIS_LIKE });
    const regressor = await runWith('regressor', { 'predictions.csv': regressionPredictionsCsv([1, 2, 3], [1.1, 2.2, 2.7]) });
    render(<EvaluationViews runs={[empty, classifier, regressor]} />);

    const select = await screen.findByTestId<HTMLSelectElement>('evaluation.run');
    expect(await screen.findByTestId('evaluation.confusion')).toHaveProperty('dataset.points', '9');
    expect(select.value).toBe(classifier.runId);
    expect(within(select).getByText('nothing logged (no evaluation)')).toBeTruthy();
    expect(screen.getByTestId('evaluation.roc').dataset.names).toBe(
      JSON.stringify(['setosa (AUC = 1.000)', '&lt;b&gt;versicolor&lt;/b&gt; (AUC = 1.000)', 'virginica (AUC = 1.000)', 'chance (AUC = 0.500)']),
    );
    expect(screen.getByTestId('evaluation.per-class').dataset.points).toBe('9');
    // The label is text in the table, not markup.
    expect(screen.getAllByTestId('evaluation.per-class.row')[1]?.querySelector('th')?.textContent).toBe('<b>versicolor</b>');

    fireEvent.change(select, { target: { value: regressor.runId } });
    expect((await screen.findByTestId('evaluation.predicted-vs-actual')).dataset.points).toBe('3');
    expect(screen.getByTestId('evaluation.residuals').dataset.points).toBe('3');
    expect(screen.queryByTestId('evaluation.confusion')).toBeNull();

    fireEvent.change(select, { target: { value: empty.runId } });
    expect((await screen.findByTestId('evaluation.empty')).textContent).toMatch(/no evaluation artifacts/);
  });

  it('should draw the views once a running run logs its evaluation, and show a malformed file’s error', async () => {
    const started = await tracking.startRun({ runName: 'still training' });
    const run = await tracking.getRun(started.runId);
    render(<EvaluationViews runs={[run]} />);
    expect(await screen.findByTestId('evaluation.empty')).toBeTruthy();
    expect(screen.queryByTestId('evaluation.run')).toBeNull();

    await act(async () => {
      await tracking.logText('true \\ predicted,a,b\na,1,x\nb,0,1\n', 'confusion_matrix.csv', { runId: run.runId });
    });
    const message = await screen.findByTestId('evaluation.confusion.message');
    expect(message.textContent).toBe('confusion_matrix.csv, line 2: the count for predicted "b" is "x", not a finite number');
    expect(screen.getByTestId('evaluation.roc.message').textContent).toMatch(/no predictions\.csv/);
  });

  it('should explain each view in a details element', async () => {
    const classifier = await runWith('classifier', { 'predictions.csv': IRIS_LIKE });
    render(<EvaluationViews runs={[classifier]} />);
    const help = await screen.findByTestId('evaluation.per-class.help');
    expect(help.tagName).toBe('DETAILS');
    expect(help.textContent).toMatch(/precision = TP \/ \(TP \+ FP\)/);
  });
});
