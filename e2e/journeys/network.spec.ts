/**
 * Security: the app makes no network requests except the dataset downloads a user starts. Every
 * request the page, its workers and its service worker make is recorded (Playwright reports worker
 * and service-worker requests on the context), and every request that would leave this machine is
 * blocked and recorded as an attempt. No fonts, CDNs, analytics, TF.js model or wasm fetches from a
 * CDN, nor anything else may even be tried while the user opens every page, trains the built-in
 * demos, compares runs and moves a bundle out and back in.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, test } from '../fixtures';

const RED_URL = 'https://raw.githubusercontent.com/mlflow/mlflow/master/tests/datasets/winequality-red.csv';

declare global {
  interface Window {
    __cspViolations: Array<{ directive: string; blocked: string }>;
  }
}

interface Traffic {
  /** Every request, as `resourceType url` (data: URLs shortened). */
  all: string[];
  /** Requests to anything but this app's own origin, allowed or not. */
  foreign: string[];
  /** Foreign requests that were stopped before leaving the machine. */
  blocked: string[];
}

function isLocal(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  return new URL(url).origin === origin;
}

/**
 * Records every request of the context (pages, dedicated workers, service workers) and aborts
 * every one that isn't for `origin` (data: and blob: URLs never reach the network).
 */
async function watchNetwork(context: BrowserContext, origin: string): Promise<Traffic> {
  const traffic: Traffic = { all: [], foreign: [], blocked: [] };
  context.on('request', (request) => {
    const url = request.url();
    const from = request.serviceWorker() ? 'service worker' : 'page or worker';
    traffic.all.push(`${from}: ${request.resourceType()} ${url.startsWith('data:') ? `${url.slice(0, 40)}…` : url}`);
    if (!isLocal(url, origin)) traffic.foreign.push(url);
  });
  // A request the Content-Security-Policy refuses never reaches the network, so Playwright never
  // sees it: the page's CSP violation reports count as attempts too.
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }));
  });
  await context.route(
    (url) => !isLocal(url.href, origin),
    (route) => {
      traffic.blocked.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  return traffic;
}

/** Fetches the CSP refused that were for a URL (not inline code or styles): attempts to reach a server. */
async function refusedFetches(page: Page): Promise<string[]> {
  const violations = await page.evaluate(() => window.__cspViolations);
  return violations.filter((v) => /^(https?|wss?):/.test(v.blocked)).map((v) => `${v.directive} ${v.blocked}`);
}

async function visit(page: Page, hash: string, ready: () => Promise<void>): Promise<void> {
  await page.goto(`/${hash}`);
  await ready();
}

test.describe('No network but the dataset downloads', () => {
  test('opening every page, training the text demo and Iris, comparing, exporting and importing a bundle make no request off this machine', async ({
    app,
    page,
    context,
    baseURL,
  }) => {
    test.setTimeout(360_000); // trains two models on a shared 2-core machine
    const origin = new URL(baseURL ?? '').origin;
    const traffic = await watchNetwork(context, origin);
    await app.open();

    // Train the two built-in demos (the text classifier on its bundled corpus, Iris from its npm
    // package) in workers: TF.js, its wasm binaries and the data all come from this origin.
    const started = Date.now();
    const runIds = await page.evaluate(async () => {
      // wasm for the text demo: 'auto' would time every backend first, which is slow here and fetches nothing more.
      const text = await window.trainyard.train('text_classifier', { epochs: 1 }, { backend: 'wasm' });
      const iris = await window.trainyard.train('iris_logreg', { epochs: 20 });
      return [text, iris];
    });
    const statuses = await page.evaluate(async (ids) => Promise.all(ids.map(async (id) => (await window.trainyard.getRun(id as never)).status)), runIds);
    expect(statuses).toEqual(['FINISHED', 'FINISHED']);
    console.log(`trained the text demo (1 epoch) and Iris (20 epochs) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // Every page, each with its charts drawn (Plotly loads on the first chart).
    await visit(page, '#/', () => expect(app.runRows).toHaveCount(2));
    await visit(page, `#/experiments/0/runs/${runIds[1]}`, () =>
      expect(page.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '20'),
    );
    await page.getByTestId('evaluation.confusion.view').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('evaluation.confusion.view').locator('.js-plotly-plot')).toBeVisible();
    await visit(page, '#/train', () => expect(page.getByTestId('train.title')).toBeVisible());
    await visit(page, `#/train/runs/${runIds[0]}`, () => expect(page.getByTestId('train.status')).toHaveText('FINISHED'));
    const hasStorage = await page.evaluate(async () => {
      window.location.hash = '#/storage';
      await new Promise((resolve) => setTimeout(resolve, 500));
      return document.querySelector('[data-testid^="storage"]') !== null;
    });
    console.log(hasStorage ? 'visited the Storage page' : 'no Storage page at #/storage in this build');

    // Compare the two runs: the side-by-side table, curves and param charts.
    await visit(page, `#/compare?runs=${runIds.join(',')}`, () => expect(page.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible());
    await expect(page.getByTestId('compare.curve.plot').first()).toBeVisible();
    // The param charts render when scrolled near: scroll to the end until they are there.
    await expect(async () => {
      await page.evaluate(() => document.querySelector('[data-testid="compare"]')?.lastElementChild?.scrollIntoView());
      await expect(page.getByTestId('compare.parallel.plot')).toBeVisible({ timeout: 1_000 });
    }).toPass();

    // Export everything from the header, then import the file back through the dialog.
    const download = page.waitForEvent('download');
    await page.getByTestId('bundle.export-all').click();
    const path = await (await download).path();
    await page.getByTestId('bundle.import.file').setInputFiles(path);
    await expect(page.getByTestId('bundle.conflicts')).toContainText('2 runs in this bundle are already here');
    await page.getByTestId('bundle.confirm').click();
    await expect(page.getByTestId('bundle.dialog')).toHaveCount(0);

    // A reload starts the app again from this origin only (and lets a service worker, if any, settle).
    await page.goto('/#/');
    await page.reload();
    await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    await expect(app.runRows).toHaveCount(2);

    const bySw = traffic.all.filter((r) => r.startsWith('service worker')).length;
    console.log(`requests made: ${traffic.all.length} (${bySw} by the service worker), all to ${origin}`);
    expect(traffic.all.length).toBeGreaterThan(10); // the recorder saw the app load
    expect(traffic.all.some((r) => /\.wasm$/.test(r)), 'the wasm binaries were fetched, locally').toBe(true);
    expect(traffic.foreign, 'requests that tried to leave this machine').toEqual([]);
    expect(traffic.blocked).toEqual([]);
    expect(await refusedFetches(page), 'requests the CSP refused').toEqual([]);
  });

  test('starting the wine download is the only request that leaves this machine', async ({ app, page, context, baseURL }) => {
    const origin = new URL(baseURL ?? '').origin;
    const traffic = await watchNetwork(context, origin);
    // The download goes to a local stand-in with the wrong bytes: the app refuses it and stores nothing.
    let served = 0;
    await context.route(RED_URL, (route) => {
      served += 1;
      return route.fulfill({ body: '"fixed acidity";"quality"\n1;5\n', headers: { 'access-control-allow-origin': '*', 'content-type': 'text/csv' } });
    });
    await app.open('#/train');
    await expect(page.getByTestId('train.title')).toBeVisible();
    expect(traffic.foreign, 'before the download is started').toEqual([]);

    await page.locator('[data-testid="train.recipe"][data-recipe="wine_quality"]').click();
    await page.getByTestId('train.submit').click();
    await expect(page.getByTestId('train.start-error')).toContainText('winequality-red.csv is not the expected file');

    expect(served).toBe(1);
    expect(traffic.foreign).toEqual([RED_URL]);
    expect(traffic.blocked).toEqual([]);
    expect(await page.evaluate(() => window.trainyard.listDatasets())).toEqual([]);
    expect(await refusedFetches(page), 'requests the CSP refused').toEqual([]);
  });
});
