/** "N selected (across M experiments)", Compare (two or more runs, from one or several experiments), Export, Share, Push to server and Clear selection. */
import { useState } from 'react';
import { reportError } from '../../shared/notifications';
import { routes } from '../../shared/routes';
import { exportAndSave } from '../bundles/exportBundle';
import { PushPanel } from '../sync/PushPanel';
import { MIN_COMPARE, selectionText, type SelectionSummary } from './runSelection';

export function SelectionBar({ summary, onClear }: { summary: SelectionSummary; onClear: () => void }) {
  const [pushOpen, setPushOpen] = useState(false);
  if (summary.count === 0) return null;
  const canCompare = summary.count >= MIN_COMPARE;
  return (
    <>
      <div className="selection-bar" role="region" aria-label="Selected runs" data-testid="run-selection">
        <span data-testid="run-selection.text">{selectionText(summary)}</span>
        {canCompare ? (
          <a className="button" href={routes.compare(summary.runIds)} data-testid="run-selection.compare">
            Compare
          </a>
        ) : (
          <button type="button" disabled title="Select at least two runs to compare them" data-testid="run-selection.compare">
            Compare
          </button>
        )}
        <button
          type="button"
          onClick={() => void exportAndSave({ runIds: summary.runIds }, `${summary.count}-runs`).catch((e: unknown) => reportError('export the selected runs', e))}
          data-testid="run-selection.export"
        >
          Export
        </button>
        {typeof navigator.canShare === 'function' && (
          <button
            type="button"
            onClick={() =>
              void exportAndSave({ runIds: summary.runIds }, `${summary.count}-runs`, { share: true }).catch((e: unknown) => {
                if (!(e instanceof DOMException && e.name === 'AbortError')) reportError('share the selected runs', e);
              })
            }
            data-testid="run-selection.share"
          >
            Share…
          </button>
        )}
        <button type="button" onClick={() => setPushOpen((open) => !open)} aria-expanded={pushOpen} data-testid="run-selection.push">
          Push to server…
        </button>
        <button type="button" onClick={onClear} data-testid="run-selection.clear">
          Clear selection
        </button>
      </div>
      {pushOpen && <PushPanel runIds={summary.runIds} onClose={() => setPushOpen(false)} />}
    </>
  );
}
