/**
 * Layout of the virtualised runs table: column widths (virtualising columns needs them up front),
 * wide enough by default for the whole header, widened or fitted by the user, and header tooltips.
 * Text is measured by a function the caller passes (a canvas in the page, an estimate in tests).
 */
import type { ColumnId } from './runsTableModel';
import { columnKey, columnLabel } from './runsTableModel';

export const SELECT_WIDTH = 36;
/** The run name's width on a wide screen; narrower tables give it less, down to MIN_NAME_WIDTH. */
export const NAME_WIDTH = 240;
export const MIN_NAME_WIDTH = 140;
export const MIN_COLUMN_WIDTH = 60;
export const MAX_COLUMN_WIDTH = 800;
/** A default width never exceeds this; a longer header is cut, with the full key on hover. */
export const MAX_DEFAULT_WIDTH = 300;
/** One arrow-key press on a resize handle. */
export const RESIZE_STEP = 16;

/** Cell padding (8 + 8), and in headers also room for the sort arrow and the resize handle. */
const CELL_PADDING = 18;
const HEADER_PADDING = CELL_PADDING + 22;

/** Width in px of `text` in a header (bold) or a cell. */
export type Measure = (text: string, style: 'header' | 'cell') => number;

/** A rough measure (about the width of the app's sans-serif at 14 px), for tests and before fonts load. */
export const estimateText: Measure = (text, style) => Math.ceil(text.length * (style === 'header' ? 8.2 : 7.6));

const ATTRIBUTE_WIDTHS: Readonly<Record<string, number>> = {
  run_name: NAME_WIDTH,
  status: 96,
  start_time: 132,
  end_time: 178,
  duration: 96,
  user_id: 120,
  run_id: 270,
};

const BASE_WIDTHS = { param: 96, metric: 104, tag: 120 } as const;

export function clampWidth(width: number): number {
  if (!Number.isFinite(width)) return MIN_COLUMN_WIDTH;
  return Math.round(Math.min(MAX_COLUMN_WIDTH, Math.max(MIN_COLUMN_WIDTH, width)));
}

/** The pinned run name: NAME_WIDTH on a wide table, about a fifth of a narrow one (never below MIN_NAME_WIDTH). */
export function defaultNameWidth(tableWidth: number): number {
  if (!Number.isFinite(tableWidth) || tableWidth <= 0) return NAME_WIDTH;
  return Math.round(Math.min(NAME_WIDTH, Math.max(MIN_NAME_WIDTH, tableWidth * 0.22)));
}

/** Wide enough for the whole header (the kind sits on its own small line above the key), up to MAX_DEFAULT_WIDTH. */
export function defaultColumnWidth(column: ColumnId, measure: Measure = estimateText): number {
  if (column.kind === 'attribute') return ATTRIBUTE_WIDTHS[column.key] ?? 120;
  const header = measure(columnLabel(column), 'header') + HEADER_PADDING;
  return Math.round(Math.min(MAX_DEFAULT_WIDTH, Math.max(BASE_WIDTHS[column.kind], header)));
}

export interface WidthOptions {
  /** Widths the user set, by column key. */
  widths: ReadonlyMap<string, number>;
  /** The table's visible width, for the run name's default. */
  tableWidth: number;
  measure?: Measure;
}

/** A column's width: the user's, else the default. */
export function columnWidth(column: ColumnId | undefined, options: WidthOptions): number {
  if (!column) return 0;
  const chosen = options.widths.get(columnKey(column));
  if (chosen !== undefined) return clampWidth(chosen);
  if (column.kind === 'attribute' && column.key === 'run_name') return defaultNameWidth(options.tableWidth);
  return defaultColumnWidth(column, options.measure);
}

/** "Fit to content" (double-click on the handle): the widest of the header and the cells given. */
export function fitColumnWidth(column: ColumnId, cellTexts: readonly string[], measure: Measure = estimateText): number {
  let widest = measure(columnLabel(column), 'header') + HEADER_PADDING;
  for (const text of cellTexts) widest = Math.max(widest, measure(text, 'cell') + CELL_PADDING);
  return clampWidth(widest);
}

/** The width after a key press on a resize handle, or null for a key the handle ignores. */
export function resizeByKey(width: number, key: string): number | null {
  if (key === 'ArrowLeft') return clampWidth(width - RESIZE_STEP);
  if (key === 'ArrowRight') return clampWidth(width + RESIZE_STEP);
  if (key === 'Home') return MIN_COLUMN_WIDTH;
  return null;
}

/** The full name in MLflow's search syntax, e.g. "metrics.loss (min)", for a header whose text is cut off. */
export function headerTitle(column: ColumnId): string {
  if (column.kind === 'attribute') return columnLabel(column);
  const prefix = { param: 'params', metric: 'metrics', tag: 'tags' }[column.kind];
  const summary = column.kind === 'metric' && column.summary && column.summary !== 'latest' ? ` (${column.summary})` : '';
  return `${prefix}.${column.key}${summary}`;
}
