import { useLiveQuery } from 'dexie-react-hooks';
import { reads } from '../../../services/page';
import type { MetricHistory } from '../../../db/metricStore';
import type { RunId } from '../../../domain/ids';
import type { FileInfo } from '../../../domain/tracking/artifacts';
import type { Run } from '../../../domain/tracking/types';

/** The run, `null` when there is no such run, `undefined` while loading. */
export function useRun(runId: RunId): Run | null | undefined {
  return useLiveQuery(() => reads.run(runId), [runId]);
}

export function useMetricHistory(runId: RunId, key: string): MetricHistory | undefined {
  return useLiveQuery(() => reads.metricHistory({ runId, key }), [runId, key]);
}

export function useArtifactFiles(runId: RunId): FileInfo[] | undefined {
  return useLiveQuery(() => reads.artifactFiles(runId), [runId]);
}
