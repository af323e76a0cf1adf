import { describe, expect, it } from 'vitest';
import { defaultSettings, parseSettings } from './settings';

describe('parseSettings', () => {
  it.each([
    [null, defaultSettings()],
    ['not json', defaultSettings()],
    ['[1]', { ...defaultSettings() }],
    ['{"backend":"wasm","workers":3}', { backend: 'wasm', workers: 3 }],
    ['{"backend":"gpu9000","workers":3}', { backend: 'auto', workers: 3 }],
    ['{"backend":"cpu","workers":0}', { backend: 'cpu', workers: defaultSettings().workers }],
    ['{"backend":"cpu","workers":2.5}', { backend: 'cpu', workers: defaultSettings().workers }],
  ])('should read %s', (text, expected) => {
    expect(parseSettings(text)).toEqual(expected);
  });
});
