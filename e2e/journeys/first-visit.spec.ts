/**
 * A first visit: the landing (what Trainyard is, the demos, import, the console one-liner) instead
 * of an empty table; a demo card opens the Train page with the demo chosen and the Train button in
 * view; once runs exist the runs view comes back, with a way to the demos; and the pages a
 * beginner goes through fit a tablet (768 px) and a small laptop (1024 px) without sideways
 * scrolling of the page.
 */
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures';

/** How far the page itself scrolls sideways (tables and charts may scroll inside themselves). */
function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Whether the element's whole box is inside the viewport. */
async function inViewport(page: Page, testId: string): Promise<boolean> {
  const box = await page.getByTestId(testId).boundingBox();
  const size = page.viewportSize();
  if (!box || !size) return false;
  return box.x >= 0 && box.y >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height;
}

test.describe('First visit', () => {
  test.use({ viewport: { width: 1440, height: 900 } });

  test('the landing says what Trainyard is and offers the demos, import and the console; Iris opens with Train in view', async ({ app, page }) => {
    await app.open();
    const landing = page.getByTestId('landing');
    await expect(landing.getByRole('heading', { level: 2 })).toHaveText('Train a model in your browser, and keep a record of every run');
    await expect(page.getByTestId('landing.lead')).toContainText('Trainyard trains small machine-learning models right here, offline');
    await expect(page.getByTestId('run-table.row')).toHaveCount(0);
    const cards = page.getByTestId('landing.demo');
    await expect(cards).toHaveCount(3);
    expect(await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-recipe')))).toEqual(['iris_logreg', 'wine_quality', 'text_classifier']);
    await expect(cards.first()).toContainText('Iris flowers');
    await expect(cards.first()).toContainText('~10 s');
    await expect(page.getByTestId('landing.console')).toHaveText("await trainyard.train('iris_logreg')");
    await expect(page.getByTestId('landing.runs-link')).toHaveCount(0); // no runs to go back to yet

    // "Import a bundle…" opens the same file picker as the header's Import.
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('landing.import').click();
    expect((await chooser).isMultiple()).toBe(false);

    await cards.first().click();
    await expect(page).toHaveURL(/#\/train\/first-run$/);
    await expect(page.locator('[data-testid="train.recipe"][data-recipe="iris_logreg"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('train.submit')).toBeEnabled();
    expect(await inViewport(page, 'train.submit'), 'the Train button is in view without scrolling').toBe(true);
    expect(await page.evaluate(() => document.querySelector('.app-main')?.scrollTop)).toBe(0);
  });

  test('the wine and text cards open the Train page with that demo chosen', async ({ app, page }) => {
    await app.open();
    for (const recipe of ['wine_quality', 'text_classifier']) {
      await page.getByTestId('landing.demo').and(page.locator(`[data-recipe="${recipe}"]`)).click();
      await expect(page).toHaveURL(new RegExp(`#/train/recipe/${recipe}$`));
      await expect(page.locator(`[data-testid="train.recipe"][data-recipe="${recipe}"]`)).toHaveAttribute('aria-pressed', 'true');
      expect(await inViewport(page, 'train.submit')).toBe(true);
      await page.getByTestId('nav.start').click();
      await expect(page.getByTestId('landing')).toBeVisible();
    }
  });

  test('a Train link naming a recipe that does not exist (a stale bookmark) opens the Train page on Iris', async ({ app, page }) => {
    await app.open('#/train/recipe/no_such_recipe');
    await expect(page.locator('[data-testid="train.recipe"][data-recipe="iris_logreg"]')).toHaveAttribute('aria-pressed', 'true');
    await expect(page.getByTestId('train.submit')).toBeVisible();
  });

  test('once a run exists the runs view shows, and Start leads back to the demos', async ({ app, page }) => {
    await app.open();
    await expect(page.getByTestId('landing')).toBeVisible();
    await page.evaluate(async () => {
      await window.trainyard.startRun({ runName: 'from-the-console' });
      window.trainyard.logMetric('rmse', 0.5);
      await window.trainyard.endRun();
    });
    await expect(app.runRow('from-the-console')).toBeVisible(); // live: no reload
    await expect(page.getByTestId('landing')).toHaveCount(0);

    await page.getByTestId('nav.start').click();
    await expect(page).toHaveURL(/#\/start$/);
    await expect(page.getByTestId('nav.start')).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('landing.demo')).toHaveCount(3);
    await page.getByTestId('landing.runs-link').click();
    await expect(app.runRow('from-the-console')).toBeVisible();
  });
});

for (const viewport of [{ width: 768, height: 1024 }, { width: 1024, height: 768 }]) {
  test.describe(`At ${viewport.width} px`, () => {
    test.use({ viewport });

    test('the landing, the Train page and a run page need no sideways scrolling, and the header stays whole', async ({ app, page }) => {
      await app.open();
      await expect(page.getByTestId('landing')).toBeVisible();
      expect(await pageOverflow(page), 'landing').toBeLessThanOrEqual(0);
      // Every nav link and header action is inside the window.
      for (const id of ['nav.start', 'nav.runs', 'nav.train', 'nav.search', 'nav.playground', 'nav.models', 'nav.storage', 'bundle.import', 'bundle.export-all']) {
        expect(await inViewport(page, id), id).toBe(true);
      }

      await page.getByTestId('landing.demo').first().click();
      await expect(page.getByTestId('train.submit')).toBeVisible();
      expect(await pageOverflow(page), 'Train page').toBeLessThanOrEqual(0);
      expect(await inViewport(page, 'train.submit'), 'the Train button is in view').toBe(true);

      const runId = await page.evaluate(() => window.trainyard.train('iris_logreg', { epochs: 5 }));
      await page.goto(`/#/experiments/0/runs/${runId}`);
      await expect(page.getByTestId('run.headline.text')).toContainText('always guessing the majority class');
      await expect(page.getByTestId('run-metrics.table')).toBeVisible();
      expect(await pageOverflow(page), 'run page').toBeLessThanOrEqual(0);
    });
  });
}
