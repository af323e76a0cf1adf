/** Experiment writes and reads. Only the tracking client calls the writers. */
import { TrackingError } from '../domain/errors';
import { setOwn } from '../domain/records';
import { DEFAULT_EXPERIMENT_ID, newExperimentId, type ExperimentId } from '../domain/ids';
import type { Experiment, ViewType } from '../domain/tracking/types';
import {
  MAX_EXPERIMENT_TAG_VALUE_LENGTH,
  validateExperimentName,
  validateKey,
  validateTagValue,
} from '../domain/tracking/validation';
import type { TrainyardDB } from './schema';

export async function getExperiment(db: TrainyardDB, experimentId: ExperimentId): Promise<Experiment> {
  const experiment = await db.experiments.get(experimentId);
  if (!experiment) {
    throw new TrackingError('RESOURCE_DOES_NOT_EXIST', `No experiment with id "${experimentId}".`);
  }
  return experiment;
}

export function findExperimentByName(db: TrainyardDB, name: string): Promise<Experiment | undefined> {
  return db.experiments.where('name').equals(name).first();
}

export async function listExperiments(db: TrainyardDB, viewType: ViewType = 'ACTIVE_ONLY'): Promise<Experiment[]> {
  const all = await db.experiments.toArray();
  const wanted = all.filter((e) =>
    viewType === 'ALL' ? true : viewType === 'ACTIVE_ONLY' ? e.lifecycleStage === 'active' : e.lifecycleStage === 'deleted',
  );
  // MLflow's default order: creation_time DESC, then experiment_id ASC.
  return wanted.sort((a, b) => b.creationTime - a.creationTime || a.experimentId.localeCompare(b.experimentId));
}

function nameTaken(name: string, existing: Experiment): TrackingError {
  const where = existing.lifecycleStage === 'deleted' ? ' (it is in the trash; restore or rename it)' : '';
  return new TrackingError('RESOURCE_ALREADY_EXISTS', `An experiment named "${name}" already exists${where}.`);
}

export async function createExperiment(
  db: TrainyardDB,
  options: { name: string; tags?: Record<string, string>; now?: number },
): Promise<Experiment> {
  const name = validateExperimentName(options.name);
  const tags = validateExperimentTags(options.tags ?? {});
  const now = options.now ?? Date.now();
  return db.transaction('rw', db.experiments, async () => {
    const existing = await findExperimentByName(db, name);
    if (existing) throw nameTaken(name, existing);
    const experimentId = newExperimentId();
    const experiment: Experiment = {
      experimentId,
      name,
      artifactLocation: `mlruns/${experimentId}`,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
      tags,
    };
    await db.experiments.add(experiment);
    return experiment;
  });
}

function validateExperimentTags(tags: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    setOwn(out, validateKey('experiment tag', key), validateTagValue(key, value, MAX_EXPERIMENT_TAG_VALUE_LENGTH));
  }
  return out;
}

export async function renameExperiment(
  db: TrainyardDB,
  options: { experimentId: ExperimentId; name: string; now?: number },
): Promise<void> {
  const name = validateExperimentName(options.name);
  await db.transaction('rw', db.experiments, async () => {
    const experiment = await getExperiment(db, options.experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw new TrackingError('INVALID_STATE', `Experiment "${experiment.name}" is deleted; restore it before renaming.`);
    }
    const existing = await findExperimentByName(db, name);
    if (existing && existing.experimentId !== experiment.experimentId) throw nameTaken(name, existing);
    await db.experiments.update(experiment.experimentId, { name, lastUpdateTime: options.now ?? Date.now() });
  });
}

export async function setExperimentTag(
  db: TrainyardDB,
  options: { experimentId: ExperimentId; key: string; value: string },
): Promise<void> {
  const tags = validateExperimentTags({ [options.key]: options.value });
  await db.transaction('rw', db.experiments, async () => {
    const experiment = await getExperiment(db, options.experimentId);
    await db.experiments.update(experiment.experimentId, { tags: { ...experiment.tags, ...tags } });
  });
}

/** Moves an experiment and its active runs to the trash, as MLflow does; "Default" stays. */
export async function deleteExperiment(
  db: TrainyardDB,
  options: { experimentId: ExperimentId; now?: number },
): Promise<void> {
  const now = options.now ?? Date.now();
  if (options.experimentId === DEFAULT_EXPERIMENT_ID) {
    throw new TrackingError('INVALID_STATE', 'The "Default" experiment cannot be deleted.');
  }
  await db.transaction('rw', db.experiments, db.runs, async () => {
    const experiment = await getExperiment(db, options.experimentId);
    if (experiment.lifecycleStage === 'deleted') return;
    await db.experiments.update(experiment.experimentId, { lifecycleStage: 'deleted', lastUpdateTime: now });
    await db.runs
      .where('experimentId')
      .equals(experiment.experimentId)
      .filter((r) => r.lifecycleStage === 'active')
      .modify({ lifecycleStage: 'deleted', deletedTime: now, deletedWithExperiment: true });
  });
}

/** Restores an experiment and the runs that were trashed with it (runs deleted earlier stay deleted). */
export async function restoreExperiment(
  db: TrainyardDB,
  options: { experimentId: ExperimentId; now?: number },
): Promise<void> {
  await db.transaction('rw', db.experiments, db.runs, async () => {
    const experiment = await getExperiment(db, options.experimentId);
    if (experiment.lifecycleStage === 'active') return;
    await db.experiments.update(experiment.experimentId, {
      lifecycleStage: 'active',
      lastUpdateTime: options.now ?? Date.now(),
    });
    await db.runs
      .where('experimentId')
      .equals(experiment.experimentId)
      .filter((r) => r.lifecycleStage === 'deleted' && r.deletedWithExperiment === true)
      .modify({ lifecycleStage: 'active', deletedTime: null, deletedWithExperiment: false });
  });
}
