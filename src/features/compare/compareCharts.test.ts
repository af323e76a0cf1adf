import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { MetricColumns } from '../../domain/tracking/types';
import { makeRun } from '../../test/makeRun';
import {
  boxFigure,
  bucketsPerSeries,
  chartColumns,
  columnOption,
  contourFigure,
  curveFigure,
  chartDefaults,
  formatCompareValue,
  parallelFigure,
  parseColumnOption,
  runColor,
  scatterFigure,
  translucent,
} from './compareCharts';

const XSS = '<img src=x onerror=alert(1)>';

function history(values: number[], start = 1_000): MetricColumns {
  return {
    steps: values.map((_, i) => i),
    values,
    timestamps: values.map((_, i) => start + i * 500),
  };
}

const runA = makeRun({ id: 'a'.repeat(32), name: XSS, params: { lr: '0.1', batch: '32' }, tags: { team: 'blue', 'mlflow.user': 'x' } });
const runB = makeRun({ id: 'b'.repeat(32), name: 'b', params: { lr: '0.01', batch: '64' }, tags: { team: 'red' } });
const runC = makeRun({ id: 'c'.repeat(32), name: 'c', params: { lr: '0.001', batch: '32' } });

describe('curveFigure', () => {
  const histories = new Map<RunId, MetricColumns>([
    [runA.runId, history([4, 3, 2, 1])],
    [runB.runId, history([8, 6, 4, 2])],
  ]);

  it('should draw one line per run that logged the metric, with escaped names and the run id as customdata', () => {
    const figure = curveFigure({ runs: [runA, runB, runC], histories, metric: 'loss', xAxis: 'step', smoothing: 0, buckets: 100, groupBy: null });
    expect(figure.data).toHaveLength(2);
    expect(figure.data[0]).toMatchObject({ name: '&lt;img src=x onerror=alert(1)&gt;', x: [0, 1, 2, 3], y: [4, 3, 2, 1] });
    expect((figure.data[0]?.customdata as string[])[0]).toBe(runA.runId);
    expect(figure).toMatchObject({ shown: 8, total: 8 });
    expect(figure.csv.map((s) => s.run)).toEqual([XSS, 'b']);
  });

  it('should draw the raw line faint behind the smoothed one when smoothing, as TensorBoard does', () => {
    const figure = curveFigure({ runs: [runA], histories, metric: 'loss', xAxis: 'step', smoothing: 0.5, buckets: 100, groupBy: null });
    expect(figure.data).toHaveLength(2);
    expect(figure.data[0]).toMatchObject({ opacity: 0.25, y: [4, 3, 2, 1], showlegend: false });
    // Debiased EMA with weight 0.5: 4, (0.5·2 + 0.5·3)/0.75 = 3.333…
    expect((figure.data[1]?.y as number[])[0]).toBeCloseTo(4, 12);
    expect((figure.data[1]?.y as number[])[1]).toBeCloseTo(10 / 3, 12);
  });

  it('should put seconds since the run started on a relative x axis, and ISO dates on a wall-time axis', () => {
    const relative = curveFigure({ runs: [{ ...runA, startTime: 0 }], histories, metric: 'loss', xAxis: 'relative', smoothing: 0, buckets: 100, groupBy: null });
    expect(relative.data[0]?.x).toEqual([1, 1.5, 2, 2.5]);
    const wall = curveFigure({ runs: [runA], histories, metric: 'loss', xAxis: 'wall', smoothing: 0, buckets: 100, groupBy: null });
    expect((wall.data[0]?.x as string[])[0]).toBe(new Date(1_000).toISOString());
  });

  it('should draw a group as a max line, a filled min line and a mean line', () => {
    const figure = curveFigure({
      runs: [runA, runB],
      histories,
      metric: 'loss',
      xAxis: 'step',
      smoothing: 0,
      buckets: 100,
      groupBy: { kind: 'param', key: 'missing' },
    });
    expect(figure.data).toHaveLength(3);
    expect(figure.data[0]?.y).toEqual([8, 6, 4, 2]);
    expect(figure.data[1]).toMatchObject({ y: [4, 3, 2, 1], fill: 'tonexty' });
    expect(figure.data[2]).toMatchObject({ y: [6, 4.5, 3, 1.5], name: 'missing = (none) (2)' });
  });

  it('should keep a spike when a long history is downsampled, and count shown against logged points', () => {
    const values = Array.from({ length: 100_000 }, (_, i) => (i === 51_234 ? 1e6 : Math.sin(i / 100)));
    const long = new Map<RunId, MetricColumns>([[runA.runId, history(values)]]);
    const figure = curveFigure({ runs: [runA], histories: long, metric: 'loss', xAxis: 'step', smoothing: 0, buckets: 500, groupBy: null });
    expect(figure.total).toBe(100_000);
    expect(figure.shown).toBeLessThanOrEqual(1_002);
    expect(Math.max(...(figure.data[0]?.y as number[]))).toBe(1e6);
    // ~1,000 points drawn: SVG, however many were logged.
    expect(figure.data[0]?.type).toBe('scatter');
  });

  it('should switch to WebGL only when many points are drawn after downsampling', () => {
    const runs = Array.from({ length: 30 }, (_, i) => makeRun({ id: i.toString(16).padStart(32, '0'), name: `r${i}` }));
    const many = new Map<RunId, MetricColumns>(runs.map((r) => [r.runId, history(Array.from({ length: 5_000 }, (_, k) => Math.sin(k))) ]));
    expect(curveFigure({ runs, histories: many, metric: 'loss', xAxis: 'step', smoothing: 0, buckets: 800, groupBy: null }).data[0]?.type).toBe('scattergl');
    expect(curveFigure({ runs, histories: many, metric: 'loss', xAxis: 'step', smoothing: 0, buckets: 64, groupBy: null }).data[0]?.type).toBe('scatter');
  });

  it('should draw non-finite values as gaps', () => {
    const gaps = new Map<RunId, MetricColumns>([[runA.runId, history([1, NaN, Infinity, 2])]]);
    const figure = curveFigure({ runs: [runA], histories: gaps, metric: 'loss', xAxis: 'step', smoothing: 0, buckets: 100, groupBy: null });
    expect(figure.data[0]?.y).toEqual([1, null, null, 2]);
  });
});

describe('hyperparameter charts', () => {
  const runs = [
    { ...runA, metrics: { acc: { key: 'acc', latest: { value: 0.9, step: 0, timestamp: 0 }, min: 0.9, max: 0.9, count: 1 } } },
    { ...runB, metrics: { acc: { key: 'acc', latest: { value: 0.8, step: 0, timestamp: 0 }, min: 0.8, max: 0.8, count: 1 } } },
    { ...runC, metrics: { acc: { key: 'acc', latest: { value: 0.7, step: 0, timestamp: 0 }, min: 0.7, max: 0.7, count: 1 } } },
  ];

  it('should build parallel coordinates from the varying params and a metric, coloured by the metric', () => {
    const columns = chartDefaults(runs).parallel;
    expect(columns).toEqual([
      { kind: 'param', key: 'batch' },
      { kind: 'param', key: 'lr' },
      { kind: 'metric', key: 'acc' },
    ]);
    const [trace] = parallelFigure(runs, columns).data;
    expect(trace?.type).toBe('parcoords');
    expect((trace?.line as { color: number[] }).color).toEqual([0.9, 0.8, 0.7]);
    expect(parallelFigure(runs, columns.slice(0, 1)).data).toEqual([]);
  });

  it('should draw every run in parallel coordinates, a missing value on a "(missing)" tick, with room for the axis titles', () => {
    // runC has no "seed": Plotly would drop its whole line for that NaN.
    const seeded = [{ ...runs[0], params: { ...runs[0]!.params, seed: '1' } }, { ...runs[1], params: { ...runs[1]!.params, seed: '2' } }, runs[2]] as typeof runs;
    const { data, layout } = parallelFigure(seeded, [{ kind: 'param', key: 'seed' }, { kind: 'param', key: 'lr' }, { kind: 'metric', key: 'acc' }]);
    const dims = data[0]?.dimensions as Array<{ values: number[]; ticktext?: string[] }>;
    for (const dim of dims) expect(dim.values.every(Number.isFinite)).toBe(true);
    expect(dims[0]?.ticktext?.[0]).toBe('(missing)');
    expect((layout.margin as { t: number }).t).toBeGreaterThanOrEqual(40);
  });

  it('should put a param spread over decades (a searched learning rate) on a log axis', () => {
    const { layout } = scatterFigure(runs, { x: { kind: 'param', key: 'lr' }, y: { kind: 'metric', key: 'acc' } });
    expect(layout.xaxis).toMatchObject({ type: 'log' });
    expect(layout.yaxis).not.toHaveProperty('type');
  });

  it('should put box groups on a category axis, "(none)" last', () => {
    const box = boxFigure([...runs, { ...runC, params: {} }], { param: 'batch', metric: 'acc' });
    expect(box.data.map((t) => t.name)).toEqual(['32', '64']);
    const some = boxFigure([...runs, { ...runs[2]!, runId: 'd'.repeat(32) as typeof runC.runId, params: {} }], { param: 'batch', metric: 'acc' });
    expect(some.data.map((t) => [t.name, t.x])).toEqual([
      ['32', ['32', '32']],
      ['64', ['64']],
      ['(none)', ['(none)']],
    ]);
    expect(some.layout.xaxis).toMatchObject({ type: 'category', categoryarray: ['32', '64', '(none)'] });
  });

  it('should escape run names in scatter hover text and keep run ids to open on click', () => {
    const { data } = scatterFigure(runs, { x: { kind: 'param', key: 'lr' }, y: { kind: 'metric', key: 'acc' } });
    expect(data[0]).toMatchObject({ x: [0.1, 0.01, 0.001], y: [0.9, 0.8, 0.7], customdata: [runA.runId, runB.runId, runC.runId] });
    expect((data[0]?.text as string[])[0]).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('should escape text values on a scatter axis: Plotly reads category labels as HTML', () => {
    const texts = [
      { ...runs[0], params: { kind: '<b>bold</b><a href="https://example.com">link</a>' } },
      { ...runs[1], params: { kind: '"><svg onload=alert(1)>' } },
      { ...runs[2], params: { kind: 'a & b' } },
    ] as typeof runs;
    const { data } = scatterFigure(texts, { x: { kind: 'param', key: 'kind' }, y: { kind: 'metric', key: 'acc' } });
    expect(data[0]?.x).toEqual(['&lt;b&gt;bold&lt;/b&gt;&lt;a href="https://example.com"&gt;link&lt;/a&gt;', '"&gt;&lt;svg onload=alert(1)&gt;', 'a &amp; b']);
    expect(data[0]?.y).toEqual([0.9, 0.8, 0.7]);
    const swapped = scatterFigure(texts, { x: { kind: 'metric', key: 'acc' }, y: { kind: 'param', key: 'kind' } });
    expect(swapped.data[0]?.y).toEqual(data[0]?.x);
  });

  it('should explain why there is no contour, and box a metric by a param', () => {
    const contour = contourFigure(runs, { x: { kind: 'param', key: 'lr' }, y: { kind: 'param', key: 'lr' }, z: { kind: 'metric', key: 'acc' } });
    expect(contour.data).toHaveLength(1);
    const none = contourFigure(runs.slice(0, 1), { x: { kind: 'param', key: 'lr' }, y: { kind: 'param', key: 'batch' }, z: { kind: 'metric', key: 'acc' } });
    expect(none.reason).toMatch(/params\.lr|distinct/);
    const box = boxFigure(runs, { param: 'batch', metric: 'acc' });
    expect(box.data.map((t) => [t.name, t.x, t.y])).toEqual([
      ['32', ['32', '32'], [0.9, 0.7]],
      ['64', ['64'], [0.8]],
    ]);
  });

  it('should offer params, metrics and user tags (not mlflow.* ones) as chart columns', () => {
    expect(chartColumns(runs).map(columnOption)).toEqual(['param:batch', 'param:lr', 'metric:acc', 'tag:team']);
  });
});

describe('small helpers', () => {
  it.each([
    ['param:lr', { kind: 'param', key: 'lr' }],
    ['tag:a:b', { kind: 'tag', key: 'a:b' }],
    ['metric:', { kind: 'metric', key: '' }],
    ['bogus:lr', null],
    ['nocolon', null],
    ['', null],
  ])('should parse the option %j', (value, expected) => {
    expect(parseColumnOption(value)).toEqual(expected);
  });

  it.each([
    [null, 'loss', '—'],
    ['adam', 'optimizer', 'adam'],
    [0.123456789, 'loss', '0.12346'],
    [1e-7, 'loss', '1.000e-7'],
    [NaN, 'loss', 'NaN'],
    [90_500, 'duration', '1 min 31 s'],
    [1500, 'duration', '1.5 s'],
  ] as const)('should format %j in row %s as %s', (value, key, text) => {
    expect(formatCompareValue(value, key)).toBe(text);
  });

  it('should give distinct colours beyond the palette and translucent versions of both kinds', () => {
    const colors = new Set(Array.from({ length: 100 }, (_, i) => runColor(i)));
    expect(colors.size).toBe(100);
    expect(translucent('#1f77b4', 0.2)).toBe('rgba(31, 119, 180, 0.2)');
    expect(translucent('hsl(10, 65%, 45%)', 0.2)).toBe('hsla(10, 65%, 45%, 0.2)');
  });
});

describe('bucketsPerSeries', () => {
  it.each([
    [800, 1, false, 800],
    [800, 4, false, 800],
    [800, 10, false, 160],
    [800, 100, false, 64],
    [800, 100, true, 800],
    [50, 1, false, 100],
  ])('should give %i px and %i series (grouped %s) %i buckets each', (width, series, grouped, buckets) => {
    expect(bucketsPerSeries(width, series, grouped)).toBe(buckets);
  });
});
