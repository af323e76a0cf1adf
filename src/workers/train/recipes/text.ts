/**
 * text_classifier: the Keras `reuters_mlp` example. A vocabulary of the max_words most frequent
 * training words, bag-of-words vectors (binary, count or tf-idf), Dense(hidden_units, relu) →
 * Dropout(dropout) → Dense(classes, softmax), Adam, categorical cross-entropy, validation on the
 * last validation_split of the training rows, then test metrics. Weights start as Keras's do
 * (glorot_uniform kernels, zero biases; TF.js's own Dense default would be glorot_normal).
 *
 * The Dense layers are `fastDense` (src/workers/train/text/fastDense.ts): the same layers computed with
 * the kernels that are fast on this backend; the saved model is a plain Dense model. The optimizer
 * is `fusedAdam` (src/workers/train/text/fusedAdam.ts): tf.train.adam's update in one kernel. Batches
 * are built from sparse rows on the fly and trained with fitDataset (autologged like fit). The
 * worker keeps the loaded and prepared corpus for its next run (TextDataMemo in textData.ts).
 */
import type * as tf from '@tensorflow/tfjs';
import type { VectorizeMode } from '../../../domain/ml/vectorizer';
import { MAX_PARAM_VALUE_LENGTH } from '../../../domain/tracking/validation';
import { fastDense } from '../text/fastDense';
import { fusedAdam } from '../text/fusedAdam';
import { denseRows, textBatches, TextDataMemo, type PreparedText, type RowSet } from '../text/textData';
import { logClassificationEvaluation } from './evaluate';
import { disposeModel, FIT_YIELD, trainingCallbacks } from './fitLoop';
import type { RecipeContext, RecipeRunner } from './runner.types';

type Tf = RecipeContext['tf'];

/** The reuters_mlp network for `width` inputs and `classes` outputs. */
export function reutersMlp(tfjs: Tf, options: { width: number; hidden: number; dropout: number; classes: number; learningRate: number }): tf.Sequential {
  const model = tfjs.sequential({
    layers: [
      fastDense(
        tfjs,
        { units: options.hidden, activation: 'relu', inputShape: [options.width], kernelInitializer: 'glorotUniform' },
        { inputIsData: true, sparseInputs: true },
      ),
      tfjs.layers.dropout({ rate: options.dropout }),
      fastDense(tfjs, { units: options.classes, activation: 'softmax', kernelInitializer: 'glorotUniform' }),
    ],
  });
  // tf.train.adam, bit for bit, with each variable's update fused into one kernel on wasm and cpu.
  model.compile({ optimizer: fusedAdam(tfjs, options.learningRate), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** This worker's text data, kept from one run to the next (TextDataMemo). */
const textData = new TextDataMemo();

/** Starts loading the run's corpus before the run starts (while the backend starts), when it is the built-in one. */
export function preloadText(params: RecipeContext['params']): void {
  textData.preload(String(params.dataset));
}

export const runText: RecipeRunner = async (context) => {
  const { tf: tfjs, params, client } = context;
  const loaded = await textData.load(client, String(params.dataset));
  const { dataset, digest } = loaded;
  const mode = String(params.mode) as VectorizeMode;
  const prepared = textData.prepare(loaded, {
    maxWords: Number(params.max_words),
    mode,
    testFraction: Number(params.test_fraction),
    validationSplit: Number(params.validation_split),
    seed: Number(params.seed),
  });
  await logTextInfo(context, { name: dataset.name, digest, prepared, mode, example: exampleText(dataset.texts) });

  const width = prepared.vocabulary.width;
  const classes = prepared.labels.length;
  const batchSize = Number(params.batch_size);
  const epochs = Number(params.epochs);
  const model = reutersMlp(tfjs, {
    width,
    hidden: Number(params.hidden_units),
    dropout: Number(params.dropout),
    classes,
    learningRate: Number(params.learning_rate),
  });
  try {
    const progress = trainingCallbacks(context, model, { epochs, batchSize, samples: prepared.train.rows.length });
    const batches = (set: RowSet, shuffle: boolean) => textBatches(tfjs, set, { width, classes, batchSize, shuffle });
    await model.fitDataset(batches(prepared.train, true), {
      epochs,
      ...(prepared.validation.rows.length > 0 ? { validationData: batches(prepared.validation, false) } : {}),
      verbose: 0,
      ...FIT_YIELD,
      callbacks: [progress.callback, throughputCallback(context)],
    });
    if (progress.stopped()) return { stopped: true };
    const probabilities = predictRows(tfjs, model, prepared.test, width, classes);
    await logClassificationEvaluation(context, { yTrue: prepared.test.y, probabilities, labels: prepared.labels, yTrain: prepared.train.y });
    return { stopped: false };
  } finally {
    disposeModel(model);
  }
};

/**
 * Logs training samples per second for each epoch (validation included), as `train_samples_per_s`:
 * the samples its batches trained on, so an epoch cut short by Stop counts only what it trained.
 */
function throughputCallback(context: RecipeContext): tf.CustomCallbackArgs {
  let started = 0;
  let samples = 0;
  return {
    onEpochBegin: async () => {
      started = performance.now();
      samples = 0;
    },
    onBatchBegin: async (_batch: number, logs?: tf.Logs) => {
      samples += Number(logs?.size ?? 0);
    },
    onEpochEnd: async (epoch: number) => {
      const seconds = (performance.now() - started) / 1000;
      if (seconds > 0 && samples > 0) context.client.logMetric('train_samples_per_s', samples / seconds, { step: epoch, runId: context.runId });
    },
  };
}

/** Most values in one dense batch of test rows (8 MB): 2,000 rows of the default 1,001 columns, 100 of the widest. */
const PREDICT_VALUES = 2_000_000;

/**
 * Class probabilities for every row of `set`, row-major: dense batches of up to `maxValues`
 * values, each predicted in one step (model.predict's own batches of 32 ran the graph, and the
 * sparse batch of fastDense, once per 32 rows: twice as slow on the Brown test set, same values).
 */
export function predictRows(tfjs: Tf, model: tf.LayersModel, set: RowSet, width: number, classes: number, maxValues = PREDICT_VALUES): Float32Array {
  const out = new Float32Array(set.rows.length * classes);
  const order = Uint32Array.from({ length: set.rows.length }, (_, i) => i);
  const batch = Math.max(1, Math.floor(maxValues / width));
  for (let start = 0; start < order.length; start += batch) {
    const end = Math.min(order.length, start + batch);
    const values = tfjs.tidy(() => {
      const x = tfjs.tensor2d(denseRows(set.rows, order, start, end, width), [end - start, width]);
      return (model.predict(x, { batchSize: end - start }) as tf.Tensor).dataSync();
    });
    out.set(values, start * classes);
  }
  return out;
}

/** A list as a param value, cut (with a note) to the param length limit. */
function listParam(values: readonly string[]): string {
  const full = JSON.stringify(values);
  if (full.length <= MAX_PARAM_VALUE_LENGTH) return full;
  const kept: string[] = [];
  for (const value of values) {
    const next = JSON.stringify([...kept, value, `… ${values.length} in all`]);
    if (next.length > MAX_PARAM_VALUE_LENGTH) break;
    kept.push(value);
  }
  return JSON.stringify([...kept, `… ${values.length} in all`]);
}

/** The input example the playground prefills: the first non-empty document, cut to 1,000 characters. */
export function exampleText(texts: readonly string[]): string[] {
  const text = texts.find((t) => t.trim() !== '');
  return text === undefined ? [] : [text.length > 1000 ? text.slice(0, 1000) : text];
}

async function logTextInfo(
  context: RecipeContext,
  info: { name: string; digest: string; prepared: PreparedText; mode: VectorizeMode; example: string[] },
): Promise<void> {
  const { client, runId } = context;
  const { prepared } = info;
  const { vocabulary } = prepared;
  const counts = (set: RowSet) => prepared.labels.map((_, k) => set.y.reduce((n, y) => n + (y === k ? 1 : 0), 0));
  const validationCounts = counts(prepared.validation);
  // Separate writes, queued together: IndexedDB runs them in turn without waiting for this thread.
  await Promise.all([
    client.logParams(
      {
        dataset_name: info.name,
        dataset_digest: info.digest,
        train_size: prepared.train.rows.length + prepared.validation.rows.length,
        validation_size: prepared.validation.rows.length,
        test_size: prepared.test.rows.length,
        split_method: prepared.splitMethod,
        num_classes: prepared.labels.length,
        labels: listParam(prepared.labels),
        vocabulary_size: vocabulary.words.length,
        input_width: vocabulary.width,
      },
      { runId },
    ),
    client.logDict(
      {
        labels: prepared.labels,
        train_counts: counts(prepared.train).map((n, k) => n + (validationCounts[k] ?? 0)),
        test_counts: counts(prepared.test),
      },
      'labels.json',
      { runId },
    ),
    client.logDict(
      {
        description:
          'Keras Tokenizer conventions: lower-cased words (runs of letters and digits), column 0 reserved, ' +
          'column i + 1 = words[i], words ranked by count over the training documents.',
        mode: info.mode,
        width: vocabulary.width,
        document_count: vocabulary.documentCount,
        words: vocabulary.words,
        doc_freq: vocabulary.docFreq,
        ...(prepared.idf ? { idf: prepared.idf } : {}),
        // What the playground's text box starts with (autolog records no input example for fitDataset).
        input_example: info.example,
      },
      'vocabulary.json',
      { runId },
    ),
  ]);
}
