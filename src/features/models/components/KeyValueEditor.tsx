import { useState, type FormEvent } from 'react';
import { reportError } from '../../../shared/notifications';

/** Tags of a registered model or version: set (or overwrite) and delete. Values are plain text. */
export function KeyValueEditor(props: {
  tags: Record<string, string>;
  what: string;
  testId: string;
  onSet: (key: string, value: string) => Promise<void>;
  onDelete: (key: string) => Promise<void>;
}) {
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const entries = Object.entries(props.tags).sort(([a], [b]) => a.localeCompare(b));
  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await props.onSet(key.trim(), value);
      setKey('');
      setValue('');
    } catch (error) {
      reportError(`set the ${props.what} tag "${key}"`, error);
    }
  };
  const remove = async (tagKey: string) => {
    try {
      await props.onDelete(tagKey);
    } catch (error) {
      reportError(`delete the ${props.what} tag "${tagKey}"`, error);
    }
  };
  return (
    <div data-testid={props.testId}>
      {entries.length > 0 && (
        <table className="kv-table">
          <tbody>
            {entries.map(([k, v]) => (
              <tr key={k}>
                <th scope="row">{k}</th>
                <td>{v}</td>
                <td className="row-actions">
                  <button type="button" aria-label={`Delete tag ${k}`} onClick={() => void remove(k)}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="models-form" onSubmit={add}>
        <input aria-label="Tag key" placeholder="key" value={key} onChange={(e) => setKey(e.target.value)} data-testid={`${props.testId}-key`} />
        <input aria-label="Tag value" placeholder="value" value={value} onChange={(e) => setValue(e.target.value)} data-testid={`${props.testId}-value`} />
        <button type="submit" disabled={!key.trim()} data-testid={`${props.testId}-add`}>
          Set tag
        </button>
      </form>
    </div>
  );
}
