/**
 * The column chooser: a panel listing every attribute, param, metric and tag with a checkbox, a
 * search box, "show all"/"show none" for the columns listed, and per metric the summary its column
 * shows (latest, min or max). Keys that appeared after the user chose columns are offered at the
 * top ("3 new columns") to show or keep hidden. It renders and dispatches; the column model is
 * columnPrefs.ts.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { filterCatalog, PINNED_COLUMN, type ColumnGroup } from './columnPrefs';
import { columnKey, columnLabel, METRIC_SUMMARY_CHOICES, sameColumn, type ColumnId, type MetricSummaryChoice } from './runsTableModel';

interface Props {
  groups: ColumnGroup[];
  visible: ReadonlySet<string>;
  /** New columns since the user chose: offered, not shown. */
  fresh: readonly ColumnId[];
  onSetVisible: (columns: ColumnId[], visible: boolean) => void;
  onSetSummary: (metricKey: string, summary: MetricSummaryChoice) => void;
}

export function ColumnChooser({ groups, visible, fresh, onSetVisible, onSetSummary }: Props) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const rootRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const listed = useMemo(() => filterCatalog(groups, search), [groups, search]);
  const total = groups.reduce((n, g) => n + g.columns.length, 0);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    const onPointer = (e: PointerEvent) => {
      if (rootRef.current && e.target instanceof Node && !rootRef.current.contains(e.target)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  const listedColumns = listed.flatMap((g) => g.columns);
  return (
    <div className="column-chooser-root" ref={rootRef}>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        data-testid="run-columns.toggle"
        onClick={() => setOpen((o) => !o)}
      >
        Columns ({visible.size}/{total})
        {fresh.length > 0 && (
          <span className="new-columns-badge" data-testid="run-columns.new-count">
            {' '}
            · {fresh.length} new
          </span>
        )}
      </button>
      {open && (
        <div className="column-chooser" id={panelId} role="dialog" aria-label="Choose columns" data-testid="run-columns.panel">
          <div className="column-chooser-tools">
            <input
              type="search"
              aria-label="Find a column"
              placeholder="Find a column"
              data-testid="run-columns.search"
              value={search}
              spellCheck={false}
              autoFocus
              onChange={(e) => setSearch(e.target.value)}
            />
            <button type="button" data-testid="run-columns.show-all" onClick={() => onSetVisible(listedColumns, true)}>
              Show all
            </button>
            <button type="button" data-testid="run-columns.show-none" onClick={() => onSetVisible(listedColumns, false)}>
              Show none
            </button>
          </div>
          {fresh.length > 0 && (
            <div className="column-chooser-new" data-testid="run-columns.new" role="group" aria-label="New columns">
              <p>
                <strong>
                  {fresh.length} new {fresh.length === 1 ? 'column' : 'columns'}
                </strong>{' '}
                since you chose yours: {fresh.slice(0, 4).map((c) => c.key).join(', ')}
                {fresh.length > 4 ? ', …' : ''}
              </p>
              <button type="button" data-testid="run-columns.new-show" onClick={() => onSetVisible([...fresh], true)}>
                Show them
              </button>{' '}
              <button type="button" data-testid="run-columns.new-hide" onClick={() => onSetVisible([...fresh], false)}>
                Keep hidden
              </button>
            </div>
          )}
          <div className="column-chooser-list">
            {listed.length === 0 && <p className="muted">No column matches “{search}”.</p>}
            {listed.map((group) => (
              <fieldset key={group.id} data-testid={`run-columns.group.${group.id}`}>
                <legend>
                  {group.label} <span className="muted">({group.columns.length})</span>
                </legend>
                {group.columns.map((column) => (
                  <ChooserItem
                    key={columnKey(column)}
                    column={column}
                    checked={visible.has(columnKey(column))}
                    onSetVisible={onSetVisible}
                    onSetSummary={onSetSummary}
                  />
                ))}
              </fieldset>
            ))}
          </div>
          <div className="row-actions">
            <button type="button" data-testid="run-columns.close" onClick={() => setOpen(false)}>
              Done
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

function ChooserItem(props: {
  column: ColumnId;
  checked: boolean;
  onSetVisible: (columns: ColumnId[], visible: boolean) => void;
  onSetSummary: (metricKey: string, summary: MetricSummaryChoice) => void;
}) {
  const { column, checked } = props;
  const id = useId();
  const pinned = sameColumn(column, PINNED_COLUMN);
  const name = column.kind === 'attribute' ? columnLabel(column) : column.key;
  return (
    <div className="column-chooser-item">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={pinned}
        data-testid={`run-columns.item.${columnKey(column)}`}
        onChange={(e) => props.onSetVisible([column], e.target.checked)}
      />
      <label htmlFor={id} title={name}>
        {name}
      </label>
      {column.kind === 'metric' && (
        <select
          aria-label={`Summary of ${column.key}`}
          data-testid={`run-columns.summary.${column.key}`}
          value={column.summary ?? 'latest'}
          onChange={(e) => props.onSetSummary(column.key, e.target.value as MetricSummaryChoice)}
        >
          {METRIC_SUMMARY_CHOICES.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
