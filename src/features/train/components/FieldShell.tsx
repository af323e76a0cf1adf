import type { ReactNode } from 'react';
import type { FieldModel } from '../trainFormModel';

/** Ids that tie a field's control to its hint and error (aria-describedby). */
export function fieldIds(name: string) {
  return { control: `train-field-${name}`, hint: `train-field-${name}-hint`, error: `train-field-${name}-error` };
}

/** Label, control, plain-language help with the rule, and the inline error under the field. */
export function FieldShell({ field, error, children }: { field: FieldModel; error?: string; children: ReactNode }) {
  const ids = fieldIds(field.name);
  return (
    <div className="train-field" data-invalid={error ? 'true' : undefined}>
      <label htmlFor={ids.control}>{field.name}</label>
      {children}
      <p className="field-hint" id={ids.hint}>
        {field.help} <span className="field-rule">Allowed: {field.rule}.</span>
      </p>
      {error && (
        <p className="field-error" id={ids.error} data-testid={`train.field.${field.name}.error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** The aria attributes every control of a field gets. */
export function controlProps(field: FieldModel, error: string | undefined) {
  const ids = fieldIds(field.name);
  return {
    id: ids.control,
    name: field.name,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${ids.hint} ${ids.error}` : ids.hint,
    'data-testid': `train.field.${field.name}`,
  } as const;
}
