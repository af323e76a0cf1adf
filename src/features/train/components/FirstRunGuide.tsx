import { routes } from '../../../shared/routes';
import { useHasAnyRun } from '../hooks/useTrainData';

export const FIRST_RUN_OFFER = 'Try your first run: Iris flowers in ~10 seconds';

/**
 * The guided first run for a first-time visitor: one click preselects Iris with its defaults, and
 * once chosen, two or three sentences say what pressing Train will do.
 */
export function FirstRunGuide({ chosen, onChoose }: { chosen: boolean; onChoose: () => void }) {
  return (
    <aside className="first-run" aria-label="Your first run" data-testid="train.first-run">
      {chosen ? (
        <>
          <h3>Your first run: Iris flowers</h3>
          <p data-testid="train.first-run.explanation">
            Press <strong>Train</strong> and a small logistic-regression model learns to tell three species of iris apart from
            four measurements of 150 flowers, in a background worker so this page stays responsive. You will see a progress bar
            and the loss falling epoch by epoch; in about ten seconds the run is saved with its parameters, metrics and model,
            and <em>test_accuracy</em> tells you how many flowers it had never seen it named correctly. Press the <strong>?</strong>{' '}
            next to any metric to learn what it means.
          </p>
        </>
      ) : (
        <button type="button" className="primary" onClick={onChoose} data-testid="train.first-run.choose">
          {FIRST_RUN_OFFER}
        </button>
      )}
    </aside>
  );
}

/**
 * For places outside the Train page (the empty runs table): the guided first run when no run
 * exists anywhere yet, otherwise a plain link to the Train page.
 */
export function FirstRunOffer() {
  const hasAnyRun = useHasAnyRun();
  if (hasAnyRun === undefined) return null;
  return hasAnyRun ? (
    <a href={routes.train()} data-testid="first-run.train-link">
      Train a model
    </a>
  ) : (
    <a href={routes.firstRun()} data-testid="first-run.link">
      {FIRST_RUN_OFFER}
    </a>
  );
}
