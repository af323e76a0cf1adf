/**
 * Page states of issue 19 (see states.mjs for what a state is and the helpers it exports, e.g.
 * openApp and TRAIN_TIMEOUT: import them from './states.mjs' and use them only inside open(),
 * since the two modules import each other); PAGE_STATES includes these.
 */
import { openApp, TRAIN_TIMEOUT } from './states.mjs';

/**
 * A made-up table where y is the first column plus a lot of noise and the other four columns are
 * noise too: 200 rows (a fixed generator, the same text every time), so a wide network memorises
 * it within a few epochs and the coach sees overfitting, with nothing to download.
 */
function noisyCsv(rows) {
  let state = 7;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const lines = ['a,b,c,d,e,y'];
  for (let i = 0; i < rows; i++) {
    const xs = [next(), next(), next(), next(), next()];
    const y = xs[0] + (next() - 0.5) * 2;
    lines.push([...xs.map((x) => x.toFixed(3)), y.toFixed(3)].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Trains the CSV recipe's MLP on the noisy table: 256×256 units, 60 epochs, 30% held back for
 * validation, seed 3, where the validation loss is lowest at epoch 4 and then climbs. The run's id
 * and experiment id; with `verify`, also verified (re-trained and compared, ~0.5 s).
 */
function trainOverfittingRun(page, verify) {
  return page.evaluate(
    async ([csv, withVerify]) => {
      const t = window.trainyard;
      const dataset = await t.importDataset(csv, { fileName: 'noisy.csv' });
      const params = { dataset, target: 'y', task: 'regression', hidden_layers: '256,256', epochs: 60, learning_rate: 0.01, validation_split: 0.3, seed: 3 };
      const runId = await t.train('csv', params, { entryPoint: 'mlp' });
      if (withVerify) await t.verifyRun(runId);
      const run = await t.getRun(runId);
      return { runId: run.runId, experimentId: run.experimentId };
    },
    [noisyCsv(200), verify],
  );
}

/**
 * Scrolls the element matching `selector` to the top of its scroll area, now and again after every
 * resize: the shots open a state at one size and then resize the page, which leaves the scroll
 * position wherever the old layout had it.
 */
function keepAtTop(page, selector) {
  return page.evaluate((css) => {
    const scroll = () => document.querySelector(css)?.scrollIntoView({ block: 'start' });
    scroll();
    window.addEventListener('resize', () => requestAnimationFrame(scroll));
  }, selector);
}

/** @type {import('./states.d.mts').PageState[]} */
export const STATES = [
  {
    name: 'run-coach-verify',
    what: "a run page after Verify: the headline with the \"Reproduced exactly\" badge, the curves, and the coach's overfitting finding with its one-click re-run",
    async open(page) {
      await openApp(page, '#/');
      const { runId, experimentId } = await trainOverfittingRun(page, true);
      await openApp(page, `#/experiments/${experimentId}/runs/${runId}`);
      await page.locator('[data-testid="run.reproduced"][data-verdict]').waitFor({ timeout: TRAIN_TIMEOUT });
      await page.locator('[data-testid="coach.finding"][data-finding="overfitting"]').waitFor({ timeout: TRAIN_TIMEOUT });
      await page.locator('[data-testid="metric-chart.plot"]').first().waitFor();
      await keepAtTop(page, '[data-testid="run.headline"]');
    },
  },
  {
    name: 'train-after-coach',
    what: "the Train panel after a run ended: its headline, the coach's reading with a suggested re-run, and Repeat with seeds",
    async open(page) {
      await openApp(page, '#/');
      const { runId } = await trainOverfittingRun(page, false);
      await openApp(page, `#/train/runs/${runId}`);
      const coach = page.getByTestId('train.live').getByTestId('coach');
      await coach.locator('[data-testid="coach.finding"][data-finding="overfitting"]').waitFor({ timeout: TRAIN_TIMEOUT });
      await page.getByTestId('train.live').getByTestId('repeat.start').waitFor();
      await keepAtTop(page, '[data-testid="train.live"] [data-testid="run.headline"]');
    },
  },
];
