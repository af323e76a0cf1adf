/**
 * plotly.js and some of its dependencies (has-hover, typedarray-pool, native-promise-only) read
 * Node's `global` at load time and while drawing; Plotly's own bundles compile it to `window`.
 * Evaluated first by ./plotly.ts (side-effect import, before any plotly.js module), it makes
 * `global` the page's global object, so the partial bundle needs no Vite `define`.
 */
const scope = globalThis as typeof globalThis & { global?: typeof globalThis };
scope.global ??= globalThis;

/**
 * Plotly styles its charts by inserting a <style> element, which the Content-Security-Policy
 * (style-src 'self', no 'unsafe-inline') blocks. An element with Plotly's style id and the class
 * `no-inline-styles` tells it not to (plotly.js src/lib/dom.js); ./plotly.ts imports the same
 * rules as plotly.js/dist/plotly.css instead.
 */
const PLOTLY_STYLE_ID = 'plotly.js-style-global';
if (typeof document !== 'undefined' && !document.getElementById(PLOTLY_STYLE_ID)) {
  const marker = document.createElement('meta');
  marker.id = PLOTLY_STYLE_ID;
  marker.className = 'no-inline-styles';
  document.head.appendChild(marker);
}

export {};
