import { describe, expect, it } from 'vitest';
import { parseRoute, routes } from '../../shared/routes';
import { exportFileName, initialValues, inputsText, modelKindText, outsideRange, percentText, predictionsFileName, rangeText } from './playgroundView';

describe('the playground route', () => {
  it.each(['runs:/0123456789abcdef0123456789abcdef/model', 'models:/wine quality@champion', 'models:/a&b/2'])('should round-trip %s', (uri) => {
    expect(parseRoute(routes.playground(uri))).toEqual({ page: 'playground', modelUri: uri });
  });

  it('should open with no model', () => {
    expect(parseRoute(routes.playground())).toEqual({ page: 'playground', modelUri: null });
    expect(parseRoute('#/playground?model=')).toEqual({ page: 'playground', modelUri: null });
  });
});

describe('playground view helpers', () => {
  const field = { name: 'pH', min: 2.74, max: 4.01 };

  it('should show a range and flag values outside it', () => {
    expect(rangeText(field)).toBe('range 2.74 – 4.01 in training');
    expect(rangeText({ name: 'x0', min: null, max: null })).toBeNull();
    expect([outsideRange(field, 2.7), outsideRange(field, 3), outsideRange(field, 4.5)]).toEqual([true, false, true]);
  });

  it('should prefill from the first example row, or leave fields empty', () => {
    const summary = { input: 'features' as const, features: [field], output: { kind: 'value' as const }, preprocessed: true };
    expect(initialValues({ ...summary, example: [[3.51]] })).toEqual({ pH: '3.51' });
    expect(initialValues({ ...summary, example: [] })).toEqual({ pH: '' });
  });

  it('should prefill a text feature with the level of the example\'s code', () => {
    const color = { name: 'color', min: 0, max: 2, levels: ['blue', 'green', 'red'] };
    const summary = { input: 'features' as const, features: [field, color], output: { kind: 'value' as const }, preprocessed: true };
    expect(initialValues({ ...summary, example: [[3.51, 1]] })).toEqual({ pH: '3.51', color: 'green' });
    expect(initialValues({ ...summary, example: [] })).toEqual({ pH: '', color: '' });
  });

  it('should name downloads after the upload and the model', () => {
    expect(predictionsFileName('wine rows.csv')).toBe('predictions-wine rows.csv');
    expect(exportFileName('models:/wine@champion', 'abc')).toBe('model-wine-champion.zip');
    expect(exportFileName('runs:/0123456789abcdef/model', '0123456789abcdef')).toBe('model-run-01234567.zip');
  });
});

describe('percentText', () => {
  it.each([
    [0.972, '97.2 %'],
    [0.0000139827, '< 0.1 %'],
    [0, '0.0 %'],
    [1, '100.0 %'],
    [0.99996, '> 99.9 %'],
    [0.5, '50.0 %'],
    [Number.NaN, 'NaN'],
  ])('shows %s as %s', (probability, text) => {
    expect(percentText(probability)).toBe(text);
  });
});

describe('what the playground says the model is', () => {
  it('should name a TF.js model with its backend, and a forest with its trees and no backend', () => {
    expect(modelKindText({ format: { flavor: 'tfjs' }, backend: 'wasm' })).toBe('TF.js layers model, predicted on the wasm backend');
    const forest = { flavor: 'trainyard_forest', file: 'forest.json', task: 'regression', trees: 200, nEstimators: 200 } as const;
    expect(modelKindText({ format: forest, backend: 'none (JavaScript)' })).toBe('Random forest regressor, 200 trees, predicted in plain JavaScript (no TF.js)');
    expect(modelKindText({ format: { ...forest, task: 'classification', trees: 1, nEstimators: 1 }, backend: '' })).toBe('Random forest classifier, 1 tree, predicted in plain JavaScript (no TF.js)');
  });

  it('should count numeric and text features', () => {
    const features = [{ name: 'size', min: null, max: null }, { name: 'color', min: null, max: null, levels: ['red'] }];
    expect(inputsText({ input: 'features', features, output: { kind: 'value' }, example: [], preprocessed: true })).toBe(
      "2 features (1 numeric, 1 text) (type raw values; the run's preprocessing is applied)",
    );
    expect(inputsText({ input: 'features', features: features.slice(0, 1), output: { kind: 'value' }, example: [], preprocessed: false })).toBe('1 numeric feature');
    expect(inputsText({ input: 'text', output: { kind: 'value' }, example: [] })).toBe('text');
  });
});
