/**
 * One experiment's runs: filter, view, column chooser, the selection (shared across experiments,
 * with Compare) and the virtualised table. State lives here; the derivations are in
 * useRunsTableModel and the pure modules beside it (runsTableModel, columnPrefs, runSelection).
 */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { ExperimentId, RunId } from '../../domain/ids';
import type { Experiment, Run, ViewType } from '../../domain/tracking/types';
import { useNow } from '../../shared/hooks/useNow';
import { FirstRunOffer } from '../train/components/FirstRunGuide';
import { useRunSyncBadges } from '../sync/useRunSyncStates';
import { ColumnChooser } from './ColumnChooser';
import { resolveSort, setColumnsVisible, setColumnWidth, setMainMetric, setMetricSummary } from './columnPrefs';
import { FilterBox } from './FilterBox';
import { MainMetricPicker } from './MainMetricPicker';
import { useColumnPrefs } from './hooks/useColumnPrefs';
import { runSelection, useRunSelection } from './hooks/useRunSelection';
import { useRuns } from './hooks/useRuns';
import { RunsTable } from './RunsTable';
import { DEFAULT_SORT, sameColumn, type ColumnId, type MetricSummaryChoice, type SortState } from './runsTableModel';
import {
  EMPTY_SELECTION,
  deselectRuns,
  hasRunsOf,
  pruneExperiment,
  selectRuns,
  summarizeSelection,
  toggleRun,
  type SelectableRun,
} from './runSelection';
import { SelectionBar } from './SelectionBar';
import { useRunColumns, useRunsTableModel } from './useRunsTableModel';

const NO_RUNS: Run[] = [];

function toggle<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}

export function RunsPage({ experiment }: { experiment: Experiment }) {
  const experimentId: ExperimentId = experiment.experimentId;
  const [viewType, setViewType] = useState<ViewType>('ACTIVE_ONLY');
  const [filter, setFilter] = useState('');
  const deferredFilter = useDeferredValue(filter);
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [expanded, setExpanded] = useState<ReadonlySet<RunId>>(new Set());
  const selection = useRunSelection();
  const [prefs, updatePrefs] = useColumnPrefs(experimentId);
  const data = useRuns(experimentId, viewType);
  const syncBadges = useRunSyncBadges();
  const runs = data?.shown ?? NO_RUNS;
  const anyRunning = useMemo(() => runs.some((r) => r.status === 'RUNNING'), [runs]);
  const now = useNow(anyRunning);
  const columns = useRunColumns(runs, prefs);
  const effectiveSort = useMemo(() => resolveSort(sort, prefs), [sort, prefs]);
  const model = useRunsTableModel({ runs, filter: deferredFilter, sort: effectiveSort, expanded, now });

  // Selected runs of this experiment that no longer exist are dropped once all its runs are known.
  const allRuns = data?.complete ? data.all : undefined;
  useEffect(() => {
    if (!allRuns) return;
    runSelection.update((s) => (hasRunsOf(s, experimentId) ? pruneExperiment(s, experimentId, new Set(allRuns.map((r) => r.runId))) : s));
  }, [allRuns, experimentId]);

  const onSort = useCallback(
    (column: ColumnId) =>
      setSort((s) =>
        sameColumn(s.column, column) ? { column, direction: s.direction === 'ASC' ? 'DESC' : 'ASC' } : { column, direction: 'DESC' },
      ),
    [],
  );
  const onToggleExpand = useCallback((runId: RunId) => setExpanded((s) => toggle(s, runId)), []);
  const onToggleSelect = useCallback((run: SelectableRun) => runSelection.update((s) => toggleRun(s, run)), []);
  const rows = model.rows;
  const onSelectAll = useCallback(
    (select: boolean) =>
      runSelection.update((s) => (select ? selectRuns(s, rows.map((r) => r.run)) : deselectRuns(s, rows.map((r) => r.run.runId)))),
    [rows],
  );
  const keys = columns.keys;
  const onSetVisible = useCallback(
    (list: ColumnId[], visible: boolean) => updatePrefs((p) => setColumnsVisible(p, list, visible, keys)),
    [updatePrefs, keys],
  );
  const onSetMain = useCallback((key: string | null) => updatePrefs((p) => setMainMetric(p, key, keys)), [updatePrefs, keys]);
  const onResize = useCallback((key: string, width: number) => updatePrefs((p) => setColumnWidth(p, key, width)), [updatePrefs]);
  const onSetSummary = useCallback(
    (key: string, summary: MetricSummaryChoice) => updatePrefs((p) => setMetricSummary(p, key, summary)),
    [updatePrefs],
  );
  const summary = useMemo(() => summarizeSelection(selection, experimentId), [selection, experimentId]);

  return (
    <section className="runs-page" aria-label={`Runs of ${experiment.name}`}>
      <header className="page-header">
        <h2 data-testid="experiment.title">{experiment.name}</h2>
        <span className="muted">Experiment ID {experiment.experimentId}</span>
      </header>
      <div className="runs-toolbar">
        <FilterBox value={filter} onChange={setFilter} error={model.filterError} candidates={columns.candidates} />
        <label>
          <span className="visually-hidden">Show</span>
          <select value={viewType} onChange={(e) => setViewType(e.target.value as ViewType)} aria-label="Show runs">
            <option value="ACTIVE_ONLY">Active runs</option>
            <option value="DELETED_ONLY">Deleted runs</option>
            <option value="ALL">All runs</option>
          </select>
        </label>
        <MainMetricPicker metrics={keys.metrics} main={columns.mainMetric} headline={keys.headlineMetric} onPick={onSetMain} />
        <ColumnChooser
          groups={columns.groups}
          visible={columns.visibleKeys}
          fresh={columns.fresh}
          onSetVisible={onSetVisible}
          onSetSummary={onSetSummary}
        />
        <span className="muted" data-testid="run-table.count">
          {data === undefined ? 'Loading…' : data.complete ? `${model.matched} of ${runs.length} runs` : `newest ${runs.length} runs, reading the rest…`}
        </span>
      </div>
      <SelectionBar summary={summary} onClear={() => runSelection.update(() => EMPTY_SELECTION)} />
      {data !== undefined && runs.length === 0 ? (
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
          experimentId={experimentId}
          rows={rows}
          columns={columns.visible}
          mainMetric={columns.mainMetric}
          widths={prefs.widths}
          onResize={onResize}
          sort={effectiveSort}
          onSort={onSort}
          expanded={expanded}
          onToggleExpand={onToggleExpand}
          selection={selection}
          onToggleSelect={onToggleSelect}
          onSelectAll={onSelectAll}
          now={now}
          syncBadges={syncBadges}
        />
      )}
    </section>
  );
}
