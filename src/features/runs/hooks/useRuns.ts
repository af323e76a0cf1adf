import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../app/tracking';
import { listRuns } from '../../../db/runQueries';
import type { ExperimentId } from '../../../domain/ids';
import type { Run, ViewType } from '../../../domain/tracking/types';

export function useRuns(experimentId: ExperimentId, viewType: ViewType): Run[] | undefined {
  return useLiveQuery(() => listRuns(db, { experimentIds: [experimentId], viewType }), [experimentId, viewType]);
}
