/**
 * The form generated from the model: a numeric field per numeric feature (with its training
 * range), a choice of the training levels per text feature, or a text box; prefilled with the input
 * example; Predict runs the model in the worker.
 */
import { useReducer, useRef, type FormEvent } from 'react';
import { predictions } from '../../../services/page';
import { checkFormValues, parseNumber } from '../../../domain/playground/rows';
import type { DescribedModel } from '../../../services/prediction/predictClient';
import { outsideRange, rangeText } from '../playgroundView';
import { initialFormState, predictFormReducer, resetLabel, type PredictFormAction, type PredictFormState } from '../predictFormState';
import { PredictionView } from './PredictionView';

export function PredictForm({ model }: { model: DescribedModel }) {
  const { summary } = model;
  const [state, dispatch] = useReducer(
    (current: PredictFormState, action: PredictFormAction) => predictFormReducer(summary, current, action),
    summary,
    initialFormState,
  );
  const { values, text, errors, outcome } = state;
  const requests = useRef(0);

  const predict = async (event: FormEvent) => {
    event.preventDefault();
    let row: number[] | string;
    if (summary.input === 'features') {
      const checked = checkFormValues(values, summary.features);
      if ('errors' in checked) {
        dispatch({ type: 'invalid', errors: checked.errors });
        return;
      }
      row = checked.row;
    } else {
      row = text;
    }
    const request = ++requests.current;
    dispatch({ type: 'running', request });
    try {
      const [result] = await predictions.predictAt(model.location, [row]);
      if (!result) throw new Error('The worker returned no prediction.');
      dispatch(result.ok ? { type: 'done', request, prediction: result.prediction } : { type: 'failed', request, error: result.error });
    } catch (error) {
      dispatch({ type: 'failed', request, error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <form className="playground-form" onSubmit={(e) => void predict(e)} data-testid="playground.form" aria-labelledby="playground-one-title" noValidate>
      <h3 id="playground-one-title">Predict one {summary.input === 'text' ? 'text' : 'row'}</h3>
      {summary.input === 'features' ? (
        <div className="playground-fields">
          {summary.features.map((field) => {
            const value = values[field.name] ?? '';
            const error = errors[field.name];
            if (field.levels) {
              return (
                <label key={field.name} className="playground-field" data-testid="playground.field">
                  <span className="playground-field-name">{field.name}</span>
                  <select
                    data-testid={`playground.input.${field.name}`}
                    value={value}
                    aria-invalid={error ? true : undefined}
                    onChange={(e) => dispatch({ type: 'edit', name: field.name, value: e.target.value })}
                  >
                    {!field.levels.includes(value) && <option value="">Choose a value…</option>}
                    {field.levels.map((level) => (
                      <option key={level} value={level}>
                        {level}
                      </option>
                    ))}
                  </select>
                  <span className="field-hint" data-testid="playground.levels">
                    {field.levels.length} values seen in training
                  </span>
                  {error && (
                    <span className="field-error" data-testid="playground.field-error">
                      {error}
                    </span>
                  )}
                </label>
              );
            }
            const number = parseNumber(value);
            const range = rangeText(field);
            return (
              <label key={field.name} className="playground-field" data-testid="playground.field">
                <span className="playground-field-name">{field.name}</span>
                <input
                  data-testid={`playground.input.${field.name}`}
                  inputMode="decimal"
                  value={value}
                  aria-invalid={error ? true : undefined}
                  onChange={(e) => dispatch({ type: 'edit', name: field.name, value: e.target.value })}
                />
                {range && (
                  <span className={number !== null && outsideRange(field, number) ? 'field-hint playground-outside' : 'field-hint'} data-testid="playground.range">
                    {range}
                    {number !== null && outsideRange(field, number) ? ' (this value is outside it)' : ''}
                  </span>
                )}
                {error && (
                  <span className="field-error" data-testid="playground.field-error">
                    {error}
                  </span>
                )}
              </label>
            );
          })}
        </div>
      ) : (
        <label className="playground-text">
          Text
          <textarea data-testid="playground.text" rows={6} value={text} onChange={(e) => dispatch({ type: 'edit-text', text: e.target.value })} />
        </label>
      )}
      <div className="row-actions">
        <button type="submit" className="primary" data-testid="playground.predict" disabled={outcome.kind === 'running'}>
          {outcome.kind === 'running' ? 'Predicting…' : 'Predict'}
        </button>
        <button type="button" data-testid="playground.reset" onClick={() => dispatch({ type: 'reset' })}>
          {resetLabel(summary)}
        </button>
      </div>
      <div className="playground-result" data-testid="playground.result" aria-live="polite">
        {outcome.kind === 'done' && <PredictionView prediction={outcome.prediction} />}
        {outcome.kind === 'failed' && <p className="field-error">{outcome.error}</p>}
      </div>
    </form>
  );
}
