import { useState, type DragEvent } from 'react';
import { training } from '../../../services/page';
import type { DatasetOption, FieldModel } from '../trainFormModel';
import { controlProps, FieldShell } from './FieldShell';

interface Props {
  field: FieldModel;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  options: readonly DatasetOption[];
  /** `text` for labelled documents, `tabular` for CSV tables. */
  kind: 'text' | 'tabular';
}

const ACCEPT = '.csv,.tsv,.txt,.jsonl,.json,text/csv,text/plain';

/**
 * The dataset of a recipe: its built-ins and the user's imports, plus a file input and drop zone
 * that import a file (parsed first; a bad file's error names its line and nothing is stored).
 */
export function DatasetField({ field, value, error, onChange, options, kind }: Props) {
  const [importing, setImporting] = useState<string | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);

  const importFile = async (file: File) => {
    setImporting(file.name);
    setImportError(null);
    try {
      onChange(await training.importDataset(file, { kind }));
    } catch (e) {
      setImportError(e instanceof Error ? e.message : String(e));
    } finally {
      setImporting(null);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void importFile(file);
  };

  return (
    <FieldShell field={field} error={error}>
      <select {...controlProps(field, error)} value={value} onChange={(e) => onChange(e.target.value)}>
        {!options.some((o) => o.value === value) && <option value={value}>{value ? value : 'Choose or import a dataset…'}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <div
        className={`dataset-drop${dragging ? ' dataset-drop-active' : ''}`}
        data-testid="train.dataset.drop"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label className="dataset-file">
          <span>{kind === 'text' ? 'Import labelled text (CSV, TSV, JSONL)…' : 'Import a CSV…'}</span>
          <input
            type="file"
            accept={ACCEPT}
            data-testid="train.dataset.file"
            disabled={importing !== null}
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
        <span className="muted">{importing ? `Importing ${importing}…` : 'or drop a file here'}</span>
      </div>
      {importError && (
        <p className="field-error" role="alert" data-testid="train.dataset.import-error">
          {importError}
        </p>
      )}
    </FieldShell>
  );
}
