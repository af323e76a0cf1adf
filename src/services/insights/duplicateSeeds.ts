/**
 * Runs that share a seed. A Verify re-run or a Re-run keeps its run's seed, and two runs trained
 * from the Train form with the default seed share it too: with the same settings they are the same
 * training twice, not two samples of the seed-to-seed noise. Counting them as two makes a group
 * look larger and, when they agree bit for bit, noiseless: "the difference is exact, not noise"
 * where nothing about the noise was measured. The compare panel and `compareGroups` name them.
 */

/** "a, b and c", with at most `max` names and "and N more" (the compare panel lists runs the same way). */
export function listNames(names: readonly string[], max = 4): string {
  const shown = names.slice(0, max);
  const rest = names.length - shown.length;
  if (rest > 0) return `${shown.join(', ')} and ${rest} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1] ?? ''}`;
}

/** The run's seed param as logged, or null (a run logged from code may have none). */
export function seedOf(params: Readonly<Record<string, string>>): string | null {
  return Object.hasOwn(params, 'seed') ? (params.seed as string) : null;
}

export interface SharedSeed {
  readonly seed: string;
  /** The runs that used it, in the order given. */
  readonly names: readonly string[];
}

/** Seeds used by more than one of the runs, in the order of their first run. Runs without a seed are never shared. */
export function duplicateSeeds(runs: readonly { name: string; seed: string | null }[]): SharedSeed[] {
  const bySeed = new Map<string, string[]>();
  for (const run of runs) {
    if (run.seed === null) continue;
    const names = bySeed.get(run.seed);
    if (names) names.push(run.name);
    else bySeed.set(run.seed, [run.name]);
  }
  return [...bySeed.entries()].filter(([, names]) => names.length > 1).map(([seed, names]) => ({ seed, names }));
}

/**
 * "X and Y both used seed 42: counted once; repeat with other seeds." `counted`: what was done with
 * them (the panel counts them once; the console counts every run it was given).
 */
export function duplicateSeedNote(shared: SharedSeed, counted = 'the same training twice, not two samples of the noise'): string {
  const both = shared.names.length === 2 ? 'both' : 'all';
  return `${listNames(shared.names)} ${both} used seed ${shared.seed}: ${counted}; repeat with other seeds.`;
}

/**
 * The verdict when a group's runs share seeds. Zero spread measured on the same training counted
 * twice says nothing about the seed-to-seed noise, so "exact, not noise" (or "no difference") is
 * replaced by what is missing; every other verdict keeps its words and gains the note.
 */
export function sharedSeedVerdict(
  verdict: string,
  comparison: { readonly status: string },
  labels: { a: string; b: string },
  metric: string,
  note: string,
): string {
  if (comparison.status === 'no-variance') {
    return `Cannot tell yet whether ${labels.a} and ${labels.b} differ in ${metric}: their runs show no spread, but runs that share a seed are the same training repeated, so the seed-to-seed noise was not measured. ${note}`;
  }
  return `${verdict} ${note}`;
}

