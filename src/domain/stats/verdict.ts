/**
 * The plain-language answer to "is B really different from A?", built from a `compareGroups` result.
 * Pure string building, so the compare panel and the console say exactly the same thing.
 */
import type { GroupComparison } from './groupStats';

export interface VerdictInput {
  /** The metric key as the user knows it, e.g. "test_rmse". */
  readonly metric: string;
  /** Which way is better for this metric. */
  readonly direction: 'lower' | 'higher';
  /** Group labels as shown in the panel, e.g. "A" and "B" or "lr=0.01" and "lr=0.1". */
  readonly labels: { readonly a: string; readonly b: string };
  readonly comparison: GroupComparison;
  /** What one member of a group is: "seeds" when groups differ only by seed (the default), else "runs". */
  readonly unit?: 'seeds' | 'runs';
}

/** Three significant digits without exponent noise or trailing zeros: 0.0300 → "0.03", 1234.5 → "1230". */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '—';
  if (x === 0) return '0';
  const rounded = Number(x.toPrecision(3));
  const abs = Math.abs(rounded);
  // toString switches to exponents below 1e-6 and above 1e21; show those as 1.23e-7 explicitly.
  if (abs < 1e-4 || abs >= 1e9) return rounded.toExponential(2).replace(/\.?0+e/, 'e');
  return rounded.toString().replace('-', '−');
}

/** "p = 0.0412", or "p < 0.001" so a tiny p-value is not read as more certain than the test allows. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${formatNumber(p)}`;
}

/** "0.01–0.05", or "−0.01 to 0.05" where an en dash beside a minus sign would be unreadable. */
export function formatInterval(lo: number, hi: number): string {
  const sep = lo < 0 || hi < 0 ? ' to ' : '–';
  return `${formatNumber(lo)}${sep}${formatNumber(hi)}`;
}

function counts(na: number, nb: number, unit: string): string {
  if (na === nb) return `${na} ${na === 1 ? unit.replace(/s$/, '') : unit} each`;
  return `${na} and ${nb} ${unit}`;
}

function droppedNote(c: GroupComparison, unit: string): string {
  const dropped = c.a.dropped + c.b.dropped;
  if (dropped === 0) return '';
  const noun = dropped === 1 ? unit.replace(/s$/, '') : unit;
  return ` ${dropped} ${noun} without a finite value (NaN or infinite) ${dropped === 1 ? 'was' : 'were'} left out.`;
}

/** One or two sentences for the compare panel and the console's `verdict` field. */
export function verdictSentence(input: VerdictInput): string {
  const { metric, direction, labels, comparison: c } = input;
  const unit = input.unit ?? 'seeds';
  const note = droppedNote(c, unit);
  const diff = c.difference.mean;

  if (c.status === 'insufficient' || diff === null) {
    const missing = [c.a, c.b]
      .map((g, i) => ({ label: i === 0 ? labels.a : labels.b, n: g.n }))
      .filter((g) => g.n < 2)
      .map((g) => (g.n === 0 ? `${g.label} has no runs with a value of ${metric}` : `${g.label} has only 1 run`));
    const overflow = c.problems.some((p) => p.code === 'overflow');
    if (overflow && missing.length === 0) return `The values of ${metric} are too large to compare.${note}`;
    return (
      `Cannot tell yet whether ${labels.a} and ${labels.b} differ in ${metric}: ${missing.join(' and ')}. ` +
      `Each group needs at least 2 runs to measure the seed-to-seed noise; repeat with seeds (5 is a good start).${note}`
    );
  }

  const size = counts(c.a.n, c.b.n, unit);
  if (diff === 0 && (c.status === 'no-variance' || c.pValue === 1)) {
    const same = c.status === 'no-variance' ? ' on every run' : ' on average';
    return `${labels.b}'s ${metric} is the same as ${labels.a}'s${same} (${formatNumber(c.b.mean ?? 0)}, ${size}): there is no difference.${note}`;
  }

  const way = diff < 0 ? 'lower' : 'higher';
  const better = way === direction ? labels.b : labels.a;
  const betterNote = ` ${direction === 'lower' ? 'Lower' : 'Higher'} is better, so ${better} is better.`;
  if (c.status === 'no-variance') {
    return (
      `${labels.b}'s ${metric} is ${formatNumber(Math.abs(diff))} ${way} on every run (${size}, no run-to-run variation): ` +
      `the difference is exact, not noise.${betterNote}${note}`
    );
  }

  const ci = c.difference.ci95;
  const p = c.pValue;
  if (ci === null || p === null) return `Cannot compare ${metric}.${note}`; // unreachable when status is 'ok'
  // The interval is stated in the sentence's own direction: "0.03 lower (95% CI 0.01–0.05)".
  const [lo, hi] = diff < 0 ? [-ci[1], -ci[0]] : [ci[0], ci[1]];
  const head = `${labels.b}'s ${metric} is ${formatNumber(Math.abs(diff))} ${way} (95% CI ${formatInterval(lo, hi)}, ${formatP(p)}, ${size})`;
  if (lo > 0) return `${head}: the difference is larger than the seed-to-seed noise.${betterNote}${note}`;
  return `${head}: the interval includes 0: with these runs you cannot tell them apart; try more seeds.${note}`;
}
