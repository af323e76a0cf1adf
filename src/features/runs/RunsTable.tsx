/**
 * The runs table, virtualised both ways: only the rows and the columns in view (plus a few beyond)
 * are in the DOM, so 10,000 runs × hundreds of keys stay fast. The select box and the run name are
 * pinned on the left; every other column has a known width (the whole header by default, or what
 * the user dragged or fitted; full text in the cell's tooltip). Rows are memoised: scrolling
 * renders only the rows that come into view.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ExperimentId, RunId } from '../../domain/ids';
import type { Run } from '../../domain/tracking/types';
import { routes } from '../../shared/routes';
import { LOCAL_BADGE, type SyncBadgeModel } from '../sync/syncViewModel';
import { SyncBadge } from '../sync/SyncBadge';
import { ColumnHeader } from './ColumnHeader';
import { PINNED_COLUMN } from './columnPrefs';
import { cellText, columnKey, formatTimeShort, sameColumn, type ColumnId, type RunRowModel, type SortState } from './runsTableModel';
import { columnWidth, fitColumnWidth, SELECT_WIDTH } from './runsTableLayout';
import type { SelectableRun, Selection } from './runSelection';
import './runsTable.css';
import { useTextMeasure } from './useTextMeasure';

const ROW_HEIGHT = 32;
/** The expand button's width; rows without children are indented by as much, so names line up. */
const EXPAND_WIDTH = 18;

interface Props {
  experimentId: ExperimentId;
  rows: RunRowModel[];
  /** The visible columns, run name included (it is pinned wherever it is in the list). */
  columns: ColumnId[];
  /** The main metric's key: its header says so. */
  mainMetric: string | null;
  /** Widths the user set, by column key. */
  widths: ReadonlyMap<string, number>;
  onResize: (key: string, width: number) => void;
  sort: SortState;
  onSort: (column: ColumnId) => void;
  expanded: ReadonlySet<RunId>;
  onToggleExpand: (runId: RunId) => void;
  selection: Selection;
  onToggleSelect: (run: SelectableRun) => void;
  /** Selects (or deselects) the rows on screen, i.e. those the filter matched. */
  onSelectAll: (select: boolean) => void;
  now: number;
  /** Each run's sync state with the tracking servers; null (no badges) while no server is connected. */
  syncBadges?: ReadonlyMap<RunId, SyncBadgeModel> | null;
}

export function RunsTable(props: Props) {
  const { rows, columns, sort, now, selection, experimentId, onToggleExpand, onToggleSelect, widths, onResize } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const measure = useTextMeasure();
  // What "today" is for the short start times: when the table opened.
  const [today] = useState(() => Date.now());
  const [tableWidth, setTableWidth] = useState(0);
  // A column being dragged shows its live width; the prefs (and storage) change when the drag ends.
  const [dragging, setDragging] = useState<{ key: string; width: number } | null>(null);
  useLayoutEffect(() => {
    const element = scrollRef.current;
    if (!element) return;
    setTableWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setTableWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const widthOf = useCallback(
    (column: ColumnId | undefined): number => {
      if (column && dragging && dragging.key === columnKey(column)) return dragging.width;
      return columnWidth(column, { widths, tableWidth, measure });
    },
    [widths, tableWidth, measure, dragging],
  );
  const nameWidth = widthOf(PINNED_COLUMN);
  const pinnedWidth = SELECT_WIDTH + nameWidth;
  const scrolling = useMemo(() => columns.filter((c) => !sameColumn(c, PINNED_COLUMN)), [columns]);
  const columnItemKey = useCallback((index: number) => {
    const column = scrolling[index];
    return column ? columnKey(column) : index;
  }, [scrolling]);
  // TanStack Virtual returns unstable functions; fine here, as this app doesn't use the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const rowVirtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const columnVirtualizer = useVirtualizer({
    horizontal: true,
    count: scrolling.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => widthOf(scrolling[index]),
    getItemKey: columnItemKey,
    paddingStart: pinnedWidth,
    overscan: 4,
  });
  // Widths are estimates to the virtualizer: a new width (drag, fit, a narrower window) re-measures.
  useLayoutEffect(() => columnVirtualizer.measure(), [columnVirtualizer, widthOf, pinnedWidth]);

  const items = rowVirtualizer.getVirtualItems();

  // The columns in view change far less often than the scroll position: keep the slice (and so the
  // rows' props) stable until the range itself moves.
  const columnItems = columnVirtualizer.getVirtualItems();
  const first = columnItems[0]?.index ?? 0;
  const last = columnItems[columnItems.length - 1]?.index ?? -1;
  const slice = useMemo(() => {
    let before = 0;
    for (let i = 0; i < first; i++) before += widthOf(scrolling[i]);
    const shown = scrolling.slice(first, last + 1);
    return { columns: shown, widths: shown.map(widthOf), before };
  }, [scrolling, first, last, widthOf]);
  const width = columnVirtualizer.getTotalSize();

  const onHeaderResize = useCallback(
    (column: ColumnId, next: number, final: boolean) => {
      if (final) {
        setDragging(null);
        onResize(columnKey(column), next);
      } else setDragging({ key: columnKey(column), width: next });
    },
    [onResize],
  );
  const onFit = useCallback(
    (column: ColumnId) => {
      const texts = items.flatMap((item) => {
        const row = rows[item.index];
        return row ? [cellText(row.run, column, now)] : [];
      });
      onResize(columnKey(column), fitColumnWidth(column, texts, measure));
    },
    [items, rows, now, measure, onResize],
  );

  const showsDuration = useMemo(() => slice.columns.some((c) => c.kind === 'attribute' && c.key === 'duration'), [slice.columns]);
  const visibleSelected = useMemo(() => {
    let count = 0;
    for (const row of rows) if (selection.has(row.run.runId)) count++;
    return count;
  }, [rows, selection]);
  const allSelected = rows.length > 0 && visibleSelected === rows.length;
  const header = (column: ColumnId, columnWidthPx: number, className: string) => (
    <ColumnHeader
      key={columnKey(column)}
      column={column}
      width={columnWidthPx}
      sort={sort}
      onSort={props.onSort}
      className={className}
      main={column.kind === 'metric' && column.key === props.mainMetric}
      onResize={onHeaderResize}
      onFit={onFit}
    />
  );

  return (
    <div className="runs-table-scroll" ref={scrollRef} data-testid="run-table">
      <table className="runs-grid" role="grid" aria-rowcount={rows.length + 1} aria-colcount={scrolling.length + 2} style={{ width }}>
        <thead role="rowgroup">
          <tr role="row" aria-rowindex={1} style={{ width }}>
            <th role="columnheader" className="col-select pinned" style={{ width: SELECT_WIDTH }}>
              <input
                type="checkbox"
                aria-label="Select all runs shown"
                data-testid="run-table.select-all"
                checked={allSelected}
                ref={(box) => {
                  if (box) box.indeterminate = visibleSelected > 0 && !allSelected;
                }}
                onChange={(e) => props.onSelectAll(e.target.checked)}
              />
            </th>
            {header(PINNED_COLUMN, nameWidth, 'col-name pinned')}
            {slice.before > 0 && <th aria-hidden="true" className="col-spacer" style={{ width: slice.before }} />}
            {slice.columns.map((column, i) => header(column, slice.widths[i] ?? 0, `col-${column.kind}`))}
          </tr>
        </thead>
        <tbody role="rowgroup" style={{ height: rowVirtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const { run } = row;
            return (
              <RunRow
                key={run.runId}
                run={run}
                index={item.index}
                top={item.start}
                width={width}
                depth={row.depth}
                childCount={row.childCount}
                experimentId={experimentId}
                nameWidth={nameWidth}
                today={today}
                columns={slice.columns}
                widths={slice.widths}
                before={slice.before}
                expanded={props.expanded.has(run.runId)}
                selected={selection.has(run.runId)}
                now={showsDuration && run.endTime === null ? now : 0}
                onToggleExpand={onToggleExpand}
                onToggleSelect={onToggleSelect}
                sync={props.syncBadges ? (props.syncBadges.get(run.runId) ?? LOCAL_BADGE) : null}
              />
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

interface RowProps {
  run: Run;
  index: number;
  /** The row's offset in the body and the table's width (rows are absolutely placed). */
  top: number;
  width: number;
  depth: number;
  childCount: number;
  experimentId: ExperimentId;
  nameWidth: number;
  /** The reference for short start times. */
  today: number;
  columns: ColumnId[];
  /** The width of each column, in the same order. */
  widths: number[];
  before: number;
  expanded: boolean;
  selected: boolean;
  /** Only for a running run while the duration column is in view; 0 otherwise, so other rows never re-render on the clock. */
  now: number;
  onToggleExpand: (runId: RunId) => void;
  onToggleSelect: (run: SelectableRun) => void;
  sync: SyncBadgeModel | null;
}

const RunRow = memo(function RunRow(props: RowProps) {
  const { run, depth, childCount, columns, expanded, now } = props;
  return (
    <tr
      role="row"
      aria-rowindex={props.index + 2}
      aria-selected={props.selected}
      data-testid="run-table.row"
      data-run-id={run.runId}
      style={{ transform: `translateY(${props.top}px)`, width: props.width, height: ROW_HEIGHT }}
    >
      <td role="gridcell" className="col-select pinned" style={{ width: SELECT_WIDTH }}>
        <input
          type="checkbox"
          aria-label={`Select run ${run.runName}`}
          checked={props.selected}
          onChange={() => props.onToggleSelect({ runId: run.runId, experimentId: run.experimentId })}
        />
      </td>
      <td
        role="gridcell"
        className={props.sync ? `col-name pinned has-sync sync-${props.sync.state}` : 'col-name pinned'}
        style={{ width: props.nameWidth, paddingLeft: 8 + depth * 18 + (childCount > 0 ? 0 : EXPAND_WIDTH) }}
        title={run.runName}
      >
        {childCount > 0 && (
          <button
            type="button"
            className="expand"
            aria-expanded={expanded}
            aria-label={`${expanded ? 'Collapse' : 'Expand'} ${childCount} child runs`}
            onClick={() => props.onToggleExpand(run.runId)}
          >
            {expanded ? '▾' : '▸'}
          </button>
        )}
        <a href={routes.run({ experimentId: props.experimentId, runId: run.runId })}>{run.runName}</a>
        {childCount > 0 && ` (${childCount})`}
        {props.sync && <SyncBadge badge={props.sync} />}
      </td>
      {props.before > 0 && <td aria-hidden="true" className="col-spacer" style={{ width: props.before }} />}
      {columns.map((column, i) => {
        const width = props.widths[i] ?? 0;
        const text = cellText(run, column, now);
        if (column.kind === 'attribute' && column.key === 'status') {
          return (
            <td
              role="gridcell"
              key="attribute:status"
              className={`col-attribute status status-${run.status.toLowerCase()}`}
              style={{ width }}
            >
              {text}
            </td>
          );
        }
        // The start time shows short; its tooltip has the full date and time.
        const shown = column.kind === 'attribute' && column.key === 'start_time' ? formatTimeShort(run.startTime, props.today) : text;
        return (
          <td role="gridcell" key={columnKey(column)} className={`col-${column.kind}`} style={{ width }} title={text}>
            {shown}
          </td>
        );
      })}
    </tr>
  );
});
