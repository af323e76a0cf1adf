/**
 * Page states of issue 19 (see states.mjs for what a state is and the helpers it exports, e.g.
 * openApp and TRAIN_TIMEOUT: import them from './states.mjs' and use them only inside open(),
 * since the two modules import each other); PAGE_STATES includes these.
 */
import { openApp } from './states.mjs';

/**
 * Two settings of the Iris recipe, five seeds each, logged from the console with the tags and
 * params a training run has (so nothing trains): learning rate 0.5 is better than 0.05 by more
 * than the seed-to-seed noise. The ids, in order.
 */
function seedSeedGroups(page) {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const accuracy = {
      '0.05': [0.921, 0.895, 0.947, 0.921, 0.895],
      '0.5': [0.974, 0.947, 0.974, 1, 0.947],
    };
    const ids = [];
    for (const [lr, values] of Object.entries(accuracy)) {
      for (const [i, value] of values.entries()) {
        const seed = 42 + i;
        const run = await t.startRun({
          runName: `iris lr ${lr} seed ${seed}`,
          tags: { 'trainyard.recipe': 'iris_logreg', 'trainyard.entry_point': 'main' },
        });
        await t.logParams({ epochs: 100, learning_rate: lr, test_fraction: 0.25, seed, train_size: 112, test_size: 38 });
        for (let e = 0; e < 10; e++) t.logMetric('loss', 1.1 * Math.exp(-e / (lr === '0.5' ? 2 : 5)) + 0.1 + (i % 3) * 0.01, { step: e });
        t.logMetric('test_accuracy', value);
        await t.endRun();
        ids.push(run.runId);
      }
    }
    return ids;
  });
}

/** @type {import('./states.d.mts').PageState[]} */
export const STATES = [
  {
    name: 'compare-groups',
    what: 'the compare view of two learning rates × five seeds: "Is the difference real?" with its table, dots and verdict',
    async open(page) {
      await openApp(page, '#/');
      const ids = await seedSeedGroups(page);
      await openApp(page, `#/compare?runs=${ids.join(',')}`);
      const panel = page.getByTestId('groups');
      await panel.getByTestId('groups.verdict').waitFor();
      await panel.scrollIntoViewIfNeeded();
      await panel.locator('[data-testid="groups.figure"][data-points]').waitFor();
      await panel.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    },
  },
];
