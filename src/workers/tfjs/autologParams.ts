/**
 * What autolog records about a fit, as MLflow's Keras autolog names it: fit arguments as params,
 * the optimizer as opt_* params, early-stopping settings. Pure functions over plain values, so they
 * are tested without TF.js.
 */
import type { ParamValue } from '../../domain/tracking/types';

/** camelCase → snake_case the way Keras names these (learningRate → learning_rate, beta1 → beta_1). */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .replace(/([a-zA-Z])(\d)/g, '$1_$2')
    .toLowerCase();
}

/** A param value MLflow can store: scalars as they are, anything else as JSON. */
export function toParamValue(value: unknown): ParamValue {
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** The fit arguments MLflow logs, under Keras's names; unset ones as Keras's defaults. */
export function fitParams(args: {
  epochs?: number;
  batchSize?: number;
  validationSplit?: number;
  shuffle?: boolean | string;
  initialEpoch?: number;
  classWeight?: unknown;
  stepsPerEpoch?: number;
  validationSteps?: number;
  validationBatchSize?: number;
  yieldEvery?: unknown;
  hasValidationData?: boolean;
}): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = {
    epochs: args.epochs ?? 1,
    initial_epoch: args.initialEpoch ?? 0,
  };
  if (args.batchSize !== undefined) params.batch_size = args.batchSize;
  if (args.validationSplit !== undefined) params.validation_split = args.validationSplit;
  if (args.shuffle !== undefined) params.shuffle = toParamValue(args.shuffle);
  if (args.classWeight !== undefined) params.class_weight = toParamValue(args.classWeight);
  if (args.stepsPerEpoch !== undefined) params.steps_per_epoch = args.stepsPerEpoch;
  if (args.validationSteps !== undefined) params.validation_steps = args.validationSteps;
  if (args.validationBatchSize !== undefined) params.validation_batch_size = args.validationBatchSize;
  if (args.hasValidationData !== undefined) params.validation_data = args.hasValidationData ? 'given' : 'None';
  return params;
}

/** `opt_name` plus every optimizer config entry as `opt_<snake_case>`. */
export function optimizerParams(name: string, config: Record<string, unknown>): Record<string, ParamValue> {
  const params: Record<string, ParamValue> = { opt_name: name };
  for (const [key, value] of Object.entries(config)) params[`opt_${snakeCase(key)}`] = toParamValue(value);
  return params;
}

/** Early-stopping settings under Keras's names. */
export function earlyStoppingParams(callback: {
  monitor?: unknown;
  minDelta?: unknown;
  patience?: unknown;
  mode?: unknown;
  baseline?: unknown;
}): Record<string, ParamValue> {
  return {
    monitor: toParamValue(callback.monitor),
    min_delta: toParamValue(callback.minDelta),
    patience: toParamValue(callback.patience),
    mode: toParamValue(callback.mode),
    baseline: toParamValue(callback.baseline),
  };
}

/** The numeric entries of an epoch's logs; TF.js may hand over tensors or undefined for some keys. */
export function numericLogs(logs: Record<string, unknown> | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(logs ?? {})) if (typeof value === 'number') out[key] = value;
  return out;
}
