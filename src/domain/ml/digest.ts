/**
 * SHA-256 digests for dataset files (the download check and the digest recorded with each run),
 * through Web Crypto's `crypto.subtle`, present in browsers (secure contexts), workers and Node ≥ 20.
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Lower-case hex SHA-256 of `input`. Strings are hashed as their UTF-8 bytes; a Uint8Array is
 * hashed over its own view (byteOffset..byteOffset + byteLength), not the whole underlying buffer.
 * Rejects with a clear Error when Web Crypto is unavailable (e.g. a page served over plain http).
 */
export async function sha256Hex(input: ArrayBuffer | Uint8Array | string): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (subtle === undefined) {
    throw new Error('SHA-256 needs Web Crypto (crypto.subtle), which this context does not provide; serve the app over https or localhost');
  }
  // Always hand digest() an ArrayBuffer-backed view: a raw ArrayBuffer is rejected under jsdom's
  // test environment, and a view of a SharedArrayBuffer is rejected everywhere (slice() copies it).
  const view = typeof input === 'string' ? new TextEncoder().encode(input) : ArrayBuffer.isView(input) ? input : new Uint8Array(input);
  const data = view.buffer instanceof ArrayBuffer ? (view as Uint8Array<ArrayBuffer>) : view.slice();
  const digest = new Uint8Array(await subtle.digest('SHA-256', data));
  let hex = '';
  for (let i = 0; i < digest.length; i++) hex += HEX[digest[i] as number] as string;
  return hex;
}
