/**
 * From a TabularDataset to training tensors: a seeded (stratified, for classification) train/test
 * split, features standardised with training-split statistics only, and everything a run records
 * about its data (name, digest, split sizes, preprocessing statistics).
 */
import { rowCount, type TabularDataset } from '../../../domain/datasets/dataset.types';
import { sha256Hex } from '../../../domain/ml/digest';
import { applyLog1p, fitLog1p } from '../../../domain/ml/logTransform';
import { applyStandardizer, fitStandardizer, type StandardizerStats } from '../../../domain/ml/normalize';
import { trainTestSplit } from '../../../domain/ml/split';
import type { RecipeContext } from './runner.types';

export interface PreparedTable {
  features: string[];
  xTrain: Float32Array;
  xTest: Float32Array;
  yTrain: Float64Array;
  yTest: Float64Array;
  trainRows: number;
  testRows: number;
  stats: StandardizerStats;
  /** Features replaced by ln(1 + max(x, 0)) before standardising (empty unless `log1p` was asked). */
  log1pFeatures: string[];
  /** Mean and population std of the training targets (std 1 when they are all equal). */
  target: { mean: number; std: number };
  /** Each feature's smallest and largest raw value (before any transform) over the training rows. */
  ranges: { min: number[]; max: number[] };
  /**
   * The levels of each categorical (text) feature, in code order: the feature's value is the index
   * of its level here, and is then transformed like any number. Numeric features have no entry.
   */
  featureLevels: Record<string, string[]>;
}

/** The levels of the features that are categorical in the dataset, in code order. */
export function featureLevels(dataset: TabularDataset, features: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(features.flatMap((name) => {
    const levels = dataset.categorical?.[name];
    return levels === undefined ? [] : [[name, [...levels]]];
  }));
}

/** The smallest and largest value of each column at `rows` (NaN is skipped; ±Infinity when no value). */
export function featureRanges(columns: readonly ArrayLike<number>[], rows: ArrayLike<number>): { min: number[]; max: number[] } {
  const min = columns.map(() => Number.POSITIVE_INFINITY);
  const max = columns.map(() => Number.NEGATIVE_INFINITY);
  columns.forEach((column, c) => {
    for (let i = 0; i < rows.length; i++) {
      const value = column[rows[i] as number] as number;
      if (value < (min[c] as number)) min[c] = value;
      if (value > (max[c] as number)) max[c] = value;
    }
  });
  return { min, max };
}

/** Mean and population standard deviation; a constant column gets std 1 so dividing by it is safe. */
export function targetStats(values: ArrayLike<number>): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = values.length > 0 ? sum / values.length : 0;
  let squares = 0;
  for (let i = 0; i < values.length; i++) squares += ((values[i] as number) - mean) ** 2;
  const std = values.length > 0 ? Math.sqrt(squares / values.length) : 0;
  return { mean, std: std > 0 && Number.isFinite(std) ? std : 1 };
}

function pick(column: Float64Array, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i] as number] as number;
  return out;
}

export function prepareTable(options: {
  dataset: TabularDataset;
  target: string;
  testFraction: number;
  seed: number;
  stratify: boolean;
  /** Log-transform every feature whose training values are all ≥ 0 before standardising. */
  log1p?: boolean;
}): PreparedTable {
  const { dataset, target } = options;
  const targetIndex = dataset.columns.indexOf(target);
  const targetColumn = dataset.data[targetIndex];
  if (!targetColumn) throw new Error(`${dataset.name}: there is no column "${target}" to predict.`);
  const features = dataset.columns.filter((c) => c !== target);
  const rawColumns = dataset.columns.flatMap((c, i) => (c === target ? [] : [dataset.data[i] as Float64Array]));
  const split = trainTestSplit(rowCount(dataset), {
    testFraction: options.testFraction,
    seed: options.seed,
    ...(options.stratify ? { stratifyBy: targetColumn } : {}),
  });
  const logged = options.log1p ? fitLog1p(rawColumns, split.train) : rawColumns.map(() => false);
  const featureColumns = applyLog1p(rawColumns, logged);
  const stats = fitStandardizer(featureColumns, split.train);
  const yTrain = pick(targetColumn, split.train);
  return {
    features,
    xTrain: applyStandardizer(featureColumns, stats, split.train),
    xTest: applyStandardizer(featureColumns, stats, split.test),
    yTrain,
    yTest: pick(targetColumn, split.test),
    trainRows: split.train.length,
    testRows: split.test.length,
    stats,
    log1pFeatures: features.filter((_, c) => logged[c]),
    target: targetStats(yTrain),
    ranges: featureRanges(rawColumns, split.train),
    featureLevels: featureLevels(dataset, features),
  };
}

/** A stable digest of a table's content: sha256 over the column names and the float64 bytes. */
export async function tableDigest(dataset: TabularDataset): Promise<string> {
  const header = new TextEncoder().encode(JSON.stringify(dataset.columns));
  const total = header.length + dataset.data.reduce((n, c) => n + c.byteLength, 0);
  const bytes = new Uint8Array(total);
  bytes.set(header, 0);
  let offset = header.length;
  for (const column of dataset.data) {
    bytes.set(new Uint8Array(column.buffer, column.byteOffset, column.byteLength), offset);
    offset += column.byteLength;
  }
  return sha256Hex(bytes);
}

/**
 * Dataset name, digest and split sizes as params; as the artifact preprocessing.json, everything a
 * prediction needs to prepare a raw row the way training did (log transform, standardisation), the
 * raw training range of each feature (the playground shows it), the levels of each text feature
 * (`feature_levels`; a text value is replaced by the index of its level before anything else) and a
 * classifier's class labels (output column k is labels[k]).
 */
export async function logTableInfo(
  context: RecipeContext,
  info: { name: string; digest: string; prepared: PreparedTable; targetScaling?: boolean; labels?: readonly string[] },
): Promise<void> {
  const { client, runId } = context;
  await client.logParams(
    {
      dataset_name: info.name,
      dataset_digest: info.digest,
      train_size: info.prepared.trainRows,
      test_size: info.prepared.testRows,
    },
    { runId },
  );
  await client.logDict(
    {
      ...(info.prepared.log1pFeatures.length > 0
        ? {
            log_transform: 'x → ln(1 + max(x, 0)) for the log1p_features, before standardization (chosen because all their training values are ≥ 0)',
            log1p_features: info.prepared.log1pFeatures,
          }
        : {}),
      standardization: 'z-score fitted on the training split only',
      features: info.prepared.features,
      mean: info.prepared.stats.mean,
      std: info.prepared.stats.std,
      feature_ranges: 'the smallest and largest raw value of each feature in the training split',
      feature_min: info.prepared.ranges.min,
      feature_max: info.prepared.ranges.max,
      ...(Object.keys(info.prepared.featureLevels).length > 0
        ? {
            categorical_encoding:
              'a text feature is replaced by the index of its value in feature_levels[feature] (0 for the first level), then transformed like the numeric features',
            feature_levels: info.prepared.featureLevels,
          }
        : {}),
      ...(info.labels ? { labels: [...info.labels] } : {}),
      ...(info.targetScaling
        ? {
            target_scaling:
              "the network predicts (y − mean) / std; its last layer (Rescaling) maps that back to the target's units",
            target_mean: info.prepared.target.mean,
            target_std: info.prepared.target.std,
          }
        : {}),
    },
    'preprocessing.json',
    { runId },
  );
}
