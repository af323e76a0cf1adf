import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useId, useState } from 'react';
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { repeatUnderWay } from '../../../services/insights/insightService';
import { insights, reads } from '../../../services/page';
import { reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import { retrainOffered } from './offered';
import { DEFAULT_SEEDS, doneSentence, MAX_SEEDS, parseSeedCount, repeatsDone, seedsLabel } from './repeatModel';
import './insights.css';

type RepeatState =
  | { phase: 'idle' }
  | { phase: 'running'; n: number; parentRunId: RunId | null }
  | { phase: 'done'; parentRunId: RunId; runIds: RunId[] };

/** "k of N done", read live from the repeat's parent run and its children. */
function RepeatProgress({ run, parentRunId, n }: { run: Run; parentRunId: RunId; n: number }) {
  const family = useLiveQuery(() => reads.runWithChildren(parentRunId), [parentRunId]);
  const done = family ? repeatsDone(family.children) : 0;
  return (
    <>
      Training the repeats: {done} of {n} done.{' '}
      <a href={routes.run({ experimentId: run.experimentId, runId: parentRunId })} data-testid="repeat.parent">
        Open the repeat
      </a>
    </>
  );
}

/**
 * "Repeat with N seeds": trains the run's recipe, entry point and params again with N other seeds
 * (a parent run with one child per seed, so the runs table groups them), shows the repeats as they
 * end, then links to the compare view of the run and its repeats, where "Is the difference real?"
 * reads them. Only for finished runs a recipe trained (not a search's parent, not a deleted run).
 * A repeat still under way when the page comes back to this run (the service keeps it by run id)
 * is shown, not offered again; the run page keys this by run id, so it never shows on another run.
 */
export function RepeatControl({ run }: { run: Run }) {
  const runId = run.runId;
  const [text, setText] = useState(String(DEFAULT_SEEDS));
  const [state, setState] = useState<RepeatState>(() => {
    const underWay = repeatUnderWay(runId);
    return underWay ? { phase: 'running', n: underWay.seeds, parentRunId: underWay.startedId } : { phase: 'idle' };
  });
  const inputId = useId();

  // Follows a repeat to its end; `isLive` stops the updates once the page has left this run.
  const follow = useCallback(
    (seeds: number, isLive: () => boolean) => {
      insights.repeatRun(runId, { seeds, onStarted: (parentRunId) => isLive() && setState({ phase: 'running', n: seeds, parentRunId }) }).then(
        (result) => isLive() && setState({ phase: 'done', parentRunId: result.parentRunId, runIds: result.runIds }),
        (error: unknown) => {
          reportError('repeat the run with other seeds', error);
          if (isLive()) setState({ phase: 'idle' });
        },
      );
    },
    [runId],
  );

  useEffect(() => {
    // Joins the repeat under way (repeatRun returns its promise); starts nothing otherwise.
    const underWay = repeatUnderWay(runId);
    if (!underWay) return undefined;
    let live = true;
    follow(underWay.seeds, () => live);
    return () => {
      live = false;
    };
  }, [runId, follow]);

  if (!retrainOffered(run)) return null;
  const n = parseSeedCount(text);
  const start = (seeds: number) => {
    setState({ phase: 'running', n: seeds, parentRunId: null });
    follow(seeds, () => true);
  };

  return (
    <div className="repeat" role="group" aria-label="Repeat with seeds" data-testid="repeat">
      <label htmlFor={inputId}>Number of seeds</label>
      <input
        id={inputId}
        type="number"
        min={1}
        max={MAX_SEEDS}
        step={1}
        value={text}
        onChange={(event) => setText(event.target.value)}
        aria-invalid={n === null}
        disabled={state.phase === 'running'}
        data-testid="repeat.seeds"
      />
      <button type="button" disabled={n === null || state.phase === 'running'} onClick={() => n !== null && start(n)} data-testid="repeat.start">
        {n === null ? 'Repeat with seeds' : `Repeat with ${seedsLabel(n)}`}
      </button>
      {state.phase === 'idle' && (
        <p className="repeat-help muted">
          {n === null
            ? `Choose a whole number of seeds from 1 to ${MAX_SEEDS}.`
            : 'Trains the same recipe and params again with other seeds, to see how much the result moves by chance.'}
        </p>
      )}
      {/* One live region, mounted from the start, so each change in it is announced. */}
      <p className="repeat-status muted" role="status" data-testid="repeat.status">
        {state.phase === 'running' &&
          (state.parentRunId ? <RepeatProgress run={run} parentRunId={state.parentRunId} n={state.n} /> : `Starting ${seedsLabel(state.n)}…`)}
        {state.phase === 'done' && (
          <>
            {doneSentence(state.runIds.length)}{' '}
            {state.runIds.length > 0 && (
              <>
                <a href={routes.compare([runId, ...state.runIds])} data-testid="repeat.compare">
                  Compare the {state.runIds.length + 1} runs
                </a>{' '}
                ·{' '}
              </>
            )}
            <a href={routes.run({ experimentId: run.experimentId, runId: state.parentRunId })}>open the repeat</a>
          </>
        )}
      </p>
    </div>
  );
}
