/**
 * Every page and main state a person meets, each as a recipe that brings a fresh browser page
 * (empty IndexedDB) to that state: data seeded through `window.trainyard` as the e2e journeys do,
 * then the page opened and waited on until it is drawn. Shared by the accessibility journey
 * (e2e/journeys/accessibility.spec.ts runs axe on each) and `npm run shots` (e2e/shots/run.mjs
 * photographs each at two sizes). Plain JavaScript so that Node runs the shots script as it is;
 * the types are in states.d.mts.
 */

import { STATES as GROUP_STATES } from './statesGroups.mjs';
import { STATES as RUN_INSIGHT_STATES } from './statesRunInsights.mjs';
import { STATES as SERVER_STATES } from './statesServers.mjs';

export const TRAIN_TIMEOUT = 90_000;

/** Opens `hash` and waits until the app's console is there (the store is open). */
export async function openApp(page, hash = '#/') {
  await page.goto(`/${hash}`);
  await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
}

/** Three finished runs in the Default experiment, with params, a loss curve and an accuracy; their ids. */
export function seedRuns(page) {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const specs = [
      { name: 'lr-0.1', lr: 0.1, batch: 32, final: 0.4 },
      { name: 'lr-0.01', lr: 0.01, batch: 64, final: 0.2 },
      { name: 'lr-0.001', lr: 0.001, batch: 32, final: 0.3 },
    ];
    const ids = [];
    for (const spec of specs) {
      const run = await t.startRun({ runName: spec.name });
      await t.logParams({ lr: spec.lr, batch: spec.batch, optimizer: 'adam' });
      await t.setTag('team', 'blue');
      for (let s = 0; s < 20; s++) t.logMetric('loss', spec.final + 1 / (s + 1), { step: s, timestamp: 1_700_000_000_000 + s * 1000 });
      t.logMetric('accuracy', 1 - spec.final, { step: 19 });
      await t.endRun();
      ids.push(run.runId);
    }
    return ids;
  });
}

/** A 5-epoch Iris run registered as iris-classifier version 1, alias @champion; the run id. */
export function seedModel(page) {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const runId = await t.train('iris_logreg', { epochs: 5, seed: 1 });
    const version = await t.registerModel(runId, 'iris-classifier', { description: 'Logistic regression on Iris, 5 epochs' });
    await t.setAlias('iris-classifier', 'champion', version);
    return runId;
  });
}

/** Drops a file named `name` holding `bytes` (or, without bytes, a bundle of every run) on the app. */
export async function dropFile(page, name, bytes) {
  await page.evaluate(
    async ([fileName, content]) => {
      const blob = content ? new Blob([new Uint8Array(content)], { type: 'application/zip' }) : await window.trainyard.exportBundle({ all: true });
      const transfer = new DataTransfer();
      transfer.items.add(new File([blob], fileName, { type: 'application/zip' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
    },
    [name, bytes ?? null],
  );
}

/**
 * A made-up housing table for the random-forest states and journey (no download): the price
 * follows the area most, then the rooms and the age, and `noise` has nothing to do with it; the
 * same text every time (a fixed generator), with `rows` rows.
 */
export function housingCsv(rows) {
  let state = 2024;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const lines = ['area,rooms,age,noise,price'];
  for (let i = 0; i < rows; i++) {
    const area = 30 + next() * 170;
    const rooms = 1 + Math.floor(next() * 6);
    const age = Math.floor(next() * 80);
    const noise = next();
    const price = 2.5 * area + 12 * rooms - 0.6 * age + (next() - 0.5) * 20;
    lines.push([area.toFixed(1), rooms, age, noise.toFixed(3), price.toFixed(1)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Imports `csv` through the console as a user's table; its dataset id. */
function importCsv(page, csv, fileName) {
  return page.evaluate(([text, name]) => window.trainyard.importDataset(text, { fileName: name }), [csv, fileName]);
}

const testId = (page, id) => page.getByTestId(id);

/** Picks the Iris recipe on the Train page and sets its epochs. */
async function chooseIris(page, epochs) {
  await page.locator('[data-testid="train.recipe"][data-recipe="iris_logreg"]').click();
  await testId(page, 'train.field.epochs').fill(String(epochs));
}

/** Picks "Your own CSV" → Random forest on the Train page with the housing table, predicting price. */
async function chooseForest(page, datasetId, trees) {
  await page.locator('[data-testid="train.recipe"][data-recipe="csv"]').click();
  await page.getByTestId('train.entry-point').and(page.locator('[value="random_forest"]')).check();
  await testId(page, 'train.field.dataset').selectOption(datasetId);
  await testId(page, 'train.field.target').selectOption('price');
  await testId(page, 'train.field.task').selectOption('regression');
  await testId(page, 'train.field.n_estimators').fill(String(trees));
}

/** @type {import('./states.d.mts').PageState[]} */
export const PAGE_STATES = [
  {
    name: 'start-empty',
    what: 'first visit, no runs yet: the landing page (or the empty runs table where there is none)',
    async open(page) {
      await openApp(page, '#/');
      await page.locator('[data-testid="landing"], [data-testid="first-run.link"]').first().waitFor();
    },
  },
  {
    name: 'runs-table',
    what: "an experiment's runs table with three runs",
    async open(page) {
      await openApp(page, '#/');
      await seedRuns(page);
      await openApp(page, '#/experiments/0');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="run-table.row"]').length === 3);
    },
  },
  {
    name: 'run-page',
    what: "one run's page: overview, params, metrics and a chart",
    async open(page) {
      await openApp(page, '#/');
      const [runId] = await seedRuns(page);
      await openApp(page, `#/experiments/0/runs/${runId}`);
      await testId(page, 'run-overview.status').waitFor();
      await page.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"][data-points]').waitFor();
    },
  },
  {
    name: 'compare',
    what: 'the compare view of three runs',
    async open(page) {
      await openApp(page, '#/');
      const ids = await seedRuns(page);
      await openApp(page, `#/compare?runs=${ids.join(',')}`);
      await page.getByRole('heading', { name: 'Comparing 3 runs' }).waitFor();
      await page.locator('[data-testid="compare.curve"][data-metric="loss"] [data-testid="compare.curve.plot"][data-points]').waitFor();
    },
  },
  {
    name: 'train-before',
    what: 'the Train page with Iris chosen, before training',
    async open(page) {
      await openApp(page, '#/train');
      await chooseIris(page, 5);
      await testId(page, 'train.submit').waitFor();
    },
  },
  {
    name: 'train-during',
    what: 'the Train page while the text demo trains (live progress and charts)',
    async open(page) {
      await openApp(page, '#/train');
      // The text demo: its epochs last a second or more, so the run is still training while the
      // checks and pictures of this state are taken (Iris trains 10,000 epochs in a few seconds).
      await page.locator('[data-testid="train.recipe"][data-recipe="text_classifier"]').click();
      await testId(page, 'train.field.epochs').fill('40');
      await testId(page, 'train.submit').click();
      // From the second epoch on, the first epoch's metrics are drawn in the live charts.
      await page.waitForFunction(() => /Epoch ([2-9]|\d\d)\/40/.test(document.querySelector('[data-testid="train.progress.label"]')?.textContent ?? ''), null, {
        timeout: TRAIN_TIMEOUT,
      });
    },
    async close(page) {
      await testId(page, 'train.stop').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="train.status"]')?.textContent === 'KILLED', null, { timeout: TRAIN_TIMEOUT });
    },
  },
  {
    name: 'train-after',
    what: 'the Train page after a 5-epoch Iris run finished',
    async open(page) {
      await openApp(page, '#/train');
      await chooseIris(page, 5);
      await testId(page, 'train.submit').click();
      await page.waitForFunction(() => document.querySelector('[data-testid="train.status"]')?.textContent === 'FINISHED', null, { timeout: TRAIN_TIMEOUT });
      await page.locator('[data-testid="train.live"] [data-metric-key="loss"] [data-testid="metric-chart.plot"][data-points]').waitFor();
    },
  },
  {
    name: 'train-forest-during',
    what: 'the Train page while a random forest grows on an imported CSV (trees built, no per-epoch curves)',
    async open(page) {
      await openApp(page, '#/');
      // Large enough that 1000 trees take far longer than the checks and pictures of this state.
      const datasetId = await importCsv(page, housingCsv(30_000), 'housing-large.csv');
      await openApp(page, '#/train');
      await chooseForest(page, datasetId, 1000);
      await testId(page, 'train.submit').click();
      await page.waitForFunction(() => /Trees built: \d+\/1000/.test(document.querySelector('[data-testid="train.progress.label"]')?.textContent ?? ''), null, {
        timeout: TRAIN_TIMEOUT,
      });
    },
    async close(page) {
      // Stop it; on a fast machine it may have finished already, which is as good an end.
      await testId(page, 'train.stop').click({ timeout: 5_000 }).catch(() => undefined);
      await page.waitForFunction(() => /^(KILLED|FINISHED)$/.test(document.querySelector('[data-testid="train.status"]')?.textContent ?? ''), null, { timeout: TRAIN_TIMEOUT });
    },
  },
  {
    name: 'run-forest',
    what: "a random forest run's page: its test scores, the feature importance bars and Register model",
    async open(page) {
      await openApp(page, '#/');
      const runId = await page.evaluate(async (csv) => {
        const t = window.trainyard;
        const dataset = await t.importDataset(csv, { fileName: 'housing.csv' });
        return t.train('csv', { dataset, target: 'price', task: 'regression', n_estimators: 40 }, { entryPoint: 'random_forest', runName: 'housing-forest' });
      }, housingCsv(300));
      await openApp(page, `#/experiments/0/runs/${runId}`);
      await testId(page, 'run-overview.status').waitFor();
      await page.locator('[data-testid="feature-importance.chart"][data-points="4"] .barlayer .point').first().waitFor({ timeout: TRAIN_TIMEOUT });
      await testId(page, 'run.register-open').waitFor();
    },
  },
  {
    name: 'search',
    what: 'the Search page: the form for a new search',
    async open(page) {
      await openApp(page, '#/search');
      await testId(page, 'search.title').waitFor();
      await testId(page, 'search.recipe').waitFor();
    },
  },
  {
    name: 'models',
    what: 'the registered models, one model with a @champion',
    async open(page) {
      await openApp(page, '#/');
      await seedModel(page);
      await openApp(page, '#/models');
      await testId(page, 'models.row').waitFor();
    },
  },
  {
    name: 'model',
    what: "one model's page: its versions, aliases and source run",
    async open(page) {
      await openApp(page, '#/');
      await seedModel(page);
      await openApp(page, '#/models/iris-classifier');
      await testId(page, 'model.title').waitFor();
      await testId(page, 'model.version').waitFor();
    },
  },
  {
    name: 'playground',
    what: 'the playground with the @champion model loaded',
    async open(page) {
      await openApp(page, '#/');
      await seedModel(page);
      await openApp(page, `#/playground?model=${encodeURIComponent('models:/iris-classifier@champion')}`);
      await testId(page, 'playground.field').first().waitFor({ timeout: TRAIN_TIMEOUT });
    },
  },
  {
    name: 'storage',
    what: 'the Storage page with three runs',
    async open(page) {
      await openApp(page, '#/');
      await seedRuns(page);
      await openApp(page, '#/storage');
      await testId(page, 'storage.run-row').first().waitFor();
    },
  },
  {
    name: 'import-summary',
    what: 'the import dialog showing what a valid bundle will write',
    async open(page) {
      await openApp(page, '#/');
      await seedRuns(page);
      await dropFile(page, 'trainyard-runs.zip');
      await testId(page, 'bundle.summary').waitFor();
    },
  },
  {
    name: 'import-refused',
    what: 'the import dialog refusing a file that is not a bundle',
    async open(page) {
      await openApp(page, '#/');
      await dropFile(page, 'runs.zip', [...new TextEncoder().encode('name,value\nthis is a CSV, not a zip\n')]);
      await testId(page, 'bundle.problems').waitFor();
    },
  },
  ...RUN_INSIGHT_STATES,
  ...GROUP_STATES,
  ...SERVER_STATES,
];
