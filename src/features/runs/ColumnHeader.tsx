/**
 * One header of the runs table: the sort button (full key on hover; the kind on a small line above
 * the key, so the key gets the width) and a resize handle on its right edge: drag it, double-click
 * it to fit the column to its content, or focus it and use ←/→ (Enter fits, Home narrows).
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { columnKey, columnLabel, sameColumn, type ColumnId, type SortState } from './runsTableModel';
import { clampWidth, headerTitle, MAX_COLUMN_WIDTH, MIN_COLUMN_WIDTH, resizeByKey } from './runsTableLayout';

interface Props {
  column: ColumnId;
  width: number;
  sort: SortState;
  onSort: (column: ColumnId) => void;
  className: string;
  main: boolean;
  /** A new width while dragging (`final` false) and when it is settled (`final` true). */
  onResize: (column: ColumnId, width: number, final: boolean) => void;
  /** Fits the column to its header and the cells in view. */
  onFit: (column: ColumnId) => void;
}

export function ColumnHeader(props: Props) {
  const { column, sort, width, main } = props;
  const active = sameColumn(column, sort.column);
  const drag = useRef<{ x: number; width: number; last: number } | null>(null);
  const label = columnLabel(column);
  const kind = column.kind === 'attribute' ? null : main ? 'main metric' : column.kind;

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width, last: width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    const next = clampWidth(start.width + e.clientX - start.x);
    if (next === start.last) return;
    start.last = next;
    props.onResize(column, next, false);
  };
  const onPointerUp = () => {
    const start = drag.current;
    drag.current = null;
    if (start && start.last !== start.width) props.onResize(column, start.last, true);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      props.onFit(column);
      return;
    }
    const next = resizeByKey(width, e.key);
    if (next === null) return;
    e.preventDefault();
    props.onResize(column, next, true);
  };

  return (
    <th
      role="columnheader"
      className={`${props.className}${main ? ' col-main' : ''}`}
      style={{ width }}
      aria-sort={active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" onClick={() => props.onSort(column)} data-testid={`run-table.sort.${columnKey(column)}`} title={headerTitle(column)}>
        {kind && <span className="col-kind">{kind} </span>}
        <span className="col-label">
          {label}
          {active ? (sort.direction === 'ASC' ? ' ▲' : ' ▼') : ''}
        </span>
      </button>
      <div
        className="col-resize"
        role="separator"
        aria-orientation="vertical"
        aria-label={`Resize column ${headerTitle(column)}`}
        aria-valuenow={width}
        aria-valuemin={MIN_COLUMN_WIDTH}
        aria-valuemax={MAX_COLUMN_WIDTH}
        tabIndex={0}
        title="Drag to resize, double-click to fit"
        data-testid={`run-table.resize.${columnKey(column)}`}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onDoubleClick={() => props.onFit(column)}
        onKeyDown={onKeyDown}
      />
    </th>
  );
}
