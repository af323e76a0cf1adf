/**
 * The search box: MLflow's filter grammar plus OR and parentheses; parse errors show under it with
 * a caret. It is an ARIA combobox that completes `metrics.`, `params.`, `tags.` and `attributes.`
 * names of this experiment (arrows move, Enter or Tab picks, Escape closes); which names fit is
 * filterCompletion.ts. While the list is open the word is half typed: its parse error waits.
 */
import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { FilterSyntaxError } from '../../domain/errors';
import { applyCompletion, completeAt, type Completion } from './filterCompletion';

interface Props {
  value: string;
  onChange: (value: string) => void;
  error: FilterSyntaxError | null;
  /** Every name the box may offer (completionCandidates of the runs' keys). */
  candidates: readonly string[];
}

export function FilterBox({ value, onChange, error, candidates }: Props) {
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = useId();
  const [open, setOpen] = useState<{ completion: Completion; active: number } | null>(null);
  const caretAfterPick = useRef<number | null>(null);

  const suggest = (text: string, caret: number, all = false) => {
    const completion = completeAt(text, caret, candidates, all);
    setOpen(completion ? { completion, active: 0 } : null);
  };

  const pick = (option: string) => {
    if (!open) return;
    const next = applyCompletion(value, open.completion.word, option);
    caretAfterPick.current = next.caret;
    setOpen(null);
    onChange(next.text);
  };

  // After a pick the caret goes behind the inserted name (React sets the value, then we place the caret).
  useLayoutEffect(() => {
    const caret = caretAfterPick.current;
    if (caret === null || !inputRef.current) return;
    caretAfterPick.current = null;
    inputRef.current.setSelectionRange(caret, caret);
  }, [value]);

  const activeId = open ? `${listId}-option-${open.active}` : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const count = open?.completion.options.length ?? 0;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        suggest(value, e.currentTarget.selectionStart ?? value.length, true);
        return;
      }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setOpen({ ...open, active: (open.active + step + count) % count });
    } else if ((e.key === 'Enter' || e.key === 'Tab') && open) {
      const option = open.completion.options[open.active];
      if (option === undefined) return;
      e.preventDefault();
      pick(option);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault(); // closes the list without clearing the search
      setOpen(null);
    }
  };

  return (
    <div className="filter-box">
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label="Filter runs"
        aria-autocomplete="list"
        aria-expanded={open !== null}
        aria-controls={listId}
        aria-activedescendant={activeId}
        autoComplete="off"
        data-testid="run-search.input"
        placeholder="metrics.rmse < 0.8 AND params.model = 'rf'"
        value={value}
        spellCheck={false}
        aria-invalid={error !== null}
        onChange={(e) => {
          onChange(e.target.value);
          suggest(e.target.value, e.target.selectionStart ?? e.target.value.length);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(null)}
      />
      <ul className="filter-suggestions" id={listId} role="listbox" aria-label="Names to filter by" data-testid="run-search.suggestions" hidden={!open}>
        {open?.completion.options.map((option, index) => (
          <li
            key={option}
            id={`${listId}-option-${index}`}
            role="option"
            aria-selected={index === open.active}
            data-testid="run-search.suggestion"
            // mousedown would blur the input (and close the list) before the click lands
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => pick(option)}
          >
            {option}
          </li>
        ))}
      </ul>
      {error && !open && (
        <div className="filter-error" role="alert" data-testid="run-search.error">
          <div>{error.message}</div>
          <pre aria-hidden="true">
            {error.input}
            {'\n'}
            {' '.repeat(error.position)}^
          </pre>
        </div>
      )}
    </div>
  );
}
