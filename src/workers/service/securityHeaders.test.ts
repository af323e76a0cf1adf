import { describe, expect, it } from 'vitest';
import { DOWNLOADABLE_DATASETS } from '../../domain/datasets/builtinSources';
import { CSP_DIRECTIVES, EMPTY_STYLE_HASH, contentSecurityPolicy, extraConnectSources, withIsolationHeaders } from './securityHeaders';

describe('withIsolationHeaders', () => {
  it('should add COOP, COEP and CORP to a response that has none, keeping body, status and headers', async () => {
    const original = new Response('<!doctype html><title>x</title>', {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/html' },
    });
    const response = withIsolationHeaders(original);
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(response.headers.get('Cross-Origin-Resource-Policy')).toBe('same-origin');
    expect(response.headers.get('Content-Type')).toBe('text/html');
    expect(response.status).toBe(200);
    expect(response.statusText).toBe('OK');
    expect(await response.text()).toBe('<!doctype html><title>x</title>');
  });

  it('should keep headers the host already sends', () => {
    const original = new Response('', {
      headers: {
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'credentialless',
        'Cross-Origin-Resource-Policy': 'same-site',
      },
    });
    expect(withIsolationHeaders(original)).toBe(original);
  });

  it('should fill in only the missing header', () => {
    const response = withIsolationHeaders(new Response('', { headers: { 'Cross-Origin-Embedder-Policy': 'credentialless' } }));
    expect(response.headers.get('Cross-Origin-Embedder-Policy')).toBe('credentialless');
    expect(response.headers.get('Cross-Origin-Opener-Policy')).toBe('same-origin');
  });

  it('should return an opaque response unchanged', () => {
    const opaque = Response.error();
    expect(withIsolationHeaders(opaque)).toBe(opaque);
  });

  it('should keep a 404 a 404', () => {
    expect(withIsolationHeaders(new Response('missing', { status: 404 })).status).toBe(404);
  });
});

describe('contentSecurityPolicy', () => {
  it('should allow no inline or eval script, only wasm compilation', () => {
    const scripts = CSP_DIRECTIVES['script-src'] ?? [];
    expect(scripts).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    for (const sources of Object.values(CSP_DIRECTIVES)) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain('*');
    }
  });

  it('should let the app reach every dataset download origin and tracking servers (https, or http on this computer), nothing else', () => {
    const connect = CSP_DIRECTIVES['connect-src'] ?? [];
    for (const dataset of DOWNLOADABLE_DATASETS) expect(connect).toContain(new URL(dataset.url).origin);
    const datasetOrigins = new Set(DOWNLOADABLE_DATASETS.map((d) => new URL(d.url).origin));
    expect(connect.filter((source) => !datasetOrigins.has(source))).toEqual(["'self'", 'https:', 'http://localhost:*', 'http://127.0.0.1:*']);
  });

  it('should add build-time tracking server origins, and refuse anything that is not an origin', () => {
    expect(contentSecurityPolicy('meta', extraConnectSources('http://mlflow.lab:5000, http://10.0.0.5:*'))).toContain("http://127.0.0.1:* http://mlflow.lab:5000 http://10.0.0.5:*;");
    expect(extraConnectSources(undefined)).toEqual([]);
    expect(() => extraConnectSources("http://x/ 'unsafe-inline'")).toThrow('TRAINYARD_CONNECT_SRC: "http://x/" is not an origin');
    expect(() => extraConnectSources('*')).toThrow('is not an origin');
  });

  it('should allow only the empty style attribute, by its hash', async () => {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array()));
    expect(EMPTY_STYLE_HASH).toBe(`sha256-${Buffer.from(digest).toString('base64')}`);
    expect(CSP_DIRECTIVES['style-src-attr']).toEqual(["'unsafe-hashes'", `'${EMPTY_STYLE_HASH}'`]);
    expect(CSP_DIRECTIVES['style-src']).toEqual(["'self'"]);
  });

  it('should put frame-ancestors only in the header form, which is the only place browsers honour it', () => {
    expect(contentSecurityPolicy('header')).toContain("frame-ancestors 'none'");
    expect(contentSecurityPolicy('meta')).not.toContain('frame-ancestors');
    expect(contentSecurityPolicy('meta')).toMatch(/^default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; /);
  });
});
