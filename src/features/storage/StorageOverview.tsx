import { routes } from '../../shared/routes';
import type { StorageNotice } from '../../domain/storage/storageNotice';
import { formatBytes, type StorageBytes } from '../../domain/storage/storageSize';
import type { ExperimentId } from '../../domain/ids';
import { persistenceText, usageText } from './storageView';
import { requestPersistence, usePersistence } from './persistentStorage';
import type { StorageState } from './hooks/useStorageReport';

interface Props {
  estimate: StorageState['estimate'];
  total: StorageBytes;
  notice: StorageNotice | null;
  experimentOf: (runId: string) => ExperimentId | undefined;
  onShowTrash: () => void;
}

/** Usage against quota, what Trainyard itself stores, persistence, and the "nearly full" notice. */
export function StorageOverview({ estimate, total, notice, experimentOf, onShowTrash }: Props) {
  const persistence = usePersistence();
  const persist = persistenceText(persistence);
  return (
    <section className="storage-overview" aria-label="Overview">
      {notice && (
        <div className="storage-notice" role="alert" data-testid="storage.notice">
          <strong>{notice.title}</strong>
          {notice.reasons.map((reason) => (
            <p key={reason}>{reason}</p>
          ))}
          {notice.biggestRuns.length > 0 && (
            <p>
              Your biggest runs:{' '}
              {notice.biggestRuns.map((run, i) => {
                const experimentId = experimentOf(run.runId);
                return (
                  <span key={run.runId}>
                    {i > 0 && ', '}
                    {experimentId ? <a href={routes.run({ experimentId, runId: run.runId })}>{run.runName}</a> : run.runName} (
                    {formatBytes(run.bytes)})
                  </span>
                );
              })}
              . Move what you don’t need to the trash, then delete it permanently.
            </p>
          )}
          {notice.trashBytes > 0 && (
            <p>
              The trash holds {formatBytes(notice.trashBytes)}.{' '}
              <button type="button" className="link" onClick={onShowTrash}>
                Go to the trash
              </button>
            </p>
          )}
        </div>
      )}
      <dl className="storage-facts">
        <dt>Used by this site</dt>
        <dd data-testid="storage.usage">{usageText(estimate)}</dd>
        <dt>Trainyard’s data</dt>
        <dd data-testid="storage.total">
          {formatBytes(total.total)}: metrics {formatBytes(total.metrics)}, artifacts {formatBytes(total.artifacts)}, models{' '}
          {formatBytes(total.models)}, params &amp; tags {formatBytes(total.record)}
        </dd>
        <dt>Persistent storage</dt>
        <dd>
          <span data-testid="storage.persistence" data-state={persistence}>
            {persist.label}
          </span>
          {persist.canAsk && (
            <button type="button" className="storage-persist-ask" onClick={() => void requestPersistence()} data-testid="storage.persist-ask">
              Ask again
            </button>
          )}
          {persist.detail && <div className="muted">{persist.detail}</div>}
        </dd>
      </dl>
    </section>
  );
}
