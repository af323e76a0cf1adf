import { useLiveQuery } from 'dexie-react-hooks';
import { useId, useState } from 'react';
import type { RunId } from '../../../domain/ids';
import { recipeOfRun } from '../../../domain/recipes/runRecipe';
import type { Run } from '../../../domain/tracking/types';
import { insights, reads } from '../../../services/page';
import { reportError } from '../../../shared/notifications';
import { routes } from '../../../shared/routes';
import { DEFAULT_SEEDS, MAX_SEEDS, parseSeedCount, repeatsDone, seedsLabel } from './repeatModel';
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
 * reads them. Only for finished runs a recipe trained.
 */
export function RepeatControl({ run }: { run: Run }) {
  const [text, setText] = useState(String(DEFAULT_SEEDS));
  const [state, setState] = useState<RepeatState>({ phase: 'idle' });
  const inputId = useId();
  if (run.status !== 'FINISHED' || !recipeOfRun(run.tags)) return null;
  const n = parseSeedCount(text);

  const repeat = async (seeds: number) => {
    setState({ phase: 'running', n: seeds, parentRunId: null });
    try {
      const result = await insights.repeatRun(run.runId, { seeds, onStarted: (parentRunId) => setState({ phase: 'running', n: seeds, parentRunId }) });
      setState({ phase: 'done', parentRunId: result.parentRunId, runIds: result.runIds });
    } catch (error) {
      reportError('repeat the run with other seeds', error);
      setState({ phase: 'idle' });
    }
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
      <button type="button" disabled={n === null || state.phase === 'running'} onClick={() => n !== null && void repeat(n)} data-testid="repeat.start">
        {n === null ? 'Repeat with seeds' : `Repeat with ${seedsLabel(n)}`}
      </button>
      <p className="repeat-status muted" role="status">
        {n === null && `Choose a whole number of seeds from 1 to ${MAX_SEEDS}. `}
        {state.phase === 'idle' && n !== null && 'Trains the same recipe and params again with other seeds, to see how much the result moves by chance.'}
        {state.phase === 'running' &&
          (state.parentRunId ? <RepeatProgress run={run} parentRunId={state.parentRunId} n={state.n} /> : `Starting ${seedsLabel(state.n)}…`)}
        {state.phase === 'done' && (
          <>
            {seedsLabel(state.runIds.length)} done.{' '}
            <a href={routes.compare([run.runId, ...state.runIds])} data-testid="repeat.compare">
              Compare the {state.runIds.length + 1} runs
            </a>{' '}
            ·{' '}
            <a href={routes.run({ experimentId: run.experimentId, runId: state.parentRunId })}>open the repeat</a>
          </>
        )}
      </p>
    </div>
  );
}
