/**
 * User-supplied text never becomes HTML or script, anywhere, and bad input gets a clear message
 * (BRIEF "What bad input gets"). Every payload, if it ever ran, would set `window.__pwned`.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, test } from '../fixtures';

declare global {
  interface Window {
    __pwned: number;
  }
}

const XSS = {
  img: '<img src=x onerror="window.__pwned=1">',
  script: '<script>window.__pwned=2</script>',
  svg: '<svg onload="window.__pwned=3">',
  mdLink: '[click](javascript:window.__pwned=4)',
  anchor: '<a href="javascript:window.__pwned=5">anchor</a>',
  plotly: '<b>bold</b><br><a href="https://example.com/p">plotly-link</a><i>it</i>',
} as const;

/** Everything at once, for fields that take one line of text. */
const ALL = `${XSS.img} ${XSS.script} ${XSS.svg} ${XSS.anchor} ${XSS.plotly} ${XSS.mdLink}`;

/** A Markdown description that tries every way Markdown has to make a script link or raw markup. */
const NOTE = [
  '# Notes',
  '',
  XSS.img,
  '',
  XSS.script,
  '',
  XSS.svg,
  '',
  `Inline ${XSS.anchor} in a paragraph.`,
  '',
  XSS.mdLink,
  '',
  '[upper](JAVASCRIPT:window.__pwned=6)',
  '',
  '[tab](java&#x09;script:window.__pwned=7)',
  '',
  '<javascript:window.__pwned=8>',
  '',
  '[ref][r]',
  '',
  '[r]: javascript:window.__pwned=9',
  '',
  '![pic](javascript:window.__pwned=10)',
  '',
  '[data](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xMTwvc2NyaXB0Pg==)',
  '',
  '[safe](https://example.com/ok)',
].join('\n');

const SVG_FILE = `<svg xmlns="http://www.w3.org/2000/svg" onload="window.__pwned=3"><script>window.__pwned=2</script><circle r="5"/></svg>`;
const HTML_FILE = `<!doctype html><html><body>${XSS.img}${XSS.script}${XSS.anchor}</body></html>`;

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    window.__pwned = 0;
  });
});

/** Nothing injected anywhere in the page: no trap sprung, no payload element, no handler, no script link. */
async function expectNothingInjected(page: Page): Promise<void> {
  const found = await page.evaluate(() => {
    const body = document.body;
    const all = [...body.querySelectorAll('*')];
    const isScriptUrl = (url: string) => {
      try {
        return ['javascript:', 'data:', 'vbscript:'].includes(new URL(url, document.baseURI).protocol);
      } catch {
        return false;
      }
    };
    return {
      pwned: window.__pwned,
      imgX: body.querySelectorAll('img[src="x"]').length,
      scripts: body.querySelectorAll('script').length,
      svgOnload: body.querySelectorAll('svg[onload]').length,
      frames: body.querySelectorAll('iframe, frame, object, embed').length,
      handlers: all.flatMap((el) =>
        [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.tagName.toLowerCase()} ${a.name}>`),
      ),
      scriptLinks: all
        .filter((el) => el instanceof HTMLAnchorElement && el.hasAttribute('href') && isScriptUrl(el.href))
        .map((el) => el.outerHTML),
      scriptSources: all
        .filter((el) => el.hasAttribute('src') && isScriptUrl(el.getAttribute('src') ?? ''))
        .map((el) => el.outerHTML),
    };
  });
  expect(found).toEqual({ pwned: 0, imgX: 0, scripts: 0, svgOnload: 0, frames: 0, handlers: [], scriptLinks: [], scriptSources: [] });
}

/** The value cell of a key/value table row whose header is exactly `key`. */
function valueCell(table: Locator, key: string): Locator {
  return table
    .locator('tr')
    .filter({ has: table.page().locator('th', { hasText: new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) })
    .locator('td')
    .first();
}

async function textContent(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? '';
}

test.describe('Hostile input', () => {
  test('an experiment name typed in the form is shown as text everywhere', async ({ app, page }) => {
    await app.open();
    await app.createExperiment(ALL);
    const experimentId = app.experimentIdFromUrl();
    await expect(app.sidebar.getByRole('link', { name: ALL, exact: true })).toBeVisible();
    expect(await textContent(page.getByTestId('experiment.title'))).toBe(ALL);

    // A duplicate is refused with a toast that names it, as text.
    await page.getByTestId('experiment-create.name').fill(ALL);
    await page.getByTestId('experiment-create.submit').click();
    const toast = page.getByTestId('toast.error');
    await expect(toast).toContainText('already exists');
    expect(await textContent(toast)).toContain(`An experiment named "${ALL}" already exists`);

    // Reloaded from the store, it is still text.
    await page.reload();
    await page.waitForFunction(() => typeof window.trainyard?.startRun === 'function');
    expect(app.experimentIdFromUrl()).toBe(experimentId);
    await expect(page.getByTestId('experiment.title')).toHaveText(ALL);
    await expectNothingInjected(page);
  });

  test('run names, param values, tag values and metric keys stay literal in the table, the run page and the chart', async ({ app, page }) => {
    await app.open();
    const metricKeys = ['val loss β', 'ünïcødé/acc-1.0'];
    const runId = await page.evaluate(
      async ({ xss, all, keys }) => {
        const t = window.trainyard;
        const run = await t.startRun({ runName: all });
        await t.logParams({ html: xss.img, link: xss.anchor, plotly: xss.plotly, script: xss.script, svg: xss.svg });
        await t.setTags({ 'xss.img': xss.img, 'xss.plotly': xss.plotly, 'xss.md': xss.mdLink });
        for (const [step, value] of [0, 1, 2].entries()) t.logMetric(keys[0] as string, value, { step });
        t.logMetric(keys[1] as string, 0.5);
        await t.endRun();
        return run.runId;
      },
      { xss: XSS, all: ALL, keys: metricKeys },
    );

    // Runs table: the name is a link's text, params are cell text (and tooltip text).
    await expect(app.runRows).toHaveCount(1);
    const row = app.runRows.first();
    expect(await textContent(row.locator('td.col-name a'))).toBe(ALL);
    const paramCells = row.locator('td.col-param');
    await expect(paramCells).toHaveCount(5);
    expect(await paramCells.allTextContents()).toEqual([XSS.img, XSS.anchor, XSS.plotly, XSS.script, XSS.svg]);
    expect(await paramCells.first().getAttribute('title')).toBe(XSS.img);
    for (const key of metricKeys) await expect(page.getByTestId(`run-table.sort.metric:${key}`)).toContainText(key);

    // The filter compares the literal text, and a filter that doesn't parse echoes it as text.
    await app.filterInput.fill(`params.html = '${XSS.img}'`);
    await expect(app.runRows).toHaveCount(1);
    await app.filterInput.fill(`params.html = '${XSS.svg}'`);
    await expect(app.runRows).toHaveCount(0);
    await app.filterInput.fill(XSS.img);
    await expect(page.getByTestId('run-search.error')).toBeVisible();
    expect(await textContent(page.getByTestId('run-search.error').locator('pre'))).toContain(XSS.img);
    await expectNothingInjected(page);

    await page.goto(`/#/experiments/0/runs/${runId}`);
    await expect(page.getByTestId('run.title')).toBeVisible();
    expect(await textContent(page.getByTestId('run.title'))).toBe(ALL);

    const params = page.getByTestId('run-params.table');
    expect(await params.locator('td').allTextContents()).toEqual([XSS.img, XSS.anchor, XSS.plotly, XSS.script, XSS.svg]);
    const tags = page.getByTestId('run-tags.table');
    expect(await textContent(valueCell(tags, 'xss.img'))).toBe(XSS.img);
    expect(await textContent(valueCell(tags, 'xss.plotly'))).toBe(XSS.plotly);
    expect(await textContent(valueCell(tags, 'xss.md'))).toBe(XSS.mdLink);
    expect(await textContent(valueCell(tags, 'mlflow.runName'))).toBe(ALL);

    // A tag set through the form is text too.
    await page.getByTestId('run-tags.key').fill('typed');
    await page.getByTestId('run-tags.value').fill(XSS.script);
    await page.getByTestId('run-tags.add').click();
    await expect(valueCell(tags, 'typed')).toHaveText(XSS.script);

    // Metric keys with spaces and unicode: table header, caption and Plotly's hover label, literally.
    const metrics = page.getByTestId('run-metrics.table');
    expect(await metrics.locator('tbody th').allTextContents()).toEqual([...metricKeys].sort((a, b) => a.localeCompare(b)));
    const figure = page.locator(`[data-metric-key="${metricKeys[0]}"]`);
    expect(await textContent(figure.locator('figcaption'))).toBe(metricKeys[0]);
    const plot = figure.getByTestId('metric-chart.plot');
    await expect(plot).toHaveAttribute('data-points', '3');
    const drag = plot.locator('.nsewdrag').first();
    await expect(drag).toBeVisible();
    await plot.scrollIntoViewIfNeeded(); // the curves sit at the top of the run page, above the tags form
    const box = await drag.boundingBox();
    if (!box) throw new Error('the plot has no drag layer');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = plot.locator('.hoverlayer .hovertext');
    await expect(hover).toBeVisible();
    await expect(hover).toContainText(`${metricKeys[0]}step 1`);
    await expectNothingInjected(page);
  });

  test('a Markdown description renders raw HTML as text and never links to script', async ({ app, page }) => {
    await app.open();
    const runId = await page.evaluate(async (note) => {
      const run = await window.trainyard.startRun({ runName: 'noted', description: note });
      await window.trainyard.endRun();
      return run.runId;
    }, NOTE);
    await page.goto(`/#/experiments/0/runs/${runId}`);
    const rendered = page.getByTestId('run-notes.rendered');
    await expect(rendered.getByRole('heading', { name: 'Notes' })).toBeVisible();
    const text = await textContent(rendered);
    for (const raw of [XSS.img, XSS.script, XSS.svg, XSS.anchor]) expect(text).toContain(raw);

    // Links made of Markdown are real links when their URL is safe; a refused URL's link is text.
    const links = rendered.locator('a');
    await expect(links.filter({ hasText: 'safe' })).toHaveAttribute('href', 'https://example.com/ok');
    await expect(links.filter({ hasText: 'click' })).toHaveCount(0);
    await expect(rendered.locator('.markdown-refused-link', { hasText: 'click' })).toBeVisible();
    const hrefs = await links.evaluateAll((as) => as.map((a) => (a instanceof HTMLAnchorElement ? a.protocol : 'not a link')));
    expect(hrefs).toEqual(['https:']);
    await expectNothingInjected(page);

    // Edited in the form…
    await page.getByTestId('run-notes.edit').click();
    await expect(page.getByTestId('run-notes.input')).toHaveValue(NOTE);
    const typed = `${XSS.anchor}\n\n${XSS.mdLink}\n\n${XSS.plotly}`;
    await page.getByTestId('run-notes.input').fill(typed);
    await page.getByTestId('run-notes.save').click();
    await expect(rendered).toContainText(XSS.anchor);
    expect(await textContent(rendered)).toContain(XSS.plotly);
    await expect(rendered.locator('b, i, br, img, svg')).toHaveCount(0);
    // The Markdown link's script URL is refused, so it is text; the raw <a> is text too.
    await expect(rendered.locator('a')).toHaveCount(0);
    await expectNothingInjected(page);

    // …and through the mlflow.note.content tag, as MLflow clients set it.
    await page.evaluate((id) => window.trainyard.setTag('mlflow.note.content', '<img src=x onerror="window.__pwned=1"> via tag', { runId: id as never }), runId);
    await expect(rendered).toContainText('<img src=x onerror="window.__pwned=1"> via tag');
    await expectNothingInjected(page);
  });

  test('artifact names and contents are previewed as text; .html and .svg never render', async ({ app, page }) => {
    await app.open();
    const names = {
      html: 'reports/evil.html',
      svg: 'evil.svg',
      svgBlob: 'typed/drawing.svg',
      htmlBlob: 'typed/page.html',
      json: 'data.json',
      markupName: `${XSS.img}.txt`,
      markupFolder: `${XSS.script}.txt`, // the "/" of </script> makes a folder
    };
    const runId = await page.evaluate(
      async ({ n, svg, html, xss }) => {
        const t = window.trainyard;
        const run = await t.startRun({ runName: 'artifacts' });
        await t.logArtifact(html, n.html);
        await t.logArtifact(svg, n.svg);
        await t.logArtifact(new Blob([svg], { type: 'image/svg+xml' }), n.svgBlob);
        await t.logArtifact(new Blob([html], { type: 'text/html' }), n.htmlBlob);
        await t.logArtifact({ html: xss.img, script: xss.script, nested: { link: xss.anchor } }, n.json);
        await t.logArtifact('plain text', n.markupName);
        await t.logArtifact('in a folder', n.markupFolder);
        await t.endRun();
        return run.runId;
      },
      { n: names, svg: SVG_FILE, html: HTML_FILE, xss: XSS },
    );
    await page.goto(`/#/experiments/0/runs/${runId}`);
    const preview = page.getByTestId('artifact-preview');
    const text = page.getByTestId('artifact-preview.text');
    const open = async (name: string) => {
      await page.getByTestId('artifact-tree.file').filter({ hasText: name }).click();
      await expect(preview.locator('strong')).toHaveText(new RegExp(`${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    };

    await page.getByRole('button', { name: 'reports/' }).click();
    await open('evil.html');
    await expect(text).toBeVisible();
    expect(await textContent(text)).toBe(HTML_FILE);

    await open('evil.svg');
    await expect(text).toBeVisible();
    expect(await textContent(text)).toBe(SVG_FILE);
    await expect(page.getByTestId('artifact-preview.image')).toHaveCount(0);

    await page.getByRole('button', { name: 'typed/' }).click();
    await open('drawing.svg');
    await expect(text).toBeVisible();
    expect(await textContent(text)).toBe(SVG_FILE);
    await expect(page.getByTestId('artifact-preview.image')).toHaveCount(0);
    await open('page.html');
    await expect(text).toBeVisible();
    expect(await textContent(text)).toBe(HTML_FILE);

    await open('data.json');
    await expect(text).toContainText('"html"');
    expect(JSON.parse(await textContent(text))).toEqual({ html: XSS.img, script: XSS.script, nested: { link: XSS.anchor } });

    // File and folder names with markup are button text.
    const markupFile = page.getByTestId('artifact-tree.file').filter({ hasText: XSS.img });
    await expect(markupFile).toHaveCount(1);
    await markupFile.click();
    await expect(text).toHaveText('plain text');
    expect(await textContent(preview.locator('strong'))).toBe(names.markupName);
    await page.getByRole('button', { name: '<script>window.__pwned=2</' }).click();
    await open('script>.txt');
    await expect(text).toHaveText('in a folder');
    await expectNothingInjected(page);
  });

  test('an image logged with logImage previews as a decoded picture', async ({ app, page }) => {
    await app.open();
    const runId = await page.evaluate(async () => {
      const width = 24;
      const height = 16;
      const pixels = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) pixels.set([i % 256, 80, 160, 255], i * 4);
      const run = await window.trainyard.startRun({ runName: 'picture' });
      await window.trainyard.logImage(new ImageData(pixels, width, height), 'plots/img.png');
      await window.trainyard.endRun();
      return run.runId;
    });
    await page.goto(`/#/experiments/0/runs/${runId}`);
    await page.getByRole('button', { name: 'plots/' }).click();
    await page.getByTestId('artifact-tree.file').filter({ hasText: 'img.png' }).click();
    const image = page.getByTestId('artifact-preview.image');
    await expect(image).toBeVisible();
    await expect(image).toHaveAttribute('src', /^blob:/);
    await expect.poll(() => image.evaluate((img) => (img instanceof HTMLImageElement ? [img.naturalWidth, img.naturalHeight] : []))).toEqual([24, 16]);
    await expectNothingInjected(page);
  });

  test('bad input through the console gets a message that names the problem, and writes nothing', async ({ app, page }) => {
    await app.open();
    const messages = await page.evaluate(async () => {
      const t = window.trainyard;
      const failure = async (fn: () => unknown): Promise<string> => {
        try {
          await fn();
        } catch (error) {
          return error instanceof Error ? error.message : String(error);
        }
        return 'no error';
      };
      const run = await t.startRun({ runName: 'bad-input' });
      const badKey = await failure(() => t.logMetric('bad:key', 1));
      await t.logParam('lr', 0.1);
      const changedParam = await failure(() => t.logParam('lr', 0.2));
      const badFilter = await failure(() => t.searchRuns('metrics.x >'));
      const longParam = await failure(() => t.logParams({ kept: 'small', long: 'x'.repeat(6001) }));
      const longAlone = await failure(() => t.logParam('alone', 'y'.repeat(6001)));
      const exactlyAtLimit = await failure(() => t.logParam('limit', 'z'.repeat(6000)));
      await t.flush();
      await t.endRun();
      const stored = await t.getRun(run.runId);
      return {
        badKey,
        changedParam,
        badFilter,
        longParam,
        longAlone,
        exactlyAtLimit,
        params: Object.keys(stored.params).sort(),
        lr: stored.params['lr'],
        metrics: Object.keys(stored.metrics),
        status: stored.status,
      };
    });
    expect(messages.badKey).toContain('"bad:key"');
    expect(messages.changedParam).toContain('"lr"');
    expect(messages.changedParam).toContain('"0.1"');
    expect(messages.changedParam).toContain('"0.2"');
    expect(messages.badFilter).toContain('position');
    expect(messages.longParam).toContain('6000');
    expect(messages.longParam).toContain('6001');
    expect(messages.longParam).toContain('"long"');
    expect(messages.longAlone).toContain('6000');
    expect(messages.exactlyAtLimit).toBe('no error');
    // Nothing of a rejected call was written: not the long param, not its valid sibling, not the bad metric.
    expect(messages.params).toEqual(['limit', 'lr']);
    expect(messages.lr).toBe('0.1');
    expect(messages.metrics).toEqual([]);
    expect(messages.status).toBe('FINISHED');
    await expect(app.runRow('bad-input')).toBeVisible();
    await expect(page.getByTestId('run-table.sort.param:kept')).toHaveCount(0);
  });

  test('the experiment form refuses a blank, a duplicate or an over-long name and says why', async ({ app, page }) => {
    await app.open();
    const name = page.getByTestId('experiment-create.name');
    const submit = page.getByTestId('experiment-create.submit');
    const items = app.sidebar.getByTestId('experiment-list.item');
    await expect(items.first()).toBeVisible(); // the sidebar has loaded (Default is always there)
    const before = await items.count();

    // A blank name can't be submitted, by click or by Enter, and creates nothing.
    await name.fill('   ');
    await expect(submit).toBeDisabled();
    await name.press('Enter');
    await expect(items).toHaveCount(before);
    const blank = await page.evaluate(() => window.trainyard.createExperiment('  ').then(() => 'created', (e: Error) => e.message));
    expect(blank).toContain('empty');

    await app.createExperiment('taken');
    await name.fill('taken');
    await submit.click();
    await expect(page.getByTestId('toast.error')).toContainText('An experiment named "taken" already exists');
    await expect(app.sidebar.getByRole('link', { name: 'taken', exact: true })).toHaveCount(1);

    await name.fill('n'.repeat(501));
    await submit.click();
    await expect(page.getByTestId('toast.error').last()).toContainText('501 characters, the limit is 500');
    await expect(items).toHaveCount(before + 1);
  });

  // `constructor`, `toString`, `__proto__`… are valid MLflow keys; they must behave like any other key.
  test('keys named like Object.prototype members are stored and shown like any other key; __proto__ is refused', async ({ app, page }) => {
    await app.open();
    const result = await page.evaluate(async () => {
      const t = window.trainyard;
      const errors: string[] = [];
      const attempt = async (what: string, fn: () => unknown) => {
        try {
          await fn();
        } catch (error) {
          errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
        }
      };
      const run = await t.startRun({ runName: 'proto-keys' });
      t.logMetric('loss', 0.5); // an ordinary point in the same batch as the odd keys
      await attempt('param constructor', () => t.logParam('constructor', 'c'));
      await attempt('param __proto__', () => t.logParam('__proto__', 'p'));
      await attempt('tag toString', () => t.setTag('toString', 't'));
      await attempt('tag __proto__', () => t.setTag('__proto__', 'q'));
      await attempt('metric valueOf', () => t.logMetric('valueOf', 1));
      await attempt('metric constructor', () => t.logMetric('constructor', 2));
      await attempt('flush', () => t.flush());
      await t.endRun();
      await t.startRun({ runName: 'plain' });
      t.logMetric('loss', 1);
      await t.endRun();
      const stored = await t.getRun(run.runId);
      const own = (record: Record<string, unknown>, key: string) => Object.getOwnPropertyDescriptor(record, key)?.value;
      return {
        errors,
        params: [own(stored.params, 'constructor'), Object.hasOwn(stored.params, '__proto__')],
        tags: [own(stored.tags, 'toString'), Object.hasOwn(stored.tags, '__proto__')],
        metrics: Object.keys(stored.metrics).sort(),
      };
    });
    expect(result).toEqual({
      errors: [
        'param __proto__: Invalid param key "__proto__": "__proto__" is reserved in Trainyard\'s browser store.',
        'tag __proto__: Invalid tag key "__proto__": "__proto__" is reserved in Trainyard\'s browser store.',
      ],
      params: ['c', false],
      tags: ['t', false],
      metrics: ['constructor', 'loss', 'valueOf'],
    });
    // The table shows both runs; the run without those keys has empty cells. `loss`, which both
    // runs have, leads as the experiment's main metric; then constructor and valueOf.
    await expect(app.runRows).toHaveCount(2);
    await expect(app.runRow('plain').locator('td.col-metric')).toHaveText(['1', '', '']);
  });
});
