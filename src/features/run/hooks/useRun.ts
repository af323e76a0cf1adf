import { useLiveQuery } from 'dexie-react-hooks';
import { db } from '../../../app/tracking';
import { listAllArtifacts } from '../../../db/artifactStore';
import { getMetricHistory, type MetricHistory } from '../../../db/metricStore';
import { findRun } from '../../../db/runStore';
import type { RunId } from '../../../domain/ids';
import type { FileInfo } from '../../../domain/tracking/artifacts';
import type { Run } from '../../../domain/tracking/types';

/** The run, `null` when there is no such run, `undefined` while loading. */
export function useRun(runId: RunId): Run | null | undefined {
  return useLiveQuery(() => findRun(db, runId), [runId]);
}

export function useMetricHistory(runId: RunId, key: string): MetricHistory | undefined {
  return useLiveQuery(() => getMetricHistory(db, { runId, key }), [runId, key]);
}

export function useArtifactFiles(runId: RunId): FileInfo[] | undefined {
  return useLiveQuery(() => listAllArtifacts(db, runId), [runId]);
}
