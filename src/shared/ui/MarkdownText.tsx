import Markdown, { defaultUrlTransform, type Components } from 'react-markdown';

/**
 * User Markdown (run descriptions) as React elements, never as HTML:
 * - raw HTML in the source (`<img onerror=…>`, `<script>`) is shown as the text it is: react-markdown
 *   builds elements from the syntax tree and, without rehype-raw, turns HTML nodes into text;
 * - link and image URLs go through react-markdown's `defaultUrlTransform`, which keeps only
 *   http(s), mailto, irc(s), xmpp and relative URLs and empties the rest (javascript:, vbscript:,
 *   data:, blob:, file:…), so a link can't run script;
 * - an image is shown as a link to its URL labelled with its alt text, never loaded by itself: a
 *   note can't make the app fetch anything (a tracking pixel, or any request off the device).
 */
const components: Components = {
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
};

export function MarkdownText({ children }: { children: string }) {
  return (
    <Markdown urlTransform={defaultUrlTransform} components={components}>
      {children}
    </Markdown>
  );
}
