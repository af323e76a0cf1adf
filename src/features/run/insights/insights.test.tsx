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

afterEach(() => {
  cleanup();
  for (const mock of [start, verifyRun, repeatRun, reportError]) mock.mockReset();
  findings = [];
});

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
});

describe('VerifyButton and ReproducedBadge', () => {
  it('should only offer Verify on finished recipe runs', () => {
    render(<VerifyButton run={wine({ status: 'FAILED' })} />);
    expect(screen.queryByTestId('run.verify')).toBeNull();
    render(<VerifyButton run={wine({ tags: {} })} />);
    expect(screen.queryByTestId('run.verify')).toBeNull();
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
    await act(async () => finish({ verdict: 'exact' }));
    expect(screen.queryByTestId('run.verify.status')).toBeNull();

    verifyRun.mockRejectedValue(new Error('the re-run failed'));
    await act(async () => fireEvent.click(screen.getByTestId('run.verify')));
    expect(reportError).toHaveBeenCalledWith('verify the run', expect.any(Error));
  });

  it('should badge the verdict from the tags, in words', () => {
    render(<ReproducedBadge run={wine({ tags: { ...WINE_TAGS, 'trainyard.reproduced': 'not comparable' } })} />);
    const badge = screen.getByTestId('run.reproduced');
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
  });
});
