/**
 * Reproducible runs. TF.js draws every random number it needs (weight initialisers without a
 * seed, fit's shuffling, dropout masks' seeds) from Math.random, so while one run trains, the
 * worker — which trains one run at a time — swaps Math.random for a PRNG seeded by the run's seed.
 * The same seed, params and backend then give the same metrics, which is what "Re-run" checks.
 */
import { createRandom } from '../../domain/ml/random';

export async function withSeededMathRandom<T>(seed: number, fn: () => Promise<T>): Promise<T> {
  const original = Math.random;
  Math.random = createRandom(seed);
  try {
    return await fn();
  } finally {
    Math.random = original;
  }
}
