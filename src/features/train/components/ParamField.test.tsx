// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { findEntryPoint, findRecipe } from '../../../domain/recipes/recipeCatalogue';
import { buildFormModel, type FieldModel } from '../trainFormModel';
import { ParamField } from './ParamField';

afterEach(cleanup);

function field(recipe: string, entryPoint: string, name: string): FieldModel {
  const found = buildFormModel(findEntryPoint(findRecipe(recipe), entryPoint)).find((f) => f.name === name);
  if (!found) throw new Error(`no field ${name}`);
  return found;
}

describe('ParamField', () => {
  it('should render a bounded number input that reports what is typed', () => {
    const onChange = vi.fn();
    render(<ParamField field={field('iris_logreg', 'main', 'epochs')} value="100" onChange={onChange} />);
    const input = screen.getByTestId('train.field.epochs') as HTMLInputElement;
    expect([input.type, input.min, input.max, input.step]).toEqual(['number', '1', '10000', '1']);
    expect(input.getAttribute('aria-invalid')).toBeNull();
    expect(screen.getByLabelText('epochs')).toBe(input);
    fireEvent.change(input, { target: { value: '0' } });
    expect(onChange).toHaveBeenCalledWith('0');
  });

  it('should mark an invalid field and put the message under it, tied by aria-describedby', () => {
    const error = 'epochs must be an integer from 1 to 1000; got 0';
    render(<ParamField field={field('iris_logreg', 'main', 'epochs')} value="0" error={error} onChange={() => undefined} />);
    const input = screen.getByTestId('train.field.epochs');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    const message = screen.getByTestId('train.field.epochs.error');
    expect(message.textContent).toBe(error);
    expect(input.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
  });

  it('should offer choices in a select', () => {
    render(<ParamField field={field('text_classifier', 'mlp', 'mode')} value="binary" onChange={() => undefined} />);
    const options = [...(screen.getByTestId('train.field.mode') as HTMLSelectElement).options].map((o) => o.value);
    expect(options).toEqual(['binary', 'count', 'tfidf']);
  });

  it('should pick the CSV target from the dataset columns, or take text when they are unknown', () => {
    const target = field('csv', 'mlp', 'target');
    const { rerender } = render(<ParamField field={target} value="" columns={['x1', 'y']} onChange={() => undefined} />);
    const select = screen.getByTestId('train.field.target') as HTMLSelectElement;
    expect([...select.options].map((o) => o.value)).toEqual(['', 'x1', 'y']);
    rerender(<ParamField field={target} value="" columns={null} onChange={() => undefined} />);
    expect((screen.getByTestId('train.field.target') as HTMLInputElement).type).toBe('text');
  });
});
