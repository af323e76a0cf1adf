import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { JsonValue } from './pythonJson';
import { toPythonJson } from './pythonJson';
import { looksLikeNonString, stringifySafeYaml } from './safeYaml';

describe('toPythonJson', () => {
  it.each<[JsonValue, string]>([
    [null, 'null'],
    [true, 'true'],
    [-1, '-1'],
    [0.1, '0.1'],
    ['', '""'],
    [[], '[]'],
    [{}, '{}'],
    [[1, [2, 3]], '[1, [2, 3]]'],
    [{ a: 1, b: { c: [null] } }, '{"a": 1, "b": {"c": [null]}}'],
    ['é', '"\\u00e9"'],
    ['😀', '"\\ud83d\\ude00"'],
    ['\u007f', '"\\u007f"'],
    ['line\nbreak\ttab\u0001', '"line\\nbreak\\ttab\\u0001"'],
    ['quote " back \\ slash /', '"quote \\" back \\\\ slash /"'],
  ])('should write %j like json.dumps: %s', (value, json) => {
    expect(toPythonJson(value)).toBe(json);
    expect(JSON.parse(json)).toEqual(value);
  });

  it.each([Number.NaN, Infinity, -Infinity])('should reject %s naming the path', (n) => {
    expect(() => toPythonJson({ a: [1, n] }, 'x')).toThrow(`x.a[1] must be a finite number; got ${n}`);
  });
});

describe('looksLikeNonString', () => {
  it.each([
    '1', '-1', '+1', '0o17', '0x1F', '1.5', '.5', '1e5', '1E-5', '.inf', '-.Inf', '.nan', 'null', 'Null', '~', 'true', 'FALSE', '<<', '=',
  ])('should flag %j', (text) => {
    expect(looksLikeNonString(text)).toBe(true);
  });

  it.each(['model', '4.22.0', 'abc1', 'e5', '0x', 'truely', 'nil', ''])('should not flag %j', (text) => {
    expect(looksLikeNonString(text)).toBe(false);
  });
});

describe('stringifySafeYaml', () => {
  it('should write sorted block-style YAML like yaml.safe_dump', () => {
    expect(stringifySafeYaml({ b: { z: 1, a: 'x' }, a: null, c: 'yes', d: '0123' })).toBe(
      "a: null\nb:\n  a: x\n  z: 1\nc: 'yes'\nd: '0123'\n",
    );
  });

  it('should not fold long strings', () => {
    const long = `[${'{"type": "double"}, '.repeat(40)}]`;
    const text = stringifySafeYaml({ inputs: long });
    expect(text.split('\n')).toHaveLength(2);
    expect(parse(text)).toEqual({ inputs: long });
  });

  // PyYAML's safe loader rejects a tab in a plain scalar and reads a bare `<<` as a merge key; the
  // `yaml` package wrote both that way (found reading exported bundles with PyYAML).
  it.each([
    ['a tab', 'model\tv2', '"model\\tv2"'],
    ['the merge key', '<<', "'<<'"],
    ['a line separator', 'a\u2028b', '"a\\u2028b"'],
    ['a C1 control', 'a\u0085b', '"a\\x85b"'],
  ])('should quote a string holding %s so PyYAML reads it back', (_what, value, written) => {
    const text = stringifySafeYaml({ run_name: value, nested: { key: value } });
    expect(text).toContain(`run_name: ${written}`);
    expect(text).toContain(`  key: ${written}`);
    expect(parse(text)).toEqual({ run_name: value, nested: { key: value } });
  });
});
