// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MarkdownText } from './MarkdownText';

afterEach(cleanup);

function renderNote(note: string): HTMLElement {
  return render(<MarkdownText>{note}</MarkdownText>).container;
}

/** Every attribute of every element: no handler, no script URL may be among them. */
function attributes(root: HTMLElement): string[] {
  return [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes].map((a) => `${el.tagName.toLowerCase()} ${a.name}=${a.value}`));
}

describe('MarkdownText', () => {
  it.each([
    ['an img with an error handler', '<img src=x onerror=window.__xss=1>'],
    ['a script element', '<script>window.__xss=1</script>'],
    ['an svg with a load handler', '"><svg onload=window.__xss=1>'],
    ['an anchor with a script URL', '<a href="javascript:window.__xss=1">raw</a>'],
    ['an iframe', '<iframe src="javascript:window.__xss=1"></iframe>'],
  ])('should show raw HTML (%s) as its text', (_, html) => {
    const root = renderNote(`before\n\n${html}\n\nafter ${html}`);
    expect(root.querySelectorAll('img, script, svg, iframe').length).toBe(0);
    expect(root.querySelectorAll('a').length).toBe(0);
    expect(root.textContent).toContain(html);
    expect(attributes(root)).toEqual([]);
  });

  it.each([
    ['javascript:', '[x](javascript:window.__xss=1)'],
    ['JAVASCRIPT: in capitals', '[x](JAVASCRIPT:window.__xss=1)'],
    ['an entity-encoded tab', '[x](java&#x09;script:window.__xss=1)'],
    ['an autolink', '<javascript:window.__xss=1>'],
    ['a reference definition', '[x][r]\n\n[r]: javascript:window.__xss=1'],
    ['vbscript:', '[x](vbscript:msgbox(1))'],
    ['data:', '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)'],
  ])('should show a link to %s as its text, never as a link', (_, note) => {
    const root = renderNote(note);
    // An <a href=""> would reload or leave the page when clicked: a refused URL leaves no anchor.
    expect(root.querySelectorAll('a').length).toBe(0);
    const refused = [...root.querySelectorAll('.markdown-refused-link')];
    expect(refused.length).toBe(1);
    expect(refused[0]?.textContent).not.toBe('');
    expect(attributes(root).filter((a) => /script|data:|href/i.test(a))).toEqual([]);
  });

  it('should keep http(s), mailto and fragment links', () => {
    const root = renderNote('[a](https://example.com/a) [b](http://example.com/b) [c](mailto:x@example.com) [d](#top)');
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/a', 'http://example.com/b', 'mailto:x@example.com', '#top']);
  });

  it('should show images as links labelled with their alt text, never as <img>, and empty script or data sources', () => {
    const root = renderNote(
      '![remote](https://example.com/pixel.png) ![js](javascript:window.__xss=1) ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![](https://example.com/no-alt.png)',
    );
    expect(root.querySelectorAll('img').length).toBe(0);
    const images = [...root.querySelectorAll('.markdown-image')].map((el) => [el.tagName.toLowerCase(), el.textContent, el.getAttribute('href')]);
    expect(images).toEqual([
      ['a', 'image: remote', 'https://example.com/pixel.png'],
      ['span', 'image: js', null],
      ['span', 'image: svg', null],
      ['a', 'image: https://example.com/no-alt.png', 'https://example.com/no-alt.png'],
    ]);
  });

  it('should render GitHub-flavoured tables, with cell Markdown and column alignment', () => {
    const root = renderNote('| param | value |\n| --- | ---: |\n| learning_rate | **0.01** |\n| epochs | 40 |');
    expect(root.textContent).not.toContain('|');
    const table = root.querySelector('table');
    expect([...(table?.querySelectorAll('th') ?? [])].map((th) => th.textContent)).toEqual(['param', 'value']);
    expect([...(table?.querySelectorAll('tbody tr') ?? [])].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent))).toEqual([
      ['learning_rate', '0.01'],
      ['epochs', '40'],
    ]);
    expect(table?.querySelector('td strong')?.textContent).toBe('0.01');
    expect(table?.querySelector<HTMLElement>('td:last-child')?.style.textAlign).toBe('right');
  });

  it('should apply the same URL rules inside tables and to GFM autolinks', () => {
    const root = renderNote('| link |\n| --- |\n| [bad](javascript:window.__xss=1) |\n| [good](https://example.com/) |\n\nsee www.example.com and ~~old~~');
    expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://example.com/', 'http://www.example.com']);
    expect(root.querySelector('.markdown-refused-link')?.textContent).toBe('bad');
    expect(root.querySelector('del')?.textContent).toBe('old');
  });

  it('should still render ordinary Markdown', () => {
    const root = renderNote('# Title\n\nsome **bold** and `code`\n\n- item');
    expect(root.querySelector('h1')?.textContent).toBe('Title');
    expect(root.querySelector('strong')?.textContent).toBe('bold');
    expect(root.querySelector('code')?.textContent).toBe('code');
    expect(root.querySelector('li')?.textContent).toBe('item');
  });
});

describe('footnotes', () => {
  it('scroll within the note instead of following the hash (the app routes by hash)', () => {
    window.location.hash = '#/experiments/0/runs/r1';
    const scrolled: string[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this.id); // jsdom lays nothing out: record where the page would scroll to
    };
    const note = renderNote('A claim.[^1]\n\n[^1]: The source.');
    const ref = note.querySelector<HTMLAnchorElement>('a[href^="#user-content-fn"]');
    expect(ref).not.toBeNull();
    const click = new MouseEvent('click', { bubbles: true, cancelable: true });
    ref?.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(window.location.hash).toBe('#/experiments/0/runs/r1');
    expect(scrolled).toEqual(['user-content-fn-1']);
  });

  it('leave links to the app\u2019s own pages as links', () => {
    const link = renderNote('[the baseline run](#/experiments/0/runs/abc)').querySelector('a');
    expect(link?.getAttribute('href')).toBe('#/experiments/0/runs/abc');
    expect(link?.onclick).toBeNull();
  });
});
