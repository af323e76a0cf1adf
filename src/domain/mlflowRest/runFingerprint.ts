/**
 * A short summary of what a run holds, which changes whenever it logs or ends: a mirrored run whose
 * fingerprint differs from the one it had when last pushed has something new for the server.
 */
import type { Run } from '../tracking/types';

export function runFingerprint(run: Pick<Run, 'status' | 'endTime' | 'lifecycleStage' | 'params' | 'tags' | 'metrics' | 'runName'>): string {
  let points = 0;
  let last = 0;
  for (const summary of Object.values(run.metrics)) {
    points += summary.count;
    last = Math.max(last, summary.latest.timestamp);
  }
  return [run.status, run.endTime ?? '', run.lifecycleStage, run.runName, Object.keys(run.params).length, JSON.stringify(run.tags).length, Object.keys(run.metrics).length, points, last].join('|');
}
