import { describe, expect, it } from 'vitest';
import { defaultSettings, parseSettings } from './settings';

describe('parseSettings', () => {
  it.each([
    [null, defaultSettings()],
    ['not json', defaultSettings()],
    ['[1]', { ...defaultSettings() }],
    ['{"backend":"wasm","workers":3}', { backend: 'wasm', workers: 3, wasmThreads: false }],
    ['{"backend":"gpu9000","workers":3}', { backend: 'auto', workers: 3, wasmThreads: false }],
    ['{"backend":"cpu","workers":0}', { backend: 'cpu', workers: defaultSettings().workers, wasmThreads: false }],
    ['{"backend":"cpu","workers":2.5}', { backend: 'cpu', workers: defaultSettings().workers, wasmThreads: false }],
    ['{"backend":"wasm","workers":1,"wasmThreads":true}', { backend: 'wasm', workers: 1, wasmThreads: true }],
    ['{"backend":"wasm","workers":1,"wasmThreads":"yes"}', { backend: 'wasm', workers: 1, wasmThreads: false }],
  ])('should read %s', (text, expected) => {
    expect(parseSettings(text)).toEqual(expected);
  });
});
