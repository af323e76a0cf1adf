/**
 * Grid search: the cartesian product of every dimension's grid values, in a fixed order — the
 * first parameter varies slowest and the last fastest (Python's `itertools.product`). Point i is
 * decoded from i in mixed radix, so the grid is never materialised and its size is known upfront.
 *
 * Grid values per dimension: choice → its options; int → every value, or `gridPoints` evenly
 * spaced ones; quantised → every multiple of q in range, or `gridPoints` evenly spaced (log-spaced
 * for qloguniform) values, quantised, repeats dropped; uniform → `gridPoints` evenly spaced values,
 * ends included; loguniform → `gridPoints` geometrically spaced values. Continuous dimensions have
 * no natural grid, so they need `gridPoints`.
 */
import { TrackingError } from '../errors';
import { clamp, intCount, intValue, multipleOf, multipleRange, quantize, quantizedCount } from './dimensions';
import type { Dimension, SearchParam, SearchSpace, SuggestedParams } from './search.types';

/** Grids larger than this are refused: a search that can never finish is a mistake, not a plan. */
export const MAX_GRID_SIZE = 100_000;

type GridAxis = { readonly count: number; readonly at: (j: number) => number | string };

function spaced(n: number, low: number, high: number, log: boolean): number[] {
  const a = log ? Math.log(low) : low;
  const b = log ? Math.log(high) : high;
  return Array.from({ length: n }, (_, i) => {
    if (i === 0) return low;
    if (i === n - 1) return high;
    const x = a + ((b - a) * i) / (n - 1);
    return clamp(log ? Math.exp(x) : x, low, high);
  });
}

function listAxis(values: readonly (number | string)[]): GridAxis {
  return { count: values.length, at: (j) => values[j] as number | string };
}

function axisOf(param: SearchParam): GridAxis {
  const dim: Dimension = param;
  switch (dim.type) {
    case 'choice':
      return listAxis(dim.options);
    case 'uniform':
    case 'loguniform':
      if (dim.gridPoints === undefined) {
        throw new TrackingError(
          'INVALID_PARAMETER_VALUE',
          `${param.name}.gridPoints is needed for grid search: ${dim.type} is continuous, so say how many values to try (e.g. gridPoints: 5)`,
        );
      }
      return listAxis(spaced(dim.gridPoints, dim.low, dim.high, dim.type === 'loguniform'));
    case 'quniform':
    case 'qloguniform': {
      if (dim.gridPoints !== undefined) {
        const values = spaced(dim.gridPoints, dim.low, dim.high, dim.type === 'qloguniform').map((x) => quantize(x, dim));
        return listAxis([...new Set(values)]);
      }
      const { lowK } = multipleRange(dim.low, dim.high, dim.q);
      return { count: quantizedCount(dim), at: (j) => clamp(multipleOf(lowK + j, dim.q), dim.low, dim.high) };
    }
    case 'int': {
      const n = intCount(dim);
      if (dim.gridPoints !== undefined && dim.gridPoints < n) {
        const g = dim.gridPoints;
        const picks = Array.from({ length: g }, (_, i) => intValue(dim, Math.round((i * (n - 1)) / (g - 1))));
        return listAxis([...new Set(picks)]);
      }
      return { count: n, at: (j) => intValue(dim, j) };
    }
  }
}

function sizeMessage(space: SearchSpace, axes: readonly GridAxis[], size: number, limit: number): string {
  const factors = axes.map((axis, i) => `${axis.count} ${space[i]?.name ?? ''}`).join(' × ');
  return `the grid has ${size.toLocaleString('en-US')} points (${factors}), more than the limit of ${limit.toLocaleString('en-US')}: lower gridPoints, narrow the ranges, raise q, or use random or TPE search`;
}

/** The grid's axes, after checking its size against `limit`; throws INVALID_PARAMETER_VALUE. */
function gridAxes(space: SearchSpace, limit: number): { axes: GridAxis[]; size: number } {
  const axes = space.map(axisOf);
  const size = axes.reduce((product, axis) => product * axis.count, 1);
  if (size > limit) throw new TrackingError('INVALID_PARAMETER_VALUE', sizeMessage(space, axes, size, limit));
  return { axes, size };
}

/**
 * How many points the grid of `space` has, without building it. Throws INVALID_PARAMETER_VALUE
 * naming the parameter when a continuous dimension has no `gridPoints`, or giving the factors
 * when the grid is larger than `limit`.
 */
export function gridSize(space: SearchSpace, limit = MAX_GRID_SIZE): number {
  return gridAxes(space, limit).size;
}

/** The `index`-th grid point (0-based), first parameter slowest. Throws RangeError past the end. */
export function gridPoint(space: SearchSpace, index: number, limit = MAX_GRID_SIZE): SuggestedParams {
  const { axes, size } = gridAxes(space, limit);
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
    throw new RangeError(`grid point ${index} does not exist: the grid has ${size} points`);
  }
  const values: (number | string)[] = new Array<number | string>(axes.length);
  let rest = index;
  for (let d = axes.length - 1; d >= 0; d--) {
    const axis = axes[d] as GridAxis;
    values[d] = axis.at(rest % axis.count);
    rest = Math.floor(rest / axis.count);
  }
  return Object.fromEntries(space.map((param, d) => [param.name, values[d] as number | string]));
}
