/**
 * plotly.js and some of its dependencies (has-hover, typedarray-pool, native-promise-only) read
 * Node's `global` at load time and while drawing; Plotly's own bundles compile it to `window`.
 * Evaluated first by ./plotly.ts (side-effect import, before any plotly.js module), it makes
 * `global` the page's global object, so the partial bundle needs no Vite `define`.
 */
const scope = globalThis as typeof globalThis & { global?: typeof globalThis };
scope.global ??= globalThis;

export {};
