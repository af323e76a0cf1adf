import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../app/tracking';
import { listExperiments } from '../../../db/experimentStore';
import type { Experiment } from '../../../domain/tracking/types';

/** Every experiment, active and trashed, kept live across tabs and workers. */
export function useExperiments(): Experiment[] | undefined {
  return useLiveQuery(() => listExperiments(db, 'ALL'), []);
}
