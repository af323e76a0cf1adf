import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { treeFeatureImportances } from './featureImportance';
import type { ForestTask } from './forest.types';
import { predictForest } from './predict';
import { trainForest } from './randomForest';

/** One scikit-learn tree and its table, written by fixtures/make_sklearn_fixture.py. */
interface SklearnCase {
  name: string;
  task: ForestTask;
  params: { max_depth?: number; min_samples_leaf?: number };
  rows: number;
  features: number;
  x: number[];
  y: number[];
  testRows: number;
  testX: number[];
  nodeCount: number;
  splitFeatures: number[];
  thresholds: number[];
  prediction: number[];
  trainPrediction: number[];
  importances: number[];
}

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'sklearn_trees.json'), 'utf8')) as { sklearn: string; cases: SklearnCase[] };

/** Our leaves hold float32 values, scikit-learn's float64: equal up to float32 rounding. */
function expectFloat32Close(actual: Float64Array, expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  const worst = Math.max(...expected.map((e, i) => Math.abs((actual[i] as number) - e) / Math.max(1, Math.abs(e))));
  expect(worst).toBeLessThanOrEqual(2 ** -24);
}

describe(`agreement with scikit-learn ${fixture.sklearn}'s DecisionTree`, () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('should grow the same tree (%s)', (_name, c) => {
    // One tree, no bootstrap, every feature at every split: scikit-learn's DecisionTree.
    const forest = trainForest(
      { x: Float32Array.from(c.x), y: Float64Array.from(c.y), rows: c.rows, features: c.features, task: c.task },
      { nEstimators: 1, bootstrap: false, maxFeatures: 'all', maxDepth: c.params.max_depth ?? null, minSamplesLeaf: c.params.min_samples_leaf ?? 1 },
    );
    const tree = forest.trees[0];
    if (tree === undefined) throw new Error('no tree');
    expect(tree.nodeCount).toBe(c.nodeCount);
    // scikit-learn marks leaves with feature −2 where we write −1; both number nodes in preorder.
    expect(Array.from(tree.feature, (f) => (f < 0 ? -2 : f))).toEqual(c.splitFeatures);
    expect(Array.from(tree.threshold)).toEqual(c.thresholds);
    expectFloat32Close(predictForest(forest, Float32Array.from(c.testX), c.testRows), c.prediction);
    expectFloat32Close(predictForest(forest, Float32Array.from(c.x), c.rows), c.trainPrediction);
    const importances = treeFeatureImportances(tree);
    c.importances.forEach((expected, f) => expect(Math.abs((importances[f] as number) - expected)).toBeLessThan(1e-9));
  });
});
