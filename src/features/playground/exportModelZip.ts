/**
 * "Export model": reads the model's files and the run's preprocessing files from the store and
 * zips them with a README (domain/playground/exportModel.ts).
 */
import { tracking } from '../../services/page';
import { TrackingError } from '../../domain/errors';
import { exportReadme, MODEL_FILES, modelZip, OPTIONAL_MODEL_FILES, PREPROCESSING_FILES, type ExportFile } from '../../domain/playground/exportModel';
import type { DescribedModel } from '../../services/prediction/predictClient';

async function read(runId: DescribedModel['location']['runId'], path: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await (await tracking.downloadArtifact(runId, path)).arrayBuffer());
  } catch (error) {
    if (error instanceof TrackingError && error.code === 'RESOURCE_DOES_NOT_EXIST') return null;
    throw error;
  }
}

export async function exportModelZip(model: DescribedModel): Promise<Blob> {
  const { runId, artifactPath } = model.location;
  const inFolder = (file: string) => (artifactPath ? `${artifactPath}/${file}` : file);
  const files: ExportFile[] = [];
  for (const file of [...MODEL_FILES, ...OPTIONAL_MODEL_FILES]) {
    const bytes = await read(runId, inFolder(file));
    if (bytes) files.push({ path: file, bytes });
    else if ((MODEL_FILES as readonly string[]).includes(file)) throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `The model's ${inFolder(file)} is missing from run ${runId}.`);
  }
  for (const file of PREPROCESSING_FILES) {
    const bytes = (await read(runId, inFolder(file))) ?? (artifactPath ? await read(runId, file) : null);
    if (bytes) files.push({ path: file, bytes });
  }
  const readme = exportReadme({ uri: model.uri, runId, summary: model.summary, files: [...files.map((f) => f.path), 'README.md'] });
  files.push({ path: 'README.md', bytes: new TextEncoder().encode(readme) });
  return new Blob([modelZip(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
}
