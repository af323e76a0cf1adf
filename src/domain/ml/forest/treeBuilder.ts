/**
 * Grows one CART tree the way scikit-learn's DecisionTree with BestSplitter and DepthFirstTreeBuilder
 * does: exact best splits over each node's sorted values, features drawn per split without
 * replacement, nodes numbered in preorder.
 *
 * Speed comes from sorting each feature once per forest (`sortedRows`). Each tree copies those
 * orders, keeping only its in-bag rows, into one index array holding, per feature, every in-bag
 * row sorted by that feature. A node owns the same range [start, end) in every feature's segment;
 * a split partitions each segment stably, so both children stay sorted and contiguous. A tree
 * level then costs O(features × rows) and no node allocates anything: all scratch space is sized
 * once per forest.
 */
import { randomInt } from '../random';
import type { Random } from '../random';
import type { ForestTask, ForestTree } from './forest.types';
import { scanClassification, scanRegression } from './splitSearch';
import type { NodeScan, Split } from './splitSearch';

/** numpy's double epsilon: scikit-learn treats a node whose impurity is at most this as pure. */
const EPSILON = 2.220446049250313e-16;

export interface TreeBuilderInput {
  task: ForestTask;
  rows: number;
  features: number;
  /** 1 for regression, the number of classes for classification. */
  outputs: number;
  /** features × rows values, column-major, so one feature's values sit together. */
  columns: Float32Array;
  /** Targets (regression) or class indices (classification). */
  y: Float64Array;
  /** features × rows row indices: per feature, all rows sorted by value, ties by row index. */
  sortedRows: Uint32Array;
  maxDepth: number | null;
  minSamplesLeaf: number;
  /** Features drawn per split, already resolved to a count in 1..features. */
  maxFeatures: number;
}

export class TreeBuilder {
  private readonly input: TreeBuilderInput;
  /** Per feature, this tree's in-bag rows sorted by that feature (stride = in-bag count). */
  private readonly index: Uint32Array;
  private readonly scratch: Uint32Array;
  private readonly goesLeft: Uint8Array;
  /** The split-feature draw order; kept across nodes as scikit-learn keeps its features array. */
  private readonly featureOrder: Uint32Array;
  // Per-node output of the tree being built, sized for the largest possible tree (2·rows − 1 nodes).
  private readonly feature: Int32Array;
  private readonly threshold: Float32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly leaf: Int32Array;
  private readonly values: Float32Array;
  private readonly nodeWeight: Float64Array;
  private readonly nodeImpurity: Float64Array;
  // The depth-first stack of nodes still to build.
  private readonly stackStart: Int32Array;
  private readonly stackEnd: Int32Array;
  private readonly stackDepth: Int32Array;
  private readonly stackParent: Int32Array;
  /** Class counts of the node being built. */
  private readonly classTotal: Float64Array;
  private readonly scan: NodeScan;
  private readonly best: Split = { feature: -1, leftRows: 0, threshold: 0, proxy: -Infinity };
  // The node statistics `nodeStats` leaves for `findSplit`.
  private weightSum = 0;
  private ySum = 0;

  constructor(input: TreeBuilderInput) {
    const { rows, features, outputs } = input;
    this.input = input;
    this.index = new Uint32Array(features * rows);
    this.scratch = new Uint32Array(rows);
    this.goesLeft = new Uint8Array(rows);
    this.featureOrder = Uint32Array.from({ length: features }, (_, i) => i);
    const maxNodes = 2 * rows - 1;
    this.feature = new Int32Array(maxNodes);
    this.threshold = new Float32Array(maxNodes);
    this.left = new Int32Array(maxNodes);
    this.right = new Int32Array(maxNodes);
    this.leaf = new Int32Array(maxNodes);
    this.values = new Float32Array(rows * outputs);
    this.nodeWeight = new Float64Array(maxNodes);
    this.nodeImpurity = new Float64Array(maxNodes);
    this.stackStart = new Int32Array(rows + 1);
    this.stackEnd = new Int32Array(rows + 1);
    this.stackDepth = new Int32Array(rows + 1);
    this.stackParent = new Int32Array(rows + 1);
    this.classTotal = new Float64Array(outputs);
    this.scan = {
      weight: new Float64Array(0),
      y: input.y,
      minSamplesLeaf: input.minSamplesLeaf,
      index: this.index,
      indexBase: 0,
      columns: input.columns,
      columnBase: 0,
      start: 0,
      end: 0,
      feature: 0,
      totalWeight: 0,
      ySum: 0,
      classTotal: this.classTotal,
      classLeft: new Float64Array(outputs),
    };
  }

  /**
   * Grows a tree on the rows with a positive `weight` (bootstrap multiplicities, or all ones),
   * drawing split features from `random`. The result owns its arrays (copies of the scratch space).
   */
  build(weight: Float64Array, random: Random): ForestTree {
    const { rows, features, outputs, sortedRows, maxDepth, minSamplesLeaf } = this.input;
    const index = this.index;
    this.scan.weight = weight;
    let inBag = 0;
    for (let r = 0; r < rows; r++) if ((weight[r] as number) > 0) inBag++;
    for (let f = 0; f < features; f++) {
      let k = f * inBag;
      for (let p = f * rows, end = p + rows; p < end; p++) {
        const r = sortedRows[p] as number;
        if ((weight[r] as number) > 0) index[k++] = r;
      }
    }
    let nodeCount = 0;
    let leafCount = 0;
    let top = 0;
    this.push(top++, 0, inBag, 0, -1);
    while (top > 0) {
      top--;
      const start = this.stackStart[top] as number;
      const end = this.stackEnd[top] as number;
      const depth = this.stackDepth[top] as number;
      const parent = this.stackParent[top] as number;
      const id = nodeCount++;
      // The left child is pushed last, so it is popped right after its parent and numbered
      // parent + 1 (already recorded at the split); any other child is the right one.
      if (parent >= 0 && this.left[parent] !== id) this.right[parent] = id;
      const impurity = this.nodeStats(weight, start, end);
      this.nodeWeight[id] = this.weightSum;
      this.nodeImpurity[id] = impurity;
      const n = end - start;
      const split =
        n < 2 * minSamplesLeaf || (maxDepth !== null && depth >= maxDepth) || impurity <= EPSILON || this.isPure(start, end)
          ? null
          : this.findSplit(inBag, start, end, random);
      if (split === null) {
        this.feature[id] = -1;
        this.threshold[id] = 0;
        this.left[id] = -1;
        this.right[id] = -1;
        this.leaf[id] = leafCount;
        this.writeLeafValue(leafCount++);
        continue;
      }
      this.feature[id] = split.feature;
      this.threshold[id] = split.threshold;
      this.left[id] = id + 1;
      this.leaf[id] = -1;
      const mid = start + split.leftRows;
      this.partition(inBag, start, end, split);
      this.push(top++, mid, end, depth + 1, id);
      this.push(top++, start, mid, depth + 1, id);
    }
    return {
      nodeCount,
      feature: this.feature.slice(0, nodeCount),
      threshold: this.threshold.slice(0, nodeCount),
      left: this.left.slice(0, nodeCount),
      right: this.right.slice(0, nodeCount),
      leaf: this.leaf.slice(0, nodeCount),
      values: this.values.slice(0, leafCount * outputs),
      importance: this.importance(nodeCount),
    };
  }

  private push(slot: number, start: number, end: number, depth: number, parent: number): void {
    this.stackStart[slot] = start;
    this.stackEnd[slot] = end;
    this.stackDepth[slot] = depth;
    this.stackParent[slot] = parent;
  }

  /**
   * Sets `weightSum`, `ySum` (regression) or `classTotal` (classification) for the node's rows and
   * returns its impurity, computed with scikit-learn's formulas so that importances agree with
   * its trees: Σw·y²/W − (Σw·y/W)² for squared error, 1 − Σ(count/W)² for Gini.
   */
  private nodeStats(weight: Float64Array, start: number, end: number): number {
    const { y, task } = this.input;
    // The first feature's segment starts at offset 0 of the index, whatever the in-bag count.
    const rowsOf = this.index;
    let w = 0;
    if (task === 'regression') {
      let s = 0;
      let sq = 0;
      for (let p = start; p < end; p++) {
        const r = rowsOf[p] as number;
        const wr = weight[r] as number;
        const v = y[r] as number;
        w += wr;
        s += wr * v;
        sq += wr * v * v;
      }
      this.weightSum = w;
      this.ySum = s;
      return sq / w - (s / w) * (s / w);
    }
    const counts = this.classTotal;
    counts.fill(0);
    for (let p = start; p < end; p++) {
      const r = rowsOf[p] as number;
      const wr = weight[r] as number;
      const c = y[r] as number;
      counts[c] = (counts[c] as number) + wr;
      w += wr;
    }
    this.weightSum = w;
    let sq = 0;
    for (let k = 0; k < counts.length; k++) sq += (counts[k] as number) * (counts[k] as number);
    return 1 - sq / (w * w);
  }

  /**
   * Exact purity (every target equal), which the rounded impurity formula can miss. Reads the
   * first feature's segment, which starts at offset 0 of the index.
   */
  private isPure(start: number, end: number): boolean {
    const y = this.input.y;
    const first = y[this.index[start] as number] as number;
    for (let p = start + 1; p < end; p++) if (y[this.index[p] as number] !== first) return false;
    return true;
  }

  private writeLeafValue(ordinal: number): void {
    const { outputs, task } = this.input;
    const w = this.weightSum;
    if (task === 'regression') {
      this.values[ordinal] = this.ySum / w;
      return;
    }
    for (let k = 0; k < outputs; k++) this.values[ordinal * outputs + k] = (this.classTotal[k] as number) / w;
  }

  /**
   * Draws features without replacement until `maxFeatures` of them vary within the node (a
   * constant feature does not count, as in scikit-learn) and returns the best split among them,
   * or null when no drawn feature can split while leaving `minSamplesLeaf` rows on each side.
   * The best split maximises the impurity proxy Σ_side (Σw·y)²/W (squared error) or
   * Σ_side Σ_k count_k²/W (Gini); the first strictly better candidate wins ties.
   */
  private findSplit(inBag: number, start: number, end: number, random: Random): Split | null {
    const { features, maxFeatures, rows, task } = this.input;
    const order = this.featureOrder;
    const scan = this.scan;
    const best = this.best;
    best.feature = -1;
    best.proxy = -Infinity;
    scan.start = start;
    scan.end = end;
    scan.totalWeight = this.weightSum;
    scan.ySum = this.ySum;
    let visited = 0;
    for (let drawn = 0; drawn < features && visited < maxFeatures; drawn++) {
      const j = drawn + randomInt(random, features - drawn);
      const f = order[j] as number;
      order[j] = order[drawn] as number;
      order[drawn] = f;
      scan.feature = f;
      scan.indexBase = f * inBag;
      scan.columnBase = f * rows;
      const first = scan.columns[scan.columnBase + (this.index[scan.indexBase + start] as number)];
      const last = scan.columns[scan.columnBase + (this.index[scan.indexBase + end - 1] as number)];
      if (first === last) continue;
      visited++;
      if (task === 'regression') scanRegression(scan, best);
      else scanClassification(scan, best);
    }
    return best.feature < 0 ? null : best;
  }

  /**
   * Reorders every feature's segment [start, end) so the split's left rows come first, each side
   * keeping its sorted order. The split feature's segment is already in that order.
   */
  private partition(inBag: number, start: number, end: number, split: Split): void {
    const { features } = this.input;
    const index = this.index;
    const mark = this.goesLeft;
    const splitBase = split.feature * inBag;
    const mid = start + split.leftRows;
    for (let p = start; p < end; p++) mark[index[splitBase + p] as number] = p < mid ? 1 : 0;
    for (let f = 0; f < features; f++) {
      if (f === split.feature) continue;
      const base = f * inBag;
      let l = base + start;
      let rightCount = 0;
      for (let p = base + start, stop = base + end; p < stop; p++) {
        const r = index[p] as number;
        if (mark[r] === 1) index[l++] = r;
        else this.scratch[rightCount++] = r;
      }
      for (let i = 0; i < rightCount; i++) index[l + i] = this.scratch[i] as number;
    }
  }

  /** scikit-learn's `compute_feature_importances(normalize=False)` over the tree just built. */
  private importance(nodeCount: number): Float64Array {
    const out = new Float64Array(this.input.features);
    const w = this.nodeWeight;
    const imp = this.nodeImpurity;
    for (let i = 0; i < nodeCount; i++) {
      const f = this.feature[i] as number;
      if (f < 0) continue;
      const l = this.left[i] as number;
      const r = this.right[i] as number;
      out[f] = (out[f] as number) + (w[i] as number) * (imp[i] as number) - (w[l] as number) * (imp[l] as number) - (w[r] as number) * (imp[r] as number);
    }
    const root = w[0] as number;
    for (let f = 0; f < out.length; f++) out[f] = (out[f] as number) / root;
    return out;
  }
}
