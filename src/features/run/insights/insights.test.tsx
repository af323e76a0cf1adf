// @vitest-environment jsdom
/**
 * The coach panel, Verify and Repeat with seeds with the services stubbed: what each shows, which
 * params a suggested re-run trains with, and the states of a check and of a repeat.
 */
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Finding } from '../../../domain/coach/coach';
import type { Run } from '../../../domain/tracking/types';
import { makeRun } from '../../../test/makeRun';
import { CoachPanel } from './CoachPanel';
import { RepeatControl } from './RepeatControl';
import { ReproducedBadge } from './ReproducedBadge';
import { VerifyButton } from './VerifyButton';

const start = vi.fn();
const verifyRun = vi.fn();
const repeatRun = vi.fn();
const reportError = vi.fn();
let findings: Finding[] | undefined = [];
vi.mock('./useCoachFindings', () => ({ useCoachFindings: () => findings }));
vi.mock('../../train/hooks/useStartTraining', () => ({ useStartTraining: () => ({ state: { phase: 'idle' }, start }) }));
vi.mock('../../../services/page', () => ({
  insights: { verifyRun: (...args: unknown[]) => verifyRun(...args), repeatRun: (...args: unknown[]) => repeatRun(...args) },
  reads: { runWithChildren: async () => ({ parent: null, children: [{ status: 'FINISHED' }, { status: 'RUNNING' }] }) },
}));
vi.mock('../../../shared/notifications', () => ({ reportError: (...args: unknown[]) => reportError(...args) }));
// What the service says is under way, by run id (the real maps fill only when it trains).
const underWay: { verify: Map<string, { startedId: string | null }>; repeat: Map<string, { startedId: string | null; seeds: number }> } = { verify: new Map(), repeat: new Map() };
vi.mock('../../../services/insights/insightService', async (original) => ({
  ...((await original()) as object),
  verifyUnderWay: (id: string) => underWay.verify.get(id),
  repeatUnderWay: (id: string) => underWay.repeat.get(id),
}));

afterEach(() => {
  cleanup();
  for (const mock of [start, verifyRun, repeatRun, reportError]) mock.mockReset();
  findings = [];
  underWay.verify.clear();
  underWay.repeat.clear();
});

const SEARCH_PARENT_TAGS = { ...{ 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'mlp' }, 'trainyard.search.algorithm': 'grid', 'trainyard.search.best_run_id': 'best1' };

const WINE_TAGS = { 'trainyard.recipe': 'wine_quality', 'trainyard.entry_point': 'mlp' };

function wine(overrides: Partial<Parameters<typeof makeRun>[0]> = {}): Run {
  return makeRun({
    id: 'run1',
    params: { hidden_layers: '64,64', epochs: '60', swa_start_epoch: '20', validation_split: '0.2', seed: '42', train_size: '1199' },
    tags: WINE_TAGS,
    metrics: { test_rmse: 0.6 },
    ...overrides,
  });
}

const OVERFITTING: Finding = {
  finding: 'overfitting',
  fromEpoch: 11,
  evidence: 'The validation loss has risen for 48 epochs since epoch 11.',
  suggestion: { text: 'Re-run with 12 epochs, stopping where the validation loss was lowest (epoch 11).', params: { epochs: 12 } },
};
const HEALTHY: Finding = { finding: 'healthy', fromEpoch: null, evidence: 'Training looks healthy.', suggestion: null };

describe('CoachPanel', () => {
  it('should show each finding with its severity in words and re-run with the change and the bounded param moved', () => {
    findings = [OVERFITTING, HEALTHY];
    render(<CoachPanel run={wine()} />);
    const [first, second] = screen.getAllByTestId('coach.finding');
    expect(first?.dataset.finding).toBe('overfitting');
    expect(first?.textContent).toContain('Problem');
    expect(first?.textContent).toContain('Overfitting from epoch 11');
    expect(second?.textContent).toContain('OK');
    expect(screen.getAllByTestId('coach.rerun')).toHaveLength(1);
    const button = screen.getByTestId('coach.rerun');
    expect(button.textContent).toBe('Re-run with epochs 12, swa start epoch 12');
    fireEvent.click(button);
    expect(start).toHaveBeenCalledWith({
      recipe: 'wine_quality',
      entryPoint: 'mlp',
      params: { hidden_layers: '64,64', epochs: '12', swa_start_epoch: '12', validation_split: '0.2', seed: '42' },
      experimentId: '0',
      rerunOf: 'run1',
    });
  });

  it('should show the findings without a button for a run no recipe trained, and while the run trains', () => {
    findings = [OVERFITTING];
    render(<CoachPanel run={wine({ tags: {} })} />);
    expect(screen.getByTestId('coach.finding')).toBeTruthy();
    expect(screen.queryByTestId('coach.rerun')).toBeNull();
    cleanup();
    render(<CoachPanel run={wine({ status: 'RUNNING' })} />);
    expect(screen.queryByTestId('coach.rerun')).toBeNull();
    expect(screen.getByTestId('coach').textContent).toContain('Still training');
  });

  it('should say why it is silent on a finished run with short curves, and show nothing while one trains', () => {
    const short = (status: Run['status']) => {
      const run = wine({ status });
      run.metrics.loss = { key: 'loss', latest: { value: 1, step: 1, timestamp: 0 }, min: 1, max: 1, count: 2 };
      return run;
    };
    render(<CoachPanel run={short('FINISHED')} />);
    expect(screen.getByTestId('coach.too-short').textContent).toContain('at least 3 epochs');
    cleanup();
    render(<CoachPanel run={short('RUNNING')} />);
    expect(screen.queryByTestId('coach')).toBeNull();
  });

  it('should name the curves it reads when the run logged none of them, instead of calling them too short', () => {
    const run = wine({ tags: {} });
    run.metrics.objective = { key: 'objective', latest: { value: 1, step: 40, timestamp: 0 }, min: 1, max: 1, count: 40 };
    render(<CoachPanel run={run} />);
    expect(screen.queryByTestId('coach.too-short')).toBeNull();
    expect(screen.getByTestId('coach.no-curves').textContent).toBe(
      'The coach reads the training curve under one of these names: loss, train_loss, training_loss (or mse, mae, acc, accuracy), with its validation twin val_loss, validation_loss or valid_loss. This run logged none of them (its curves: objective), so there is nothing to read.',
    );
  });

  it('should say nothing on a search parent, whose only curve is its best so far', () => {
    const run = wine({ tags: SEARCH_PARENT_TAGS });
    run.metrics.best_test_rmse = { key: 'best_test_rmse', latest: { value: 1, step: 1, timestamp: 0 }, min: 1, max: 1, count: 2 };
    render(<CoachPanel run={run} />);
    expect(screen.queryByTestId('coach')).toBeNull();
  });
});

describe('VerifyButton and ReproducedBadge', () => {
  it('should only offer Verify and Repeat on finished recipe runs that are not deleted and not a search parent', () => {
    for (const run of [wine({ status: 'FAILED' }), wine({ tags: {} }), { ...wine(), lifecycleStage: 'deleted' as const }, wine({ tags: SEARCH_PARENT_TAGS })]) {
      render(
        <>
          <VerifyButton run={run} />
          <RepeatControl run={run} />
        </>,
      );
      expect(screen.queryByTestId('run.verify')).toBeNull();
      expect(screen.queryByTestId('repeat')).toBeNull();
      cleanup();
    }
    render(<VerifyButton run={wine()} />);
    expect(screen.getByTestId('run.verify')).toBeTruthy();
  });

  it('should show a check still under way when the page comes back to the run, and join it instead of starting another', async () => {
    underWay.verify.set('run1', { startedId: 'rerun9' });
    let finish!: (value: unknown) => void;
    verifyRun.mockImplementation((_id: string, options: { onStarted: (id: string) => void }) => {
      options.onStarted('rerun9');
      return new Promise((resolve) => (finish = resolve));
    });
    render(<VerifyButton run={wine()} />);
    expect((screen.getByTestId('run.verify') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole('link', { name: 'watch the re-run' }).getAttribute('href')).toBe('#/experiments/0/runs/rerun9');
    expect(verifyRun).toHaveBeenCalledTimes(1);
    await act(async () => finish({ verdict: 'differs' }));
    expect(screen.getByTestId('run.verify.status').textContent).toBe('Done: Did not reproduce (see the badge under the title).');
  });

  it('should show the check under way with a link to the re-run, and report a failure', async () => {
    let finish!: (value: unknown) => void;
    verifyRun.mockImplementation((_id: string, options: { onStarted: (id: string) => void }) => {
      options.onStarted('rerun9');
      return new Promise((resolve) => (finish = resolve));
    });
    render(<VerifyButton run={wine()} />);
    fireEvent.click(screen.getByTestId('run.verify'));
    expect(screen.getByTestId('run.verify.status').textContent).toContain('Re-training to check');
    expect(screen.getByRole('link', { name: 'watch the re-run' }).getAttribute('href')).toBe('#/experiments/0/runs/rerun9');
    // One live region, there from the start, ends with the verdict and points at the badge.
    await act(async () => finish({ verdict: 'exact' }));
    expect(screen.getByTestId('run.verify.status').textContent).toBe('Done: Reproduced exactly (see the badge under the title).');

    verifyRun.mockRejectedValue(new Error('the re-run failed'));
    await act(async () => fireEvent.click(screen.getByTestId('run.verify')));
    expect(reportError).toHaveBeenCalledWith('verify the run', expect.any(Error));
  });

  it('should badge the verdict from the tags, in words, as a plain element (the live region is beside the button)', () => {
    render(<ReproducedBadge run={wine({ tags: { ...WINE_TAGS, 'trainyard.reproduced': 'not comparable' } })} />);
    const badge = screen.getByTestId('run.reproduced');
    expect(badge.getAttribute('role')).toBeNull();
    expect(badge.dataset.verdict).toBe('not comparable');
    expect(badge.textContent).toContain('Not comparable');
  });
});

describe('RepeatControl', () => {
  it('should check the seed count, repeat, show progress, then link to the compare view of all the runs', async () => {
    let finish!: (value: unknown) => void;
    repeatRun.mockImplementation((_id: string, options: { onStarted: (id: string) => void }) => {
      options.onStarted('parent1');
      return new Promise((resolve) => (finish = resolve));
    });
    render(<RepeatControl run={wine()} />);
    const seeds = screen.getByLabelText('Number of seeds');
    expect((seeds as HTMLInputElement).value).toBe('5');
    fireEvent.change(seeds, { target: { value: '0' } });
    expect((screen.getByTestId('repeat.start') as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(seeds, { target: { value: '2' } });
    expect(screen.getByTestId('repeat.start').textContent).toBe('Repeat with 2 seeds');
    fireEvent.click(screen.getByTestId('repeat.start'));
    expect(repeatRun).toHaveBeenCalledWith('run1', expect.objectContaining({ seeds: 2 }));
    expect(await screen.findByText(/1 of 2 done/)).toBeTruthy();
    await act(async () => finish({ parentRunId: 'parent1', runIds: ['a', 'b'], seeds: [43, 44] }));
    const link = screen.getByTestId('repeat.compare');
    expect(link.textContent).toBe('Compare the 3 runs');
    expect(link.getAttribute('href')).toContain('run1');
    expect(screen.getByTestId('repeat.status').textContent).toMatch(/^Done: 2 repeats trained\. Compare the 3 runs/);
  });

  it('should say plainly when no repeat trained, and one repeat in the singular', async () => {
    repeatRun.mockResolvedValueOnce({ parentRunId: 'parent1', runIds: [], seeds: [] });
    render(<RepeatControl run={wine()} />);
    await act(async () => fireEvent.click(screen.getByTestId('repeat.start')));
    expect(screen.getByTestId('repeat.status').textContent).toBe('Done: no repeat trained. open the repeat');
    expect(screen.queryByTestId('repeat.compare')).toBeNull();
    cleanup();
    repeatRun.mockResolvedValueOnce({ parentRunId: 'parent1', runIds: ['a'], seeds: [43] });
    render(<RepeatControl run={wine()} />);
    await act(async () => fireEvent.click(screen.getByTestId('repeat.start')));
    expect(screen.getByTestId('repeat.status').textContent).toMatch(/^Done: 1 repeat trained\. Compare the 2 runs/);
  });

  it('should show a repeat still under way when the page comes back to the run, not offer a second one', async () => {
    underWay.repeat.set('run1', { startedId: 'parent1', seeds: 4 });
    repeatRun.mockImplementation(() => new Promise(() => undefined));
    render(<RepeatControl run={wine()} />);
    expect((screen.getByTestId('repeat.start') as HTMLButtonElement).disabled).toBe(true);
    expect(await screen.findByText(/of 4 done/)).toBeTruthy();
    expect(repeatRun).toHaveBeenCalledWith('run1', expect.objectContaining({ seeds: 4 }));
  });
});
