import type { EntryPoint, ParamSpec } from '../../../domain/recipes/recipe.types';
import type { DimensionType } from '../../../domain/search';
import { dimensionTypesFor, fieldError, rowError, type ParamRow } from '../searchFormModel';
import type { SearchFormModel } from '../hooks/useSearchForm';

const TYPE_LABELS: Record<DimensionType, string> = {
  uniform: 'uniform',
  loguniform: 'log-uniform',
  quniform: 'quantized uniform',
  qloguniform: 'quantized log-uniform',
  int: 'int range',
  choice: 'choice',
};

function FixedValue({ spec, row, onChange, invalid }: { spec: ParamSpec; row: ParamRow; onChange: (value: string) => void; invalid: boolean }) {
  const common = {
    'aria-label': `${spec.name} fixed value`,
    'aria-invalid': invalid || undefined,
    'data-testid': `search.param.${spec.name}.fixed`,
    disabled: row.search,
  } as const;
  if (spec.type === 'choice') {
    return (
      <select {...common} value={row.fixed} onChange={(e) => onChange(e.target.value)}>
        {spec.choices.map((choice) => (
          <option key={choice} value={choice}>
            {choice}
          </option>
        ))}
      </select>
    );
  }
  const listId = spec.type === 'string' && spec.builtins ? `search-fixed-${spec.name}-list` : undefined;
  return (
    <>
      <input {...common} type="text" inputMode={spec.type === 'string' ? 'text' : 'decimal'} autoComplete="off" list={listId}
        value={row.fixed} onChange={(e) => onChange(e.target.value)} />
      {listId && spec.type === 'string' && (
        <datalist id={listId}>
          {spec.builtins?.map((name) => <option key={name} value={name} />)}
        </datalist>
      )}
    </>
  );
}

const NUMBER_LABELS = { low: 'Low', high: 'High', q: 'q', gridPoints: 'Grid points' } as const;

function NumberCell({ name, field, value, onChange, show }: { name: string; field: 'low' | 'high' | 'q' | 'gridPoints'; value: string; onChange: (value: string) => void; show: boolean }) {
  if (!show) return <td />;
  const testId = field === 'gridPoints' ? 'grid-points' : field;
  // data-label names the cell when a narrow page lays the rows out as cards (search.css).
  return (
    <td data-label={NUMBER_LABELS[field]}>
      <input type="text" inputMode="decimal" autoComplete="off" className="search-number" aria-label={`${name} ${field === 'gridPoints' ? 'grid points' : field}`}
        data-testid={`search.param.${name}.${testId}`} value={value} onChange={(e) => onChange(e.target.value)} />
    </td>
  );
}

function Row({ spec, model }: { spec: ParamSpec; model: SearchFormModel }) {
  const row = model.form.rows[spec.name];
  if (!row) return null;
  const types = dimensionTypesFor(spec);
  const error = rowError(model.errors, spec.name);
  const grid = model.form.algorithm === 'grid';
  const ranged = row.search && row.type !== 'choice';
  const set = (change: Partial<ParamRow>) => model.setRow(spec.name, change);
  return (
    <>
      <tr className={row.search ? 'search-row searched' : 'search-row'} data-testid="search.param" data-param={spec.name} data-invalid={error ? 'true' : undefined}>
        <td>
          <input type="checkbox" checked={row.search} disabled={types.length === 0} aria-label={`Search ${spec.name}`}
            title={types.length === 0 ? 'Free text cannot be searched; it takes the fixed value.' : undefined}
            data-testid={`search.param.${spec.name}.search`} onChange={(e) => set({ search: e.target.checked })} />
        </td>
        <th scope="row" title={spec.help}>
          {spec.name}
        </th>
        <td data-label="Distribution">
          {row.search && (
            <select aria-label={`${spec.name} distribution`} data-testid={`search.param.${spec.name}.type`} value={row.type}
              onChange={(e) => model.setRowType(spec.name, e.target.value as DimensionType)}>
              {types.map((type) => (
                <option key={type} value={type}>
                  {TYPE_LABELS[type]}
                </option>
              ))}
            </select>
          )}
        </td>
        <NumberCell name={spec.name} field="low" value={row.low} show={ranged} onChange={(low) => set({ low })} />
        <NumberCell name={spec.name} field="high" value={row.high} show={ranged} onChange={(high) => set({ high })} />
        <NumberCell name={spec.name} field="q" value={row.q} show={ranged && (row.type === 'quniform' || row.type === 'qloguniform')} onChange={(q) => set({ q })} />
        {grid && <NumberCell name={spec.name} field="gridPoints" value={row.gridPoints} show={ranged} onChange={(gridPoints) => set({ gridPoints })} />}
        <td data-label="Options">
          {row.search && row.type === 'choice' && (
            <input type="text" autoComplete="off" aria-label={`${spec.name} options`} placeholder="a, b, c"
              data-testid={`search.param.${spec.name}.options`} value={row.options} onChange={(e) => set({ options: e.target.value })} />
          )}
        </td>
        <td data-label="Fixed value">
          <FixedValue spec={spec} row={row} invalid={Boolean(error) && !row.search} onChange={(fixed) => set({ fixed })} />
        </td>
      </tr>
      {error && (
        <tr className="search-row-error">
          <td />
          <td colSpan={grid ? 8 : 7}>
            <p className="field-error" role="alert" data-testid={`search.param.${spec.name}.error`}>
              {error}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}

/** One row per parameter: search it (distribution and range, prefilled from its min/max) or fix it. */
export function ParamTable({ entryPoint, model }: { entryPoint: EntryPoint; model: SearchFormModel }) {
  const grid = model.form.algorithm === 'grid';
  const spaceError = fieldError(model.errors, 'space') ?? fieldError(model.errors, 'fixedParams');
  return (
    <div className="search-params">
      <table className="search-param-table">
        <thead>
          <tr>
            <th scope="col">Search</th>
            <th scope="col">Parameter</th>
            <th scope="col">Distribution</th>
            <th scope="col">Low</th>
            <th scope="col">High</th>
            <th scope="col">q</th>
            {grid && <th scope="col">Grid points</th>}
            <th scope="col">Options</th>
            <th scope="col">Fixed value</th>
          </tr>
        </thead>
        <tbody>
          {entryPoint.params.map((spec) => (
            <Row key={spec.name} spec={spec} model={model} />
          ))}
        </tbody>
      </table>
      {spaceError && (
        <p className="field-error" role="alert" data-testid="search.error.space">
          {spaceError}
        </p>
      )}
    </div>
  );
}
