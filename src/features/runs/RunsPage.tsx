import { useDeferredValue, useState } from 'react';
import type { ExperimentId, RunId } from '../../domain/ids';
import type { Experiment, ViewType } from '../../domain/tracking/types';
import { useNow } from '../../shared/hooks/useNow';
import { FirstRunOffer } from '../train/components/FirstRunGuide';
import { FilterBox } from './FilterBox';
import { useRuns } from './hooks/useRuns';
import { RunsTable } from './RunsTable';
import { DEFAULT_SORT, sameColumn, type ColumnId, type SortState } from './runs.common';
import { useRunsTableModel } from './useRunsTableModel';

function toggle<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}

export function RunsPage({ experiment }: { experiment: Experiment }) {
  const [viewType, setViewType] = useState<ViewType>('ACTIVE_ONLY');
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [expanded, setExpanded] = useState<ReadonlySet<RunId>>(new Set());
  const [selected, setSelected] = useState<ReadonlySet<RunId>>(new Set());
  const runs = useRuns(experiment.experimentId as ExperimentId, viewType);
  const now = useNow(runs?.some((r) => r.status === 'RUNNING') ?? false);
  const model = useRunsTableModel({ runs: runs ?? [], filter: deferredFilter, sort, expanded, now });

  const onSort = (column: ColumnId) =>
    setSort((s) =>
      sameColumn(s.column, column) ? { column, direction: s.direction === 'ASC' ? 'DESC' : 'ASC' } : { column, direction: 'DESC' },
    );

  return (
    <section className="runs-page" aria-label={`Runs of ${experiment.name}`}>
      <header className="page-header">
        <h2 data-testid="experiment.title">{experiment.name}</h2>
        <span className="muted">Experiment ID {experiment.experimentId}</span>
      </header>
      <div className="runs-toolbar">
        <FilterBox value={filter} onChange={setFilter} error={model.filterError} />
        <label>
          <span className="visually-hidden">Show</span>
          <select value={viewType} onChange={(e) => setViewType(e.target.value as ViewType)} aria-label="Show runs">
            <option value="ACTIVE_ONLY">Active runs</option>
            <option value="DELETED_ONLY">Deleted runs</option>
            <option value="ALL">All runs</option>
          </select>
        </label>
        <span className="muted" data-testid="run-table.count">
          {runs === undefined ? 'Loading…' : `${model.matched} of ${runs.length} runs`}
          {selected.size > 0 && ` · ${selected.size} selected`}
        </span>
      </div>
      {runs !== undefined && runs.length === 0 ? (
        <div className="empty" data-testid="run-table.empty">
          <p>
            No runs yet. <FirstRunOffer />
          </p>
          <p className="muted">
            Or log one from the devtools console: <code>const r = await trainyard.startRun(); trainyard.logMetric('loss', 0.5); await trainyard.endRun()</code>
          </p>
        </div>
      ) : (
        <RunsTable
          experimentId={experiment.experimentId}
          rows={model.rows}
          columns={model.columns}
          sort={sort}
          onSort={onSort}
          expanded={expanded}
          onToggleExpand={(runId) => setExpanded((s) => toggle(s, runId))}
          selected={selected}
          onToggleSelect={(runId) => setSelected((s) => toggle(s, runId))}
          onSelectAll={(select) => setSelected(select ? new Set(model.rows.map((r) => r.run.runId)) : new Set())}
          now={now}
        />
      )}
    </section>
  );
}
