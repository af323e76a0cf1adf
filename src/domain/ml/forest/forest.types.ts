/**
 * The shapes shared by the random forest's trainer, predictor, importances and model format.
 * Everything is plain data over typed arrays, so a forest crosses a worker boundary by structured
 * clone and a decoded forest is the same kind of object as a freshly trained one.
 */

export type ForestTask = 'regression' | 'classification';

/** A training table. */
export interface ForestData {
  /** rows × features values, row-major; compared as float32 (as scikit-learn does). */
  x: Float32Array;
  /** One target per row: a finite number (regression) or a class index 0..classes−1 (classification). */
  y: Float64Array;
  rows: number;
  features: number;
  task: ForestTask;
  /** Number of classes K (classification only; defaults to max(y) + 1). */
  classes?: number;
}

/**
 * How many features each split looks at: 'sqrt' and 'log2' of the feature count (at least 1),
 * 'all', a fraction in (0, 1) of the features (at least 1), or an integer count ≥ 1.
 * A number 1 means one feature, as scikit-learn's int 1; scikit-learn's float 1.0 is 'all' here,
 * because JavaScript cannot tell 1 from 1.0 (`parseMaxFeatures` reads the Python spellings).
 */
export type MaxFeatures = 'sqrt' | 'log2' | 'all' | number;

/** What the caller may set; anything left out takes scikit-learn's default for the task. */
export interface ForestOptions {
  /** Number of trees (default 100). */
  nEstimators?: number;
  /** Deepest level a node may split at, the root being depth 0; null = unlimited (default). */
  maxDepth?: number | null;
  /** Fewest distinct in-bag rows a leaf may hold (default 1). */
  minSamplesLeaf?: number;
  /** Features drawn at each split (default 'all' for regression, 'sqrt' for classification). */
  maxFeatures?: MaxFeatures;
  /** Draw each tree's rows with replacement, multiplicities as weights (default true). */
  bootstrap?: boolean;
  /** Integer seed of the forest's one random stream (default 0). */
  seed?: number;
}

/** The options with every default filled in, as recorded in a forest and its model file. */
export interface ResolvedForestOptions {
  nEstimators: number;
  maxDepth: number | null;
  minSamplesLeaf: number;
  maxFeatures: MaxFeatures;
  bootstrap: boolean;
  seed: number;
}

/**
 * One tree, nodes numbered in preorder (the root is 0 and a split's left child is the next node),
 * as scikit-learn's depth-first builder numbers them.
 */
export interface ForestTree {
  nodeCount: number;
  /** Split feature per node, or −1 at a leaf. */
  feature: Int32Array;
  /** Split threshold per node (a float32 value; `x <= threshold` goes left), 0 at a leaf. */
  threshold: Float32Array;
  /** Child node indices per node, −1 at a leaf. */
  left: Int32Array;
  right: Int32Array;
  /** Per node, the leaf's ordinal into `values` (leaves counted in preorder), or −1 at a split. */
  leaf: Int32Array;
  /**
   * Leaf outputs, `outputs` floats per leaf: the weighted mean target (regression) or the class
   * distribution (classification). Kept in float32 so the model file stores them exactly.
   */
  values: Float32Array;
  /**
   * Per feature, the weighted impurity decrease of this tree's splits on it divided by the root's
   * weight: scikit-learn's `compute_feature_importances(normalize=False)`.
   */
  importance: Float64Array;
}

export interface Forest {
  task: ForestTask;
  features: number;
  /** Floats per leaf and per prediction row: 1 (regression) or the number of classes. */
  outputs: number;
  /** The trees built so far: fewer than `options.nEstimators` when training was stopped. */
  trees: ForestTree[];
  options: ResolvedForestOptions;
}
