import { describe, expect, it } from 'vitest';
import { computedOn } from './computedOn';

describe('computedOn', () => {
  it('should name a TF.js run by its backend and a forest as plain JavaScript, whatever backend its worker had', () => {
    expect(computedOn({ 'trainyard.backend': 'wasm', 'trainyard.fit_engine': 'smallnet' })).toBe('wasm backend');
    expect(computedOn({ 'trainyard.backend': 'webgl' })).toBe('webgl backend');
    expect(computedOn({ 'trainyard.backend': 'wasm', 'trainyard.fit_engine': 'forest' })).toBe('plain JavaScript (no TF.js)');
    expect(computedOn({})).toBeNull();
  });
});
