import { describe, expect, it } from 'vitest';
import { CLOSE_TOLERANCE, compareReproduction, isTimingMetric, reproductionSentence, type ReproRun } from './reproduce';

const TAGS = { 'trainyard.backend': 'wasm', 'trainyard.app_version': '1.2.0', 'trainyard.tfjs_version': '4.22.0', 'trainyard.threads': '1' };

function run(histories: Record<string, number[]>, changes: { params?: Record<string, string>; tags?: Record<string, string> } = {}): ReproRun {
  return { params: { seed: '42', dataset_digest: 'd1', ...changes.params }, tags: { ...TAGS, ...changes.tags }, histories };
}

const BASE = { loss: [1, 0.5, 0.25], test_rmse: [0.61], fit_seconds: [0.3] };

describe('compareReproduction', () => {
  it('is exact when every value of every metric is bit-identical, timings left out', () => {
    const report = compareReproduction(run(BASE), run({ ...BASE, fit_seconds: [0.9] }));
    expect(report.verdict).toBe('exact');
    expect(report.differences).toEqual([]);
    expect(report.checked).toEqual(['loss', 'test_rmse']);
    expect(report.skipped).toEqual(['fit_seconds']);
    expect(report.reasons).toEqual([]);
  });

  it('counts NaN as equal to NaN and -0 as equal to 0', () => {
    const a = run({ loss: [1, Number.NaN], test_rmse: [0] });
    const b = run({ loss: [1, Number.NaN], test_rmse: [-0] });
    expect(compareReproduction(a, b).verdict).toBe('exact');
  });

  it('is close within the stated tolerance, and lists what is not bit-identical', () => {
    const nudged = 0.61 * (1 + CLOSE_TOLERANCE.relative / 2);
    const report = compareReproduction(run(BASE), run({ ...BASE, test_rmse: [nudged] }));
    expect(report.verdict).toBe('close');
    expect(report.differences).toEqual([{ key: 'test_rmse', original: 0.61, rerun: nudged, relative: expect.closeTo(CLOSE_TOLERANCE.relative / 2, 8) }]);
  });

  it('differs when one point of one curve moves beyond the tolerance, even if the last values agree', () => {
    const report = compareReproduction(run(BASE), run({ ...BASE, loss: [1, 0.6, 0.25] }));
    expect(report.verdict).toBe('differs');
    expect(report.differences).toEqual([{ key: 'loss', original: 0.25, rerun: 0.25, relative: 0 }]);
  });

  it('differs when a metric has another number of points, and says which', () => {
    const report = compareReproduction(run(BASE), run({ loss: [1, 0.5], test_rmse: [0.61], fit_seconds: [1] }));
    expect(report.verdict).toBe('differs');
    expect(report.differences).toEqual([{ key: 'loss', original: 0.25, rerun: 0.5, relative: 0.5 }]);
  });

  it('differs when the re-run logs a metric the run did not, and says which', () => {
    const report = compareReproduction(run(BASE), run({ ...BASE, extra: [1] }));
    expect(report.verdict).toBe('differs');
    expect(report.differences).toEqual([{ key: 'extra', original: null, rerun: 1, relative: null }]);
    expect(report.reasons).toContain('The re-run logged extra, which the run did not.');
  });

  it('leaves out of the verdict a metric only the run has (logged by hand after training), saying it was not re-computed', () => {
    const report = compareReproduction(run({ ...BASE, my_note_score: [1] }), run(BASE));
    expect(report.verdict).toBe('exact');
    expect(report.checked).toEqual(['loss', 'test_rmse']);
    expect(report.reasons).toEqual(['my_note_score was not re-computed by training (logged on the run after it trained?), so it is left out of the verdict.']);
    // Other metrics that differ still make it differ.
    const moved = compareReproduction(run({ ...BASE, my_note_score: [1] }), run({ ...BASE, test_rmse: [0.7] }));
    expect(moved.verdict).toBe('differs');
    expect(moved.differences.map((d) => d.key)).toEqual(['test_rmse']);
  });

  it('orders differences by how much they moved', () => {
    const report = compareReproduction(run({ a: [1], b: [1], c: [1] }), run({ a: [1.01], b: [2], c: [1.1] }));
    expect(report.differences.map((d) => d.key)).toEqual(['b', 'c', 'a']);
  });

  it('is not comparable when the dataset, the app or TF.js differ, naming each', () => {
    const report = compareReproduction(run(BASE), run(BASE, { params: { dataset_digest: 'd2' }, tags: { 'trainyard.tfjs_version': '4.23.0' } }));
    expect(report.verdict).toBe('not comparable');
    expect(report.reasons).toEqual([
      'the dataset\'s bytes (its digest) differs: the run had "d1", the re-run "d2".',
      'TF.js\'s version differs: the run had "4.22.0", the re-run "4.23.0".',
    ]);
    const missing = compareReproduction(run(BASE, { tags: { 'trainyard.app_version': '' } }), run(BASE));
    expect(missing.reasons[0]).toBe('Trainyard\'s version differs: the run had "", the re-run "1.2.0".');
  });

  it('on another backend: close within the tolerance, otherwise not comparable (not "differs")', () => {
    const other = { tags: { 'trainyard.backend': 'webgl' } };
    const close = compareReproduction(run(BASE), run({ ...BASE, test_rmse: [0.61000001] }, other));
    expect(close.verdict).toBe('close');
    expect(close.reasons[0]).toContain('the run trained on "wasm", the re-run on "webgl"');
    expect(compareReproduction(run(BASE), run({ ...BASE, test_rmse: [0.7] }, other)).verdict).toBe('not comparable');
  });

  it('mentions a different thread count when the runs differ', () => {
    const report = compareReproduction(run(BASE), run({ ...BASE, test_rmse: [0.7] }, { tags: { 'trainyard.threads': '4' } }));
    expect(report.verdict).toBe('differs');
    expect(report.reasons.at(-1)).toContain('different numbers of threads ("1" and "4")');
  });

  it('says when there was nothing to compare', () => {
    const report = compareReproduction(run({ fit_seconds: [1] }), run({ fit_seconds: [2] }));
    expect(report.verdict).toBe('exact');
    expect(report.reasons).toEqual(['Neither run logged a metric to compare.']);
  });
});

describe('isTimingMetric', () => {
  it('knows the wall-clock metrics the recipes log, and not the scores', () => {
    for (const key of ['fit_seconds', 'train_samples_per_s', 'epoch_time', 'step_ms', 'predict/duration']) expect(isTimingMetric(key)).toBe(true);
    for (const key of ['loss', 'val_loss', 'test_rmse', 'timestamp_count', 'oob_r2', 'msle', 'times_better']) expect(isTimingMetric(key)).toBe(false);
  });
});

describe('reproductionSentence', () => {
  it('puts each verdict in one plain sentence', () => {
    expect(reproductionSentence({ verdict: 'exact', differences: [], checked: ['a', 'b'], reasons: [] })).toBe(
      'Reproduced exactly: the re-run logged bit-identical values for all 2 metrics.',
    );
    expect(reproductionSentence({ verdict: 'close', differences: [], checked: ['a'], reasons: [] })).toContain('agree to 0.0001 relative');
    const differences = ['a', 'b', 'c', 'd'].map((key) => ({ key, original: 1, rerun: 2, relative: 0.5 }));
    expect(reproductionSentence({ verdict: 'differs', differences, checked: ['a', 'b', 'c', 'd', 'e'], reasons: [] })).toBe(
      'Did not reproduce: 4 of 5 metrics differ (a, b, c and 1 more) with the same data, params, seed and backend.',
    );
    expect(reproductionSentence({ verdict: 'not comparable', differences: [], checked: [], reasons: ['The backend differs.'] })).toBe('Not comparable: The backend differs.');
  });
});
