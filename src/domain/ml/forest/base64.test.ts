import { describe, expect, it } from 'vitest';
import { createRandom } from '../random';
import { decodeBase64, encodeBase64 } from './base64';

describe('base64', () => {
  it("should match Node's encoder and round-trip every length up to 70 bytes", () => {
    const random = createRandom(1);
    for (let n = 0; n <= 70; n++) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
      const text = encodeBase64(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(text)).toEqual(bytes);
    }
  });

  it('should handle arrays larger than one output chunk', () => {
    const bytes = Uint8Array.from({ length: 50_000 }, (_, i) => (i * 7) & 255);
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
  });

  it.each([
    ['QUJD', 'ABC'],
    ['QUI=', 'AB'],
    ['QQ==', 'A'],
    ['', ''],
  ])('should decode %j', (text, expected) => {
    expect(new TextDecoder().decode(decodeBase64(text))).toBe(expected);
  });

  it.each([
    ['QUJ', /length 3 is not a multiple of 4/],
    ['QU=D', /invalid character '=' at position 2/],
    ['QUJ*', /invalid character '\*' at position 3/],
    ['QUJé', /invalid character 'é' at position 3/],
    ['Q===', /invalid character '=' at position 1/],
    ['QR==', /non-zero bits in its padding/],
    ['QUJ=QUJD', /invalid character '=' at position 3/],
  ])('should reject %j', (text, message) => {
    expect(() => decodeBase64(text)).toThrow(message);
  });
});
