import { describe, expect, it } from 'vitest';
import type { RunId } from '../../domain/ids';
import type { MetricColumns } from '../../domain/tracking/types';
import { makeRun } from '../../test/makeRun';
import { barFigure } from './metricBarFigure';
import { curveFigure } from './metricCurveFigure';
import { groupColors, runColor } from './runColors';

function history(values: number[]): MetricColumns {
  return { steps: values.map((_, i) => i), values, timestamps: values.map((_, i) => 1_000 + i) };
}

const runs = [
  makeRun({ id: 'a'.repeat(32), params: { batch: '32' } }),
  makeRun({ id: 'b'.repeat(32), params: { batch: '32' } }),
  makeRun({ id: 'c'.repeat(32), params: { batch: '64' } }),
  makeRun({ id: 'd'.repeat(32), params: { batch: '128' } }),
];
const byBatch = { kind: 'param', key: 'batch' } as const;
const base = { xAxis: 'step', smoothing: 0, buckets: 100, groupBy: byBatch } as const;
const means = (data: ReturnType<typeof curveFigure>['data']) => data.filter((t) => t.hovertemplate !== undefined);

describe('curveFigure when grouping', () => {
  it('should draw a metric logged once per run as visible points, not as empty one-point lines', () => {
    const once = new Map<RunId, MetricColumns>(runs.map((r, i) => [r.runId, history([0.5 + i / 10])]));
    const figure = curveFigure({ ...base, runs, histories: once, metric: 'test_acc' });
    const lines = means(figure.data);
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.mode).toBe('lines+markers');
  });

  it('should give a group the same colour in every chart, whichever groups logged the metric', () => {
    // Only the batch-64 and batch-128 runs logged "val_loss"; batch 32 logged only "loss".
    const loss = new Map<RunId, MetricColumns>(runs.map((r) => [r.runId, history([3, 2, 1])]));
    const valLoss = new Map<RunId, MetricColumns>(runs.slice(2).map((r) => [r.runId, history([3, 2])]));
    const color = (data: ReturnType<typeof curveFigure>['data'], group: string) =>
      (means(data).find((t) => String(t.name).includes(`= ${group} `))?.line as { color: string }).color;
    const a = curveFigure({ ...base, runs, histories: loss, metric: 'loss' }).data;
    const b = curveFigure({ ...base, runs, histories: valLoss, metric: 'val_loss' }).data;
    expect(color(b, '64')).toBe(color(a, '64'));
    expect(color(b, '128')).toBe(color(a, '128'));
    // The colour is the group's place among all the runs' groups (32, 64, 128), as in the legend.
    expect(color(a, '64')).toBe(groupColors(['32', '64', '128'])('64'));
    expect(color(a, '64')).toBe(runColor(1));
  });

  it('should take the mean over the runs that reached each step, with n for the hover', () => {
    const uneven = new Map<RunId, MetricColumns>([
      [runs[0]!.runId, history([4, 2, 0])],
      [runs[1]!.runId, history([2])],
    ]);
    const [mean] = means(curveFigure({ ...base, runs: runs.slice(0, 2), histories: uneven, metric: 'loss' }).data);
    expect(mean?.y).toEqual([3, 2, 0]);
    expect(mean?.customdata).toEqual([2, 1, 1]);
    expect(String(mean?.hovertemplate)).toContain('n = %{customdata}');
  });
});

describe('curveFigure with a validation overlay', () => {
  it('should draw the validation metric dashed in the colour of its run, named after the metric', () => {
    const loss = new Map<RunId, MetricColumns>(runs.slice(0, 2).map((r) => [r.runId, history([3, 2, 1])]));
    const val = new Map<RunId, MetricColumns>(runs.slice(0, 2).map((r) => [r.runId, history([3.5, 2.5, 2])]));
    const figure = curveFigure({ ...base, groupBy: null, runs: runs.slice(0, 2), histories: loss, metric: 'loss', overlay: { metric: 'val_loss', histories: val } });
    expect(figure.data).toHaveLength(4);
    expect(figure.data.map((t) => [String(t.name).split(' · ')[1], (t.line as { dash: string }).dash, (t.line as { color: string }).color])).toEqual([
      ['loss', 'solid', runColor(0)],
      ['loss', 'solid', runColor(1)],
      ['val_loss', 'dash', runColor(0)],
      ['val_loss', 'dash', runColor(1)],
    ]);
    expect(figure.csv.map((s) => s.metric)).toEqual(['loss', 'loss', 'val_loss', 'val_loss']);
  });
});

describe('barFigure', () => {
  const scored = [
    makeRun({ id: 'a'.repeat(32), name: 'one', params: { batch: '32' }, metrics: { test_acc: 0.9, test_loss: 0.3 } }),
    makeRun({ id: 'b'.repeat(32), name: 'two', params: { batch: '32' }, metrics: { test_acc: 0.7 } }),
  ];

  it('should draw one bar per run for each metric on a category axis, in the run colours', () => {
    const figure = barFigure({ runs: scored, metrics: ['test_acc', 'test_loss'], groupBy: null });
    expect(figure.data.map((t) => [t.name, t.x, t.y, (t.marker as { color: string }).color])).toEqual([
      ['one', ['test_acc', 'test_loss'], [0.9, 0.3], runColor(0)],
      ['two', ['test_acc', 'test_loss'], [0.7, null], runColor(1)],
    ]);
    expect(figure.shown).toBe(3);
    expect((figure.layout.xaxis as { type: string }).type).toBe('category');
  });

  it('should draw a group as its mean with a min–max whisker', () => {
    const figure = barFigure({ runs: scored, metrics: ['test_acc'], groupBy: byBatch });
    expect(figure.data).toHaveLength(1);
    expect(figure.data[0]?.y).toEqual([0.8]);
    const error = figure.data[0]?.error_y as { array: number[]; arrayminus: number[] };
    expect(error.array[0]).toBeCloseTo(0.1, 12);
    expect(error.arrayminus[0]).toBeCloseTo(0.1, 12);
  });
});
