/**
 * Random forests as scikit-learn's RandomForestRegressor and RandomForestClassifier build them:
 * each tree grows on a bootstrap sample (row multiplicities as weights) with features drawn per
 * split; the forest predicts the mean of its trees.
 *
 * One seeded stream drives the whole forest, drawn in a fixed order (per tree: the bootstrap draws,
 * then the feature draws of its nodes in preorder), so a seed gives a bit-identical forest. The
 * stream is ours (`createRandom`), not numpy's: a seed reproduces forests here, not scikit-learn's.
 *
 * `ForestTrainer` builds one tree per call so a Web Worker can yield to its event loop between
 * trees (to report progress and hear Stop); `trainForest` is the same loop without yielding.
 */
import { createRandom, randomInt } from '../random';
import type { Random } from '../random';
import type { Forest, ForestData, ForestOptions, ForestTree, ResolvedForestOptions } from './forest.types';
import { checkForestData, resolveForestOptions, resolveMaxFeatures } from './options';
import { leafIndex } from './predict';
import { TreeBuilder } from './treeBuilder';

export interface ForestHooks {
  /** Called after each tree with the number built and the number asked for. */
  onTree?: (done: number, total: number) => void;
  /** Asked between trees; true ends training with the trees built so far. */
  shouldStop?: () => boolean;
}

/** The out-of-bag estimate: each training row predicted by the trees that did not draw it. */
export interface OutOfBag {
  /** R² (regression) or accuracy (classification) over the rows with at least one prediction. */
  score: number;
  /** How many training rows had at least one out-of-bag tree. */
  rows: number;
  /** Per row the mean out-of-bag prediction (rows × outputs), NaN for rows with none. */
  prediction: Float64Array;
}

/**
 * Trains a forest one tree per `buildNextTree()` call:
 *   const trainer = new ForestTrainer(data, options);
 *   while (!trainer.done && !stopped) { trainer.buildNextTree(); report(trainer.built); await nextTask(); }
 *   const forest = trainer.forest();
 * Throws a RangeError naming the field or option at fault when the data or options are invalid.
 */
export class ForestTrainer {
  readonly options: ResolvedForestOptions;
  /** The number of trees asked for. */
  readonly total: number;
  private readonly data: ForestData;
  private readonly outputs: number;
  private readonly random: Random;
  private readonly builder: TreeBuilder;
  private readonly weight: Float64Array;
  private readonly trees: ForestTree[] = [];
  private readonly oobSum: Float64Array;
  private readonly oobCount: Uint32Array;

  constructor(data: ForestData, options: ForestOptions = {}) {
    this.outputs = checkForestData(data);
    this.options = resolveForestOptions(options, data.task);
    this.total = this.options.nEstimators;
    this.data = data;
    const { rows, features, x } = data;
    const columns = new Float32Array(rows * features);
    for (let r = 0; r < rows; r++) for (let f = 0; f < features; f++) columns[f * rows + r] = x[r * features + f] as number;
    this.builder = new TreeBuilder({
      task: data.task,
      rows,
      features,
      outputs: this.outputs,
      columns,
      y: data.y,
      sortedRows: sortEachFeature(columns, rows, features),
      maxDepth: this.options.maxDepth,
      minSamplesLeaf: this.options.minSamplesLeaf,
      maxFeatures: resolveMaxFeatures(this.options.maxFeatures, features),
    });
    this.random = createRandom(this.options.seed);
    this.weight = new Float64Array(rows);
    this.oobSum = new Float64Array(this.options.bootstrap ? rows * this.outputs : 0);
    this.oobCount = new Uint32Array(this.options.bootstrap ? rows : 0);
  }

  /** Trees built so far. */
  get built(): number {
    return this.trees.length;
  }

  get done(): boolean {
    return this.trees.length >= this.total;
  }

  /** Builds the next tree and returns it; throws once all `total` trees are built. */
  buildNextTree(): ForestTree {
    if (this.done) throw new Error(`All ${this.total} trees are already built`);
    const { rows } = this.data;
    const weight = this.weight;
    if (this.options.bootstrap) {
      // scikit-learn's `_generate_sample_indices`: `rows` draws with replacement, counted per row.
      weight.fill(0);
      for (let i = 0; i < rows; i++) {
        const r = randomInt(this.random, rows);
        weight[r] = (weight[r] as number) + 1;
      }
    } else {
      weight.fill(1);
    }
    const tree = this.builder.build(weight, this.random);
    this.trees.push(tree);
    if (this.options.bootstrap) this.addOutOfBag(tree);
    return tree;
  }

  /** The forest of the trees built so far (a valid model after any number ≥ 1 of trees). */
  forest(): Forest {
    if (this.trees.length === 0) throw new Error('No tree is built yet: call buildNextTree() at least once');
    return { task: this.data.task, features: this.data.features, outputs: this.outputs, trees: this.trees.slice(), options: { ...this.options } };
  }

  /** The out-of-bag estimate so far, or null without bootstrap or when no row was ever out of bag. */
  oob(): OutOfBag | null {
    if (!this.options.bootstrap) return null;
    const { rows, y, task } = this.data;
    const k = this.outputs;
    const prediction = new Float64Array(rows * k).fill(Number.NaN);
    let covered = 0;
    let mean = 0;
    for (let r = 0; r < rows; r++) {
      const n = this.oobCount[r] as number;
      if (n === 0) continue;
      covered++;
      mean += y[r] as number;
      for (let j = 0; j < k; j++) prediction[r * k + j] = (this.oobSum[r * k + j] as number) / n;
    }
    if (covered === 0) return null;
    mean /= covered;
    let hits = 0;
    let sse = 0;
    let sst = 0;
    for (let r = 0; r < rows; r++) {
      if (this.oobCount[r] === 0) continue;
      const truth = y[r] as number;
      if (task === 'regression') {
        sse += (truth - (prediction[r] as number)) ** 2;
        sst += (truth - mean) ** 2;
      } else if (argmax(prediction, r * k, k) === truth) {
        hits++;
      }
    }
    // r2_score's convention for constant targets: 1 for a perfect fit, 0 otherwise.
    const r2 = sst > 0 ? 1 - sse / sst : sse === 0 ? 1 : 0;
    return { score: task === 'regression' ? r2 : hits / covered, rows: covered, prediction };
  }

  /** Adds the new tree's predictions for the rows it did not draw. */
  private addOutOfBag(tree: ForestTree): void {
    const { rows, features, x } = this.data;
    const k = this.outputs;
    for (let r = 0; r < rows; r++) {
      if ((this.weight[r] as number) > 0) continue;
      const leaf = leafIndex(tree, x, r * features);
      for (let j = 0; j < k; j++) this.oobSum[r * k + j] = (this.oobSum[r * k + j] as number) + (tree.values[leaf * k + j] as number);
      this.oobCount[r] = (this.oobCount[r] as number) + 1;
    }
  }
}

/**
 * Trains a whole forest synchronously, calling `hooks.onTree` after each tree and stopping early
 * when `hooks.shouldStop` says so between trees (the result then holds the trees built).
 */
export function trainForest(data: ForestData, options: ForestOptions = {}, hooks: ForestHooks = {}): Forest {
  const trainer = new ForestTrainer(data, options);
  while (!trainer.done) {
    trainer.buildNextTree();
    hooks.onTree?.(trainer.built, trainer.total);
    if (!trainer.done && hooks.shouldStop?.() === true) break;
  }
  return trainer.forest();
}

/** Per feature, the row indices sorted by value (ties by row index), in one features × rows array. */
function sortEachFeature(columns: Float32Array, rows: number, features: number): Uint32Array {
  const out = new Uint32Array(features * rows);
  const order = new Uint32Array(rows);
  for (let f = 0; f < features; f++) {
    const column = columns.subarray(f * rows, (f + 1) * rows);
    for (let r = 0; r < rows; r++) order[r] = r;
    order.sort((a, b) => (column[a] as number) - (column[b] as number) || a - b);
    out.set(order, f * rows);
  }
  return out;
}

function argmax(values: Float64Array, offset: number, k: number): number {
  let best = 0;
  for (let j = 1; j < k; j++) if ((values[offset + j] as number) > (values[offset + best] as number)) best = j;
  return best;
}
