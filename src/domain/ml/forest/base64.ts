/**
 * Standard base64 (RFC 4648, with padding) for the forest's model file. Written here rather than
 * with btoa/atob so the decoder is strict (a truncated or edited string is an error, never
 * silently different bytes) and so large arrays need no intermediate binary string.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

export function encodeBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  // Four-character groups are gathered in chunks and joined: far faster than growing one string.
  const chunk = new Array<string>(4096);
  let used = 0;
  const flush = (): void => {
    parts.push(chunk.slice(0, used).join(''));
    used = 0;
  };
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    chunk[used++] = ALPHABET.charAt(n >>> 18) + ALPHABET.charAt((n >>> 12) & 63) + ALPHABET.charAt((n >>> 6) & 63) + ALPHABET.charAt(n & 63);
    if (used === chunk.length) flush();
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    chunk[used++] = `${ALPHABET.charAt(n >>> 18)}${ALPHABET.charAt((n >>> 12) & 63)}==`;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    chunk[used++] = `${ALPHABET.charAt(n >>> 18)}${ALPHABET.charAt((n >>> 12) & 63)}${ALPHABET.charAt((n >>> 6) & 63)}=`;
  }
  flush();
  return parts.join('');
}

/**
 * Decodes strict base64; throws an Error saying what is wrong (length, character and position, or
 * padding) for anything else. The caller prefixes the field name.
 */
export function decodeBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`base64 length ${text.length} is not a multiple of 4 (truncated?)`);
  let pad = 0;
  if (text.endsWith('==')) pad = 2;
  else if (text.endsWith('=')) pad = 1;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const code = text.charCodeAt(i + j);
      const isPad = code === 61 && last && j >= 4 - pad;
      const v = isPad ? 0 : code < 128 ? (DECODE[code] as number) : -1;
      if (v < 0) throw new Error(`base64 has an invalid character '${text[i + j] ?? ''}' at position ${i + j}`);
      n = (n << 6) | v;
    }
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
    // Canonical encoding: the bits under the padding must be zero.
    if (last && ((pad === 1 && (n & 255) !== 0) || (pad === 2 && (n & 0xffff) !== 0))) throw new Error('base64 has non-zero bits in its padding');
  }
  return out;
}
