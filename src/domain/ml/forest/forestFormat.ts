/**
 * The forest's model file: compact JSON, a readable header and per tree a few base64 arrays
 * (see treeCodec.ts). A 200-tree red-wine regressor takes about 0.6 MB.
 *
 *   { "format": "trainyard-forest", "version": 1, "task": "regression", "features": 11,
 *     "outputs": 1, "featureNames": [...], "classLabels": [...] (classification only),
 *     "options": { "nEstimators", "maxDepth", "minSamplesLeaf", "maxFeatures", "bootstrap", "seed" },
 *     "nodeCounts": [per tree], "trees": [{ "shape", "features", "thresholds", "values", "classes" (classification), "importance" }] }
 *
 * Decoding trusts nothing: every field is checked and a bad one gives a ForestFormatError naming
 * it (never a TypeError), and the decoded forest predicts bit-identically to the encoded one.
 */
import type { Forest, ForestTask, ForestTree, ResolvedForestOptions } from './forest.types';
import { checkOptions } from './options';
import { decodeTree, encodeTree, TreeFieldError } from './treeCodec';

export const FOREST_FORMAT = 'trainyard-forest';
export const FOREST_FORMAT_VERSION = 1;

/** What the model file carries besides the trees: names for the columns and the classes. */
export interface ForestMeta {
  featureNames: string[];
  /** One label per class index (classification only). */
  classLabels?: string[];
}

export interface DecodedForest {
  forest: Forest;
  meta: ForestMeta;
}

/** A model file that can't be read; `field` is the JSON path at fault, as in the message. */
export class ForestFormatError extends Error {
  override readonly name = 'ForestFormatError';
  readonly code = 'INVALID_FOREST_MODEL' as const;
  readonly field: string;
  constructor(field: string, message: string) {
    super(`Invalid forest model: ${field ? `${field}: ` : ''}${message}`);
    this.field = field;
  }
}

/** The model file of `forest`; throws a RangeError when `meta` does not fit the forest. */
export function encodeForest(forest: Forest, meta: ForestMeta): string {
  const { task, features, outputs, trees, options } = forest;
  const problem = namesProblem(meta.featureNames, features);
  if (problem !== null) throw new RangeError(`featureNames: ${problem}`);
  const labelProblem = task === 'classification' ? namesProblem(meta.classLabels, outputs) : null;
  if (labelProblem !== null) throw new RangeError(`classLabels: ${labelProblem}`);
  if (trees.length === 0) throw new RangeError('The forest has no trees');
  const header = {
    format: FOREST_FORMAT,
    version: FOREST_FORMAT_VERSION,
    task,
    features,
    outputs,
    featureNames: meta.featureNames,
    ...(task === 'classification' ? { classLabels: meta.classLabels } : {}),
    options: { ...options },
    nodeCounts: trees.map((tree) => tree.nodeCount),
  };
  return JSON.stringify({ ...header, trees: trees.map((tree) => encodeTree(tree, features, outputs)) });
}

/** Reads a model file; throws a ForestFormatError naming the first field at fault. */
export function decodeForest(json: string): DecodedForest {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (error) {
    throw new ForestFormatError('', `not valid JSON (${(error as Error).message})`);
  }
  const doc = objectAt(root, '');
  if (doc.format !== FOREST_FORMAT) throw new ForestFormatError('format', `expected "${FOREST_FORMAT}", got ${show(doc.format)}`);
  if (doc.version !== FOREST_FORMAT_VERSION) {
    throw new ForestFormatError('version', `unsupported version ${show(doc.version)}; this app reads version ${FOREST_FORMAT_VERSION}`);
  }
  const task = doc.task;
  if (task !== 'regression' && task !== 'classification') throw new ForestFormatError('task', `expected "regression" or "classification", got ${show(task)}`);
  const features = integerAt(doc.features, 'features', 1, 65536);
  const outputs = integerAt(doc.outputs, 'outputs', 1, 1 << 16);
  if (task === 'regression' && outputs !== 1) throw new ForestFormatError('outputs', `a regression forest has 1 output, got ${outputs}`);
  const featureNames = readNames(doc.featureNames, 'featureNames', features);
  const meta: ForestMeta = { featureNames };
  if (task === 'classification') meta.classLabels = readNames(doc.classLabels, 'classLabels', outputs);
  const options = readOptions(doc.options);
  if (typeof options.maxFeatures === 'number' && options.maxFeatures > features) {
    throw new ForestFormatError('options', `maxFeatures = ${options.maxFeatures} is more than the ${features} features`);
  }
  const nodeCounts = arrayAt(doc.nodeCounts, 'nodeCounts');
  const trees = arrayAt(doc.trees, 'trees');
  if (trees.length === 0) throw new ForestFormatError('trees', 'a forest needs at least one tree');
  if (trees.length > options.nEstimators) throw new ForestFormatError('trees', `${trees.length} trees but options.nEstimators is ${options.nEstimators}`);
  if (nodeCounts.length !== trees.length) throw new ForestFormatError('nodeCounts', `${nodeCounts.length} counts for ${trees.length} trees`);
  const decoded: ForestTree[] = trees.map((tree, t) => {
    // A binary tree whose nodes each have 0 or 2 children has an odd number of nodes.
    const nodeCount = integerAt(nodeCounts[t], `nodeCounts[${t}]`, 1, 2 ** 31 - 1);
    if (nodeCount % 2 === 0) throw new ForestFormatError(`nodeCounts[${t}]`, `${nodeCount} is even; a tree of splits and leaves has an odd node count`);
    try {
      return decodeTree(objectAt(tree, `trees[${t}]`), { nodeCount, features, outputs });
    } catch (error) {
      if (error instanceof TreeFieldError) throw new ForestFormatError(`trees[${t}].${error.field}`, error.message);
      throw error;
    }
  });
  return { forest: { task: task as ForestTask, features, outputs, trees: decoded, options }, meta };
}

function readOptions(value: unknown): ResolvedForestOptions {
  const o = objectAt(value, 'options');
  const options = {
    nEstimators: o.nEstimators,
    maxDepth: o.maxDepth,
    minSamplesLeaf: o.minSamplesLeaf,
    maxFeatures: o.maxFeatures,
    bootstrap: o.bootstrap,
    seed: o.seed,
  } as ResolvedForestOptions;
  try {
    checkOptions(options);
  } catch (error) {
    throw new ForestFormatError('options', (error as Error).message);
  }
  return options;
}

/** What is wrong with a list of names, or null when it is `expected` strings. */
function namesProblem(value: unknown, expected: number): string | null {
  if (!Array.isArray(value)) return `expected an array of ${expected} names, got ${show(value)}`;
  if (value.length !== expected) return `expected ${expected} names, got ${value.length}`;
  const bad = value.findIndex((name) => typeof name !== 'string');
  return bad >= 0 ? `entry ${bad} is ${show(value[bad])}, not a string` : null;
}

function readNames(value: unknown, field: string, expected: number): string[] {
  const problem = namesProblem(value, expected);
  if (problem !== null) throw new ForestFormatError(field, problem);
  return (value as string[]).slice();
}

function objectAt(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ForestFormatError(field, `expected an object, got ${show(value)}`);
  return value as Record<string, unknown>;
}

function arrayAt(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ForestFormatError(field, `expected an array, got ${show(value)}`);
  return value;
}

function integerAt(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ForestFormatError(field, `expected an integer in ${min}..${max}, got ${show(value)}`);
  }
  return value;
}

/** A short, safe rendering of any JSON value for a message. */
function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return value === null ? 'null' : 'an object';
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
