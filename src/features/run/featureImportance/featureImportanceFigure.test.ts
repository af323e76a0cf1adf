import { describe, expect, it } from 'vitest';
import { TOP_FEATURES, featureImportanceFigure, formatShare, rankImportances } from './featureImportanceFigure';

const model = { features: ['pH', 'alcohol', 'density', '<b>sugar</b>'], importances: [0.1, 0.5, 0.1, 0.3], allZero: false };

describe('rankImportances', () => {
  it('should put the largest first and keep the file order between ties', () => {
    expect(rankImportances(model).all.map((r) => r.feature)).toEqual(['alcohol', '<b>sugar</b>', 'pH', 'density']);
  });

  it(`should show the top ${TOP_FEATURES} and keep the rest for the CSV`, () => {
    const n = 10_000;
    const many = { features: Array.from({ length: n }, (_, i) => `x${i}`), importances: Array.from({ length: n }, (_, i) => (i + 1) / ((n * (n + 1)) / 2)), allZero: false };
    const ranked = rankImportances(many);
    expect(ranked.shown).toHaveLength(TOP_FEATURES);
    expect(ranked.shown[0]?.feature).toBe('x9999');
    expect(ranked.all).toHaveLength(n);
    const figure = featureImportanceFigure(ranked);
    expect(figure.pointsShown).toBe(TOP_FEATURES);
    expect(figure.csv().split('\r\n')).toHaveLength(n + 2); // header, rows, final line break
  });
});

describe('formatShare', () => {
  it('should show percentages with one decimal, small shares with two significant digits, and none as 0%', () => {
    expect([0.5, 0.1234, 0.001, 0.0006, 0.000_15, 0.000_019_99, 0.000_000_1, 0].map(formatShare)).toEqual([
      '50.0%',
      '12.3%',
      '0.1%',
      '0.06%',
      '0.015%',
      '0.002%',
      '<0.001%',
      '0%',
    ]);
  });
});

describe('featureImportanceFigure', () => {
  it('should draw horizontal bars in percent, largest on top, labelled, with names escaped', () => {
    const figure = featureImportanceFigure(rankImportances(model));
    const [trace] = figure.data;
    expect(trace).toMatchObject({ type: 'bar', orientation: 'h', x: [50, 30, 10, 10], y: [0, 1, 2, 3], text: ['50.0%', '30.0%', '10.0%', '10.0%'] });
    expect(trace?.hovertext).toEqual(['alcohol: 50.0%', '&lt;b&gt;sugar&lt;/b&gt;: 30.0%', 'pH: 10.0%', 'density: 10.0%']);
    const yaxis = figure.layout.yaxis as Record<string, unknown>;
    expect(yaxis.ticktext).toEqual(['alcohol', '&lt;b&gt;sugar&lt;/b&gt;', 'pH', 'density']);
    expect(yaxis.autorange).toBe('reversed');
    expect((figure.layout.xaxis as Record<string, unknown>).ticksuffix).toBe('%');
    // Room for the outside label of the longest bar.
    expect((figure.layout.xaxis as { range: number[] }).range[1]).toBeGreaterThan(50);
    expect(figure.pointsShown).toBe(4);
  });

  it('should shorten long names in the ticks but not in the hover', () => {
    const long = 'a very long column name that goes on and on';
    const figure = featureImportanceFigure(rankImportances({ features: [long], importances: [1], allZero: false }));
    const tick = ((figure.layout.yaxis as { ticktext: string[] }).ticktext[0] ?? '');
    expect(Array.from(tick)).toHaveLength(28);
    expect(tick.endsWith('…')).toBe(true);
    expect(figure.data[0]?.hovertext).toEqual([`${long}: 100.0%`]);
  });

  it('should export every feature as CSV, most important first, with formula-like names neutralised', () => {
    const figure = featureImportanceFigure(rankImportances({ features: ['=cmd()', 'b,c'], importances: [0.25, 0.75], allZero: false }));
    expect(figure.csv()).toBe('feature,importance\r\n"b,c",0.75\r\n\'=cmd(),0.25\r\n');
  });

  it('should grow with the number of bars', () => {
    const small = featureImportanceFigure(rankImportances(model));
    const eleven = featureImportanceFigure(
      rankImportances({ features: Array.from({ length: 11 }, (_, i) => `f${i}`), importances: Array.from({ length: 11 }, () => 1 / 11), allZero: false }),
    );
    expect(eleven.height).toBeGreaterThan(small.height);
  });
});
