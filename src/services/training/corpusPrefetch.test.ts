import { describe, expect, it } from 'vitest';
import brownCorpusUrl from 'virtual:brown-corpus';
import { corpusPrefetcher } from './corpusPrefetch';

function recorder(answer: () => Promise<Response> = async () => new Response('{}')) {
  const urls: string[] = [];
  const fetcher = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return answer();
  }) as typeof fetch;
  return { urls, fetcher };
}

describe('corpusPrefetcher', () => {
  it('should download the built-in corpus once per page, and nothing for other datasets', () => {
    const { urls, fetcher } = recorder();
    const prefetch = corpusPrefetcher({ fetcher, servedByServiceWorker: () => false });
    prefetch('builtin:wine-red');
    prefetch('ds-1234');
    prefetch(undefined);
    expect(urls).toEqual([]);
    prefetch('builtin:brown');
    prefetch('builtin:brown');
    expect(urls).toEqual([brownCorpusUrl]);
  });

  it('should leave it to the service worker when one serves the page', () => {
    const { urls, fetcher } = recorder();
    corpusPrefetcher({ fetcher, servedByServiceWorker: () => true })('builtin:brown');
    expect(urls).toEqual([]);
  });

  it('should try again at the next run after a failed download, never rejecting', async () => {
    let fail = true;
    const { urls, fetcher } = recorder(async () => {
      if (fail) throw new TypeError('Failed to fetch');
      return new Response('{}');
    });
    const prefetch = corpusPrefetcher({ fetcher, servedByServiceWorker: () => false });
    prefetch('builtin:brown');
    await new Promise((resolve) => setTimeout(resolve, 0));
    fail = false;
    prefetch('builtin:brown');
    expect(urls).toHaveLength(2);
  });
});
