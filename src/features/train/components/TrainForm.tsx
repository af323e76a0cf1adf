import { useState, type FormEvent } from 'react';
import type { ExperimentId } from '../../../domain/ids';
import { useExperiments } from '../../experiments/hooks/useExperiments';
import type { TrainForm as FormModel } from '../hooks/useTrainForm';
import { useStartTraining } from '../hooks/useStartTraining';
import { useDatasets } from '../hooks/useTrainData';
import { buildFormModel, datasetColumns, datasetKindFor, datasetOptions, fieldErrors } from '../trainFormModel';
import { DatasetField } from './DatasetField';
import { ParamField } from './ParamField';
import { StartStatus } from './StartStatus';
import './trainForm.css';

/**
 * The parameters of the chosen recipe, generated from its table and validated as the user types,
 * the experiment the run goes to, and Train. Train stays disabled while any field is invalid, and
 * a submit (Enter) with errors only reveals them: no run is created. The Train button sticks to
 * the bottom of the view while the form is longer than the screen, so it is in view from the start.
 */
export function TrainForm({ form, defaultExperimentId }: { form: FormModel; defaultExperimentId: ExperimentId }) {
  const datasets = useDatasets() ?? [];
  const experiments = useExperiments()?.filter((e) => e.lifecycleStage === 'active') ?? [];
  const [experimentId, setExperimentId] = useState<ExperimentId>(defaultExperimentId);
  const { state, start } = useStartTraining();
  const { recipe, entryPoint, values } = form;
  const errors = fieldErrors(entryPoint, values, datasets);
  const invalid = Object.keys(errors);
  const chosenExperiment = experiments.some((e) => e.experimentId === experimentId) ? experimentId : experiments[0]?.experimentId;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (invalid.length > 0 || state.phase === 'starting') {
      form.revealErrors();
      return;
    }
    void start({ recipe: recipe.name, entryPoint: entryPoint.name, params: values, experimentId: chosenExperiment });
  };

  return (
    <form className="train-form" noValidate onSubmit={submit} data-testid="train.form" aria-label={`Parameters of ${recipe.title}`}>
      {buildFormModel(entryPoint).map((field) => {
        const error = form.showsError(field.name) ? errors[field.name] : undefined;
        const onChange = (value: string) => form.setValue(field.name, value);
        const value = values[field.name] ?? '';
        return field.kind === 'dataset' ? (
          <DatasetField key={`${recipe.name}/${field.name}`} field={field} value={value} error={error} onChange={onChange}
            kind={datasetKindFor(recipe.name)} options={datasetOptions({ spec: field.spec, recipeName: recipe.name, datasets })} />
        ) : (
          <ParamField key={field.name} field={field} value={value} error={error} onChange={onChange}
            columns={field.kind === 'column' ? datasetColumns(values.dataset, datasets) : undefined} />
        );
      })}
      <div className="train-field">
        <label htmlFor="train-experiment">Experiment</label>
        <select id="train-experiment" data-testid="train.experiment" value={chosenExperiment ?? ''}
          onChange={(e) => setExperimentId(e.target.value as ExperimentId)}>
          {experiments.map((e) => (
            <option key={e.experimentId} value={e.experimentId}>
              {e.name}
            </option>
          ))}
        </select>
      </div>
      <div className="train-submit train-submit-bar">
        <button type="submit" className="primary" data-testid="train.submit" disabled={invalid.length > 0 || state.phase === 'starting'}>
          {state.phase === 'starting' ? 'Starting…' : 'Train'}
        </button>
        {invalid.length > 0 && (
          <span className="muted" data-testid="train.invalid-summary">
            Complete or fix {invalid.join(', ')} to train.
          </span>
        )}
      </div>
      <StartStatus state={state} />
    </form>
  );
}
