import { expect, test } from '../fixtures';

test('nested runs are grouped under their parent and expand on demand', async ({ app, page }) => {
  await app.open();
  await page.evaluate(async () => {
    const t = window.trainyard;
    await t.startRun({ runName: 'sweep' });
    for (const lr of [0.1, 0.01, 0.001]) {
      await t.startRun({ runName: `trial-${lr}`, nested: true });
      await t.logParam('lr', lr);
      await t.endRun();
    }
    await t.endRun();
    await t.startRun({ runName: 'standalone' });
    await t.endRun();
  });
  await expect(app.runRows).toHaveCount(2);
  const parent = app.runRow('sweep');
  await expect(parent).toContainText('(3)');
  await parent.getByRole('button', { name: 'Expand 3 child runs' }).click();
  await expect(app.runRows).toHaveCount(5);
  await expect(app.runRow('trial-0.01')).toBeVisible();
  await parent.getByRole('button', { name: 'Collapse 3 child runs' }).click();
  await expect(app.runRows).toHaveCount(2);

  // A filter that matches only children shows them at the top level.
  await app.filterInput.fill("params.lr = '0.01'");
  await expect(app.runRows).toHaveCount(1);
  await expect(app.runRow('trial-0.01')).toBeVisible();
});
