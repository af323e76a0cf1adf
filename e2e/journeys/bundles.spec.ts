import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { textContrast } from '../a11y';
import { expect, test } from '../fixtures';
import { dropFile } from '../shots/states.mjs';

/** A parent run with a nested child, params, tags, a 300-point history with NaN, and artifacts. */
async function seed(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const t = window.trainyard;
    const parent = await t.startRun({ runName: 'sweep' });
    await t.logParams({ lr: 0.01, layers: '64,64' });
    await t.setTag('team', 'blue');
    for (let s = 0; s < 300; s++) t.logMetric('loss', s === 150 ? NaN : 1 / (s + 1), { step: s });
    await t.logText('a note with ünïcode', 'notes/readme.txt');
    const child = await t.startRun({ runName: 'trial-1', nested: true });
    t.logMetric('acc', 0.75);
    await t.endRun();
    await t.endRun();
    return [parent.runId, child.runId];
  });
}

/** What a user can see of a run, read back through the public API. */
async function snapshot(page: Page, runIds: string[]) {
  return page.evaluate(async (ids) => {
    const t = window.trainyard;
    return Promise.all(
      ids.map(async (id) => {
        const run = await t.getRun(id as never);
        const loss = run.metrics.loss ? await t.getMetricHistory(id as never, 'loss') : [];
        const files = await t.listArtifacts(id as never, 'notes');
        const note = files.length ? await (await t.downloadArtifact(id as never, 'notes/readme.txt')).text() : null;
        return {
          run: { ...run, metrics: Object.fromEntries(Object.entries(run.metrics).map(([k, m]) => [k, { ...m, latest: { ...m.latest } }])) },
          loss: loss.map((p) => [p.step, Number.isNaN(p.value) ? 'NaN' : p.value, p.timestamp]),
          note,
        };
      }),
    );
  }, runIds);
}

test.describe('Run bundles', () => {
  test('export from one browser profile, import into a fresh one: the same runs, charts and artifacts; a second import makes no duplicates', async ({
    app,
    page,
    browser,
  }) => {
    await app.open();
    const ids = await seed(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('bundle.export-all').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^trainyard-all-.*\.zip$/);
    const path = await file.path();
    const before = await snapshot(page, ids);

    // A fresh profile: a new browser context has its own, empty IndexedDB.
    const fresh = await browser.newContext();
    const other = await fresh.newPage();
    const errors: string[] = [];
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto('/');
    await other.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    await other.getByTestId('bundle.import.file').setInputFiles(path);
    await expect(other.getByTestId('bundle.summary')).toContainText('2 new runs');
    await expect(other.getByTestId('bundle.summary')).toContainText('301 metric points');
    await other.getByTestId('bundle.confirm').click();
    await expect(other.getByTestId('bundle.dialog')).toHaveCount(0);
    expect(await snapshot(other, ids)).toEqual(before);

    // The run page draws the same chart and shows the artifact.
    await other.goto(`/#/experiments/0/runs/${ids[0]}`);
    await expect(other.locator('[data-metric-key="loss"] [data-testid="metric-chart.plot"]')).toHaveAttribute('data-points', '300');
    await other.getByRole('button', { name: 'notes/' }).click();
    await expect(other.getByRole('button', { name: /readme\.txt/ })).toBeVisible();

    // Importing the same bundle again: the runs are recognised; skipping writes nothing new.
    await other.getByTestId('bundle.import.file').setInputFiles(path);
    await expect(other.getByTestId('bundle.conflicts')).toContainText('2 runs in this bundle are already here');
    await expect(other.getByTestId('bundle.summary')).toContainText('0 new runs');
    await other.getByTestId('bundle.confirm').click();
    expect(await other.evaluate(async () => (await window.trainyard.searchRuns('')).runs.length)).toBe(2);
    expect(errors).toEqual([]);
    await fresh.close();
  });

  test('a broken file dropped on the app gets a clear message naming the problem, and nothing is written', async ({ app, page }) => {
    await app.open();
    const bytes = [...Buffer.from('name,value\nthis is a CSV, not a zip\n')];
    await page.evaluate(async (content) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(content)], 'runs.zip', { type: 'application/zip' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, cancelable: true }));
    }, bytes);
    await expect(page.getByTestId('bundle.problems')).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('Nothing was written');
    await expect(page.getByTestId('bundle.problems')).toContainText(/zip/i);
    expect(await page.evaluate(async () => (await window.trainyard.searchRuns('')).runs.length)).toBe(0);
  });

  test('the import dialog is readable: its summary and refusal reasons are dark text on its white box, not the dark header\'s white', async ({ app, page }) => {
    await app.open();
    await seed(page);
    // The dialog opens from the Import button in the dark header; its text must not inherit the header's white.
    await dropFile(page, 'trainyard-runs.zip');
    const dialog = page.getByTestId('bundle.dialog');
    const summary = page.getByTestId('bundle.summary');
    await expect(summary).toBeVisible();
    await expect(summary).toContainText('runs');
    for (const part of [dialog.getByRole('heading'), summary.getByRole('listitem').first(), page.getByTestId('bundle.conflicts').locator('label').first()]) {
      const contrast = await textContrast(part);
      expect(contrast.color, `${part.toString()} is drawn in its background's colour`).not.toBe(contrast.background);
      expect(contrast.ratio, `${part.toString()}: ${contrast.color} on ${contrast.background}`).toBeGreaterThanOrEqual(4.5);
    }
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await dropFile(page, 'runs.zip', [...Buffer.from('name,value\nthis is a CSV, not a zip\n')]);
    const problems = page.getByTestId('bundle.problems');
    await expect(problems).toBeVisible();
    for (const part of [dialog.getByRole('alert'), problems.getByRole('listitem').first()]) {
      await expect(part).toBeVisible();
      const contrast = await textContrast(part);
      expect(contrast.color, `${part.toString()} is drawn in its background's colour`).not.toBe(contrast.background);
      expect(contrast.ratio, `${part.toString()}: ${contrast.color} on ${contrast.background}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  test('trainyard.exportBundle / importBundle from the console: a Blob, a summary, and validation errors with nothing written', async ({ app, page }) => {
    await app.open();
    const ids = await seed(page);
    const result = await page.evaluate(async (runIds) => {
      const t = window.trainyard;
      const blob = await t.exportBundle({ runIds: [runIds[0] as never] });
      const again = await t.importBundle(blob, { onConflict: 'replace' });
      const bad = await t.importBundle(new Blob(['PK\u0003\u0004 truncated'])).then(
        () => null,
        (e: Error) => ({ name: e.name, message: e.message }),
      );
      return { size: blob.size, type: blob.type, again, bad, runs: (await t.searchRuns('')).runs.length };
    }, ids);
    expect(result.type).toBe('application/zip');
    expect(result.again.runs).toEqual({ created: 0, replaced: 1, skipped: 0 });
    expect(result.bad?.name).toBe('BundleImportError');
    expect(result.bad?.message).toContain('nothing was written');
    expect(result.runs).toBe(2);
  });

  test('selected runs export from the runs table', async ({ app, page }) => {
    await app.open();
    const [parentId] = await seed(page);
    await page.getByRole('checkbox', { name: 'Select run sweep' }).check();
    const download = page.waitForEvent('download');
    await page.getByTestId('run-selection.export').click();
    const path = await (await download).path();
    const summary = await page.evaluate(async (text) => window.trainyard.importBundle(new Blob([Uint8Array.from(text, (c) => c.charCodeAt(0))]), { dryRun: true }), readFileSync(path, 'latin1'));
    expect(summary.runs).toEqual({ created: 0, replaced: 0, skipped: 1 });
    expect(summary.conflicts).toEqual([parentId]);
  });

  test('a .zip opened from the operating system (installed app, file handling) opens the import dialog', async ({ app, page }) => {
    await app.open();
    await seed(page);
    const download = page.waitForEvent('download');
    await page.getByTestId('bundle.export-all').click();
    const path = await (await download).path();
    const bytes = [...readFileSync(path)];

    // Chromium hands files to an installed app through window.launchQueue; stand in for it.
    await page.addInitScript((content) => {
      // Chromium has its own (read-only) launchQueue: define over it.
      Object.defineProperty(window, 'launchQueue', {
        configurable: true,
        value: {
          setConsumer(consumer: (params: { files: Array<{ getFile(): Promise<File> }> }) => void) {
            consumer({ files: [{ getFile: async () => new File([new Uint8Array(content)], 'shared.zip', { type: 'application/zip' }) }] });
          },
        },
      });
    }, bytes);
    await page.reload();
    await expect(page.getByTestId('bundle.dialog')).toContainText('Import shared.zip');
    await expect(page.getByTestId('bundle.conflicts')).toContainText('2 runs in this bundle are already here');
    const manifest = await (await page.request.get('/manifest.webmanifest')).json();
    expect(manifest.file_handlers[0].accept['application/zip']).toEqual(['.zip']);
  });
});
