import type { RefObject } from 'react';
import { formatBytes } from '../../domain/storage/storageSize';
import type { Trash, TrashEntry } from '../../domain/storage/trash';

interface Props {
  trash: Trash;
  onRestore: (entry: TrashEntry) => void;
  onPurge: (entry: TrashEntry) => void;
  onEmpty: () => void;
  sectionRef: RefObject<HTMLElement | null>;
}

function entryLabel(entry: TrashEntry): string {
  return entry.kind === 'experiment' ? `Experiment ${entry.name}` : `Run ${entry.name}`;
}

/** Trashed experiments and runs: restore, delete permanently, or empty the whole trash. */
export function TrashSection({ trash, onRestore, onPurge, onEmpty, sectionRef }: Props) {
  return (
    <section aria-labelledby="storage-trash" ref={sectionRef} tabIndex={-1}>
      <h3 id="storage-trash">Trash</h3>
      {trash.entries.length === 0 ? (
        <p className="muted" data-testid="storage.trash-empty">
          The trash is empty.
        </p>
      ) : (
        <>
          <p>
            {formatBytes(trash.bytes)} in the trash.{' '}
            <button type="button" className="danger" onClick={onEmpty} data-testid="storage.empty-trash">
              Empty trash
            </button>
          </p>
          <ul className="storage-trash" data-testid="storage.trash">
            {trash.entries.map((entry) => (
              <li
                key={entry.kind === 'run' ? entry.runId : `e-${entry.experimentId}`}
                data-testid="storage.trash-entry"
                data-kind={entry.kind}
              >
                <span className="storage-trash-name">
                  <span className="muted">{entry.kind === 'experiment' ? 'Experiment' : 'Run'}</span> {entry.name}
                </span>
                <span className="muted">
                  {entry.kind === 'experiment'
                    ? `${entry.runCount} run${entry.runCount === 1 ? '' : 's'}`
                    : `in ${entry.experimentName}${entry.running ? ' · still running' : ''}`}
                </span>
                <span className="num">{formatBytes(entry.bytes)}</span>
                <button type="button" onClick={() => onRestore(entry)} aria-label={`Restore ${entryLabel(entry)}`} data-testid="storage.trash-restore">
                  Restore
                </button>
                <button
                  type="button"
                  className="danger"
                  onClick={() => onPurge(entry)}
                  disabled={entry.kind === 'run' ? entry.running : entry.runningRuns > 0}
                  title={(entry.kind === 'run' ? entry.running : entry.runningRuns > 0) ? 'A running run can’t be deleted permanently' : undefined}
                  aria-label={`Delete ${entryLabel(entry)} permanently`}
                  data-testid="storage.trash-purge"
                >
                  Delete permanently
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
