import { describe, expect, it } from 'vitest';
import expected from './fixtures/scipy_expected.json';
import { compareGroups, groupStats, type GroupComparison } from './groupStats';
import { expectBoundClose, expectClose } from './tolerance.testing';

/** Every number in a result must be finite or null: nothing the UI could print as "NaN". */
function expectNoNaN(value: unknown): void {
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number') expect(Number.isFinite(v), `non-finite ${v}`).toBe(true);
    return v;
  });
}

describe('compareGroups against SciPy', () => {
  it.each(expected.groups.map((g) => [g.name, g] as const))('%s', (name, g) => {
    const r = compareGroups(g.a, g.b);
    expect(r.status).toBe('ok');
    for (const [mine, theirs, tag] of [
      [r.a, g.summaryA, 'A'],
      [r.b, g.summaryB, 'B'],
    ] as const) {
      expect(mine.n).toBe(theirs.n);
      expectClose(mine.mean, theirs.mean, `${name} ${tag} mean`);
      expectClose(mine.std, theirs.std, `${name} ${tag} std`);
      expectBoundClose(mine.ci95?.[0], theirs.ci95[0], theirs.ci95Exact[0], `${name} ${tag} ci lo`);
      expectBoundClose(mine.ci95?.[1], theirs.ci95[1], theirs.ci95Exact[1], `${name} ${tag} ci hi`);
    }
    expectClose(r.pValue, g.pValue, `${name} p`);
    expectClose(r.welchDf, g.welchDf, `${name} df`);
    expectClose(r.tStatistic, g.tStatistic, `${name} t`);
    expectClose(r.difference.mean, g.difference.mean, `${name} diff`);
    expectBoundClose(r.difference.ci95?.[0], g.difference.ci95[0], g.difference.ci95Exact[0], `${name} diff lo`);
    expectBoundClose(r.difference.ci95?.[1], g.difference.ci95[1], g.difference.ci95Exact[1], `${name} diff hi`);
    expectNoNaN(r);
  });

  it('should match the intervals built from the exact quantile to 1e-12 of their scale', () => {
    for (const g of expected.groups) {
      const r = compareGroups(g.a, g.b);
      const pairs = [
        [r.a.ci95, g.summaryA.ci95Exact, g.summaryA.mean],
        [r.b.ci95, g.summaryB.ci95Exact, g.summaryB.mean],
        [r.difference.ci95, g.difference.ci95Exact, g.difference.mean],
      ] as const;
      for (const [mine, exact, centre] of pairs) {
        const [lo, hi] = [exact[0] as number, exact[1] as number];
        // Relative to the interval's scale, since a bound near 0 is a cancellation in any code.
        const scale = Math.abs(centre) + (hi - lo) / 2;
        expect(Math.abs((mine?.[0] ?? NaN) - lo), g.name).toBeLessThanOrEqual(1e-12 * scale);
        expect(Math.abs((mine?.[1] ?? NaN) - hi), g.name).toBeLessThanOrEqual(1e-12 * scale);
      }
    }
  });

  it('should cover the cases the issue names', () => {
    const ns = expected.groups.flatMap((g) => [g.a.length, g.b.length]);
    expect(ns).toContain(2);
    expect(ns).toContain(3);
    expect(Math.min(...expected.groups.map((g) => g.pValue))).toBeLessThan(1e-10);
    expect(Math.max(...expected.groups.map((g) => g.pValue))).toBeGreaterThan(0.99);
    expect(expected.groups.some((g) => g.a.some((v) => v < 0))).toBe(true);
  });
});

describe('groupStats', () => {
  it('should drop and count non-finite values', () => {
    const s = groupStats([0.5, Number.NaN, 0.7, Infinity, -Infinity]);
    expect(s.n).toBe(2);
    expect(s.dropped).toBe(3);
    expectClose(s.mean, 0.6, 'mean');
    expect(s.problems.map((p) => p.code)).toEqual(['dropped-non-finite']);
    expect(s.problems[0]?.message).toBe('3 runs without a finite value (NaN or infinite) were left out.');
  });

  it('should give a mean but no spread for one run', () => {
    const s = groupStats([0.61]);
    expect(s).toMatchObject({ n: 1, mean: 0.61, std: null, ci95: null });
    expect(s.problems[0]?.code).toBe('too-few-runs');
    expect(s.problems[0]?.message).toContain('at least 2 runs');
  });

  it('should give nulls, not NaN, for no runs', () => {
    const s = groupStats([Number.NaN]);
    expect(s).toMatchObject({ n: 0, dropped: 1, mean: null, std: null, ci95: null });
    expect(s.problems.map((p) => p.code)).toEqual(['dropped-non-finite', 'no-runs']);
    expect(groupStats([]).problems.map((p) => p.code)).toEqual(['no-runs']);
  });

  it('should give a zero-width interval and say so when every run is equal', () => {
    const s = groupStats([0.5, 0.5, 0.5]);
    expect(s).toMatchObject({ n: 3, mean: 0.5, std: 0, ci95: [0.5, 0.5] });
    expect(s.problems.map((p) => p.code)).toEqual(['zero-variance']);
  });

  it('should not overflow on huge values', () => {
    const s = groupStats([1e308, 1.5e308]);
    expectClose(s.mean, 1.25e308, 'mean');
    expect(s.std).toBeNull();
    expect(s.problems.map((p) => p.code)).toEqual(['overflow']);
    expectNoNaN(s);
  });
});

describe('compareGroups edge cases', () => {
  const codes = (r: GroupComparison): string[] => r.problems.map((p) => p.code);

  it('should refuse the test with one run per group, but still report the difference', () => {
    const r = compareGroups([0.61], [0.58]);
    expect(r.status).toBe('insufficient');
    expectClose(r.difference.mean, -0.03, 'diff');
    expect(r).toMatchObject({ pValue: null, welchDf: null, tStatistic: null, difference: { ci95: null } });
    expect(codes(r)).toEqual(['too-few-runs', 'too-few-runs']);
    expect(r.problems[0]?.message.startsWith('A: ')).toBe(true);
    expectNoNaN(r);
  });

  it('should refuse the test when only one group is short', () => {
    const r = compareGroups([0.6, 0.62, 0.64], [0.58, Number.NaN]);
    expect(r.status).toBe('insufficient');
    expect(codes(r)).toEqual(['dropped-non-finite', 'too-few-runs']);
    expect(r.problems.every((p) => p.message.startsWith('B: '))).toBe(true);
  });

  it('should have no difference at all when a group is empty', () => {
    const r = compareGroups([], [1, 2]);
    expect(r).toMatchObject({ status: 'insufficient', difference: { mean: null, ci95: null } });
    expectNoNaN(r);
  });

  // SciPy returns nan for both of these; see compareGroups for why we answer instead.
  it('should call equal constant groups the same (p = 1), where SciPy gives nan', () => {
    const r = compareGroups([0.5, 0.5], [0.5, 0.5, 0.5]);
    expect(r).toMatchObject({
      status: 'no-variance',
      pValue: 1,
      difference: { mean: 0, ci95: [0, 0] },
      welchDf: null,
      tStatistic: null,
    });
  });

  it('should call different constant groups exactly different (p = 0), where SciPy gives nan', () => {
    const r = compareGroups([0.5, 0.5, 0.5], [0.25, 0.25]);
    expect(r).toMatchObject({ status: 'no-variance', pValue: 0, difference: { mean: -0.25, ci95: [-0.25, -0.25] } });
    expect(codes(r)).toEqual(['zero-variance', 'zero-variance']);
  });

  it('should run Welch normally when only one group is constant (df = n − 1 of the other)', () => {
    const r = compareGroups([0.5, 0.5, 0.5], [0.4, 0.45, 0.52, 0.41]);
    expect(r.status).toBe('ok');
    expectClose(r.welchDf, 3, 'df');
    expect(codes(r)).toEqual(['zero-variance']);
  });

  it('should count dropped values and still compare the rest', () => {
    const r = compareGroups([0.6, Number.NaN, 0.62, 0.65], [0.5, 0.52, Infinity, 0.55]);
    expect(r.status).toBe('ok');
    expect([r.a.dropped, r.b.dropped, r.a.n, r.b.n]).toEqual([1, 1, 3, 3]);
    expect(r.pValue).toBeGreaterThan(0);
    expectNoNaN(r);
  });

  it('should report an overflow rather than NaN for absurd values', () => {
    const r = compareGroups([1e308, -1e308], [1, 2]);
    expect(r.status).toBe('insufficient');
    expect(codes(r)).toContain('overflow');
    expectNoNaN(r);
  });
});

describe('rounding noise in the means', () => {
  it('calls means equal when they differ only in their last bits, and leaves a tiny real difference alone', () => {
    const acc = (k: number) => k / 38;
    const r = compareGroups([38, 38, 38, 36, 37, 34].map(acc), [38, 38, 38, 36, 36, 35].map(acc));
    expect(r.difference.mean).toBe(0);
    expect(r.pValue).toBe(1);
    expect(r.tStatistic).toBe(0);
    const [lo, hi] = r.difference.ci95 ?? [0, 0];
    expect(lo).toBeCloseTo(-hi, 15);
    const tiny = compareGroups([1e-9, 2e-9], [1.5e-9, 2.5e-9]);
    expect(tiny.difference.mean).toBeCloseTo(5e-10, 20);
    expect(tiny.pValue).toBeLessThan(1);
  });
});
