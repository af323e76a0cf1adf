/**
 * A small dense network's training step, without TF.js: forward pass, loss, backward pass and the
 * optimizer update on float32 arrays in one WebAssembly.Memory, the multiply-adds in the SIMD
 * kernels of denseKernels.ts (and Adam's update in ../text/fusedAdam.ts's kernel). It is the same
 * model and the same math as the TF.js model it was read from (smallNetFit.ts): Dense layers with
 * ReLU / linear / softmax activations, an optional fixed Rescaling of the output, mean squared
 * error or categorical cross-entropy (with TF.js's clipping of probabilities), L1/L2 kernel
 * penalties, and Adam, SGD or momentum SGD with TF.js's float32 update formulas. Sums may add up in
 * a different order than TF.js's kernels do, so the weights match TF.js's to float32 rounding, not
 * bit for bit; a second run with the same seed matches this engine's first bit for bit.
 *
 * Layout: every layer's outputs are padded with zero columns to a multiple of 4 (the kernels' lane
 * count). The padding stays zero: its weights and biases start at zero, get zero gradients and so
 * zero updates (Adam's 0 / (√0 + ε) is 0).
 */
import { adamWasmBytes } from '../text/fusedAdam';
import { denseKernels, type DenseKernels } from './denseKernels';

export type Activation = 'relu' | 'linear' | 'softmax';

export interface DenseLayerSpec {
  inputs: number;
  units: number;
  activation: Activation;
  /** inputs × units, row-major (TF.js's kernel layout). */
  kernel: Float32Array;
  /** units values, or null for a layer without bias. */
  bias: Float32Array | null;
  /** The kernel's L1 and L2 penalties (tf.regularizers.l1l2), 0 when none. */
  l1: number;
  l2: number;
}

export type OptimizerSpec =
  | { kind: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
  | { kind: 'momentum'; learningRate: number; momentum: number }
  | { kind: 'sgd'; learningRate: number };

export type LossKind = 'meanSquaredError' | 'categoricalCrossentropy';
export type MetricKind = 'mae' | 'acc';

export interface NetworkSpec {
  layers: DenseLayerSpec[];
  /** A final Rescaling layer (output = z · scale + offset), or null. */
  rescale: { scale: number; offset: number } | null;
  loss: LossKind;
  metric: MetricKind | null;
  optimizer: OptimizerSpec;
  /** TF.js's epsilon (clips probabilities for the cross-entropy). */
  epsilon: number;
}

/** A batch's (or a data set's) mean loss and metric, as TF.js reports them. */
export interface Scores {
  loss: number;
  metric: number;
}

const f = Math.fround;
const pad4 = (n: number) => Math.ceil(n / 4) * 4;

type AdamFn = (w: number, m: number, v: number, g: number, ow: number, om: number, ov: number, n: number, ...scalars: number[]) => void;

let adamModule: WebAssembly.Module | null | undefined;

function adamKernel(memory: WebAssembly.Memory): AdamFn | null {
  if (adamModule === undefined) {
    const bytes = adamWasmBytes();
    adamModule = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return adamModule ? (new WebAssembly.Instance(adamModule, { env: { memory } }).exports.adam as AdamFn) : null;
}

/** Float offsets of one layer's arrays in the heap. */
interface LayerSlots {
  spec: DenseLayerSpec;
  /** Floats per input row (the previous layer's padded width, or the data's width). */
  inWidth: number;
  /** Padded output width. */
  width: number;
  w: number;
  b: number;
  gw: number;
  gb: number;
  /** Optimizer state: Adam's first and second moments, or momentum's accumulation (m only). */
  mw: number;
  vw: number;
  mb: number;
  vb: number;
  /** Wᵀ (width × inWidth), rebuilt each step for the input gradient (hidden layers only). */
  wt: number;
}

export class SmallNet {
  private readonly heap: Float32Array;
  private readonly slots: LayerSlots[];
  /** acts[l]: the input of layer l (acts[0] = the data), acts[L] = the output; grads[l] likewise. */
  private readonly acts: number[];
  private readonly grads: number[];
  private readonly one: number;
  private readonly kernels: DenseKernels;
  private readonly adam: AdamFn | null;
  private accBeta1 = 0;
  private accBeta2 = 0;
  /** Reused per batch: the output rows' targets, and one row's predictions and loss gradient. */
  private readonly targets: Float32Array;
  private predictions = new Float64Array(0);
  private gradientRow = new Float64Array(0);
  /** Rows a batch may have. */
  readonly capacity: number;

  /** The network, or null when this JavaScript engine has no WebAssembly SIMD. */
  static create(spec: NetworkSpec, rowsPerBatch: number): SmallNet | null {
    const rows = Math.max(1, rowsPerBatch);
    let size = 4; // the constant 1.0 at float 0
    const take = (floats: number) => {
      const at = size;
      size += pad4(floats);
      return at;
    };
    const slots: LayerSlots[] = spec.layers.map((layer, l) => {
      const inWidth = l === 0 ? layer.inputs : pad4(spec.layers[l - 1]?.units ?? 0);
      const width = pad4(layer.units);
      const params = inWidth * width;
      return {
        spec: layer, inWidth, width,
        w: take(params), b: take(width), gw: take(params), gb: take(width),
        mw: take(params), vw: take(params), mb: take(width), vb: take(width),
        wt: l === 0 ? -1 : take(params),
      };
    });
    const acts = [take(rows * (slots[0]?.inWidth ?? 0)), ...slots.map((s) => take(rows * s.width))];
    const grads = [-1, ...slots.map((s) => take(rows * s.width))];
    const memory = new WebAssembly.Memory({ initial: Math.ceil((size * 4) / 65_536) + 1 });
    const kernels = denseKernels(memory);
    if (!kernels) return null;
    const adam = spec.optimizer.kind === 'adam' ? adamKernel(memory) : null;
    if (spec.optimizer.kind === 'adam' && !adam) return null;
    return new SmallNet(spec, { memory, slots, acts, grads, kernels, adam, rows });
  }

  private readonly spec: NetworkSpec;

  private constructor(
    spec: NetworkSpec,
    parts: { memory: WebAssembly.Memory; slots: LayerSlots[]; acts: number[]; grads: number[]; kernels: DenseKernels; adam: AdamFn | null; rows: number },
  ) {
    this.spec = spec;
    this.heap = new Float32Array(parts.memory.buffer);
    this.slots = parts.slots;
    this.acts = parts.acts;
    this.grads = parts.grads;
    this.kernels = parts.kernels;
    this.adam = parts.adam;
    this.one = 0;
    this.heap[0] = 1;
    this.targets = new Float32Array(parts.rows * this.outputs);
    this.capacity = parts.rows;
    for (const s of this.slots) {
      const { kernel, bias, inputs, units } = s.spec;
      for (let i = 0; i < inputs; i++) this.heap.set(kernel.subarray(i * units, (i + 1) * units), s.w + i * s.width);
      if (bias) this.heap.set(bias, s.b);
    }
    if (spec.optimizer.kind === 'adam') {
      this.accBeta1 = f(spec.optimizer.beta1);
      this.accBeta2 = f(spec.optimizer.beta2);
    }
  }

  get inputs(): number {
    return this.spec.layers[0]?.inputs ?? 0;
  }

  get outputs(): number {
    return this.spec.layers[this.spec.layers.length - 1]?.units ?? 0;
  }

  /** Inputs of layer l. */
  layerInputs(l: number): number {
    return this.slots[l]?.spec.inputs ?? 0;
  }

  /** The trained weights, unpadded, in TF.js's layout (copies). */
  weights(): Array<{ kernel: Float32Array; bias: Float32Array | null }> {
    return this.slots.map((s) => {
      const { inputs, units, bias } = s.spec;
      const kernel = new Float32Array(inputs * units);
      for (let i = 0; i < inputs; i++) kernel.set(this.heap.subarray(s.w + i * s.width, s.w + i * s.width + units), i * units);
      return { kernel, bias: bias ? this.heap.slice(s.b, s.b + units) : null };
    });
  }

  /**
   * One training step on the rows `order[start … start + count)` of `x` (n × inputs) and `y`
   * (n × outputs): returns the batch's loss (with the penalties, as TF.js's training loss) and
   * metric, both measured before the update, as TF.js does.
   */
  trainBatch(x: Float32Array, y: Float32Array, order: ArrayLike<number>, start: number, count: number): Scores {
    this.gather(x, y, order, start, count);
    this.forward(count);
    const scores = this.outputGradient(count);
    scores.loss += this.penalty();
    this.backward(count);
    this.update();
    return scores;
  }

  /** Mean loss (without penalties, as TF.js's validation loss) and metric over rows [first, first + rows) of x and y. */
  evaluate(x: Float32Array, y: Float32Array, first: number, rows: number): Scores {
    let loss = 0;
    let metric = 0;
    for (let start = 0; start < rows; start += this.capacity) {
      const count = Math.min(this.capacity, rows - start);
      this.gather(x, y, null, first + start, count);
      this.forward(count);
      const scores = this.outputScores(count);
      loss += scores.loss * count;
      metric += scores.metric * count;
    }
    return { loss: loss / rows, metric: metric / rows };
  }

  /** Copies rows order[start + r] (or start + r without an order) of x and y into the batch. */
  private gather(x: Float32Array, y: Float32Array, order: ArrayLike<number> | null, start: number, count: number): void {
    const { heap, targets } = this;
    const inputs = this.inputs;
    const outputs = this.outputs;
    const a0 = this.acts[0] as number;
    for (let r = 0; r < count; r++) {
      const row = order ? (order[start + r] as number) : start + r;
      const from = row * inputs;
      const to = a0 + r * inputs;
      for (let i = 0; i < inputs; i++) heap[to + i] = x[from + i] as number;
      for (let o = 0; o < outputs; o++) targets[r * outputs + o] = y[row * outputs + o] as number;
    }
  }

  private forward(rows: number): void {
    const { heap, kernels } = this;
    this.slots.forEach((s, l) => {
      const input = this.acts[l] as number;
      const output = this.acts[l + 1] as number;
      for (let r = 0; r < rows; r++) heap.copyWithin(output + r * s.width, s.b, s.b + s.width);
      kernels.mac(output * 4, input * 4, s.w * 4, rows, s.inWidth, s.width, s.inWidth, 1);
      if (s.spec.activation === 'relu') kernels.relu(output * 4, 0, rows * s.width);
    });
  }

  /** The network's outputs for the batch's row r, after softmax or rescaling, into `out`. */
  private prediction(r: number, out: Float64Array): void {
    const last = this.slots[this.slots.length - 1] as LayerSlots;
    const z = (this.acts[this.slots.length] as number) + r * last.width;
    const outputs = this.outputs;
    if (last.spec.activation === 'softmax') {
      let max = -Infinity;
      for (let o = 0; o < outputs; o++) max = Math.max(max, this.heap[z + o] as number);
      let sum = 0;
      for (let o = 0; o < outputs; o++) {
        out[o] = f(Math.exp(f((this.heap[z + o] as number) - max)));
        sum = f(sum + (out[o] as number));
      }
      for (let o = 0; o < outputs; o++) out[o] = f((out[o] as number) / sum);
      return;
    }
    const rescale = this.spec.rescale;
    for (let o = 0; o < outputs; o++) {
      const value = this.heap[z + o] as number;
      out[o] = rescale ? f(f(value * rescale.scale) + rescale.offset) : value;
    }
  }

  /** Loss and metric of the batch's outputs; with `gradient`, also writes dLoss/dz into the last layer's gradient rows. */
  private outputScores(rows: number, gradient = false): Scores {
    const outputs = this.outputs;
    if (this.predictions.length < outputs) {
      this.predictions = new Float64Array(outputs);
      this.gradientRow = new Float64Array(outputs);
    }
    const p = this.predictions;
    const g = this.gradientRow;
    const last = this.slots[this.slots.length - 1] as LayerSlots;
    const dz = this.grads[this.slots.length] as number;
    const { epsilon, rescale } = this.spec;
    let loss = 0;
    let metric = 0;
    for (let r = 0; r < rows; r++) {
      this.prediction(r, p);
      const t = r * outputs;
      if (this.spec.loss === 'categoricalCrossentropy') {
        // TF.js: q = clip(p / Σp, ε, 1 − ε), loss = −Σ y·log q; the gradient flows only where q was not clipped.
        let sum = 0;
        for (let o = 0; o < outputs; o++) sum += p[o] as number;
        let rowLoss = 0;
        let gp = 0;
        for (let o = 0; o < outputs; o++) {
          const q = (p[o] as number) / sum;
          const clipped = Math.min(Math.max(q, epsilon), 1 - epsilon);
          const yo = this.targets[t + o] as number;
          rowLoss -= yo * Math.log(clipped);
          g[o] = q >= epsilon && q <= 1 - epsilon ? -yo / clipped : 0;
        }
        // Through q = p / Σp, then through the softmax.
        for (let o = 0; o < outputs; o++) gp += ((g[o] as number) * (p[o] as number)) / sum;
        let dot = 0;
        for (let o = 0; o < outputs; o++) {
          g[o] = ((g[o] as number) - gp) / sum;
          dot += (p[o] as number) * (g[o] as number);
        }
        if (gradient) for (let o = 0; o < outputs; o++) this.heap[dz + r * last.width + o] = ((p[o] as number) * ((g[o] as number) - dot)) / rows;
        loss += rowLoss;
      } else {
        let rowLoss = 0;
        for (let o = 0; o < outputs; o++) {
          const e = (p[o] as number) - (this.targets[t + o] as number);
          rowLoss += e * e;
          if (gradient) this.heap[dz + r * last.width + o] = ((2 * e) / (outputs * rows)) * (rescale ? rescale.scale : 1);
        }
        loss += rowLoss / outputs;
      }
      metric += this.rowMetric(p, t);
    }
    return { loss: loss / rows, metric: metric / rows };
  }

  private rowMetric(p: Float64Array, t: number): number {
    const outputs = this.outputs;
    if (this.spec.metric === 'acc') {
      let best = 0;
      let truth = 0;
      for (let o = 1; o < outputs; o++) {
        if ((p[o] as number) > (p[best] as number)) best = o;
        if ((this.targets[t + o] as number) > (this.targets[t + truth] as number)) truth = o;
      }
      return best === truth ? 1 : 0;
    }
    if (this.spec.metric === 'mae') {
      let sum = 0;
      for (let o = 0; o < outputs; o++) sum += Math.abs((p[o] as number) - (this.targets[t + o] as number));
      return sum / outputs;
    }
    return 0;
  }

  private outputGradient(rows: number): Scores {
    const last = this.slots[this.slots.length - 1] as LayerSlots;
    const dz = this.grads[this.slots.length] as number;
    this.heap.fill(0, dz, dz + rows * last.width);
    return this.outputScores(rows, true);
  }

  /** Σ over layers of l1·Σ|W| + l2·ΣW² (TF.js adds it to the training loss). */
  private penalty(): number {
    let total = 0;
    for (const s of this.slots) {
      const { l1, l2 } = s.spec;
      if (l1 === 0 && l2 === 0) continue;
      let abs = 0;
      let squares = 0;
      for (let k = s.w; k < s.w + s.inWidth * s.width; k++) {
        const w = this.heap[k] as number;
        abs += Math.abs(w);
        squares += w * w;
      }
      total += l1 * abs + l2 * squares;
    }
    return total;
  }

  private backward(rows: number): void {
    const { heap, kernels } = this;
    for (let l = this.slots.length - 1; l >= 0; l--) {
      const s = this.slots[l] as LayerSlots;
      const input = this.acts[l] as number;
      const dz = this.grads[l + 1] as number;
      // dz of a ReLU layer: its output gradient where its output was positive.
      if (s.spec.activation === 'relu') kernels.reluGrad(dz * 4, (this.acts[l + 1] as number) * 4, rows * s.width);
      heap.fill(0, s.gw, s.gw + s.inWidth * s.width);
      kernels.mac(s.gw * 4, input * 4, dz * 4, s.inWidth, rows, s.width, 1, s.inWidth);
      if (s.spec.bias) {
        heap.fill(0, s.gb, s.gb + s.width);
        kernels.mac(s.gb * 4, this.one * 4, dz * 4, 1, rows, s.width, 0, 0);
      }
      this.addPenaltyGradient(s);
      if (l === 0) continue;
      // The input gradient dx = dz · Wᵀ, with Wᵀ built from the weights before this step's update.
      for (let i = 0; i < s.inWidth; i++) {
        for (let o = 0; o < s.width; o++) heap[s.wt + o * s.inWidth + i] = heap[s.w + i * s.width + o] as number;
      }
      const dx = this.grads[l] as number;
      heap.fill(0, dx, dx + rows * s.inWidth);
      kernels.mac(dx * 4, dz * 4, s.wt * 4, rows, s.width, s.inWidth, s.width, 1);
    }
  }

  private addPenaltyGradient(s: LayerSlots): void {
    const { l1, l2 } = s.spec;
    if (l1 === 0 && l2 === 0) return;
    const { heap } = this;
    for (let k = 0; k < s.inWidth * s.width; k++) {
      const w = heap[s.w + k] as number;
      heap[s.gw + k] = f((heap[s.gw + k] as number) + f(f(l1 * Math.sign(w)) + f(l2 * f(2 * w))));
    }
  }

  private update(): void {
    const o = this.spec.optimizer;
    for (const s of this.slots) {
      const params = s.inWidth * s.width;
      this.updateArray(o, s.w, s.gw, s.mw, s.vw, params);
      if (s.spec.bias) this.updateArray(o, s.b, s.gb, s.mb, s.vb, s.width);
    }
    if (o.kind === 'adam') {
      this.accBeta1 = f(this.accBeta1 * o.beta1);
      this.accBeta2 = f(this.accBeta2 * o.beta2);
    }
  }

  private updateArray(o: OptimizerSpec, w: number, g: number, m: number, v: number, n: number): void {
    const { heap } = this;
    if (o.kind === 'adam') {
      const adam = this.adam as AdamFn;
      const scalars = [o.beta1, 1 - o.beta1, o.beta2, 1 - o.beta2, f(1 - this.accBeta1), f(1 - this.accBeta2), o.epsilon, -o.learningRate].map(f);
      adam(w * 4, m * 4, v * 4, g * 4, w * 4, m * 4, v * 4, n, ...scalars);
      return;
    }
    const negLr = f(-o.learningRate);
    if (o.kind === 'sgd') {
      for (let k = 0; k < n; k++) heap[w + k] = f(f(negLr * (heap[g + k] as number)) + (heap[w + k] as number));
      return;
    }
    const momentum = f(o.momentum);
    for (let k = 0; k < n; k++) {
      const acc = f(f((heap[m + k] as number) * momentum) + (heap[g + k] as number));
      heap[m + k] = acc;
      heap[w + k] = f(f(acc * negLr) + (heap[w + k] as number));
    }
  }
}
