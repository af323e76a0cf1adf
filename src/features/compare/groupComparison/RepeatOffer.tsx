/**
 * "Repeat each with N seeds": what the panel offers when a compared group has one run, and the
 * progress line while the repeats train (with a link to the repeat's parent run).
 */
import type { RunId } from '../../../domain/ids';
import type { Run } from '../../../domain/tracking/types';
import { MAX_SEEDS } from '../../../services/insights/insightService';
import { routes } from '../../../shared/routes';
import type { GroupModel, GroupRun } from './groupModel';

export interface Progress {
  index: number;
  total: number;
  name: string;
  experimentId: Run['experimentId'];
  parentRunId: RunId | null;
}

export function RepeatOffer(props: {
  model: GroupModel;
  repeatable: readonly GroupRun[];
  seeds: number;
  seedsValid: boolean;
  progress: Progress | null;
  onSeeds: (n: number) => void;
  onRepeat: (targets: readonly GroupRun[]) => void;
}) {
  const { model, repeatable, seeds, progress } = props;
  const missing = model.single.length - repeatable.length;
  return (
    <div className="group-repeat">
      {progress ? (
        <p role="status" data-testid="groups.repeat-progress">
          Repeating {progress.index} of {progress.total}… ({progress.name} with {seeds} seed{seeds === 1 ? '' : 's'}
          {progress.parentRunId && (
            <>
              :{' '}
              <a href={routes.run({ experimentId: progress.experimentId, runId: progress.parentRunId })} data-testid="groups.repeat-parent">
                its runs
              </a>
            </>
          )}
          )
        </p>
      ) : (
        <>
          {repeatable.length > 0 && (
            <div className="group-repeat-form">
              <label>
                Seeds per run{' '}
                <input
                  type="number"
                  min={1}
                  max={MAX_SEEDS}
                  step={1}
                  value={Number.isFinite(seeds) ? seeds : ''}
                  onChange={(e) => props.onSeeds(e.target.valueAsNumber)}
                  data-testid="groups.repeat-seeds"
                />
              </label>
              <button type="button" disabled={!props.seedsValid} onClick={() => props.onRepeat(repeatable)} data-testid="groups.repeat">
                Repeat {repeatable.length === 1 ? 'it' : 'each'} with {props.seedsValid ? seeds : 'N'} seeds
              </button>
              <span className="muted">
                Trains {repeatable.length === 1 ? repeatable[0]?.name : `${repeatable.map((r) => r.name).join(' and ')}`} again with new seeds and adds the runs here.
              </span>
            </div>
          )}
          {missing > 0 && (
            <p className="muted">
              {missing === 1 ? 'One group’s run was' : `${missing} groups’ runs were`} logged from code, not trained from a recipe: log more runs of it with other seeds.
            </p>
          )}
        </>
      )}
    </div>
  );
}
