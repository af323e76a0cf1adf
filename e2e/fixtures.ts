/**
 * Test fixtures: an `app` page object for the UI regions, and helpers that drive the app through
 * `window.trainyard` (tldraw's typed bridge idea) to seed data without clicking.
 */
import { test as base, expect, type Page } from '@playwright/test';

export class AppPage {
  readonly page: Page;

  constructor(page: Page) {
    this.page = page;
  }

  async open(hash = '#/'): Promise<void> {
    await this.page.goto(`/${hash}`);
    await this.page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
  }

  get sidebar() {
    return this.page.getByRole('navigation', { name: 'Experiments' });
  }

  get runRows() {
    return this.page.getByTestId('run-table.row');
  }

  runRow(name: string) {
    return this.runRows.filter({ has: this.page.getByRole('link', { name, exact: true }) });
  }

  get filterInput() {
    return this.page.getByTestId('run-search.input');
  }

  async createExperiment(name: string): Promise<void> {
    await this.page.getByTestId('experiment-create.name').fill(name);
    await this.page.getByTestId('experiment-create.submit').click();
    await expect(this.page.getByTestId('experiment.title')).toHaveText(name);
  }

  /** The experiment id shown in the URL hash of the current page. */
  experimentIdFromUrl(): string {
    const match = /#\/experiments\/([^/]+)/.exec(this.page.url());
    if (!match?.[1]) throw new Error(`No experiment in URL ${this.page.url()}`);
    return decodeURIComponent(match[1]);
  }
}

export const test = base.extend<{ app: AppPage }>({
  app: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // Every journey also checks the Content-Security-Policy: Chromium logs each violation, and the
    // event catches those a library swallows (e.g. a blocked eval inside try/catch).
    const cspViolations: string[] = [];
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) =>
        console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`),
      ),
    );
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|CSP violation/.test(message.text())) cspViolations.push(message.text());
    });
    await use(new AppPage(page));
    expect(errors, 'uncaught errors in the page').toEqual([]);
    expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
  },
});

export { expect };
