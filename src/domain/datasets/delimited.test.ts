import { describe, expect, it } from 'vitest';
import { detectDelimiter, readRecords, showValue } from './delimited';
import type { Delimiter } from './delimited';

describe('readRecords', () => {
  it('should give each record the line it starts on', () => {
    const { records, problem } = readRecords('a,b\n\n1,"x\r\ny"\r\n2,z\n', ',');
    expect(problem).toBeUndefined();
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', 'x\r\ny']],
      [5, ['2', 'z']],
    ]);
  });

  it('should keep an empty last field after a trailing delimiter', () => {
    expect(readRecords('a,b,\n', ',').records[0]?.fields).toEqual(['a', 'b', '']);
  });

  it('should keep a quoted empty line as a record', () => {
    expect(readRecords('a\n""\nb\n', ',').records.map((r) => r.fields)).toEqual([['a'], [''], ['b']]);
  });

  it('should stop at the limit', () => {
    expect(readRecords('1\n2\n3\n4\n', ',', 2).records).toHaveLength(2);
  });

  it('should report an unterminated quote at the line it opens', () => {
    expect(readRecords('a,b\n1,2\n3,"x\n\n\n', ',').problem).toEqual({ kind: 'unterminated', line: 3, fieldIndex: 1 });
  });
});

describe('detectDelimiter', () => {
  it.each<[string, string, string, Delimiter]>([
    ['the UCI wine header', 'wine.csv', '"fixed acidity";"pH";"quality"\n7.4;3.51;5\n', ';'],
    ['a TSV whose text has commas', 'x.txt', 'text\tlabel\nhello, world, again\ta\nbye, now\tb\n', '\t'],
    ['a CSV whose quoted text has tabs and semicolons', 'x.txt', 'text,label\n"a\tb;c",x\n"d;e\tf;g",y\n', ','],
    ['a single column', 'x.tsv', 'value\n1\n2\n', '\t'],
    ['a single column without a hint', 'x.csv', 'value\n1\n2\n', ','],
    ['pipes', 'x.dat', 'a|b|c\n1|2|3\n', '|'],
    ['a .tsv tie (tabs and commas both consistent)', 'x.tsv', 'a,b\tc\n1,2\t3\n', '\t'],
  ])('should pick the delimiter of %s', (_label, name, text, expected) => {
    expect(detectDelimiter(text, name)).toBe(expected);
  });
});

describe('showValue', () => {
  it('should quote and escape control characters', () => {
    expect(showValue('a"b\n\u0000')).toBe('"a\\"b\\n\\u0000"');
  });

  it('should cut long values and say how long they were', () => {
    const shown = showValue('x'.repeat(1_000_000));
    expect(shown.length).toBeLessThan(80);
    expect(shown).toContain('1,000,000 characters');
  });
});
