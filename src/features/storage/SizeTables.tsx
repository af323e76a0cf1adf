import { memo, useState } from 'react';
import { routes } from '../../shared/routes';
import { formatBytes, type ExperimentStorage, type RunStorage, type StorageBytes } from '../../domain/storage/storageSize';
import { RUNS_MORE, RUNS_SHOWN } from './storageView';

function SizeCells({ bytes }: { bytes: StorageBytes }) {
  return (
    <>
      <td className="num">{formatBytes(bytes.metrics)}</td>
      <td className="num">{formatBytes(bytes.artifacts)}</td>
      <td className="num">{formatBytes(bytes.models)}</td>
      <td className="num">{formatBytes(bytes.record)}</td>
      <td className="num storage-total-cell">{formatBytes(bytes.total)}</td>
    </>
  );
}

const SIZE_HEADERS = ['Metrics', 'Artifacts', 'Models', 'Params & tags', 'Total'];

export function ExperimentSizes({ experiments }: { experiments: ExperimentStorage[] }) {
  return (
    <section aria-labelledby="storage-experiments">
      <h3 id="storage-experiments">By experiment</h3>
      <div className="storage-table-wrap">
        <table className="storage-table" data-testid="storage.experiments">
          <thead>
            <tr>
              <th>Experiment</th>
              <th className="num">Runs</th>
              {SIZE_HEADERS.map((h) => (
                <th key={h} className="num">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {experiments.map((e) => (
              <tr key={e.experimentId} data-testid="storage.experiment-row" data-experiment-id={e.experimentId}>
                <th scope="row">
                  {e.lifecycleStage === 'deleted' ? (
                    <>
                      {e.name} <span className="muted">(in the trash)</span>
                    </>
                  ) : (
                    <a href={routes.experiment(e.experimentId)}>{e.name}</a>
                  )}
                </th>
                <td className="num">{e.runCount}</td>
                <SizeCells bytes={e.bytes} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

interface RunRowProps {
  run: RunStorage;
  experimentName: string;
  onTrash: (run: RunStorage) => void;
}

/** Same run, same figures: every read of the store makes new objects, and 1,000 rows must not all re-render. */
function sameRow(a: RunRowProps, b: RunRowProps): boolean {
  const x = a.run;
  const y = b.run;
  return (
    a.experimentName === b.experimentName &&
    x.runId === y.runId &&
    x.runName === y.runName &&
    x.status === y.status &&
    x.experimentId === y.experimentId &&
    x.bytes.metrics === y.bytes.metrics &&
    x.bytes.artifacts === y.bytes.artifacts &&
    x.bytes.models === y.bytes.models &&
    x.bytes.record === y.bytes.record
  );
}

/** One run's row. sameRow ignores `onTrash`: the page passes a new but equivalent handler each render (it acts on the run id only). */
const RunRow = memo(function RunRow({ run, experimentName, onTrash }: RunRowProps) {
  return (
    <tr data-testid="storage.run-row" data-run-id={run.runId}>
      <th scope="row">
        <a href={routes.run({ experimentId: run.experimentId, runId: run.runId })}>{run.runName}</a>
      </th>
      <td>{experimentName}</td>
      <td>{run.status}</td>
      <SizeCells bytes={run.bytes} />
      <td>
        <button type="button" onClick={() => onTrash(run)} aria-label={`Move ${run.runName} to the trash`} data-testid="storage.run-trash">
          Move to trash
        </button>
      </td>
    </tr>
  );
}, sameRow);

interface RunSizesProps {
  runs: RunStorage[];
  experimentName: (experimentId: string) => string;
  onTrash: (run: RunStorage) => void;
}

/** Runs not in the trash, biggest first: the first RUNS_SHOWN, then RUNS_MORE more at a time, so 1,000 runs never render at once. */
export function RunSizes({ runs, experimentName, onTrash }: RunSizesProps) {
  const [limit, setLimit] = useState(RUNS_SHOWN);
  const shown = runs.slice(0, limit);
  return (
    <section aria-labelledby="storage-runs">
      <h3 id="storage-runs">By run, biggest first</h3>
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <div className="storage-table-wrap">
          <table className="storage-table" data-testid="storage.runs">
            <thead>
              <tr>
                <th>Run</th>
                <th>Experiment</th>
                <th>Status</th>
                {SIZE_HEADERS.map((h) => (
                  <th key={h} className="num">
                    {h}
                  </th>
                ))}
                <th>
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((run) => (
                <RunRow key={run.runId} run={run} experimentName={experimentName(run.experimentId)} onTrash={onTrash} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.length > shown.length && (
        <button type="button" className="link" onClick={() => setLimit((n) => n + RUNS_MORE)} data-testid="storage.runs-more">
          Show {Math.min(RUNS_MORE, runs.length - shown.length)} more ({(runs.length - shown.length).toLocaleString('en-US')} smaller runs not shown)
        </button>
      )}
    </section>
  );
}
