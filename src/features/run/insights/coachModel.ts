/**
 * What the coach panel shows of a finding, in words: a short title, how serious it is, the
 * suggested param changes as a person reads them, and the params a "Re-run with …" trains with.
 * Pure, so the wording and the param rules are tested in Node.
 */
import type { Finding, FindingKind } from '../../../domain/coach/coach';

/** warning: fix this first; advice: worth a look; ok: nothing to do. */
export type CoachSeverity = 'warning' | 'advice' | 'ok';

const SEVERITY_OF: Record<FindingKind, CoachSeverity> = {
  divergence: 'warning',
  overfitting: 'warning',
  underfitting: 'advice',
  learning_too_slowly: 'advice',
  not_converged: 'advice',
  healthy: 'ok',
};

/** The word shown beside each finding's icon, so the severity never rests on colour alone. */
export const SEVERITY_LABEL: Record<CoachSeverity, string> = { warning: 'Problem', advice: 'Tip', ok: 'OK' };

export function severityOf(kind: FindingKind): CoachSeverity {
  return SEVERITY_OF[kind];
}

/** "Overfitting from epoch 12", "Looks healthy": the finding in a few plain words. */
export function findingTitle(finding: Pick<Finding, 'finding' | 'fromEpoch'>): string {
  const from = finding.fromEpoch === null ? '' : ` from epoch ${finding.fromEpoch}`;
  switch (finding.finding) {
    case 'divergence':
      return finding.fromEpoch === null ? 'Training blew up' : `Training blew up at epoch ${finding.fromEpoch}`;
    case 'overfitting':
      return `Overfitting${from}`;
    case 'underfitting':
      return `Underfitting${from}`;
    case 'learning_too_slowly':
      return 'Learning too slowly';
    case 'not_converged':
      return 'Still improving at the last epoch';
    case 'healthy':
      return 'Looks healthy';
  }
}

/** `learning_rate` → "learning rate". */
function paramWords(name: string): string {
  return name.replace(/_/g, ' ');
}

/** { epochs: 12, learning_rate: 0.001 } → "epochs 12, learning rate 0.001". */
export function changesInWords(params: Readonly<Record<string, number | string>>): string {
  return Object.entries(params)
    .map(([name, value]) => `${paramWords(name)} ${String(value)}`)
    .join(', ');
}

export { suggestedRerun, type SuggestedRerun } from '../../../domain/recipes/runRecipe';
