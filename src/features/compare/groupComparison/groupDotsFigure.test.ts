import { describe, expect, it } from 'vitest';
import type { Run } from '../../../domain/tracking/types';
import { makeRun } from '../../../test/makeRun';
import { dotOffset, groupDotsFigure } from './groupDotsFigure';
import { buildGroupModel } from './groupModel';

function run(id: string, lr: string, value: number, name = id): Run {
  return makeRun({ id, name, params: { lr, seed: id }, metrics: { test_rmse: value } });
}

describe('groupDotsFigure', () => {
  it('should draw every run as a dot and each group mean with its 95% interval as an error bar', () => {
    const model = buildGroupModel({
      runs: [run('1', '0.1', 0.6), run('2', '0.1', 0.7), run('3', '0.1', 0.65), run('4', '0.01', 0.5)],
      metric: 'test_rmse',
      mode: { kind: 'seed' },
    });
    const { data, layout } = groupDotsFigure(model, (label) => (label === 'lr=0.1' ? '#111111' : '#222222'));
    const [dots, mean, single, more] = data;
    expect(dots?.y).toEqual([0.6, 0.7, 0.65]);
    expect(dots?.customdata).toEqual(['1', '2', '3']);
    expect((dots?.marker as { color: string }).color).toBe('#111111');
    expect((mean?.y as number[])[0]).toBeCloseTo(0.65, 12);
    const error = mean?.error_y as { array: number[]; arrayminus: number[] };
    const ci = model.groups[0]?.stats.ci95 ?? [0, 0];
    expect(error.array[0]).toBeCloseTo(ci[1] - 0.65, 9);
    expect(error.arrayminus[0]).toBeCloseTo(0.65 - ci[0], 9);
    // One run: its dot only (no mean beside it, no interval to draw).
    expect(single?.y).toEqual([0.5]);
    expect(more).toBeUndefined();
    expect(data).toHaveLength(3);
    expect((layout.xaxis as { ticktext: string[] }).ticktext).toEqual(['lr=0.1', 'lr=0.01']);
    expect(JSON.stringify(data)).not.toMatch(/NaN|undefined|null/);
  });

  it('should escape run names and labels for Plotly', () => {
    const model = buildGroupModel({ runs: [run('1', '<b>', 1, '<img src=x>'), run('2', 'x', 2)], metric: 'test_rmse', mode: { kind: 'seed' } });
    const { data, layout } = groupDotsFigure(model, () => '#000000');
    expect(data[0]?.text).toEqual(['&lt;img src=x&gt;']);
    expect((layout.xaxis as { ticktext: string[] }).ticktext[0]).toBe('lr=&lt;b&gt;');
  });

  it('should spread the dots of a group evenly around their column and centre a lone dot', () => {
    expect(dotOffset(0, 1)).toBeCloseTo(-0.1, 12);
    expect(dotOffset(0, 3)).toBeCloseTo(-0.22, 12);
    expect(dotOffset(2, 3)).toBeCloseTo(0.02, 12);
  });

  it('should count a seed run twice (a run and its Verify re-run) once in n, with no mean or interval beside its dots', () => {
    const twice = (id: string, value: number) => makeRun({ id, params: { lr: '0.1', seed: '7' }, metrics: { test_rmse: value } });
    const model = buildGroupModel({ runs: [twice('a', 0.6), twice('b', 0.6)], metric: 'test_rmse', mode: { kind: 'seed' } });
    const { data } = groupDotsFigure(model, () => '#111111');
    expect(data).toHaveLength(1);
    expect(data[0]?.name).toBe('all runs (n = 1)');
    expect(data[0]?.y).toEqual([0.6, 0.6]);
  });
});
