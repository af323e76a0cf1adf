import { useState, type FormEvent } from 'react';
import { reportError } from '../../../shared/notifications';
import { tracking } from '../../../services/page';
import { TAG_NOTE } from '../../../domain/tracking/types';
import type { Run } from '../../../domain/tracking/types';

/** Tags are mutable: set, overwrite, delete. The description has its own editor. */
export function TagsEditor({ run }: { run: Run }) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const tags = Object.entries(run.tags)
    .filter(([k]) => k !== TAG_NOTE)
    .sort(([a], [b]) => a.localeCompare(b));

  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await tracking.setTag(key.trim(), value, { runId: run.runId });
      setKey('');
      setValue('');
    } catch (error) {
      reportError(`set tag "${key}"`, error);
    }
  };

  const remove = async (tagKey: string) => {
    try {
      await tracking.deleteTag(tagKey, { runId: run.runId });
    } catch (error) {
      reportError(`delete tag "${tagKey}"`, error);
    }
  };

  return (
    <div>
      <table className="kv-table" data-testid="run-tags.table">
        <tbody>
          {tags.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td>{v}</td>
              <td className="row-actions">
                {!k.startsWith('mlflow.') && (
                  <button type="button" aria-label={`Delete tag ${k}`} onClick={() => void remove(k)}>
                    ×
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="tag-form" onSubmit={add}>
        <input aria-label="Tag key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} data-testid="run-tags.key" />
        <input aria-label="Tag value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} data-testid="run-tags.value" />
        <button type="submit" disabled={!key.trim()} data-testid="run-tags.add">
          Set tag
        </button>
      </form>
    </div>
  );
}
