/**
 * The `MLmodel` file written at the root of a logged model's artifact folder (spec §11), so that
 * MLflow's UI and APIs list the model with its signature, input example, size and creating run.
 *
 * Flavors, of our own: `tfjs`, a TF.js layers model (`model.json` plus weight files, loadable with
 * `tf.loadLayersModel`), and `trainyard_forest`, a random forest (`forest.json`, the format of
 * domain/ml/forest/forestFormat.ts). There is deliberately no `python_function`
 * flavor: Python cannot load a TF.js layers model, and a pyfunc entry would promise
 * `mlflow.pyfunc.load_model` / `mlflow models serve` support that would then fail. Real MLflow
 * still reads the file, shows the signature and example, and registers the model.
 */
import { TrackingError } from '../errors';
import { isRunId } from '../ids';
import { stringifySafeYaml } from './safeYaml';
import type { ModelSignature, SignatureYamlFields } from './signature';
import { signatureToYamlFields } from './signature';

export { buildInputExampleJson, buildNdarrayExampleJson } from './inputExample';
export type { ExampleCell, NdArray } from './inputExample';
export { buildSignature, schemaToJson } from './signature';
export type { ColumnSpec, ColumnType, ModelSignature, Schema, SchemaDescription, TensorSpec } from './signature';

export const TFJS_FLAVOR = 'tfjs';
export const FOREST_FLAVOR = 'trainyard_forest';
export const FOREST_JSON_FILE = 'forest.json';
export const INPUT_EXAMPLE_FILE = 'input_example.json';

export type InputExampleInfo = {
  readonly artifactPath: typeof INPUT_EXAMPLE_FILE;
  readonly type: 'dataframe' | 'ndarray';
  /** Dataframe examples only; `split` is the only orient written (and the default). */
  readonly pandasOrient?: 'split';
};

export type MlmodelOptions = {
  readonly runId: string;
  /** Where the model sits under the run's artifacts, e.g. `model`. */
  readonly artifactPath: string;
  /** A TF.js model: the TF.js version that saved it. Exactly one of `tfjsVersion` and `forest`. */
  readonly tfjsVersion?: string;
  /** A random forest (forest.json). */
  readonly forest?: { readonly task: 'regression' | 'classification'; readonly nEstimators: number };
  readonly utcTimeCreated: Date;
  readonly signature?: ModelSignature;
  readonly inputExample?: InputExampleInfo;
  readonly modelSizeBytes?: number;
  readonly mlflowVersion?: string;
  /** 32 lowercase hex characters; generated when omitted. */
  readonly modelUuid?: string;
};

export type TfjsFlavor = { model_format: 'layers-model'; model_json: 'model.json'; tfjs_version: string };
export type ForestFlavor = { forest_json: typeof FOREST_JSON_FILE; format_version: 1; task: 'regression' | 'classification'; n_estimators: number };

/** MLmodel's fields, snake_case as in the file. Optional fields are absent, never null. */
export type MlmodelDocument = {
  artifact_path: string;
  flavors: { tfjs: TfjsFlavor } | { trainyard_forest: ForestFlavor };
  mlflow_version?: string;
  model_size_bytes?: number;
  model_uuid: string;
  run_id: string;
  saved_input_example_info?: { artifact_path: string; type: 'dataframe' | 'ndarray'; pandas_orient?: 'split' };
  signature?: SignatureYamlFields;
  utc_time_created: string;
};

const MODEL_UUID = /^[0-9a-f]{32}$/;

function invalid(message: string): never {
  throw new TrackingError('INVALID_PARAMETER_VALUE', message);
}

/** A model uuid as MLflow 2.x makes it (`uuid.uuid4().hex`): 32 lowercase hex characters. */
export function newModelUuid(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Python's `str(datetime)` for a naive UTC time: `YYYY-MM-DD HH:MM:SS.ffffff`, microseconds being
 * the milliseconds × 1000. (Python drops `.ffffff` when it is exactly zero; we always write it, which
 * every reader accepts and keeps the format fixed.)
 */
export function formatUtcTimeCreated(date: Date): string {
  const time = date.getTime();
  if (!Number.isFinite(time)) invalid('utcTimeCreated must be a valid date');
  const year = date.getUTCFullYear();
  if (year < 1 || year > 9999) invalid(`utcTimeCreated must fall in years 1 to 9999; got ${year}`);
  const two = (n: number): string => String(n).padStart(2, '0');
  return (
    `${String(year).padStart(4, '0')}-${two(date.getUTCMonth() + 1)}-${two(date.getUTCDate())} ` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}.` +
    String(date.getUTCMilliseconds() * 1000).padStart(6, '0')
  );
}

function nonEmpty(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') invalid(`${field} must be non-empty text; got ${JSON.stringify(value) ?? String(value)}`);
  return value;
}

function flavorsOf(options: MlmodelOptions): MlmodelDocument['flavors'] {
  const { forest, tfjsVersion } = options;
  if ((forest === undefined) === (tfjsVersion === undefined)) invalid('give exactly one of tfjsVersion (a TF.js model) and forest (a random forest)');
  if (!forest) return { tfjs: { model_format: 'layers-model', model_json: 'model.json', tfjs_version: nonEmpty(tfjsVersion, 'tfjsVersion') } };
  if (!(Number.isSafeInteger(forest.nEstimators) && forest.nEstimators >= 1)) invalid(`forest.nEstimators must be a whole number of trees, 1 or more; got ${forest.nEstimators}`);
  if (forest.task !== 'regression' && forest.task !== 'classification') invalid(`forest.task must be regression or classification; got ${JSON.stringify(forest.task)}`);
  return { trainyard_forest: { forest_json: FOREST_JSON_FILE, format_version: 1, task: forest.task, n_estimators: forest.nEstimators } };
}

/** The MLmodel content as an object (validated). Throws INVALID_PARAMETER_VALUE naming the field. */
export function buildMlmodel(options: MlmodelOptions): MlmodelDocument {
  const { runId, inputExample, modelSizeBytes, mlflowVersion, signature } = options;
  if (!isRunId(runId)) invalid(`runId must be a run id (letters, digits, _ or -); got ${JSON.stringify(runId) ?? String(runId)}`);
  const modelUuid = options.modelUuid ?? newModelUuid();
  if (!MODEL_UUID.test(modelUuid)) invalid(`modelUuid must be 32 lowercase hex characters; got ${JSON.stringify(modelUuid)}`);
  if (modelSizeBytes !== undefined && !(Number.isSafeInteger(modelSizeBytes) && modelSizeBytes >= 0)) {
    invalid(`modelSizeBytes must be a whole number of bytes, 0 or more; got ${modelSizeBytes}`);
  }
  const doc: MlmodelDocument = {
    artifact_path: nonEmpty(options.artifactPath, 'artifactPath'),
    flavors: flavorsOf(options),
    model_uuid: modelUuid,
    run_id: runId,
    utc_time_created: formatUtcTimeCreated(options.utcTimeCreated),
  };
  if (mlflowVersion !== undefined) doc.mlflow_version = nonEmpty(mlflowVersion, 'mlflowVersion');
  if (modelSizeBytes !== undefined) doc.model_size_bytes = modelSizeBytes;
  if (signature !== undefined) doc.signature = signatureToYamlFields(signature);
  if (inputExample !== undefined) {
    if (inputExample.artifactPath !== INPUT_EXAMPLE_FILE) invalid(`inputExample.artifactPath must be ${INPUT_EXAMPLE_FILE}`);
    if (inputExample.type === 'dataframe') {
      doc.saved_input_example_info = { artifact_path: INPUT_EXAMPLE_FILE, type: 'dataframe', pandas_orient: inputExample.pandasOrient ?? 'split' };
    } else if (inputExample.type === 'ndarray') {
      if (inputExample.pandasOrient !== undefined) invalid('inputExample.pandasOrient applies only to dataframe examples');
      doc.saved_input_example_info = { artifact_path: INPUT_EXAMPLE_FILE, type: 'ndarray' };
    } else {
      invalid(`inputExample.type must be dataframe or ndarray; got ${JSON.stringify(inputExample.type)}`);
    }
  }
  return doc;
}

/**
 * The MLmodel file's text: YAML as `yaml.safe_dump` writes it (block style, keys sorted, strings
 * that look like numbers or dates quoted), signature schemas as JSON strings.
 */
export function buildMlmodelYaml(options: MlmodelOptions): string {
  return stringifySafeYaml(buildMlmodel(options));
}
