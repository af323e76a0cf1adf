/**
 * Repeat with seeds, as the control says it: the seed count a person typed (checked against the
 * service's limits), and the progress of the repeats from the parent run's children.
 */
import type { RunStatus } from '../../../domain/tracking/types';
import { DEFAULT_SEEDS, MAX_SEEDS } from '../../../services/insights/insightService';

export { DEFAULT_SEEDS, MAX_SEEDS };

/** The typed count as a whole number from 1 to MAX_SEEDS, or null (the button is then disabled). */
export function parseSeedCount(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const n = Number(trimmed);
  return n >= 1 && n <= MAX_SEEDS ? n : null;
}

export function seedsLabel(n: number): string {
  return `${n} seed${n === 1 ? '' : 's'}`;
}

/** What the live region says when a repeat has ended, before its links. */
export function doneSentence(repeats: number): string {
  if (repeats === 0) return 'Done: no repeat trained.';
  return `Done: ${repeats} ${repeats === 1 ? 'repeat' : 'repeats'} trained.`;
}

/** How many of the repeats have ended (finished, failed or stopped). */
export function repeatsDone(children: readonly { status: RunStatus }[]): number {
  return children.filter((child) => child.status !== 'RUNNING' && child.status !== 'SCHEDULED').length;
}
