/**
 * The Storage page: usage and persistence, Trainyard's bytes by experiment and run (biggest
 * first), and MLflow's lifecycle: move to trash, restore, delete permanently, empty the trash.
 * Runs are seeded through `window.trainyard`; the store is checked through it afterwards.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

declare global {
  interface Window {
    __storageXss?: number;
  }
}

const HOSTILE = '<img src=x onerror="window.__storageXss=1">';

/** "12.3 KB" → bytes (formatBytes's binary units). */
function parseBytes(text: string): number {
  const match = /([\d.]+)\s*(B|KB|MB|GB)/.exec(text);
  if (!match?.[1] || !match[2]) throw new Error(`No size in "${text}"`);
  const scale = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 }[match[2] as 'B' | 'KB' | 'MB' | 'GB'];
  return Number(match[1]) * scale;
}

/** Creates an experiment with three finished runs of very different sizes; returns their ids. */
async function seed(page: Page) {
  return page.evaluate(async (hostile) => {
    const t = window.trainyard;
    const experimentId = await t.createExperiment(`${hostile} lab`);
    const make = async (runName: string, points: number, modelBytes: number) => {
      const run = await t.createRun({ experimentId, runName });
      await t.logParams({ lr: 0.01 }, { runId: run.runId });
      for (let step = 0; step < points; step++) t.logMetric('loss', 1 / (step + 1), { step, runId: run.runId });
      await t.logArtifact(new Blob([new Uint8Array(modelBytes)]), 'model/weights.bin', { runId: run.runId });
      await t.logArtifact({ layers: [8] }, 'config.json', { runId: run.runId });
      await t.endRun('FINISHED', { runId: run.runId });
      return run.runId;
    };
    const big = await make(`${hostile} big`, 5000, 300_000);
    const medium = await make('medium', 200, 20_000);
    const small = await make('small', 10, 100);
    return { experimentId, big, medium, small };
  }, HOSTILE);
}

async function storeState(page: Page, runIds: string[]) {
  return page.evaluate(async (ids) => {
    const t = window.trainyard;
    return Promise.all(
      ids.map(async (id) => {
        const run = await t.getRun(id as never).catch(() => null);
        return {
          exists: run !== null,
          stage: run?.lifecycleStage ?? null,
          points: (await t.getMetricHistory(id as never, 'loss')).length,
          artifacts: (await t.listArtifacts(id as never)).length,
        };
      }),
    );
  }, runIds);
}

test.describe('Storage', () => {
  test('shows the breakdown, trashes, restores and purges a run, and empties the trash', async ({ app, page }) => {
    await app.open();
    const ids = await seed(page);
    await page.getByTestId('nav.storage').click();
    await expect(page).toHaveURL(/#\/storage$/);

    // Usage, persistence and the breakdown, biggest run first; hostile names are plain text.
    await expect(page.getByTestId('storage.usage')).toContainText(' of ');
    await expect(page.getByTestId('storage.persistence')).toHaveText(/^(Persistent|Not persistent|Not available|Unknown)$/);
    const rows = page.getByTestId('storage.run-row');
    await expect(rows).toHaveCount(3);
    await expect(rows.nth(0)).toHaveAttribute('data-run-id', ids.big);
    await expect(rows.nth(1)).toHaveAttribute('data-run-id', ids.medium);
    await expect(rows.nth(2)).toHaveAttribute('data-run-id', ids.small);
    await expect(rows.nth(0).getByRole('link')).toHaveText(`${HOSTILE} big`);
    await expect(page.getByTestId('storage.experiment-row').first()).toContainText(`${HOSTILE} lab`);
    expect(parseBytes((await rows.nth(0).locator('td').nth(4).textContent()) ?? '')).toBeGreaterThan(290_000); // models column
    const totalBefore = parseBytes((await page.getByTestId('storage.total').textContent()) ?? '');
    expect(totalBefore).toBeGreaterThan(300_000);

    // Move the big run to the trash, then restore it.
    await page.getByRole('button', { name: `Move ${HOSTILE} big to the trash` }).click();
    const trashEntries = page.getByTestId('storage.trash-entry');
    await expect(trashEntries).toHaveCount(1);
    await expect(trashEntries.first()).toContainText(`${HOSTILE} big`);
    await expect(rows).toHaveCount(2);
    expect((await storeState(page, [ids.big]))[0]?.stage).toBe('deleted');
    await page.getByRole('button', { name: `Restore Run ${HOSTILE} big` }).click();
    await expect(page.getByTestId('storage.trash-empty')).toBeVisible();
    await expect(rows).toHaveCount(3);
    expect((await storeState(page, [ids.big]))[0]).toEqual({ exists: true, stage: 'active', points: 5000, artifacts: 2 });

    // Its model is registered (@champion): purging the run must say the version loses its files.
    await page.evaluate(async (id) => {
      const t = window.trainyard;
      await t.logText('flavors: {}\n', 'model/MLmodel', { runId: id as never });
      await t.registerModel(id as never, 'big-model');
      await t.setAlias('big-model', 'champion', 1);
    }, ids.big);

    // Trash it again and delete it permanently: the confirmation names it and the bytes freed.
    await page.getByRole('button', { name: `Move ${HOSTILE} big to the trash` }).click();
    await page.getByRole('button', { name: `Delete Run ${HOSTILE} big permanently` }).click();
    const confirmText = page.getByTestId('storage.confirm-text');
    await expect(confirmText).toContainText(`Run "${HOSTILE} big"`);
    await expect(confirmText).toContainText('frees about');
    await expect(confirmText).toContainText('Registered model version "big-model" version 1 (@champion) comes from this run');
    expect(parseBytes(/frees about ([\d.]+ [KMG]?B)/.exec((await confirmText.textContent()) ?? '')?.[1] ?? '')).toBeGreaterThan(290_000);
    await page.getByTestId('storage.confirm-yes').click();
    await expect(page.getByTestId('storage.trash-empty')).toBeVisible();
    await expect(rows).toHaveCount(2);
    await expect
      .poll(async () => parseBytes((await page.getByTestId('storage.total').textContent()) ?? ''))
      .toBeLessThan(totalBefore - 290_000);
    const [big, medium, small] = await storeState(page, [ids.big, ids.medium, ids.small]);
    expect(big).toEqual({ exists: false, stage: null, points: 0, artifacts: 0 });
    expect(medium).toEqual({ exists: true, stage: 'active', points: 200, artifacts: 2 });
    expect(small).toEqual({ exists: true, stage: 'active', points: 10, artifacts: 2 });

    // Trash a run and a whole experiment, then empty the trash.
    const scratch = await page.evaluate(async () => {
      const t = window.trainyard;
      const experimentId = await t.createExperiment('scratch');
      const run = await t.createRun({ experimentId, runName: 'scratch run' });
      t.logMetric('loss', 1, { runId: run.runId });
      await t.endRun('FINISHED', { runId: run.runId });
      await t.deleteExperiment(experimentId);
      return { experimentId, runId: run.runId };
    });
    await page.getByRole('button', { name: 'Move small to the trash' }).click();
    await expect(trashEntries).toHaveCount(2);
    await page.getByTestId('storage.empty-trash').click();
    await expect(confirmText).toContainText('(1 experiment, 2 runs)');
    await page.getByTestId('storage.confirm-yes').click();
    await expect(page.getByTestId('storage.trash-empty')).toBeVisible();
    const after = await page.evaluate(
      async ({ experimentId }) => (await window.trainyard.getExperiment(experimentId as never).then(() => 'exists', () => 'gone')),
      scratch,
    );
    expect(after).toBe('gone');
    const [smallAfter, scratchRun, mediumAfter] = await storeState(page, [ids.small, scratch.runId, ids.medium]);
    expect(smallAfter?.exists).toBe(false);
    expect(scratchRun?.exists).toBe(false);
    expect(mediumAfter).toEqual({ exists: true, stage: 'active', points: 200, artifacts: 2 });
    await expect(rows).toHaveCount(1);

    expect(await page.evaluate(() => window.__storageXss)).toBeUndefined();
    await expect(page.locator('img[src="x"]')).toHaveCount(0);
  });

  test('lists datasets, deletes an imported one, and warns when a run failed because storage was full', async ({ app, page }) => {
    await app.open();
    await page.evaluate(async (hostile) => {
      const t = window.trainyard;
      await t.importDataset('a,b,y\n1,2,3\n4,5,6\n', { kind: 'tabular', name: `${hostile} data`, fileName: 'tiny.csv' });
      const run = await t.createRun({ runName: 'filled the disk' });
      t.logMetric('loss', 1, { runId: run.runId });
      await t.setTag('trainyard.failure_kind', 'quota', { runId: run.runId });
      await t.endRun('FAILED', { runId: run.runId });
    }, HOSTILE);
    await app.open('#/storage');

    const notice = page.getByTestId('storage.notice');
    await expect(notice).toContainText('Storage is nearly full');
    await expect(notice).toContainText('"filled the disk"');
    await expect(notice.getByRole('link', { name: 'filled the disk' })).toBeVisible();

    const dataset = page.getByTestId('storage.dataset-row');
    await expect(dataset).toHaveCount(1);
    await expect(dataset.getByRole('rowheader')).toHaveText(`${HOSTILE} data`);
    await dataset.getByTestId('storage.dataset-delete').click();
    await expect(page.getByTestId('storage.confirm-text')).toContainText('tiny.csv');
    await page.getByTestId('storage.confirm-yes').click();
    await expect(dataset).toHaveCount(0);
    expect(await page.evaluate(async () => (await window.trainyard.listDatasets()).length)).toBe(0);
    expect(await page.evaluate(() => window.__storageXss)).toBeUndefined();
  });
});
