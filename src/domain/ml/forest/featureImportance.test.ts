import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { featureImportances, treeFeatureImportances } from './featureImportance';
import type { Forest, ForestTree } from './forest.types';
import { trainForest } from './randomForest';

/** A tree that only carries an importance vector (and a node count saying whether it split). */
function stubTree(importance: number[], nodeCount: number): ForestTree {
  const empty = new Int32Array(nodeCount);
  return {
    nodeCount,
    feature: empty,
    threshold: new Float32Array(nodeCount),
    left: empty,
    right: empty,
    leaf: empty,
    values: new Float32Array(1),
    importance: Float64Array.from(importance),
  };
}

function stubForest(trees: ForestTree[]): Forest {
  return {
    task: 'regression',
    features: 2,
    outputs: 1,
    trees,
    options: { nEstimators: trees.length, maxDepth: null, minSamplesLeaf: 1, maxFeatures: 'all', bootstrap: true, seed: 0 },
  };
}

describe('featureImportances', () => {
  it('should give two informative columns of six at least 0.8 of the importance', () => {
    const random = createRandom(3);
    const rows = 400;
    const x = new Float32Array(rows * 6);
    const y = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      for (let f = 0; f < 6; f++) x[r * 6 + f] = random();
      // Only columns 1 and 4 drive y; the others are noise the trees can still split on.
      y[r] = 4 * (x[r * 6 + 1] as number) + 3 * Math.sin(6 * (x[r * 6 + 4] as number)) + 0.2 * (random() - 0.5);
    }
    const importances = featureImportances(trainForest({ x, y, rows, features: 6, task: 'regression' }, { nEstimators: 30, seed: 1 }));
    expect(importances.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
    expect((importances[1] as number) + (importances[4] as number)).toBeGreaterThanOrEqual(0.8);
    for (const f of [0, 2, 3, 5]) expect(importances[f] as number).toBeLessThan(0.05);
  });

  it("should match scikit-learn's averaging: single-leaf trees left out, then normalised", () => {
    // The case checked against scikit-learn 1.2.1 (RandomForestRegressor on 3 rows, seed 0):
    // 5 trees split on feature 0, 6 on feature 1, 9 are single leaves → [5/11, 6/11].
    const trees = [
      ...Array.from({ length: 5 }, () => stubTree([0.2, 0], 3)),
      ...Array.from({ length: 6 }, () => stubTree([0, 0.4], 3)),
      ...Array.from({ length: 9 }, () => stubTree([0, 0], 1)),
    ];
    const importances = featureImportances(stubForest(trees));
    expect(importances[0]).toBeCloseTo(5 / 11, 15);
    expect(importances[1]).toBeCloseTo(6 / 11, 15);
  });

  it('should normalise each tree before averaging, so every tree weighs the same', () => {
    // Tree importances [3, 1] and [0, 0.001] normalise to [0.75, 0.25] and [0, 1]; mean [0.375, 0.625].
    const importances = featureImportances(stubForest([stubTree([3, 1], 5), stubTree([0, 0.001], 3)]));
    expect(Array.from(importances)).toEqual([0.375, 0.625]);
  });

  it('should be all zeros when no tree split', () => {
    expect(Array.from(featureImportances(stubForest([stubTree([0, 0], 1), stubTree([0, 0], 1)])))).toEqual([0, 0]);
  });
});

describe('treeFeatureImportances', () => {
  it('should sum to 1 for a tree that split, and leave a tree without decrease at zeros', () => {
    expect(Array.from(treeFeatureImportances(stubTree([1, 3], 5)))).toEqual([0.25, 0.75]);
    expect(Array.from(treeFeatureImportances(stubTree([0, 0], 3)))).toEqual([0, 0]);
  });
});
