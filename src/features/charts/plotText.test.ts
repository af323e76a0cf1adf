import { describe, expect, it } from 'vitest';
import { chartValue, lineTraces, plotText, sortByStep, type PlotTrace } from './plotText';

/** The one trace lineTraces makes for one series. */
function trace(name: string, x: ArrayLike<number>, y: ArrayLike<number>): PlotTrace {
  const [only, ...rest] = lineTraces([{ name, x, y }]);
  if (!only || rest.length > 0) throw new Error('expected exactly one trace');
  return only;
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('plotText', () => {
  it.each<[string, string]>([
    ['rmse', 'rmse'],
    ['val loss β', 'val loss β'],
    ['', ''],
    ['a & b', 'a &amp; b'],
    ['<b>bold</b>', '&lt;b&gt;bold&lt;/b&gt;'],
    ['<br>', '&lt;br&gt;'],
    ['<a href="javascript:alert(1)">x</a>', '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;'],
    ['<img src=x onerror="window.__pwned=1">', '&lt;img src=x onerror="window.__pwned=1"&gt;'],
    ['x<sub>2</sub>', 'x&lt;sub&gt;2&lt;/sub&gt;'],
    // An entity typed by the user stays literal: its & is escaped first.
    ['&lt;b&gt;', '&amp;lt;b&amp;gt;'],
    ['&#60;script&#62;', '&amp;#60;script&amp;#62;'],
    ['a<<b>>c', 'a&lt;&lt;b&gt;&gt;c'],
  ])('should make %j display literally as %j', (input, escaped) => {
    expect(plotText(input)).toBe(escaped);
  });

  it.each(['<b>x</b>', '<a href=y>z</a>', 'a<br>b', '<script>x</script>', '1 < 2 > 0'])(
    'should leave no < or > in %j',
    (input) => {
      expect(plotText(input)).not.toMatch(/[<>]/);
    },
  );

  it.each(['a & b', '<b>', '&amp;', '&lt;x&gt;'])('should round-trip %j through entity decoding', (input) => {
    const decoded = plotText(input).replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    expect(decoded).toBe(input);
  });
});

describe('chartValue', () => {
  it.each<[number, number | null]>([
    [0, 0],
    [1.5, 1.5],
    [-3, -3],
    [Number.MAX_VALUE, Number.MAX_VALUE],
    [Number.MIN_VALUE, Number.MIN_VALUE],
    [NaN, null],
    [Infinity, null],
    [-Infinity, null],
  ])('should draw %d as %j', (value, drawn) => {
    expect(chartValue(value)).toBe(drawn);
  });
});

describe('lineTraces', () => {
  it('should return no traces for no series', () => {
    expect(lineTraces([])).toEqual([]);
  });

  it('should make one trace per series, in order, with the values as plain arrays', () => {
    const traces = lineTraces([
      { name: 'train', x: new Float64Array([0, 1]), y: new Float64Array([0.5, 0.25]) },
      { name: 'val', x: [0, 1, 2], y: [1, 2, 3] },
    ]);
    expect(traces.map((t) => t.name)).toEqual(['train', 'val']);
    expect(traces[0]?.x).toEqual([0, 1]);
    expect(traces[0]?.y).toEqual([0.5, 0.25]);
    expect(Array.isArray(traces[0]?.x)).toBe(true);
    expect(Array.isArray(traces[0]?.y)).toBe(true);
  });

  it('should turn NaN and ±Infinity into gaps and keep finite values', () => {
    const t = trace('loss', [0, 1, 2, 3, 4], [1, NaN, Infinity, -Infinity, 0]);
    expect(t.y).toEqual([1, null, null, null, 0]);
    expect(t.x).toEqual([0, 1, 2, 3, 4]);
  });

  it.each<[number, PlotTrace['type'], PlotTrace['mode']]>([
    [0, 'scatter', 'lines+markers'],
    [1, 'scatter', 'lines+markers'],
    [50, 'scatter', 'lines+markers'],
    [51, 'scatter', 'lines'],
    [5000, 'scatter', 'lines'],
    [5001, 'scattergl', 'lines'],
    [100_000, 'scattergl', 'lines'],
  ])('should draw %d points as %s with %s', (n, type, mode) => {
    const t = trace('m', range(n), range(n));
    expect(t.type).toBe(type);
    expect(t.mode).toBe(mode);
    expect(t.x).toHaveLength(n);
  });

  it('should escape the name in the legend and in the hover text', () => {
    const t = trace('<b>x</b> & <a href="javascript:1">y</a>', [0], [1]);
    expect(t.name).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &lt;a href="javascript:1"&gt;y&lt;/a&gt;');
    // The hover text takes the (escaped) name from the trace, never pasting user text into the template.
    expect(t.hovertemplate).toContain('%{fullData.name}');
    expect(t.hovertemplate).not.toContain('<b>');
    expect(t.hovertemplate).not.toContain('<a ');
  });

  it('should show the step and the value in the hover text and hide the extra box', () => {
    const template = trace('rmse', [0], [1]).hovertemplate;
    expect(template).toContain('<br>step %{x}<br>%{y}');
    expect(template).toMatch(/<extra><\/extra>$/);
  });

  it('should keep names with spaces and unicode as they are', () => {
    expect(trace('val loss / ünïcødé β', [0], [1]).name).toBe('val loss / ünïcødé β');
  });

  // Plotly substitutes %{…} anywhere in a hovertemplate, in one pass, so a user-supplied name
  // containing one (run names can) would show a number instead of the text. The name should come
  // in through %{fullData.name} (substituted once, never re-read) rather than be pasted in.
  it.each(['acc %{y}', 'lr=%{customdata}'])('should show the name %j literally on hover', (name) => {
    const t = trace(name, [7], [0.5]);
    const hover = t.hovertemplate.replace(/%\{([^}]*)\}/g, (_match, field: string) =>
      field === 'fullData.name' || field === 'data.name' ? t.name : field.startsWith('x') ? '7' : field.startsWith('y') ? '0.5' : '',
    );
    expect(hover).toContain(plotText(name));
  });
});

describe('sortByStep', () => {
  const asArrays = (r: { x: Float64Array; y: Float64Array }) => ({ x: Array.from(r.x), y: Array.from(r.y) });

  it.each<[string, number[], number[], number[], number[]]>([
    ['empty', [], [], [], []],
    ['already sorted', [0, 1, 2, 5], [10, 11, 12, 15], [0, 1, 2, 5], [10, 11, 12, 15]],
    ['reversed', [3, 2, 1], [30, 20, 10], [1, 2, 3], [10, 20, 30]],
    ['shuffled', [2, 0, 3, 1], [20, 0, 30, 10], [0, 1, 2, 3], [0, 10, 20, 30]],
    ['negative steps', [0, -5, 5], [1, 2, 3], [-5, 0, 5], [2, 1, 3]],
    ['sorted with duplicate steps, kept in append order', [0, 1, 1, 1, 2], [1, 5, 3, 4, 2], [0, 1, 1, 1, 2], [1, 5, 3, 4, 2]],
    ['unsorted with duplicate steps, kept in append order', [2, 1, 0, 1, 1], [9, 7, 0, 8, 6], [0, 1, 1, 1, 2], [0, 7, 8, 6, 9]],
    ['NaN values carried along', [1, 0], [NaN, Infinity], [0, 1], [Infinity, NaN]],
  ])('should sort %s', (_label, steps, values, x, y) => {
    expect(asArrays(sortByStep(steps, values))).toEqual({ x, y });
  });

  it('should accept typed arrays and return new Float64Arrays', () => {
    const steps = new Float64Array([1, 0]);
    const values = new Float32Array([0.5, 0.25]);
    const result = sortByStep(steps, values);
    expect(result.x).toBeInstanceOf(Float64Array);
    expect(result.y).toBeInstanceOf(Float64Array);
    expect(result.x).not.toBe(steps);
    expect(asArrays(result)).toEqual({ x: [0, 1], y: [0.25, 0.5] });
    expect(Array.from(steps)).toEqual([1, 0]);
  });

  it('should keep append order among 10,000 points on one step', () => {
    const n = 10_000;
    const steps = Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0));
    const values = range(n);
    const { x, y } = sortByStep(steps, values);
    expect(x[n - 1]).toBe(1);
    expect(y[n - 1]).toBe(0);
    expect(Array.from(y.subarray(0, n - 1))).toEqual(range(n).slice(1));
  });
});
