/**
 * Permanent deletion, as `mlflow gc`: runs and experiments in the trash, and imported datasets'
 * stored files. Each verb is one transaction in db/purgeStore; RUNNING runs are never purged.
 */
import * as purge from '../../db/purgeStore';
import type { TrainyardDB } from '../../db/schema';
import type { ExperimentId, RunId } from '../../domain/ids';

export class StorageService {
  private readonly db: TrainyardDB;

  constructor(db: TrainyardDB) {
    this.db = db;
  }

  /**
   * Deletes a run in the trash for good: its params, tags, metric histories and artifacts, in one
   * transaction. A run not in the trash, or still RUNNING, is refused with a TrackingError.
   */
  purgeRun(runId: RunId): Promise<void> {
    return purge.purgeRun(this.db, { runId });
  }

  /** Deletes an experiment in the trash and all its runs for good; refused while any run is RUNNING. Resolves with the runs purged. */
  purgeExperiment(experimentId: ExperimentId): Promise<RunId[]> {
    return purge.purgeExperiment(this.db, { experimentId });
  }

  /** Purges everything in the trash except what holds a RUNNING run (named in `skipped`). */
  emptyTrash(): Promise<purge.EmptyTrashResult> {
    return purge.emptyTrash(this.db);
  }

  /** Deletes an imported dataset's stored file (runs that used it keep its name and sha256). */
  deleteDataset(datasetId: string): Promise<void> {
    return purge.deleteDataset(this.db, { datasetId });
  }
}
