/**
 * Where the Search page shows each problem with its request: the check `planSearch` makes, keyed
 * by field path (`space.learning_rate`, `maxTrials`, `fixedParams.epochs`), placed beside the
 * field or parameter row it names, and the rest listed above the Start button.
 */
import { searchRunRequestErrors, type SearchRunRequest } from '../../services/search/searchPlan';

/**
 * Every problem `planSearch` would refuse the request for, keyed as it keys them; empty when the
 * search can start.
 */
export function searchRequestErrors(request: SearchRunRequest): Record<string, string> {
  return searchRunRequestErrors(request);
}

/** The fields the form shows errors beside; any other key is listed above the Start button. */
export const FORM_FIELDS = ['algorithm', 'objective.metric', 'objective.direction', 'maxTrials', 'maxSeconds', 'stopAfterNoImprovement', 'seed', 'parallel', 'space', 'fixedParams'] as const;
export type FormField = (typeof FORM_FIELDS)[number];

/** The error of a parameter's row: its distribution or its fixed value. */
export function rowError(errors: Readonly<Record<string, string>>, name: string): string | undefined {
  return errors[`space.${name}`] ?? errors[`fixedParams.${name}`];
}

/** The error shown beside a form field; TPE's settings show under the algorithm. */
export function fieldError(errors: Readonly<Record<string, string>>, field: FormField): string | undefined {
  if (field !== 'algorithm') return errors[field];
  const messages = Object.entries(errors).filter(([key]) => key === 'algorithm' || key.startsWith('algorithm.')).map(([, message]) => message);
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** Errors no field of the form shows (e.g. a parameter the entry point lacks); normally none. */
export function otherErrors(errors: Readonly<Record<string, string>>, paramNames: readonly string[]): [string, string][] {
  const placed = (key: string): boolean =>
    (FORM_FIELDS as readonly string[]).includes(key) ||
    key.startsWith('algorithm.') ||
    paramNames.some((name) => key === `space.${name}` || key === `fixedParams.${name}`);
  return Object.entries(errors).filter(([key]) => !placed(key));
}
