import { describe, expect, it } from 'vitest';
import { countMixedValues, packClassLeaves, unpackClassLeaves } from './classLeaves';

describe('packClassLeaves and unpackClassLeaves', () => {
  it('should store one-class leaves as a mask alone and round-trip mixed ones', () => {
    const values = Float32Array.from([0, 1, 0, 0.25, 0, 0.75, 1, 0, 0]);
    const packed = packClassLeaves(values, 3);
    // Leaf 0 holds class 1 (0b010 → 0x40), leaf 1 classes 0 and 2 (0xa0), leaf 2 class 0 (0x80).
    expect(Array.from(packed.masks)).toEqual([0x40, 0xa0, 0x80]);
    expect(Array.from(packed.mixed)).toEqual([0.25, 0.75]);
    expect(countMixedValues(packed.masks, 3, 3)).toBe(2);
    expect(unpackClassLeaves(packed.masks, packed.mixed, 3, 3)).toEqual(values);
  });

  it('should use two mask bytes per leaf from nine classes on', () => {
    const values = new Float32Array(2 * 10);
    values[9] = 1;
    values[10] = 0.5;
    values[18] = 0.5;
    const packed = packClassLeaves(values, 10);
    expect(Array.from(packed.masks)).toEqual([0, 0x40, 0x80, 0x80]);
    expect(unpackClassLeaves(packed.masks, packed.mixed, 2, 10)).toEqual(values);
  });

  it('should refuse leaves a mask cannot express', () => {
    expect(() => packClassLeaves(Float32Array.from([0, 0]), 2)).toThrow(/Leaf 0 has no class/);
    expect(() => packClassLeaves(Float32Array.from([1, 0, 0, 0.5]), 2)).toThrow(/Leaf 1 holds one class with probability 0.5, not 1/);
  });

  it.each([
    [[0x40, 0x00], /leaf 1 holds no class/],
    [[0x40, 0x10], /leaf 1 sets a class bit beyond class 2/],
  ])('should reject the masks %j', (masks, message) => {
    expect(() => countMixedValues(Uint8Array.from(masks), 2, 3)).toThrow(message);
  });
});
