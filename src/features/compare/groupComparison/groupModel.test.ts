import { describe, expect, it } from 'vitest';
import type { Run } from '../../../domain/tracking/types';
import { makeRun } from '../../../test/makeRun';
import { buildGroupModel, defaultPair, listNames, seedGroupLabels, settingsOf, soloSentence, type ModelGroup } from './groupModel';

const IRIS = { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' };

/** An Iris run as the training worker logs it: the entry point's params, then what it read from the data. */
function iris(id: string, seed: number, accuracy: number, extra: Record<string, string> = {}): Run {
  return makeRun({
    id,
    name: `iris-${id}`,
    params: { epochs: '5', learning_rate: '0.05', test_fraction: '0.25', seed: String(seed), train_size: '112', opt_name: 'Adam', ...extra },
    tags: { ...IRIS },
    metrics: { test_accuracy: accuracy, loss: 0.5 },
  });
}

function values(group: ModelGroup | undefined): number[] {
  return group?.runs.map((r) => r.value) ?? [];
}

describe('settingsOf', () => {
  it('should count only the entry point params but the seed for a recipe run (derived params such as vocabulary_size change with the seed)', () => {
    const run = iris('a', 1, 0.9, { vocabulary_size: '812' });
    expect(settingsOf(run)).toEqual({ origin: 'iris_logreg / main', params: { epochs: '5', learning_rate: '0.05', test_fraction: '0.25' } });
  });

  it('should count every param but the seed for a run logged from code', () => {
    const run = makeRun({ id: 'c', params: { lr: '0.1', seed: '3', batch: '32' } });
    expect(settingsOf(run)).toEqual({ origin: null, params: { lr: '0.1', batch: '32' } });
  });
});

describe('seedGroupLabels', () => {
  const settings = (params: Record<string, string>, origin: string | null = 'iris_logreg / main') => ({ origin, params });

  it('should name each group by the params that differ between the groups only', () => {
    const labels = seedGroupLabels([
      { settings: settings({ epochs: '5', learning_rate: '0.01' }), firstRunName: 'x', size: 3 },
      { settings: settings({ epochs: '5', learning_rate: '0.1' }), firstRunName: 'y', size: 3 },
    ]);
    expect(labels).toEqual(['learning_rate=0.01', 'learning_rate=0.1']);
  });

  it('should name a single group after its recipe, and runs from code "all runs"', () => {
    expect(seedGroupLabels([{ settings: settings({ epochs: '5' }), firstRunName: 'x', size: 2 }])).toEqual(['iris_logreg / main']);
    expect(seedGroupLabels([{ settings: settings({ lr: '1' }, null), firstRunName: 'x', size: 2 }])).toEqual(['all runs']);
  });

  it('should name a one-run group by its run when more than three things differ, and never give two groups one label', () => {
    const many = (v: string) => settings({ a: v, b: v, c: v, d: v });
    const labels = seedGroupLabels([
      { settings: many('1'), firstRunName: 'first', size: 1 },
      { settings: many('2'), firstRunName: 'first', size: 1 },
      { settings: many('3'), firstRunName: 'big', size: 4 },
    ]);
    expect(labels).toEqual(['first', 'first (2)', 'a=3, b=3, c=3 +1 more']);
  });

  it('should say what a param is when one group lacks it, and put a different recipe first', () => {
    const labels = seedGroupLabels([
      { settings: settings({ lr: '0.1', momentum: '0.9' }, 'wine_quality / sgd'), firstRunName: 'x', size: 2 },
      { settings: settings({ lr: '0.1' }, 'wine_quality / mlp'), firstRunName: 'y', size: 2 },
    ]);
    expect(labels).toEqual(['wine_quality / sgd, momentum=0.9', 'wine_quality / mlp, momentum=(none)']);
  });
});

describe('buildGroupModel', () => {
  it('should group runs that differ only in their seed and say whether two groups differ, in seeds', () => {
    const runs = [
      iris('a1', 1, 0.9),
      iris('a2', 2, 0.92),
      iris('a3', 3, 0.91),
      iris('b1', 1, 0.95, { learning_rate: '0.1' }),
      iris('b2', 2, 0.97, { learning_rate: '0.1' }),
      iris('b3', 3, 0.96, { learning_rate: '0.1' }),
    ];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.groups.map((g) => [g.label, g.runs.length])).toEqual([
      ['learning_rate=0.05', 3],
      ['learning_rate=0.1', 3],
    ]);
    expect(values(model.groups[0])).toEqual([0.9, 0.92, 0.91]);
    expect(model.groups[0]?.stats.mean).toBeCloseTo(0.91, 12);
    expect(model.unit).toBe('seeds');
    expect(model.direction).toBe('higher');
    expect(model.pair?.a.label).toBe('learning_rate=0.05');
    expect(model.pair?.verdict).toMatch(/^learning_rate=0\.1's test_accuracy is 0\.05 higher \(95% CI .*, p [=<] .*, 3 seeds each\)/);
    expect(model.pair?.verdict).toContain('so learning_rate=0.1 is better');
    expect(model.notes).toEqual([]);
    expect(model.single).toEqual([]);
  });

  it('should say what is missing when each group has one run, and list those runs to repeat', () => {
    const runs = [iris('a', 1, 0.9), iris('b', 1, 0.95, { learning_rate: '0.1' })];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.pair?.comparison.status).toBe('insufficient');
    expect(model.pair?.verdict).toContain('has only 1 run');
    expect(model.single.map((g) => g.runs[0]?.runId)).toEqual(['a', 'b']);
    expect(model.single.every((g) => g.runs[0]?.repeatable)).toBe(true);
    expect(JSON.stringify(model)).not.toMatch(/NaN|undefined/);
  });

  it('should leave out search parents, runs without the metric and runs whose value is not a number, and say which', () => {
    const parent = makeRun({ id: 'p', name: 'iris × 5 seeds', tags: { 'trainyard.search.algorithm': 'grid' }, metrics: { test_accuracy: 0.95 } });
    const noMetric = makeRun({ id: 'n', name: 'no-metric', tags: { ...IRIS }, params: { seed: '1' } });
    const nan = iris('x', 9, Number.NaN);
    const model = buildGroupModel({ runs: [parent, iris('a', 1, 0.9), iris('b', 2, 0.91), noMetric, nan], metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.notes).toEqual([
      'iris × 5 seeds is a search parent run, left out: a parent sums up its trials, it is not a run of its own.',
      'no-metric logged no test_accuracy, left out.',
      'iris-x ended with test_accuracy not a number (NaN or infinite), left out.',
      'All 2 runs have the same settings apart from their seed, so they form one group: compare them with runs that differ in a param, or group by a param.',
    ]);
    expect(model.groups).toHaveLength(1);
    expect(model.pair).toBeNull();
    expect(soloSentence(model)).toBe('One group of 2 runs: nothing to compare it with yet.');
  });

  it('should group by a param when asked, in runs, and name groups by that param', () => {
    const runs = [iris('a', 1, 0.9), iris('b', 2, 0.9), iris('c', 3, 0.9, { learning_rate: '0.1' }), iris('d', 4, 0.9, { learning_rate: '0.1' })];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'column', column: { kind: 'param', key: 'learning_rate' } } });
    expect(model.groups.map((g) => g.label)).toEqual(['learning_rate=0.05', 'learning_rate=0.1']);
    expect(model.unit).toBe('runs');
    // Zero variance in both groups and equal means: no difference, said plainly, no NaN.
    expect(model.pair?.comparison.status).toBe('no-variance');
    expect(model.pair?.verdict).toContain('is the same as');
    expect(JSON.stringify(model)).not.toMatch(/NaN|undefined/);
  });

  it('should compare the two groups the user picked among more, and the two largest by default', () => {
    const runs = [
      iris('a', 1, 0.9, { learning_rate: '0.01' }),
      iris('b1', 1, 0.91),
      iris('b2', 2, 0.92),
      iris('c1', 1, 0.95, { learning_rate: '0.1' }),
      iris('c2', 2, 0.96, { learning_rate: '0.1' }),
      iris('c3', 3, 0.94, { learning_rate: '0.1' }),
    ];
    const byDefault = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect([byDefault.pair?.a.label, byDefault.pair?.b.label]).toEqual(['learning_rate=0.05', 'learning_rate=0.1']);
    const [g0, , g2] = byDefault.groups;
    const picked = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' }, pick: { a: g2?.key ?? '', b: g0?.key ?? '' } });
    expect([picked.pair?.a.label, picked.pair?.b.label]).toEqual(['learning_rate=0.1', 'learning_rate=0.01']);
    expect(picked.single.map((g) => g.label)).toEqual(['learning_rate=0.01']);
    // A pick that names one group twice (or a group that is gone) falls back to the default.
    const same = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' }, pick: { a: g0?.key ?? '', b: g0?.key ?? '' } });
    expect(same.pair?.a.label).toBe('learning_rate=0.05');
  });

  it('should call means equal when they differ only in their last bits (seen with six real Iris seeds each)', () => {
    const acc = (k: number) => k / 38;
    // In this order the sums differ in their last bit: B − A is 1.1e-16 before the fix.
    const a = [38, 38, 38, 36, 37, 34].map((k, i) => iris(`a${i}`, i, acc(k)));
    const b = [38, 38, 38, 36, 36, 35].map((k, i) => iris(`b${i}`, i, acc(k), { learning_rate: '0.5' }));
    const model = buildGroupModel({ runs: [...a, ...b], metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.pair?.comparison.difference.mean).toBe(0);
    expect(model.pair?.comparison.pValue).toBe(1);
    const ci = model.pair?.comparison.difference.ci95 ?? [0, 0];
    expect(ci[0]).toBeCloseTo(-ci[1], 15);
    expect(model.pair?.verdict).toBe("learning_rate=0.5's test_accuracy is the same as learning_rate=0.05's on average (0.969, 6 seeds each): there is no difference.");
  });

  it('should leave a real difference alone, however small', () => {
    const runs = [iris('a', 1, 1e-9), iris('b', 2, 2e-9), iris('c', 1, 1.5e-9, { learning_rate: '0.5' }), iris('d', 2, 2.5e-9, { learning_rate: '0.5' })];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.pair?.comparison.difference.mean).toBeCloseTo(5e-10, 20);
  });

  it('should leave out runs that are not FINISHED (running, stopped, failed), naming them, as their values are partial', () => {
    const status = (id: string, s: Run['status']) => ({ ...iris(id, id.charCodeAt(0), 0.1), status: s, runName: id });
    const runs = [iris('a', 1, 0.9), iris('b', 2, 0.92), status('live', 'RUNNING'), status('stopped', 'KILLED'), status('broke', 'FAILED')];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.groups.map((g) => g.runs.map((r) => r.runId))).toEqual([['a', 'b']]);
    expect(model.notes).toContain(
      "live is still running; stopped was stopped (KILLED); broke failed (FAILED): left out, their test_accuracy is not a finished run's value.",
    );
  });

  it('should count runs that share a seed once in the seed grouping (a Verify re-run, two runs with the default seed), saying so', () => {
    const runs = [
      iris('a', 7, 0.9),
      { ...iris('a-verify', 7, 0.9), runName: 'a (verify)' },
      iris('b', 8, 0.91, { learning_rate: '0.5' }),
      { ...iris('b-verify', 8, 0.91, { learning_rate: '0.5' }), runName: 'b (verify)' },
    ];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(model.groups.map((g) => [g.runs.length, g.stats.n])).toEqual([[2, 1], [2, 1]]);
    expect(model.pair?.verdict).not.toContain('exact, not noise');
    expect(model.pair?.verdict).toMatch(/has only 1 run/);
    expect(model.notes).toContain('iris-a and a (verify) both used seed 7: counted once; repeat with other seeds.');
    // Each group is one seed: the panel offers to repeat them.
    expect(model.single.map((g) => g.runs[0]?.runId)).toEqual(['a', 'b']);
  });

  it('should count runs sharing a seed as the mean of their values when they differ, and say so', () => {
    const runs = [iris('a', 7, 0.9), iris('a2', 7, 0.8), iris('c', 9, 0.7)];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect([...(model.groups[0]?.samples ?? [])].sort()).toEqual([0.7, (0.9 + 0.8) / 2].sort());
    expect(model.notes[0]).toBe('iris-a and iris-a2 both used seed 7: counted once, as the mean of their values of test_accuracy (which differ); repeat with other seeds.');
  });

  it('should never call a difference exact when grouped by a column whose groups repeat a seed', () => {
    const runs = [iris('a', 7, 0.9), iris('a2', 7, 0.9), iris('b', 7, 0.95, { learning_rate: '0.5' }), iris('b2', 7, 0.95, { learning_rate: '0.5' })];
    const model = buildGroupModel({ runs, metric: 'test_accuracy', mode: { kind: 'column', column: { kind: 'param', key: 'learning_rate' } } });
    expect(model.pair?.comparison.status).toBe('no-variance');
    expect(model.pair?.verdict).not.toContain('exact, not noise');
    expect(model.pair?.verdict).toMatch(/^Cannot tell yet .* iris-a and iris-a2 both used seed 7/);
    expect(model.notes.length).toBe(2);
  });

  it('should say runs from code cannot be repeated', () => {
    const runs = [makeRun({ id: 'a', params: { lr: '0.1' }, metrics: { loss: 1 } }), makeRun({ id: 'b', params: { lr: '0.2' }, metrics: { loss: 2 } })];
    const model = buildGroupModel({ runs, metric: 'loss', mode: { kind: 'seed' } });
    expect(model.single.map((g) => g.runs[0]?.repeatable)).toEqual([false, false]);
    expect(model.pair?.verdict).toMatch(/^Cannot tell yet whether lr=0\.1 and lr=0\.2 differ in loss/);
  });

  it('should explain an empty or one-run comparison without a NaN', () => {
    expect(soloSentence(buildGroupModel({ runs: [], metric: 'loss', mode: { kind: 'seed' } }))).toBe('No run has a value of loss to compare.');
    const one = buildGroupModel({ runs: [iris('a', 1, 0.9)], metric: 'test_accuracy', mode: { kind: 'seed' } });
    expect(soloSentence(one)).toContain('Only 1 run has test_accuracy');
    expect(one.single).toHaveLength(1);
    expect(one.groups[0]?.stats.std).toBeNull();
  });
});

describe('defaultPair and listNames', () => {
  it('should keep the compare view order of the two largest groups', () => {
    const g = (key: string, n: number) => ({ key, label: key, runs: Array.from({ length: n }, () => ({ runId: key, name: key, value: 1, repeatable: false })), stats: {} }) as unknown as ModelGroup;
    expect(defaultPair([g('a', 1), g('b', 3), g('c', 2)])?.map((x) => x.key)).toEqual(['b', 'c']);
    expect(defaultPair([g('a', 2), g('b', 1), g('c', 2)])?.map((x) => x.key)).toEqual(['a', 'c']);
    expect(defaultPair([g('a', 2)])).toBeNull();
  });

  it('should list a few names in English', () => {
    expect(listNames(['a'])).toBe('a');
    expect(listNames(['a', 'b', 'c'])).toBe('a, b and c');
    expect(listNames(['a', 'b', 'c', 'd', 'e', 'f'])).toBe('a, b, c, d and 2 more');
  });
});
