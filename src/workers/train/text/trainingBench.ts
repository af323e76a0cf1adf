/**
 * Training-speed measurements that `npm run bench` asks a training worker for (the `bench`
 * message): the Keras Reuters MLP shape on synthetic data, one step of the speed-up at a time, and
 * autolog's overhead. Synthetic data as in ../shared/BRIEF.md: 8,982 documents, a 1,000-column
 * binary bag of words (column 0 reserved) with ~60 active words each (Zipf-like word frequencies),
 * 46 classes; Dense 512 (relu) → Dropout 0.5 → Dense 46 (softmax), Adam, batch 32.
 *
 * Variants (each adds one change to the one before):
 * - `keras-fit`: tf.layers.dense, model.fit on the whole dense matrix, fit's defaults
 *   (it gathers each batch and yields to an animation frame every 125 ms);
 * - `keras-fit-noyield`: the same with yieldEvery 'never' (a worker draws nothing);
 * - `keras-batches`: dense batches built from sparse rows, fitDataset (no dense matrix, no gather);
 * - `fast-dense`: fastDense layers, dense kernels (transposed-operand matMuls, no input gradient);
 * - `fast-sparse`: fastDense with sparse kernels on wasm/cpu;
 * - `fast-sparse-fused-adam`: and Adam's update fused into one kernel per variable (what the
 *   text_classifier recipe runs).
 */
import type * as tf from '@tensorflow/tfjs';
import { createRandom } from '../../../domain/ml/random';
import type { SparseRow } from '../../../domain/ml/vectorizer';
import { fastDense, fastDensePath, type DenseArgs } from './fastDense';
import { fusedAdam } from './fusedAdam';
import { textBatches, type RowSet } from './textData';

type Tf = typeof tf;

export type ReutersVariant = 'keras-fit' | 'keras-fit-noyield' | 'keras-batches' | 'fast-dense' | 'fast-sparse' | 'fast-sparse-fused-adam';

export interface ReutersShape {
  docs: number;
  width: number;
  activeWords: number;
  hidden: number;
  classes: number;
  batchSize: number;
}

export const REUTERS_SHAPE: ReutersShape = { docs: 8982, width: 1000, activeWords: 60, hidden: 512, classes: 46, batchSize: 32 };

export type TrainingBenchRequest =
  | { kind: 'reuters'; variant: ReutersVariant; shape?: Partial<ReutersShape>; budgetSeconds?: number }
  | { kind: 'autolog-overhead'; epochs?: number; rounds?: number; shape?: Partial<ReutersShape> };

export interface ReutersBenchResult {
  kind: 'reuters';
  variant: ReutersVariant;
  backend: string;
  samplesPerS: number;
  samples: number;
  seconds: number;
  /** Which kernels the first layer used on a training batch (fast variants). */
  firstLayerPath: string;
}

export interface AutologBenchResult {
  kind: 'autolog-overhead';
  backend: string;
  epochs: number;
  /** Seconds of each fit, alternating without / with autolog. */
  withoutSeconds: number[];
  withSeconds: number[];
  /** (mean with − mean without) / mean without, in %: noisy, a few % either way on a busy machine. */
  overheadPercent: number;
  /** The part that is autolog's own work, measured directly: extra ms before and after training, in % of the fit. */
  fixedCostPercent: number;
  /** With autolog: ms from calling fit to training's start (run start, params) and from training's end to fit's return (summary, model, run end). */
  beforeTrainingMs: number[];
  afterTrainingMs: number[];
}

export type TrainingBenchResult = ReutersBenchResult | AutologBenchResult;

/** Deterministic synthetic documents: `activeWords` distinct Zipf-ish word columns each (1..width−1). */
export function syntheticReuters(shape: ReutersShape, seed = 1): RowSet {
  const random = createRandom(seed);
  const rows: SparseRow[] = [];
  const y = new Int32Array(shape.docs);
  const seen = new Uint8Array(shape.width);
  for (let d = 0; d < shape.docs; d++) {
    y[d] = Math.floor(random() * shape.classes);
    const words: number[] = [];
    const wanted = Math.min(shape.activeWords, shape.width - 1);
    while (words.length < wanted) {
      const column = 1 + Math.floor(random() ** 2 * (shape.width - 1));
      if (seen[column]) continue;
      seen[column] = 1;
      words.push(column);
    }
    for (const column of words) seen[column] = 0;
    words.sort((a, b) => a - b);
    rows.push({ indices: Uint32Array.from(words), values: new Float32Array(words.length).fill(1) });
  }
  return { rows, y };
}

function buildModel(tfjs: Tf, variant: ReutersVariant, shape: ReutersShape): tf.Sequential {
  const first: DenseArgs = { units: shape.hidden, activation: 'relu', inputShape: [shape.width], kernelInitializer: 'glorotUniform' };
  const last: DenseArgs = { units: shape.classes, activation: 'softmax', kernelInitializer: 'glorotUniform' };
  const fast = variant.startsWith('fast-');
  const model = tfjs.sequential({
    layers: [
      fast ? fastDense(tfjs, first, { inputIsData: true, sparseInputs: variant !== 'fast-dense' }) : tfjs.layers.dense(first),
      tfjs.layers.dropout({ rate: 0.5 }),
      fast ? fastDense(tfjs, last) : tfjs.layers.dense(last),
    ],
  });
  const optimizer = variant === 'fast-sparse-fused-adam' ? fusedAdam(tfjs, 0.001) : tfjs.train.adam(0.001);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

function subset(set: RowSet, n: number): RowSet {
  return { rows: set.rows.slice(0, n), y: set.y.slice(0, n) };
}

/** One epoch over `set` with the variant's data path; resolves with its seconds. */
async function epochSeconds(tfjs: Tf, model: tf.Sequential, variant: ReutersVariant, set: RowSet, shape: ReutersShape): Promise<number> {
  let started = 0;
  let seconds = 0;
  const timer: tf.CustomCallbackArgs = {
    onEpochBegin: async () => {
      started = performance.now();
    },
    onEpochEnd: async () => {
      seconds = (performance.now() - started) / 1000;
    },
  };
  if (variant === 'keras-fit' || variant === 'keras-fit-noyield') {
    const n = set.rows.length;
    const [x, y] = tfjs.tidy(() => {
      const dense = new Float32Array(n * shape.width);
      set.rows.forEach((row, r) => row.indices.forEach((c) => (dense[r * shape.width + c] = 1)));
      return [tfjs.tensor2d(dense, [n, shape.width]), tfjs.oneHot(tfjs.tensor1d(set.y, 'int32'), shape.classes).asType('float32')];
    });
    try {
      await model.fit(x, y, {
        epochs: 1,
        batchSize: shape.batchSize,
        shuffle: true,
        verbose: 0,
        callbacks: [timer],
        ...(variant === 'keras-fit-noyield' ? { yieldEvery: 'never' as const } : {}),
      });
    } finally {
      tfjs.dispose([x, y]);
    }
  } else {
    const batches = textBatches(tfjs, set, { width: shape.width, classes: shape.classes, batchSize: shape.batchSize, shuffle: true });
    await model.fitDataset(batches, { epochs: 1, verbose: 0, yieldEvery: 'never', callbacks: [timer] });
  }
  return seconds;
}

/** Samples/s of one training epoch for a variant on the current backend, within about `budgetSeconds`. */
export async function benchReuters(
  tfjs: Tf,
  variant: ReutersVariant,
  options: { shape?: Partial<ReutersShape>; budgetSeconds?: number } = {},
): Promise<ReutersBenchResult> {
  const shape = { ...REUTERS_SHAPE, ...options.shape };
  const data = syntheticReuters(shape);
  const model = buildModel(tfjs, variant, shape);
  try {
    // Warm-up (kernel compilation, JIT), then size the timed epoch to the budget.
    const warm = shape.batchSize * 3;
    await epochSeconds(tfjs, model, variant, subset(data, warm), shape);
    const probe = shape.batchSize * 8;
    const probeSeconds = await epochSeconds(tfjs, model, variant, subset(data, probe), shape);
    const affordable = Math.floor(((options.budgetSeconds ?? 15) * probe) / Math.max(probeSeconds, 1e-3) / shape.batchSize) * shape.batchSize;
    const samples = Math.max(shape.batchSize * 10, Math.min(shape.docs, affordable));
    const seconds = await epochSeconds(tfjs, model, variant, subset(data, samples), shape);
    const first = model.layers[0] as tf.layers.Layer;
    const probeBatch = tfjs.tidy(() => {
      const dense = new Float32Array(shape.batchSize * shape.width);
      data.rows.slice(0, shape.batchSize).forEach((row, r) => row.indices.forEach((c) => (dense[r * shape.width + c] = 1)));
      return tfjs.tensor2d(dense, [shape.batchSize, shape.width]);
    });
    const firstLayerPath = fastDensePath(tfjs, first, probeBatch);
    probeBatch.dispose();
    return { kind: 'reuters', variant, backend: tfjs.getBackend(), samplesPerS: samples / seconds, samples, seconds, firstLayerPath };
  } finally {
    model.optimizer.dispose();
    model.dispose();
  }
}

/**
 * The same fit (the recipe's fast model, fitDataset, validation data) without (A) and with (B)
 * autolog, in ABBA order so that a drift in speed (JIT warm-up, other load) cancels out.
 * `setAutolog(on)` turns the worker's autolog on/off. With autolog, there is no active run, so
 * autolog starts one, logs params, per-epoch metrics, the summary and the model, and ends it.
 */
export async function benchAutologOverhead(
  tfjs: Tf,
  setAutolog: (on: boolean) => void,
  options: { epochs?: number; rounds?: number; shape?: Partial<ReutersShape> } = {},
): Promise<AutologBenchResult> {
  const shape = { ...REUTERS_SHAPE, ...options.shape };
  const epochs = options.epochs ?? 3;
  const data = syntheticReuters(shape);
  const cut = Math.floor(shape.docs * 0.9);
  const train = { rows: data.rows.slice(0, cut), y: data.y.slice(0, cut) };
  const validation = { rows: data.rows.slice(cut), y: data.y.slice(cut) };
  const fitOnce = async (autologOn: boolean): Promise<{ seconds: number; beforeTrainingMs: number; afterTrainingMs: number }> => {
    setAutolog(autologOn);
    const model = buildModel(tfjs, 'fast-sparse-fused-adam', shape);
    try {
      const batches = (set: RowSet, shuffle: boolean) =>
        textBatches(tfjs, set, { width: shape.width, classes: shape.classes, batchSize: shape.batchSize, shuffle });
      let trainBegin = 0;
      let trainEnd = 0;
      const started = performance.now();
      await model.fitDataset(batches(train, true), {
        epochs,
        validationData: batches(validation, false),
        verbose: 0,
        yieldEvery: 'never',
        callbacks: {
          onTrainBegin: async () => void (trainBegin = performance.now()),
          onTrainEnd: async () => void (trainEnd = performance.now()),
        },
      });
      const ended = performance.now();
      return { seconds: (ended - started) / 1000, beforeTrainingMs: trainBegin - started, afterTrainingMs: ended - trainEnd };
    } finally {
      model.optimizer.dispose();
      model.dispose();
    }
  };
  const runs: Array<{ on: boolean; seconds: number; beforeTrainingMs: number; afterTrainingMs: number }> = [];
  try {
    await fitOnce(false); // warm-up
    for (let round = 0; round < (options.rounds ?? 2); round++) {
      for (const on of [false, true, true, false]) runs.push({ on, ...(await fitOnce(on)) });
    }
  } finally {
    setAutolog(true);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const pick = (on: boolean) => runs.filter((r) => r.on === on);
  const [without, withAutolog] = [pick(false), pick(true)];
  const edgeMs = (rs: typeof runs) => mean(rs.map((r) => r.beforeTrainingMs + r.afterTrainingMs));
  const withoutMean = mean(without.map((r) => r.seconds));
  return {
    kind: 'autolog-overhead',
    backend: tfjs.getBackend(),
    epochs,
    withoutSeconds: without.map((r) => r.seconds),
    withSeconds: withAutolog.map((r) => r.seconds),
    overheadPercent: ((mean(withAutolog.map((r) => r.seconds)) - withoutMean) / withoutMean) * 100,
    fixedCostPercent: ((edgeMs(withAutolog) - edgeMs(without)) / (withoutMean * 1000)) * 100,
    beforeTrainingMs: withAutolog.map((r) => r.beforeTrainingMs),
    afterTrainingMs: withAutolog.map((r) => r.afterTrainingMs),
  };
}
