import { useEffect } from 'react';
import { MIN_EPOCHS_TO_READ, type Finding } from '../../../domain/coach/coach';
import { coachInputOf, curveKeys } from '../../../domain/coach/coachInput';
import { hasReadableCurve, readableCurveNames } from '../../../domain/coach/curves';
import { recipeOfRun, type RunRecipe } from '../../../domain/recipes/runRecipe';
import type { Run } from '../../../domain/tracking/types';
import { reportError } from '../../../shared/notifications';
import { useStartTraining, type StartRequest } from '../../train/hooks/useStartTraining';
import { isSearchParentRun } from './offered';
import { changesInWords, findingTitle, severityOf, SEVERITY_LABEL, suggestedRerun } from './coachModel';
import { useCoachFindings } from './useCoachFindings';
import './insights.css';

const ICON = { warning: '⚠', advice: '➜', ok: '✓' } as const;

function FindingItem({ run, finding, target, onRerun, starting }: {
  run: Run;
  finding: Finding;
  target: RunRecipe | null;
  onRerun: (request: StartRequest) => void;
  starting: boolean;
}) {
  const severity = severityOf(finding.finding);
  const rerun = target && finding.suggestion && run.status !== 'RUNNING' ? suggestedRerun(target.entryPoint, run.params, finding.suggestion.params) : null;
  return (
    <li className={`coach-finding coach-finding-${severity}`} data-testid="coach.finding" data-finding={finding.finding}>
      <p className="coach-finding-title">
        <span className={`coach-severity coach-severity-${severity}`}>
          <span aria-hidden="true">{ICON[severity]}</span> {SEVERITY_LABEL[severity]}
        </span>{' '}
        <strong>{findingTitle(finding)}</strong>
      </p>
      <p className="coach-evidence">{finding.evidence}</p>
      {finding.suggestion && <p className="coach-suggestion">{finding.suggestion.text}</p>}
      {rerun && target && (
        <button
          type="button"
          className="coach-rerun"
          disabled={starting}
          title={`Train ${target.recipe.title} again with the same params and seed, changing only ${changesInWords(rerun.changes)}`}
          onClick={() =>
            onRerun({ recipe: target.recipe.name, entryPoint: target.entryPoint.name, params: rerun.params, experimentId: run.experimentId, rerunOf: run.runId })
          }
          data-testid="coach.rerun"
        >
          {starting ? 'Starting…' : `Re-run with ${changesInWords(rerun.changes)}`}
        </button>
      )}
    </li>
  );
}

/**
 * "What the curves say": the training coach's findings on the run, most severe first, each with
 * its evidence and, for runs a recipe trained, its suggested re-run one click away (trained at once
 * and followed on the Train page, as Re-run does). Nothing is shown until there is a curve of at
 * least 3 epochs to read: the coach makes no claims without evidence.
 */
export function CoachPanel({ run, heading = 'h3' }: { run: Run; heading?: 'h3' | 'h4' }) {
  const findings = useCoachFindings(run);
  const { state, start } = useStartTraining();
  const failure = state.phase === 'failed' ? state.error : null;
  useEffect(() => {
    if (failure) reportError('start the suggested re-run', failure);
  }, [failure]);
  const Heading = heading;
  if (!findings) return null;
  if (findings.length === 0) {
    // A finished run with curves gets a word on why the coach is silent; a run still at its first
    // epochs gets nothing, so no reading flashes up and vanishes. A search's parent logs only its
    // best-so-far, which is no training curve: it gets nothing either.
    const keys = curveKeys(run);
    if (run.status === 'RUNNING' || keys.length === 0 || isSearchParentRun(run)) return null;
    const task = coachInputOf(run, {}).task;
    return (
      <section className="coach" aria-label="What the curves say" data-testid="coach">
        <Heading className="coach-heading">What the curves say</Heading>
        {hasReadableCurve(keys, task) ? (
          <p className="muted" data-testid="coach.too-short">
            The coach reads curves of at least {MIN_EPOCHS_TO_READ} epochs; this run logged fewer, so there is nothing to read yet.
          </p>
        ) : (
          <p className="muted" data-testid="coach.no-curves">
            The coach reads the training curve under one of these names: {readableCurveNames(task)}. This run logged none of them (its curves: {keys.join(', ')}), so there is nothing to read.
          </p>
        )}
      </section>
    );
  }
  const target = recipeOfRun(run.tags);
  return (
    <section className="coach" aria-label="What the curves say" data-testid="coach">
      <Heading className="coach-heading">What the curves say</Heading>
      {run.status === 'RUNNING' && <p className="muted">Still training: this reading follows the curves and may change.</p>}
      <ul className="coach-findings">
        {findings.map((finding) => (
          <FindingItem
            key={finding.finding}
            run={run}
            finding={finding}
            target={target}
            starting={state.phase === 'starting'}
            onRerun={(request) => void start(request)}
          />
        ))}
      </ul>
    </section>
  );
}
