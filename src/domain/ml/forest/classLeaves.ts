/**
 * A compact file form for a classification tree's leaves. A fully grown tree's leaves are nearly
 * all pure (one class, probability exactly 1), so writing K float32s per leaf is mostly zeros: a
 * 6-class, 200-tree wine forest would take 2.1 MB. Instead each leaf gets a bit mask of the
 * classes it holds (most significant bit first, ceil(K/8) bytes), and only leaves holding two or
 * more classes store their nonzero probabilities, in class order. A one-class leaf is 1.
 * The 200-tree forest then takes well under 1 MB and decodes to the same float32 values.
 */

export interface ClassLeaves {
  /** Per leaf, ceil(K/8) bytes of class bits. */
  masks: Uint8Array;
  /** The nonzero probabilities of the leaves holding two or more classes. */
  mixed: Float32Array;
}

/** Splits leaf distributions (leaves × K) into masks and mixed values; throws a RangeError for a leaf no mask can express. */
export function packClassLeaves(values: Float32Array, classes: number): ClassLeaves {
  const stride = Math.ceil(classes / 8);
  const leaves = values.length / classes;
  const masks = new Uint8Array(leaves * stride);
  const mixed: number[] = [];
  for (let l = 0; l < leaves; l++) {
    let held = 0;
    for (let k = 0; k < classes; k++) {
      if (values[l * classes + k] === 0) continue;
      held++;
      const at = l * stride + (k >> 3);
      masks[at] = (masks[at] as number) | (0x80 >> (k & 7));
    }
    if (held === 0) throw new RangeError(`Leaf ${l} has no class with a probability above 0`);
    const one = held === 1;
    for (let k = 0; k < classes; k++) {
      const v = values[l * classes + k] as number;
      if (v === 0) continue;
      // A one-class leaf is written as its mask alone, which only means something if it is 1.
      if (one && v !== 1) throw new RangeError(`Leaf ${l} holds one class with probability ${v}, not 1`);
      if (!one) mixed.push(v);
    }
  }
  return { masks, mixed: Float32Array.from(mixed) };
}

/**
 * How many mixed values the masks call for; throws an Error (the caller names the field) when a
 * leaf's mask is empty or sets a bit beyond the last class.
 */
export function countMixedValues(masks: Uint8Array, leaves: number, classes: number): number {
  const stride = Math.ceil(classes / 8);
  let count = 0;
  for (let l = 0; l < leaves; l++) {
    let held = 0;
    for (let b = 0; b < stride; b++) {
      const byte = masks[l * stride + b] as number;
      const valid = b === stride - 1 && classes % 8 !== 0 ? 0xff << (8 - (classes % 8)) : 0xff;
      if ((byte & ~valid & 0xff) !== 0) throw new Error(`leaf ${l} sets a class bit beyond class ${classes - 1}`);
      held += popCount(byte);
    }
    if (held === 0) throw new Error(`leaf ${l} holds no class`);
    if (held > 1) count += held;
  }
  return count;
}

/** Rebuilds leaves × K distributions from masks checked by `countMixedValues`. */
export function unpackClassLeaves(masks: Uint8Array, mixed: Float32Array, leaves: number, classes: number): Float32Array {
  const stride = Math.ceil(classes / 8);
  const out = new Float32Array(leaves * classes);
  let next = 0;
  for (let l = 0; l < leaves; l++) {
    let held = 0;
    for (let b = 0; b < stride; b++) held += popCount(masks[l * stride + b] as number);
    for (let k = 0; k < classes; k++) {
      if (((masks[l * stride + (k >> 3)] as number) & (0x80 >> (k & 7))) === 0) continue;
      out[l * classes + k] = held === 1 ? 1 : (mixed[next++] as number);
    }
  }
  return out;
}

function popCount(byte: number): number {
  let n = 0;
  for (let b = byte; b !== 0; b &= b - 1) n++;
  return n;
}
