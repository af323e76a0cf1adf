import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

/** Trains the built-in Iris model (no download) and resolves with the run id. */
function trainIris(page: Page, seed: number): Promise<string> {
  return page.evaluate((s) => window.trainyard.train('iris_logreg', { epochs: 5, seed: s }), seed);
}

function versionRow(page: Page, version: number) {
  return page.locator(`[data-testid="model.version"][data-version="${version}"]`);
}

test.describe('Model registry', () => {
  test('register two runs, move @champion, delete a version, and the registry survives export and import into a fresh profile', async ({
    app,
    page,
    browser,
  }) => {
    test.setTimeout(120_000);
    await app.open();
    const first = await trainIris(page, 1);

    // The run page offers "Register model" because the run logged model/MLmodel.
    await page.goto(`/#/experiments/0/runs/${first}`);
    await page.getByTestId('run.register-open').click();
    await page.getByTestId('run.register-name').fill('bad/name');
    await expect(page.getByTestId('run.register-error')).toContainText("may not contain '/'");
    await expect(page.getByTestId('run.register-submit')).toBeDisabled();
    await page.getByTestId('run.register-name').fill('iris-classifier');
    await page.getByTestId('run.register-submit').click();
    await expect(page.getByTestId('run.register-done')).toContainText('iris-classifier version 1');
    await expect(page.getByTestId('run.registered-versions')).toContainText('iris-classifier version 1');
    await expect(page.getByTestId('run.predict')).toHaveAttribute('href', `#/playground?model=runs%3A%2F${first}%2Fmodel`);

    await page.getByTestId('nav.models').click();
    await expect(page.getByTestId('models.row')).toHaveCount(1);
    await expect(page.getByTestId('models.latest')).toHaveText('Version 1');

    // A second run, registered into the existing model: version 2.
    const second = await trainIris(page, 2);
    await page.goto(`/#/experiments/0/runs/${second}`);
    await page.getByTestId('run.register-open').click();
    await page.getByTestId('run.register-model').selectOption('iris-classifier');
    await page.getByTestId('run.register-description').fill('second seed');
    await page.getByTestId('run.register-submit').click();
    await expect(page.getByTestId('run.register-done')).toContainText('iris-classifier version 2');
    await page.getByTestId('run.register-link').click();
    await expect(page.getByTestId('model.title')).toHaveText('iris-classifier');
    await expect(page.getByTestId('model.version')).toHaveCount(2);
    // Both source runs' metrics side by side.
    await expect(page.getByTestId('model.metrics')).toContainText('Version 1');
    await expect(page.getByTestId('model.metrics')).toContainText('Version 2');
    await expect(page.getByTestId('model.metrics')).toContainText('accuracy');

    // The description given at registration, and editing a version's description.
    await page.getByTestId('model.version-tags-select').selectOption('2');
    await expect(page.getByTestId('model.version-description')).toHaveText('second seed');
    await page.getByTestId('model.version-tags-select').selectOption('1');
    await page.getByTestId('model.version-description-edit').click();
    await page.getByTestId('model.version-description-input').fill('first seed');
    await page.getByTestId('model.version-description-save').click();
    await expect(page.getByTestId('model.version-description')).toHaveText('first seed');
    expect(await page.evaluate(async () => (await window.trainyard.getModelVersion('iris-classifier', 1)).description)).toBe('first seed');

    // @champion on version 1, then moved to version 2.
    await page.getByTestId('model.alias-name').fill('champion');
    await page.getByTestId('model.alias-version').selectOption('1');
    await page.getByTestId('model.alias-set').click();
    await expect(versionRow(page, 1).getByTestId('model.version-aliases')).toHaveText('@champion');
    await page.getByTestId('model.alias-name').fill('champion');
    await page.getByTestId('model.alias-version').selectOption('2');
    await expect(page.getByTestId('model.alias-set')).toHaveText('Move @champion');
    await page.getByTestId('model.alias-set').click();
    await expect(versionRow(page, 2).getByTestId('model.version-aliases')).toHaveText('@champion');
    await expect(versionRow(page, 1).getByTestId('model.version-aliases')).toHaveText('');
    // A reserved alias is explained before anything is sent.
    await page.getByTestId('model.alias-name').fill('latest');
    await expect(page.getByTestId('model.alias-error')).toContainText("'latest' (any case) is reserved");

    // Delete version 1, with confirmation.
    await versionRow(page, 1).getByTestId('model.version-delete').click();
    await page.getByTestId('models.confirm-yes').click();
    await expect(page.getByTestId('model.version')).toHaveCount(1);
    await expect(versionRow(page, 2)).toBeVisible();

    // A version opens in the prediction playground by its models:/ URI.
    await versionRow(page, 2).getByTestId('model.version-predict').click();
    await expect(page.getByTestId('playground.model-uri')).toHaveText('models:/iris-classifier/2');
    await page.goBack();
    await expect(versionRow(page, 2)).toBeVisible();

    // Export everything, import into a fresh profile.
    const download = page.waitForEvent('download');
    await page.getByTestId('bundle.export-all').click();
    const path = await (await download).path();
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const errors: string[] = [];
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto('/#/models');
    await other.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    await expect(other.getByTestId('models.empty')).toBeVisible();
    await other.getByTestId('bundle.import.file').setInputFiles(path);
    await expect(other.getByTestId('bundle.summary')).toContainText('1 new registered model with 1 model version');
    await other.getByTestId('bundle.confirm').click();
    await expect(other.getByTestId('bundle.dialog')).toHaveCount(0);
    await expect(other.getByTestId('models.row')).toHaveCount(1);
    await other.getByTestId('models.name').click();
    await expect(other.getByTestId('model.version')).toHaveCount(1);
    await expect(versionRow(other, 2).getByTestId('model.version-aliases')).toHaveText('@champion');
    await expect(versionRow(other, 2).getByTestId('model.version-run')).toBeVisible();
    const after = await other.evaluate(async (runId) => {
      const t = window.trainyard;
      const champion = await t.getModelVersionByAlias('iris-classifier', 'champion');
      // The deleted version 1 kept its number: the next registration is 3, as in the original.
      const next = await t.registerModel(runId as never, 'iris-classifier');
      return { champion: { version: champion.version, runId: champion.runId, source: champion.source }, next };
    }, first);
    expect(after).toEqual({ champion: { version: 2, runId: second, source: `runs:/${second}/model` }, next: 3 });
    expect(errors).toEqual([]);
    await fresh.close();
  });

  test('trainyard.registerModel and setAlias from the console, with clear errors for bad names, aliases and runs', async ({ app, page }) => {
    test.setTimeout(90_000);
    await app.open();
    const runId = await trainIris(page, 7);
    const result = await page.evaluate(async (id) => {
      const t = window.trainyard;
      const message = (p: Promise<unknown>) => p.then(() => 'no error', (e: Error) => `${e.name}: ${e.message}`);
      const v1 = await t.registerModel(id as never, 'console-model');
      const v2 = await t.registerModel(id as never, 'console-model');
      await t.setAlias('console-model', 'champion', v1);
      await t.setAlias('console-model', 'champion', '2');
      const champion = await t.getModelVersionByAlias('console-model', 'champion');
      return {
        v1,
        v2,
        champion: champion.version,
        aliases: champion.aliases,
        badName: await message(t.registerModel(id as never, 'a/b')),
        badAlias: await message(t.setAlias('console-model', 'v1', 1)),
        noVersion: await message(t.setAlias('console-model', 'x', 9)),
        noModel: await message(t.getModelVersion('nope', 1)),
        noRun: await message(t.registerModel('f'.repeat(32) as never, 'console-model')),
        models: (await t.searchRegisteredModels()).map((m) => [m.name, m.latestVersion]),
      };
    }, runId);
    expect(result).toEqual({
      v1: 1,
      v2: 2,
      champion: 2,
      aliases: ['champion'],
      badName: expect.stringContaining(`TrackingError: Invalid registered model name "a/b": it may not contain '/'`),
      badAlias: expect.stringContaining(`TrackingError: Invalid alias "v1": version aliases such as 'v1' are reserved.`),
      noVersion: 'TrackingError: Registered model "console-model" has no version 9.',
      noModel: 'TrackingError: Registered model "nope" not found.',
      noRun: expect.stringContaining('there is no such run'),
      models: [['console-model', 2]],
    });
    // The Models page shows it.
    await page.getByTestId('nav.models').click();
    await expect(page.getByTestId('models.aliases')).toHaveText('@champion: v2');
  });
});
