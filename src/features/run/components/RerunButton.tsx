import { useEffect } from 'react';
import { reportError } from '../../../shared/notifications';
import type { Run } from '../../../domain/tracking/types';
import { useStartTraining } from '../../train/hooks/useStartTraining';
import { rerunParams, rerunTarget } from '../../train/trainFormModel';

/**
 * "Re-run": trains the run's recipe and entry point again with its params (seed included) into
 * the same experiment, tagged `trainyard.rerun_of`, then follows it on the Train page's live view.
 * Shown only for runs the worker trained from a recipe (they carry the recipe tags).
 */
export function RerunButton({ run }: { run: Run }) {
  const { state, start } = useStartTraining();
  const target = rerunTarget(run.tags);
  const failure = state.phase === 'failed' ? state.error : null;
  useEffect(() => {
    if (failure) reportError('re-run the run', failure);
  }, [failure]);
  if (!target) return null;

  const rerun = () =>
    void start({
      recipe: target.recipe.name,
      entryPoint: target.entryPoint.name,
      params: rerunParams(target.entryPoint, run.params),
      experimentId: run.experimentId,
      rerunOf: run.runId,
    });

  return (
    <button
      type="button"
      onClick={rerun}
      disabled={state.phase === 'starting'}
      title={`Train ${target.recipe.title} again with the same params and seed`}
      data-testid="run.rerun"
    >
      {state.phase === 'starting' ? 'Starting…' : 'Re-run'}
    </button>
  );
}
