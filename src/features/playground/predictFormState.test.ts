import { describe, expect, it } from 'vitest';
import type { ModelSummary } from '../../domain/playground/playgroundModel';
import { initialFormState, predictFormReducer, resetLabel, type PredictFormAction, type PredictFormState } from './predictFormState';

const summary: ModelSummary = {
  input: 'features',
  features: [
    { name: 'sepal_length', min: 4.3, max: 7.9 },
    { name: 'petal_width', min: 0.1, max: 2.5 },
  ],
  output: { kind: 'classes', labels: ['setosa', 'versicolor', 'virginica'] },
  example: [[5.1, 0.2]],
  preprocessed: true,
};
const prediction = { kind: 'value' as const, value: 1 };

function run(actions: readonly PredictFormAction[], model: ModelSummary = summary): PredictFormState {
  return actions.reduce((state, action) => predictFormReducer(model, state, action), initialFormState(model));
}

describe('the prediction form', () => {
  it('should open on the input example with no error and no result', () => {
    expect(initialFormState(summary)).toEqual({ values: { sepal_length: '5.1', petal_width: '0.2' }, text: '', errors: {}, outcome: { kind: 'none' } });
    expect(initialFormState({ input: 'text', output: { kind: 'value' }, example: ['great film'] }).text).toBe('great film');
  });

  it('should clear field errors and the result on Reset, and restore the example', () => {
    const invalid = run([{ type: 'edit', name: 'sepal_length', value: 'abc' }, { type: 'invalid', errors: { sepal_length: '"abc" is not a number' } }]);
    expect(invalid.errors).toEqual({ sepal_length: '"abc" is not a number' });
    expect(predictFormReducer(summary, invalid, { type: 'reset' })).toEqual(initialFormState(summary));

    const predicted = run([{ type: 'running', request: 1 }, { type: 'done', request: 1, prediction }]);
    expect(predicted.outcome).toEqual({ kind: 'done', prediction });
    expect(predictFormReducer(summary, predicted, { type: 'reset' }).outcome).toEqual({ kind: 'none' });

    const failed = run([{ type: 'running', request: 1 }, { type: 'failed', request: 1, error: 'worker crashed' }, { type: 'reset' }]);
    expect(failed.outcome).toEqual({ kind: 'none' });
  });

  it('should drop a prediction that arrives after Reset', () => {
    expect(run([{ type: 'running', request: 1 }, { type: 'reset' }, { type: 'done', request: 1, prediction }]).outcome).toEqual({ kind: 'none' });
    expect(run([{ type: 'running', request: 1 }, { type: 'reset' }, { type: 'failed', request: 1, error: 'late' }]).outcome).toEqual({ kind: 'none' });
  });

  it('should show only the answer to the latest request, not one asked for before a Reset', () => {
    const later = run([{ type: 'running', request: 1 }, { type: 'reset' }, { type: 'running', request: 2 }, { type: 'done', request: 1, prediction }]);
    expect(later.outcome).toEqual({ kind: 'running', request: 2 });
    expect(run([{ type: 'running', request: 2 }, { type: 'done', request: 2, prediction }]).outcome).toEqual({ kind: 'done', prediction });
  });

  it('should clear only the edited field\'s error', () => {
    const state = run([
      { type: 'invalid', errors: { sepal_length: 'bad', petal_width: 'bad too' } },
      { type: 'edit', name: 'sepal_length', value: '5' },
    ]);
    expect(state.errors).toEqual({ petal_width: 'bad too' });
    expect(state.values.sepal_length).toBe('5');
  });

  it('should start a prediction with no field errors shown', () => {
    expect(run([{ type: 'invalid', errors: { sepal_length: 'bad' } }, { type: 'running', request: 1 }])).toMatchObject({ errors: {}, outcome: { kind: 'running', request: 1 } });
  });

  it('should offer to reset to the example, or to clear a form that has none', () => {
    expect(resetLabel(summary)).toBe('Reset to the input example');
    expect(resetLabel({ ...summary, example: [] })).toBe('Clear the form');
  });
});
