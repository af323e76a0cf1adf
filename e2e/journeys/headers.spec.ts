/**
 * What `npm start` (vite preview, also the e2e server) sends with the app's HTML: the
 * Content-Security-Policy as a header — the only place `frame-ancestors` takes effect, so no other
 * site can frame the app — and the cross-origin isolation headers threaded wasm needs.
 */
import { expect, test } from '../fixtures';

test('the preview server sends the Content-Security-Policy header with frame-ancestors, and the isolation headers', async ({ request }) => {
  for (const path of ['/', '/index.html']) {
    const response = await request.get(path);
    expect(response.ok()).toBe(true);
    const headers = response.headers();
    expect(headers['content-security-policy'], path).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy'], path).toContain("script-src 'self'");
    expect(headers['cross-origin-opener-policy'], path).toBe('same-origin');
    expect(headers['cross-origin-embedder-policy'], path).toBe('require-corp');
  }
  // Scripts and other files don't carry the document policy.
  const html = await (await request.get('/')).text();
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeDefined();
  expect((await request.get(script as string)).headers()['content-security-policy']).toBeUndefined();
});
