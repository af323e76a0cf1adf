/**
 * One tree of the model file. A tree is stored as a few base64 fields:
 *   shape       the preorder bit string of its nodes (1 = split, 0 = leaf), most significant bit first,
 *   features    each split's feature index, 1 byte (≤ 256 features) or 2 bytes little-endian,
 *   thresholds  each split's float32 threshold, little-endian,
 *   values      regression: each leaf's float32 value; classification: the probabilities of the
 *               leaves holding several classes, as float32 (see classLeaves.ts),
 *   classes     classification only: each leaf's class bit mask (see classLeaves.ts),
 *   importance  the tree's float64 impurity decrease per feature (for feature importances).
 * Preorder makes child links implicit: a split's left child is the next node, its right child the
 * node after its left subtree. Decoding checks every count and value and rebuilds the links.
 */
import { decodeBase64, encodeBase64 } from './base64';
import { countMixedValues, packClassLeaves, unpackClassLeaves } from './classLeaves';
import type { ForestTree } from './forest.types';

/** The JSON form of one tree. */
export interface EncodedTree {
  shape: string;
  features: string;
  thresholds: string;
  values: string;
  /** Classification only. */
  classes?: string;
  importance: string;
}

/** What decoding a tree needs to know from the header. */
export interface TreeLayout {
  nodeCount: number;
  features: number;
  outputs: number;
}

/** A problem with one field of one tree; the format module names the tree. */
export class TreeFieldError extends Error {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.field = field;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The file form of `tree`; throws a RangeError for classification leaves that are not distributions. */
export function encodeTree(tree: ForestTree, features: number, outputs: number): EncodedTree {
  const splits = tree.nodeCount - countLeaves(tree);
  const shape = new Uint8Array(Math.ceil(tree.nodeCount / 8));
  const wide = features > 256;
  const featureBytes = new Uint8Array(splits * (wide ? 2 : 1));
  const thresholds = new Float32Array(splits);
  let s = 0;
  for (let i = 0; i < tree.nodeCount; i++) {
    const f = tree.feature[i] as number;
    if (f < 0) continue;
    shape[i >> 3] = (shape[i >> 3] as number) | (0x80 >> (i & 7));
    if (wide) {
      featureBytes[2 * s] = f & 255;
      featureBytes[2 * s + 1] = f >>> 8;
    } else {
      featureBytes[s] = f;
    }
    thresholds[s++] = tree.threshold[i] as number;
  }
  const leaves = outputs > 1 ? packClassLeaves(tree.values, outputs) : null;
  return {
    shape: encodeBase64(shape),
    features: encodeBase64(featureBytes),
    thresholds: encodeBase64(littleEndianBytes(thresholds)),
    values: encodeBase64(littleEndianBytes(leaves === null ? tree.values : leaves.mixed)),
    ...(leaves === null ? {} : { classes: encodeBase64(leaves.masks) }),
    importance: encodeBase64(littleEndianBytes(tree.importance)),
  };
}

function countLeaves(tree: ForestTree): number {
  let leaves = 0;
  for (let i = 0; i < tree.nodeCount; i++) if ((tree.feature[i] as number) < 0) leaves++;
  return leaves;
}

/** Rebuilds a tree; throws a TreeFieldError naming the field for any inconsistency. */
export function decodeTree(encoded: Record<string, unknown>, layout: TreeLayout): ForestTree {
  const { nodeCount, features, outputs } = layout;
  const shape = bytesOf(encoded, 'shape', Math.ceil(nodeCount / 8), `${nodeCount} nodes`);
  const feature = new Int32Array(nodeCount);
  const left = new Int32Array(nodeCount).fill(-1);
  const right = new Int32Array(nodeCount).fill(-1);
  const leaf = new Int32Array(nodeCount).fill(-1);
  // Splits whose right child is still to come, innermost last.
  const pending: number[] = [];
  let splits = 0;
  let leaves = 0;
  for (let i = 0; i < nodeCount; i++) {
    if (i > 0) {
      if ((feature[i - 1] as number) >= 0) {
        left[i - 1] = i;
      } else {
        const parent = pending.pop();
        if (parent === undefined) throw new TreeFieldError('shape', `the tree is complete after ${i} nodes but ${nodeCount} are declared`);
        right[parent] = i;
      }
    }
    if (((shape[i >> 3] as number) & (0x80 >> (i & 7))) !== 0) {
      feature[i] = splits++;
      pending.push(i);
    } else {
      feature[i] = -1;
      leaf[i] = leaves++;
    }
  }
  if (pending.length > 0) throw new TreeFieldError('shape', `ends before the subtrees of ${pending.length} split(s) are complete`);
  const padding = (shape[shape.length - 1] as number) & (0xff >> (((nodeCount - 1) & 7) + 1));
  if (padding !== 0) throw new TreeFieldError('shape', 'the bits after the last node are not zero');

  const wide = features > 256;
  const featureBytes = bytesOf(encoded, 'features', splits * (wide ? 2 : 1), `${splits} splits`);
  const thresholds = new Float32Array(fromLittleEndian(bytesOf(encoded, 'thresholds', splits * 4, `${splits} float32 thresholds`), 4));
  const values = outputs > 1 ? readClassLeaves(encoded, leaves, outputs) : readFloat32(encoded, 'values', leaves, `${leaves} leaf values`);
  const importance = new Float64Array(fromLittleEndian(bytesOf(encoded, 'importance', features * 8, `${features} float64 values`), 8));
  const threshold = new Float32Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const s = feature[i] as number;
    if (s < 0) continue;
    const f = wide ? (featureBytes[2 * s] as number) | ((featureBytes[2 * s + 1] as number) << 8) : (featureBytes[s] as number);
    if (f >= features) throw new TreeFieldError('features', `split ${s} uses feature ${f}, but the model has ${features} features (0..${features - 1})`);
    feature[i] = f;
    const t = thresholds[s] as number;
    if (!Number.isFinite(t)) throw new TreeFieldError('thresholds', `threshold ${s} is ${String(t)}`);
    threshold[i] = t;
  }
  checkFinite(importance, 'importance');
  return { nodeCount, feature, threshold, left, right, leaf, values, importance };
}

function readFloat32(encoded: Record<string, unknown>, field: string, count: number, what: string): Float32Array {
  const values = new Float32Array(fromLittleEndian(bytesOf(encoded, field, count * 4, `${what} (float32)`), 4));
  checkFinite(values, field);
  return values;
}

function readClassLeaves(encoded: Record<string, unknown>, leaves: number, classes: number): Float32Array {
  const masks = bytesOf(encoded, 'classes', leaves * Math.ceil(classes / 8), `${leaves} leaves × ${classes} class bits`);
  let mixed: number;
  try {
    mixed = countMixedValues(masks, leaves, classes);
  } catch (error) {
    throw new TreeFieldError('classes', (error as Error).message);
  }
  return unpackClassLeaves(masks, readFloat32(encoded, 'values', mixed, `${mixed} probabilities of mixed leaves`), leaves, classes);
}

function bytesOf(encoded: Record<string, unknown>, field: string, expected: number, what: string): Uint8Array {
  const text = encoded[field];
  if (typeof text !== 'string') throw new TreeFieldError(field, `expected a base64 string, got ${text === null ? 'null' : typeof text}`);
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64(text);
  } catch (error) {
    throw new TreeFieldError(field, (error as Error).message);
  }
  if (bytes.length !== expected) throw new TreeFieldError(field, `holds ${bytes.length} bytes where ${what} need ${expected}`);
  return bytes;
}

function checkFinite(values: Float32Array | Float64Array, field: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new TreeFieldError(field, `value ${i} is ${String(values[i])}`);
  }
}

/** The array's bytes in little-endian order (a view when the platform is little-endian). */
function littleEndianBytes(values: Float32Array | Float64Array): Uint8Array {
  const bytes = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (LITTLE_ENDIAN) return bytes;
  return swapped(bytes, values.BYTES_PER_ELEMENT);
}

/** A fresh, aligned buffer holding little-endian `bytes` in platform order. */
function fromLittleEndian(bytes: Uint8Array, width: number): ArrayBuffer {
  const copy = new Uint8Array(bytes.length);
  copy.set(LITTLE_ENDIAN ? bytes : swapped(bytes, width));
  return copy.buffer;
}

function swapped(bytes: Uint8Array, width: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let j = 0; j < width; j++) out[i + j] = bytes[i + width - 1 - j] as number;
  return out;
}
