import { describe, expect, it } from 'vitest';
import { compareGroups } from './groupStats';
import { formatInterval, formatNumber, formatP, verdictSentence, type VerdictInput } from './verdict';

const rmse = (a: number[], b: number[], extra: Partial<VerdictInput> = {}): string =>
  verdictSentence({
    metric: 'test_rmse',
    direction: 'lower',
    labels: { a: 'A', b: 'B' },
    comparison: compareGroups(a, b),
    ...extra,
  });

describe('formatNumber', () => {
  it.each<[number, string]>([
    [0.03, '0.03'],
    [0.030004, '0.03'],
    [0.61234, '0.612'],
    [1234.5, '1230'],
    [-0.0123, '−0.0123'],
    [0, '0'],
    [0.000012345, '1.23e-5'],
    [5e12, '5e+12'],
    [Number.NaN, '—'],
  ])('%s → %s', (x, want) => expect(formatNumber(x)).toBe(want));
});

describe('formatP and formatInterval', () => {
  it.each<[number, string]>([
    [0.0004, 'p < 0.001'],
    [1e-15, 'p < 0.001'],
    [0.001, 'p = 0.001'],
    [0.00412, 'p = 0.00412'],
    [0.21345, 'p = 0.213'],
    [1, 'p = 1'],
  ])('p %s → %s', (p, want) => expect(formatP(p)).toBe(want));

  it('should use an en dash for positive intervals and "to" when a bound is negative', () => {
    expect(formatInterval(0.01, 0.05)).toBe('0.01–0.05');
    expect(formatInterval(-0.01, 0.05)).toBe('−0.01 to 0.05');
  });
});

describe('verdictSentence', () => {
  const a = [0.65, 0.66, 0.64, 0.655, 0.645];

  it('should say a clear difference is larger than the noise, with the interval in its own direction', () => {
    const s = rmse(a, a.map((v) => v - 0.03));
    expect(s).toMatch(
      /^B's test_rmse is 0\.03 lower \(95% CI 0\.0\d+–0\.0\d+, p < 0\.001, 5 seeds each\): the difference is larger than the seed-to-seed noise\. Lower is better, so B is better\.$/,
    );
  });

  it('should name A as better when B is higher on a lower-is-better metric', () => {
    expect(rmse(a, a.map((v) => v + 0.03))).toContain('0.03 higher');
    expect(rmse(a, a.map((v) => v + 0.03))).toContain('so A is better.');
    expect(rmse(a, a.map((v) => v + 0.03), { direction: 'higher' })).toContain('Higher is better, so B is better.');
  });

  it('should say the interval includes 0 when the runs overlap', () => {
    const s = rmse([0.61, 0.7, 0.65], [0.6, 0.69, 0.66], { unit: 'runs' });
    expect(s).toMatch(/^B's test_rmse is 0\.0033\d? lower \(95% CI −[\d.]+ to [\d.]+, p = 0\.\d+, 3 runs each\)/);
    expect(s).toContain(': the interval includes 0: with these runs you cannot tell them apart; try more seeds.');
  });

  it('should give unequal group sizes', () => {
    expect(rmse([0.61, 0.7, 0.65], [0.6, 0.69])).toContain('3 and 2 seeds');
  });

  it('should say what is missing with one run per group', () => {
    expect(rmse([0.61], [0.58])).toBe(
      'Cannot tell yet whether A and B differ in test_rmse: A has only 1 run and B has only 1 run. ' +
        'Each group needs at least 2 runs to measure the seed-to-seed noise; repeat with seeds (5 is a good start).',
    );
    expect(rmse([0.61, 0.62], [Number.NaN])).toBe(
      'Cannot tell yet whether A and B differ in test_rmse: B has no runs with a value of test_rmse. ' +
        'Each group needs at least 2 runs to measure the seed-to-seed noise; repeat with seeds (5 is a good start). ' +
        '1 seed without a finite value (NaN or infinite) was left out.',
    );
  });

  it('should call identical constant groups the same', () => {
    expect(rmse([0.5, 0.5], [0.5, 0.5])).toBe("B's test_rmse is the same as A's on every run (0.5, 2 seeds each): there is no difference.");
  });

  it('should call equal means with noise the same on average', () => {
    expect(rmse([1, 2, 3], [1.5, 2, 2.5])).toBe("B's test_rmse is the same as A's on average (2, 3 seeds each): there is no difference.");
  });

  it('should call a difference between constant groups exact', () => {
    expect(rmse([0.5, 0.5, 0.5], [0.25, 0.25, 0.25])).toBe(
      "B's test_rmse is 0.25 lower on every run (3 seeds each, no run-to-run variation): the difference is exact, not noise. " +
        'Lower is better, so B is better.',
    );
  });

  it('should mention dropped runs', () => {
    expect(rmse([0.6, 0.62, Number.NaN, 0.61], [0.5, 0.52, 0.51, Infinity])).toMatch(
      / 2 seeds without a finite value \(NaN or infinite\) were left out\.$/,
    );
  });

  it('should report values too large to compare', () => {
    expect(rmse([1e308, -1e308], [1, 2])).toBe('The values of test_rmse are too large to compare.');
  });

  it('should never print NaN or Infinity', () => {
    const inputs: [number[], number[]][] = [[[], []], [[Number.NaN], [Infinity]], [[1e308, 1e308], [0, 1]], [[0, 0], [0, 0]]];
    // The dropped-value note names NaN on purpose; no number may print as NaN.
    for (const [x, y] of inputs) {
      expect(rmse(x, y).replace('(NaN or infinite)', '')).not.toMatch(/NaN|Infinity|undefined|null/);
    }
  });
});
