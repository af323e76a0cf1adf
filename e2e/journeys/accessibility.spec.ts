/**
 * What every person can use: axe-core finds no serious or critical violation (colour contrast
 * included), and the page does not scroll sideways on a 768 px tablet, on any page or main state (the list is e2e/shots/states.mjs, which `npm run shots`
 * photographs too), the import dialog keeps keyboard focus inside and closes on Escape, and the
 * main actions (navigate, train, open a run, create an experiment, compare, import) work with
 * Tab and Enter alone.
 */
import type { Locator, Page } from '@playwright/test';
import { expectNoSeriousViolations } from '../a11y';
import { expect, test } from '../fixtures';
import { dropFile, openApp, PAGE_STATES, seedRuns, TRAIN_TIMEOUT } from '../shots/states.mjs';

/**
 * Presses Tab (Shift+Tab when `target` comes before the focused element) until `target` has focus,
 * at most `limit` times; fails if it never does.
 */
async function tabTo(page: Page, target: Locator, limit = 80): Promise<void> {
  for (let i = 0; i < limit; i++) {
    // Which way: recomputed each press, since a page change leaves focus nowhere (the body).
    const where = await target.evaluate((el) => {
      const active = document.activeElement;
      if (el === active) return 'here';
      const before = !!active && active !== document.body && !!(el.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
      return before ? 'before' : 'after';
    });
    if (where === 'here') return;
    await page.keyboard.press(where === 'before' ? 'Shift+Tab' : 'Tab');
  }
  expect(await target.evaluate((el) => el === document.activeElement), `Tab never reached ${target.toString()} in ${limit} presses`).toBe(true);
}

/** The test id (or tag) of the focused element, and whether it is inside the import dialog. */
function focusInDialog(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const dialog = document.querySelector('[data-testid="bundle.dialog"]');
    return { inside: !!dialog && !!active && dialog.contains(active), what: active?.getAttribute('data-testid') ?? active?.tagName ?? 'nothing' };
  });
}

test.describe('Accessibility: axe finds no serious or critical violation', () => {
  for (const state of PAGE_STATES) {
    test(`${state.name}: ${state.what}`, async ({ app: _app, page }) => {
      test.setTimeout(TRAIN_TIMEOUT + 60_000);
      await state.open(page);
      await expectNoSeriousViolations(page, state.name);
      // On a 768 px tablet the page itself never scrolls sideways (wide tables scroll in their own box).
      await page.setViewportSize({ width: 768, height: 1024 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: 'sideways page scroll at 768 px' }).toBe(0);
      await state.close?.(page);
    });
  }
});

test.describe('Accessibility: the keyboard alone', () => {
  for (const [name, file, bytes, button] of [
    ['a bundle to review', 'trainyard-runs.zip', undefined, 'bundle.confirm'],
    ['a refused file', 'runs.zip', [...Buffer.from('not,a,zip\n')], 'BUTTON'],
  ] as const) {
    test(`the import dialog (${name}) takes focus, keeps Tab and Shift+Tab inside, and Escape closes it and gives focus back`, async ({ app: _app, page }) => {
      await openApp(page, '#/');
      await seedRuns(page);
      await dropFile(page, file, bytes ? [...bytes] : undefined);
      const dialog = page.getByTestId('bundle.dialog');
      await expect(dialog.getByRole('button', { name: /Import|Close/ }).last()).toBeVisible();
      expect(await focusInDialog(page)).toMatchObject({ inside: true });

      const reached = new Set<string>();
      for (const key of ['Tab', 'Shift+Tab']) {
        for (let i = 0; i < 10; i++) {
          await page.keyboard.press(key);
          const focus = await focusInDialog(page);
          expect(focus, `focus after ${i + 1} × ${key}`).toMatchObject({ inside: true });
          reached.add(focus.what);
        }
      }
      // Tab reaches the dialog's own button (Import; Close, the only one, when refused).
      expect([...reached]).toContain(button);
      if (button === 'bundle.confirm') {
        // With the second radio checked, it is the group's only tab stop: Shift+Tab still stays inside.
        const replace = dialog.getByLabel("Replace mine with the bundle's");
        await replace.click(); // checked once the dialog has planned the replace (it updates the summary first)
        await expect(replace).toBeChecked();
        for (let i = 0; i < 6; i++) {
          await page.keyboard.press('Shift+Tab');
          expect(await focusInDialog(page), `focus after ${i + 1} × Shift+Tab with "Replace" checked`).toMatchObject({ inside: true });
        }
      }

      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(page.getByTestId('bundle.import')).toBeFocused();
      expect(await page.evaluate(async () => (await window.trainyard.searchRuns('')).runs.length)).toBe(3); // nothing written
    });
  }

  test('train a model, open its run, create an experiment, compare runs and start an import with Tab and Enter', async ({ app, page }) => {
    test.setTimeout(TRAIN_TIMEOUT + 60_000);
    await openApp(page, '#/');

    // Train: the nav link, the Iris card, its epochs field, the Train button.
    await tabTo(page, page.getByTestId('nav.train'));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/train$/);
    const iris = page.locator('[data-testid="train.recipe"][data-recipe="iris_logreg"]');
    await tabTo(page, iris);
    await page.keyboard.press('Enter');
    await expect(iris).toHaveAttribute('aria-pressed', 'true');
    await tabTo(page, page.getByTestId('train.field.epochs'));
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');
    await tabTo(page, page.getByTestId('train.submit'));
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/train\/runs\/[0-9a-f]{32}$/);
    await expect(page.getByTestId('train.status')).toHaveText('FINISHED', { timeout: TRAIN_TIMEOUT });

    // Its run page, then the runs table.
    await tabTo(page, page.getByTestId('train.run-link'));
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('run-overview.status')).toHaveText('FINISHED');
    await tabTo(page, page.getByTestId('nav.runs'));
    await page.keyboard.press('Enter');
    await expect(app.runRows).toHaveCount(1);

    // Compare: two more runs, each row's checkbox by Space, then Compare by Enter.
    await seedRuns(page);
    await expect(app.runRows).toHaveCount(4);
    for (const row of [0, 1]) {
      const checkbox = app.runRows.nth(row).getByRole('checkbox');
      await tabTo(page, checkbox);
      await page.keyboard.press('Space');
      await expect(checkbox).toBeChecked();
    }
    await tabTo(page, page.getByTestId('run-selection.compare'));
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Comparing 2 runs' })).toBeVisible();

    // A new experiment: type its name, Enter.
    await tabTo(page, page.getByTestId('experiment-create.name'));
    await page.keyboard.type('keyboard only');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('experiment.title')).toHaveText('keyboard only');

    // Import…: Enter opens the file chooser.
    const chooser = page.waitForEvent('filechooser');
    await tabTo(page, page.getByTestId('bundle.import'));
    await page.keyboard.press('Enter');
    await chooser;
  });
});
