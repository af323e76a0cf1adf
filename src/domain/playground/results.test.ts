import { describe, expect, it } from 'vitest';
import { interpretOutputs, outputColumns, predictionsCsv, predictionText } from './results';

describe('interpretOutputs', () => {
  it('should give one value per row for a regressor', () => {
    expect(interpretOutputs(Float32Array.from([5.5, 6.25]), { kind: 'value' })).toEqual([
      { kind: 'value', value: 5.5 },
      { kind: 'value', value: 6.25 },
    ]);
  });

  it('should give the class and the top classes, highest first, ties in label order', () => {
    const labels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const [first] = interpretOutputs([0.1, 0.3, 0.3, 0.05, 0.05, 0.2], { kind: 'classes', labels });
    expect(first).toMatchObject({ kind: 'classes', label: 'b' });
    if (first?.kind !== 'classes') throw new Error('classes expected');
    expect(first.top.map((s) => s.label)).toEqual(['b', 'c', 'f', 'a', 'd']);
    expect(first.probabilities).toHaveLength(6);
  });

  it('should refuse outputs that do not split into rows', () => {
    expect(() => interpretOutputs([1, 2, 3], { kind: 'vector', width: 2 })).toThrow('3 outputs do not split into rows of 2.');
  });
});

describe('predictionsCsv', () => {
  it('should write the uploaded cells, the prediction and the error of each row, in order', () => {
    const output = { kind: 'classes' as const, labels: ['setosa', 'versi,color'] };
    const [p] = interpretOutputs(Float32Array.from([0.25, 0.75]), output);
    if (!p) throw new Error('prediction expected');
    expect(predictionText(p)).toBe('versi,color');
    expect(outputColumns(output)).toEqual(['prediction', 'p_setosa', 'p_versi,color']);
    const csv = predictionsCsv({
      header: ['a', 'b'],
      rows: [
        { line: 2, cells: ['1', '2'] },
        { line: 3, cells: ['x'] },
      ],
      results: [
        { ok: true, prediction: p },
        { ok: false, error: 'line 3: 1 values, but the header has 2 columns' },
      ],
      output,
    });
    expect(csv).toBe(
      'line,a,b,prediction,p_setosa,"p_versi,color",error\n' +
        '2,1,2,"versi,color",0.25,0.75,\n' +
        '3,x,,,,,"line 3: 1 values, but the header has 2 columns"\n',
    );
  });
});

describe('predictionText', () => {
  it('should show a float64 value (a forest\'s mean of float32 leaves) to float32 precision, as a network\'s', () => {
    expect(predictionText({ kind: 'value', value: 76.87500305175782 })).toBe('76.875');
    expect(predictionText({ kind: 'value', value: Math.fround(0.1) })).toBe('0.1');
    expect(predictionText({ kind: 'vector', values: [76.87500305175782, 2] })).toBe('76.875 2');
  });
});
