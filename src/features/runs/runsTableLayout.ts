/** Layout of the virtualised runs table: fixed column widths (virtualising columns needs them up front) and header tooltips. */
import type { ColumnId } from './runsTableModel';
import { columnLabel } from './runsTableModel';

export const SELECT_WIDTH = 36;
export const NAME_WIDTH = 260;
/** The select box and the run name stay on the left while the other columns scroll. */
export const PINNED_WIDTH = SELECT_WIDTH + NAME_WIDTH;

const ATTRIBUTE_WIDTHS: Readonly<Record<string, number>> = {
  run_name: NAME_WIDTH,
  status: 100,
  start_time: 190,
  end_time: 190,
  duration: 104,
  user_id: 120,
  run_id: 250,
};

export function columnWidth(column: ColumnId | undefined): number {
  if (!column) return 0;
  switch (column.kind) {
    case 'attribute':
      return ATTRIBUTE_WIDTHS[column.key] ?? 120;
    case 'param':
      return 140;
    case 'metric':
      return column.summary && column.summary !== 'latest' ? 150 : 130;
    case 'tag':
      return 160;
  }
}

/** The full name in MLflow's search syntax, e.g. "metrics.loss (min)", for a header whose text is cut off. */
export function headerTitle(column: ColumnId): string {
  if (column.kind === 'attribute') return columnLabel(column);
  const prefix = { param: 'params', metric: 'metrics', tag: 'tags' }[column.kind];
  const summary = column.kind === 'metric' && column.summary && column.summary !== 'latest' ? ` (${column.summary})` : '';
  return `${prefix}.${column.key}${summary}`;
}

