import { useState } from 'react';
import { notify, reportError } from '../../../shared/notifications';
import { training } from '../../../services/page';
import type { Run } from '../../../domain/tracking/types';
import { useTrainingProgress } from '../hooks/useTrainingProgress';
import { formatClock, formatEta, progressFraction, progressLabel } from '../trainFormModel';

/**
 * The progress bar of a run training in this tab (epoch x/y, batch, elapsed, ETA) and its Stop
 * button. After the run ends it keeps the last progress, frozen. Renders nothing for runs that
 * are not training here (logged from the console, or in another tab).
 */
export function TrainingProgress({ run }: { run: Run }) {
  const progress = useTrainingProgress(run.runId);
  const [stopping, setStopping] = useState(false);
  const running = run.status === 'RUNNING';
  const here = progress !== undefined || (running && training.pool.runningRunIds().includes(run.runId));
  if (!here) return null;

  const stop = () => {
    try {
      if (training.stopRun(run.runId)) setStopping(true);
      else notify('info', 'This run is not training in this tab, so it cannot be stopped from here.');
    } catch (error) {
      reportError('stop the run', error);
    }
  };

  return (
    <div className="training-progress" data-testid="train.progress">
      <div className="training-progress-bar">
        <progress
          max={1}
          value={progress ? progressFraction(progress) : undefined}
          aria-label="Training progress"
          data-testid="train.progress.bar"
        />
        {running && (
          <button type="button" onClick={stop} disabled={stopping} data-testid="train.stop">
            {stopping ? 'Stopping…' : 'Stop'}
          </button>
        )}
      </div>
      {progress ? (
        <p className="training-progress-text" data-testid="train.progress.label">
          {/* The spaces between the parts: the flex gap spaces them on screen, not in the text a screen reader reads. */}
          <span>{progressLabel(progress)}</span>{' '}
          <span>elapsed {formatClock(progress.elapsedMs)}</span>
          {running && (
            <>
              {' '}
              <span>ETA {formatEta(progress.etaMs)}</span>
            </>
          )}
        </p>
      ) : (
        <p className="training-progress-text muted">Preparing the data and the model…</p>
      )}
    </div>
  );
}
