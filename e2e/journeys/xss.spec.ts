/**
 * Security: user text never becomes HTML or script, on any page. Script and event-handler payloads
 * go into every field a user or a bundle can fill (console API, forms, an imported CSV, an imported
 * bundle, artifacts), then every page is visited. If any payload ever ran it would set
 * `window.__xss` or open a dialog; a MutationObserver installed before the app records any element
 * that could run script the moment it appears (even if something removes it again).
 */
import { deflateSync, zipSync } from 'fflate';
import type { Browser, Locator, Page, TestInfo } from '@playwright/test';
import { expect, test } from '../fixtures';

declare global {
  interface Window {
    __xss: number;
    __injected: string[];
  }
}

const P = {
  img: '<img src=x onerror=window.__xss=1>',
  script: '<script>window.__xss=1</script>',
  svg: '"><svg onload=window.__xss=1>',
  alert: '<img src=x onerror=alert(1)>',
  /** Plotly reads this subset of HTML in labels: it must show as these characters, not bold/italic/a link. */
  markup: '<b>bold</b><i>it</i><a href="https://example.com/x">link</a>',
} as const;
const JS_URL = 'javascript:window.__xss=1';
const ALL = `${P.img} ${P.script} ${P.svg}`;

/** A Markdown description trying every way Markdown has to make a script link, image or raw HTML. */
const NOTE = [
  '# Notes',
  '',
  P.img,
  '',
  P.script,
  '',
  P.svg,
  '',
  `[md link](${JS_URL})`,
  '',
  `[upper](JAVASCRIPT:window.__xss=1)`,
  '',
  `<${JS_URL}>`,
  '',
  `[ref link][r]`,
  '',
  `[r]: ${JS_URL}`,
  '',
  `![md image](${JS_URL})`,
  '',
  '![data image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9IndpbmRvdy5fX3hzcz0xIi8+)',
  '',
  '[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)',
  '',
  '[vb link](vbscript:msgbox(1))',
  '',
  `<a href="${JS_URL}">raw anchor</a>`,
  '',
  '[safe](https://example.com/ok)',
].join('\n');

const SVG_FILE = '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__xss=1"><script>window.__xss=1</script><circle r="5"/></svg>';
const HTML_FILE = `<!doctype html><html><body onload="window.__xss=1">${P.img}${P.script}<iframe src="${JS_URL}"></iframe></body></html>`;

/** CSV text: fields with quotes, commas or newlines are quoted. */
function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** Installed before the app's scripts: the trap a payload would spring, and a record of every risky element. */
function installTraps(): void {
  window.__xss = 0;
  window.__injected = [];
  // Raster data: URLs are harmless (Plotly draws heatmaps with them); any other data: URL could hold HTML or SVG.
  const scriptUrl = (value: string | null) => {
    // eslint-disable-next-line no-control-regex -- browsers ignore control characters and spaces in a URL's scheme
    const url = (value ?? '').replace(/[\u0000-\u0020]/g, '');
    return /^(javascript|vbscript|data):/i.test(url) && !/^data:image\/(png|jpeg|gif|webp)[;,]/i.test(url);
  };
  const check = (el: Element) => {
    const tag = el.tagName.toLowerCase();
    const what: string[] = [];
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) what.push(`${attr.name} handler`);
      if (['href', 'src', 'xlink:href', 'action', 'formaction', 'srcdoc'].includes(attr.name.toLowerCase()) && scriptUrl(attr.value)) what.push(`${attr.name}=${attr.value.slice(0, 40)}`);
    }
    if (tag === 'script' && (!(el as HTMLScriptElement).src || !(el as HTMLScriptElement).src.startsWith(location.origin))) what.push('script');
    if (['iframe', 'frame', 'object', 'embed'].includes(tag)) what.push(tag);
    if (tag === 'img' && el.getAttribute('src') === 'x') what.push('img src=x');
    if (what.length > 0) window.__injected.push(`<${tag}> ${what.join(', ')}`);
  };
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes' && record.target instanceof Element) check(record.target);
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        check(node);
        for (const el of node.querySelectorAll('*')) check(el);
      }
    }
  }).observe(document, { subtree: true, childList: true, attributes: true });
}

test.beforeEach(async ({ page }) => {
  await page.addInitScript(installTraps);
});

/** Every dialog (alert, confirm, prompt, beforeunload) opened by the page, dismissed and recorded. */
function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  return dialogs;
}

/** Nothing ran, nothing that could run is or ever was in the page, and no dialog opened. */
async function expectClean(page: Page, dialogs: string[], where: string): Promise<void> {
  const state = await page.evaluate(() => ({
    xss: window.__xss,
    injected: window.__injected,
    now: [...document.querySelectorAll('body *')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.tagName.toLowerCase()} ${a.name}>`),
    ),
    links: [...document.querySelectorAll('a[href]')]
      .map((a) => (a as HTMLAnchorElement).protocol)
      .filter((p) => !['http:', 'https:', 'blob:', 'mailto:'].includes(p)),
  }));
  expect(state, `injected markup or script on ${where}`).toEqual({ xss: 0, injected: [], now: [], links: [] });
  expect(dialogs, `dialogs on ${where}`).toEqual([]);
}

/** The text of every Plotly text element in a chart: axis ticks, titles, legend, annotations. */
async function plotTexts(plot: Locator): Promise<string[]> {
  return plot.locator('svg text').evaluateAll((els) => els.map((el) => el.textContent ?? ''));
}

/** Plotly's rich-text elements: a bold/italic tspan or a link made from a label's markup. */
async function plotMarkup(plot: Locator): Promise<string[]> {
  return plot.evaluate((root) => [
    ...[...root.querySelectorAll('svg a')].map((a) => `link ${a.getAttribute('href') ?? a.getAttribute('xlink:href')}`),
    ...[...root.querySelectorAll('svg tspan[style]')]
      .map((t) => t.getAttribute('style') ?? '')
      .filter((s) => /font-weight:\s*bold|font-style:\s*italic/.test(s)),
  ]);
}

/** Five runs in an experiment whose name is a payload: every run name, param value, tag and note is one. */
async function seedRuns(page: Page): Promise<{ experimentId: string; runIds: string[] }> {
  return page.evaluate(
    async ({ p, all, jsUrl, note, svgFile, htmlFile, csvFile }) => {
      const t = window.trainyard;
      const experimentId = await t.createExperiment(all, { tags: { owner: p.svg } });
      const names = [p.img, p.script, p.svg, p.alert, p.markup];
      const runIds: string[] = [];
      for (const [i, name] of names.entries()) {
        const run = await t.startRun({ experimentId, runName: name, description: i === 0 ? note : `${name} **bold**` });
        // a_kind holds categorical payloads: the compare view's box axis, and (asked for in the URL) the scatter's and contour's.
        await t.logParams({ a_kind: name, lr: 0.1 * (i + 1), link: jsUrl, all });
        await t.setTags({ xss: name, 'mlflow.source.name': p.svg, 'mlflow.user': p.img });
        for (let step = 0; step < 5; step++) t.logMetric('loss', 1 / (step + 1) + i, { step });
        t.logMetric('acc', 0.5 + i / 10);
        if (i === 0) {
          await t.logArtifact(svgFile, 'evil.svg');
          await t.logArtifact(new Blob([svgFile], { type: 'image/svg+xml' }), 'typed/drawing.svg');
          await t.logArtifact(htmlFile, 'reports/page.html');
          await t.logArtifact(new Blob([htmlFile], { type: 'text/html' }), 'typed/view.htm');
          await t.logArtifact(csvFile, 'cells.csv');
          await t.logArtifact({ name: p.img, nested: { s: p.script } }, 'data.json');
          await t.logArtifact('plain', `${p.img}.txt`);
        }
        await t.endRun();
        runIds.push(run.runId);
      }
      return { experimentId, runIds };
    },
    {
      p: P,
      all: ALL,
      jsUrl: JS_URL,
      note: NOTE,
      svgFile: SVG_FILE,
      htmlFile: HTML_FILE,
      csvFile: `${csvLine([P.img, P.svg])}\n${csvLine([P.script, P.markup])}\n`,
    },
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test.describe('User text is rendered as text', () => {
  test('payloads in names, params, tags, notes and artifacts stay text on the runs table, run page, compare view, Storage page and sidebar', async ({ app, page }) => {
    const dialogs = recordDialogs(page);
    await app.open();
    const { experimentId, runIds } = await seedRuns(page);
    const names = [P.img, P.script, P.svg, P.alert, P.markup];

    // Experiments sidebar and runs table.
    await page.goto(`/#/experiments/${experimentId}`);
    await expect(page.getByTestId('experiment.title')).toHaveText(ALL);
    await expect(app.sidebar.getByRole('link', { name: ALL, exact: true })).toBeVisible();
    await expect(app.runRows).toHaveCount(5);
    expect((await page.locator('[data-testid="run-table.row"] td.col-name a').allTextContents()).sort()).toEqual([...names].sort());
    await expect(app.runRow(P.markup).locator('td.col-param').first()).toBeVisible();
    expect(await app.runRow(P.markup).locator('td.col-param').allTextContents()).toEqual(expect.arrayContaining([P.markup, JS_URL, ALL]));
    // A filter typed with a payload: compared literally, and echoed as text when it doesn't parse.
    await app.filterInput.fill(`params.a_kind = '${P.svg.replace(/'/g, "''")}'`);
    await expect(app.runRows).toHaveCount(1);
    await app.filterInput.fill(P.img);
    await expect(page.getByTestId('run-search.error')).toContainText(P.img);
    await app.filterInput.fill('');
    // A toast naming a payload: an experiment name typed in the form that is already taken.
    await page.getByTestId('experiment-create.name').fill(ALL);
    await page.getByTestId('experiment-create.submit').click();
    await expect(page.getByTestId('toast.error')).toContainText(`An experiment named "${ALL}" already exists`);
    await expectClean(page, dialogs, 'the runs table');

    // Run page: title, params, tags, Markdown notes, artifacts.
    await page.goto(`/#/experiments/${experimentId}/runs/${runIds[0]}`);
    await expect(page.getByTestId('run.title')).toHaveText(P.img);
    await expect(page.getByTestId('run-params.table')).toContainText(JS_URL);
    await expect(page.getByTestId('run-params.table')).toContainText(ALL);
    await expect(page.getByTestId('run-tags.table')).toContainText(P.svg);
    const rendered = page.getByTestId('run-notes.rendered');
    await expect(rendered.getByRole('heading', { name: 'Notes' })).toBeVisible();
    for (const text of [P.img, P.script, P.svg, 'raw anchor']) await expect(rendered).toContainText(text);
    await expect(rendered.locator('img, svg, script, iframe')).toHaveCount(0);
    // Images are never loaded: each is a label (a link only for an http(s) source).
    expect(await rendered.locator('.markdown-image').allTextContents()).toEqual(['image: md image', 'image: data image']);
    // Only the http(s) Markdown link stays a link; a refused URL's link is plain text, never <a href="">.
    const hrefs = await rendered.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(hrefs).toEqual(['https://example.com/ok']);
    await expect(rendered.getByRole('link', { name: 'md link' })).toHaveCount(0);
    await expect(rendered.locator('.markdown-refused-link', { hasText: 'md link' })).toBeVisible();

    // Typed into the forms: a tag and a note.
    await page.getByTestId('run-tags.key').fill('typed');
    await page.getByTestId('run-tags.value').fill(P.svg);
    await page.getByTestId('run-tags.add').click();
    await expect(page.getByTestId('run-tags.table')).toContainText('typed');
    await page.getByTestId('run-notes.edit').click();
    await page.getByTestId('run-notes.input').fill(`${P.alert}\n\n[typed link](${JS_URL})\n\n${P.markup}`);
    await page.getByTestId('run-notes.save').click();
    await expect(rendered).toContainText(P.alert);
    await expect(rendered).toContainText(P.markup);
    await expect(rendered.locator('b, i, img')).toHaveCount(0);
    await expectClean(page, dialogs, 'the run page');

    // Artifacts: SVG and HTML show as their source text, CSV cells and JSON values as text.
    const preview = page.getByTestId('artifact-preview');
    const text = page.getByTestId('artifact-preview.text');
    const open = async (name: string) => {
      await page.getByTestId('artifact-tree.file').filter({ hasText: name }).first().click();
      await expect(preview.locator('strong')).toHaveText(new RegExp(`${escapeRegExp(name)}$`));
    };
    await open('evil.svg');
    await expect(text).toHaveText(SVG_FILE);
    await page.getByRole('button', { name: 'reports/' }).click();
    await open('page.html');
    await expect(text).toHaveText(HTML_FILE);
    await page.getByRole('button', { name: 'typed/' }).click();
    await open('drawing.svg');
    await expect(text).toHaveText(SVG_FILE);
    await open('view.htm');
    await expect(text).toHaveText(HTML_FILE);
    await expect(page.getByTestId('artifact-preview.image')).toHaveCount(0);
    await open('cells.csv');
    const table = page.getByTestId('artifact-preview.table');
    // Web-first assertions: the preview renders after the click, and a one-off read could see the
    // table before its cells arrive (seen once under load).
    await expect(table.locator('th')).toHaveText([P.img, P.svg]);
    await expect(table.locator('td')).toHaveText([P.script, P.markup]);
    await open('data.json');
    await expect(text).toContainText('"nested"');
    expect(JSON.parse((await text.textContent()) ?? '')).toEqual({ name: P.img, nested: { s: P.script } });
    await open(`${P.img}.txt`);
    await expect(text).toHaveText('plain');
    await expectClean(page, dialogs, 'the artifact previews');

    // Compare: the table, and Plotly's legends, axis ticks and hover labels.
    await page.goto(`/#/compare?runs=${runIds.join(',')}&scatter=params.a_kind,metrics.acc&contour=params.a_kind,params.lr,metrics.acc`);
    const compare = page.getByTestId('compare');
    await expect(compare.getByRole('heading', { name: 'Comparing 5 runs' })).toBeVisible();
    const compareTable = page.getByTestId('compare.table');
    for (const name of names) await expect(compareTable).toContainText(name);
    const curve = page.locator('[data-testid="compare.curve"][data-metric="loss"] [data-testid="compare.curve.plot"]');
    await expect(curve.locator('.legend')).toBeVisible();
    const legend = await curve.locator('.legend .legendtext').allTextContents();
    expect(legend.sort()).toEqual([...names].sort());
    expect(await plotMarkup(curve)).toEqual([]);

    // The param charts render when scrolled near: scroll to the end until they are there.
    await expect(async () => {
      await page.evaluate(() => document.querySelector('[data-testid="compare"]')?.lastElementChild?.scrollIntoView());
      await expect(page.getByTestId('compare.box.plot')).toBeVisible({ timeout: 1_000 });
    }).toPass();
    for (const id of ['compare.scatter', 'compare.box', 'compare.parallel']) {
      const plot = page.getByTestId(`${id}.plot`);
      await plot.scrollIntoViewIfNeeded();
      await expect(plot.locator('svg text').first()).toBeAttached();
      const texts = await plotTexts(plot);
      for (const name of names) expect(texts, `${id} shows ${name}`).toContain(name);
      expect(await plotMarkup(plot), `${id} draws no rich text`).toEqual([]);
    }
    // The contour can't use a text param, and says so naming the value, as text.
    await expect(page.getByTestId('compare.contour.reason')).toContainText('a_kind is not numeric');

    // Hovering a scatter point shows the run name literally.
    const scatter = page.getByTestId('compare.scatter.plot');
    const box = await scatter.locator('.scatterlayer .point').first().boundingBox();
    if (!box) throw new Error('the scatter has no point');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(scatter.locator('.hoverlayer .hovertext')).toBeVisible();
    const hover = (await scatter.locator('.hoverlayer .hovertext').textContent()) ?? '';
    expect(names.some((name) => hover.includes(name)), `hover "${hover}" names a run literally`).toBe(true);
    await expectClean(page, dialogs, 'the compare view');

    // Storage: sizes by experiment and run, the trash, and the confirmation that names what it deletes.
    await page.evaluate((id) => window.trainyard.deleteRun(id as never), runIds[4]);
    await page.goto('/#/storage');
    await expect(page.getByTestId('storage.experiments')).toContainText(ALL);
    const entry = page.getByTestId('storage.trash-entry');
    await expect(entry).toContainText(P.markup);
    await expect(entry).toContainText(`in ${ALL}`);
    await entry.getByTestId('storage.trash-purge').click();
    await expect(page.getByTestId('storage.confirm-text')).toContainText(P.markup);
    await page.getByTestId('storage.confirm-cancel').click();
    await expectClean(page, dialogs, 'the Storage page');
  });

  test('a hostile CSV imported on the Train page: file name, column names and class labels stay text, in training and its evaluation views', async ({ app, page }) => {
    test.slow(); // trains a small model
    const dialogs = recordDialogs(page);
    await app.open('#/train');
    await page.locator('[data-testid="train.recipe"][data-recipe="csv"]').click();

    // A ragged hostile file: the error names it, as text.
    const fileInput = page.getByTestId('train.dataset.file');
    await fileInput.setInputFiles({ name: `${P.img}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`a,b\n1,2\n${P.script}\n`) });
    await expect(page.getByTestId('train.dataset.import-error')).toContainText(`${P.img}.csv, line 3`);
    await expectClean(page, dialogs, 'the Train page import error');

    // A good hostile file: payload column names, and class labels that are payloads.
    const labels = [P.img, P.script, P.markup];
    const rows = [csvLine([P.svg, 'x2', P.alert])];
    for (let i = 0; i < 60; i++) rows.push(csvLine([String(i % 3), String((i * 7) % 5), labels[i % 3] as string]));
    await fileInput.setInputFiles({ name: `${P.svg}.csv`, mimeType: 'text/csv', buffer: Buffer.from(`${rows.join('\n')}\n`) });
    await expect(page.getByTestId('train.dataset.import-error')).toHaveCount(0);
    await expect(page.getByTestId('train.field.dataset').locator('option:checked')).toHaveText(`${P.svg}.csv — 60 rows`);
    const target = page.getByTestId('train.field.target');
    expect(await target.locator('option').allTextContents()).toEqual(expect.arrayContaining([P.svg, 'x2', P.alert]));
    await target.selectOption(P.alert);
    await page.getByTestId('train.field.task').selectOption('classification');
    await page.getByTestId('train.field.epochs').fill('5');
    await page.getByTestId('train.submit').click();
    await expect(page).toHaveURL(/#\/train\/runs\/[0-9a-f]{32}$/);
    await expect(page.getByTestId('train.status')).toHaveText('FINISHED', { timeout: 90_000 });
    await expectClean(page, dialogs, 'the Train page live view');

    // The run page: the target param, and the confusion matrix and per-class charts labelled with payloads.
    await page.getByTestId('train.run-link').click();
    await expect(page.getByTestId('run-params.table')).toContainText(P.alert);
    const confusion = page.getByTestId('evaluation.confusion.view');
    await confusion.scrollIntoViewIfNeeded();
    const matrix = confusion.locator('.js-plotly-plot');
    await expect(matrix.locator('.xtick').first()).toBeAttached();
    const ticks = await plotTexts(matrix);
    // Tick labels longer than 32 characters are cut to 31 and an ellipsis.
    const tick = (label: string) => (label.length > 32 ? `${label.slice(0, 31)}…` : label);
    for (const label of labels) expect(ticks, `confusion matrix shows ${label}`).toContain(tick(label));
    expect(await plotMarkup(matrix)).toEqual([]);
    const perClass = page.getByTestId('evaluation.per-class.table');
    await perClass.scrollIntoViewIfNeeded();
    for (const label of labels) await expect(perClass).toContainText(label);
    await expectClean(page, dialogs, 'the evaluation views');
  });

  test('a bundle exported with payloads imports into a fresh browser, and a hostile zip is refused, as text', async ({ app, page, browser }, testInfo) => {
    await app.open();
    const { runIds } = await seedRuns(page);
    const bytes = await page.evaluate(async () => Array.from(new Uint8Array(await (await window.trainyard.exportBundle({ all: true })).arrayBuffer())));

    const other = await openFresh(browser, testInfo);
    const dialogs = recordDialogs(other);
    const input = other.getByTestId('bundle.import.file');
    // A zip whose entry names and meta.yaml are payloads: refused whole, every problem listed as text.
    const hostile = zipSync({
      [`mlruns/${P.img}/meta.yaml`]: new TextEncoder().encode(`name: ${P.script}\nexperiment_id: ${P.svg}\n`),
      'mlruns/0/abc/meta.yaml': deflateSync(new Uint8Array([1, 2, 3])),
    });
    await input.setInputFiles({ name: `${P.img}.zip`, mimeType: 'application/zip', buffer: Buffer.from(hostile) });
    const dialog = other.getByTestId('bundle.dialog');
    await expect(dialog.getByRole('heading')).toHaveText(`Import ${P.img}.zip`);
    await expect(other.getByTestId('bundle.problems')).toBeVisible();
    await expectClean(other, dialogs, 'the refused bundle dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await input.setInputFiles({ name: `${P.svg}.zip`, mimeType: 'application/zip', buffer: Buffer.from(bytes) });
    await expect(dialog.getByRole('heading')).toHaveText(`Import ${P.svg}.zip`);
    await expect(other.getByTestId('bundle.summary')).toBeVisible();
    await other.getByTestId('bundle.confirm').click();
    await expect(dialog).toHaveCount(0);

    const sidebarLink = other.getByRole('navigation', { name: 'Experiments' }).getByRole('link', { name: ALL, exact: true });
    await expect(sidebarLink).toBeVisible();
    await sidebarLink.click();
    await expect(other.getByTestId('experiment.title')).toHaveText(ALL);
    await expect(other.getByTestId('run-table.row')).toHaveCount(5);
    await expectClean(other, dialogs, 'the imported runs table');
    await other.goto(`/#/experiments/0/runs/${runIds[0]}`);
    await expect(other.getByTestId('run.title')).toHaveText(P.img);
    await expect(other.getByTestId('run-params.table')).toContainText(JS_URL);
    await expect(other.getByTestId('run-notes.rendered')).toContainText(P.script);
    expect(await other.getByTestId('run-notes.rendered').locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? '').filter(Boolean))).toEqual([
      'https://example.com/ok',
    ]);
    await expectClean(other, dialogs, 'the imported run page');
    await other.context().close();
  });
});

/** A page in a new, empty browser context (its own IndexedDB), with the same traps as `page`. */
async function openFresh(browser: Browser, testInfo: TestInfo): Promise<Page> {
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL });
  await context.addInitScript(installTraps);
  const page = await context.newPage();
  await page.goto('/#/');
  await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
  return page;
}
