// @vitest-environment jsdom
/**
 * The run page going from one run to the next: the page stays mounted and the live query keeps the
 * old run while the new one loads, so the insight controls are keyed by run id. Without the key, B
 * showed A's "Starting 5 seeds…" and, once A's repeat ended, a compare link of B with A's repeats.
 */
import { act, render, screen, waitFor } from '@testing-library/react';
import { expect, it, vi } from 'vitest';
import type { ExperimentId, RunId } from '../../../domain/ids';

let finishRepeat: (value: unknown) => void = () => undefined;
vi.mock('../../../services/page', async (original) => ({
  ...((await original()) as object),
  insights: {
    repeatRun: () => new Promise((resolve) => (finishRepeat = resolve)),
    verifyRun: () => new Promise(() => undefined),
  },
}));

it('should not carry a repeat of run A over to run B', async () => {
  const { tracking } = await import('../../../services/page');
  const { RunPage } = await import('../RunPage');
  const experimentId = '0' as ExperimentId;
  const make = async (name: string): Promise<RunId> => {
    const run = await tracking.createRun({ experimentId, runName: name, tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' } });
    await tracking.logParams({ seed: 42, epochs: 10 }, { runId: run.runId });
    tracking.logMetric('test_accuracy', 0.9, { runId: run.runId });
    await tracking.endRun('FINISHED', { runId: run.runId });
    await tracking.flush();
    return run.runId;
  };
  const a = await make('run-A');
  const b = await make('run-B');
  const view = render(<RunPage experimentId={experimentId} runId={a} />);
  const start = await screen.findByTestId('repeat.start', {}, { timeout: 10_000 });
  await act(async () => start.click());
  expect(screen.getByTestId('repeat.status').textContent).toBe('Starting 5 seeds…');

  view.rerender(<RunPage experimentId={experimentId} runId={b} />);
  await waitFor(() => expect(screen.getByTestId('run.title').textContent).toBe('run-B'), { timeout: 10_000 });
  expect(screen.getByTestId('repeat.status').textContent).toBe('');
  expect((screen.getByTestId('repeat.start') as HTMLButtonElement).disabled).toBe(false);
  expect((screen.getByTestId('run.verify') as HTMLButtonElement).disabled).toBe(false);

  await act(async () => finishRepeat({ parentRunId: 'P', runIds: ['c1', 'c2'], seeds: [43, 44] }));
  expect(screen.queryByTestId('repeat.compare')).toBeNull();
  view.unmount();
}, 60_000);
