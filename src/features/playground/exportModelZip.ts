/**
 * "Export model": reads the model's files and the run's preprocessing files from the store and
 * zips them with a README (domain/playground/exportModel.ts); a forest also gets predict_forest.mjs,
 * the dependency-free script beside this module.
 */
import { tracking } from '../../services/page';
import { TrackingError } from '../../domain/errors';
import { exportModelFiles, modelZip } from '../../domain/playground/exportModel';
import type { DescribedModel } from '../../services/prediction/predictClient';
import forestScript from './predict_forest.mjs?raw';

async function read(runId: DescribedModel['location']['runId'], path: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await (await tracking.downloadArtifact(runId, path)).arrayBuffer());
  } catch (error) {
    if (error instanceof TrackingError && error.code === 'RESOURCE_DOES_NOT_EXIST') return null;
    throw error;
  }
}

export async function exportModelZip(model: DescribedModel): Promise<Blob> {
  const { runId } = model.location;
  const files = await exportModelFiles({
    uri: model.uri,
    location: model.location,
    summary: model.summary,
    format: model.format,
    read: (path) => read(runId, path),
    forestScript,
  });
  return new Blob([modelZip(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
