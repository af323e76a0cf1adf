/**
 * The security headers the app needs, in one place: vite.config.ts sends them from `vite preview`
 * and writes the Content-Security-Policy into the built index.html as a meta tag; the service
 * worker (sw.ts) adds the isolation headers to what it serves, so the page is cross-origin
 * isolated after the first load even on a static host that sends no headers (the
 * coi-serviceworker technique). Pure: no DOM or service worker globals beyond `Response`.
 */

/**
 * COOP + COEP make the page cross-origin isolated (SharedArrayBuffer exists, so TF.js can run its
 * threaded wasm build). CORP on our own files keeps them loadable by any isolated page of ours.
 * Everything the app loads is same-origin; the wine download is a CORS request, which COEP allows.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** sha256 of the empty string, base64: the hash of `style=""`. */
export const EMPTY_STYLE_HASH = 'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=';

/** The one fixed cross-origin place the app talks to: the dataset downloads (builtinSources.ts). */
export const DATASET_DOWNLOAD_ORIGIN = 'https://raw.githubusercontent.com';

/**
 * Where a tracking server the user connects to may be: an https origin, or plain http on this
 * computer (`mlflow server`'s default 127.0.0.1:5000). The policy is written at build time and cannot
 * name a URL typed at run time; the app itself only ever sends requests to the configured server
 * (workers/sync/restClient.ts). A plain-http server elsewhere needs its origin added at build time:
 * TRAINYARD_CONNECT_SRC="http://mlflow.lab:5000" npm start (README, "Tracking servers").
 */
export const TRACKING_SERVER_SOURCES = ['https:', 'http://localhost:*', 'http://127.0.0.1:*'] as const;

/** Extra connect-src origins from the build-time setting: whitespace- or comma-separated http(s) origins. */
export function extraConnectSources(setting: string | undefined): string[] {
  const sources = (setting ?? '').split(/[\s,]+/).filter(Boolean);
  for (const source of sources) {
    if (!/^https?:\/\/[a-z0-9.-]+(:(\d+|\*))?$/i.test(source)) {
      throw new Error(`TRAINYARD_CONNECT_SRC: "${source}" is not an origin like http://mlflow.lab:5000 (scheme, host and optional port, no path)`);
    }
  }
  return sources;
}

/**
 * Each directive allows only what the app needs; README "Security headers" says why each exception
 * exists. `frame-ancestors` only works as a header (browsers ignore it in a meta tag).
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  // No inline or eval'd script. 'wasm-unsafe-eval' lets TF.js compile WebAssembly when a user's
  // own model trains in the page (trainyard.autolog()); it does not allow eval().
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  // Stylesheets only from our origin (Plotly's rules come as a stylesheet: charts/plotlyGlobal.ts);
  // style properties set through the CSSOM (React's style prop, d3) are not restricted by CSP.
  'style-src': ["'self'"],
  // Style attributes: only the empty one, which Plotly's colorbar sets (`attr('style', '')`). The
  // hash is sha256 of the empty string; without this the browser reports a (harmless) violation.
  'style-src-attr': ["'unsafe-hashes'", `'${EMPTY_STYLE_HASH}'`],
  // Chart PNG/SVG export renders through data: and blob: images; logged image artifacts are blob: URLs.
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", DATASET_DOWNLOAD_ORIGIN, ...TRACKING_SERVER_SOURCES],
  'worker-src': ["'self'"],
  'manifest-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'none'"],
};

/** Directives that browsers only honour in a header. */
const HEADER_ONLY: Readonly<Record<string, readonly string[]>> = { 'frame-ancestors': ["'none'"] };

export function contentSecurityPolicy(delivery: 'meta' | 'header', extraConnect: readonly string[] = []): string {
  const base = extraConnect.length > 0 ? { ...CSP_DIRECTIVES, 'connect-src': [...(CSP_DIRECTIVES['connect-src'] ?? []), ...extraConnect] } : CSP_DIRECTIVES;
  const directives = delivery === 'header' ? { ...base, ...HEADER_ONLY } : base;
  return Object.entries(directives)
    .map(([name, sources]) => [name, ...sources].join(' '))
    .join('; ');
}

/**
 * The same response with the isolation headers added, for responses the service worker serves.
 * Opaque responses (status 0) can't be rebuilt and are returned unchanged, as are responses that
 * already carry all the headers.
 */
export function withIsolationHeaders(response: Response): Response {
  if (response.status === 0 || response.type === 'opaque' || response.type === 'opaqueredirect') return response;
  const missing = Object.entries(ISOLATION_HEADERS).filter(([name]) => !response.headers.has(name));
  if (missing.length === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of missing) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
