/**
 * Where a run's model was computed, in words for the Train page and the run's headline. A TF.js
 * run records its backend (`trainyard.backend`: wasm, webgl, webgpu, cpu); a random forest runs in
 * plain JavaScript, so its backend tag (the worker's, recorded for every run) says nothing about it.
 */

export const TAG_BACKEND = 'trainyard.backend';
/** Which code trained the model: `tfjs`, `smallnet` (SIMD kernels for small Dense networks) or `forest`. */
export const TAG_FIT_ENGINE = 'trainyard.fit_engine';

/** "plain JavaScript (no TF.js)" for a forest, "wasm backend" for a TF.js run, null when unknown. */
export function computedOn(tags: Readonly<Record<string, string>>): string | null {
  if (tags[TAG_FIT_ENGINE] === 'forest') return 'plain JavaScript (no TF.js)';
  const backend = tags[TAG_BACKEND];
  return backend ? `${backend} backend` : null;
}
