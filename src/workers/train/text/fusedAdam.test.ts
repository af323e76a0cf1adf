import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { adamWasmBytes, FUSED_ADAM_KERNEL, fusedAdam } from './fusedAdam';

/** An optimizer's saved state as numbers (getWeights() makes a new iterations scalar: disposed here). */
function stateValues(weights: Awaited<ReturnType<tf.Optimizer['getWeights']>>): number[][] {
  const values = weights.map((w) => Array.from(w.tensor.dataSync(), Number));
  tf.dispose(weights[0]?.tensor);
  return values;
}

/** Runs `steps` updates of tf.train.adam and fusedAdam on twin variables; returns both weights and which kernels ran. */
async function twinRuns(shapes: number[][], steps: number) {
  // Variables survive tidy; their initial values don't.
  const plain = tf.tidy(() => shapes.map((s, k) => tf.variable(tf.randomNormal(s, 0, 0.1, 'float32', k + 1), true, `plain${k}-${crypto.randomUUID()}`)));
  const fused = tf.tidy(() => plain.map((v, k) => tf.variable(v.clone(), true, `fused${k}-${crypto.randomUUID()}`)));
  const a = tf.train.adam(0.01);
  const b = fusedAdam(tf, 0.01);
  const profile = await tf.profile(() => {
    for (let step = 0; step < steps; step++) {
      const grads = shapes.map((s, k) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + k));
      a.applyGradients(Object.fromEntries(plain.map((v, k) => [v.name, grads[k] as tf.Variable])));
      b.applyGradients(Object.fromEntries(fused.map((v, k) => [v.name, grads[k] as tf.Variable])));
      tf.dispose(grads);
    }
  });
  const result = {
    plain: plain.map((v) => Array.from(v.dataSync())),
    fused: fused.map((v) => Array.from(v.dataSync())),
    plainState: a.getWeights().then(stateValues),
    fusedState: b.getWeights().then(stateValues),
    fusedKernels: profile.kernels.filter((k) => k.name === FUSED_ADAM_KERNEL).length,
    className: b.getClassName(),
    config: [a.getConfig(), b.getConfig()],
  };
  const [plainState, fusedState] = [await result.plainState, await result.fusedState];
  tf.dispose([...plain, ...fused]);
  a.dispose();
  b.dispose();
  return { ...result, plainState, fusedState };
}

describe('fusedAdam', () => {
  it('should build a valid WebAssembly module', () => {
    expect(WebAssembly.validate(adamWasmBytes())).toBe(true);
  });

  for (const backend of ['cpu', 'wasm']) {
    it(`should give bit-identical weights and optimizer state to tf.train.adam on ${backend}`, async () => {
      await tf.setBackend(backend);
      const before = tf.memory().numTensors;
      // [13, 8] and [1001, 12] run fused; [5] (not a multiple of 4) takes tf.train.adam's ops.
      const run = await twinRuns([[13, 8], [5], [1001, 12]], 6);
      expect(run.fused).toEqual(run.plain);
      expect(run.fusedState).toEqual(run.plainState);
      expect(run.fusedKernels).toBe(2 * 6);
      expect(run.className).toBe('Adam');
      expect(run.config[1]).toEqual(run.config[0]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  afterAll(async () => {
    await tf.setBackend('cpu');
  });
});
