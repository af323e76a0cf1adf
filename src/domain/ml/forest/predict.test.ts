import { describe, expect, it } from 'vitest';
import type { Forest, ForestTree } from './forest.types';
import { predictClasses, predictForest } from './predict';

/** A stump on feature 1: x1 <= 0.1f goes to leaf 0, else leaf 1, each with `outputs` values. */
function stump(values: number[]): ForestTree {
  return {
    nodeCount: 3,
    feature: Int32Array.from([1, -1, -1]),
    threshold: Float32Array.from([0.1, 0, 0]),
    left: Int32Array.from([1, -1, -1]),
    right: Int32Array.from([2, -1, -1]),
    leaf: Int32Array.from([-1, 0, 1]),
    values: Float32Array.from(values),
    importance: Float64Array.from([0, 1]),
  };
}

function forestOf(trees: ForestTree[], task: Forest['task'] = 'regression', outputs = 1): Forest {
  return { task, features: 2, outputs, trees, options: { nEstimators: trees.length, maxDepth: null, minSamplesLeaf: 1, maxFeatures: 'all', bootstrap: true, seed: 0 } };
}

describe('predictForest', () => {
  it('should average the trees', () => {
    const forest = forestOf([stump([1, 2]), stump([3, 6])]);
    expect(Array.from(predictForest(forest, [0, 0, 0, 5], 2))).toEqual([2, 4]);
  });

  it('should round inputs to float32 before comparing, as training did', () => {
    // The threshold is float32(0.1) = 0.10000000149…; the double 0.1 is below it, 0.1000000015 above
    // it, yet both round to that float32 and so go left, as the training row float32(0.1) did.
    const forest = forestOf([stump([1, 2])]);
    expect(Array.from(predictForest(forest, Float64Array.from([0, 0.1, 0, 0.1000000015, 0, 0.10000002]), 3))).toEqual([1, 1, 2]);
  });

  it('should give class distributions for a classification forest, and argmax classes', () => {
    const forest = forestOf([stump([0.5, 0.5, 0, 0, 0.25, 0.75]), stump([1, 0, 0, 0, 0, 1])], 'classification', 3);
    expect(Array.from(predictForest(forest, [0, 0, 0, 1], 2))).toEqual([0.75, 0.25, 0, 0, 0.125, 0.875]);
    expect(Array.from(predictClasses(forest, [0, 0, 0, 1], 2))).toEqual([0, 2]);
    expect(() => predictClasses(forestOf([stump([1, 2])]), [0, 0], 1)).toThrow(/needs a classification forest/);
  });

  it.each<[string, ArrayLike<number>, number, RegExp]>([
    ['a length mismatch', [0, 0, 0], 2, /x has 3 values but rows × features = 2 × 2 = 4/],
    ['a NaN input', [0, 0, 0, Number.NaN], 2, /x at row 1, feature 1 is NaN/],
    ['a negative row count', [], -1, /rows must be a non-negative integer/],
  ])('should reject %s', (_name, x, rows, message) => {
    expect(() => predictForest(forestOf([stump([1, 2])]), x, rows)).toThrow(message);
  });

  it('should refuse a forest without trees', () => {
    expect(() => predictForest(forestOf([]), [0, 0], 1)).toThrow(/no trees/);
  });
});
