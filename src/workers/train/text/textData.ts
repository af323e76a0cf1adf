/**
 * Labelled text from a dataset reference to training-ready sparse rows: load (the built-in Brown
 * corpus asset, or an imported file parsed again from the store), split (the file's split column,
 * else a seeded stratified split), fit the Keras-style vocabulary on the training documents only,
 * and vectorise every document as a sparse bag-of-words row. Batches are made dense only when
 * TF.js needs them (`textBatches`), so a 10,000-document corpus with a 20,000-word vocabulary
 * never sits in memory as a dense matrix.
 */
import type * as tf from '@tensorflow/tfjs';
import brownCorpusUrl from 'virtual:brown-corpus';
import type { DatasetRow } from '../../../db/schema';
import type { TrackingClient } from '../../../db/trackingClient';
import { countLabels, parseTextDataset } from '../../../domain/datasets/textImport';
import type { TextDataset } from '../../../domain/datasets/dataset.types';
import { fromTextDatasetAsset } from '../../../domain/datasets/textAsset';
import { sha256Hex } from '../../../domain/ml/digest';
import { createRandom, shuffleInPlace } from '../../../domain/ml/random';
import { trainTestSplit, validationSplit } from '../../../domain/ml/split';
import { buildVocabulary, idfWeights, tokenize, vectorize, type SparseRow, type VectorizeMode, type Vocabulary } from '../../../domain/ml/vectorizer';

export const BROWN_DATASET_ID = 'builtin:brown';

export interface LoadedText {
  dataset: TextDataset;
  /** sha256 of the bytes the run trained on (the stored file, or the built-in asset). */
  digest: string;
}

/** The built-in corpus from its same-origin asset, or an imported text dataset from the store. */
export async function loadTextDataset(client: TrackingClient, datasetId: string, fetcher: typeof fetch = fetch): Promise<LoadedText> {
  if (datasetId === BROWN_DATASET_ID) return loadBuiltinText(fetcher);
  return parseStoredText(await client.getDataset(datasetId));
}

async function loadBuiltinText(fetcher: typeof fetch): Promise<LoadedText> {
  const response = await fetcher(brownCorpusUrl);
  if (!response.ok) throw new Error(`Could not load the built-in Brown corpus (${brownCorpusUrl}): the server answered ${response.status}.`);
  const bytes = new Uint8Array(await response.arrayBuffer());
  const dataset = fromTextDatasetAsset(JSON.parse(new TextDecoder().decode(bytes)), 'brown-corpus.json');
  return { dataset, digest: await sha256Hex(bytes) };
}

async function parseStoredText(row: DatasetRow): Promise<LoadedText> {
  if (row.kind !== 'text') {
    throw new Error(`Dataset "${row.name}" is a table; the text classifier needs labelled text (a text column and a label column).`);
  }
  const dataset = parseTextDataset(await row.blob.text(), {
    fileName: row.fileName,
    name: row.name,
    textColumn: row.textColumns?.text,
    labelColumn: row.textColumns?.label,
    splitColumn: row.textColumns?.split,
  });
  return { dataset, digest: row.sha256 };
}

/**
 * The text data a training worker keeps between its runs: the last dataset it loaded (parsed, with
 * its digest) and the last preparation of it. Re-runs and a search's trials train on the same
 * data, most with the same split and vocabulary (trials vary the model), so they skip the fetch,
 * parse, digest, tokenising and vectorising: ~0.4 s of every Brown corpus run. Both are pure
 * functions of their keys, so what is kept is what would be computed again; one of each is kept,
 * so a worker holds at most one corpus. A load that failed is not kept.
 */
export class TextDataMemo {
  private readonly fetcher: typeof fetch;
  private loaded: { key: string; value: Promise<LoadedText> } | null = null;
  private prepared: { dataset: TextDataset; key: string; value: PreparedText } | null = null;

  constructor(fetcher: typeof fetch = fetch) {
    this.fetcher = fetcher;
  }

  /**
   * Starts loading the built-in corpus for a run about to train on it, so the download overlaps the
   * backend's start; the run's `load` then waits for the same load. Other datasets load in `load`.
   */
  preload(datasetId: string): void {
    if (datasetId === BROWN_DATASET_ID) this.builtin().catch(() => undefined); // a failure is the run's to report, in `load`
  }

  /** As `loadTextDataset`, kept: an imported dataset is known again by its id, bytes and columns. */
  async load(client: TrackingClient, datasetId: string): Promise<LoadedText> {
    if (datasetId === BROWN_DATASET_ID) return this.builtin();
    const row = await client.getDataset(datasetId);
    const key = JSON.stringify([row.datasetId, row.sha256, row.kind, row.fileName, row.name, row.textColumns ?? null]);
    return this.keep(key, () => parseStoredText(row));
  }

  /** As `prepareText`, kept for the same dataset (the same loaded object) and the same options. */
  prepare(loaded: LoadedText, options: TextPrepOptions): PreparedText {
    const key = JSON.stringify([options.maxWords, options.mode, options.testFraction, options.validationSplit, options.seed]);
    if (this.prepared?.dataset !== loaded.dataset || this.prepared.key !== key) {
      this.prepared = null; // let the previous preparation go before building the next
      this.prepared = { dataset: loaded.dataset, key, value: prepareText(loaded.dataset, options) };
    }
    return this.prepared.value;
  }

  private builtin(): Promise<LoadedText> {
    return this.keep(`${BROWN_DATASET_ID} ${brownCorpusUrl}`, () => loadBuiltinText(this.fetcher));
  }

  private keep(key: string, load: () => Promise<LoadedText>): Promise<LoadedText> {
    if (this.loaded?.key === key) return this.loaded.value;
    this.prepared = null;
    const value = load();
    this.loaded = { key, value };
    value.catch(() => {
      if (this.loaded?.value === value) this.loaded = null;
    });
    return value;
  }
}

export interface TextPrepOptions {
  /** Keep the `maxWords` most frequent training words (the matrix is maxWords + 1 wide: column 0 is reserved). */
  maxWords: number;
  mode: VectorizeMode;
  testFraction: number;
  validationSplit: number;
  seed: number;
}

export interface RowSet {
  rows: SparseRow[];
  /** Label index per row. */
  y: Int32Array;
}

export interface PreparedText {
  /** Class names, sorted; a row's label index points here. */
  labels: string[];
  vocabulary: Vocabulary;
  /** Keras's idf weights (tf-idf mode only). */
  idf: number[] | null;
  /** Rows the model trains on (the training split minus the validation tail). */
  train: RowSet;
  /** The last `validationSplit` of the training split, as Keras's fit(validation_split) takes it. */
  validation: RowSet;
  test: RowSet;
  /** How train and test were chosen, for the run's params. */
  splitMethod: string;
}

/**
 * Splits, fits the vocabulary on the training split (validation tail included, as Keras builds the
 * matrix before fit(validation_split) cuts it) and vectorises. Deterministic for a seed.
 * `maxWords` follows the recipe's meaning (the N most frequent words); `buildVocabulary` follows
 * Keras's `num_words`, which counts the reserved column 0, hence maxWords + 1.
 */
export function prepareText(dataset: TextDataset, options: TextPrepOptions): PreparedText {
  const labels = [...countLabels(dataset.labels).keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const labelIndex = new Map(labels.map((label, i) => [label, i]));
  const y = Int32Array.from(dataset.labels, (label) => labelIndex.get(label) as number);
  const n = dataset.texts.length;

  let train: Uint32Array;
  let test: Uint32Array;
  let splitMethod: string;
  if (dataset.split) {
    const split = dataset.split;
    train = Uint32Array.from(indicesWhere(n, (i) => split[i] === 'train'));
    test = Uint32Array.from(indicesWhere(n, (i) => split[i] === 'test'));
    // The file's order may be sorted by label; Keras's validation tail should be a random sample.
    shuffleInPlace(train, createRandom(options.seed));
    splitMethod = 'split column';
  } else {
    try {
      ({ train, test } = trainTestSplit(n, { testFraction: options.testFraction, seed: options.seed, stratifyBy: y }));
      splitMethod = `stratified, test_fraction ${options.testFraction}`;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      ({ train, test } = trainTestSplit(n, { testFraction: options.testFraction, seed: options.seed }));
      splitMethod = `random, test_fraction ${options.testFraction} (not stratified: ${error.message})`;
    }
  }
  const cut = options.validationSplit > 0 ? validationSplit(train, options.validationSplit) : { train, validation: new Uint32Array(0) };

  const tokens = new Array<string[] | null>(n).fill(null);
  const tokensOf = (i: number): string[] => (tokens[i] ??= tokenize(dataset.texts[i] as string));
  const vocabulary = buildVocabulary(Array.from(train, tokensOf), { maxWords: options.maxWords + 1 });
  const idf = options.mode === 'tfidf' ? idfWeights(vocabulary) : null;
  const rowSet = (indices: Uint32Array): RowSet => ({
    rows: Array.from(indices, (i) => {
      const row = vectorize(tokensOf(i), vocabulary, options.mode, idf ?? undefined);
      tokens[i] = null; // every document is vectorised once; let its tokens go
      return row;
    }),
    y: Int32Array.from(indices, (i) => y[i] as number),
  });
  return {
    labels,
    vocabulary,
    idf,
    train: rowSet(cut.train),
    validation: rowSet(cut.validation),
    test: rowSet(test),
    splitMethod,
  };
}

function indicesWhere(n: number, keep: (i: number) => boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return out;
}

/** Rows `order[start..end)` as a dense Float32Array (rows × width). */
export function denseRows(rows: readonly SparseRow[], order: ArrayLike<number>, start: number, end: number, width: number): Float32Array {
  const out = new Float32Array((end - start) * width);
  for (let r = start; r < end; r++) {
    const { indices, values } = rows[order[r] as number] as SparseRow;
    const offset = (r - start) * width;
    for (let k = 0; k < indices.length; k++) out[offset + (indices[k] as number)] = values[k] as number;
  }
  return out;
}

/**
 * A tf.data dataset of { xs: dense [batch, width], ys: one-hot [batch, classes] } batches built on
 * the fly from sparse rows. With `shuffle`, every pass (epoch) visits the rows in a new order drawn
 * from Math.random, which the worker seeds per run, as fit(shuffle=true) does.
 */
export function textBatches(
  tfjs: typeof tf,
  set: RowSet,
  options: { width: number; classes: number; batchSize: number; shuffle: boolean },
): tf.data.Dataset<tf.TensorContainer> {
  const { width, classes, batchSize } = options;
  return tfjs.data.generator(function* () {
    const order = Uint32Array.from({ length: set.rows.length }, (_, i) => i);
    if (options.shuffle) shuffleInPlace(order, Math.random);
    for (let start = 0; start < order.length; start += batchSize) {
      const end = Math.min(order.length, start + batchSize);
      const onehot = new Float32Array((end - start) * classes);
      for (let r = start; r < end; r++) onehot[(r - start) * classes + (set.y[order[r] as number] as number)] = 1;
      yield {
        xs: tfjs.tensor2d(denseRows(set.rows, order, start, end, width), [end - start, width]),
        ys: tfjs.tensor2d(onehot, [end - start, classes]),
      };
    }
  });
}
