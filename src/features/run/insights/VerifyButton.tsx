import { useState } from 'react';
import type { RunId } from '../../../domain/ids';
import { recipeOfRun } from '../../../domain/recipes/runRecipe';
import type { Run } from '../../../domain/tracking/types';
import { insights } from '../../../services/page';
import { reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import './insights.css';

type VerifyState = { phase: 'idle' } | { phase: 'verifying'; rerunId: RunId | null };

/**
 * "Verify": trains a finished recipe run again with the same data, params, seed and backend and
 * compares every metric (services/insights). The verdict lands on the run's tags, where the badge
 * beside the headline reads it; here the button only shows the check under way.
 */
export function VerifyButton({ run }: { run: Run }) {
  const [state, setState] = useState<VerifyState>({ phase: 'idle' });
  if (run.status !== 'FINISHED' || !recipeOfRun(run.tags)) return null;

  const verify = async () => {
    setState({ phase: 'verifying', rerunId: null });
    try {
      await insights.verifyRun(run.runId, { onStarted: (rerunId) => setState({ phase: 'verifying', rerunId }) });
    } catch (error) {
      reportError('verify the run', error);
    } finally {
      setState({ phase: 'idle' });
    }
  };

  return (
    <span className="verify">
      <button type="button" onClick={() => void verify()} disabled={state.phase === 'verifying'} aria-describedby={`verify-note-${run.runId}`} data-testid="run.verify">
        {state.phase === 'verifying' ? 'Verifying…' : 'Verify'}
      </button>
      <span className="verify-note muted" id={`verify-note-${run.runId}`}>
        Trains it again with the same data, params, seed and backend and compares every metric.
      </span>
      {state.phase === 'verifying' && (
        <span className="verify-note" role="status" data-testid="run.verify.status">
          Re-training to check…{' '}
          {state.rerunId && <a href={routes.run({ experimentId: run.experimentId, runId: state.rerunId })}>watch the re-run</a>}
        </span>
      )}
    </span>
  );
}
