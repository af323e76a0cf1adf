/**
 * TF.js's Adam with each variable's update fused into one kernel. tf.train.adam updates a variable
 * with 14 element-wise ops (each a pass over the weights, plus its JS dispatch); for the 1,001 × 512
 * kernel of the Reuters MLP that is ≈ 4 ms of a ≈ 10 ms step on wasm. `fusedAdam` is an
 * AdamOptimizer (same class name, config, slots, serialisation) whose update runs as one
 * registered kernel, `TrainyardAdamUpdate`:
 *
 * - wasm: a 200-byte WebAssembly SIMD function (built below, no toolchain) that works on the wasm
 *   backend's own memory, 4 lanes at a time, one pass;
 * - cpu: the same loop in JavaScript.
 *
 * Both do exactly tf.train.adam's float32 operations in the same order (every f32x4 lane operation
 * is IEEE-exact, as are the wasm backend's element-wise kernels), so the weights are bit-identical
 * to tf.train.adam's (tested). Variables whose size is not a multiple of 4, other backends (webgl,
 * webgpu), threaded wasm (shared memory) or a browser without wasm SIMD take tf.train.adam's ops.
 */
import type * as tf from '@tensorflow/tfjs';

type Tf = typeof tf;

export const FUSED_ADAM_KERNEL = 'TrainyardAdamUpdate';

interface AdamAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
  /** 1 − beta1^t and 1 − beta2^t, as float32 (tf.train.adam's `sub(1, accBeta)`). */
  oneMinusAccBeta1: number;
  oneMinusAccBeta2: number;
}

// ---------- the WebAssembly SIMD kernel ----------

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const op = {
  localGet: (i: number) => [0x20, i],
  localSet: (i: number) => [0x21, i],
  i32Add: [0x6a],
  v128Load: [0xfd, 0x00, 0x02, 0x00],
  v128Store: [0xfd, 0x0b, 0x02, 0x00],
  f32x4Splat: [0xfd, 0x13],
  f32x4Sqrt: [0xfd, 0xe3, 0x01],
  f32x4Add: [0xfd, 0xe4, 0x01],
  f32x4Mul: [0xfd, 0xe6, 0x01],
  f32x4Div: [0xfd, 0xe7, 0x01],
};

function section(id: number, content: number[]): number[] {
  if (content.length > 127) return [id, 0x80 | (content.length & 0x7f), content.length >> 7, ...content];
  return [id, content.length, ...content];
}

const ascii = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];

/**
 * `adam(w, m, v, g, outW, outM, outV, n, beta1, 1−beta1, beta2, 1−beta2, 1−beta1^t, 1−beta2^t,
 * epsilon, −lr)`: pointers are byte offsets into the imported memory, n (a multiple of 4) counts
 * floats. Per lane, in tf.train.adam's order:
 * m' = m·β1 + g·(1−β1); v' = v·β2 + (g·g)·(1−β2); w' = ((m'/c1) / (sqrt(v'/c2) + ε))·(−lr) + w.
 */
export function adamWasmBytes(): Uint8Array<ArrayBuffer> {
  // Params 0–7: w m v g outW outM outV n (i32); 8–15: the f32 scalars. Locals: 16 i, 17 end (i32),
  // 18–25 the scalars splatted to v128, 26 g, 27 m', 28 v' (v128).
  const [i, end, g, m, v] = [16, 17, 26, 27, 28];
  const splat = (param: number) => param + 10;
  const at = (pointer: number) => [...op.localGet(pointer), ...op.localGet(i), ...op.i32Add];
  const body = [
    ...[0x02, 0x02, I32, 0x0b, V128], // locals: 2 × i32, 11 × v128
    ...[8, 9, 10, 11, 12, 13, 14, 15].flatMap((p) => [...op.localGet(p), ...op.f32x4Splat, ...op.localSet(splat(p))]),
    ...op.localGet(7), 0x41, 0x02, 0x74, ...op.localSet(end), // end = n << 2
    0x02, 0x40, // block
    0x03, 0x40, // loop
    ...op.localGet(i), ...op.localGet(end), 0x4f, 0x0d, 0x01, // br_if 1 (i >= end)
    ...at(3), ...op.v128Load, ...op.localSet(g),
    ...at(1), ...op.v128Load, ...op.localGet(splat(8)), ...op.f32x4Mul,
    ...op.localGet(g), ...op.localGet(splat(9)), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(m),
    ...at(2), ...op.v128Load, ...op.localGet(splat(10)), ...op.f32x4Mul,
    ...op.localGet(g), ...op.localGet(g), ...op.f32x4Mul, ...op.localGet(splat(11)), ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(v),
    ...at(5), ...op.localGet(m), ...op.v128Store,
    ...at(6), ...op.localGet(v), ...op.v128Store,
    ...at(4),
    ...op.localGet(m), ...op.localGet(splat(12)), ...op.f32x4Div,
    ...op.localGet(v), ...op.localGet(splat(13)), ...op.f32x4Div, ...op.f32x4Sqrt, ...op.localGet(splat(14)), ...op.f32x4Add,
    ...op.f32x4Div, ...op.localGet(splat(15)), ...op.f32x4Mul,
    ...at(0), ...op.v128Load, ...op.f32x4Add,
    ...op.v128Store,
    ...op.localGet(i), 0x41, 0x10, ...op.i32Add, ...op.localSet(i), // i += 16
    0x0c, 0x00, // br 0
    0x0b, // end loop
    0x0b, // end block
    0x0b, // end function
  ];
  const code = body.length > 127 ? [0x80 | (body.length & 0x7f), body.length >> 7, ...body] : [body.length, ...body];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x10, ...Array<number>(8).fill(I32), ...Array<number>(8).fill(F32), 0x00]),
    ...section(2, [0x01, ...ascii('env'), ...ascii('memory'), 0x02, 0x00, 0x00]),
    ...section(3, [0x01, 0x00]),
    ...section(7, [0x01, ...ascii('adam'), 0x00, 0x00]),
    ...section(10, [0x01, ...code]),
  ]);
}

type AdamFn = (w: number, m: number, v: number, g: number, ow: number, om: number, ov: number, n: number, ...scalars: number[]) => void;

interface WasmBackendLike {
  wasm?: { asm?: { memory?: unknown } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

const wasmKernels = new WeakMap<object, AdamFn | null>();

/** The SIMD function bound to this wasm backend's memory, or null when it can't be (no SIMD, shared memory…). */
function wasmAdam(backend: WasmBackendLike): AdamFn | null {
  if (wasmKernels.has(backend)) return wasmKernels.get(backend) ?? null;
  let fn: AdamFn | null = null;
  try {
    const memory = backend.wasm?.asm?.memory;
    const bytes = adamWasmBytes();
    if (memory instanceof WebAssembly.Memory && WebAssembly.validate(bytes)) {
      const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
      fn = instance.exports.adam as AdamFn;
    }
  } catch {
    fn = null;
  }
  wasmKernels.set(backend, fn);
  return fn;
}

function scalars(a: AdamAttrs): number[] {
  const f = Math.fround;
  return [f(a.beta1), f(1 - a.beta1), f(a.beta2), f(1 - a.beta2), f(a.oneMinusAccBeta1), f(a.oneMinusAccBeta2), f(a.epsilon), f(-a.learningRate)];
}

/** The cpu backend's loop: the same float32 operations as the SIMD lanes, rounded after each one. */
export function adamUpdateJs(w: Float32Array, m: Float32Array, v: Float32Array, g: Float32Array, out: [Float32Array, Float32Array, Float32Array], attrs: AdamAttrs): void {
  const f = Math.fround;
  const [b1, omb1, b2, omb2, c1, c2, eps, nlr] = scalars(attrs) as [number, number, number, number, number, number, number, number];
  const [ow, om, ov] = out;
  for (let k = 0; k < w.length; k++) {
    const gk = g[k] as number;
    const mk = f(f((m[k] as number) * b1) + f(gk * omb1));
    const vk = f(f((v[k] as number) * b2) + f(f(gk * gk) * omb2));
    om[k] = mk;
    ov[k] = vk;
    ow[k] = f(f(f(mk / c1) / f(f(Math.sqrt(f(vk / c2))) + eps)) * nlr) + (w[k] as number);
  }
}

interface CpuBackendLike {
  data: { get(dataId: object): { values: Float32Array } | undefined };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const registered = new WeakSet<object>();

/** Registers TrainyardAdamUpdate for wasm and cpu on this TF.js instance (once). */
function registerKernels(tfjs: Tf): void {
  if (registered.has(tfjs)) return;
  registered.add(tfjs);
  const inputsOf = (inputs: tf.NamedTensorInfoMap) => [inputs.value, inputs.m, inputs.v, inputs.g] as tf.TensorInfo[];
  if (!tfjs.getKernel(FUSED_ADAM_KERNEL, 'wasm')) {
    tfjs.registerKernel({
      kernelName: FUSED_ADAM_KERNEL,
      backendName: 'wasm',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as WasmBackendLike;
        const fn = wasmAdam(b);
        if (!fn) throw new Error(`${FUSED_ADAM_KERNEL}: WebAssembly SIMD is not available on this wasm backend.`);
        const ins = inputsOf(inputs);
        const shape = (ins[0] as tf.TensorInfo).shape;
        const outs = [b.makeOutput(shape, 'float32'), b.makeOutput(shape, 'float32'), b.makeOutput(shape, 'float32')];
        const offset = (t: tf.TensorInfo) => (b.dataIdMap.get(t.dataId) as { memoryOffset: number }).memoryOffset;
        const n = shape.reduce((p, d) => p * d, 1);
        fn(...(ins.map(offset) as [number, number, number, number]), ...(outs.map(offset) as [number, number, number]), n, ...scalars(attrs as unknown as AdamAttrs));
        return outs;
      },
    });
  }
  if (!tfjs.getKernel(FUSED_ADAM_KERNEL, 'cpu')) {
    tfjs.registerKernel({
      kernelName: FUSED_ADAM_KERNEL,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend, attrs }) => {
        const b = backend as unknown as CpuBackendLike;
        const [w, m, v, g] = inputsOf(inputs).map((t) => (b.data.get(t.dataId) as { values: Float32Array }).values) as [Float32Array, Float32Array, Float32Array, Float32Array];
        const out: [Float32Array, Float32Array, Float32Array] = [new Float32Array(w.length), new Float32Array(w.length), new Float32Array(w.length)];
        adamUpdateJs(w, m, v, g, out, attrs as unknown as AdamAttrs);
        const shape = (inputs.value as tf.TensorInfo).shape;
        return out.map((values) => b.makeTensorInfo(shape, 'float32', values));
      },
    });
  }
}

/** Whether this variable's update runs fused on the current backend. */
function fusable(tfjs: Tf, variable: tf.Variable): boolean {
  if (variable.dtype !== 'float32' || variable.size % 4 !== 0) return false;
  const name = tfjs.getBackend();
  if (name === 'cpu') return true;
  return name === 'wasm' && wasmAdam(tfjs.backend() as unknown as WasmBackendLike) !== null;
}

/** AdamOptimizer's private state, which the subclass updates exactly as the base class does. */
interface AdamInternals {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  incrementIterations(): void;
}

type AdamClass = new (learningRate: number, beta1: number, beta2: number, epsilon?: number) => tf.AdamOptimizer;
const classes = new WeakMap<object, AdamClass>();

/** `tf.train.adam(learningRate, beta1, beta2, epsilon)` with fused updates (see the module comment). */
export function fusedAdam(tfjs: Tf, learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): tf.AdamOptimizer {
  registerKernels(tfjs);
  let FusedAdam = classes.get(tfjs);
  if (!FusedAdam) {
    FusedAdam = class extends tfjs.AdamOptimizer {
      override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
        const self = this as unknown as AdamInternals;
        const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
        tfjs.tidy(() => {
          const oneMinusAccBeta1 = tfjs.sub(1, self.accBeta1);
          const oneMinusAccBeta2 = tfjs.sub(1, self.accBeta2);
          let accValues: [number, number] | null = null;
          names.forEach((name, i) => {
            const value = tfjs.engine().registeredVariables[name] as tf.Variable;
            self.accumulatedFirstMoment[i] ??= { originalName: `${name}/m`, variable: tfjs.tidy(() => tfjs.zerosLike(value).variable(false)) };
            self.accumulatedSecondMoment[i] ??= { originalName: `${name}/v`, variable: tfjs.tidy(() => tfjs.zerosLike(value).variable(false)) };
            const gradient = Array.isArray(variableGradients) ? variableGradients[i]?.tensor : variableGradients[name];
            if (gradient == null) return;
            const firstMoment = (self.accumulatedFirstMoment[i] as { variable: tf.Variable }).variable;
            const secondMoment = (self.accumulatedSecondMoment[i] as { variable: tf.Variable }).variable;
            if (fusable(tfjs, value)) {
              accValues ??= [oneMinusAccBeta1.dataSync()[0] as number, oneMinusAccBeta2.dataSync()[0] as number];
              const attrs: AdamAttrs = {
                beta1: self.beta1,
                beta2: self.beta2,
                epsilon: self.epsilon,
                learningRate: self.learningRate,
                oneMinusAccBeta1: accValues[0],
                oneMinusAccBeta2: accValues[1],
              };
              const [newValue, newFirst, newSecond] = tfjs.engine().runKernel(
                FUSED_ADAM_KERNEL,
                { value, m: firstMoment, v: secondMoment, g: gradient },
                attrs as unknown as tf.NamedAttrMap,
              ) as tf.Tensor[];
              firstMoment.assign(newFirst as tf.Tensor);
              secondMoment.assign(newSecond as tf.Tensor);
              value.assign(newValue as tf.Tensor);
              return;
            }
            // tf.train.adam's own update, op for op.
            const newFirstMoment = tfjs.add(tfjs.mul(firstMoment, self.beta1), tfjs.mul(gradient, 1 - self.beta1));
            const newSecondMoment = tfjs.add(tfjs.mul(secondMoment, self.beta2), tfjs.mul(tfjs.square(gradient), 1 - self.beta2));
            const biasCorrectedFirstMoment = tfjs.div(newFirstMoment, oneMinusAccBeta1);
            const biasCorrectedSecondMoment = tfjs.div(newSecondMoment, oneMinusAccBeta2);
            firstMoment.assign(newFirstMoment);
            secondMoment.assign(newSecondMoment);
            const newValue = tfjs.add(
              tfjs.mul(tfjs.div(biasCorrectedFirstMoment, tfjs.add(tfjs.sqrt(biasCorrectedSecondMoment), self.epsilon)), -self.learningRate),
              value,
            );
            value.assign(newValue);
          });
          self.accBeta1.assign(tfjs.mul(self.accBeta1, self.beta1));
          self.accBeta2.assign(tfjs.mul(self.accBeta2, self.beta2));
        });
        self.incrementIterations();
      }
    } as unknown as AdamClass;
    classes.set(tfjs, FusedAdam);
  }
  return new FusedAdam(learningRate, beta1, beta2, epsilon);
}
