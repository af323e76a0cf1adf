import { useCallback, useEffect, useState } from 'react';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { verifyUnderWay, type VerifyResult } from '../../../services/insights/insightService';
import { insights } from '../../../services/page';
import { reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import { retrainOffered } from './offered';
import { VERDICT_LABEL } from './reproducedModel';
import './insights.css';

type VerifyState = { phase: 'idle' } | { phase: 'verifying'; rerunId: RunId | null } | { phase: 'done'; result: VerifyResult };

/**
 * "Verify": trains a finished recipe run again with the same data, params, seed and backend and
 * compares every metric (services/insights). The verdict lands on the run's tags, where the badge
 * under the title reads it; here one live region beside the button says the check is under way and
 * then that it is done, pointing at the badge. A check still under way when the page comes back to
 * this run (the service keeps it by run id) is shown, not started again. The run page keys this by
 * run id, so one run's check never shows on another's page.
 */
export function VerifyButton({ run }: { run: Run }) {
  const runId = run.runId;
  const [state, setState] = useState<VerifyState>(() => {
    const underWay = verifyUnderWay(runId);
    return underWay ? { phase: 'verifying', rerunId: underWay.startedId } : { phase: 'idle' };
  });

  // Follows a check to its end; `isLive` stops the updates once the page has left this run.
  const follow = useCallback(
    (isLive: () => boolean) => {
      insights.verifyRun(runId, { onStarted: (rerunId) => isLive() && setState({ phase: 'verifying', rerunId }) }).then(
        (result) => isLive() && setState({ phase: 'done', result }),
        (error: unknown) => {
          reportError('verify the run', error);
          if (isLive()) setState({ phase: 'idle' });
        },
      );
    },
    [runId],
  );

  useEffect(() => {
    // Joins the check under way (verifyRun returns its promise); starts nothing otherwise.
    if (!verifyUnderWay(runId)) return undefined;
    let live = true;
    follow(() => live);
    return () => {
      live = false;
    };
  }, [runId, follow]);

  if (!retrainOffered(run)) return null;

  const verify = () => {
    setState({ phase: 'verifying', rerunId: null });
    follow(() => true);
  };

  return (
    <span className="verify">
      <button type="button" onClick={verify} disabled={state.phase === 'verifying'} aria-describedby={`verify-note-${runId}`} data-testid="run.verify">
        {state.phase === 'verifying' ? 'Verifying…' : 'Verify'}
      </button>
      <span className="verify-note muted" id={`verify-note-${runId}`}>
        Trains it again with the same data, params, seed and backend and compares every metric.
      </span>
      <span className="verify-note" role="status" data-testid="run.verify.status">
        {state.phase === 'verifying' && (
          <>
            Re-training to check…{' '}
            {state.rerunId && <a href={routes.run({ experimentId: run.experimentId, runId: state.rerunId })}>watch the re-run</a>}
          </>
        )}
        {state.phase === 'done' && `Done: ${VERDICT_LABEL[state.result.verdict].text} (see the badge under the title).`}
      </span>
    </span>
  );
}
