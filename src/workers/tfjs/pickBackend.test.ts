import { describe, expect, it } from 'vitest';
import { pickBackend } from './pickBackend';

describe('pickBackend', () => {
  it.each([
    [{ wasm: 27, webgl: 54, cpu: 233 }, 'wasm'],
    [{ wasm: 27, webgl: 24, cpu: 233 }, 'wasm'], // 11 % faster is within the noise
    [{ wasm: 27, webgl: 20, cpu: 233 }, 'webgl'], // 26 % faster wins
    [{ webgl: 54, cpu: 233 }, 'webgl'], // wasm unavailable
    [{ cpu: 233 }, 'cpu'],
    [{}, 'cpu'],
  ] as const)('should pick from %o → %s', (timings, expected) => {
    expect(pickBackend(timings, ['wasm', 'webgl', 'cpu'])).toBe(expected);
  });
});
