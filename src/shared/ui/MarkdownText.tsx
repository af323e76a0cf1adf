import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';
import type { MouseEvent } from 'react';
import remarkGfm from 'remark-gfm';
import './MarkdownText.css';

/**
 * User Markdown (run descriptions) as React elements, never as HTML:
 * - GitHub-flavoured Markdown (remark-gfm): tables, ~~strikethrough~~, task lists, autolinked
 *   `https://…` and `www.…` text, footnotes;
 * - raw HTML in the source (`<img onerror=…>`, `<script>`) is shown as the text it is: react-markdown
 *   builds elements from the syntax tree and, without rehype-raw, turns HTML nodes into text;
 * - link and image URLs go through react-markdown's `defaultUrlTransform`, which keeps only
 *   http(s), mailto, irc(s), xmpp and relative URLs and empties the rest (javascript:, vbscript:,
 *   data:, blob:, file:…), so a link can't run script; a link whose URL was refused is shown as
 *   its text, not as an `<a href="">` (which would navigate away from the page when clicked);
 * - an image is shown as a link to its URL labelled with its alt text, never loaded by itself: a
 *   note can't make the app fetch anything (a tracking pixel, or any request off the device).
 */
/** The prefix of the ids GFM gives footnotes and their back-references (`#user-content-fn-1`). */
const FOOTNOTE_HREF = '#user-content-';

/** A footnote link scrolls within the note: the app's routes live in the hash, so following it would leave the page. */
function scrollToFootnote(event: MouseEvent<HTMLAnchorElement>, href: string): void {
  event.preventDefault();
  document.getElementById(decodeURIComponent(href.slice(1)))?.scrollIntoView({ block: 'nearest' });
}

const components: Components = {
  a: ({ href, title, children }) =>
    typeof href === 'string' && href.startsWith(FOOTNOTE_HREF) ? (
      <a href={href} title={title} onClick={(event) => scrollToFootnote(event, href)}>
        {children}
      </a>
    ) : typeof href === 'string' && href !== '' ? (
      <a href={href} title={title}>
        {children}
      </a>
    ) : (
      <span className="markdown-refused-link" title="Link removed: its address is not a web or mail address">
        {children}
      </span>
    ),
  img: ({ src, alt }) => {
    const label = `image: ${alt || (typeof src === 'string' ? src : '')}`;
    return typeof src === 'string' && src !== '' ? (
      <a href={src} className="markdown-image" rel="noopener noreferrer">
        {label}
      </a>
    ) : (
      <span className="markdown-image">{label}</span>
    );
  },
  // A wide table scrolls inside the note instead of widening the page.
  table: ({ children }) => (
    <div className="markdown-table-scroll">
      <table>{children}</table>
    </div>
  ),
};

const remarkPlugins = [remarkGfm];

export function MarkdownText({ children }: { children: string }) {
  return (
    <Markdown remarkPlugins={remarkPlugins} urlTransform={defaultUrlTransform} components={components}>
      {children}
    </Markdown>
  );
}
