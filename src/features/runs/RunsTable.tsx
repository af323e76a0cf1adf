import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { ExperimentId, RunId } from '../../domain/ids';
import { routes } from '../../app/routes';
import {
  ATTRIBUTE_COLUMNS,
  cellText,
  columnKey,
  columnLabel,
  sameColumn,
  type ColumnId,
  type RunRowModel,
  type SortState,
} from './runs.common';

const ROW_HEIGHT = 32;

interface Props {
  experimentId: ExperimentId;
  rows: RunRowModel[];
  columns: ColumnId[];
  sort: SortState;
  onSort: (column: ColumnId) => void;
  expanded: ReadonlySet<RunId>;
  onToggleExpand: (runId: RunId) => void;
  selected: ReadonlySet<RunId>;
  onToggleSelect: (runId: RunId) => void;
  onSelectAll: (select: boolean) => void;
  now: number;
}

/** A virtualised table: only the visible rows are in the DOM, so 10,000 runs stay fast. */
export function RunsTable(props: Props) {
  const { rows, columns, sort, now, selected } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  // TanStack Virtual returns unstable functions; fine here, as this app doesn't use the React Compiler.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const allColumns = [...ATTRIBUTE_COLUMNS, ...columns];
  const items = virtualizer.getVirtualItems();
  const padTop = items[0]?.start ?? 0;
  const padBottom = virtualizer.getTotalSize() - (items[items.length - 1]?.end ?? 0);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.run.runId));

  return (
    <div className="runs-table-scroll" ref={scrollRef} data-testid="run-table">
      <table className="runs-table">
        <thead>
          <tr>
            <th className="col-select">
              <input
                type="checkbox"
                aria-label="Select all runs"
                checked={allSelected}
                onChange={(e) => props.onSelectAll(e.target.checked)}
              />
            </th>
            {allColumns.map((column) => {
              const active = sameColumn(column, sort.column);
              return (
                <th
                  key={columnKey(column)}
                  className={`col-${column.kind}`}
                  aria-sort={active ? (sort.direction === 'ASC' ? 'ascending' : 'descending') : 'none'}
                >
                  <button type="button" onClick={() => props.onSort(column)} data-testid={`run-table.sort.${columnKey(column)}`}>
                    {column.kind !== 'attribute' && <span className="col-kind">{column.kind === 'param' ? 'param' : 'metric'} </span>}
                    {columnLabel(column)}
                    {active ? (sort.direction === 'ASC' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {padTop > 0 && (
            <tr aria-hidden="true" style={{ height: padTop }}>
              <td colSpan={allColumns.length + 1} />
            </tr>
          )}
          {items.map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const { run, depth, childCount } = row;
            return (
              <tr key={run.runId} data-testid="run-table.row" data-run-id={run.runId} style={{ height: ROW_HEIGHT }}>
                <td className="col-select">
                  <input
                    type="checkbox"
                    aria-label={`Select run ${run.runName}`}
                    checked={selected.has(run.runId)}
                    onChange={() => props.onToggleSelect(run.runId)}
                  />
                </td>
                {allColumns.map((column) => {
                  const text = cellText(run, column, now);
                  if (column.kind === 'attribute' && column.key === 'run_name') {
                    return (
                      <td key="run_name" className="col-name" style={{ paddingLeft: 8 + depth * 18 }}>
                        {childCount > 0 ? (
                          <button
                            type="button"
                            className="expand"
                            aria-expanded={props.expanded.has(run.runId)}
                            aria-label={`${props.expanded.has(run.runId) ? 'Collapse' : 'Expand'} ${childCount} child runs`}
                            onClick={() => props.onToggleExpand(run.runId)}
                          >
                            {props.expanded.has(run.runId) ? '▾' : '▸'}
                          </button>
                        ) : (
                          <span className="expand-spacer" />
                        )}
                        <a href={routes.run({ experimentId: props.experimentId, runId: run.runId })}>{text}</a>
                        {childCount > 0 && <span className="child-count"> ({childCount})</span>}
                      </td>
                    );
                  }
                  if (column.kind === 'attribute' && column.key === 'status') {
                    return (
                      <td key="status">
                        <span className={`status status-${run.status.toLowerCase()}`}>{text}</span>
                      </td>
                    );
                  }
                  return (
                    <td key={columnKey(column)} className={`col-${column.kind}`} title={text}>
                      {text}
                    </td>
                  );
                })}
              </tr>
            );
          })}
          {padBottom > 0 && (
            <tr aria-hidden="true" style={{ height: padBottom }}>
              <td colSpan={allColumns.length + 1} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
