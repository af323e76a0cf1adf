import { describe, expect, it } from 'vitest';
import type { ColumnId } from './runsTableModel';
import { columnWidth, headerTitle, NAME_WIDTH, PINNED_WIDTH, SELECT_WIDTH } from './runsTableLayout';

describe('runs table layout', () => {
  it('should give every column a fixed width, wider for a metric showing a summary', () => {
    const columns: ColumnId[] = [
      { kind: 'attribute', key: 'run_name' },
      { kind: 'attribute', key: 'start_time' },
      { kind: 'param', key: 'lr' },
      { kind: 'metric', key: 'loss' },
      { kind: 'metric', key: 'loss', summary: 'min' },
      { kind: 'tag', key: 'team' },
    ];
    for (const column of columns) expect(columnWidth(column)).toBeGreaterThan(50);
    expect(columnWidth(columns[0])).toBe(NAME_WIDTH);
    expect(columnWidth(columns[4])).toBeGreaterThan(columnWidth(columns[3]));
    expect(columnWidth(undefined)).toBe(0);
    expect(PINNED_WIDTH).toBe(SELECT_WIDTH + NAME_WIDTH);
  });

  it('should title headers with the search-syntax name and the summary', () => {
    expect(headerTitle({ kind: 'metric', key: 'val/loss', summary: 'max' })).toBe('metrics.val/loss (max)');
    expect(headerTitle({ kind: 'metric', key: 'acc', summary: 'latest' })).toBe('metrics.acc');
    expect(headerTitle({ kind: 'param', key: 'lr' })).toBe('params.lr');
    expect(headerTitle({ kind: 'tag', key: 'mlflow.user' })).toBe('tags.mlflow.user');
    expect(headerTitle({ kind: 'attribute', key: 'duration' })).toBe('Duration');
  });
});
