import { useEffect, useRef, useState } from 'react';
import type { ExperimentId, RunId } from '../../domain/ids';
import { FirstRunGuide } from './components/FirstRunGuide';
import { LiveRunView } from './components/LiveRunView';
import { EntryPointPicker, RecipePicker } from './components/RecipePicker';
import { TrainForm } from './components/TrainForm';
import { TrainingSettingsPanel } from './components/TrainingSettingsPanel';
import { useTrainForm } from './hooks/useTrainForm';
import { useHasAnyRun } from './hooks/useTrainData';
import { FIRST_RUN, formForRun } from './trainFormModel';
import { useRun } from '../run/hooks/useRun';
import { RECIPES } from '../../domain/recipes/recipeCatalogue';

/**
 * Train a recipe: pick it, adjust its generated form, Train; the live view of the run (`runId`,
 * from the route) shows progress, Stop and live charts beside the form, which keeps its values
 * for the next run. `guided` (from #/train/first-run) preselects the beginner's Iris run, `recipe`
 * (a landing demo card) another recipe; runs go to `experimentId` (the one last viewed) unless the
 * user picks another.
 */
export function TrainPage(props: { runId: RunId | null; guided: boolean; recipe?: string | null; experimentId: ExperimentId }) {
  const { runId, guided } = props;
  // A recipe name from the link (a stale bookmark may hold one that no longer exists): Iris then.
  const linked = props.recipe && RECIPES.some((r) => r.name === props.recipe) ? props.recipe : null;
  const form = useTrainForm(guided ? FIRST_RUN.recipe : (linked ?? FIRST_RUN.recipe));
  const hasAnyRun = useHasAnyRun();
  const [guideChosen, setGuideChosen] = useState(guided);
  const chooseFirstRun = () => {
    form.selectRecipe(FIRST_RUN.recipe);
    setGuideChosen(true);
  };
  // The form shows how the followed run was trained (a Re-run, the coach's suggestion, a link):
  // once per run, when it has loaded, so what the user types afterwards stays.
  const followed = useRun(runId ?? ('' as RunId));
  const shownRun = useRef<RunId | null>(null);
  const { showRun } = form;
  useEffect(() => {
    if (!runId || !followed || followed.runId !== runId || shownRun.current === runId) return;
    shownRun.current = runId;
    const fill = formForRun(followed.tags, followed.params);
    if (fill) showRun(fill);
  }, [runId, followed, showRun]);
  const selectRecipe = (name: string) => {
    form.selectRecipe(name);
    setGuideChosen(name === FIRST_RUN.recipe && guideChosen);
  };

  return (
    <section className="train-page" aria-label="Train a model">
      <header className="page-header">
        <h2 data-testid="train.title">Train a model</h2>
        <span className="muted">Runs train in a background worker and are logged to the chosen experiment.</span>
      </header>
      {(hasAnyRun === false || guideChosen) && <FirstRunGuide chosen={guideChosen} onChoose={chooseFirstRun} />}
      <RecipePicker selected={form.recipe.name} onSelect={selectRecipe} />
      <div className="train-layout">
        <div className="train-column">
          <EntryPointPicker recipe={form.recipe} selected={form.entryPoint.name} onSelect={form.selectEntryPoint} />
          <TrainForm form={form} defaultExperimentId={props.experimentId} />
          <TrainingSettingsPanel />
        </div>
        <div className="train-column">
          {runId ? (
            <LiveRunView key={runId} runId={runId} />
          ) : (
            <p className="muted train-placeholder">Progress, a Stop button and live metric charts appear here while a run trains.</p>
          )}
        </div>
      </div>
    </section>
  );
}
