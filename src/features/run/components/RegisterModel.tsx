import { useState, type FormEvent } from 'react';
import { notify, reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import { registry } from '../../../services/page';
import type { Run } from '../../../domain/tracking/types';
import { useRegisteredModels, useVersionsOfRun } from '../../models/hooks/useRegistry';
import { hasLoggedModel, modelNameProblem, registerTargetName } from '../../models/modelsView';
import { useArtifactFiles } from '../hooks/useRun';
import '../../models/models.css';

/**
 * "Register model" for a run that logged one (model/MLmodel): into an existing registered model or
 * a new name, as a new version; then a link to it. Lists the versions already made from this run.
 */
export function RegisterModel({ run }: { run: Run }) {
  const files = useArtifactFiles(run.runId);
  const models = useRegisteredModels();
  const registered = useVersionsOfRun(run.runId);
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useState('');
  const [typed, setTyped] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [made, setMade] = useState<{ name: string; version: number } | null>(null);
  if (!hasLoggedModel(files) || run.status === 'RUNNING' || run.lifecycleStage !== 'active') return null;

  const name = registerTargetName(choice, typed);
  const problem = choice === '' && typed.trim() !== '' ? modelNameProblem(name) : null;
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      const version = await registry.registerModel(run.runId, name, description.trim() === '' ? {} : { description: description.trim() });
      setMade({ name, version });
      setOpen(false);
      setTyped('');
      setDescription('');
      notify('info', `Registered "${name}" version ${version}.`);
    } catch (error) {
      reportError(`register the model as "${name}"`, error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="register-model" data-testid="run.register">
      {registered && registered.length > 0 && (
        <p data-testid="run.registered-versions">
          Registered as{' '}
          {registered.map((v, i) => (
            <span key={`${v.name}/${v.version}`}>
              {i > 0 && ', '}
              <a href={routes.model(v.name)}>
                {v.name} version {v.version}
              </a>
            </span>
          ))}
        </p>
      )}
      {made && (
        <p role="status" data-testid="run.register-done">
          Created <a href={routes.model(made.name)} data-testid="run.register-link">{made.name} version {made.version}</a>.
        </p>
      )}
      {!open ? (
        <>
          <button type="button" onClick={() => setOpen(true)} data-testid="run.register-open">
            Register model
          </button>{' '}
          <a href={routes.playground(`runs:/${run.runId}/model`)} data-testid="run.predict">
            Try it in the playground
          </a>
        </>
      ) : (
        <form className="models-form" onSubmit={submit} aria-label="Register model">
          <label>
            Model{' '}
            <select value={choice} onChange={(e) => setChoice(e.target.value)} data-testid="run.register-model">
              <option value="">New model…</option>
              {(models ?? []).map((m) => (
                <option key={m.name} value={m.name}>
                  {m.name}
                </option>
              ))}
            </select>
          </label>
          {choice === '' && (
            <label>
              Name <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="iris-classifier" data-testid="run.register-name" autoFocus />
            </label>
          )}
          <label>
            Version description{' '}
            <input value={description} onChange={(e) => setDescription(e.target.value)} placeholder="optional" data-testid="run.register-description" />
          </label>
          <button type="submit" disabled={busy || name === '' || problem !== null} data-testid="run.register-submit">
            {busy ? 'Registering…' : 'Register'}
          </button>
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
          {problem && (
            <span className="error" role="alert" data-testid="run.register-error">
              {problem}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
