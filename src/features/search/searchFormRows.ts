/**
 * The Search page's parameter rows, pure: the distributions a parameter can be searched with, a
 * row at its defaults (range, q, grid points, choice options, fixed value), the rows of an entry
 * point, and a row switched to another distribution.
 */
import type { EntryPoint, ParamSpec } from '../../domain/recipes/recipe.types';
import { defaultDimensionFor, type DimensionType } from '../../domain/search';
import type { ParamRow } from './searchForm.types';

/** The distributions a parameter of this type can be searched with; none for free text. */
export function dimensionTypesFor(spec: ParamSpec): readonly DimensionType[] {
  switch (spec.type) {
    case 'float':
      return ['uniform', 'loguniform', 'quniform', 'qloguniform', 'int', 'choice'];
    case 'int':
      return ['int', 'quniform', 'qloguniform', 'choice'];
    case 'choice':
      return ['choice'];
    case 'string':
      return [];
  }
}

/** A power of ten giving 10 to 100 values between low and high (0.1 for 0…1), the default q. */
export function niceStep(low: number, high: number): number {
  const span = high - low;
  if (!(span > 0) || !Number.isFinite(span)) return 1;
  // The tolerance keeps 1 - 1e-6 in the decade of 1.
  const step = 10 ** (Math.floor(Math.log10(span) + 1e-6) - 1);
  return Number(step.toPrecision(1));
}

function rowFor(spec: ParamSpec): ParamRow {
  const dim = defaultDimensionFor(spec);
  const bounds = spec.type === 'int' || spec.type === 'float' ? { low: spec.min, high: spec.max } : {};
  const low = dim && 'low' in dim ? dim.low : bounds.low;
  const high = dim && 'high' in dim ? dim.high : bounds.high;
  const type: DimensionType = dim?.type ?? dimensionTypesFor(spec)[0] ?? 'uniform';
  return {
    search: false,
    type,
    low: low === undefined ? '' : String(low),
    high: high === undefined ? '' : String(high),
    q: spec.type === 'int' ? '1' : low !== undefined && high !== undefined ? String(niceStep(low, high)) : '',
    gridPoints: type === 'uniform' || type === 'loguniform' ? '5' : '',
    options: spec.type === 'choice' ? spec.choices.join(', ') : '',
    fixed: String(spec.default),
  };
}

/** Every row at its defaults; the learning rate, when there is one, searched. */
export function rowsFor(entryPoint: EntryPoint): Record<string, ParamRow> {
  return Object.fromEntries(
    entryPoint.params.map((spec) => {
      const row = rowFor(spec);
      return [spec.name, spec.name === 'learning_rate' && dimensionTypesFor(spec).length > 0 ? { ...row, search: true } : row];
    }),
  );
}

/**
 * A row switched to another distribution: options and q are filled in when empty, the grid points
 * follow the type (continuous types need them), ranges stay as typed.
 */
export function withDimensionType(row: ParamRow, spec: ParamSpec, type: DimensionType): ParamRow {
  const fresh = rowFor(spec);
  const options = row.options.trim() !== '' ? row.options : type === 'choice' ? [row.low, row.high].filter((v) => v.trim() !== '').join(', ') : '';
  const continuous = type === 'uniform' || type === 'loguniform';
  return {
    ...row,
    type,
    options,
    q: row.q.trim() !== '' ? row.q : fresh.q,
    gridPoints: continuous ? row.gridPoints || '5' : '',
  };
}
