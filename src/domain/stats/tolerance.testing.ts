// Shared by the stats tests (not a test file itself, so importing it does not re-run any suite).
import { expect } from 'vitest';

/** Within the tolerance of SciPy: relative 1e-9, or absolute 1e-12 near zero. */
export function isClose(got: number, want: number): boolean {
  return Math.abs(got - want) <= Math.max(1e-9 * Math.abs(want), 1e-12);
}

export function expectClose(actual: number | null | undefined, want: number, label: string): void {
  expect(actual, label).not.toBeNull();
  expect(actual, label).not.toBeUndefined();
  if (!isClose(actual as number, want)) expect.fail(`${label}: got ${actual}, SciPy ${want}`);
}

/**
 * An interval bound computed from SciPy's t.ppf: match it, or, where SciPy's quantile is itself off by
 * more than the tolerance (cephes, ~1e-9 at some df), match the bound built from the exact quantile
 * and check that SciPy is the one that is out.
 */
export function expectBoundClose(
  actual: number | undefined,
  scipy: number | undefined,
  exact: number | undefined,
  label: string,
): void {
  if (scipy === undefined || exact === undefined) expect.fail(`${label}: missing from the fixture`);
  if (actual !== undefined && isClose(actual, scipy)) return;
  expect(isClose(scipy, exact), `${label}: SciPy's own bound is accurate, so ours is wrong`).toBe(false);
  expectClose(actual, exact, `${label} (exact quantile)`);
}
