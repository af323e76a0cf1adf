// @vitest-environment jsdom
// Component tests run under jsdom, whose Web Crypto rejects a bare ArrayBuffer (it accepts views):
// sha256Hex must work there too.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex } from './digest';

const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256Hex under jsdom', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each([
    ['a string', (): string | ArrayBuffer | Uint8Array => 'abc'],
    ['a Uint8Array', () => Uint8Array.of(97, 98, 99)],
    ['an ArrayBuffer', () => Uint8Array.of(97, 98, 99).buffer],
  ])('should hash %s', async (_label, make) => {
    await expect(sha256Hex(make())).resolves.toBe(ABC);
  });

  it('should reject clearly when Web Crypto is missing', async () => {
    vi.stubGlobal('crypto', undefined);
    await expect(sha256Hex('abc')).rejects.toThrow(/needs Web Crypto \(crypto\.subtle\)/);
  });
});
