import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  // Plotly (≈1.4 MB gzip) is one lazy chunk by design; the first-paint bundle is what the budget watches (npm run bench).
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 5000 },
  preview: { port: 4173, strictPort: true },
  test: {
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'node',
    setupFiles: ['src/test/setup.ts'],
  },
});
