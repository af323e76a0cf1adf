import { useEffect, useState, useSyncExternalStore } from 'react';
import { training } from '../../services/page';
import { getUpdatePhase, registerServiceWorker, requestReload, subscribeUpdatePhase } from './registerServiceWorker';
import { updatePromptView } from './updatePolicy';
import './updatePrompt.css';

/** How often the prompt looks at this tab's training pool while it is shown. */
const TRAINING_POLL_MS = 1000;

/**
 * Registers the service worker (once this tab is not training) and, when a new version waits, offers "A new version is ready —
 * reload". It never reloads by itself, and its Reload waits while a run trains in this tab.
 */
export function UpdatePrompt() {
  const phase = useSyncExternalStore(subscribeUpdatePhase, getUpdatePhase);
  const [trainingRuns, setTrainingRuns] = useState(0);
  useEffect(() => registerServiceWorker(() => training.pool.activeRunCount() > 0), []);
  useEffect(() => {
    if (phase === 'current') return;
    const poll = () => setTrainingRuns(training.pool.activeRunCount());
    poll();
    const timer = window.setInterval(poll, TRAINING_POLL_MS);
    return () => window.clearInterval(timer);
  }, [phase]);

  const view = updatePromptView(phase, trainingRuns);
  if (!view.visible) return null;
  return (
    <div className="update-prompt" role="status" data-testid="update-prompt">
      <span>{view.message}</span>
      <button
        type="button"
        data-testid="update-prompt.reload"
        disabled={!view.reloadEnabled}
        onClick={() => requestReload(training.pool.activeRunCount())}
      >
        Reload
      </button>
      {view.hint && (
        <span className="update-prompt-hint" data-testid="update-prompt.hint">
          {view.hint}
        </span>
      )}
    </div>
  );
}
