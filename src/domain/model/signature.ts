/**
 * MLflow model signatures (spec §11.1): the inputs and outputs a model expects, as column specs
 * (named, typed table columns) or tensor specs (numpy dtype + shape, -1 = any size). In the MLmodel
 * file each schema is a JSON string written by `json.dumps`, so field order follows MLflow's
 * `to_dict`: columns `{"type", "name", "required"}`, tensors `{"name", "type", "tensor-spec"}`.
 */
import { TrackingError } from '../errors';
import type { JsonValue } from './pythonJson';
import { toPythonJson } from './pythonJson';

export const COLUMN_TYPES = ['boolean', 'integer', 'long', 'float', 'double', 'string', 'binary', 'datetime'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

/** numpy dtype names MLflow accepts in tensor specs (TF.js produces float32, int32, bool and str). */
export const TENSOR_DTYPES = [
  'bool', 'int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64',
  'float16', 'float32', 'float64', 'str', 'bytes', 'object',
] as const;
export type TensorDtype = (typeof TENSOR_DTYPES)[number];

export type ColumnSpec = {
  readonly type: ColumnType;
  /** Omitted for unnamed columns; within one schema, either every column is named or none is. */
  readonly name?: string;
  /** Defaults to true, as in MLflow. */
  readonly required?: boolean;
};

export type TensorSpec = {
  readonly type: 'tensor';
  readonly name?: string;
  /** `dtype` is a numpy dtype name (see TENSOR_DTYPES; checked when written). */
  readonly 'tensor-spec': { readonly dtype: string; readonly shape: readonly number[] };
};

export type Schema = readonly ColumnSpec[] | readonly TensorSpec[];

/** `params` (inference parameters) are not supported yet and are written as `null`, as MLflow does. */
export type ModelSignature = { readonly inputs: Schema; readonly outputs: Schema; readonly params?: null };

/** The signature as it sits in MLmodel: each schema a JSON string. */
export type SignatureYamlFields = { inputs: string; outputs: string; params: null };

export type SchemaDescription =
  | {
      /** Column names (typed `type`, default double) or full column descriptions. */
      readonly columns: readonly (string | { readonly name: string; readonly type?: ColumnType; readonly required?: boolean })[];
      readonly type?: ColumnType;
    }
  | {
      /** One tensor; `null` dimensions (TF.js's batch dimension) become -1. dtype defaults to float32. */
      readonly tensor: { readonly shape: readonly (number | null)[]; readonly dtype?: string; readonly name?: string };
    };

function invalid(message: string): never {
  throw new TrackingError('INVALID_PARAMETER_VALUE', message);
}

function isTensor(spec: ColumnSpec | TensorSpec): spec is TensorSpec {
  return spec.type === 'tensor';
}

function checkName(name: unknown, where: string): void {
  if (name !== undefined && (typeof name !== 'string' || name === '')) {
    invalid(`${where}.name must be a non-empty string when given; got ${JSON.stringify(name) ?? String(name)}`);
  }
}

/** Throws INVALID_PARAMETER_VALUE naming the entry at fault (`signature.inputs[2].type …`). */
export function checkSchema(schema: Schema, field: string): void {
  if (!Array.isArray(schema) || schema.length === 0) invalid(`${field} must list at least one column or tensor`);
  const specs: readonly (ColumnSpec | TensorSpec)[] = schema;
  const tensors = isTensor(specs[0] as ColumnSpec | TensorSpec);
  const names = new Set<string>();
  specs.forEach((spec, i) => {
    const where = `${field}[${i}]`;
    if (isTensor(spec) !== tensors) invalid(`${where} is a ${tensors ? 'column' : 'tensor'} but ${field}[0] is not; MLflow schemas are all columns or all tensors`);
    checkName(spec.name, where);
    if ((spec.name === undefined) !== (specs[0]?.name === undefined)) invalid(`${where}: either every entry of ${field} is named or none is`);
    if (spec.name !== undefined) {
      if (names.has(spec.name)) invalid(`${where}.name ${JSON.stringify(spec.name)} is used twice`);
      names.add(spec.name);
    }
    if (isTensor(spec)) {
      const { dtype, shape } = spec['tensor-spec'];
      if (!(TENSOR_DTYPES as readonly string[]).includes(dtype)) invalid(`${where}.tensor-spec.dtype must be one of ${TENSOR_DTYPES.join(', ')}; got ${JSON.stringify(dtype)}`);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= -1)) {
        invalid(`${where}.tensor-spec.shape must be a list of whole numbers, -1 for a variable dimension; got ${JSON.stringify(shape)}`);
      }
    } else {
      if (!(COLUMN_TYPES as readonly string[]).includes(spec.type)) invalid(`${where}.type must be one of ${COLUMN_TYPES.join(', ')}; got ${JSON.stringify(spec.type)}`);
      if (spec.required !== undefined && typeof spec.required !== 'boolean') invalid(`${where}.required must be true or false`);
    }
  });
}

function specToJson(spec: ColumnSpec | TensorSpec): JsonValue {
  if (isTensor(spec)) {
    const tensor = { type: 'tensor', 'tensor-spec': { dtype: spec['tensor-spec'].dtype, shape: [...spec['tensor-spec'].shape] } };
    return spec.name === undefined ? tensor : { name: spec.name, ...tensor };
  }
  return spec.name === undefined
    ? { type: spec.type, required: spec.required ?? true }
    : { type: spec.type, name: spec.name, required: spec.required ?? true };
}

/** The schema as MLflow's JSON string (validated first). */
export function schemaToJson(schema: Schema, field = 'schema'): string {
  checkSchema(schema, field);
  const specs: readonly (ColumnSpec | TensorSpec)[] = schema;
  return toPythonJson(specs.map(specToJson), field);
}

/** The `signature:` block of MLmodel. */
export function signatureToYamlFields(signature: ModelSignature): SignatureYamlFields {
  return {
    inputs: schemaToJson(signature.inputs, 'signature.inputs'),
    outputs: schemaToJson(signature.outputs, 'signature.outputs'),
    params: null,
  };
}

function fromDescription(description: SchemaDescription): Schema {
  if ('tensor' in description) {
    const { shape, dtype = 'float32', name } = description.tensor;
    const spec: TensorSpec = {
      type: 'tensor',
      ...(name === undefined ? {} : { name }),
      'tensor-spec': { dtype, shape: shape.map((d) => (d === null ? -1 : d)) },
    };
    return [spec];
  }
  const defaultType = description.type ?? 'double';
  return description.columns.map((column): ColumnSpec =>
    typeof column === 'string'
      ? { type: defaultType, name: column, required: true }
      : { type: column.type ?? defaultType, name: column.name, required: column.required ?? true },
  );
}

/**
 * A signature from a short description, e.g. wine features as double columns and a float32
 * `[-1, 1]` tensor output: `buildSignature({ inputs: { columns: names }, outputs: { tensor: { shape: [null, 1] } } })`.
 * Throws INVALID_PARAMETER_VALUE on empty schemas, duplicate names, unknown types or bad shapes.
 */
export function buildSignature(description: { readonly inputs: SchemaDescription; readonly outputs: SchemaDescription }): ModelSignature {
  const inputs = fromDescription(description.inputs);
  const outputs = fromDescription(description.outputs);
  checkSchema(inputs, 'signature.inputs');
  checkSchema(outputs, 'signature.outputs');
  return { inputs, outputs, params: null };
}
