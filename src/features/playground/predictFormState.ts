/**
 * The prediction form's state and how it changes, pure so its rules are tested in Node: editing a
 * field clears that field's error; Reset goes back to the input example (or empty fields) with no
 * error and no result; a prediction that comes back after Reset (or after an edit made it invalid)
 * is dropped, so the result shown always belongs to the form shown.
 */
import type { ModelSummary } from '../../domain/playground/playgroundModel';
import type { Prediction } from '../../domain/playground/results';
import { initialValues } from './playgroundView';

export type Outcome = { kind: 'none' } | { kind: 'running'; request: number } | { kind: 'done'; prediction: Prediction } | { kind: 'failed'; error: string };

export interface PredictFormState {
  /** The typed value of each feature field, by feature name. */
  values: Record<string, string>;
  /** The text of a text model. */
  text: string;
  /** The error of each field that didn't parse, by feature name. */
  errors: Record<string, string>;
  outcome: Outcome;
}

export type PredictFormAction =
  | { type: 'edit'; name: string; value: string }
  | { type: 'edit-text'; text: string }
  | { type: 'invalid'; errors: Record<string, string> }
  /** `request` numbers each prediction asked for, so only the latest one's answer is shown. */
  | { type: 'running'; request: number }
  | { type: 'done'; request: number; prediction: Prediction }
  | { type: 'failed'; request: number; error: string }
  | { type: 'reset' };

/** The form as it opens: the input example's first row (or empty fields), no error, no result. */
export function initialFormState(summary: ModelSummary): PredictFormState {
  return {
    values: summary.input === 'features' ? initialValues(summary) : {},
    text: summary.input === 'text' ? (summary.example[0] ?? '') : '',
    errors: {},
    outcome: { kind: 'none' },
  };
}

/** Whether the form still waits for the answer to `request` (not reset, edited into an error, or asked again since). */
function awaits(state: PredictFormState, request: number): boolean {
  return state.outcome.kind === 'running' && state.outcome.request === request;
}

/** The reducer of `PredictForm`; `summary` is the model's, for Reset. */
export function predictFormReducer(summary: ModelSummary, state: PredictFormState, action: PredictFormAction): PredictFormState {
  switch (action.type) {
    case 'edit': {
      const { [action.name]: _fixed, ...errors } = state.errors;
      return { ...state, values: { ...state.values, [action.name]: action.value }, errors };
    }
    case 'edit-text':
      return { ...state, text: action.text };
    case 'invalid':
      return { ...state, errors: action.errors, outcome: { kind: 'none' } };
    case 'running':
      return { ...state, errors: {}, outcome: { kind: 'running', request: action.request } };
    case 'done':
      return awaits(state, action.request) ? { ...state, outcome: { kind: 'done', prediction: action.prediction } } : state;
    case 'failed':
      return awaits(state, action.request) ? { ...state, outcome: { kind: 'failed', error: action.error } } : state;
    case 'reset':
      return initialFormState(summary);
  }
}

/** The label of the form's second button: back to the example when there is one, else clear. */
export function resetLabel(summary: ModelSummary): string {
  return summary.example.length > 0 ? 'Reset to the input example' : 'Clear the form';
}
