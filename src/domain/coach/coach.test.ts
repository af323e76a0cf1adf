import { describe, expect, it } from 'vitest';
import { coachRun, SEVERITY, type CoachInput, type MetricPoint } from './coach';

const series = (n: number, f: (epoch: number) => number): MetricPoint[] => Array.from({ length: n }, (_, i) => ({ step: i, value: f(i) }));
const run = (histories: CoachInput['histories'], params: CoachInput['params'] = {}, extra: Partial<CoachInput> = {}): CoachInput => ({ histories, params, finalMetrics: {}, ...extra });

const plateau = (n: number, floor = 0.2): MetricPoint[] => series(n, (i) => floor + Math.exp(-i / 3));
const overfitVal = series(31, (i) => (i <= 12 ? 0.41 + (0.5 * (12 - i)) / 12 : 0.41 + 0.0055 * (i - 12)));
const PARAMS = { epochs: '30', learning_rate: '0.01', hidden_units: '64', validation_split: '0.2', batch_size: '32' };

/** One run per rule, and a few that must come out healthy or empty. */
const SCENARIOS: Record<string, CoachInput> = {
  healthy: run({ loss: plateau(30), val_loss: plateau(30, 0.25) }, PARAMS, { finalMetrics: { test_rmse: 0.5, test_baseline_rmse: 0.8 } }),
  divergence: run({ loss: series(10, (i) => (i >= 6 ? NaN : 1 - 0.1 * i)), val_loss: overfitVal }, PARAMS),
  overfitting: run({ loss: series(31, (i) => 0.2 + Math.exp(-i / 8)), val_loss: overfitVal }, PARAMS),
  underfitting: run({ loss: plateau(30, 0.65) }, PARAMS, { finalMetrics: { test_rmse: 0.8, test_baseline_rmse: 0.82 } }),
  notConverged: run({ loss: series(20, (i) => Math.exp(-i / 40)) }, { ...PARAMS, epochs: '20' }),
  slow: run({ loss: series(20, (i) => 1 - 0.01 * i) }, { ...PARAMS, learning_rate: '0.00001' }),
  classification: run({ acc: series(25, (i) => 0.95 - 0.6 * Math.exp(-i / 3)), val_acc: series(25, (i) => 0.9 - 0.6 * Math.exp(-i / 3)) }, PARAMS, {
    task: 'classification',
    finalMetrics: { test_accuracy: 0.9, test_baseline_accuracy: 0.34 },
  }),
  noParams: run({ loss: series(10, (i) => (i >= 6 ? NaN : 1)), val_loss: overfitVal }, {}),
};

describe('coachRun', () => {
  it.each([
    ['healthy', ['healthy']],
    ['divergence', ['divergence']],
    ['overfitting', ['overfitting']],
    ['underfitting', ['underfitting']],
    ['notConverged', ['not_converged']],
    ['slow', ['learning_too_slowly']],
    ['classification', ['healthy']],
    ['noParams', ['divergence']],
  ])('should find %s', (name, kinds) => {
    expect(coachRun(SCENARIOS[name] as CoachInput).map((f) => f.finding)).toEqual(kinds);
  });

  it('should return nothing for empty histories or fewer than 3 epochs (nothing to read)', () => {
    expect(coachRun(run({}, PARAMS))).toEqual([]);
    expect(coachRun(run({ loss: series(2, (i) => 1 - 0.1 * i) }, PARAMS))).toEqual([]);
  });

  it('should still report a NaN at the first epoch', () => {
    expect(coachRun(run({ loss: [{ step: 0, value: NaN }] }, PARAMS))[0]).toMatchObject({ finding: 'divergence', fromEpoch: 0 });
  });

  it('should read a 3-epoch run that is still falling as not converged', () => {
    const findings = coachRun(run({ loss: [1, 0.8, 0.6].map((value, step) => ({ step, value })) }, { epochs: '3' }));
    expect(findings).toEqual([expect.objectContaining({ finding: 'not_converged', suggestion: expect.objectContaining({ params: { epochs: 6 } }) })]);
  });

  it('should not call a NaN in the validation loss only divergence', () => {
    const findings = coachRun(run({ loss: plateau(20), val_loss: series(20, (i) => (i === 5 ? NaN : 0.3 + Math.exp(-i / 3))) }, PARAMS));
    expect(findings.map((f) => f.finding)).toEqual(['healthy']);
  });

  it('should put the most severe finding first when several fire', () => {
    const both = run({ loss: series(31, (i) => 0.7 - 0.002 * i + 0.3 * Math.exp(-i)), val_loss: overfitVal }, PARAMS, {
      finalMetrics: { test_rmse: 0.8, test_baseline_rmse: 0.82 },
    });
    expect(coachRun(both).map((f) => f.finding)).toEqual(['overfitting', 'underfitting']);
  });

  it('should say "healthy" with the evidence it checked, including the baseline', () => {
    const [finding] = coachRun(SCENARIOS.healthy as CoachInput);
    expect(finding?.evidence).toMatch(/^Training looks healthy\. The training loss improved from 1\.2 to 0\.2\d* and levelled off\. The validation loss was best at epoch 29/);
    expect(finding?.evidence).toContain('The test RMSE (0.5) is 38% better than guessing the mean (0.8).');
    expect(finding?.suggestion).toBeNull();
  });

  it('should suggest a validation split for a healthy run that logged no validation curve, only if it has that param', () => {
    const noVal = (params: Record<string, string>) => coachRun(run({ loss: plateau(30) }, params))[0];
    expect(noVal({ validation_split: '0' })).toMatchObject({ finding: 'healthy', suggestion: { params: { validation_split: 0.2 } } });
    expect(noVal({ validation_split: '0' })?.evidence).toContain('No validation curve was logged');
    expect(noVal({ epochs: '30' })?.suggestion).toBeNull();
  });

  it('should only ever suggest params present in the input', () => {
    const variants = Object.values(SCENARIOS).flatMap((s) => [s, { ...s, params: {} }, { ...s, params: { epochs: s.params.epochs ?? '10' } }]);
    let suggested = 0;
    for (const input of variants) {
      for (const finding of coachRun(input)) {
        for (const key of Object.keys(finding.suggestion?.params ?? {})) {
          suggested += 1;
          expect(Object.keys(input.params)).toContain(key);
        }
      }
    }
    expect(suggested).toBeGreaterThan(5);
  });

  it('should order findings by SEVERITY with evidence in sentences', () => {
    for (const input of Object.values(SCENARIOS)) {
      const findings = coachRun(input);
      const ranks = findings.map((f) => SEVERITY.indexOf(f.finding));
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      for (const f of findings) expect(f.evidence).toMatch(/^[A-Z].*\.$/);
    }
  });
});
