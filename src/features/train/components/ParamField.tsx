import type { FieldModel } from '../trainFormModel';
import { controlProps, FieldShell } from './FieldShell';

interface Props {
  field: FieldModel;
  value: string;
  error?: string;
  onChange: (value: string) => void;
  /** For the CSV target: the chosen dataset's columns, when known. */
  columns?: readonly string[] | null;
}

/** One generated field: a number input with bounds, a select of choices or columns, or text. */
export function ParamField({ field, value, error, onChange, columns }: Props) {
  const common = controlProps(field, error);
  let control;
  if (field.kind === 'number') {
    control = (
      <input {...common} type="number" inputMode="decimal" min={field.min} max={field.max} step={field.step}
        value={value} onChange={(e) => onChange(e.target.value)} />
    );
  } else if (field.kind === 'select' || (field.kind === 'column' && columns)) {
    const options = field.kind === 'select' ? (field.choices ?? []) : (columns ?? []);
    control = (
      <select {...common} value={value} onChange={(e) => onChange(e.target.value)}>
        {field.kind === 'column' && <option value="">Choose the column to predict…</option>}
        {field.kind === 'column' && value && !options.includes(value) && <option value={value}>{value}</option>}
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  } else {
    control = <input {...common} type="text" autoComplete="off" value={value} onChange={(e) => onChange(e.target.value)} />;
  }
  return (
    <FieldShell field={field} error={error}>
      {control}
    </FieldShell>
  );
}
