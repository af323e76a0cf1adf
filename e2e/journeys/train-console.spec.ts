import { expect, test } from '../fixtures';

test.describe('Training from the console', () => {
  test('trainyard.train runs Iris in a worker on the measured backend and logs everything', async ({ app, page }) => {
    await app.open();
    const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 40 }));
    const run = await page.evaluate((id) => window.trainyard.getRun(id as never), runId);
    expect(run.status).toBe('FINISHED');
    // auto = a measured trial of each backend worth timing (here only wasm: no GPU); the run records the choice.
    expect(['wasm', 'webgl', 'cpu']).toContain(run.tags['trainyard.backend']);
    expect(run.tags['trainyard.backend_choice']).toMatch(/^auto \((wasm=[\d.]+ms|wasm, untimed: no other backend worth timing here)/);
    expect(run.tags['trainyard.recipe']).toBe('iris_logreg');
    expect(run.tags['mlflow.autologging']).toBe('tfjs');
    expect(run.params).toMatchObject({ epochs: '40', seed: '42', opt_name: 'Adam', train_size: '112' });
    expect(run.metrics.loss?.count).toBe(40);
    expect(run.metrics.test_accuracy?.latest.value).toBeGreaterThan(0.8);

    // The run shows up in the table, and its page has the model and the plots of its metrics.
    await expect(app.runRows.filter({ hasText: 'FINISHED' })).toHaveCount(1);
    await page.goto(`/#/experiments/0/runs/${runId}`);
    await expect(page.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '40');
    await page.getByRole('button', { name: 'model/' }).click();
    await expect(page.getByRole('button', { name: /MLmodel/ })).toBeVisible();
  });

  test('invalid params are refused before any run exists, naming the field', async ({ app, page }) => {
    await app.open();
    const message = await page.evaluate(() =>
      window.trainyard.train('iris_logreg', { epochs: 0 }).then(
        () => 'trained',
        (e: Error) => e.message,
      ),
    );
    expect(message).toContain('epochs');
    expect(await page.evaluate(async () => (await window.trainyard.searchRuns('')).runs.length)).toBe(0);
  });

  test('a wrong call from the console is refused naming the verb and the argument; listRecipes lists entry points and params', async ({ app, page }) => {
    await app.open();
    const messages = await page.evaluate(async () => {
      const t = window.trainyard as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const failure = (call: () => Promise<unknown>) => call().then(() => 'accepted', (e: Error) => e.message);
      return [
        await failure(() => t.searchRuns!({ filter: 'x' })),
        await failure(() => t.train!(undefined)),
        await failure(() => t.searchRuns!('', { maxResult: 5 })),
      ];
    });
    expect(messages[0]).toMatch(/^searchRuns: argument 1 \(filter\) must be a filter string.*got an object/);
    expect(messages[1]).toMatch(/^train: argument 1 \(recipeName\) must be a recipe name.*got undefined/);
    expect(messages[2]).toMatch(/options has no key "maxResult" \(did you mean "maxResults"\?\)/);
    const recipes = await page.evaluate(() => window.trainyard.listRecipes());
    const iris = recipes.find((r) => r.name === 'iris_logreg');
    expect(iris?.entryPoints[0]?.params).toContainEqual(expect.objectContaining({ name: 'epochs', type: 'int', min: 1 }));
  });

  test('a re-run with the same seed on the same backend reproduces the metrics exactly', async ({ app, page }) => {
    await app.open();
    const [a, b] = await page.evaluate(async () => {
      const first = await window.trainyard.train('iris_logreg', { epochs: 15, seed: 3 });
      const second = await window.trainyard.train('iris_logreg', { epochs: 15, seed: 3 }, { rerunOf: first });
      return Promise.all([window.trainyard.getRun(first), window.trainyard.getRun(second)]);
    });
    const latest = (run: typeof a) => Object.fromEntries(Object.entries(run.metrics).map(([k, m]) => [k, m.latest.value]));
    expect(latest(b)).toEqual(latest(a));
    expect(b.tags['trainyard.rerun_of']).toBe(a.runId);
  });

  test('on the cross-origin isolated production server, the training worker runs the threaded wasm build (intact after minification) and records its threads', async ({ app, page }) => {
    const wasmFiles: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmFiles.push(request.url().split('/').pop() ?? '');
    });
    await app.open();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    // Threads on (off by default: slower here), one worker so the pool asks for all the cores for it
    // (tfjs 4.22's XNNPACK may still use one: tensorflow/tfjs#8513), wasm so no trial runs first.
    await page.evaluate(() => window.trainyard.setTrainingSettings({ workers: 1, backend: 'wasm', wasmThreads: true }));
    await page.reload();
    await page.waitForFunction(() => window.trainyard !== undefined);
    const run = await page.evaluate(async () => window.trainyard.getRun(await window.trainyard.train('iris_logreg', { epochs: 5 })));
    expect(run.status).toBe('FINISHED');
    expect(run.tags).toMatchObject({ 'trainyard.backend': 'wasm', 'trainyard.cross_origin_isolated': 'true' });
    expect(run.tags['trainyard.threads']).toMatch(/^[1-9]\d*$/);
    expect(run.metrics.test_accuracy?.latest.value).toBeGreaterThan(0);
    expect(wasmFiles.some((file) => file.startsWith('tfjs-backend-wasm-threaded-simd-'))).toBe(true);

    // By default the plain SIMD build trains, isolated page or not.
    wasmFiles.length = 0;
    await page.evaluate(() => window.trainyard.setTrainingSettings({ workers: 2, backend: 'wasm', wasmThreads: false }));
    await page.reload();
    await page.waitForFunction(() => window.trainyard !== undefined);
    const plain = await page.evaluate(async () => window.trainyard.getRun(await window.trainyard.train('iris_logreg', { epochs: 5 })));
    expect(plain.tags).toMatchObject({ 'trainyard.backend': 'wasm', 'trainyard.threads': '1' });
    expect(wasmFiles.some((file) => file.startsWith('tfjs-backend-wasm-simd-'))).toBe(true);
    expect(wasmFiles.some((file) => file.includes('threaded'))).toBe(false);
  });
});
