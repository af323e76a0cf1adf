/**
 * The form generated from the model: a numeric field per numeric feature (with its training
 * range), a choice of the training levels per text feature, or a text box; prefilled with the input
 * example; Predict runs the model in the worker.
 */
import { useState, type FormEvent } from 'react';
import { predictions } from '../../../services/page';
import { checkFormValues, parseNumber } from '../../../domain/playground/rows';
import type { Prediction } from '../../../domain/playground/results';
import type { DescribedModel } from '../../../services/prediction/predictClient';
import { initialValues, outsideRange, rangeText } from '../playgroundView';
import { PredictionView } from './PredictionView';

type Outcome = { kind: 'none' } | { kind: 'running' } | { kind: 'done'; prediction: Prediction } | { kind: 'failed'; error: string };

export function PredictForm({ model }: { model: DescribedModel }) {
  const { summary } = model;
  const [values, setValues] = useState<Record<string, string>>(() => (summary.input === 'features' ? initialValues(summary) : {}));
  const [text, setText] = useState(() => (summary.input === 'text' ? (summary.example[0] ?? '') : ''));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });

  const predict = async (event: FormEvent) => {
    event.preventDefault();
    let row: number[] | string;
    if (summary.input === 'features') {
      const checked = checkFormValues(values, summary.features);
      if ('errors' in checked) {
        setErrors(checked.errors);
        setOutcome({ kind: 'none' });
        return;
      }
      row = checked.row;
    } else {
      row = text;
    }
    setErrors({});
    setOutcome({ kind: 'running' });
    try {
      const [result] = await predictions.predictAt(model.location, [row]);
      if (!result) throw new Error('The worker returned no prediction.');
      setOutcome(result.ok ? { kind: 'done', prediction: result.prediction } : { kind: 'failed', error: result.error });
    } catch (error) {
      setOutcome({ kind: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  };

  return (
    <form className="playground-form" onSubmit={(e) => void predict(e)} data-testid="playground.form" noValidate>
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
                    onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
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
                  onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
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
          <textarea data-testid="playground.text" rows={6} value={text} onChange={(e) => setText(e.target.value)} />
        </label>
      )}
      <div className="row-actions">
        <button type="submit" data-testid="playground.predict" disabled={outcome.kind === 'running'}>
          {outcome.kind === 'running' ? 'Predicting…' : 'Predict'}
        </button>
        {summary.input === 'features' && summary.example.length > 0 && (
          <button type="button" onClick={() => setValues(initialValues(summary))}>
            Reset to the input example
          </button>
        )}
      </div>
      <div className="playground-result" data-testid="playground.result" aria-live="polite">
        {outcome.kind === 'done' && <PredictionView prediction={outcome.prediction} />}
        {outcome.kind === 'failed' && <p className="field-error">{outcome.error}</p>}
      </div>
    </form>
  );
}
