/**
 * Backends for TF.js inside the training worker. The wasm binaries are imported as URLs so Vite
 * ships them with the build (and the service worker can precache them): nothing is fetched from a
 * CDN. Threaded wasm needs cross-origin isolation (the production server sends COOP/COEP, and
 * vite.config.ts keeps the pthread worker's script intact through minification) and the
 * wasmThreads setting; otherwise wasm runs its SIMD build on one thread. The WebGPU backend (460 KB
 * of the worker's 3 MB) is loaded only where WebGPU can run: every worker that never needs it
 * starts ~0.1 s sooner.
 */
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from '../train/protocol';
import { autoCandidates, pickBackend, usableBackends, webglKind, type BackendSupport } from './pickBackend';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': simdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
});

/**
 * XNNPACK's thread count; takes effect only before the wasm backend first initialises. One thread
 * means the plain SIMD build even on a cross-origin isolated page: the threaded build with one
 * thread only adds the cost of shared memory (1.8× slower on the text MLP here).
 */
export function configureWasmThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) return;
  if (threads === 1) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  else setThreadsCount(threads);
}

/** Preference order when nothing was measured: fastest first on typical hardware. */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** The renderer of a throwaway WebGL context (as TF.js would make one), or null when none can be made. */
function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null; // TF.js's WebGL backend in a worker draws on one
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    // Give the context back at once: browsers cap live WebGL contexts (the pool, the predict worker and Plotly share them).
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}

let support: BackendSupport | null = null;

/** What this browser offers, probed once per worker without starting any TF.js backend. */
export function backendSupport(): BackendSupport {
  support ??= {
    webgpu: typeof navigator !== 'undefined' && 'gpu' in navigator && navigator.gpu !== undefined && navigator.gpu !== null,
    webgl: webglKind(webglRenderer()),
  };
  return support;
}

let adapter: Promise<boolean> | null = null;

/** Whether WebGPU hands out an adapter: asked once, and only where WebGPU passed the cheaper checks. */
function hasWebGpuAdapter(): Promise<boolean> {
  adapter ??= navigator.gpu.requestAdapter().then(
    (found) => found !== null,
    () => false,
  );
  return adapter;
}

let webgpuBackend: Promise<boolean> | null = null;

/** Loads (once) TF.js's WebGPU backend, which registers itself; false when its chunk can't load. */
function loadWebGpuBackend(): Promise<boolean> {
  webgpuBackend ??= import('@tensorflow/tfjs-backend-webgpu').then(
    () => true,
    () => false,
  );
  return webgpuBackend;
}

/**
 * Whether `name` can start here. Asked before `tf.setBackend`, because TF.js logs a warning and a
 * TypeError for every backend that fails to initialise (pickBackend.ts has the rules).
 */
async function canStart(name: BackendName): Promise<boolean> {
  if (usableBackends([name], backendSupport()).length === 0) return false;
  return name === 'webgpu' ? (await hasWebGpuAdapter()) && (await loadWebGpuBackend()) : true;
}

/** Switches to `name`; false when this browser can't run it (then TF.js isn't asked to try). */
export async function trySetBackend(name: BackendName): Promise<boolean> {
  if (tf.getBackend() === name) return true;
  if (!(await canStart(name))) return false;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/**
 * Picks the fastest backend for a model by timing a short trial on each one that initialises
 * (the trial runs twice: the first warms up kernels and shader caches). A lone candidate is not
 * timed, as there is nothing to compare it with: its `timings` are empty.
 */
export async function chooseBackendByTrial(
  trial: () => Promise<void>,
  candidates: readonly BackendName[] = autoCandidates(backendSupport()),
): Promise<{ backend: BackendName; timings: Partial<Record<BackendName, number>> }> {
  const timings: Partial<Record<BackendName, number>> = {};
  for (const name of candidates) {
    if (!(await trySetBackend(name))) continue;
    if (candidates.length === 1) return { backend: name, timings };
    await trial();
    // The best of three: a busy machine only ever makes a trial slower.
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      await trial();
      best = Math.min(best, performance.now() - start);
    }
    timings[name] = best;
  }
  const backend = pickBackend(timings, candidates);
  await trySetBackend(backend);
  return { backend, timings };
}

/** What every run records about where it trained. */
export function environmentTags(): Record<string, string> {
  const backend = tf.getBackend();
  // XNNPACK's thread pool: all logical cores when the page is cross-origin isolated, else 1.
  const threads = backend === 'wasm' ? String(getThreadsCount()) : '1';
  return {
    'trainyard.backend': backend,
    'trainyard.tfjs_version': tf.version.tfjs,
    'trainyard.cross_origin_isolated': String(globalThis.crossOriginIsolated === true),
    'trainyard.threads': threads,
    'trainyard.user_agent': globalThis.navigator?.userAgent ?? 'unknown',
  };
}

/**
 * A short stand-in for a dense network's training step (matmuls forward and transposed, relu),
 * timed on each backend when the user leaves the choice on auto.
 */
export async function denseTrial(): Promise<void> {
  const result = tf.tidy(() => {
    const x = tf.randomUniform([64, 512]);
    const w = tf.randomUniform([512, 256]);
    const h = tf.relu(tf.matMul(x, w));
    const grad = tf.matMul(x, h, true, false);
    return tf.add(h.sum(), grad.sum());
  });
  await result.data();
  result.dispose();
}
