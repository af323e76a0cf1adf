import { expect, test } from '../fixtures';

test.describe('Experiments', () => {
  test('create, rename, move to trash and restore an experiment with its runs', async ({ app, page }) => {
    await app.open();
    await expect(app.sidebar.getByRole('link', { name: 'Default' })).toBeVisible();
    await app.createExperiment('first try');
    const experimentId = app.experimentIdFromUrl();
    await page.evaluate(async (id) => {
      await window.trainyard.startRun({ experimentId: id as never, runName: 'kept-run' });
      await window.trainyard.endRun();
    }, experimentId);
    await expect(app.runRows).toHaveCount(1);

    await app.sidebar.getByRole('button', { name: 'Rename first try' }).click();
    await page.getByTestId('experiment-rename.name').fill('second try');
    await page.getByTestId('experiment-rename.submit').click();
    await expect(page.getByTestId('experiment.title')).toHaveText('second try');

    // A taken name is refused with a message that names it.
    await app.createExperiment('other');
    await app.sidebar.getByRole('button', { name: 'Rename other' }).click();
    await page.getByTestId('experiment-rename.name').fill('second try');
    await page.getByTestId('experiment-rename.submit').click();
    await expect(page.getByTestId('toast.error')).toContainText('An experiment named "second try" already exists');
    await page.getByTestId('experiment-rename.name').press('Escape');

    // The button says what it does in words (an emoji bin drew as an empty box without an emoji font).
    await expect(app.sidebar.getByRole('button', { name: 'Delete second try' })).toHaveText('Delete');
    await app.sidebar.getByRole('button', { name: 'Delete second try' }).click();
    await expect(app.sidebar.getByRole('link', { name: 'second try' })).toHaveCount(0);
    await page.getByTestId('experiment-list.trash-toggle').click();
    await expect(app.sidebar.getByText('second try')).toBeVisible();
    const inTrash = await page.evaluate(
      async (id) => (await window.trainyard.searchRuns('', { experimentIds: [id as never], viewType: 'DELETED_ONLY' })).runs.length,
      experimentId,
    );
    expect(inTrash).toBe(1);

    await app.sidebar.getByTestId('experiment.restore').click();
    await page.getByTestId('experiment-list.trash-toggle').click();
    await app.sidebar.getByRole('link', { name: 'second try' }).click();
    await expect(app.runRow('kept-run')).toBeVisible();
  });

  test('the Default experiment cannot be deleted', async ({ app }) => {
    await app.open();
    await expect(app.sidebar.getByRole('button', { name: 'Delete Default' })).toHaveCount(0);
    const message = await app.page.evaluate(() =>
      window.trainyard.deleteExperiment('0' as never).then(
        () => 'deleted',
        (e: Error) => e.message,
      ),
    );
    expect(message).toContain('cannot be deleted');
  });
});
