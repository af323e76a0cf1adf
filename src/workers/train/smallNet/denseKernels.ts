/**
 * The arithmetic of the small-network engine (smallNetFit.ts) as WebAssembly SIMD, assembled here
 * from bytes (no toolchain; the same approach as ../text/fusedAdam.ts). A small network's training
 * step is a few hundred thousand multiply-adds: as TF.js ops it costs ≈ 1 ms of dispatch, as three
 * calls of `mac` below ≈ 0.1 ms.
 *
 * Every kernel works on float32 arrays in one WebAssembly.Memory, addressed by byte offsets, with
 * row widths that are multiples of 4 (the engine pads them with zeros), 4 lanes at a time. Each
 * lane operation is IEEE float32, so a run is bit-for-bit repeatable on every machine.
 *
 * - `mac(c, a, b, M, K, N, sam, sak)`: C[m, :] += Σ_k A(m, k) · B[k, :] for m < M, where C is
 *   M × N and B is K × N (row-major, N floats a row) and A(m, k) is the float at a + 4·(m·sam + k·sak),
 *   so one kernel computes X·W (sam = row width, sak = 1), Xᵀ·D (sam = 1, sak = row width) and a
 *   column sum (A a single 1.0, sam = sak = 0). Terms with A(m, k) = 0 are skipped: after a ReLU
 *   about half of a hidden layer's activations are zero.
 * - `relu(p, n)`: p[i] = max(p[i], 0).
 * - `reluGrad(dy, y, n)`: dy[i] = y[i] > 0 ? dy[i] : 0 (the gradient through a ReLU whose output is y).
 */

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const EMPTY = 0x40;

/** Unsigned LEB128, as the binary format writes sizes, counts and indices. */
function uleb(value: number): number[] {
  const out: number[] = [];
  let v = value;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

const sized = (bytes: number[]) => [...uleb(bytes.length), ...bytes];
const name = (s: string) => sized(Array.from(s, (c) => c.charCodeAt(0)));
const section = (id: number, items: number[][]) => [id, ...sized([...uleb(items.length), ...items.flat()])];

const get = (local: number) => [0x20, ...uleb(local)];
const set = (local: number) => [0x21, ...uleb(local)];
const i32 = (value: number) => [0x41, ...uleb(value)]; // non-negative constants < 64 only (signed LEB128)
const op = {
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  geU: [0x4f],
  f32Load: [0x2a, 0x02, 0x00],
  f32Zero: [0x43, 0, 0, 0, 0],
  f32Ne: [0x5c],
  load: [0xfd, 0x00, 0x04, 0x00],
  store: [0xfd, 0x0b, 0x04, 0x00],
  splat: [0xfd, 0x13],
  gt: [0xfd, 0x44],
  and: [0xfd, 0x4e],
  fadd: [0xfd, 0xe4, 0x01],
  fmul: [0xfd, 0xe6, 0x01],
  fmax: [0xfd, 0xe9, 0x01],
};

/** `block loop (exit when counter >= limit) body counter += step; br loop end end`. */
function forLoop(counter: number, limit: number[], step: number, body: number[]): number[] {
  return [
    0x02, EMPTY, 0x03, EMPTY,
    ...get(counter), ...limit, ...op.geU, 0x0d, 0x01,
    ...body,
    ...get(counter), ...i32(step), ...op.add, ...set(counter),
    0x0c, 0x00,
    0x0b, 0x0b,
  ];
}

/** A function body: its locals (count, type) and code. */
function body(locals: Array<[number, number]>, code: number[]): number[] {
  return sized([...uleb(locals.length), ...locals.flatMap(([count, type]) => [...uleb(count), type]), ...code, 0x0b]);
}

function macBody(): number[] {
  // params 0 c, 1 a, 2 b, 3 M, 4 K, 5 N, 6 sam, 7 sak; locals 8 m, 9 k, 10 j, 11 cRow, 12 bRow, 13 rowBytes, 14 s (f32), 15 sv (v128)
  const [c, a, b, M, K, N, sam, sak] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [m, k, j, cRow, bRow, rowBytes, s, sv] = [8, 9, 10, 11, 12, 13, 14, 15];
  const at = (base: number) => [...get(base), ...get(j), ...op.add];
  const inner = forLoop(j, get(rowBytes), 16, [
    ...at(cRow),
    ...at(cRow), ...op.load,
    ...get(sv), ...at(bRow), ...op.load, ...op.fmul,
    ...op.fadd,
    ...op.store,
  ]);
  const overK = forLoop(k, get(K), 1, [
    // s = A(m, k)
    ...get(a), ...get(m), ...get(sam), ...op.mul, ...get(k), ...get(sak), ...op.mul, ...op.add, ...i32(2), ...op.shl, ...op.add,
    ...op.f32Load, ...set(s),
    ...get(s), ...op.f32Zero, ...op.f32Ne,
    0x04, EMPTY, // if s != 0
    ...get(s), ...op.splat, ...set(sv),
    ...get(b), ...get(k), ...get(rowBytes), ...op.mul, ...op.add, ...set(bRow),
    ...i32(0), ...set(j),
    ...inner,
    0x0b,
  ]);
  const overM = forLoop(m, get(M), 1, [
    ...get(c), ...get(m), ...get(rowBytes), ...op.mul, ...op.add, ...set(cRow),
    ...i32(0), ...set(k),
    ...overK,
  ]);
  return body([[6, I32], [1, F32], [1, V128]], [...get(N), ...i32(2), ...op.shl, ...set(rowBytes), ...overM]);
}

/** `p[i] = f(p[i], q[i])` over n floats, 4 at a time; `lanes` computes the new 4 lanes from locals p+i and q+i. */
function elementwiseBody(lanes: (pAt: number[], qAt: number[]) => number[]): number[] {
  // params 0 p, 1 q, 2 n; locals 3 i, 4 end
  const [p, q, n, i, end] = [0, 1, 2, 3, 4];
  const pAt = [...get(p), ...get(i), ...op.add];
  const qAt = [...get(q), ...get(i), ...op.add];
  return body([[2, I32]], [
    ...get(n), ...i32(2), ...op.shl, ...set(end),
    ...forLoop(i, get(end), 16, [...pAt, ...lanes(pAt, qAt), ...op.store]),
  ]);
}

const zeros = () => [0xfd, 0x0c, ...Array<number>(16).fill(0)];

/** The module's bytes: imports `env.memory`, exports mac, relu and reluGrad. */
export function denseKernelBytes(): Uint8Array<ArrayBuffer> {
  const macType = [0x60, ...uleb(8), ...Array<number>(8).fill(I32), 0x00];
  const elementwiseType = [0x60, 0x03, I32, I32, I32, 0x00];
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [macType, elementwiseType]),
    ...section(2, [[...name('env'), ...name('memory'), 0x02, 0x00, 0x00]]),
    ...section(3, [[0x00], [0x01], [0x01]]),
    ...section(7, [
      [...name('mac'), 0x00, 0x00],
      [...name('relu'), 0x00, 0x01],
      [...name('reluGrad'), 0x00, 0x02],
    ]),
    ...section(10, [
      macBody(),
      // relu(p, _, n): p = max(p, 0)
      elementwiseBody((pAt) => [...pAt, ...op.load, ...zeros(), ...op.fmax]),
      // reluGrad(dy, y, n): dy = dy & (y > 0)
      elementwiseBody((pAt, qAt) => [...pAt, ...op.load, ...qAt, ...op.load, ...zeros(), ...op.gt, ...op.and]),
    ]),
  ]);
}

export interface DenseKernels {
  mac(c: number, a: number, b: number, m: number, k: number, n: number, sam: number, sak: number): void;
  relu(p: number, unused: number, n: number): void;
  reluGrad(dy: number, y: number, n: number): void;
}

let compiled: WebAssembly.Module | null | undefined;

/** The kernels bound to `memory`, or null when this engine has no WebAssembly SIMD. */
export function denseKernels(memory: WebAssembly.Memory): DenseKernels | null {
  if (compiled === undefined) {
    const bytes = denseKernelBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  if (!compiled) return null;
  return new WebAssembly.Instance(compiled, { env: { memory } }).exports as unknown as DenseKernels;
}
