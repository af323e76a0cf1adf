/**
 * Offline, install and updates: the service worker precaches the build, so after one visit the app
 * starts, shows every run and trains with no network; it makes the page cross-origin isolated
 * even when the host sends no headers; and a new version waits for the user's Reload, which waits
 * for training to finish.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { chromiumArgs, chromiumPath } from '../chromium';
import { expect, test } from '../fixtures';

const DATASETS = fileURLToPath(new URL('../../../shared/datasets/', import.meta.url));
const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

/** The build under test (E2E_DIST, as in playwright.config.ts). */
const DIST = join(fileURLToPath(new URL('../../', import.meta.url)), process.env.E2E_DIST ?? 'dist');

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.webmanifest': 'application/manifest+json',
};

interface StaticHost {
  url: string;
  /** Appended to sw.js from now on: a new deployment of the service worker. */
  deploy(version: string): void;
  close(): Promise<void>;
}

/**
 * A plain static host for the build, like GitHub Pages or a bucket: files with a content type and
 * no other headers (no COOP, COEP or CSP), unlike `vite preview`.
 */
async function staticHost(): Promise<StaticHost> {
  let swSuffix = '';
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(DIST, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' });
        response.end(path === '/sw.js' ? Buffer.concat([body, Buffer.from(swSuffix)]) : body);
      },
      () => {
        response.writeHead(404);
        response.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    deploy: (version) => {
      swSuffix = `\n// ${version}\n`;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Waits until the service worker controls the page (installed and precached, then claimed). */
async function waitForServiceWorker(page: Page): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 });
}

async function waitForApp(page: Page): Promise<void> {
  await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
}

async function runStatus(page: Page, runId: string): Promise<string> {
  return page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).status, runId);
}

test.describe('Offline, install and updates', () => {
  test('after one visit, the app starts offline with its runs, trains Iris, the stored wine download and the text demo, and compares them in charts', async ({
    app,
    page,
    context,
  }) => {
    test.slow(); // three trainings, one of them the text classifier
    await app.open();
    await waitForServiceWorker(page);
    const onlineRun = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 10 }, { runName: 'online-iris', backend: 'wasm' }));
    await expect(app.runRow('online-iris')).toHaveCount(1);
    // The wine download, made while the service worker controls the page, is not the worker's: it
    // reaches the network (here page.route, standing in for it), and the app keeps the file.
    // Those steps need the shared copy of the file (never in the repository).
    const wineFile = `${DATASETS}winequality-red.csv`;
    const withWine = existsSync(wineFile);
    if (!withWine) console.log(`offline wine steps skipped: ${wineFile} is absent (../shared/datasets is not in this checkout)`);
    let downloads = 0;
    if (withWine) {
      await page.route(RED_URL, (route) => {
        downloads += 1;
        return route.fulfill({ path: wineFile, headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } });
      });
      await page.evaluate(() => window.trainyard.train('wine_quality', { epochs: 20 }, { entryPoint: 'elasticnet', backend: 'wasm' }));
      expect(downloads).toBe(1);
    }

    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await page.reload();
    await waitForApp(page);
    await expect(app.runRow('online-iris')).toHaveCount(1);
    expect(await runStatus(page, onlineRun)).toBe('FINISHED');
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

    // A new run from the Train page: the worker chunk, TF.js and the wasm binaries come from the cache.
    await page.getByTestId('nav.train').click();
    await page.locator('[data-testid="train.recipe"][data-recipe="iris_logreg"]').click();
    await page.getByTestId('train.field.epochs').fill('15');
    await page.getByTestId('train.submit').click();
    await expect(page).toHaveURL(/#\/train\/runs\/[0-9a-f]{32}$/);
    await expect(page.getByTestId('train.status')).toHaveText('FINISHED', { timeout: 90_000 });
    const offlineRun = decodeURIComponent(/#\/train\/runs\/([^/]+)$/.exec(page.url())?.[1] ?? '');

    // The downloaded wine file was stored on first use: it trains offline.
    if (withWine) {
      const offlineWine = await page.evaluate(() => window.trainyard.train('wine_quality', { epochs: 20 }, { entryPoint: 'elasticnet', backend: 'wasm' }));
      expect(await runStatus(page, offlineWine)).toBe('FINISHED');
      expect(downloads).toBe(1);
    }

    // The text demo trains on the precached Brown corpus asset.
    const textRun = await page.evaluate(() => window.trainyard.train('text_classifier', { epochs: 1 }, { runName: 'offline-text', backend: 'wasm' }));
    expect(await runStatus(page, textRun)).toBe('FINISHED');

    // Compare: the Plotly chunk is precached too; its charts export PNG and SVG offline.
    await page.goto(`/#/compare?runs=${[onlineRun, offlineRun].join(',')}`);
    const lossCurve = page.locator('[data-testid="compare.curve"][data-metric="loss"]');
    await expect(lossCurve.getByTestId('compare.curve.plot').locator('.main-svg').first()).toBeAttached({ timeout: 30_000 });
    await expect(lossCurve.getByTestId('compare.curve.plot')).toHaveAttribute('data-points', '25');
    for (const format of ['png', 'svg']) {
      const download = page.waitForEvent('download');
      await lossCurve.getByTestId(`compare.curve.plot.export-${format}`).click();
      expect((await download).suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
    }
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  });

  test('the manifest makes the app installable: name, start URL, standalone, PNG icons including a maskable one, and .zip file handling', async ({
    app,
    page,
    baseURL,
  }) => {
    await app.open();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifest = await page.evaluate(async (url) => (await fetch(url ?? '')).json() as Promise<Record<string, unknown>>, href);
    expect(manifest).toMatchObject({ name: 'Trainyard', start_url: '/', display: 'standalone' });
    expect(manifest.file_handlers).toEqual([{ action: '/', accept: { 'application/zip': ['.zip'] }, launch_type: 'single-client' }]);
    const icons = manifest.icons as Array<{ src: string; sizes: string; type: string; purpose: string }>;
    for (const wanted of [
      { sizes: '192x192', purpose: 'any' },
      { sizes: '512x512', purpose: 'any' },
      { sizes: '512x512', purpose: 'maskable' },
    ]) {
      const icon = icons.find((i) => i.sizes === wanted.sizes && i.purpose === wanted.purpose && i.type === 'image/png');
      expect(icon, `a ${wanted.sizes} ${wanted.purpose} PNG icon`).toBeDefined();
      // Each icon is a real PNG of the size it claims.
      const size = await page.evaluate(async (src) => {
        const bitmap = await createImageBitmap(await (await fetch(src)).blob());
        return `${bitmap.width}x${bitmap.height}`;
      }, icon?.src ?? '');
      expect(size).toBe(wanted.sizes);
    }

    // Chromium's own installability check, which refuses incognito profiles: a real profile here.
    const profile = await chromium.launchPersistentContext('', { executablePath: chromiumPath, args: chromiumArgs });
    try {
      const installPage = profile.pages()[0] ?? (await profile.newPage());
      await installPage.goto(baseURL ?? '/');
      await waitForApp(installPage);
      await waitForServiceWorker(installPage);
      const session = await profile.newCDPSession(installPage);
      const { installabilityErrors } = (await session.send('Page.getInstallabilityErrors')) as { installabilityErrors: Array<{ errorId: string }> };
      expect(installabilityErrors.map((e) => e.errorId)).toEqual([]);
    } finally {
      await profile.close();
    }
  });

  test('on a static host that sends no COOP/COEP, the page is cross-origin isolated from the second load on, and threaded wasm trains', async ({
    app: _checksErrorsAndCsp,
    page,
  }) => {
    test.slow();
    const host = await staticHost();
    try {
      const wasmFiles: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('.wasm')) wasmFiles.push(request.url().split('/').pop() ?? '');
      });
      await page.goto(host.url);
      await waitForApp(page);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false); // the host's headers alone
      await waitForServiceWorker(page);
      // Threads need isolation; one worker gets both cores.
      await page.evaluate(() => window.trainyard.setTrainingSettings({ workers: 1, wasmThreads: true }));

      await page.reload();
      await waitForApp(page);
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5 }, { backend: 'wasm' }));
      const tags = await page.evaluate(async (id) => (await window.trainyard.getRun(id as never)).tags, runId);
      expect(tags).toMatchObject({ 'trainyard.backend': 'wasm', 'trainyard.cross_origin_isolated': 'true' });
      expect(wasmFiles.some((file) => file.startsWith('tfjs-backend-wasm-threaded-simd-'))).toBe(true);
    } finally {
      await host.close();
    }
  });

  test('a new version waits: the prompt offers Reload, which waits while a run trains, and the page never reloads by itself', async ({
    app,
    page,
  }) => {
    test.slow();
    const host = await staticHost();
    try {
      await page.goto(host.url);
      await waitForApp(page);
      await waitForServiceWorker(page);
      await expect(page.getByTestId('update-prompt')).toHaveCount(0);
      await page.evaluate(() => {
        (window as unknown as { marker: string }).marker = 'this page load';
      });

      // A run that trains for a while; meanwhile a new version is deployed and the browser checks for it.
      const started = page.evaluate(() => window.trainyard.startTraining('iris_logreg', { epochs: 10_000 }, { backend: 'wasm', runName: 'long' }));
      await expect.poll(() => page.evaluate(() => window.trainyard.training.runningRunIds().length), { timeout: 30_000 }).toBe(1);
      host.deploy('next version');
      await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

      const prompt = page.getByTestId('update-prompt');
      await expect(prompt).toContainText('A new version is ready — reload', { timeout: 30_000 });
      const reload = page.getByTestId('update-prompt.reload');
      await expect(reload).toBeDisabled();
      await expect(page.getByTestId('update-prompt.hint')).toContainText('Reload after training finishes');
      // The run ends (stopped here, to keep the test short); then Reload is offered.
      await page.evaluate(() => window.trainyard.stopRun(window.trainyard.training.runningRunIds()[0] as never));
      expect((await started).status).toBe('KILLED');
      await expect(reload).toBeEnabled();
      await expect(page.getByTestId('update-prompt.hint')).toHaveCount(0);
      // Nothing reloaded the page by itself, and the new worker still waits.
      expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('this page load');
      expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(true);

      await reload.click();
      await page.waitForFunction(() => (window as unknown as { marker?: string }).marker === undefined);
      await waitForApp(page);
      expect(await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting))).toBe(false);
      await expect(prompt).toHaveCount(0);
      await expect(app.runRow('long')).toHaveCount(1);
    } finally {
      await host.close();
    }
  });
});
