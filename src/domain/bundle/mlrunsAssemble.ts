/**
 * Builds Experiments and BundleRuns from the files of one experiment or run folder, checking what
 * MLflow checks (ids, keys, value limits, metric lines) and collecting every problem.
 */
import type { ExperimentId, RunId } from '../ids';
import { isRunId } from '../ids';
import { setOwn } from '../records';
import { updateSummary } from '../tracking/metricSummary';
import type { Experiment, MetricSummary, Run } from '../tracking/types';
import {
  MAX_EXPERIMENT_TAG_VALUE_LENGTH,
  MAX_PARAM_VALUE_LENGTH,
  validateArtifactPath,
  validateExperimentName,
  validateKey,
} from '../tracking/validation';
import type { BundleError, BundleHistory, BundleLimits, BundleRun } from './bundle.types';
import type { ExperimentDir, KeyedEntry, RunDir } from './mlrunsLayout';
import { experimentArtifactLocation, runArtifactUri } from './mlrunsFormat';
import { parseMetricFile } from './metricParse';
import { decodeText, parseMetaYaml, type MetaFields } from './mlrunsParse';
import type { ZipEntry } from './zipRead';

export interface ReadContext {
  limits: BundleLimits;
  errors: BundleError[];
  /** Adds an aggregated note: "<count> × why (e.g. example)". */
  note(why: string, example: string): void;
  /** The entry's bytes, or null after reporting why not. */
  read(entry: ZipEntry): Uint8Array | null;
}

const ALL_DIGITS = /^\d{1,64}$/;
const TAG_RUN_NAME = 'mlflow.runName';
const TAG_PARENT_RUN_ID = 'mlflow.parentRunId';
const TAG_USER = 'mlflow.user';

/** A meta.yaml entry's fields, or null with the problem in ctx.errors (too big, not text, not YAML). */
export function readMeta(entry: ZipEntry, ctx: ReadContext): MetaFields | null {
  if (entry.uncompressedSize > ctx.limits.maxMetaYamlBytes) {
    ctx.errors.push({ entry: entry.name, message: `meta.yaml is ${entry.uncompressedSize} bytes; the limit is ${ctx.limits.maxMetaYamlBytes}.` });
    return null;
  }
  const bytes = ctx.read(entry);
  const text = bytes && decodeText(bytes, entry.name, ctx.errors);
  return text === null ? null : parseMetaYaml(text, entry.name, ctx.errors);
}

/** Problem text of a validator that throws, or null. */
function problem(check: () => unknown): string | null {
  try {
    check();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The text of a param, tag or metric file whose key MLflow allows; null (with the error noted) otherwise. */
function keyedText(kind: Parameters<typeof validateKey>[0], key: string, entry: KeyedEntry['entry'], ctx: ReadContext): string | null {
  const bad = problem(() => validateKey(kind, key));
  if (bad) {
    ctx.errors.push({ entry: entry.name, message: bad });
    return null;
  }
  const bytes = ctx.read(entry);
  return bytes && decodeText(bytes, entry.name, ctx.errors);
}

/** Value files (params, tags) with valid keys and values within `limit` characters. */
function readValues(files: readonly KeyedEntry[], kind: 'param' | 'tag' | 'experiment tag', limit: number, ctx: ReadContext): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { key, entry } of files) {
    const text = keyedText(kind, key, entry, ctx);
    if (text === null) continue;
    if (text.length > limit) {
      ctx.errors.push({ entry: entry.name, message: `The ${kind} value is ${text.length} characters long; MLflow's limit is ${limit}.` });
      continue;
    }
    setOwn(values, key, text);
  }
  return values;
}

/** An experiment; creation times missing from its meta.yaml are filled in by the caller (NaN here). */
export function assembleExperiment(dir: ExperimentDir, ctx: ReadContext): Experiment | null {
  const metaEntry = dir.meta as ZipEntry;
  const before = ctx.errors.length;
  if (!ALL_DIGITS.test(dir.dirName)) {
    ctx.errors.push({ entry: dir.prefix, message: `Experiment folder "${dir.dirName}" is not an all-digit experiment id, which Trainyard and MLflow's SQL stores need.` });
  }
  const fields = readMeta(metaEntry, ctx);
  const tags = readValues(dir.tags, 'experiment tag', MAX_EXPERIMENT_TAG_VALUE_LENGTH, ctx);
  if (fields === null) return null;
  const id = fields.id('experiment_id', true);
  if (id !== undefined && id !== dir.dirName) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('experiment_id'), message: `experiment_id "${id}" does not match its folder "${dir.dirName}".` });
  }
  const name = fields.string('name', true);
  const badName = name === undefined ? null : problem(() => validateExperimentName(name));
  if (badName) ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('name'), message: badName });
  fields.string('artifact_location');
  const stage = fields.lifecycleStage();
  const creationTime = fields.integer('creation_time');
  const lastUpdateTime = fields.integer('last_update_time');
  if (ctx.errors.length > before || name === undefined) return null;
  return {
    experimentId: dir.dirName as ExperimentId,
    name,
    artifactLocation: experimentArtifactLocation(dir.dirName),
    lifecycleStage: dir.trashed ? 'deleted' : (stage ?? 'active'),
    creationTime: creationTime ?? NaN,
    lastUpdateTime: lastUpdateTime ?? NaN,
    tags,
  };
}

export function assembleRun(dir: RunDir, experimentId: string, ctx: ReadContext): BundleRun | null {
  const metaEntry = dir.meta as ZipEntry;
  const before = ctx.errors.length;
  if (!isRunId(dir.dirName)) {
    ctx.errors.push({ entry: dir.prefix, message: `Run folder "${dir.dirName}" is not a valid MLflow run id.` });
  }
  const fields = readMeta(metaEntry, ctx);
  const params = readValues(dir.params, 'param', MAX_PARAM_VALUE_LENGTH, ctx);
  const tags = readValues(dir.tags, 'tag', ctx.limits.maxRunTagValueLength, ctx);
  const histories = readHistories(dir.metrics, ctx);
  const artifacts = readArtifacts(dir.artifacts, ctx);
  if (fields === null) return null;

  const runId = fields.id('run_id');
  const runUuid = fields.id('run_uuid');
  if (runId === undefined && runUuid === undefined) {
    ctx.errors.push({ entry: metaEntry.name, message: 'run_id (or run_uuid) is missing.' });
  } else if (runId !== undefined && runUuid !== undefined && runId !== runUuid) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('run_uuid'), message: `run_uuid "${runUuid}" differs from run_id "${runId}".` });
  } else if ((runId ?? runUuid) !== dir.dirName) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf(runId === undefined ? 'run_uuid' : 'run_id'), message: `The run id "${runId ?? runUuid}" does not match its folder "${dir.dirName}".` });
  }
  const metaExperimentId = fields.id('experiment_id', true);
  if (metaExperimentId !== undefined && metaExperimentId !== experimentId) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('experiment_id'), message: `experiment_id "${metaExperimentId}" does not match the experiment folder "${experimentId}".` });
  }
  const startTime = fields.integer('start_time', true);
  const endTime = fields.integer('end_time');
  const deletedTime = fields.integer('deleted_time');
  const status = fields.status();
  const stage = fields.lifecycleStage();
  const metaRunName = fields.string('run_name');
  const metaUser = fields.string('user_id');
  const artifactUri = fields.string('artifact_uri');
  if (artifactUri !== undefined && /^[a-z][a-z0-9+.-]+:/i.test(artifactUri) && !/^file:/i.test(artifactUri)) {
    ctx.note('runs keep their artifacts outside the zip; only files in their artifacts/ folders were imported', artifactUri);
  }
  const parentRunId = Object.hasOwn(tags, TAG_PARENT_RUN_ID) ? (tags[TAG_PARENT_RUN_ID] as string) : null;
  if (parentRunId !== null && !isRunId(parentRunId)) {
    const tagEntry = dir.tags.find((t) => t.key === TAG_PARENT_RUN_ID)?.entry.name ?? metaEntry.name;
    ctx.errors.push({ entry: tagEntry, message: `The parent run id ${JSON.stringify(parentRunId)} is not a valid run id.` });
  }
  if (ctx.errors.length > before || startTime == null || status === undefined) return null;

  const runName = metaRunName || (Object.hasOwn(tags, TAG_RUN_NAME) ? (tags[TAG_RUN_NAME] as string) : '');
  if (runName !== '' && !Object.hasOwn(tags, TAG_RUN_NAME)) setOwn(tags, TAG_RUN_NAME, runName);
  const metrics: Record<string, MetricSummary> = {};
  for (const [key, history] of Object.entries(histories)) setOwn(metrics, key, updateSummary(undefined, history, key));
  const run: Run = {
    runId: dir.dirName as RunId,
    experimentId: experimentId as ExperimentId,
    runName,
    status,
    startTime,
    endTime: endTime ?? null,
    lifecycleStage: stage ?? 'active',
    deletedTime: deletedTime ?? null,
    userId: metaUser ?? (Object.hasOwn(tags, TAG_USER) ? (tags[TAG_USER] as string) : ''),
    artifactUri: runArtifactUri(experimentId, dir.dirName),
    parentRunId: parentRunId as RunId | null,
    params,
    tags,
    metrics,
  };
  return { run, histories, artifacts };
}

function readHistories(files: readonly KeyedEntry[], ctx: ReadContext): Record<string, BundleHistory> {
  const histories: Record<string, BundleHistory> = {};
  for (const { key, entry } of files) {
    const text = keyedText('metric', key, entry, ctx);
    if (text === null) continue;
    const parsed = parseMetricFile(text);
    for (const { line, message } of parsed.errors) ctx.errors.push({ entry: entry.name, line, message });
    if (parsed.datasetLines > 0) ctx.note('metric lines tied to a dataset (5 fields) were imported without their dataset names', entry.name);
    if (parsed.errors.length === 0) setOwn(histories, key, parsed.history);
  }
  return histories;
}

function readArtifacts(files: readonly KeyedEntry[], ctx: ReadContext): BundleRun['artifacts'] {
  const artifacts: BundleRun['artifacts'] = [];
  for (const { key, entry } of files) {
    const bad = problem(() => validateArtifactPath(key));
    if (bad) {
      ctx.errors.push({ entry: entry.name, message: bad });
      continue;
    }
    const bytes = ctx.read(entry);
    if (bytes) artifacts.push({ path: key, bytes });
  }
  return artifacts.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
