/**
 * Does a run reproduce? The comparison of a run with its re-run (same recipe, entry point, params,
 * seed and backend): `exact` when every metric's every logged value is bit-identical, `close` when
 * they agree within CLOSE_TOLERANCE, `differs` (naming the metrics and by how much), or
 * `not comparable` when what the two runs computed on is not the same (the dataset's bytes, the
 * backend, TF.js or Trainyard's version), naming which. Pure: the service trains the re-run and
 * reads both runs; this decides.
 */

export type ReproVerdict = 'exact' | 'close' | 'differs' | 'not comparable';

/** What the comparison reads of each run. */
export interface ReproRun {
  readonly params: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  /** Every metric's logged values in step order. */
  readonly histories: Readonly<Record<string, readonly number[]>>;
}

export interface ReproDifference {
  readonly key: string;
  /** The last logged value of each run (null when that run did not log the metric). */
  readonly original: number | null;
  readonly rerun: number | null;
  /** |rerun − original| / max(|original|, |rerun|) of the last values; null when one is missing. */
  readonly relative: number | null;
}

export interface ReproReport {
  readonly verdict: ReproVerdict;
  /** Metrics whose values differ at all (exact fails), most different first. */
  readonly differences: readonly ReproDifference[];
  /** Why the runs are not comparable, or what else a reader should know, in plain words. */
  readonly reasons: readonly string[];
  /** Metrics compared (timings excluded). */
  readonly checked: readonly string[];
  /** Metrics left out because they measure time, which no re-run reproduces. */
  readonly skipped: readonly string[];
  readonly tolerance: typeof CLOSE_TOLERANCE;
}

/**
 * "Close": float32 rounding that a different summation order leaves (another backend, or threads)
 * moves a trained model's metrics by about 1e-6 relative; 1e-4 leaves room for that over many
 * epochs and still calls a different result different.
 */
export const CLOSE_TOLERANCE = { relative: 1e-4, absolute: 1e-9 } as const;

/** What the two runs computed on: a difference in one of them makes them not comparable. */
const SAME_INPUTS: readonly { kind: 'param' | 'tag'; key: string; what: string }[] = [
  { kind: 'param', key: 'dataset_digest', what: "the dataset's bytes (its digest)" },
  { kind: 'tag', key: 'trainyard.app_version', what: "Trainyard's version" },
  { kind: 'tag', key: 'trainyard.tfjs_version', what: "TF.js's version" },
];
const BACKEND_TAG = 'trainyard.backend';
const THREADS_TAG = 'trainyard.threads';

/** Wall-clock measurements (fit time, throughput): a re-run never reproduces them, so they are not compared. */
export function isTimingMetric(key: string): boolean {
  return /(^|[_/.])(seconds|secs?|ms|millis|time|duration|per_second|per_sec|throughput)($|[_/.])|samples_per_s|_per_second$/i.test(key);
}

function sameValue(a: number, b: number): boolean {
  return Object.is(a, b) || (a === 0 && b === 0);
}

function closeValue(a: number, b: number): boolean {
  if (sameValue(a, b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  const diff = Math.abs(a - b);
  return diff <= CLOSE_TOLERANCE.absolute || diff <= CLOSE_TOLERANCE.relative * Math.max(Math.abs(a), Math.abs(b));
}

function last(values: readonly number[] | undefined): number | null {
  return values && values.length > 0 ? (values[values.length - 1] as number) : null;
}

function relativeGap(a: number | null, b: number | null): number | null {
  if (a === null || b === null || !Number.isFinite(a) || !Number.isFinite(b)) return null;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}

function show(value: string | undefined): string {
  return value === undefined ? '(not recorded)' : `"${value}"`;
}

/** Compares a run with its re-run; see the module comment for the verdicts. */
export function compareReproduction(original: ReproRun, rerun: ReproRun): ReproReport {
  const reasons: string[] = [];
  let comparable = true;
  for (const input of SAME_INPUTS) {
    const a = input.kind === 'param' ? original.params[input.key] : original.tags[input.key];
    const b = input.kind === 'param' ? rerun.params[input.key] : rerun.tags[input.key];
    if (a !== b) {
      comparable = false;
      reasons.push(`${input.what} differs: the run had ${show(a)}, the re-run ${show(b)}.`);
    }
  }
  const backendA = original.tags[BACKEND_TAG];
  const backendB = rerun.tags[BACKEND_TAG];
  const sameBackend = backendA === backendB;
  if (!sameBackend) reasons.push(`The backend differs: the run trained on ${show(backendA)}, the re-run on ${show(backendB)}; their float rounding differs.`);

  const keys = [...new Set([...Object.keys(original.histories), ...Object.keys(rerun.histories)])].sort();
  const skipped = keys.filter(isTimingMetric);
  // A metric only the run has, which its re-run's training never logged, was logged by hand after
  // training (a note from the console, an evaluation): training does not re-compute it, so it says
  // nothing about whether training reproduces.
  const notRecomputed = keys.filter((k) => !isTimingMetric(k) && rerun.histories[k] === undefined);
  if (notRecomputed.length > 0) {
    const names = notRecomputed.join(', ');
    reasons.push(
      `${names} ${notRecomputed.length === 1 ? 'was' : 'were'} not re-computed by training (logged on the run after it trained?), so ${notRecomputed.length === 1 ? 'it is' : 'they are'} left out of the verdict.`,
    );
  }
  const checked = keys.filter((k) => !isTimingMetric(k) && !notRecomputed.includes(k));
  let exact = true;
  let close = true;
  const differences: ReproDifference[] = [];
  for (const key of checked) {
    const a = original.histories[key];
    const b = rerun.histories[key];
    let keyExact = a !== undefined && b !== undefined && a.length === b.length;
    let keyClose = keyExact;
    if (a && b && keyExact) {
      for (let i = 0; i < a.length; i++) {
        const x = a[i] as number;
        const y = b[i] as number;
        if (!sameValue(x, y)) keyExact = false;
        if (!closeValue(x, y)) {
          keyClose = false;
          break;
        }
      }
    }
    if (!keyExact) differences.push({ key, original: last(a), rerun: last(b), relative: relativeGap(last(a), last(b)) });
    exact &&= keyExact;
    close &&= keyClose;
    if (a === undefined) reasons.push(`The re-run logged ${key}, which the run did not.`);
  }
  differences.sort((x, y) => (y.relative ?? Infinity) - (x.relative ?? Infinity) || x.key.localeCompare(y.key));

  let verdict: ReproVerdict;
  if (!comparable) verdict = 'not comparable';
  else if (exact) verdict = 'exact';
  else if (close) verdict = 'close';
  else if (!sameBackend) verdict = 'not comparable';
  else verdict = 'differs';
  if (verdict === 'differs' && original.tags[THREADS_TAG] !== rerun.tags[THREADS_TAG]) {
    reasons.push(`The runs used different numbers of threads (${show(original.tags[THREADS_TAG])} and ${show(rerun.tags[THREADS_TAG])}), which can change the order floats are added in.`);
  }
  if (checked.length === 0) reasons.push('Neither run logged a metric to compare.');
  return { verdict, differences, reasons, checked, skipped, tolerance: CLOSE_TOLERANCE };
}

/** The verdict in one plain sentence, for the run page's badge and the console. */
export function reproductionSentence(report: Pick<ReproReport, 'verdict' | 'differences' | 'checked' | 'reasons'>): string {
  const n = report.checked.length;
  const metrics = `${n} metric${n === 1 ? '' : 's'}`;
  switch (report.verdict) {
    case 'exact':
      return `Reproduced exactly: the re-run logged bit-identical values for all ${metrics}.`;
    case 'close':
      return `Reproduced within float rounding: all ${metrics} agree to ${CLOSE_TOLERANCE.relative} relative, but not bit for bit.`;
    case 'differs': {
      const names = report.differences.slice(0, 3).map((d) => d.key).join(', ');
      const more = report.differences.length > 3 ? ` and ${report.differences.length - 3} more` : '';
      return `Did not reproduce: ${report.differences.length} of ${metrics} differ (${names}${more}) with the same data, params, seed and backend.`;
    }
    case 'not comparable':
      return `Not comparable: ${report.reasons[0] ?? 'what the runs computed on differs.'}`;
  }
}
