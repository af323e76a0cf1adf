/**
 * A Keras Dense layer that trains fast on the wasm backend. Same math, same weights, same config,
 * same class name ("Dense"): a saved model is a plain Dense model that any TF.js (or Keras, after
 * conversion) loads. Only the kernels that compute it differ, chosen from what this machine
 * measured (see ../shared/BRIEF.md and `npm run bench`):
 *
 * - Weight gradient. tf.layers.dense computes dW = xᵀ·dy as `matMul(x, dy, transposeA=true)`, which
 *   the wasm backend runs in a naive loop (≈ 30–40 ms for 32 × 1,000 × 512). Transposing x first
 *   and calling the plain matMul (XNNPACK) gives the same product in ≈ 3 ms.
 * - Input gradient. The first layer's input is the training data, which needs no gradient, so that
 *   layer (`inputIsData`) skips it; a hidden layer computes dx = dy·Wᵀ with an explicit transpose.
 * - Sparse inputs (`sparseInputs`). A bag-of-words batch is ~95% zeros. On backends whose tensors
 *   live in JS/wasm memory (wasm, cpu), the layer reads the batch, and when every value is a whole
 *   number (binary or count vectors), the forward pass is a `sparseSegmentSum` of the kernel rows of
 *   each document's words (≈ 0.4 ms instead of a ≈ 5–9 ms matMul whose weights XNNPACK repacks at
 *   every step) and the weight gradient is a `sparseSegmentSum` of output gradients per word
 *   (≈ 1.5 ms). A count c is the same row added c times. Other batches (tf-idf weights, dense
 *   data) and GPU backends take the dense path above.
 *
 * The layer is built by subclassing the Dense class of the TF.js instance it is given, so it works
 * with the worker's and the tests' copy alike, and inherits initialisers, regularisers, constraints,
 * getConfig and serialisation unchanged. Inputs of rank > 2, non-float inputs and layers without a
 * bias fall back to Dense's own call.
 */
import type * as tf from '@tensorflow/tfjs';
import { sparseBatchFromDense, type SparseBatch } from './sparseBatch';

type Tf = typeof tf;
export type DenseArgs = Parameters<Tf['layers']['dense']>[0];
type Kwargs = Parameters<tf.layers.Layer['call']>[1];

export interface FastDenseOptions {
  /** The input is training data (the model's first layer): no gradient is computed for it. */
  inputIsData?: boolean;
  /** Try the sparse kernels on wasm and cpu (worth it for bag-of-words inputs). Needs `inputIsData`. */
  sparseInputs?: boolean;
}

/** Backends whose tensors can be read synchronously without a GPU round trip. */
const MEMORY_BACKENDS = new Set(['wasm', 'cpu']);

/** Dense's private fields, which a subclass may use at run time. */
interface DenseInternals {
  kernel: { read(): tf.Variable } | null;
  bias: { read(): tf.Variable } | null;
  activation: { apply(x: tf.Tensor): tf.Tensor };
  invokeCallHook(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): void;
}

type DenseClass = new (args: DenseArgs) => tf.layers.Layer;
type FastDenseClass = new (args: DenseArgs, options: FastDenseOptions) => tf.layers.Layer & { readonly fastOptions: FastDenseOptions };

const classes = new WeakMap<object, FastDenseClass>();

/** A Dense layer (same args as `tf.layers.dense`) computed with the fast kernels described above. */
export function fastDense(tfjs: Tf, args: DenseArgs, options: FastDenseOptions = {}): tf.layers.Layer {
  if (options.sparseInputs && !options.inputIsData) throw new Error('fastDense: sparseInputs needs inputIsData (the sparse kernels compute no input gradient).');
  const FastDense = fastDenseClass(tfjs);
  return new FastDense(args, options);
}

/** The kernels a FastDense layer would use for `x` right now (for tests and the bench). */
export function fastDensePath(tfjs: Tf, layer: tf.layers.Layer, x: tf.Tensor2D): 'sparse' | 'dense' | 'keras' {
  const options = (layer as Partial<{ fastOptions: FastDenseOptions }>).fastOptions;
  if (!options) return 'keras';
  return options.sparseInputs && MEMORY_BACKENDS.has(tfjs.getBackend()) && sparseBatchFromDense(x.dataSync(), x.shape[0], x.shape[1])
    ? 'sparse'
    : 'dense';
}

function fastDenseClass(tfjs: Tf): FastDenseClass {
  const cached = classes.get(tfjs);
  if (cached) return cached;
  const Dense = Object.getPrototypeOf(tfjs.layers.dense({ units: 1 })).constructor as DenseClass;

  class FastDense extends Dense {
    readonly fastOptions: FastDenseOptions;

    constructor(args: DenseArgs, options: FastDenseOptions) {
      super(args);
      this.fastOptions = { ...options };
    }

    override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
      const self = this as unknown as DenseInternals;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!x || x.rank !== 2 || x.dtype !== 'float32' || !self.kernel || !self.bias) return super.call(inputs, kwargs);
      const kernelVar = self.kernel;
      const biasVar = self.bias;
      return tfjs.tidy(() => {
        self.invokeCallHook(inputs, kwargs);
        const x2 = x as tf.Tensor2D;
        const kernel = kernelVar.read() as tf.Tensor2D;
        const bias = biasVar.read() as tf.Tensor1D;
        let linear: tf.Tensor2D;
        if (this.fastOptions.inputIsData) {
          const sparse =
            this.fastOptions.sparseInputs && MEMORY_BACKENDS.has(tfjs.getBackend())
              ? sparseBatchFromDense(x2.dataSync(), x2.shape[0], x2.shape[1])
              : null;
          linear = dataInputLinear(tfjs, x2, kernel, bias, sparse);
        } else {
          linear = hiddenLinear(tfjs, x2, kernel, bias);
        }
        return self.activation.apply(linear);
      });
    }
  }

  const cls = FastDense as unknown as FastDenseClass;
  classes.set(tfjs, cls);
  return cls;
}

/** x·W + b with gradients for W and b only (x is data). */
function dataInputLinear(tfjs: Tf, x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D, sparse: SparseBatch | null): tf.Tensor2D {
  const f = tfjs.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [k, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    if (!sparse) save([x]);
    const z = sparse ? sparseTimesKernel(tfjs, sparse, k) : tfjs.matMul(x, k);
    return {
      value: tfjs.add(z, b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => [
        sparse ? sparseKernelGradient(tfjs, sparse, dy) : tfjs.matMul(tfjs.transpose(saved[0] as tf.Tensor2D), dy),
        tfjs.sum(dy, 0),
      ],
    };
  });
  return f(kernel, bias) as tf.Tensor2D;
}

/** x·W + b with gradients for x, W and b, every product on XNNPACK's fast (untransposed) path. */
function hiddenLinear(tfjs: Tf, x: tf.Tensor2D, kernel: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  const f = tfjs.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xx, k, b, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, tf.GradSaveFunc];
    save([xx, k]);
    return {
      value: tfjs.add(tfjs.matMul(xx, k), b) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [sx, sk] = saved as [tf.Tensor2D, tf.Tensor2D];
        return [tfjs.matMul(dy, tfjs.transpose(sk)), tfjs.matMul(tfjs.transpose(sx), dy), tfjs.sum(dy, 0)];
      },
    };
  });
  return f(x, kernel, bias) as tf.Tensor2D;
}

/** Pads `t` with zero rows up to `rows` (sparseSegmentSum stops at the last segment that occurs). */
function padRows(tfjs: Tf, t: tf.Tensor2D, rows: number): tf.Tensor2D {
  const have = t.shape[0];
  return have < rows ? tfjs.pad(t, [[0, rows - have], [0, 0]]) : t;
}

/** Row k of the result (of `rows`) = Σ of the `data` rows at `indices` whose segment is k. */
function segmentSum(tfjs: Tf, data: tf.Tensor2D, pairs: { indices: Int32Array; segments: Int32Array }, rows: number): tf.Tensor2D {
  if (pairs.segments.length === 0) return tfjs.zeros([rows, data.shape[1]]);
  const sums = tfjs.sparse.sparseSegmentSum(data, tfjs.tensor1d(pairs.indices, 'int32'), tfjs.tensor1d(pairs.segments, 'int32')) as tf.Tensor2D;
  return padRows(tfjs, sums, rows);
}

/** Row r of the result = Σ over the entries of document r of the kernel row of its word. */
function sparseTimesKernel(tfjs: Tf, sparse: SparseBatch, kernel: tf.Tensor2D): tf.Tensor2D {
  return segmentSum(tfjs, kernel, { indices: sparse.byRow.columns, segments: sparse.byRow.rows }, sparse.rows);
}

/** dW row j = Σ over the documents containing word j (with multiplicity) of their output gradient. */
function sparseKernelGradient(tfjs: Tf, sparse: SparseBatch, dy: tf.Tensor2D): tf.Tensor2D {
  return segmentSum(tfjs, dy, { indices: sparse.byColumn.rows, segments: sparse.byColumn.columns }, sparse.width);
}
