import { useMemo, useRef, useState } from 'react';
import { notify, reportError } from '../../shared/notifications';
import { registry, storage, tracking } from '../../services/page';
import type { DatasetStorage } from '../../db/storageQueries';
import type { ExperimentId } from '../../domain/ids';
import { storageNotice } from '../../domain/storage/storageNotice';
import { formatBytes, type RunStorage } from '../../domain/storage/storageSize';
import { emptyTrashConfirmation, purgeConfirmation, registryPurgeWarning, runsPurgedWith, trashOf, type TrashEntry } from '../../domain/storage/trash';
import { ConfirmBar, type PendingConfirm } from '../../shared/ui/ConfirmBar';
import { DatasetsSection } from './DatasetsSection';
import { useStorageReport } from './hooks/useStorageReport';
import { ExperimentSizes, RunSizes } from './SizeTables';
import { activeRuns } from './storageView';
import { StorageOverview } from './StorageOverview';
import { TrashSection } from './TrashSection';

/** Storage: usage and quota, Trainyard's bytes by experiment and run, the trash, and datasets. */
export function StoragePage() {
  const { contents, estimate, error, readAt, readMs, refresh } = useStorageReport();
  const [pending, setPending] = useState<PendingConfirm | null>(null);
  const trashRef = useRef<HTMLElement>(null);

  const derived = useMemo(() => {
    if (!contents) return null;
    const { report } = contents;
    const trash = trashOf(report);
    const names = new Map<string, string>(report.experiments.map((e) => [e.experimentId, e.name]));
    const experimentOfRun = new Map<string, ExperimentId>(report.runs.map((r) => [r.runId, r.experimentId]));
    return { report, trash, names, experimentOfRun, runs: activeRuns(report) };
  }, [contents]);

  const notice = useMemo(
    () =>
      derived && estimate !== undefined
        ? storageNotice({ estimate, runs: derived.report.runs, trashBytes: derived.trash.bytes, now: readAt })
        : null,
    [derived, estimate, readAt],
  );

  if (error) return <p role="alert">Could not read the store: {error.message}</p>;
  if (!derived || !contents) return <p className="muted">Measuring what is stored…</p>;

  /** Runs an action, reports failure as a toast naming it, and reads the store again at once. */
  const act = async (what: string, action: () => Promise<unknown>, done?: string) => {
    try {
      await action();
      if (done) notify('info', done);
    } catch (err) {
      reportError(what, err);
    } finally {
      refresh();
    }
  };

  const trashRun = (run: RunStorage) => void act(`move "${run.runName}" to the trash`, () => tracking.deleteRun(run.runId));

  const restore = (entry: TrashEntry) =>
    void act(`restore "${entry.name}"`, () =>
      entry.kind === 'run' ? tracking.restoreRun(entry.runId) : tracking.restoreExperiment(entry.experimentId),
    );

  /** What a purge of `entries` would leave behind in the registry, as a sentence (or ''). */
  const registryWarning = async (entries: readonly TrashEntry[]) =>
    registryPurgeWarning(await registry.listModelVersionsOfRuns(runsPurgedWith(entries, derived.report)).catch(() => []));

  const purge = async (entry: TrashEntry) =>
    setPending({
      text: purgeConfirmation(entry) + (await registryWarning([entry])),
      confirmLabel: 'Delete permanently',
      action: () =>
        act(
          `delete "${entry.name}" permanently`,
          () => (entry.kind === 'run' ? storage.purgeRun(entry.runId) : storage.purgeExperiment(entry.experimentId)),
          `Deleted "${entry.name}" permanently; about ${formatBytes(entry.bytes)} freed.`,
        ),
    });

  const emptyTrash = async () =>
    setPending({
      text: emptyTrashConfirmation(derived.trash) + (await registryWarning(derived.trash.entries)),
      confirmLabel: 'Empty trash',
      action: () =>
        act('empty the trash', async () => {
          const result = await storage.emptyTrash();
          const kept = result.skipped.length > 0 ? ` Kept: ${result.skipped.join('; ')}.` : '';
          notify('info', `Deleted ${result.runIds.length} run(s) and ${result.experimentIds.length} experiment(s) permanently.${kept}`);
        }),
    });

  const deleteDataset = (dataset: DatasetStorage) =>
    setPending({
      text:
        `Dataset "${dataset.name}" (${dataset.fileName}, ${formatBytes(dataset.size)}) will be deleted. Runs trained on it keep its name ` +
        'and sha256, but can’t be re-run until you import the file again.',
      confirmLabel: 'Delete dataset',
      action: () => act(`delete dataset "${dataset.name}"`, () => storage.deleteDataset(dataset.datasetId)),
    });

  return (
    <div className="storage-page" data-testid="storage.page" data-read-ms={readMs === null ? undefined : Math.round(readMs)}>
      <h2>Storage</h2>
      <StorageOverview
        estimate={estimate}
        total={derived.report.total}
        notice={notice}
        experimentOf={(runId) => derived.experimentOfRun.get(runId)}
        onShowTrash={() => {
          trashRef.current?.scrollIntoView({ block: 'start' });
          trashRef.current?.focus();
        }}
      />
      {pending && <ConfirmBar pending={pending} onDone={() => setPending(null)} testId="storage.confirm" className="storage-confirm" />}
      <TrashSection
        trash={derived.trash}
        onRestore={restore}
        onPurge={(entry) => void purge(entry)}
        onEmpty={() => void emptyTrash()}
        sectionRef={trashRef}
      />
      <RunSizes runs={derived.runs} experimentName={(id) => derived.names.get(id) ?? id} onTrash={trashRun} />
      <ExperimentSizes experiments={derived.report.experiments} />
      <DatasetsSection datasets={contents.datasets} onDelete={deleteDataset} />
    </div>
  );
}
