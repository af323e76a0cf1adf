import { describe, expect, it } from 'vitest';
import { sha256Hex } from './digest';

// FIPS 180-2 / NIST test vectors for SHA-256.
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';
const TWO_BLOCKS = '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1';
const MILLION_A = 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0';

const bytesOf = (text: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(text);

describe('sha256Hex', () => {
  it.each([
    ['the empty string', '', EMPTY],
    ['"abc"', 'abc', ABC],
    ['the 448-bit message (two blocks after padding)', 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', TWO_BLOCKS],
    ['"é" as its UTF-8 bytes c3 a9 (checked with sha256sum)', 'é', '4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c'],
  ])('should hash %s', async (_label, text, expected) => {
    await expect(sha256Hex(text)).resolves.toBe(expected);
  });

  it('should give the same digest for a string, its bytes and their ArrayBuffer', async () => {
    const bytes = bytesOf('abc');
    await expect(sha256Hex(bytes)).resolves.toBe(ABC);
    await expect(sha256Hex(bytes.buffer)).resolves.toBe(ABC);
    await expect(sha256Hex(new ArrayBuffer(0))).resolves.toBe(EMPTY);
    await expect(sha256Hex(new Uint8Array(0))).resolves.toBe(EMPTY);
  });

  it('should hash only the bytes a Uint8Array view covers', async () => {
    const view = bytesOf('xabcx').subarray(1, 4);
    expect(view.byteOffset).toBe(1);
    await expect(sha256Hex(view)).resolves.toBe(ABC);
  });

  it('should hash a view of a SharedArrayBuffer', async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(3));
    shared.set(bytesOf('abc'));
    await expect(sha256Hex(shared)).resolves.toBe(ABC);
  });

  it('should hash a million "a" bytes (the long NIST vector)', async () => {
    await expect(sha256Hex(new Uint8Array(1_000_000).fill(0x61))).resolves.toBe(MILLION_A);
  });

  it('should return 64 lower-case hex digits', async () => {
    await expect(sha256Hex('Trainyard')).resolves.toMatch(/^[0-9a-f]{64}$/);
  });
});
