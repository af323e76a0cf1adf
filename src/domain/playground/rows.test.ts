import { describe, expect, it } from 'vitest';
import { parseTabularCsv } from '../datasets/csv';
import { describeModel, type ModelSummary } from './playgroundModel';
import { checkFormValues, checkRow, parseBatchCsv, parseNumber } from './rows';

const wine: ModelSummary = {
  input: 'features',
  features: [
    { name: 'alcohol', min: 8.4, max: 14.9 },
    { name: 'pH', min: 2.74, max: 4.01 },
  ],
  output: { kind: 'value' },
  example: [[9.4, 3.51]],
  preprocessed: true,
};
const text: ModelSummary = { input: 'text', output: { kind: 'classes', labels: ['a', 'b'] }, example: [] };

describe('parseNumber', () => {
  it.each([
    ['3.5', 3.5],
    [' -2 ', -2],
    ['.5', 0.5],
    ['1e-3', 0.001],
    ['7.', 7],
  ])('should read %j as %d', (input, value) => expect(parseNumber(input)).toBe(value));

  it.each(['', ' ', 'abc', '1,5', '0x10', 'NaN', 'Infinity', '1e999', '3.5cm'])('should refuse %j', (input) => expect(parseNumber(input)).toBeNull());
});

describe('checkFormValues', () => {
  it('should give the row in feature order', () => {
    expect(checkFormValues({ pH: '3.2', alcohol: '10' }, wine.input === 'features' ? wine.features : [])).toEqual({ row: [10, 3.2] });
  });

  it('should name every field at fault', () => {
    expect(checkFormValues({ alcohol: 'ten', pH: '' }, wine.input === 'features' ? wine.features : [])).toEqual({
      errors: { alcohol: 'alcohol: "ten" is not a number', pH: 'pH: the value is missing' },
    });
  });
});

describe('checkRow', () => {
  it('should take objects by name (extra keys ignored), lists in order, numeric strings', () => {
    expect(checkRow(wine, { pH: 3.2, alcohol: 10, quality: 5 }, 0)).toEqual({ ok: true, input: [10, 3.2] });
    expect(checkRow(wine, [10, '3.2'], 0)).toEqual({ ok: true, input: [10, 3.2] });
  });

  it.each([
    [{ alcohol: 10 }, 'row 3: missing "pH"'],
    [{}, 'row 3: missing "alcohol", "pH"'],
    [{ alcohol: 10, pH: 'acid' }, 'row 3, column "pH": "acid" is not a number'],
    [[1, 2, 3], 'row 3: 3 values, but the model takes 2 (alcohol, pH)'],
    [[1, null], 'row 3, value 2 (pH): null is not a number'],
    ['text', 'row 3: expected an object keyed by feature name or a list of values in feature order; got "text"'],
  ])('should explain %j', (row, error) => {
    expect(checkRow(wine, row, 2)).toEqual({ ok: false, error });
  });

  it('should take strings (or { text }) for the text model', () => {
    expect(checkRow(text, 'wheat prices', 0)).toEqual({ ok: true, input: 'wheat prices' });
    expect(checkRow(text, { text: 'oil' }, 0)).toEqual({ ok: true, input: 'oil' });
    expect(checkRow(text, 5, 1)).toEqual({ ok: false, error: 'row 2: the text model takes a string (or { text: "…" }); got number 5' });
  });
});

describe('parseBatchCsv', () => {
  it('should predict good rows and name the line and column of each bad one', () => {
    const csv = 'quality;alcohol;pH\n5;9.4;3.51\n\n6;ten;3.2\n7;11\n5;10.1;"3.3"\n';
    const batch = parseBatchCsv(csv, 'rows.csv', wine);
    expect(batch.header).toEqual(['quality', 'alcohol', 'pH']);
    expect(batch.rows.map((r) => [r.line, r.check])).toEqual([
      [2, { ok: true, input: [9.4, 3.51] }],
      [4, { ok: false, error: 'line 4, column "alcohol": "ten" is not a number' }],
      [5, { ok: false, error: 'line 5: 2 values, but the header has 3 columns' }],
      [6, { ok: true, input: [10.1, 3.3] }],
    ]);
  });

  it('should refuse a file that lacks a needed column, naming it', () => {
    expect(() => parseBatchCsv('alcohol,quality\n9,5\n', 'rows.csv', wine)).toThrow('rows.csv, line 1: the header lacks the column "pH" the model needs; nothing was predicted.');
  });

  it.each([
    ['', 'rows.csv: the file is empty'],
    ['alcohol,pH\n', 'rows.csv: there are no rows under the header.'],
    ['alcohol,pH\n9,"3.2\n', 'rows.csv, line 2: a quoted value is never closed'],
  ])('should refuse %j', (csv, message) => {
    expect(() => parseBatchCsv(csv, 'rows.csv', wine)).toThrow(message);
  });

  it('should read the text column (or the only column) for the text model', () => {
    expect(parseBatchCsv('label,text\na,"wheat, corn"\n', 't.csv', text).rows[0]?.check).toEqual({ ok: true, input: 'wheat, corn' });
    expect(parseBatchCsv('doc\noil prices\n', 't.csv', text).rows[0]?.check).toEqual({ ok: true, input: 'oil prices' });
    expect(() => parseBatchCsv('a,b\nx,y\n', 't.csv', text)).toThrow('needs a column named "text"');
  });

  it('should take unnamed inputs in column order when no header name matches', () => {
    const raw: ModelSummary = { input: 'features', features: [{ name: 'x0', min: null, max: null }, { name: 'x1', min: null, max: null }], output: { kind: 'value' }, example: [], preprocessed: false };
    expect(parseBatchCsv('a,b\n1,2\n', 'r.csv', raw).rows[0]?.check).toEqual({ ok: true, input: [1, 2] });
  });
});

describe('text (categorical) features', () => {
  // The training CSV itself, read by the same importer training uses: `color` becomes level codes.
  const trainingCsv = 'size,color,price\n3,red,10\n5, green ,14\n2,blue,7\n4,red,12\n';
  const dataset = parseTabularCsv(trainingCsv, { fileName: 'shop.csv' });
  const colors = dataset.categorical?.['color'] as string[];
  const summary = describeModel({
    mlmodel: null,
    inputExample: { inputs: [[0, (1 - 1) / 0.8]] },
    preprocessing: { features: ['size', 'color'], mean: [3.5, 1], std: [1.1, 0.8], feature_levels: { color: colors } },
    vocabulary: null,
    labels: null,
    inputWidth: 2,
    outputWidth: 1,
  }).summary;
  const column = (name: string) => Array.from(dataset.data[dataset.columns.indexOf(name)] as Float64Array);

  it('should read the training CSV itself: every row, each level as the code training gave it', () => {
    const batch = parseBatchCsv(trainingCsv, 'shop.csv', summary);
    const sizes = column('size');
    const codes = column('color');
    expect(batch.rows.map((r) => r.check)).toEqual(sizes.map((size, r) => ({ ok: true, input: [size, codes[r]] })));
    expect(codes).toEqual([2, 1, 0, 2]);
  });

  it('should report an unknown level by line and column, with the known levels, and predict the other rows', () => {
    const batch = parseBatchCsv('size,color\n3,red\n4,purple\n5,\n', 'rows.csv', summary);
    expect(batch.rows.map((r) => r.check)).toEqual([
      { ok: true, input: [3, 2] },
      { ok: false, error: 'line 3, column "color": "purple" is not one of the levels seen in training ("blue", "green", "red")' },
      { ok: false, error: 'line 4, column "color": the value is missing' },
    ]);
  });

  it('should list only the first few known levels', () => {
    const many = describeModel({
      mlmodel: null,
      inputExample: null,
      preprocessing: { features: ['k'], mean: [3], std: [2], feature_levels: { k: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] } },
      vocabulary: null,
      labels: null,
      inputWidth: 1,
      outputWidth: 1,
    }).summary;
    expect(parseBatchCsv('k\nz\n', 'k.csv', many).rows[0]?.check).toEqual({
      ok: false,
      error: 'line 2, column "k": "z" is not one of the levels seen in training ("a", "b", "c", "d", "e", … (7 in all))',
    });
  });

  it('should take the level text in the form', () => {
    if (summary.input !== 'features') throw new Error('features expected');
    expect(checkFormValues({ size: '4', color: 'green' }, summary.features)).toEqual({ row: [4, 1] });
    expect(checkFormValues({ size: '4', color: 'teal' }, summary.features)).toEqual({
      errors: { color: 'color: "teal" is not one of the levels seen in training ("blue", "green", "red")' },
    });
  });

  it('should take the level text (or its code) in trainyard.predict rows', () => {
    expect(checkRow(summary, { size: 4, color: 'blue' }, 0)).toEqual({ ok: true, input: [4, 0] });
    expect(checkRow(summary, [4, ' red '], 0)).toEqual({ ok: true, input: [4, 2] });
    expect(checkRow(summary, [4, 1], 0)).toEqual({ ok: true, input: [4, 1] });
    expect(checkRow(summary, { size: 4, color: 'Red' }, 1)).toEqual({
      ok: false,
      error: 'row 2, column "color": "Red" is not one of the levels seen in training ("blue", "green", "red")',
    });
    expect(checkRow(summary, [4, 3], 2)).toEqual({
      ok: false,
      error: 'row 3, value 2 (color): number 3 is not one of the levels seen in training ("blue", "green", "red"), nor a level code 0–2',
    });
  });
});
