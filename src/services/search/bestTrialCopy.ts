/**
 * Copies a search's best trial onto its parent run when the search ends (activeSearch.ts calls
 * it): the trial's split metrics, its model, and the files the model predicts through.
 */
import type { TrackingClient } from '../../db/trackingClient';
import { PREPROCESSING_FILES } from '../../domain/playground/exportModel';
import type { RunId } from '../../domain/ids';
import { bestRunMetrics, MODEL_ARTIFACT_PATH, retargetMlmodel } from './searchParentRun';

/**
 * What the parent keeps of the best trial: its train/val/test metrics under the same names, a
 * copy of its model (MLmodel's run_id pointing at the parent) and the preprocessing files the
 * model predicts through, as MLflow's hyperparameter example keeps the best run's results on the
 * parent run.
 */
export async function keepBestTrial(client: TrackingClient, bestRunId: RunId, parentRunId: RunId): Promise<void> {
  const best = await client.getRun(bestRunId);
  const metrics = bestRunMetrics(best);
  if (Object.keys(metrics).length > 0) client.logMetrics(metrics, { runId: parentRunId, step: 0 });
  await copyArtifacts(client, bestRunId, parentRunId, MODEL_ARTIFACT_PATH);
  // What the model needs to predict from raw inputs (the recipes log it at the run's root).
  const atRoot = new Set((await client.listArtifacts(bestRunId)).map((f) => f.path));
  for (const file of PREPROCESSING_FILES) {
    if (atRoot.has(file)) await client.logArtifact(await client.downloadArtifact(bestRunId, file), file, { runId: parentRunId });
  }
}

async function copyArtifacts(client: TrackingClient, from: RunId, to: RunId, path: string): Promise<void> {
  for (const entry of await client.listArtifacts(from, path)) {
    if (entry.isDir) {
      await copyArtifacts(client, from, to, entry.path);
      continue;
    }
    const blob = await client.downloadArtifact(from, entry.path);
    const content = entry.path === `${MODEL_ARTIFACT_PATH}/MLmodel` ? retargetMlmodel(await blob.text(), to) : blob;
    await client.logArtifact(content, entry.path, { runId: to });
  }
}
