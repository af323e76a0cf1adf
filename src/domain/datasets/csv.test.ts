import { describe, expect, it } from 'vitest';
import { inferTask, inferTaskWithReason, parseNumber, parseTabularCsv } from './csv';
import { DatasetError, rowCount } from './dataset.types';
import type { DatasetErrorCode, TabularDataset, TaskKind } from './dataset.types';

function column(ds: TabularDataset, name: string): number[] {
  const c = ds.columns.indexOf(name);
  return Array.from(ds.data[c] ?? []);
}

function codeOf(f: () => unknown): DatasetErrorCode | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

describe('parseNumber', () => {
  it.each([
    ['7.4', 7.4],
    [' 0.076 ', 0.076],
    ['-3', -3],
    ['+2.5e3', 2500],
    ['.5', 0.5],
    ['5.', 5],
    ['1E-2', 0.01],
  ])('should read %j as %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it.each(['', ' ', 'abc', '0x10', '1,5', 'Infinity', '1e999', 'NaN', '1 2', '--1', '1e'])('should not read %j as a number', (text) => {
    expect(parseNumber(text)).toBeNaN();
  });
});

describe('parseTabularCsv', () => {
  it('should parse the UCI wine layout: ;-separated, quoted header, unquoted numbers', () => {
    const text =
      '"fixed acidity";"volatile acidity";"quality"\n' +
      '7.4;0.7;5\n' +
      '7.8;0.88;5\n' +
      '11.2;0.28;6\n';
    const ds = parseTabularCsv(text, { fileName: 'winequality-red.csv' });
    expect(ds.name).toBe('winequality-red.csv');
    expect(ds.columns).toEqual(['fixed acidity', 'volatile acidity', 'quality']);
    expect(rowCount(ds)).toBe(3);
    expect(column(ds, 'fixed acidity')).toEqual([7.4, 7.8, 11.2]);
    expect(column(ds, 'quality')).toEqual([5, 5, 6]);
    expect(ds.categorical).toBeUndefined();
    expect(ds.data.every((d) => d instanceof Float64Array)).toBe(true);
  });

  it('should handle quoted fields with delimiters, escaped quotes and line breaks inside', () => {
    const text = 'name,notes,score\n"Smith, J.","said ""hi""\nthen left",1.5\n"Doe",plain,2\n';
    const ds = parseTabularCsv(text, { fileName: 'people.csv' });
    expect(ds.columns).toEqual(['name', 'notes', 'score']);
    expect(ds.categorical?.['name']).toEqual(['Doe', 'Smith, J.']);
    expect(ds.categorical?.['notes']).toEqual(['plain', 'said "hi"\nthen left']);
    expect(column(ds, 'name')).toEqual([1, 0]);
    expect(column(ds, 'score')).toEqual([1.5, 2]);
  });

  it('should strip a BOM, accept CRLF and lone CR, and skip blank lines anywhere', () => {
    const ds = parseTabularCsv('\uFEFFa,b\r\n1,2\r\n\r\n3,4\r5,6\r\n\r\n\r\n', { fileName: 'x.csv' });
    expect(ds.columns).toEqual(['a', 'b']);
    expect(column(ds, 'a')).toEqual([1, 3, 5]);
    expect(column(ds, 'b')).toEqual([2, 4, 6]);
  });

  it.each([
    ['comma', 'a,b\n1,2\n3,4\n'],
    ['semicolon', 'a;b\n1;2\n3;4\n'],
    ['tab', 'a\tb\n1\t2\n3\t4\n'],
    ['pipe', 'a|b\n1|2\n3|4\n'],
    ['semicolon with decimal points and commas inside quotes', '"a";"b"\n"1,000";2\n"2,000";4\n'],
  ])('should detect the delimiter: %s', (_label, text) => {
    const ds = parseTabularCsv(text, { fileName: 'data.txt' });
    expect(ds.columns).toEqual(['a', 'b']);
    expect(rowCount(ds)).toBe(2);
  });

  it('should use a delimiter that is given instead of detecting one', () => {
    const ds = parseTabularCsv('a;b,c\n1;2,3\n', { fileName: 'x.csv', delimiter: ',' });
    expect(ds.columns).toEqual(['a;b', 'c']);
  });

  it('should make an all-text column categorical with sorted levels', () => {
    const ds = parseTabularCsv('x,species\n1,virginica\n2,setosa\n3,versicolor\n4,setosa\n', { fileName: 'iris.csv' });
    expect(ds.categorical).toEqual({ species: ['setosa', 'versicolor', 'virginica'] });
    expect(column(ds, 'species')).toEqual([2, 0, 1, 0]);
  });

  it('should treat a column below 90% numbers as categorical (not an error)', () => {
    const values = ['1', '2', '3', '4', '5', '6', '7', '8', 'low', 'high'];
    const ds = parseTabularCsv(`id,level\n${values.map((v, i) => `${i},${v}`).join('\n')}\n`, { fileName: 'l.csv' });
    expect(ds.categorical?.['level']).toHaveLength(10);
  });

  it('should report a column at 90% numbers or more as NON_NUMERIC', () => {
    const values = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'oops'];
    const text = `id,level\n${values.map((v, i) => `${i},${v}`).join('\n')}\n`;
    expect(() => parseTabularCsv(text, { fileName: 'l.csv' })).toThrowError(
      'l.csv, line 11: column "level" has "oops", which is not a number; 9 of its 10 values are numbers, so it is a numeric column',
    );
  });

  it('should report the first bad cell in file order across columns', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${i},${i},${i}`);
    rows[7] = '7,x,7';
    rows[3] = '3,3,';
    const e = (() => {
      try {
        parseTabularCsv(`a,b,c\n${rows.join('\n')}\n`, { fileName: 'o.csv' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(DatasetError);
    expect(e instanceof DatasetError ? [e.code, e.line, e.column, e.columnIndex] : []).toEqual(['MISSING_VALUE', 5, 'c', 3]);
  });

  it('should keep a quote inside an unquoted field as text', () => {
    const ds = parseTabularCsv('size,n\n5" screen,1\n7" screen,2\n', { fileName: 's.csv' });
    expect(ds.categorical?.['size']).toEqual(['5" screen', '7" screen']);
  });

  it('should accept spaces around a quoted field', () => {
    const ds = parseTabularCsv('a,b\n "x" , 1\n"y",2\n', { fileName: 's.csv' });
    expect(ds.categorical?.['a']).toEqual(['x', 'y']);
    expect(column(ds, 'b')).toEqual([1, 2]);
  });

  it('should parse 100,000 rows × 12 columns', () => {
    const header = Array.from({ length: 12 }, (_, c) => `c${c}`).join(';');
    const row = Array.from({ length: 12 }, (_, c) => (c * 1.25).toString()).join(';');
    const text = `${header}\n${`${row}\n`.repeat(100_000)}`;
    const ds = parseTabularCsv(text, { fileName: 'big.csv' });
    expect(rowCount(ds)).toBe(100_000);
    expect(ds.data[11]?.[99_999]).toBe(13.75);
  });
});

function tabular(columns: Record<string, number[] | string[]>): TabularDataset {
  const names = Object.keys(columns);
  const lines = [names.join(',')];
  const n = Object.values(columns)[0]?.length ?? 0;
  for (let r = 0; r < n; r++) lines.push(names.map((k) => String(columns[k]?.[r])).join(','));
  return parseTabularCsv(lines.join('\n'), { fileName: 't.csv' });
}

const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('inferTask', () => {
  it.each<[string, TabularDataset, TaskKind]>([
    ['text labels', tabular({ x: [1, 2, 3], y: ['a', 'b', 'c'] }), 'classification'],
    ['two numeric values (binary)', tabular({ x: range(100, (i) => i), y: range(100, (i) => (i % 2) * 0.5) }), 'classification'],
    ['label-encoded classes 0/1/2 in 150 rows', tabular({ x: range(150, (i) => i), y: range(150, (i) => i % 3) }), 'classification'],
    ['six whole-number scores in 1,599 rows (wine quality)', tabular({ x: range(1599, (i) => i), y: range(1599, (i) => 3 + (i % 6)) }), 'classification'],
    ['fractions', tabular({ x: range(100, (i) => i), y: range(100, (i) => (i % 7) / 3) }), 'regression'],
    ['30 distinct whole numbers', tabular({ x: range(1000, (i) => i), y: range(1000, (i) => i % 30) }), 'regression'],
    ['5 whole numbers in 50 rows (more than 5% distinct)', tabular({ x: range(50, (i) => i), y: range(50, (i) => i % 5) }), 'regression'],
  ])('should infer from %s', (_label, ds, expected) => {
    expect(inferTask(ds, 'y')).toBe(expected);
    expect(inferTaskWithReason(ds, 'y').reason).toContain('column "y"');
  });

  it('should let the caller override: wine quality as regression', () => {
    const ds = tabular({ x: range(1599, (i) => i), y: range(1599, (i) => 3 + (i % 6)) });
    expect(inferTask(ds, 'y', 'regression')).toBe('regression');
    expect(inferTaskWithReason(ds, 'y').reason).toContain('choose regression if they are an ordered score');
  });

  it.each<[string, () => unknown, DatasetErrorCode]>([
    ['an unknown column', () => inferTask(tabular({ x: [1, 2] }), 'nope'), 'MISSING_COLUMN'],
    ['no column chosen', () => inferTask(tabular({ x: [1, 2] }), ''), 'NO_TARGET'],
    ['a constant numeric target', () => inferTask(tabular({ x: [1, 2, 3], y: [4, 4, 4] }), 'y'), 'NO_TARGET'],
    ['a constant text target', () => inferTask(tabular({ x: [1, 2], y: ['a', 'a'] }), 'y'), 'NO_TARGET'],
    ['regression forced on text', () => inferTask(tabular({ x: [1, 2], y: ['a', 'b'] }), 'y', 'regression'), 'NON_NUMERIC'],
    ['an override on an unknown column', () => inferTask(tabular({ x: [1, 2] }), 'nope', 'classification'), 'MISSING_COLUMN'],
  ])('should reject %s', (_label, f, code) => {
    expect(codeOf(f)).toBe(code);
  });
});
