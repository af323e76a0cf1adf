// @vitest-environment jsdom
/**
 * The panel's repeat flow with the service stubbed: one repeat after the other, the progress line
 * with the repeat's parent, the repeats added to the comparison, and a failure reported with the
 * run's name while the next run is still repeated. Charts are stubbed (Figure draws them).
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { makeRun } from '../../../test/makeRun';
import type { FigureProps } from '../../charts/figure.types';
import { GroupComparisonPanel } from './GroupComparisonPanel';

const repeatRun = vi.fn();
const reportError = vi.fn();
vi.mock('../../../services/page', () => ({ insights: { repeatRun: (...args: unknown[]) => repeatRun(...args) } }));
vi.mock('../../../shared/notifications', () => ({ reportError: (...args: unknown[]) => reportError(...args) }));
vi.mock('../../charts/LazyPlot', () => ({
  LazyFigure: (props: FigureProps & { name: string }) => <div data-testid={props.testId} data-points={props.pointsShown} />,
}));

afterEach(() => {
  cleanup();
  repeatRun.mockReset();
  reportError.mockReset();
});

function iris(id: string, lr: string, accuracy: number): Run {
  return makeRun({
    id,
    name: `run-${id}`,
    // One seed per run: runs sharing a seed are the same training and count once.
    params: { epochs: '5', learning_rate: lr, test_fraction: '0.25', seed: `${id.charCodeAt(0)}${id.slice(1)}` },
    tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' },
    metrics: { test_accuracy: accuracy },
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function renderPanel(runs: Run[], onAddRuns = vi.fn()) {
  render(<GroupComparisonPanel runs={runs} metricKeys={['test_accuracy']} defaultMetric="test_accuracy" groupColumns={[]} onAddRuns={onAddRuns} />);
  return onAddRuns;
}

describe('GroupComparisonPanel', () => {
  it('should repeat each single run in turn, show the progress and its parent, add the repeats, and report a failure by name', async () => {
    const first = deferred<{ parentRunId: RunId; runIds: RunId[]; seeds: number[] }>();
    const second = deferred<never>();
    repeatRun.mockImplementationOnce((_id: RunId, options: { onStarted: (id: RunId) => void }) => {
      options.onStarted('p1' as RunId);
      return first.promise;
    });
    repeatRun.mockImplementationOnce(() => second.promise);
    const onAddRuns = renderPanel([iris('a', '0.05', 0.9), iris('b', '0.5', 0.95)]);

    expect(screen.getByTestId('groups.verdict').textContent).toContain('has only 1 run');
    fireEvent.change(screen.getByTestId('groups.repeat-seeds'), { target: { value: '3' } });
    expect(screen.getByTestId('groups.repeat').textContent).toBe('Repeat each with 3 seeds');
    fireEvent.click(screen.getByTestId('groups.repeat'));

    expect(repeatRun).toHaveBeenCalledTimes(1);
    expect(repeatRun.mock.calls[0]?.[0]).toBe('a');
    expect((repeatRun.mock.calls[0]?.[1] as { seeds: number }).seeds).toBe(3);
    expect(screen.getByTestId('groups.repeat-progress').textContent).toContain('Repeating 1 of 2… (run-a with 3 seeds');
    expect(screen.getByTestId('groups.repeat-parent').getAttribute('href')).toBe('#/experiments/0/runs/p1');
    expect(screen.queryByTestId('groups.repeat')).toBeNull();

    await act(async () => first.resolve({ parentRunId: 'p1' as RunId, runIds: ['a1', 'a2', 'a3'] as RunId[], seeds: [2, 3, 4] }));
    expect(onAddRuns).toHaveBeenCalledWith(['a1', 'a2', 'a3']);
    expect(repeatRun.mock.calls[1]?.[0]).toBe('b');
    expect(screen.getByTestId('groups.repeat-progress').textContent).toContain('Repeating 2 of 2… (run-b');

    await act(async () => second.reject(new Error('the pool is gone')));
    expect(reportError).toHaveBeenCalledWith('repeat run-b with 3 seeds', expect.any(Error));
    expect(onAddRuns).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId('groups.repeat-progress')).toBeNull();
  });

  it('should refuse a number of seeds the service would refuse', () => {
    renderPanel([iris('a', '0.05', 0.9), iris('b', '0.5', 0.95)]);
    const button = screen.getByTestId('groups.repeat') as HTMLButtonElement;
    fireEvent.change(screen.getByTestId('groups.repeat-seeds'), { target: { value: '0' } });
    expect(button.disabled).toBe(true);
    expect(button.textContent).toBe('Repeat each with N seeds');
    fireEvent.change(screen.getByTestId('groups.repeat-seeds'), { target: { value: '51' } });
    expect(button.disabled).toBe(true);
  });

  it('should let the user choose A and B among three groups', () => {
    const runs = [iris('a', '0.01', 0.8), iris('b1', '0.05', 0.9), iris('b2', '0.05', 0.91), iris('c1', '0.5', 0.95), iris('c2', '0.5', 0.96)];
    renderPanel(runs);
    expect(screen.getByTestId('groups.verdict').textContent).toMatch(/^learning_rate=0\.5's test_accuracy is .* higher/);
    const a = screen.getByTestId('groups.a') as HTMLSelectElement;
    const option = [...a.options].find((o) => o.textContent?.startsWith('learning_rate=0.01'));
    fireEvent.change(a, { target: { value: option?.value } });
    expect(screen.getByTestId('groups.verdict').textContent).toContain('learning_rate=0.01 has only 1 run');
    // The single run of the new A can be repeated.
    expect(screen.getByTestId('groups.repeat').textContent).toBe('Repeat it with 5 seeds');
  });

  it('should keep the Metric select and the notes when nothing is left to compare (every run NaN in this metric)', () => {
    const nan = (id: string) => ({ ...iris(id, '0.05', Number.NaN), runName: id });
    render(
      <GroupComparisonPanel runs={[nan('x'), nan('y')]} metricKeys={['test_accuracy', 'loss']} defaultMetric="test_accuracy" groupColumns={[]} onAddRuns={vi.fn()} />,
    );
    expect(screen.getByTestId('groups.note').textContent).toBe('No run has a value of test_accuracy to compare.');
    expect(screen.getByTestId('groups.notes').textContent).toContain('x and y ended with test_accuracy not a number (NaN or infinite), left out.');
    const metric = screen.getByTestId('groups.metric') as HTMLSelectElement;
    expect([...metric.options].map((o) => o.value)).toEqual(['test_accuracy', 'loss']);
  });

  it('should explain n and std in visible words, and name the seed param a run from code needs', () => {
    renderPanel([iris('a', '0.05', 0.9), iris('a2', '0.05', 0.91), iris('b', '0.5', 0.95), iris('b2', '0.5', 0.96)]);
    expect(screen.getByText(/^How to read this:/).textContent).toMatch(/n is how many seeds a group has .*std \(standard deviation\) is how much its values vary/);
    cleanup();
    const code = (id: string, lr: string) => makeRun({ id, params: { lr }, metrics: { test_accuracy: 0.5 } });
    renderPanel([code('x', '0.1'), code('y', '0.2')]);
    expect(screen.getByTestId('groups.note').textContent).toContain('differ only in a param named seed');
  });
});
