/**
 * Is run group B really different from group A? Per-group mean, sample standard deviation and a
 * Student-t 95% interval, and Welch's two-sample t-test on the difference.
 *
 * Nothing here throws or returns NaN: what cannot be computed is `null`, and `problems` says why in
 * plain English so the UI and the console can show it as is.
 */
import { tPpf, tSf } from './studentT';

/** Why a number is missing or needs a caveat. `code` is for code; `message` is for people. */
export interface StatsProblem {
  readonly code: 'dropped-non-finite' | 'no-runs' | 'too-few-runs' | 'zero-variance' | 'overflow';
  readonly message: string;
}

export interface GroupSummary {
  /** Finite values used. */
  readonly n: number;
  /** NaN or ±Infinity values left out (a diverged run logs NaN; it should not poison the mean). */
  readonly dropped: number;
  readonly mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null below 2 runs. */
  readonly std: number | null;
  /** 95% interval for the mean, Student's t with n − 1 degrees of freedom; null below 2 runs. */
  readonly ci95: readonly [number, number] | null;
  readonly problems: readonly StatsProblem[];
}

/**
 * - `ok`: Welch's test ran.
 * - `insufficient`: a group has fewer than 2 finite values, so its noise cannot be measured.
 * - `no-variance`: every run within each group gave the same value; see `compareGroups`.
 */
export type ComparisonStatus = 'ok' | 'insufficient' | 'no-variance';

export interface GroupComparison {
  readonly a: GroupSummary;
  readonly b: GroupSummary;
  /** B − A: negative when B's metric is lower than A's. */
  readonly difference: { readonly mean: number | null; readonly ci95: readonly [number, number] | null };
  /** Welch's two-sided p-value, equal to scipy.stats.ttest_ind(a, b, equal_var=False).pvalue. */
  readonly pValue: number | null;
  /** Welch–Satterthwaite degrees of freedom. */
  readonly welchDf: number | null;
  /** (mean B − mean A) / standard error: SciPy's ttest_ind(a, b) statistic with the sign flipped. */
  readonly tStatistic: number | null;
  readonly status: ComparisonStatus;
  /** Problems of both groups (prefixed with the group's label) and of the comparison. */
  readonly problems: readonly StatsProblem[];
}

interface Moments {
  readonly values: number[];
  readonly dropped: number;
  readonly mean: number | null;
  readonly variance: number | null;
}

/** Two-pass mean and variance: the one-pass formula loses every digit when values sit near 1e6. */
function moments(raw: readonly number[]): Moments {
  const values = raw.filter((v) => Number.isFinite(v));
  const n = values.length;
  if (n === 0) return { values, dropped: raw.length, mean: null, variance: null };
  let sum = 0;
  for (const v of values) sum += v;
  // Scaling first keeps the mean finite when the sum of huge values would overflow.
  let mean = sum / n;
  if (!Number.isFinite(mean)) mean = values.reduce((acc, v) => acc + v / n, 0);
  if (n < 2) return { values, dropped: raw.length - n, mean, variance: null };
  let squares = 0;
  for (const v of values) squares += (v - mean) * (v - mean);
  return { values, dropped: raw.length - n, mean, variance: squares / (n - 1) };
}

function runs(n: number): string {
  return n === 1 ? '1 run' : `${n} runs`;
}

function summarise(m: Moments): GroupSummary {
  const n = m.values.length;
  const problems: StatsProblem[] = [];
  if (m.dropped > 0) {
    problems.push({
      code: 'dropped-non-finite',
      message: `${runs(m.dropped)} without a finite value (NaN or infinite) ${m.dropped === 1 ? 'was' : 'were'} left out.`,
    });
  }
  if (n === 0) {
    problems.push({ code: 'no-runs', message: 'There are no runs with a finite value.' });
  } else if (n < 2) {
    problems.push({
      code: 'too-few-runs',
      message: 'Only 1 run: the spread needs at least 2 runs (repeat it with a few seeds).',
    });
  }
  if (m.mean === null || m.variance === null) {
    return { n, dropped: m.dropped, mean: m.mean, std: null, ci95: null, problems };
  }
  const std = Math.sqrt(m.variance);
  const half = (tPpf(0.975, n - 1) * std) / Math.sqrt(n);
  if (!Number.isFinite(std) || !Number.isFinite(half)) {
    problems.push({ code: 'overflow', message: 'The values are too large to compute a spread.' });
    return { n, dropped: m.dropped, mean: m.mean, std: null, ci95: null, problems };
  }
  if (std === 0) {
    problems.push({ code: 'zero-variance', message: `All ${runs(n)} gave exactly the same value.` });
  }
  return { n, dropped: m.dropped, mean: m.mean, std, ci95: [m.mean - half, m.mean + half], problems };
}

/** Mean, sample standard deviation and 95% interval of one group's values (non-finite ones dropped). */
export function groupStats(values: readonly number[]): GroupSummary {
  return summarise(moments(values));
}

function labelled(label: string, problems: readonly StatsProblem[]): StatsProblem[] {
  return problems.map((p) => ({ code: p.code, message: `${label}: ${p.message}` }));
}

/**
 * Compare group A (baseline) with group B (candidate) with Welch's t-test, which does not assume the
 * two groups are equally noisy.
 *
 * When both groups have zero variance SciPy returns NaN. We answer instead, because deterministic
 * training (same seed, same data, same backend) makes this a normal case, not a degenerate one:
 * equal means give difference 0 and p = 1 (nothing separates them); different means give an exact
 * difference, interval [d, d] and p = 0 (no run-to-run noise could explain it). The t statistic and
 * degrees of freedom stay null because they are undefined (0/0), and status 'no-variance' tells the
 * UI to word the verdict differently. When only one group has zero variance Welch's test is still
 * defined (the other group supplies all the noise) and runs normally.
 */
export function compareGroups(a: readonly number[], b: readonly number[]): GroupComparison {
  return withoutRoundingNoise(welch(a, b));
}

function welch(a: readonly number[], b: readonly number[]): GroupComparison {
  const ma = moments(a);
  const mb = moments(b);
  const sa = summarise(ma);
  const sb = summarise(mb);
  const problems = [...labelled('A', sa.problems), ...labelled('B', sb.problems)];
  const diff = ma.mean !== null && mb.mean !== null ? mb.mean - ma.mean : null;
  const base = { a: sa, b: sb, problems };
  if (diff === null || ma.variance === null || mb.variance === null || sa.std === null || sb.std === null) {
    return {
      ...base,
      difference: { mean: diff, ci95: null },
      pValue: null,
      welchDf: null,
      tStatistic: null,
      status: 'insufficient',
    };
  }
  const va = ma.variance / ma.values.length;
  const vb = mb.variance / mb.values.length;
  const se2 = va + vb;
  if (se2 === 0) {
    return {
      ...base,
      difference: { mean: diff, ci95: [diff, diff] },
      pValue: diff === 0 ? 1 : 0,
      welchDf: null,
      tStatistic: null,
      status: 'no-variance',
    };
  }
  const se = Math.sqrt(se2);
  const welchDf = (se2 * se2) / ((va * va) / (ma.values.length - 1) + (vb * vb) / (mb.values.length - 1));
  const tStatistic = diff / se;
  const half = tPpf(0.975, welchDf) * se;
  const pValue = Math.min(1, 2 * tSf(Math.abs(tStatistic), welchDf));
  if (![welchDf, tStatistic, half, pValue].every(Number.isFinite)) {
    return {
      ...base,
      problems: [...problems, { code: 'overflow', message: 'The values are too large to compare.' }],
      difference: { mean: Number.isFinite(diff) ? diff : null, ci95: null },
      pValue: null,
      welchDf: null,
      tStatistic: null,
      status: 'insufficient',
    };
  }
  return {
    ...base,
    difference: { mean: diff, ci95: [diff - half, diff + half] },
    pValue,
    welchDf,
    tStatistic,
    status: 'ok',
  };
}

/**
 * Means that are equal but were summed in another order differ in their last bits: six Iris
 * accuracies of 221/38 in total gave means 1.1e-16 apart, and the verdict read "is 1.11e-16
 * higher". A difference within a few units in the last place of the means is no difference:
 * it becomes 0, with t = 0 and p = 1, and the interval is centred on 0.
 */
export function withoutRoundingNoise(c: GroupComparison): GroupComparison {
  const diff = c.difference.mean;
  const scale = Math.max(Math.abs(c.a.mean ?? 0), Math.abs(c.b.mean ?? 0));
  if (diff === null || diff === 0 || Math.abs(diff) > 8 * Number.EPSILON * scale) return c;
  const ci = c.difference.ci95;
  return {
    ...c,
    difference: { mean: 0, ci95: ci ? [ci[0] - diff, ci[1] - diff] : null },
    ...(c.status === 'ok' ? { pValue: 1, tStatistic: 0 } : {}),
    ...(c.status === 'no-variance' ? { pValue: 1 } : {}),
  };
}
