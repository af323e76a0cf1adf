import { describe, expect, it } from 'vitest';
import type { ExampleCell } from './inputExample';
import { buildInputExampleJson, buildNdarrayExampleJson } from './inputExample';

describe('buildInputExampleJson', () => {
  it('should write pandas split orient with json.dumps separators', () => {
    const json = buildInputExampleJson({ columns: ['fixed acidity', 'alcohol'], rows: [[7.4, 9.4], [7.8, 9.8]] });
    expect(json).toBe('{"columns": ["fixed acidity", "alcohol"], "data": [[7.4, 9.4], [7.8, 9.8]]}');
    expect(JSON.parse(json)).toEqual({ columns: ['fixed acidity', 'alcohol'], data: [[7.4, 9.4], [7.8, 9.8]] });
  });

  it('should keep text, booleans and nulls, and turn NaN and infinities into null', () => {
    const json = buildInputExampleJson({
      columns: ['a', 'b', 'c', 'd', 'e', 'f'],
      rows: [[Number.NaN, Infinity, -Infinity, 'naïve "x"', true, null]],
    });
    expect(json).toBe('{"columns": ["a", "b", "c", "d", "e", "f"], "data": [[null, null, null, "na\\u00efve \\"x\\"", true, null]]}');
    expect(JSON.parse(json)).toEqual({ columns: ['a', 'b', 'c', 'd', 'e', 'f'], data: [[null, null, null, 'naïve "x"', true, null]] });
  });

  it.each<[string, readonly string[], readonly (readonly ExampleCell[])[], string]>([
    ['no columns', [], [[]], 'input example columns must list at least one column'],
    ['no rows', ['a'], [], 'input example must have at least one row'],
    ['a repeated column', ['a', 'a'], [[1, 2]], 'input example column "a" appears twice'],
    ['a short row', ['a', 'b'], [[1, 2], [1]], 'input example rows[1] has 1 values; expected 2 (one per column)'],
    ['a long row', ['a'], [[1, 2]], 'input example rows[0] has 2 values; expected 1 (one per column)'],
    ['an object cell', ['a'], [[{} as unknown as ExampleCell]], 'input example rows[0][0] must be a number, text, true/false or null'],
  ])('should reject %s', (_label, columns, rows, message) => {
    expect(() => buildInputExampleJson({ columns, rows })).toThrow(message);
  });
});

describe('buildNdarrayExampleJson', () => {
  it('should wrap the values as {"inputs": …}', () => {
    expect(buildNdarrayExampleJson([[0, 1, 0.5], [1, 0, Number.NaN]])).toBe('{"inputs": [[0, 1, 0.5], [1, 0, null]]}');
    expect(buildNdarrayExampleJson(3)).toBe('{"inputs": 3}');
  });

  it('should reject values that are not numbers or lists', () => {
    expect(() => buildNdarrayExampleJson([['x' as unknown as number]])).toThrow('input example[0][0] must be a number or a list');
  });
});
