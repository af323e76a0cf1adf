/** A run's artifacts: a tree of files under its artifact root, each stored as a Blob. */
import Dexie from 'dexie';
import { TrackingError } from '../domain/errors';
import type { RunId } from '../domain/ids';
import { findPathClash, validateArtifactPath } from '../domain/tracking/validation';
import { assertActive, getRunRow } from './runStore';
import type { ArtifactRow, TrainyardDB } from './schema';
import { checkStoreFault } from './faults';
import type { FileInfo } from '../domain/tracking/artifacts';

function runArtifacts(db: TrainyardDB, runId: RunId) {
  return db.artifacts.where('[runId+path]').between([runId, Dexie.minKey], [runId, Dexie.maxKey]);
}

export async function putArtifact(
  db: TrainyardDB,
  options: { runId: RunId; path: string; blob: Blob; now?: number },
): Promise<void> {
  const path = validateArtifactPath(options.path);
  await db.transaction('rw', db.runs, db.artifacts, async () => {
    assertActive(await getRunRow(db, options.runId));
    const existing = await runArtifacts(db, options.runId).primaryKeys();
    const clash = findPathClash(path, existing.map(([, p]) => p));
    if (clash !== undefined) {
      throw new TrackingError(
        'INVALID_PARAMETER_VALUE',
        `Artifact path "${path}" clashes with "${clash}": a path can't be both a file and a folder.`,
      );
    }
    const row: ArtifactRow = {
      runId: options.runId,
      path,
      blob: options.blob,
      size: options.blob.size,
      type: options.blob.type || 'application/octet-stream',
      modifiedTime: options.now ?? Date.now(),
    };
    await db.artifacts.put(row);
    checkStoreFault('artifacts'); // test seam (faults.ts); aborts the write
  });
}

export async function getArtifact(db: TrainyardDB, options: { runId: RunId; path: string }): Promise<ArtifactRow> {
  const row = await db.artifacts.get([options.runId, options.path]);
  if (!row) {
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No artifact "${options.path}" in run ${options.runId}.`);
  }
  return row;
}

/** Every file of a run, without its contents, sorted by path. */
export async function listAllArtifacts(db: TrainyardDB, runId: RunId): Promise<FileInfo[]> {
  const rows: FileInfo[] = [];
  await runArtifacts(db, runId).each((row) => rows.push({ path: row.path, isDir: false, fileSize: row.size }));
  return rows;
}
