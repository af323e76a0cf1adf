/**
 * Builds Experiments and BundleRuns from the files of one experiment or run folder, checking what
 * MLflow's FileStore checks when it reads them (ids, key names, metric lines) and collecting every
 * problem. Value lengths are not checked: import keeps whatever the MLflow that wrote the tree
 * stored (its write limits differ by version and client); the zip layer bounds the bytes.
 */
import type { ExperimentId, RunId } from '../ids';
import { isRunId } from '../ids';
import { setOwn } from '../records';
import { updateSummary } from '../tracking/metricSummary';
import type { Experiment, MetricSummary, Run } from '../tracking/types';
import { validateArtifactPath } from '../tracking/validation';
import type { BundleError, BundleHistory, BundleLimits, BundleRun } from './bundle.types';
import type { ExperimentDir, KeyedEntry, RunDir, Unmodelled } from './mlrunsLayout';
import { experimentArtifactLocation, runArtifactUri } from './mlrunsFormat';
import { parseMetricFile } from './metricParse';
import { decodeText, importedKeyProblem, parseMetaYaml, type MetaFields } from './mlrunsParse';
import type { ZipEntry } from './zipRead';
import { counted } from './wording';

export interface ReadContext {
  limits: BundleLimits;
  errors: BundleError[];
  /** Adds an aggregated note: "<count> × why (e.g. example)". */
  note(why: string, example: string): void;
  /** The entry's bytes, or null after reporting why not (`quiet`: null without reporting, for records that are not imported). */
  read(entry: ZipEntry, options?: { quiet?: boolean }): Uint8Array | null;
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
function keyedText(kind: string, key: string, entry: KeyedEntry['entry'], ctx: ReadContext): string | null {
  const bad = importedKeyProblem(kind, key);
  if (bad) {
    ctx.errors.push({ entry: entry.name, message: bad });
    return null;
  }
  const bytes = ctx.read(entry);
  return bytes && decodeText(bytes, entry.name, ctx.errors);
}

/** Value files (params, tags) with valid keys, values verbatim whatever their length. */
function readValues(files: readonly KeyedEntry[], kind: 'param' | 'tag' | 'experiment tag', ctx: ReadContext): Record<string, string> {
  const values: Record<string, string> = {};
  for (const { key, entry } of files) {
    const text = keyedText(kind, key, entry, ctx);
    if (text !== null) setOwn(values, key, text);
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
  const tags = readValues(dir.tags, 'experiment tag', ctx);
  if (fields === null) return null;
  const id = fields.id('experiment_id', true);
  if (id !== undefined && id !== dir.dirName) {
    ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('experiment_id'), message: `experiment_id "${id}" does not match its folder "${dir.dirName}".` });
  }
  // MLflow never creates an experiment without a name; on read it checks no length.
  const name = fields.string('name', true);
  if (name === '') ctx.errors.push({ entry: metaEntry.name, line: fields.lineOf('name'), message: 'Invalid experiment name: it is empty.' });
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
  const params = readValues(dir.params, 'param', ctx);
  const tags = readValues(dir.tags, 'tag', ctx);
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

const were = (n: number): string => (n === 1 ? 'was' : 'were');

/**
 * One note per kind of record MLflow keeps that Trainyard does not model, with its count and an
 * example folder: never an error, never silently dropped. Run inputs are told apart (dataset or
 * model input) by their meta.yaml's `source_type`; one whose meta.yaml is missing or unreadable
 * counts as an "other input" (malformed YAML in a record that is not imported does not fail the import).
 */
export function unmodelledNotes(unmodelled: Unmodelled, ctx: ReadContext): string[] {
  const notes: string[] = [];
  const example = (folders: Iterable<string>): string => {
    for (const folder of folders) return ` (e.g. "${folder}")`;
    return '';
  };
  const { loggedModels, datasets, traces, runInputs, runOutputs } = unmodelled;
  if (loggedModels.size > 0) {
    notes.push(
      `${counted(loggedModels.size, 'logged model', 'logged models')} (MLflow 3 \`<experiment>/models/m-…\`) ${were(loggedModels.size)} not imported: ` +
        `Trainyard has no logged models, so their files, params and metrics stay out; model versions registered from one keep their \`models:/m-…\` source${example(loggedModels)}.`,
    );
  }
  if (datasets.size > 0) {
    notes.push(`${counted(datasets.size, 'dataset record', 'dataset records')} (\`<experiment>/datasets/\`) ${were(datasets.size)} not imported${example(datasets)}.`);
  }
  if (runInputs.size > 0) {
    const kinds = { DATASET: 0, MODEL: 0, other: 0 };
    for (const entry of runInputs.values()) kinds[inputKind(entry, ctx)]++;
    const parts = [
      kinds.DATASET > 0 ? counted(kinds.DATASET, 'dataset input', 'dataset inputs') : '',
      kinds.MODEL > 0 ? counted(kinds.MODEL, 'model input', 'model inputs') : '',
      kinds.other > 0 ? counted(kinds.other, 'other input', 'other inputs') : '',
    ].filter((p) => p !== '');
    const list = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1] as string}` : (parts[0] as string);
    notes.push(`${list} of runs (\`<run>/inputs/\`) ${were(runInputs.size)} not imported: the runs come without their inputs${example(runInputs.keys())}.`);
  }
  if (runOutputs.size > 0) {
    notes.push(
      `${counted(runOutputs.size, 'run output', 'run outputs')} (logged models a run produced, \`<run>/outputs/\`) ${were(runOutputs.size)} not imported${example(runOutputs)}.`,
    );
  }
  if (traces.size > 0) {
    notes.push(`${counted(traces.size, 'trace', 'traces')} (MLflow 3 \`<experiment>/traces/\`) ${were(traces.size)} not imported${example(traces)}.`);
  }
  return notes;
}

function inputKind(entry: ZipEntry | null, ctx: ReadContext): 'DATASET' | 'MODEL' | 'other' {
  if (entry === null || entry.uncompressedSize > ctx.limits.maxMetaYamlBytes) return 'other';
  // A record that is not imported can't fail the import: nothing here is reported.
  const bytes = ctx.read(entry, { quiet: true });
  const quiet: BundleError[] = [];
  const text = bytes && decodeText(bytes, entry.name, quiet);
  const fields = text === null ? null : parseMetaYaml(text, entry.name, quiet);
  const kind = fields?.string('source_type');
  return kind === 'DATASET' || kind === 'MODEL' ? kind : 'other';
}
