import { describe, expect, it } from 'vitest';
import { denseKernelBytes, denseKernels } from './denseKernels';

const memory = new WebAssembly.Memory({ initial: 1 });
const kernels = denseKernels(memory);
const heap = new Float32Array(memory.buffer);

/** Copies `values` into the heap at float index `at` and returns its byte offset. */
function put(at: number, values: ArrayLike<number>): number {
  heap.set(values, at);
  return at * 4;
}

const f = Math.fround;

describe('denseKernels', () => {
  it('should assemble a module that validates', () => {
    expect(WebAssembly.validate(denseKernelBytes())).toBe(true);
    expect(kernels).not.toBeNull();
  });

  it('should add X·W to C (float32 lane arithmetic, in k order)', () => {
    heap.fill(0);
    // X 2 × 3, W 3 × 4, C starts at a bias row.
    const x = [1, 2, 0, -1, 0.5, 3];
    const w = [0.1, 0.2, 0.3, 0.4, -1, 0, 1, 2, 0.25, 0.5, 0.75, 1];
    const c = put(0, [1, 1, 1, 1, 2, 2, 2, 2]);
    kernels!.mac(c, put(16, x), put(32, w), 2, 3, 4, 3, 1);
    const expected = [0, 1].flatMap((m) =>
      [0, 1, 2, 3].map((n) => {
        let acc = f(m === 0 ? 1 : 2);
        for (let k = 0; k < 3; k++) if (x[m * 3 + k] !== 0) acc = f(acc + f((x[m * 3 + k] as number) * (w[k * 4 + n] as number)));
        return acc;
      }),
    );
    expect(Array.from(heap.subarray(0, 8))).toEqual(expected);
  });

  it('should compute Xᵀ·D with strides, and a column sum with a single 1.0', () => {
    heap.fill(0);
    const x = [1, 2, 3, 4, 5, 6]; // 3 rows × 2
    const d = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1]; // 3 rows × 4
    const xp = put(16, x);
    const dp = put(32, d);
    kernels!.mac(0, xp, dp, 2, 3, 4, 1, 2); // 2 × 4 = Xᵀ (2 × 3) · D (3 × 4)
    expect(Array.from(heap.subarray(0, 8))).toEqual([1, 3, 5, 5, 2, 4, 6, 6]);
    const one = put(60, [1]);
    kernels!.mac(put(8, [0, 0, 0, 0]), one, dp, 1, 3, 4, 0, 0);
    expect(Array.from(heap.subarray(8, 12))).toEqual([1, 1, 1, 1]);
  });

  it('should apply a ReLU and mask a gradient by where the ReLU was positive', () => {
    heap.fill(0);
    const p = put(0, [-1, 0, 2, -0.5, 3, -2, 0.1, 7]);
    kernels!.relu(p, 0, 8);
    expect(Array.from(heap.subarray(0, 8))).toEqual([0, 0, 2, 0, 3, 0, f(0.1), 7]);
    const dy = put(8, [1, 2, 3, 4, 5, 6, 7, 8]);
    kernels!.reluGrad(dy, p, 8);
    expect(Array.from(heap.subarray(8, 16))).toEqual([0, 0, 3, 0, 5, 0, 7, 8]);
  });
});
