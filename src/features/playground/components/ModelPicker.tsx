/** Choose the model: a run that logged one, a registered version or alias, or any model URI. */
import { useState, type FormEvent } from 'react';
import { useModelRuns, useRegisteredChoices } from '../hooks/useModelChoices';

export function ModelPicker({ uri, onOpen }: { uri: string | null; onOpen: (uri: string) => void }) {
  const runs = useModelRuns();
  const registered = useRegisteredChoices();
  const [typed, setTyped] = useState(uri ?? '');
  const [shownUri, setShownUri] = useState(uri);
  if (uri !== shownUri) {
    setShownUri(uri);
    setTyped(uri ?? '');
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (typed.trim()) onOpen(typed.trim());
  };
  return (
    <div className="playground-picker">
      <label>
        Run{' '}
        <select data-testid="playground.run-select" value={runs?.some((c) => c.uri === uri) ? (uri ?? '') : ''} onChange={(e) => e.target.value && onOpen(e.target.value)}>
          <option value="">{runs === undefined ? 'Loading…' : runs.length === 0 ? 'No run has logged a model yet' : 'Choose a run…'}</option>
          {runs?.map((choice) => (
            <option key={choice.uri} value={choice.uri}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Registered{' '}
        <select
          data-testid="playground.registered-select"
          value={registered?.some((c) => c.uri === uri) ? (uri ?? '') : ''}
          onChange={(e) => e.target.value && onOpen(e.target.value)}
        >
          <option value="">{registered?.length ? 'Choose a version or alias…' : 'No registered models'}</option>
          {registered?.map((choice) => (
            <option key={choice.uri} value={choice.uri}>
              {choice.label}
            </option>
          ))}
        </select>
      </label>
      <form className="playground-uri" onSubmit={submit}>
        <label>
          Model URI{' '}
          <input
            data-testid="playground.uri"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="runs:/<run id>/model, models:/<name>/<version> or models:/<name>@<alias>"
            spellCheck={false}
          />
        </label>
        <button type="submit" data-testid="playground.open">
          Open
        </button>
      </form>
    </div>
  );
}
