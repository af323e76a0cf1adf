import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './chromium';

// Overridable so several checkouts' builds can be tested at once on one machine:
// E2E_PORT (preview port), E2E_DIST (the build folder, relative to the repository), E2E_OUT
// (where results go; Playwright empties its artifacts folder at start).
const PORT = Number(process.env.E2E_PORT ?? 4183);
const DIST = process.env.E2E_DIST ?? 'dist';
const OUT = process.env.E2E_OUT ?? '../test-results';

// E2E runs against the production build (vite build + vite preview): workers and the service
// worker behave differently in dev. `npm test` builds before it gets here.
export default defineConfig({
  testDir: './journeys',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: process.env.CI ? 1 : 0,
  reporter: [['list'], ['json', { outputFile: `${OUT}/e2e.json` }]],
  outputDir: `${OUT}/e2e-artifacts`, // Playwright empties this folder at start
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium', viewport: { width: 1400, height: 900 } } }],
  webServer: {
    command: `npx vite preview --port ${PORT} --strictPort --outDir ${DIST}`,
    cwd: '..',
    url: `http://localhost:${PORT}`,
    reuseExistingServer: false,
    timeout: 60_000,
  },
});
