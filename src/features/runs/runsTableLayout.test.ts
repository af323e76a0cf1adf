import { describe, expect, it } from 'vitest';
import type { ColumnId } from './runsTableModel';
import {
  MAX_COLUMN_WIDTH,
  MAX_DEFAULT_WIDTH,
  MIN_COLUMN_WIDTH,
  MIN_NAME_WIDTH,
  NAME_WIDTH,
  RESIZE_STEP,
  clampWidth,
  columnWidth,
  defaultColumnWidth,
  defaultNameWidth,
  estimateText,
  fitColumnWidth,
  headerTitle,
  resizeByKey,
} from './runsTableLayout';

const NO_WIDTHS = { widths: new Map<string, number>(), tableWidth: 1200 };

describe('runs table layout', () => {
  it('should give every column a width, wider for a metric showing a summary', () => {
    const columns: ColumnId[] = [
      { kind: 'attribute', key: 'run_name' },
      { kind: 'attribute', key: 'start_time' },
      { kind: 'param', key: 'lr' },
      { kind: 'metric', key: 'loss' },
      { kind: 'metric', key: 'validation_loss', summary: 'min' },
      { kind: 'tag', key: 'team' },
    ];
    for (const column of columns) expect(columnWidth(column, NO_WIDTHS)).toBeGreaterThan(50);
    expect(columnWidth(columns[0], NO_WIDTHS)).toBe(NAME_WIDTH);
    expect(columnWidth(columns[4], NO_WIDTHS)).toBeGreaterThan(columnWidth({ kind: 'metric', key: 'validation_loss' }, NO_WIDTHS));
    expect(columnWidth(undefined, NO_WIDTHS)).toBe(0);
  });

  it('should make a default header wide enough for the whole key, up to a limit', () => {
    const column: ColumnId = { kind: 'param', key: 'hidden_layers' };
    const measure = estimateText;
    // The old fixed 140 px cut this header to "hidden_l…" (with its kind on the same line).
    expect(defaultColumnWidth(column, measure)).toBeGreaterThanOrEqual(measure('hidden_layers', 'header') + 16);
    expect(defaultColumnWidth({ kind: 'param', key: 'x'.repeat(200) }, measure)).toBe(MAX_DEFAULT_WIDTH);
  });

  it("should use the user's width, clamped", () => {
    const lr: ColumnId = { kind: 'param', key: 'lr' };
    expect(columnWidth(lr, { ...NO_WIDTHS, widths: new Map([['param:lr', 333]]) })).toBe(333);
    expect(columnWidth(lr, { ...NO_WIDTHS, widths: new Map([['param:lr', 1]]) })).toBe(MIN_COLUMN_WIDTH);
    expect(clampWidth(Number.NaN)).toBe(MIN_COLUMN_WIDTH);
    expect(clampWidth(1e6)).toBe(MAX_COLUMN_WIDTH);
  });

  it('should give the run name less room on a narrow table', () => {
    expect(defaultNameWidth(1400)).toBe(NAME_WIDTH);
    expect(defaultNameWidth(500)).toBe(MIN_NAME_WIDTH);
    expect(defaultNameWidth(750)).toBeLessThan(NAME_WIDTH);
    expect(defaultNameWidth(0)).toBe(NAME_WIDTH);
  });

  it('should fit a column to the widest of its header and cells', () => {
    const column: ColumnId = { kind: 'param', key: 'lr' };
    const measure = (text: string) => text.length * 10;
    expect(fitColumnWidth(column, ['0.1', 'a much longer value here'], measure)).toBe(240 + 18);
    expect(fitColumnWidth(column, [], measure)).toBe(MIN_COLUMN_WIDTH);
    expect(fitColumnWidth(column, ['x'.repeat(500)], measure)).toBe(MAX_COLUMN_WIDTH);
  });

  it('should resize by keyboard', () => {
    expect(resizeByKey(200, 'ArrowRight')).toBe(200 + RESIZE_STEP);
    expect(resizeByKey(200, 'ArrowLeft')).toBe(200 - RESIZE_STEP);
    expect(resizeByKey(MIN_COLUMN_WIDTH, 'ArrowLeft')).toBe(MIN_COLUMN_WIDTH);
    expect(resizeByKey(200, 'Home')).toBe(MIN_COLUMN_WIDTH);
    expect(resizeByKey(200, 'a')).toBeNull();
  });

  it('should title headers with the search-syntax name and the summary', () => {
    expect(headerTitle({ kind: 'metric', key: 'val/loss', summary: 'max' })).toBe('metrics.val/loss (max)');
    expect(headerTitle({ kind: 'metric', key: 'acc', summary: 'latest' })).toBe('metrics.acc');
    expect(headerTitle({ kind: 'param', key: 'lr' })).toBe('params.lr');
    expect(headerTitle({ kind: 'tag', key: 'mlflow.user' })).toBe('tags.mlflow.user');
    expect(headerTitle({ kind: 'attribute', key: 'duration' })).toBe('Duration');
  });
});
