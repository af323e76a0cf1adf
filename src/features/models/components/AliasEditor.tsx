import { useState, type FormEvent } from 'react';
import { reportError } from '../../../shared/notifications';
import { registry } from '../../../services/page';
import type { ModelVersion, RegisteredModel } from '../../../domain/registry/registry.types';
import { aliasProblem } from '../modelsView';

/** Sets an alias on a version (moving it if another version has it) and deletes aliases. */
export function AliasEditor({ model, versions }: { model: RegisteredModel; versions: readonly ModelVersion[] }) {
  const [alias, setAlias] = useState('');
  const [version, setVersion] = useState(String(versions[0]?.version ?? ''));
  const problem = alias.trim() === '' ? null : aliasProblem(alias.trim());
  const current = model.aliases.find((a) => a.alias === alias.trim());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await registry.setRegisteredModelAlias(model.name, alias.trim(), version);
      setAlias('');
    } catch (error) {
      reportError(`set the alias "@${alias}"`, error);
    }
  };
  const remove = async (name: string) => {
    try {
      await registry.deleteRegisteredModelAlias(model.name, name);
    } catch (error) {
      reportError(`delete the alias "@${name}"`, error);
    }
  };

  return (
    <div data-testid="model.aliases">
      {model.aliases.length === 0 ? (
        <p className="muted">No aliases. An alias such as @champion names one version; moving it is how you promote a new version.</p>
      ) : (
        <ul>
          {model.aliases.map((a) => (
            <li key={a.alias} data-testid="model.alias">
              <span className="alias-badge">@{a.alias}</span> → version {a.version}{' '}
              <button type="button" aria-label={`Delete alias ${a.alias}`} onClick={() => void remove(a.alias)} data-testid="model.alias-delete">
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {versions.length > 0 && (
        <form className="models-form" onSubmit={submit}>
          <label>
            Alias <input value={alias} onChange={(e) => setAlias(e.target.value)} placeholder="champion" data-testid="model.alias-name" />
          </label>
          <label>
            on version{' '}
            <select value={version} onChange={(e) => setVersion(e.target.value)} data-testid="model.alias-version">
              {versions.map((v) => (
                <option key={v.version} value={v.version}>
                  {v.version}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={alias.trim() === '' || problem !== null} data-testid="model.alias-set">
            {current ? `Move @${current.alias}` : 'Set alias'}
          </button>
          {problem && (
            <span className="error" role="alert" data-testid="model.alias-error">
              {problem}
            </span>
          )}
        </form>
      )}
    </div>
  );
}
