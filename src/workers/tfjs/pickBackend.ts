/**
 * Pure rules of the backend choice, shared by the train and predict workers (backend.ts probes the
 * browser and applies them): which backends this browser can have at all, and which of the
 * measured ones to train on.
 */
import type { BackendName } from '../train/protocol';

/**
 * What the browser offers, as probed without starting a TF.js backend: whether `navigator.gpu`
 * exists, and how a WebGL context renders (`none`: no context could be made; `software`: made, but
 * drawn on the CPU by SwiftShader, llvmpipe or the like).
 */
export interface BackendSupport {
  webgpu: boolean;
  webgl: 'none' | 'software' | 'hardware';
}

/** Renderer strings of the CPU rasterisers browsers fall back to when there is no usable GPU. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render driver/i;

/** How a WebGL context renders, from its (unmasked, when the browser gives it) renderer string. */
export function webglKind(renderer: string | null): BackendSupport['webgl'] {
  if (renderer === null) return 'none';
  return SOFTWARE_RENDERER.test(renderer) ? 'software' : 'hardware';
}

/**
 * The candidates this browser can run, in their order. TF.js logs a warning and a TypeError for
 * every backend that fails to initialise, so the ones it can't have are never tried: WebGL without
 * a context; WebGPU without `navigator.gpu`, or where WebGL renders in software or not at all (a
 * browser with no GPU to give WebGL has no WebGPU adapter either: headless Chromium exposes
 * `navigator.gpu` yet finds no adapter). wasm and cpu always run.
 */
export function usableBackends(candidates: readonly BackendName[], support: BackendSupport): BackendName[] {
  return candidates.filter((name) => {
    if (name === 'webgpu') return support.webgpu && support.webgl === 'hardware';
    if (name === 'webgl') return support.webgl !== 'none';
    return true;
  });
}

/**
 * What `auto` times: wasm first (the safe default), then WebGPU and WebGL where they draw on a GPU.
 * Never WebGL drawn by a software rasteriser, nor the cpu backend: on every recipe both are many
 * times slower than wasm on the same cores (headless Chromium's SwiftShader WebGL: the text MLP at
 * 148 samples/s against ~4,000 on wasm, Iris 17 s against 2 s; cpu: 282 samples/s), yet on the
 * 20 ms trial software WebGL came within 7 % of wasm, so one slow wasm trial on a busy machine could
 * pick it, and compiling its shaders made the first run ~0.5 s longer. cpu remains the fallback
 * when none of these starts (pickBackend).
 */
export function autoCandidates(support: BackendSupport): BackendName[] {
  return usableBackends(['wasm', 'webgpu', 'webgl'], support).filter((name) => name === 'wasm' || support.webgl === 'hardware');
}

/**
 * The first candidate (the safest: wasm) unless another is clearly faster, by 25 %: a GPU backend's
 * small-trial lead is often noise and costs readback latency on small models.
 */
export function pickBackend(timings: Partial<Record<BackendName, number>>, candidates: readonly BackendName[]): BackendName {
  const measured = candidates.filter((name) => timings[name] !== undefined);
  let choice = measured[0] ?? 'cpu';
  for (const name of measured.slice(1)) {
    if ((timings[name] as number) * 1.25 < (timings[choice] as number)) choice = name;
  }
  return choice;
}

/** The run's `trainyard.backend_choice` tag for an auto choice: each timed trial, or why none was. */
export function describeAutoChoice(backend: BackendName, timings: Partial<Record<BackendName, number>>): string {
  const timed = Object.entries(timings).map(([name, ms]) => `${name}=${(ms ?? 0).toFixed(1)}ms`);
  return timed.length > 0 ? `auto (${timed.join(', ')})` : `auto (${backend}, untimed: no other backend worth timing here)`;
}
