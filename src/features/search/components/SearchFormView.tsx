import { useState, type ReactNode } from 'react';
import { navigate, routes } from '../../../shared/routes';
import { reportError } from '../../../shared/notifications';
import { searches } from '../../../services/page';
import type { ExperimentId } from '../../../domain/ids';
import { RECIPES } from '../../../domain/recipes/recipeCatalogue';
import { BUILTIN_SEARCHES } from '../../../services/search/builtinSearches';
import { useSearchForm } from '../hooks/useSearchForm';
import {
  ALGORITHMS,
  directionFor,
  fieldError,
  formFromPreset,
  objectiveSuggestions,
  otherErrors,
  type AlgorithmName,
  type FormField,
  type SearchForm,
} from '../searchFormModel';
import { ParamTable } from './ParamTable';

function Field(props: { id: string; label: string; error?: string; hint?: string; children: ReactNode }) {
  return (
    <div className="search-field" data-invalid={props.error ? 'true' : undefined}>
      <label htmlFor={`search-${props.id}`}>{props.label}</label>
      {props.children}
      {props.hint && <p className="field-hint">{props.hint}</p>}
      {props.error && (
        <p className="field-error" role="alert" data-testid={`search.error.${props.id}`}>
          {props.error}
        </p>
      )}
    </div>
  );
}

type TextKey = 'maxTrials' | 'maxSeconds' | 'stopAfterNoImprovement' | 'seed' | 'parallel' | 'tpeStartup' | 'runName';

/**
 * Define a search: recipe and entry point, the parameter table, algorithm, objective and budget.
 * Start is disabled while anything is invalid, with each message beside its field; on Start the
 * page moves to the search's live view.
 */
export function SearchFormView({ experimentId }: { experimentId: ExperimentId }) {
  const model = useSearchForm('iris_logreg');
  const { form, entryPoint, errors } = model;
  const [starting, setStarting] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const recipe = RECIPES.find((r) => r.name === form.recipe);
  const suggestions = objectiveSuggestions(form.recipe, form.entryPoint);

  const text = (key: TextKey, id: string, label: string, field: FormField | null, hint?: string) => {
    const error = field ? fieldError(errors, field) : undefined;
    return (
      <Field id={id} label={label} error={error} hint={hint}>
        <input id={`search-${id}`} type="text" inputMode={key === 'runName' ? 'text' : 'numeric'} autoComplete="off" data-testid={`search.${id}`}
          aria-invalid={error ? true : undefined} value={form[key]} onChange={(e) => model.set(key, e.target.value)} />
      </Field>
    );
  };

  const start = async () => {
    setStarting(true);
    setStartError(null);
    try {
      const { parentRunId, done } = await searches.startSearch({ ...model.request, experimentId });
      done.catch((error: unknown) => reportError('run the search', error));
      navigate(routes.search(parentRunId));
    } catch (error) {
      setStartError(error instanceof Error ? error.message : String(error));
    } finally {
      setStarting(false);
    }
  };

  const applyPreset = (id: string) => {
    const preset = BUILTIN_SEARCHES.find((s) => s.id === id);
    if (preset) model.replace(formFromPreset(preset));
  };
  const unplaced = otherErrors(errors, entryPoint.params.map((p) => p.name));
  const setObjective = (metric: string) => {
    model.set('objective', metric);
    const direction = directionFor(metric);
    if (direction) model.set('direction', direction);
  };

  return (
    <form className="search-form" aria-label="Define a search" onSubmit={(e) => {
      e.preventDefault();
      if (model.valid && !starting) void start();
    }}>
      <div className="search-form-top">
        <Field id="preset" label="Start from a preset">
          <select id="search-preset" data-testid="search.preset" value="" onChange={(e) => applyPreset(e.target.value)}>
            <option value="">Choose a built-in search…</option>
            {BUILTIN_SEARCHES.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </Field>
        <Field id="recipe" label="Recipe">
          <select id="search-recipe" data-testid="search.recipe" value={form.recipe} onChange={(e) => model.selectRecipe(e.target.value)}>
            {RECIPES.map((r) => (
              <option key={r.name} value={r.name}>
                {r.title}
              </option>
            ))}
          </select>
        </Field>
        {recipe && recipe.entryPoints.length > 1 && (
          <Field id="entry-point" label="Model">
            <select id="search-entry-point" data-testid="search.entry-point" value={form.entryPoint} onChange={(e) => model.selectEntryPoint(e.target.value)}>
              {recipe.entryPoints.map((ep) => (
                <option key={ep.name} value={ep.name}>
                  {ep.title}
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {entryPoint.description && <p className="muted search-entry-description">{entryPoint.description}</p>}

      <ParamTable entryPoint={entryPoint} model={model} />

      <div className="search-settings">
        <Field id="algorithm" label="Algorithm" error={fieldError(errors, 'algorithm')}>
          <select id="search-algorithm" data-testid="search.algorithm" value={form.algorithm} onChange={(e) => model.set('algorithm', e.target.value as AlgorithmName)}>
            {ALGORITHMS.map((a) => (
              <option key={a.name} value={a.name}>
                {a.label}
              </option>
            ))}
          </select>
        </Field>
        {form.algorithm === 'tpe' && text('tpeStartup', 'tpe-startup', 'TPE random start-up trials', null, 'Blank: hyperopt’s 20.')}
        <Field id="objective" label="Objective metric" error={fieldError(errors, 'objective.metric')} hint="A metric every trial logs; pick one or type another.">
          <input id="search-objective" type="text" autoComplete="off" list="search-objective-list" data-testid="search.objective"
            aria-invalid={fieldError(errors, 'objective.metric') ? true : undefined} value={form.objective} onChange={(e) => setObjective(e.target.value)} />
          <datalist id="search-objective-list">
            {suggestions.map((metric) => (
              <option key={metric} value={metric} />
            ))}
          </datalist>
        </Field>
        <Field id="direction" label="Direction" error={fieldError(errors, 'objective.direction')}>
          <select id="search-direction" data-testid="search.direction" value={form.direction} onChange={(e) => model.set('direction', e.target.value as SearchForm['direction'])}>
            <option value="minimize">minimize</option>
            <option value="maximize">maximize</option>
          </select>
        </Field>
        {text('maxTrials', 'max-trials', 'Max trials', 'maxTrials')}
        {text('maxSeconds', 'max-seconds', 'Max time (seconds)', 'maxSeconds', 'Optional: no new trial starts after this.')}
        {text('stopAfterNoImprovement', 'stop-after', 'Stop after N trials without improvement', 'stopAfterNoImprovement', 'Optional.')}
        {text('seed', 'seed', 'Seed', 'seed', 'The same seed gives the same suggestions.')}
        {text('parallel', 'parallel', 'Parallel trials', 'parallel', 'Trials training at once, each in its own worker.')}
        {text('runName', 'run-name', 'Search run name', null, 'Optional.')}
      </div>

      {unplaced.length > 0 && (
        <ul className="field-error search-other-errors" data-testid="search.error.other">
          {unplaced.map(([key, message]) => (
            <li key={key}>
              {key}: {message}
            </li>
          ))}
        </ul>
      )}
      <div className="search-submit">
        <button type="submit" className="primary" data-testid="search.start" disabled={!model.valid || starting}>
          {starting ? 'Starting…' : 'Start search'}
        </button>
        {!model.valid && <span className="muted">Fix the fields marked in red to start.</span>}
        {startError && (
          <p className="field-error" role="alert" data-testid="search.start-error">
            {startError}
          </p>
        )}
      </div>
    </form>
  );
}
