import type { FilterSyntaxError } from '../../domain/errors';

interface Props {
  value: string;
  onChange: (value: string) => void;
  error: FilterSyntaxError | null;
}

/** The search box: MLflow's filter grammar plus OR and parentheses; parse errors show under it with a caret. */
export function FilterBox({ value, onChange, error }: Props) {
  return (
    <div className="filter-box">
      <input
        type="search"
        aria-label="Filter runs"
        data-testid="run-search.input"
        placeholder="metrics.rmse < 0.8 AND params.model = 'rf'"
        value={value}
        spellCheck={false}
        aria-invalid={error !== null}
        onChange={(e) => onChange(e.target.value)}
      />
      {error && (
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
