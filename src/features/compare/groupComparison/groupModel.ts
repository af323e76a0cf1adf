/**
 * "Is the difference real?" as a pure view model: the compare view's runs put in groups (by
 * default the runs that differ only in their seed, or by a chosen param or tag), each group's
 * n, mean, spread and 95% interval of one metric, and for two groups Welch's comparison in words.
 * The statistics and the sentence are domain code (domain/stats); this module decides which runs
 * count, how the groups are named and what the panel says about the rest.
 */
import type { ColumnRef } from '../../../domain/compare/columns';
import { groupRuns } from '../../../domain/compare/grouping';
import type { RunId } from '../../../domain/ids';
import { recipeOfRun, TAG_ENTRY_POINT, TAG_RECIPE } from '../../../domain/recipes/runRecipe';
import { compareGroups, groupStats, type GroupComparison, type GroupSummary } from '../../../domain/stats/groupStats';
import { verdictSentence } from '../../../domain/stats/verdict';
import { metricDirection, type Direction } from '../../../domain/tracking/metricDirection';
import type { Run } from '../../../domain/tracking/types';
import { duplicateSeedNote, duplicateSeeds, listNames, seedOf, sharedSeedVerdict } from '../../../services/insights/duplicateSeeds';
import { TAG_SEARCH_ALGORITHM } from '../../../services/search/searchParentRun';

/** How runs are put in groups: runs that differ only in their seed, or one group per value of a column. */
export type GroupMode = { kind: 'seed' } | { kind: 'column'; column: ColumnRef };

export const SEED_MODE: GroupMode = { kind: 'seed' };

/** The param every recipe varies between repeats; the one difference the default grouping ignores. */
export const SEED_PARAM = 'seed';

/** A run as a dot: its name and its (finite) value of the metric. */
export interface GroupRun {
  readonly runId: RunId;
  readonly name: string;
  readonly value: number;
  /** The run was trained from a recipe, so "Repeat with seeds" can train it again. */
  readonly repeatable: boolean;
}

export interface ModelGroup {
  /** Stable within one set of runs and one mode; what the A/B choice stores. */
  readonly key: string;
  /** What sets this group apart from the others, e.g. "learning_rate=0.01". */
  readonly label: string;
  /** The group's runs that have a finite value of the metric, in the compare view's order. */
  readonly runs: readonly GroupRun[];
  /**
   * What the statistics count: one value per run, except in the seed grouping, where runs that
   * share a seed (a Verify re-run, a Re-run, two Train-form runs with the default seed) are the same
   * training and count once, as the mean of their values.
   */
  readonly samples: readonly number[];
  readonly stats: GroupSummary;
}

export interface PairVerdict {
  readonly a: ModelGroup;
  readonly b: ModelGroup;
  readonly comparison: GroupComparison;
  /** The answer in plain words (verdictSentence). */
  readonly verdict: string;
}

export interface GroupModel {
  readonly metric: string;
  readonly direction: Direction;
  /** What one member of a group is: a seed when the groups differ only by seed, else a run. */
  readonly unit: 'seeds' | 'runs';
  /** Groups of the runs that have the metric, in the order of their first run in the compare view. */
  readonly groups: readonly ModelGroup[];
  /** What was left out and why, and when every run is in one group: one sentence each. */
  readonly notes: readonly string[];
  /** The two groups compared (A and B), when there are at least two. */
  readonly pair: PairVerdict | null;
  /** Groups of the comparison (or the only group) with a single run: what "Repeat each with N seeds" repeats. */
  readonly single: readonly ModelGroup[];
}

/** A search's parent run (the repeat's too): it summarises its trials, it is not one. */
export function isSearchParent(run: Run): boolean {
  return Object.hasOwn(run.tags, TAG_SEARCH_ALGORITHM);
}

/**
 * The settings that define a run for the default grouping: its recipe and entry point, and its
 * params except the seed. For a run trained from a recipe only the entry point's own params count
 * (what the person chose): the params the recipe logs from the data are consequences, and some of
 * them change with the seed. Two Iris runs and two runs of each wine entry point (mlp, sgd,
 * elasticnet, random_forest) trained with seeds 1 and 2 logged identical params apart from `seed`
 * (checked in the browser), but the text classifier's vocabulary_size and input_width count the
 * words of the training split, which the seed shuffles, so runs that differ only in their seed
 * could land in different groups if every logged param counted. Runs logged from code (no recipe)
 * count every param but the seed.
 */
export function settingsOf(run: Run): RunSettings {
  const trained = recipeOfRun(run.tags);
  const keys = trained ? trained.entryPoint.params.map((p) => p.name) : Object.keys(run.params);
  const params: Record<string, string> = {};
  for (const key of keys) {
    if (key === SEED_PARAM || !Object.hasOwn(run.params, key)) continue;
    params[key] = run.params[key] as string;
  }
  const recipe = run.tags[TAG_RECIPE];
  const entryPoint = run.tags[TAG_ENTRY_POINT];
  const origin = recipe === undefined ? null : entryPoint === undefined ? recipe : `${recipe} / ${entryPoint}`;
  return { origin, params };
}

/** What defines a run for the default grouping: which recipe and entry point trained it (null: logged from code) and its params but the seed. */
export interface RunSettings {
  readonly origin: string | null;
  readonly params: Readonly<Record<string, string>>;
}

function settingsKey(settings: RunSettings): string {
  return JSON.stringify([settings.origin, Object.keys(settings.params).sort().map((k) => [k, settings.params[k]])]);
}

/** At most this many differences in a label; more read as a dump, not a name. */
const MAX_LABEL_PARTS = 3;
const NO_VALUE = '(none)';
const FROM_CODE = 'logged from code';

/**
 * One label per group of settings: what differs between the groups, the recipe first
 * ("wine_quality / sgd"), then the params ("learning_rate=0.01"). A group of one run whose
 * difference needs more than MAX_LABEL_PARTS parts is named after its run; a larger one lists the
 * first parts and how many more. A single group has nothing that sets it apart: its recipe, or
 * "all runs".
 */
export function seedGroupLabels(groups: ReadonlyArray<{ settings: RunSettings; firstRunName: string; size: number }>): string[] {
  const keys = [...new Set(groups.flatMap((g) => Object.keys(g.settings.params)))].sort();
  const differing = keys.filter((k) => new Set(groups.map((g) => g.settings.params[k] ?? NO_VALUE)).size > 1);
  const originDiffers = new Set(groups.map((g) => g.settings.origin)).size > 1;
  const used = new Set<string>();
  return groups.map((group) => {
    const parts = [
      ...(originDiffers ? [group.settings.origin ?? FROM_CODE] : []),
      ...differing.map((k) => `${k}=${group.settings.params[k] ?? NO_VALUE}`),
    ];
    let label: string;
    if (parts.length === 0) label = group.settings.origin ?? 'all runs';
    else if (parts.length <= MAX_LABEL_PARTS) label = parts.join(', ');
    else if (group.size === 1 && group.firstRunName) label = group.firstRunName;
    else label = `${parts.slice(0, MAX_LABEL_PARTS).join(', ')} +${parts.length - MAX_LABEL_PARTS} more`;
    // Two groups must never read the same (a cut label, a run name shared by two runs).
    let unique = label;
    for (let i = 2; used.has(unique); i++) unique = `${label} (${i})`;
    used.add(unique);
    return unique;
  });
}

interface RawGroup {
  key: string;
  label: string;
  runs: Run[];
}

function seedGroups(runs: readonly Run[]): RawGroup[] {
  const byKey = new Map<string, { settings: RunSettings; runs: Run[] }>();
  for (const run of runs) {
    const settings = settingsOf(run);
    const key = settingsKey(settings);
    const group = byKey.get(key);
    if (group) group.runs.push(run);
    else byKey.set(key, { settings, runs: [run] });
  }
  const entries = [...byKey.entries()];
  const labels = seedGroupLabels(entries.map(([, g]) => ({ settings: g.settings, firstRunName: g.runs[0]?.runName ?? '', size: g.runs.length })));
  return entries.map(([key, g], i) => ({ key, label: labels[i] ?? key, runs: g.runs }));
}

function columnGroups(runs: readonly Run[], column: ColumnRef): RawGroup[] {
  const byId = new Map(runs.map((r) => [r.runId as string, r]));
  return groupRuns(runs, column).map((g) => ({
    key: `${column.kind}:${column.key}=${g.value ?? '\u0000none'}`,
    label: `${column.key}=${g.label}`,
    runs: g.runIds.flatMap((id) => byId.get(id) ?? []),
  }));
}

export { listNames };

const runName = (run: Run) => run.runName || run.runId;

const STATUS_WORDS: Partial<Record<Run['status'], string>> = {
  RUNNING: 'is still running',
  SCHEDULED: 'has not started',
  KILLED: 'was stopped (KILLED)',
  FAILED: 'failed (FAILED)',
};

/** The two groups compared when the user has not chosen: the two largest, the earlier first on a tie. */
export function defaultPair(groups: readonly ModelGroup[]): [ModelGroup, ModelGroup] | null {
  if (groups.length < 2) return null;
  const ranked = groups.map((g, i) => ({ g, i })).sort((x, y) => y.g.runs.length - x.g.runs.length || x.i - y.i);
  const [first, second] = [ranked[0], ranked[1]].sort((x, y) => (x?.i ?? 0) - (y?.i ?? 0));
  return first && second ? [first.g, second.g] : null;
}

export interface GroupModelOptions {
  runs: readonly Run[];
  metric: string;
  mode: GroupMode;
  /** The user's A and B (group keys); ignored unless both name different existing groups. */
  pick?: { a: string; b: string } | null;
}

/** The panel's view of one metric: groups, their statistics, notes and (for two groups) the verdict. */
export function buildGroupModel({ runs, metric, mode, pick }: GroupModelOptions): GroupModel {
  const notes: string[] = [];
  const parents = runs.filter(isSearchParent);
  if (parents.length > 0) {
    notes.push(
      `${listNames(parents.map(runName))} ${parents.length === 1 ? 'is a search parent run' : 'are search parent runs'}, left out: ` +
        'a parent sums up its trials, it is not a run of its own.',
    );
  }
  const trials = runs.filter((r) => !isSearchParent(r));
  const valueOf = (run: Run): number | null => {
    const v = run.metrics[metric]?.latest.value;
    return v !== undefined && Number.isFinite(v) ? v : null;
  };
  const without = trials.filter((r) => !Object.hasOwn(r.metrics, metric));
  if (without.length > 0) notes.push(`${listNames(without.map(runName))} logged no ${metric}, left out.`);
  const nonFinite = trials.filter((r) => Object.hasOwn(r.metrics, metric) && valueOf(r) === null);
  if (nonFinite.length > 0) notes.push(`${listNames(nonFinite.map(runName))} ended with ${metric} not a number (NaN or infinite), left out.`);
  const withValue = trials.filter((r) => valueOf(r) !== null);
  // A run still training, stopped or failed has a partial value: it is no sample of a finished run.
  const unfinished = withValue.filter((r) => r.status !== 'FINISHED');
  if (unfinished.length > 0) {
    const byStatus = [...new Set(unfinished.map((r) => r.status))].map((status) => {
      const names = unfinished.filter((r) => r.status === status).map(runName);
      return `${listNames(names)} ${STATUS_WORDS[status] ?? `ended ${status}`}`;
    });
    notes.push(`${byStatus.join('; ')}: left out, ${unfinished.length === 1 ? 'its' : 'their'} ${metric} is not a finished run's value.`);
  }
  const counted = withValue.filter((r) => r.status === 'FINISHED');

  const raw = mode.kind === 'seed' ? seedGroups(counted) : columnGroups(counted, mode.column);
  const shared = new Map<string, string[]>();
  const groups: ModelGroup[] = raw.map((g) => {
    const members = g.runs.map((run) => ({ runId: run.runId, name: runName(run), value: valueOf(run) ?? 0, repeatable: recipeOfRun(run.tags) !== null }));
    const seeded = g.runs.map((run, i) => ({ name: runName(run), seed: seedOf(run.params), value: members[i]?.value ?? 0 }));
    const duplicates = duplicateSeeds(seeded);
    let samples = members.map((m) => m.value);
    if (mode.kind === 'seed') {
      // One sample per seed: the runs that share one are the same training (same settings).
      const bySeed = new Map<string, number[]>();
      samples = [];
      for (const run of seeded) {
        if (run.seed === null) samples.push(run.value);
        else bySeed.set(run.seed, [...(bySeed.get(run.seed) ?? []), run.value]);
      }
      for (const values of bySeed.values()) samples.push(values.reduce((sum, v) => sum + v, 0) / values.length);
      notes.push(
        ...duplicates.map((d) => {
          const values = seeded.filter((r) => r.seed === d.seed).map((r) => r.value);
          const agree = values.every((v) => Object.is(v, values[0]));
          return duplicateSeedNote(d, agree ? 'counted once' : `counted once, as the mean of their values of ${metric} (which differ)`);
        }),
      );
    } else if (duplicates.length > 0) {
      shared.set(g.key, duplicates.map((d) => duplicateSeedNote(d)));
      notes.push(...duplicates.map((d) => `${g.label}: ${duplicateSeedNote(d)}`));
    }
    return { key: g.key, label: g.label, runs: members, samples, stats: groupStats(samples) };
  });
  const unit = mode.kind === 'seed' ? 'seeds' : 'runs';
  const direction = metricDirection(metric);

  if (groups.length === 1 && counted.length > 1) {
    notes.push(
      mode.kind === 'seed'
        ? `All ${counted.length} runs have the same settings apart from their seed, so they form one group: compare them with runs that differ in a param, or group by a param.`
        : `All ${counted.length} runs have the same ${mode.column.key}, so they form one group: choose another param to group by.`,
    );
  }

  const chosenA = pick ? groups.find((g) => g.key === pick.a) : undefined;
  const chosenB = pick ? groups.find((g) => g.key === pick.b) : undefined;
  const pairGroups: [ModelGroup, ModelGroup] | null = chosenA && chosenB && chosenA !== chosenB ? [chosenA, chosenB] : defaultPair(groups);
  let pair: PairVerdict | null = null;
  if (pairGroups) {
    const [a, b] = pairGroups;
    const comparison = compareGroups(a.samples, b.samples);
    let verdict = verdictSentence({ metric, direction, labels: { a: a.label, b: b.label }, comparison, unit });
    const sharedNotes = [...(shared.get(a.key) ?? []), ...(shared.get(b.key) ?? [])];
    if (sharedNotes.length > 0) verdict = sharedSeedVerdict(verdict, comparison, { a: a.label, b: b.label }, metric, sharedNotes.join(' '));
    pair = { a, b, comparison, verdict };
  }
  const candidates = pair ? [pair.a, pair.b] : groups;
  const single = candidates.filter((g) => g.samples.length === 1);
  return { metric, direction, unit, groups, notes, pair, single };
}

/** The verdict's prefix for a group that could not be compared (one group, or none). */
export function soloSentence(model: GroupModel): string {
  const [only] = model.groups;
  if (!only) return `No run has a value of ${model.metric} to compare.`;
  if (only.runs.length === 1) {
    return `Only 1 run has ${model.metric}: to tell a real difference from seed noise, each group needs at least 2 runs (repeat it with a few seeds).`;
  }
  return `One group of ${only.runs.length} runs: nothing to compare it with yet.`;
}
