/**
 * Starts a recipe through the training service and follows it to the Train page's live view once
 * the worker has created the run. Failures before a run exists (a download that failed, a recipe
 * the worker cannot train) come back as `failed` with the reason; later failures end the run
 * FAILED in the store, where the live view reads them.
 */
import { useCallback, useState } from 'react';
import { navigate, routes } from '../../../shared/routes';
import { training } from '../../../services/page';
import type { ExperimentId, RunId } from '../../../domain/ids';
import { watchTrainingProgress } from './useTrainingProgress';

export type StartState =
  | { phase: 'idle' }
  | { phase: 'starting'; download: { loaded: number; total: number } | null }
  | { phase: 'failed'; error: string };

export interface StartRequest {
  recipe: string;
  entryPoint: string;
  params: Record<string, string>;
  experimentId?: ExperimentId;
  rerunOf?: RunId;
}

export function useStartTraining(): { state: StartState; start: (request: StartRequest) => Promise<void> } {
  const [state, setState] = useState<StartState>({ phase: 'idle' });
  const start = useCallback(async (request: StartRequest) => {
    watchTrainingProgress();
    // Follow the run only if the user is still where they pressed the button.
    const from = window.location.hash;
    setState({ phase: 'starting', download: null });
    try {
      const result = await training.startTraining(request.recipe, request.params, {
        entryPoint: request.entryPoint,
        experimentId: request.experimentId,
        rerunOf: request.rerunOf,
        onDownloadProgress: (loaded, total) => setState({ phase: 'starting', download: { loaded, total } }),
        onStarted: (runId) => {
          setState({ phase: 'idle' });
          if (window.location.hash === from) navigate(routes.trainRun(runId));
        },
      });
      if (result.runId === null) setState({ phase: 'failed', error: result.error ?? 'the training worker gave no reason' });
    } catch (error) {
      setState({ phase: 'failed', error: error instanceof Error ? error.message : String(error) });
    }
  }, []);
  return { state, start };
}
