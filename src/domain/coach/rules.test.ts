import { describe, expect, it } from 'vitest';
import type { CoachInput, MetricPoint } from './coach.types';
import { noiseLevel, pickCurves } from './curves';
import { detectDivergence } from './divergence';
import { detectOverfitting } from './overfitting';
import { detectLearningTooSlowly, detectNotConverged } from './progress';
import { detectUnderfitting } from './underfitting';

/** A curve of n epochs (0 … n−1) from a formula. */
const series = (n: number, f: (epoch: number) => number): MetricPoint[] => Array.from({ length: n }, (_, i) => ({ step: i, value: f(i) }));

/** Deterministic noise in [−1, 1) (a small LCG), so the noisy fixtures are the same on every run. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return (state / 2 ** 32) * 2 - 1;
  };
}

function input(histories: CoachInput['histories'], params: CoachInput['params'] = {}, extra: Partial<CoachInput> = {}): CoachInput {
  return { histories, params, finalMetrics: {}, ...extra };
}

const falling = (n: number): MetricPoint[] => series(n, (i) => 0.2 + Math.exp(-i / 8));
/** Validation loss falling to 0.41 at epoch 12, then rising 0.0055 an epoch to epoch 30. */
const overfitVal = series(31, (i) => (i <= 12 ? 0.41 + (0.5 * (12 - i)) / 12 : 0.41 + 0.0055 * (i - 12)));

describe('noiseLevel', () => {
  it('is 0 for a straight line, whatever its slope', () => {
    expect(noiseLevel([1, 2, 3, 4, 5, 6])).toBe(0);
  });
  it('measures the wobble of a noisy curve', () => {
    const rand = noise(3);
    const values = Array.from({ length: 200 }, () => 0.5 + 0.03 * rand());
    // Uniform noise of half-width 0.03 has σ = 0.03/√3 ≈ 0.017.
    expect(noiseLevel(values)).toBeGreaterThan(0.01);
    expect(noiseLevel(values)).toBeLessThan(0.03);
  });
});

describe('detectDivergence', () => {
  it('should fire at the first NaN of the training loss and suggest a 10× smaller learning rate', () => {
    const loss = series(10, (i) => (i >= 7 ? NaN : 1 - 0.05 * i));
    const finding = detectDivergence(pickCurves(input({ loss })), input({ loss }, { learning_rate: '0.01' }));
    expect(finding).toMatchObject({ finding: 'divergence', fromEpoch: 7, suggestion: { params: { learning_rate: 0.001 } } });
    expect(finding?.evidence).toContain('became NaN at epoch 7, after being 0.7 at epoch 6');
  });
  it('should fire on Infinity too', () => {
    const loss = [...series(3, () => 1), { step: 3, value: Infinity }];
    expect(detectDivergence(pickCurves(input({ loss })), input({ loss }))?.fromEpoch).toBe(3);
  });
  it('should fire when the loss climbs far above its minimum and stays there', () => {
    const loss = [1, 0.8, 0.6, 0.5, 0.45, 0.4, 0.8, 1.5, 3, 6].map((value, step) => ({ step, value }));
    const finding = detectDivergence(pickCurves(input({ loss })), input({ loss }, { learning_rate: '0.5' }));
    expect(finding).toMatchObject({ finding: 'divergence', fromEpoch: 6, suggestion: { params: { learning_rate: 0.05 } } });
    expect(finding?.evidence).toContain('lowest at epoch 5 (0.4) and then rose to 6 by epoch 9');
  });
  it('should fire when accuracy collapses (classification, no loss logged)', () => {
    const acc = [0.5, 0.7, 0.85, 0.9, 0.4, 0.35, 0.33].map((value, step) => ({ step, value }));
    const finding = detectDivergence(pickCurves(input({ acc }, {}, { task: 'classification' })), input({ acc }));
    expect(finding).toMatchObject({ finding: 'divergence', fromEpoch: 4, suggestion: null });
    expect(finding?.evidence).toContain('then fell to 0.33');
  });
  it.each([
    ['a single noisy uptick in the middle', [1, 0.8, 0.6, 1.9, 0.45, 0.4, 0.38, 0.37, 0.36]],
    ['a single uptick at the last epoch', [1, 0.8, 0.6, 0.5, 0.45, 0.4, 0.38, 0.37, 1.5]],
    ['a loss near 0 that wobbles', [2.3, 1, 0.4, 0.1, 0.05, 0.1, 0.12, 0.11]],
    ['a healthy falling loss', [1, 0.6, 0.4, 0.3, 0.25, 0.22, 0.21]],
  ])('should not fire on %s', (_, values) => {
    const loss = values.map((value, step) => ({ step, value }));
    expect(detectDivergence(pickCurves(input({ loss })), input({ loss }, { learning_rate: '0.01' }))).toBeNull();
  });
  it('should not fire on a NaN in the validation loss only', () => {
    const histories = { loss: falling(10), val_loss: series(10, (i) => (i === 4 ? NaN : 0.5)) };
    expect(detectDivergence(pickCurves(input(histories)), input(histories))).toBeNull();
  });
  it('should not fire on empty histories', () => {
    expect(detectDivergence(pickCurves(input({})), input({}))).toBeNull();
  });
});

describe('detectOverfitting', () => {
  const histories = { loss: falling(31), val_loss: overfitVal };
  it('should fire from the epoch of the lowest validation loss and suggest stopping there', () => {
    const finding = detectOverfitting(pickCurves(input(histories)), input(histories, { epochs: '31' }));
    expect(finding).toMatchObject({ finding: 'overfitting', fromEpoch: 12, suggestion: { params: { epochs: 13 } } });
    expect(finding?.evidence).toMatch(/^The validation loss has risen for 18 epochs since epoch 12 \(0\.41 → 0\.509\) while the training loss kept improving \(0\.4\d+ → 0\.2\d+\)/);
  });
  it('should still fire through noise on the rising part', () => {
    const rand = noise(7);
    const val = overfitVal.map((p) => ({ step: p.step, value: p.value + 0.005 * rand() }));
    const noisy = { loss: falling(31), val_loss: val };
    expect(detectOverfitting(pickCurves(input(noisy)), input(noisy))?.finding).toBe('overfitting');
  });
  it('should suggest nothing when the run has no epochs param', () => {
    expect(detectOverfitting(pickCurves(input(histories)), input(histories, { learning_rate: '0.01' }))?.suggestion).toBeNull();
  });
  it('should read accuracy curves, where getting worse is falling', () => {
    const acc = { acc: series(20, (i) => 0.6 + 0.02 * i), val_acc: series(20, (i) => (i <= 8 ? 0.6 + 0.03 * i : 0.84 - 0.02 * (i - 8))) };
    const finding = detectOverfitting(pickCurves(input(acc, {}, { task: 'classification' })), input(acc, { epochs: '20' }));
    expect(finding).toMatchObject({ fromEpoch: 8, suggestion: { params: { epochs: 9 } } });
    expect(finding?.evidence).toContain('validation accuracy has fallen for 11 epochs since epoch 8');
  });
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])(
    'should not fire on a noisy but flat validation loss (seed %i)',
    (seed) => {
      const rand = noise(seed);
      const flat = { loss: falling(40), val_loss: series(40, () => 0.5 + 0.03 * rand()) };
      expect(detectOverfitting(pickCurves(input(flat)), input(flat, { epochs: '40' }))).toBeNull();
    },
  );
  it('should not fire when the training loss rises too (that is the optimiser, not memorising)', () => {
    const both = { loss: series(31, (i) => 0.5 + 0.01 * i), val_loss: overfitVal };
    expect(detectOverfitting(pickCurves(input(both)), input(both))).toBeNull();
  });
  it('should not fire without a validation curve, on a 3-epoch run, or on empty histories', () => {
    const runs: CoachInput['histories'][] = [{ loss: falling(31) }, { loss: falling(3), val_loss: series(3, (i) => 0.5 + 0.1 * i) }, {}];
    for (const h of runs) {
      expect(detectOverfitting(pickCurves(input(h)), input(h, { epochs: '10' }))).toBeNull();
    }
  });
  it('should not fire on a rise shorter than the patience', () => {
    const late = { loss: falling(20), val_loss: series(20, (i) => (i <= 16 ? 1 - 0.03 * i : 0.52 + 0.05 * (i - 16))) };
    expect(detectOverfitting(pickCurves(input(late)), input(late))).toBeNull();
  });
});

describe('detectUnderfitting', () => {
  // Falls quickly from 0.9 to 0.65 and stays there.
  const flatHigh = { loss: series(30, (i) => 0.65 + 0.25 * Math.exp(-i)) };
  const nearBaseline = { test_rmse: 0.8, test_baseline_rmse: 0.82 };
  it('should fire when the test metric is close to the baseline and the loss is flat', () => {
    const finding = detectUnderfitting(pickCurves(input(flatHigh)), input(flatHigh, { hidden_layers: '64,32', learning_rate: '0.01' }, { finalMetrics: nearBaseline }));
    expect(finding).toMatchObject({ finding: 'underfitting', fromEpoch: 20, suggestion: { params: { hidden_layers: '128,64' } } });
    expect(finding?.evidence).toContain('test RMSE (0.8) is only 2.4% better than guessing the mean (0.82)');
  });
  it('should prefer hidden_units, then learning_rate, then nothing', () => {
    const curves = pickCurves(input(flatHigh));
    const run = (params: Record<string, string>) => detectUnderfitting(curves, input(flatHigh, params, { finalMetrics: nearBaseline }))?.suggestion;
    expect(run({ hidden_units: '512', learning_rate: '0.01' })?.params).toEqual({ hidden_units: 1024 });
    expect(run({ learning_rate: '0.01' })?.params).toEqual({ learning_rate: 0.1 });
    expect(run({ epochs: '30' })).toBeNull();
  });
  it('should fire for a classifier barely beating the majority class', () => {
    const acc = { acc: series(12, () => 0.36) };
    const metrics = { test_accuracy: 0.35, test_baseline_accuracy: 0.33 };
    const finding = detectUnderfitting(pickCurves(input(acc, {}, { task: 'classification' })), input(acc, {}, { finalMetrics: metrics, task: 'classification' }));
    expect(finding?.evidence).toContain('test accuracy (0.35) is only 3% better than always guessing the majority class (0.33)');
  });
  it('should say "no better than" when the model is worse than the baseline', () => {
    const finding = detectUnderfitting(pickCurves(input(flatHigh)), input(flatHigh, {}, { finalMetrics: { test_rmse: 0.9, test_baseline_rmse: 0.82 } }));
    expect(finding?.evidence).toContain('is no better than guessing the mean');
  });
  it.each([
    ['the model clearly beats the baseline', flatHigh, { test_rmse: 0.6, test_baseline_rmse: 0.82 }],
    ['no baseline was logged', flatHigh, { test_rmse: 0.8 }],
    ['the loss is still falling over the last third', { loss: series(30, (i) => 1 - 0.02 * i) }, nearBaseline],
    ['the run has only 2 epochs', { loss: series(2, () => 0.65) }, nearBaseline],
  ])('should not fire when %s', (_, histories, finalMetrics) => {
    expect(detectUnderfitting(pickCurves(input(histories)), input(histories, { hidden_units: '8' }, { finalMetrics }))).toBeNull();
  });
});

describe('detectNotConverged', () => {
  const stillFalling = { loss: series(20, (i) => Math.exp(-i / 40)), val_loss: series(20, (i) => 1.1 * Math.exp(-i / 40)) };
  it('should fire when the (validation) loss is still clearly improving at the end and suggest twice the epochs', () => {
    const finding = detectNotConverged(pickCurves(input(stillFalling)), input(stillFalling, { epochs: '20' }));
    expect(finding).toMatchObject({ finding: 'not_converged', fromEpoch: 16, suggestion: { params: { epochs: 40 } } });
    expect(finding?.evidence).toMatch(/^The validation loss was still improving at the last epoch: 0\.73\d* at epoch 16 → 0\.68\d* at epoch 19 \(about 2\.\d% better per epoch\)/);
  });
  it('should cap the suggestion at the limits, and drop it when already at the cap', () => {
    const curves = pickCurves(input(stillFalling));
    expect(detectNotConverged(curves, input(stillFalling, { epochs: '800' }))?.suggestion?.params).toEqual({ epochs: 1000 });
    expect(detectNotConverged(curves, input(stillFalling, { epochs: '1000' }))?.suggestion).toBeNull();
    expect(detectNotConverged(curves, input(stillFalling, { epochs: '150' }, { paramLimits: { epochs: { max: 200 } } }))?.suggestion?.params).toEqual({ epochs: 200 });
  });
  it('should fire on a short run of 3 epochs that is still falling fast', () => {
    const short = { loss: [1, 0.8, 0.6].map((value, step) => ({ step, value })) };
    expect(detectNotConverged(pickCurves(input(short)), input(short, { epochs: '3' }))?.suggestion?.params).toEqual({ epochs: 6 });
  });
  it.each([
    ['a curve that plateaus', { loss: series(40, (i) => 0.2 + Math.exp(-i / 3)) }],
    ['an overfitting run', { loss: falling(31), val_loss: overfitVal }],
    ['a noisy flat curve', { loss: series(30, (() => { const r = noise(5); return () => 0.5 + 0.03 * r(); })()) }],
    ['a single epoch', { loss: series(1, () => 1) }],
    ['empty histories', {}],
  ])('should not fire on %s', (_, histories) => {
    expect(detectNotConverged(pickCurves(input(histories)), input(histories, { epochs: '30' }))).toBeNull();
  });
});

describe('detectLearningTooSlowly', () => {
  const straight = { loss: series(20, (i) => 1 - 0.01 * i) };
  it('should fire on a straight, shallow descent with a small learning rate and suggest 10× it', () => {
    const finding = detectLearningTooSlowly(pickCurves(input(straight)), input(straight, { learning_rate: '0.00001' }));
    expect(finding).toMatchObject({ finding: 'learning_too_slowly', fromEpoch: 0, suggestion: { params: { learning_rate: 0.0001 } } });
    expect(finding?.evidence).toContain('from 1 to 0.81 over 20 epochs (only 19% better) with a small learning rate (0.00001)');
  });
  it.each([
    ['the learning rate is not small', straight, { learning_rate: '0.01' }],
    ['there is no learning_rate param', straight, { epochs: '20' }],
    ['the curve bends and levels off', { loss: series(20, (i) => 0.2 + Math.exp(-i / 3)) }, { learning_rate: '0.0001' }],
    ['the curve is flat', { loss: series(20, () => 0.7) }, { learning_rate: '0.0001' }],
    ['the run is shorter than 5 epochs', { loss: series(4, (i) => 1 - 0.01 * i) }, { learning_rate: '0.0001' }],
  ])('should not fire when %s', (_, histories, params) => {
    expect(detectLearningTooSlowly(pickCurves(input(histories)), input(histories, params))).toBeNull();
  });
});
