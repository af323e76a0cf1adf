/**
 * What a push reads of a local run, from the page's reads: the run, its experiment's name, every
 * metric's points in logging order, and its artifact files (read only when uploaded).
 */
import type { Reads } from '../../db/queries';
import type { TrackingClient } from '../../db/trackingClient';
import type { RunId } from '../../domain/ids';
import type { MetricPointIn } from '../../domain/mlflowRest/logBatch';
import type { LocalRunData } from './pushRun';

export async function localRunData(deps: { reads: Reads; tracking: TrackingClient }, runId: RunId): Promise<LocalRunData> {
  const { reads, tracking } = deps;
  const run = await tracking.getRun(runId);
  const experiment = await tracking.getExperiment(run.experimentId);
  const histories: Record<string, MetricPointIn[]> = {};
  for (const key of Object.keys(run.metrics)) {
    const history = await reads.metricHistory({ runId, key });
    const points: MetricPointIn[] = [];
    for (let i = 0; i < history.values.length; i++) {
      points.push({ key, step: history.steps[i] as number, value: history.values[i] as number, timestamp: history.timestamps[i] as number });
    }
    histories[key] = points;
  }
  const files = (await reads.artifactFiles(runId)).filter((file) => !file.isDir);
  const artifacts = files.map((file) => ({
    path: file.path,
    size: file.fileSize,
    read: async () => {
      const row = await reads.artifactOrNull({ runId, path: file.path });
      if (!row) throw new Error(`The artifact ${file.path} of run ${runId} is gone from this browser's store`);
      return row.blob;
    },
  }));
  return { run, experimentName: experiment.name, histories, artifacts };
}
