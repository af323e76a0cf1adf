import { useLiveQuery } from 'dexie-react-hooks';
import { reads } from '../../../services/page';
import type { Experiment } from '../../../domain/tracking/types';

/** Every experiment, active and trashed, kept live across tabs and workers. */
export function useExperiments(): Experiment[] | undefined {
  return useLiveQuery(() => reads.allExperiments(), []);
}
