import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import type { ForestData, ForestTree } from './forest.types';
import { decodeForest, encodeForest } from './forestFormat';
import { leafIndex, predictClasses, predictForest } from './predict';
import { ForestTrainer, trainForest } from './randomForest';

/** A seeded regression table: y = 3·x0 + 2·sin(3·x1) + x2·x3 + noise, every column in [0, 1); features ≥ 4. */
function regressionTable(rows: number, features: number, seed: number): ForestData {
  const random = createRandom(seed);
  const x = new Float32Array(rows * features);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    for (let f = 0; f < features; f++) x[r * features + f] = random();
    const v = (f: number): number => x[r * features + f] as number;
    y[r] = 3 * v(0) + 2 * Math.sin(3 * v(1)) + v(2) * v(3) + 0.1 * (random() - 0.5);
  }
  return { x, y, rows, features, task: 'regression' };
}

/** Three well-separated 2-D clusters, class k around (3k, −3k), plus two noise columns. */
function clusters(rows: number, seed: number): ForestData {
  const random = createRandom(seed);
  const x = new Float32Array(rows * 4);
  const y = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = r % 3;
    x.set([3 * k + random(), -3 * k + random(), random(), random()], r * 4);
    y[r] = k;
  }
  return { x, y, rows, features: 4, task: 'classification', classes: 3 };
}

/** Depth of every leaf, from the child links. */
function leafDepths(tree: ForestTree): number[] {
  const out: number[] = [];
  const walk = (node: number, depth: number): void => {
    if ((tree.feature[node] as number) < 0) out.push(depth);
    else {
      walk(tree.left[node] as number, depth + 1);
      walk(tree.right[node] as number, depth + 1);
    }
  };
  walk(0, 0);
  return out;
}

describe('trainForest', () => {
  const data = regressionTable(300, 4, 1);

  it('should build a bit-identical forest from the same seed, and another from another seed', () => {
    const a = trainForest(data, { nEstimators: 8, seed: 7, maxFeatures: 'sqrt' });
    const b = trainForest(data, { nEstimators: 8, seed: 7, maxFeatures: 'sqrt' });
    const c = trainForest(data, { nEstimators: 8, seed: 8, maxFeatures: 'sqrt' });
    expect(b).toEqual(a);
    expect(encodeForest(b, { featureNames: ['a', 'b', 'c', 'd'] })).toBe(encodeForest(a, { featureNames: ['a', 'b', 'c', 'd'] }));
    expect(c.trees[0]).not.toEqual(a.trees[0]);
  });

  it('should fit a smooth function far better than its mean', () => {
    const test = regressionTable(200, 4, 2);
    const forest = trainForest(data, { nEstimators: 30, seed: 1 });
    const predicted = predictForest(forest, test.x, test.rows);
    let sse = 0;
    let sst = 0;
    const mean = test.y.reduce((s, v) => s + v, 0) / test.rows;
    test.y.forEach((v, i) => {
      sse += (v - (predicted[i] as number)) ** 2;
      sst += (v - mean) ** 2;
    });
    expect(1 - sse / sst).toBeGreaterThan(0.85);
  });

  it('should stop between trees and leave a valid, smaller forest', () => {
    const seen: Array<[number, number]> = [];
    const forest = trainForest(data, { nEstimators: 10, seed: 3 }, { onTree: (done, total) => seen.push([done, total]), shouldStop: () => seen.length >= 3 });
    expect(seen).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
    expect(forest.trees).toHaveLength(3);
    expect(forest.options.nEstimators).toBe(10);
    const json = encodeForest(forest, { featureNames: ['a', 'b', 'c', 'd'] });
    expect(predictForest(decodeForest(json).forest, data.x, data.rows)).toEqual(predictForest(forest, data.x, data.rows));
    // The stopped forest is the first three trees of the full one.
    expect(trainForest(data, { nEstimators: 10, seed: 3 }).trees.slice(0, 3)).toEqual(forest.trees);
  });

  it('should keep every leaf at or above minSamplesLeaf rows and within maxDepth', () => {
    const forest = trainForest(data, { nEstimators: 3, bootstrap: false, maxFeatures: 'sqrt', minSamplesLeaf: 7, maxDepth: 5, seed: 4 });
    for (const tree of forest.trees) {
      const rowsPerLeaf = new Map<number, number>();
      for (let r = 0; r < data.rows; r++) {
        const leaf = leafIndex(tree, data.x, r * data.features);
        rowsPerLeaf.set(leaf, (rowsPerLeaf.get(leaf) ?? 0) + 1);
      }
      expect(Math.min(...rowsPerLeaf.values())).toBeGreaterThanOrEqual(7);
      expect(Math.max(...leafDepths(tree))).toBeLessThanOrEqual(5);
    }
    // Unlimited, the same trees go deeper and end in smaller leaves.
    const deep = trainForest(data, { nEstimators: 1, bootstrap: false, seed: 4 }).trees[0] as ForestTree;
    expect(Math.max(...leafDepths(deep))).toBeGreaterThan(5);
  });

  it('should draw features per split, not per tree', () => {
    // With one feature per split, one tree still splits on several features.
    const tree = trainForest(data, { nEstimators: 1, maxFeatures: 1, seed: 5 }).trees[0] as ForestTree;
    const used = new Set(Array.from(tree.feature).filter((f) => f >= 0));
    expect(used.size).toBe(4);
    // With all features the root takes the strongest one (x0 carries the most variance).
    expect(trainForest(data, { nEstimators: 1, bootstrap: false }).trees[0]?.feature[0]).toBe(0);
  });

  it('should number nodes in preorder with float32 thresholds and weighted-mean leaves', () => {
    const tree = trainForest(data, { nEstimators: 1, seed: 6 }).trees[0] as ForestTree;
    for (let i = 0; i < tree.nodeCount; i++) {
      if ((tree.feature[i] as number) < 0) continue;
      expect(tree.left[i]).toBe(i + 1);
      expect(tree.right[i] as number).toBeGreaterThan(i + 1);
    }
    const leaves = tree.values.length;
    expect(leafDepths(tree)).toHaveLength(leaves);
    expect(tree.nodeCount).toBe(2 * leaves - 1);
  });

  it('should classify separable classes perfectly and give distributions', () => {
    const train = clusters(150, 1);
    const test = clusters(60, 2);
    const forest = trainForest(train, { nEstimators: 20, seed: 1 });
    expect(forest.outputs).toBe(3);
    expect(Array.from(predictClasses(forest, test.x, test.rows))).toEqual(Array.from(test.y));
    const proba = predictForest(forest, test.x, test.rows);
    for (let r = 0; r < test.rows; r++) expect((proba[3 * r] as number) + (proba[3 * r + 1] as number) + (proba[3 * r + 2] as number)).toBeCloseTo(1, 6);
  });

  it('should split between two adjacent float32 values at the left one', () => {
    // 1 + 2⁻²³ and 1 + 2⁻²² are neighbours; their midpoint rounds (ties to even) up to the right
    // one, which would send both rows left, so the threshold falls back to the left value.
    const a = 1 + 2 ** -23;
    const b = 1 + 2 ** -22;
    const tree = trainForest({ x: new Float32Array([a, b]), y: new Float64Array([0, 1]), rows: 2, features: 1, task: 'regression' }, { nEstimators: 1, bootstrap: false })
      .trees[0] as ForestTree;
    expect(tree.threshold[0]).toBe(a);
    expect(Array.from(predictForest({ ...trainForestShape(tree) }, [a, b, a + 2 ** -30], 3))).toEqual([0, 1, 0]);
  });
});

/** A one-tree regression forest around `tree`, for predicting with it directly. */
function trainForestShape(tree: ForestTree): Parameters<typeof predictForest>[0] {
  return { task: 'regression', features: 1, outputs: 1, trees: [tree], options: { nEstimators: 1, maxDepth: null, minSamplesLeaf: 1, maxFeatures: 'all', bootstrap: false, seed: 0 } };
}

describe('ForestTrainer', () => {
  const data = regressionTable(200, 4, 9);

  it('should build one tree per call and match trainForest', () => {
    const trainer = new ForestTrainer(data, { nEstimators: 4, seed: 2 });
    expect(() => trainer.forest()).toThrow(/No tree is built yet/);
    const built: number[] = [];
    while (!trainer.done) {
      trainer.buildNextTree();
      built.push(trainer.built);
    }
    expect(built).toEqual([1, 2, 3, 4]);
    expect(() => trainer.buildNextTree()).toThrow(/All 4 trees are already built/);
    expect(trainer.forest()).toEqual(trainForest(data, { nEstimators: 4, seed: 2 }));
  });

  it('should hand out forests that later trees do not change', () => {
    const trainer = new ForestTrainer(data, { nEstimators: 3, seed: 2 });
    trainer.buildNextTree();
    const early = trainer.forest();
    trainer.buildNextTree();
    expect(early.trees).toHaveLength(1);
    expect(trainer.forest().trees).toHaveLength(2);
  });

  it('should estimate the out-of-bag score from the rows each tree did not draw', () => {
    const trainer = new ForestTrainer(data, { nEstimators: 40, seed: 2 });
    while (!trainer.done) trainer.buildNextTree();
    const oob = trainer.oob();
    expect(oob?.rows).toBe(data.rows);
    expect(oob?.score).toBeGreaterThan(0.7);
    expect(new ForestTrainer(data, { nEstimators: 1, bootstrap: false }).oob()).toBeNull();
  });

  it('should refuse bad data and options before training', () => {
    expect(() => new ForestTrainer({ ...data, rows: 7 })).toThrow(/x has 800 values but rows × features = 7 × 4 = 28/);
    expect(() => new ForestTrainer(data, { maxFeatures: 5 })).toThrow(/maxFeatures = 5 is more than the 4 features/);
  });
});
