import type { StartState } from '../hooks/useStartTraining';
import { formatDownload } from '../trainFormModel';

/** Between Train and the run's creation: the dataset download, the backend trial, or why it failed. */
export function StartStatus({ state }: { state: StartState }) {
  if (state.phase === 'idle') return null;
  if (state.phase === 'failed') {
    return (
      <p className="field-error" role="alert" data-testid="train.start-error">
        Could not start training: {state.error}
      </p>
    );
  }
  if (state.download) {
    const { loaded, total } = state.download;
    return (
      <div className="train-download" data-testid="train.download">
        <progress max={total || undefined} value={total ? Math.min(loaded, total) : undefined} aria-label="Dataset download" />
        <span>
          {total > 0 && loaded >= total
            ? `Dataset downloaded (${formatDownload(loaded, total)}); starting a training worker…`
            : `Downloading the dataset (once; it is kept for offline use): ${formatDownload(loaded, total)}`}
        </span>
      </div>
    );
  }
  return (
    <p className="muted" data-testid="train.starting">
      Starting a training worker… (the first run measures which TensorFlow.js backend is fastest here)
    </p>
  );
}
